/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-vCPU HVM state.  The general registers live in guest_regs, saved by
 * the vendor's exit stub and reloaded by its entry stub; everything else
 * the hardware keeps (RIP, RSP, RFLAGS, segments, control registers) lives
 * in the vendor's control block and is reached through hvm_funcs.
 */
#ifndef ASM_X86_HVM_VCPU_H
#define ASM_X86_HVM_VCPU_H

#include <xen/types.h>
#include <asm/hvm/vlapic.h>
#include <asm/hvm/svm.h>
#include <asm/hvm/vmx.h>

struct guest_regs {
    u64 rax, rbx, rcx, rdx, rsi, rdi, rbp;
    u64 r8, r9, r10, r11, r12, r13, r14, r15;
};

/* An event to inject at the next VM entry (vendor-neutral form). */
struct hvm_event {
    bool pending;
    u8 vector;
    u8 type;                /* HVM_EVENT_* */
    bool has_error_code;
    u32 error_code;
    u8 insn_len;            /* for software interrupts/exceptions */
    u64 cr2;                /* for #PF */
};
#define HVM_EVENT_EXT_INTR  0
#define HVM_EVENT_NMI       2
#define HVM_EVENT_HW_EXC    3
#define HVM_EVENT_SW_INTR   4
#define HVM_EVENT_SW_EXC    6

struct hvm_vcpu {
    struct guest_regs regs;         /* must stay first: the stubs use it */
    struct hvm_event pending_event;
    u64 guest_efer;
    u64 hypercall_page_gfn;
    /* Syscall MSRs the guest owns while it runs (passed through). */
    u64 msr_star, msr_lstar, msr_cstar, msr_syscall_mask;
    u64 msr_shadow_gs_base;
    u64 guest_cr2;          /* VMX: CR2 is not in the VMCS, kept here */
    void *xsave_area;       /* FPU/SSE/XSAVE state while descheduled */
    u64 xcr0;               /* the guest's XCR0 */
    struct vlapic vlapic;
    union {
        struct vmx_vcpu vmx;
        struct svm_vcpu svm;
    } u;
};

#endif /* ASM_X86_HVM_VCPU_H */
