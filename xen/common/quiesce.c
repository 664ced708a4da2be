/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Quiescent states, for freeing what other CPUs may still be looking at.
 *
 * Hypercalls and softirqs run to completion: a pointer one of them took
 * to a domain (get_domain_by_id() and friends) is dropped before its CPU
 * enters a guest again or goes idle.  So once a domain is unlinked and
 * marked dying, where no new lookup can find it, every other CPU passing
 * such a point means no CPU still holds it, and it may be freed.  This
 * is the grace period of RCU, in its simplest form: the destroyer waits
 * for it (synchronize_quiescent()), with no lock held.
 *
 * The same wait also ends every stale EPT translation: a CPU passes its
 * quiescent point only outside guest mode, and flushes what the p2m lost
 * before it enters again.  So a frame unmapped from a physmap may be
 * freed once the unmapper has waited.
 */
#include <xen/lib.h>
#include <xen/quiesce.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <asm/system.h>

static unsigned long qs_count[NR_CPUS];
static bool qs_idle[NR_CPUS];

void quiesce_point(void)
{
    unsigned int cpu = smp_processor_id();

    WRITE_ONCE(qs_count[cpu], qs_count[cpu] + 1);
}

void quiesce_idle(bool idle)
{
    WRITE_ONCE(qs_idle[smp_processor_id()], idle);
    /* Seen before we halt, and before we touch anything after it. */
    smp_mb();
}

void synchronize_quiescent(void)
{
    unsigned int me = smp_processor_id(), cpu;
    unsigned long seen[NR_CPUS];
    bool was_idle = qs_idle[me];

    /*
     * While we wait we count as quiescent ourselves: two CPUs waiting at
     * once would otherwise wait for each other for ever.  A waiter holds
     * nothing it looked up but what it is itself taking apart.
     */
    quiesce_idle(true);
    for_each_online_cpu ( cpu )
        seen[cpu] = READ_ONCE(qs_count[cpu]);
    /* A CPU in guest mode leaves it at the IPI, not at its next timer. */
    for_each_online_cpu ( cpu )
        if ( cpu != me && !READ_ONCE(qs_idle[cpu]) )
            cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
    for_each_online_cpu ( cpu )
    {
        if ( cpu == me )
            continue;
        while ( READ_ONCE(qs_count[cpu]) == seen[cpu] &&
                !READ_ONCE(qs_idle[cpu]) )
            cpu_relax();
    }
    quiesce_idle(was_idle);
}
