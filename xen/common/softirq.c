/* SPDX-License-Identifier: GPL-2.0-only */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <asm/apic.h>
#include <asm/irq.h>

static softirq_handler handlers[NR_SOFTIRQS];

void open_softirq(unsigned int nr, softirq_handler handler)
{
    BUG_ON(nr >= NR_SOFTIRQS);
    handlers[nr] = handler;
}

void raise_softirq(unsigned int nr)
{
    __atomic_or_fetch(&this_cpu_info()->softirq_pending, 1UL << nr,
                      __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
    struct cpu_info *ci = per_cpu_info(cpu);

    __atomic_or_fetch(&ci->softirq_pending, 1UL << nr, __ATOMIC_SEQ_CST);
    if ( cpu != smp_processor_id() )
        apic_send_ipi(ci->apic_id, EVENT_CHECK_VECTOR);
}

bool softirq_pending(unsigned int cpu)
{
    return READ_ONCE(per_cpu_info(cpu)->softirq_pending) != 0;
}

void do_softirq(void)
{
    struct cpu_info *ci = this_cpu_info();
    unsigned long pending;

    while ( (pending = __atomic_exchange_n(&ci->softirq_pending, 0,
                                           __ATOMIC_SEQ_CST)) != 0 )
        for ( unsigned int nr = 0; nr < NR_SOFTIRQS; nr++ )
            if ( (pending & (1UL << nr)) && handlers[nr] )
                handlers[nr]();
}
