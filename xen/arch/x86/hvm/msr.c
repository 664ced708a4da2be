/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The MSRs a PVH guest may use.  Those whose state lives in the VMCS or
 * VMCB, or is swapped on context switch, are passed through by the
 * backend and never get here (EFER and PAT only on VMX).  Of the rest,
 * the few below are emulated; any other access makes the guest take #GP,
 * as on hardware without the MSR.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

#define MSR_HYPERCALL_PAGE      0x40000000
#define MSR_IA32_TSC            0x00000010
#define MSR_IA32_PLATFORM_ID    0x00000017
#define MSR_IA32_MTRRCAP        0x000000fe
#define MSR_IA32_MISC_ENABLE    0x000001a0
#define MSR_IA32_MTRR_DEF_TYPE  0x000002ff
#define MSR_IA32_BIOS_SIGN_ID   0x0000008b

#define MSR_IA32_DEBUGCTL       0x000001d9
#define MSR_IA32_CR_PAT         0x00000277
/* AMD: pending-interrupt message (C1E), read by Linux with plain RDMSR. */
#define MSR_K8_INT_PENDING_MSG  0xc0010055

/* The EFER bits a guest may set; LMA follows CR0.PG and is not written. */
#define GUEST_EFER_MASK         (EFER_SCE | EFER_LME | EFER_NXE)

/*
 * EFER, where the backend must keep bits of its own in the real register
 * (SVME under SVM, APM Vol. 2, 15.5.1): the SDM's rules for WRMSR, LME
 * fixed while paging is on (Vol. 3A, 9.8.5).
 */
static int write_efer(struct vcpu *v, u64 val)
{
    u64 old = hvm_get_reg(v, HVM_REG_EFER);

    if ( val & ~(GUEST_EFER_MASK | EFER_LMA) )
        return -EINVAL;
    if ( ((val ^ old) & EFER_LME) &&
         (hvm_get_reg(v, HVM_REG_CR0) & X86_CR0_PG) )
        return -EINVAL;
    hvm_set_reg(v, HVM_REG_EFER, (val & GUEST_EFER_MASK) | (old & EFER_LMA));
    return 0;
}

/* Each PAT entry must name a memory type (SDM Vol. 3A, 11.12.2). */
static int write_pat(struct vcpu *v, u64 val)
{
    for ( unsigned int i = 0; i < 8; i++ )
    {
        u8 type = val >> (i * 8);

        if ( type == 2 || type == 3 || type > 7 )
            return -EINVAL;
    }
    hvm_set_reg(v, HVM_REG_PAT, val);
    return 0;
}

/* The x2APIC registers and IA32_APIC_BASE belong to the vLAPIC. */
static bool is_apic_msr(u32 msr)
{
    return msr == MSR_IA32_APIC_BASE || (msr >= 0x800 && msr <= 0x8ff);
}

int guest_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
    if ( is_apic_msr(msr) )
        return vlapic_rdmsr(v, msr, val);

    switch ( msr )
    {
    case MSR_IA32_TSC:
        *val = rdtsc();                 /* TSC mode native: no offset */
        return 0;

    case MSR_EFER:
        *val = hvm_get_reg(v, HVM_REG_EFER);
        return 0;

    case MSR_IA32_CR_PAT:
        *val = hvm_get_reg(v, HVM_REG_PAT);
        return 0;

    case MSR_IA32_MISC_ENABLE:
        /* Fast strings; branch trace and PEBS unavailable. */
        *val = (1UL << 0) | (1UL << 11) | (1UL << 12);
        return 0;

    case MSR_IA32_DEBUGCTL:             /* no branch tracing offered */
    case MSR_K8_INT_PENDING_MSG:        /* no C1E: nothing to report */
    case MSR_IA32_PLATFORM_ID:
    case MSR_IA32_BIOS_SIGN_ID:
    case MSR_IA32_MTRRCAP:              /* MTRRs are hidden */
    case MSR_IA32_MTRR_DEF_TYPE:
        *val = 0;
        return 0;
    }
    return -EINVAL;
}

/*
 * The hypercall-page MSR (CPUID 0x40000002 EBX): bits 63:12 name the
 * guest frame to fill, bits 11:0 the page index, of which we have one.
 */
static int write_hypercall_page(struct vcpu *v, u64 val)
{
    void *page;

    if ( val & (PAGE_SIZE - 1) )
        return -EINVAL;
    page = hvm_map_gfn(v->domain, val >> PAGE_SHIFT, true);
    if ( !page )
        return -EINVAL;
    hvm_fill_hypercall_page(page);
    v->arch.hvm.hypercall_page_gfn = val >> PAGE_SHIFT;
    return 0;
}

int guest_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
    if ( is_apic_msr(msr) )
        return vlapic_wrmsr(v, msr, val);

    switch ( msr )
    {
    case MSR_HYPERCALL_PAGE:
        return write_hypercall_page(v, val);

    case MSR_EFER:
        return write_efer(v, val);

    case MSR_IA32_CR_PAT:
        return write_pat(v, val);

    case MSR_IA32_MISC_ENABLE:
    case MSR_IA32_BIOS_SIGN_ID:
        return 0;                       /* writes ignored */

    case MSR_IA32_DEBUGCTL:
        return val ? -EINVAL : 0;       /* nothing may be turned on */
    }
    return -EINVAL;
}
