/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <xen/types.h>
#include <asm/percpu.h>

/* NR_CPUS <= 64, so a CPU set is one word. */
typedef u64 cpumask_t;

extern volatile cpumask_t cpu_online_map;
extern unsigned int nr_cpu_ids;          /* CPUs described by firmware */

static inline unsigned int num_online_cpus(void)
{
    cpumask_t m = cpu_online_map;
    unsigned int n = 0;

    for ( ; m; m &= m - 1 )
        n++;
    return n;
}

static inline bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && (cpu_online_map & (1ULL << cpu));
}

#define for_each_online_cpu(c)                                          \
    for ( (c) = 0; (c) < NR_CPUS; (c)++ )                               \
        if ( cpu_online(c) )

/* Stops every other CPU (panic and shutdown paths). */
void smp_send_stop(void);

#endif /* XEN_SMP_H */
