/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPUID a PVH guest sees: the host's, vendor included (so that a
 * guest picks the hypercall instruction, vmcall or vmmcall, that this
 * CPU intercepts), minus what it must not use (VMX and SVM, monitoring
 * and power features, MTRRs as in the PVH design note),
 * plus the "hypervisor present" bit and Xen's leaves at 0x40000000.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <asm/xstate.h>
#include <public/arch-x86/cpuid.h>

#define XEN_LEAVES          6           /* 0x40000000 .. 0x40000005 */
#define HYPERCALL_MSR       0x40000000
#define TSC_MODE_NATIVE     2           /* "never emulate" */

static void xen_leaf(struct vcpu *v, u32 idx, u32 sub, struct cpuid_regs *r)
{
    switch ( idx )
    {
    case 0:
        r->eax = XEN_CPUID_FIRST_LEAF + XEN_LEAVES - 1;
        r->ebx = XEN_CPUID_SIGNATURE_EBX;
        r->ecx = XEN_CPUID_SIGNATURE_ECX;
        r->edx = XEN_CPUID_SIGNATURE_EDX;
        break;

    case 1:
        r->eax = (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
        break;

    case 2:
        r->eax = 1;                     /* hypercall pages */
        r->ebx = HYPERCALL_MSR;
        break;

    case 3:                             /* TSC: native, never emulated */
        if ( sub == 0 )
        {
            r->ebx = TSC_MODE_NATIVE;
            r->ecx = cpu_khz;
        }
        else if ( sub == 2 )
            r->ecx = cpu_khz;
        break;

    case 4:
        r->eax = XEN_HVM_CPUID_VCPU_ID_PRESENT |
                 XEN_HVM_CPUID_DOMID_PRESENT;
        r->ebx = v->vcpu_id;
        r->ecx = v->domain->domain_id;
        break;
    }
}

void guest_cpuid(struct vcpu *v, u32 leaf, u32 sub, struct cpuid_regs *r)
{
    memset(r, 0, sizeof(*r));

    if ( (leaf & 0xffff0000) == 0x40000000 )
    {
        /* Only the first base answers; 0x40000100 and up are empty. */
        if ( leaf - XEN_CPUID_FIRST_LEAF < XEN_LEAVES )
            xen_leaf(v, leaf - XEN_CPUID_FIRST_LEAF, sub, r);
        return;
    }

    cpuid_count(leaf, sub, r);

    switch ( leaf )
    {
    case 1:
        /* ECX: no VMX, SMX, EST, TM2, MONITOR, DTES64, DS-CPL, PDCM;
         * set "running on a hypervisor" (bit 31). */
        r->ecx &= ~((1U << 2) | (1U << 3) | (1U << 4) | (1U << 5) |
                    (1U << 6) | (1U << 7) | (1U << 8) | (1U << 15));
        r->ecx |= 1U << 31;
        /*
         * x2APIC whatever the host has (QEMU's SVM lacks it): the vLAPIC
         * is an x2APIC model, reached through MSRs, with no xAPIC page.
         */
        r->ecx |= 1U << 21;
        /* No TSC-deadline timer: the vLAPIC has no timer. */
        r->ecx &= ~(1U << 24);
        /* OSXSAVE mirrors the guest's own CR4.OSXSAVE. */
        r->ecx &= ~(1U << 27);
        if ( hvm_get_reg(v, HVM_REG_CR4) & (1UL << 18) )
            r->ecx |= 1U << 27;
        /* EDX: no MTRR, MCE/MCA, ACPI thermal, TM, PBE, DS, HTT. */
        r->edx &= ~((1U << 12) | (1U << 7) | (1U << 14) | (1U << 22) |
                    (1U << 29) | (1U << 31) | (1U << 21) | (1U << 28));
        /* EBX: initial APIC id = vCPU id, one logical CPU. */
        r->ebx = (r->ebx & 0x0000ffff) | (v->vcpu_id << 24) | (1U << 16);
        break;

    case 5:                             /* MONITOR/MWAIT */
    case 6:                             /* thermal and power */
    case 0xa:                           /* performance monitoring */
        memset(r, 0, sizeof(*r));
        break;

    case 7:
        if ( sub == 0 )
        {
            /* SGX, RTM/HLE, MPX, PQM/PQE, Intel PT: not virtualised. */
            r->ebx &= ~((1U << 2) | (1U << 4) | (1U << 11) | (1U << 12) |
                        (1U << 14) | (1U << 15) | (1U << 25));
            r->ecx &= ~((1U << 5) | (1U << 30));    /* WAITPKG, SGX-LC */
            /* AVX-512 and PKU: their state is not offered (leaf 0xd). */
            r->ebx &= ~((1U << 16) | (1U << 17) | (1U << 21) | (1U << 26) |
                        (1U << 27) | (1U << 28) | (1U << 30) | (1U << 31));
            r->ecx &= ~((1U << 1) | (1U << 3) | (1U << 4) | (1U << 6) |
                        (1U << 11) | (1U << 12) | (1U << 14));
            r->edx &= ~((1U << 2) | (1U << 3) | (1U << 8) | (1U << 23));
            /* TSC_ADJUST, RDPID: MSRs we do not virtualise. */
            r->ebx &= ~(1U << 1);
            r->ecx &= ~(1U << 22);
            /* Speculation-control MSRs and ARCH_CAPABILITIES. */
            r->edx &= ~((1U << 26) | (1U << 27) | (1U << 28) | (1U << 29) |
                        (1U << 31));
        }
        break;

    case 0xb:                           /* x2APIC topology: host's ids */
    case 0x1f:
        memset(r, 0, sizeof(*r));
        break;

    case 0xd:
        /*
         * Guests get x87, SSE and AVX state only (XSTATE_GUEST_MASK): the
         * rest (AVX-512, PKRU, ...) would need CPUID and MSR work that is
         * not done, and emulators report their sizes inconsistently.
         */
        if ( sub == 0 )
        {
            struct cpuid_regs avx;

            r->eax &= XSTATE_GUEST_MASK;
            r->edx = 0;
            cpuid_count(0xd, 2, &avx);
            r->ecx = (r->eax & 4) ? avx.ebx + avx.eax : 576;
        }
        else if ( sub == 1 )
            r->eax &= ~(1U << 3);       /* XSAVES needs IA32_XSS */
        else if ( sub >= 32 || !(XSTATE_GUEST_MASK & (1ULL << sub)) )
            memset(r, 0, sizeof(*r));
        break;

    case 0x80000001:
        r->edx &= ~(1U << 27);          /* RDTSCP needs IA32_TSC_AUX */
        /*
         * AMD's ECX: no SVM, SKINIT, watchdog, LWP, IBS, MONITORX, the
         * extra performance counters, or the core topology leaves
         * (CmpLegacy, TOPOEXT) that would describe the host's CPUs.
         */
        r->ecx &= ~((1U << 1) | (1U << 2) | (1U << 10) | (1U << 12) |
                    (1U << 13) | (1U << 15) | (1U << 22) | (1U << 23) |
                    (1U << 24) | (1U << 28) | (1U << 29));
        break;

    case 0x80000007:                    /* power management: only the */
        r->eax = r->ebx = r->ecx = 0;   /* invariant TSC is offered */
        r->edx &= 1U << 8;
        break;

    case 0x8000000a:                    /* SVM: no nested virtualisation */
    case 0x8000001e:                    /* AMD topology: host's ids */
    case 0x8000001f:                    /* memory encryption */
        memset(r, 0, sizeof(*r));
        break;
    }
}
