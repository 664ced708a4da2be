/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for asm/percpu.h.  The real one finds this CPU's data
 * through %gs, which a test process does not own; here a test runs on
 * "CPU" unit_cpu, so it sets cpu_info_area[unit_cpu].curr_vcpu (or uses
 * unit_set_current()) to choose what "current" is.  Defined in
 * shim/guest.c, which tests using these must link.
 */
#ifndef ASM_X86_PERCPU_H
#define ASM_X86_PERCPU_H

#include <xen/types.h>

struct vcpu;

/* The fields common code uses; descriptor tables have no host meaning. */
struct cpu_info {
    struct cpu_info *self;
    unsigned int cpu_id;
    u32 apic_id;
    unsigned long softirq_pending;
    bool online;
    struct vcpu *curr_vcpu;
    struct vcpu *idle_vcpu;
};

extern struct cpu_info cpu_info_area[NR_CPUS];
extern unsigned int unit_cpu;

static inline struct cpu_info *this_cpu_info(void)
{
    return &cpu_info_area[unit_cpu];
}

#define smp_processor_id() (this_cpu_info()->cpu_id)
#define per_cpu_info(cpu)  (&cpu_info_area[cpu])

#endif /* ASM_X86_PERCPU_H */
