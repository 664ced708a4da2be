/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary CPU start-up with INIT-SIPI-SIPI (SDM Vol. 3A, 8.4.4.1), one
 * CPU at a time: the boot CPU hands each AP its id, stack and page
 * tables through ap_boot_*, then waits for it to mark itself online.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/quiesce.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/hvm/hvm.h>
#include <asm/mm.h>
#include <asm/msr-index.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smpboot.h>
#include <asm/system.h>
#include <asm/xstate.h>

extern const char trampoline_start[], trampoline_end[];
extern u32 trampoline_cr3, trampoline_efer;
extern u64 boot_l4[];

volatile cpumask_t cpu_online_map;

/* Read by the AP in ap_start64 and start_secondary. */
unsigned long ap_boot_stack;
u64 ap_boot_cr3;
static volatile unsigned int ap_boot_cpu;

static paddr_t trampoline_pa;

void smp_reserve_trampoline(void)
{
    /* The SIPI vector is a page number below 1 MiB. */
    mfn_t mfn = alloc_boot_pages_below(1, 1, 0x100);

    if ( mfn == INVALID_MFN )
    {
        printk(XENLOG_WARNING "No free page below 1 MiB for the AP "
               "trampoline: secondary CPUs stay offline\n");
        return;
    }
    trampoline_pa = (paddr_t)mfn << PAGE_SHIFT;
}

void idle_loop(void)
{
    for ( ; ; )
    {
        do_softirq();
        local_irq_disable();
        if ( softirq_pending(smp_processor_id()) )
        {
            local_irq_enable();
            continue;
        }
        quiesce_idle(true);
        /* sti's one-instruction shadow makes "sti; hlt" race-free. */
        __asm__ __volatile__ ( "sti; hlt" ::: "memory" );
        quiesce_idle(false);
    }
}

void __attribute__((__noreturn__)) start_secondary(void);
void start_secondary(void)
{
    unsigned int cpu = ap_boot_cpu;
    struct cpu_info *ci;

    cpu_init_descriptors(cpu, ap_boot_stack);
    xstate_init_cpu();
    ci = this_cpu_info();
    setup_local_apic();
    ci->apic_id = get_apic_id();
    timer_cpu_init(cpu);
    init_apic_timer();
    sched_init_cpu(cpu);
    hvm_cpu_up();

    ci->online = true;
    __atomic_or_fetch(&cpu_online_map, 1ULL << cpu, __ATOMIC_SEQ_CST);
    idle_loop();
}

static bool wait_for_cpu(unsigned int cpu, unsigned long usecs)
{
    for ( ; usecs; usecs -= 10 )
    {
        if ( cpu_online(cpu) )
            return true;
        udelay(10);
    }
    return cpu_online(cpu);
}

static bool boot_cpu(unsigned int cpu, u32 apic_id)
{
    void *stack = alloc_xenheap_pages(STACK_ORDER, 0);

    if ( !stack )
    {
        printk(XENLOG_WARNING "No memory for CPU%u's stack\n", cpu);
        return false;
    }

    ap_boot_cpu = cpu;
    ap_boot_stack = (unsigned long)stack + STACK_SIZE;
    ap_boot_cr3 = idle_pg_table_pa;
    per_cpu_info(cpu)->apic_id = apic_id;
    smp_mb();

    apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVELTRIG |
                  APIC_INT_ASSERT);
    if ( !x2apic_enabled )
        apic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_LEVELTRIG);
    mdelay(10);

    for ( unsigned int i = 0; i < 2 && !cpu_online(cpu); i++ )
    {
        apic_send_ipi(apic_id, APIC_DM_STARTUP | (trampoline_pa >> 12));
        if ( wait_for_cpu(cpu, i ? 1000000 : 200) )
            break;
    }

    if ( !cpu_online(cpu) )
    {
        printk(XENLOG_WARNING "CPU%u (APIC %u) did not come online\n",
               cpu, apic_id);
        free_xenheap_pages(stack, STACK_ORDER);
        return false;
    }
    return true;
}

unsigned int smp_boot_cpus(void)
{
    unsigned int cpu = 1;

    if ( trampoline_pa && nr_cpu_ids > 1 )
    {
        void *t = maddr_to_virt(trampoline_pa);
        size_t len = trampoline_end - trampoline_start;

        memcpy(t, trampoline_start, len);
        /* The AP starts on the boot tables (below 4 GiB, no NX bits). */
        *(u32 *)((char *)t + ((char *)&trampoline_cr3 - trampoline_start)) =
            virt_to_maddr(boot_l4);
        *(u32 *)((char *)t + ((char *)&trampoline_efer - trampoline_start)) =
            EFER_LME | (rdmsr(MSR_EFER) & EFER_NXE);

        for ( unsigned int i = 1; i < nr_cpu_ids; i++ )
            if ( boot_cpu(cpu, x86_cpu_to_apicid[i]) )
                cpu++;
    }

    printk("Brought up %u CPUs\n", num_online_cpus());
    return num_online_cpus();
}
