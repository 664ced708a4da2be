/* SPDX-License-Identifier: MIT */
/*
 * x86-64 guest context, as VCPUOP_initialise takes it for a vCPU of a
 * 64-bit PV-ABI (original PVH) guest.
 */
#ifndef XEN_PUBLIC_ARCH_X86_XEN_X86_64_H
#define XEN_PUBLIC_ARCH_X86_XEN_X86_64_H

#include <stdint.h>

struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t saved_upcall_mask;
    uint8_t _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3];
    uint16_t gs, _pad6[3];
};

struct trap_info {
    uint8_t vector;
    uint8_t flags;
    uint16_t cs;
    uint32_t _pad;
    uint64_t address;
};

struct vcpu_guest_context {
    struct { char x[512]; } fpu_ctxt;
    uint64_t flags;
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256];
    uint64_t ldt_base, ldt_ents;
    uint64_t gdt_frames[16], gdt_ents;
    uint64_t kernel_ss, kernel_sp;
    uint64_t ctrlreg[8];
    uint64_t debugreg[8];
    uint64_t event_callback_eip;
    uint64_t failsafe_callback_eip;
    uint64_t syscall_callback_eip;
    uint64_t vm_assist;
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};

#define VGCF_I387_VALID     (1 << 0)
#define VGCF_in_kernel      (1 << 2)
#define VGCF_online         (1 << 5)

#endif /* XEN_PUBLIC_ARCH_X86_XEN_X86_64_H */
