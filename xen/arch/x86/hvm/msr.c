/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The MSRs a PVH guest may use.  Those whose state lives in the VMCS or
 * is swapped on context switch are passed through by the backend and
 * never get here.  Of the rest, the few below are emulated; any other
 * access makes the guest take #GP, as on hardware without the MSR.
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

    case MSR_IA32_MISC_ENABLE:
        /* Fast strings; branch trace and PEBS unavailable. */
        *val = (1UL << 0) | (1UL << 11) | (1UL << 12);
        return 0;

    case MSR_IA32_DEBUGCTL:             /* no branch tracing offered */
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
    hvm_funcs->fill_hypercall_page(page);
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

    case MSR_IA32_MISC_ENABLE:
    case MSR_IA32_BIOS_SIGN_ID:
        return 0;                       /* writes ignored */

    case MSR_IA32_DEBUGCTL:
        return val ? -EINVAL : 0;       /* nothing may be turned on */
    }
    return -EINVAL;
}
