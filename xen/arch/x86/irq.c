/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dispatch of external interrupts and IPIs, by vector, through one table.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/system.h>
#include <asm/traps.h>

static irq_handler_t vector_handlers[256];

void set_irq_handler(unsigned int vector, irq_handler_t handler)
{
    BUG_ON(vector < 32 || vector > 255);
    vector_handlers[vector] = handler;
}

void do_IRQ(struct cpu_user_regs *regs)
{
    unsigned int v = regs->vector;
    irq_handler_t h = vector_handlers[v];

    if ( v == SPURIOUS_APIC_VECTOR )
        return;                     /* no EOI for spurious (SDM 10.9) */

    if ( h )
        h(regs);
    else
        printk(XENLOG_WARNING "CPU%u: unexpected interrupt, vector %#x\n",
               smp_processor_id(), v);
    ack_APIC_irq();
}

/*
 * NMIs arrive for one reason today: another CPU panicked or is shutting
 * the machine down and wants this one stopped.
 */
static volatile bool stop_requested;

void do_nmi(struct cpu_user_regs *regs)
{
    if ( stop_requested )
    {
        local_irq_disable();
        for ( ; ; )
            halt();
    }
    printk(XENLOG_WARNING "CPU%u: NMI received, ignored\n",
           smp_processor_id());
}

void smp_send_stop(void)
{
    unsigned int cpu, me = smp_processor_id();

    stop_requested = true;
    smp_mb();
    for_each_online_cpu ( cpu )
        if ( cpu != me )
            apic_send_ipi(per_cpu_info(cpu)->apic_id, APIC_DM_NMI);
}
