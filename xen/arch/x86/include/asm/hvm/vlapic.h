/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal local APIC for PVH guests, in x2APIC mode only (reached
 * through MSRs 0x800-0x8ff, SDM Vol. 3A, 10.12): enough for a kernel that
 * wants an APIC to exist, to send IPIs and to start its secondary vCPUs
 * with INIT-SIPI-SIPI.  Events still arrive through the callback vector.
 * There is no timer (TSC-deadline is not offered; PVH guests use the
 * hypervisor's timers).
 */
#ifndef ASM_X86_HVM_VLAPIC_H
#define ASM_X86_HVM_VLAPIC_H

#include <xen/types.h>

struct vcpu;

struct vlapic {
    u64 apic_base;
    u32 tpr, svr, esr;
    u32 lvt[7];                 /* CMCI, timer, thermal, PMC, LINT0/1, ERR */
    u32 timer_icr, timer_dcr;
    unsigned long irr[256 / (8 * sizeof(long))];    /* pending vectors */
    bool irr_nonempty;          /* a cheap test for the entry path */
    bool init_received;         /* waiting for a SIPI */
};

void vlapic_init(struct vcpu *v);
/* 0, or -EINVAL for #GP. */
int vlapic_rdmsr(struct vcpu *v, u32 msr, u64 *val);
int vlapic_wrmsr(struct vcpu *v, u32 msr, u64 val);
/* Highest pending vector, or -1. */
int vlapic_highest_irr(struct vcpu *v);
void vlapic_ack(struct vcpu *v, unsigned int vector);

#endif /* ASM_X86_HVM_VLAPIC_H */
