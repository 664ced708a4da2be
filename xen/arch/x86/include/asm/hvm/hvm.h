/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vendor-neutral face of hardware virtualisation.  Exactly one vendor
 * backend (VMX or SVM) fills in the function table at boot; common code
 * calls only through it and never names a vendor.  A VM exit reaches
 * common code as a struct hvm_exit, already decoded from the vendor's
 * format.
 */
#ifndef ASM_X86_HVM_HVM_H
#define ASM_X86_HVM_HVM_H

#include <xen/types.h>
#include <asm/hvm/hypercall_page.h>
#include <asm/hvm/vcpu.h>
#include <asm/p2m.h>

struct vcpu;
struct domain;

enum hvm_exit_reason {
    HVM_EXIT_UNKNOWN = 0,       /* no neutral meaning: crash the domain */
    HVM_EXIT_EXT_INTR,          /* a host interrupt arrived */
    HVM_EXIT_INTR_WINDOW,       /* the guest can now take an interrupt */
    HVM_EXIT_TRIPLE_FAULT,
    HVM_EXIT_EXCEPTION,         /* an intercepted guest exception */
    HVM_EXIT_CPUID,
    HVM_EXIT_HLT,
    HVM_EXIT_HYPERCALL,         /* vmcall / vmmcall */
    HVM_EXIT_IO,
    HVM_EXIT_MSR_READ,
    HVM_EXIT_MSR_WRITE,
    HVM_EXIT_NPF,               /* EPT violation / NPT fault */
    HVM_EXIT_NPT_MISCONFIG,
    HVM_EXIT_PREEMPT_TIMER,
    HVM_EXIT_CR_ACCESS,
    HVM_EXIT_XSETBV,
    HVM_EXIT_PAUSE,
    HVM_EXIT_WBINVD,
    HVM_EXIT_VIRT_INSN,         /* a VMX/SVM instruction: #UD for PVH */
    HVM_EXIT_INVALID_STATE,     /* VM entry refused the guest state */
    HVM_EXIT_INIT,
    HVM_EXIT_SIPI,
    HVM_EXIT_NR
};

struct hvm_exit {
    enum hvm_exit_reason reason;
    u32 vendor_reason;          /* raw code, for dumps and counters */
    u32 insn_len;               /* of the exiting instruction, 0 if n/a */
    u64 qualification;          /* raw, vendor format (for dumps) */
    union {
        struct {
            u16 port;
            u8 bytes;
            bool in, string, rep;
        } io;
        struct {
            u64 gpa;
            u64 gla;
            bool gla_valid;
            bool read, write, fetch;
        } npf;
        struct {
            u8 vector;
            bool has_error_code;
            u32 error_code;
        } exc;
        struct {
            u8 cr;
            bool write;
            u8 gpr;                 /* index in struct guest_regs order */
        } cr;
    } u;
};

enum hvm_reg {
    HVM_REG_RIP, HVM_REG_RSP, HVM_REG_RFLAGS,
    HVM_REG_CR0, HVM_REG_CR2, HVM_REG_CR3, HVM_REG_CR4, HVM_REG_EFER,
    HVM_REG_FS_BASE, HVM_REG_GS_BASE, HVM_REG_SHADOW_GS_BASE,
    HVM_REG_SYSENTER_CS, HVM_REG_SYSENTER_ESP, HVM_REG_SYSENTER_EIP,
    HVM_REG_PAT,
};

/* The state a vCPU starts in, for the two PVH entry ABIs. */
enum hvm_start_mode {
    HVM_START_PROT32,           /* flat 32-bit protected mode, paging off */
    HVM_START_LONG64,           /* 64-bit long mode, paging on */
    HVM_START_REAL16,           /* real mode at a SIPI vector (rip = 0) */
};

struct hvm_initial_state {
    enum hvm_start_mode mode;
    u64 rip, rsp, rflags;
    u64 rax, rbx, rcx, rdx, rsi, rdi, rbp;
    u64 cr3;                    /* LONG64 only */
    u16 cs_sel;                 /* REAL16 only: CS = vector << 8 */
    u64 fs_base, gs_base, shadow_gs_base;
};

#define HVM_HAP_SUPERPAGE_2MB   (1U << 0)
#define HVM_HAP_SUPERPAGE_1GB   (1U << 1)

struct vcpu_hvm_x86_64;

struct hvm_function_table {
    const char *name;
    /* Leaf sizes the nested page tables may use (HVM_HAP_SUPERPAGE_*). */
    unsigned int hap_capabilities;
    /* The table format the CPU walks for nested paging. */
    enum p2m_format p2m_format;
    /* The instruction that makes a hypercall (and fills the page). */
    enum hvm_hypercall_insn hypercall_insn;

    /* Brings virtualisation up on the calling CPU. 0 or -errno. */
    int (*cpu_up)(void);

    int (*vcpu_initialise)(struct vcpu *v);
    void (*vcpu_destroy)(struct vcpu *v);
    /* Sets the register state of v (which need not be current). */
    void (*set_initial_state)(struct vcpu *v,
                              const struct hvm_initial_state *s);

    /*
     * Reads the register state of v, which must not be running, into a
     * 64-bit HVM vCPU context (XEN_DOMCTL_getvcpucontext).
     */
    void (*get_vcpu_context)(struct vcpu *v, struct vcpu_hvm_x86_64 *c);

    /* Scheduler hooks: leaving and (re)entering a pCPU. */
    void (*ctxt_switch_from)(struct vcpu *v);
    void (*ctxt_switch_to)(struct vcpu *v);
    /* Enters the guest on a fresh stack; never returns. */
    void __attribute__((__noreturn__)) (*do_resume)(void);

    unsigned long (*get_reg)(struct vcpu *v, enum hvm_reg r);
    void (*set_reg)(struct vcpu *v, enum hvm_reg r, unsigned long val);
    /* CPL of the guest, from its segment state. */
    unsigned int (*get_cpl)(struct vcpu *v);
    /* 8 in 64-bit code, 4 in 32-bit, 2 in 16-bit, 0 in real mode. */
    unsigned int (*guest_mode)(struct vcpu *v);
    /* Whether an external interrupt could be delivered now. */
    bool (*interrupts_enabled)(struct vcpu *v);
    void (*set_interrupt_window)(struct vcpu *v, bool on);

    void (*dump_guest_state)(struct vcpu *v);
    void (*dump_exit_stats)(void);
};

extern const struct hvm_function_table *hvm_funcs;

static inline bool hvm_enabled(void)
{
    return hvm_funcs != NULL;
}

/* Boot CPU: picks the vendor backend, if any, and brings it up. */
void hvm_enable(void);
/* Secondary CPUs: the same backend, on this CPU. */
int hvm_cpu_up(void);

/* Vendor entry points: return the table, or NULL if unusable here. */
const struct hvm_function_table *start_vmx(void);
const struct hvm_function_table *start_svm(void);

/* Common exit handling, called by the vendor with a decoded exit. */
void hvm_handle_exit(struct vcpu *v, const struct hvm_exit *exit);
/* An interrupt (other than the event callback) waits for the guest. */
bool hvm_has_pending_interrupt(struct vcpu *v);
/* Called with interrupts off just before VM entry. */
void hvm_prepare_entry(struct vcpu *v);

/* The parts of exit handling, each in its own file under hvm/. */
void hvm_do_hypercall(struct vcpu *v, const struct hvm_exit *e);
void hvm_dump_hypercall_stats(void);
void hvm_dump_exit_stats(void);
struct cpuid_regs;
void guest_cpuid(struct vcpu *v, u32 leaf, u32 subleaf,
                 struct cpuid_regs *r);
/* 0, or -EINVAL to make the guest take #GP. */
int guest_rdmsr(struct vcpu *v, u32 msr, u64 *val);
int guest_wrmsr(struct vcpu *v, u32 msr, u64 val);
void hvm_io_intercept(struct vcpu *v, const struct hvm_exit *e);

/* Gives a vCPU that is down the register state it will start with. */
int hvm_set_vcpu_state(struct vcpu *v, const struct hvm_initial_state *s);
/* A SIPI after INIT: start v in real mode at vector << 12, and run it. */
void hvm_start_at_sipi(struct vcpu *v, u8 vector);

/* Fills a guest's hypercall page with this CPU's stubs. */
void hvm_fill_hypercall_page(void *page);

/*
 * Vendor entry paths: runs pending softirqs (which may switch vCPU for
 * good), then leaves interrupts off and calls hvm_prepare_entry().
 */
void hvm_entry_softirqs_then_prepare(struct vcpu *v);
/* Loads the initial general registers of s into v->arch.hvm.regs. */
void hvm_load_initial_regs(struct vcpu *v, const struct hvm_initial_state *s);
/* Jumps to a vendor's entry stub on this CPU's empty stack. */
void __attribute__((__noreturn__)) hvm_enter_on_fresh_stack(const void *stub);

/* Event injection into the guest (delivered through its own IDT). */
void hvm_inject_exception(struct vcpu *v, unsigned int vector,
                          int error_code);
#define HVM_NO_ERROR_CODE (-1)

static inline unsigned long hvm_get_reg(struct vcpu *v, enum hvm_reg r)
{
    return hvm_funcs->get_reg(v, r);
}

static inline void hvm_set_reg(struct vcpu *v, enum hvm_reg r,
                               unsigned long val)
{
    hvm_funcs->set_reg(v, r, val);
}

/* Moves RIP past the exiting instruction. */
static inline void hvm_skip_insn(struct vcpu *v, const struct hvm_exit *e)
{
    hvm_set_reg(v, HVM_REG_RIP, hvm_get_reg(v, HVM_REG_RIP) + e->insn_len);
}

#endif /* ASM_X86_HVM_HVM_H */
