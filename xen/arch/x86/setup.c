/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * __start_xen(): the boot CPU's path from the first C instruction to a
 * running system.  The order matters: the console needs the command line,
 * the heap needs the memory map, SMP needs the heap, ACPI and the timer.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/boot_domains.h>
#include <asm/bootinfo.h>
#include <asm/dom0_build.h>
#include <asm/e820.h>
#include <asm/hvm/hvm.h>
#include <asm/irq.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/shutdown.h>
#include <asm/smpboot.h>
#include <asm/xstate.h>
#include <asm/system.h>

extern const char _start[], _end[];
extern char boot_stack_top[];
/* The TSC at the multiboot entry (boot/head.S). */
extern u64 boot_tsc_start;

/*
 * "test=<name>": built-in boot self-tests for the test harness.
 *   boot       power off once every CPU is up (exit "poweroff");
 *   pagefault  touch an unmapped address (must end in a panic with a
 *              register dump and call trace);
 *   churn      build and destroy 200 domUs from boot module 0, then check
 *              that every page and heap byte came back.
 */
enum boot_test { TEST_NONE, TEST_BOOT, TEST_PAGEFAULT, TEST_CHURN };
static enum boot_test opt_test;

static int __init parse_test(const char *s)
{
    if ( !strcmp(s, "boot") )
        opt_test = TEST_BOOT;
    else if ( !strcmp(s, "pagefault") )
        opt_test = TEST_PAGEFAULT;
    else if ( !strcmp(s, "churn") )
        opt_test = TEST_CHURN;
    else
        return -EINVAL;
    return 0;
}
custom_param("test", parse_test);

/* Ranges the boot allocator must never hand out. */
struct range {
    paddr_t s, e;
};

static unsigned int __init collect_reserved(struct range *r, unsigned int max)
{
    unsigned int n = 0;

    /* Real-mode IVT and BIOS data: keep page 0 out of every allocator. */
    r[n++] = (struct range){ 0, PAGE_SIZE };
    r[n++] = (struct range){ virt_to_maddr(_start), virt_to_maddr(_end) };
    r[n++] = (struct range){ boot_info.mbi_start, boot_info.mbi_end };
    for ( unsigned int i = 0; i < boot_info.nr_modules && n < max; i++ )
        r[n++] = (struct range){ boot_info.mods[i].start,
                                 boot_info.mods[i].start +
                                 boot_info.mods[i].size };
    return n;
}

/* Adds [s, e) to the boot allocator minus every reserved range. */
static void __init add_free_range(paddr_t s, paddr_t e,
                                  const struct range *r, unsigned int n)
{
    for ( unsigned int i = 0; i < n && s < e; i++ )
    {
        if ( r[i].e <= s || r[i].s >= e )
            continue;
        if ( r[i].s > s )
            add_free_range(s, r[i].s, r + i + 1, n - i - 1);
        s = r[i].e;
    }
    if ( s < e )
        init_boot_pages(s, e);
}

static void __init setup_memory(void)
{
    struct range reserved[3 + MAX_BOOT_MODULES];
    unsigned int nr_res = collect_reserved(reserved, ARRAY_SIZE(reserved));
    paddr_t ram_end = 0, map_end = 1UL << 32;
    u64 ram;

    if ( !boot_info.nr_mmap )
        panic("The boot loader gave no memory map");

    memcpy(e820.map, boot_info.mmap, boot_info.nr_mmap * sizeof(e820.map[0]));
    e820.nr_map = boot_info.nr_mmap;
    if ( e820_sanitise(e820.map, &e820.nr_map, E820MAX) )
        panic("Cannot make sense of the memory map");
    e820_print(e820.map, e820.nr_map);

    ram = e820_ram_total(e820.map, e820.nr_map);
    printk("System RAM: %luMB (%lukB)\n", (unsigned long)(ram >> 20),
           (unsigned long)(ram >> 10));

    for ( unsigned int i = 0; i < e820.nr_map; i++ )
    {
        const struct e820entry *e = &e820.map[i];

        /*
         * Map RAM and ACPI tables wherever they are, and the whole low
         * 4 GiB (MMIO included); reserved holes above 4 GiB (QEMU has
         * one just below 1 TiB) are never touched, so leave them out.
         */
        if ( e->type == E820_RAM || e->type == E820_ACPI ||
             e->type == E820_NVS )
            map_end = max(map_end, (paddr_t)(e->addr + e->size));
        if ( e->type != E820_RAM )
            continue;
        ram_end = max(ram_end, (paddr_t)(e->addr + e->size));
        add_free_range(e->addr, e->addr + e->size, reserved, nr_res);
    }

    smp_reserve_trampoline();
    setup_pagetables(map_end);
    setup_frametable(ram_end >> PAGE_SHIFT);
    end_boot_allocator();
    dump_heap();
}

static volatile s_time_t selftest_fired_at;

static void selftest_timer_fn(void *data)
{
    selftest_fired_at = NOW();
}

/* Arms a 1 ms timer and checks that it fires, and not early. */
static void __init timer_selftest(void)
{
    struct timer t;
    s_time_t deadline = NOW() + MILLISECS(1);
    s_time_t give_up = deadline + SECONDS(1);

    init_timer(&t, selftest_timer_fn, NULL, smp_processor_id());
    if ( set_timer(&t, deadline) )
        panic("Timer self-test: cannot arm a timer");
    /* Spin rather than halt, so that a timer that never fires is
     * reported instead of hanging the boot. */
    while ( !selftest_fired_at && NOW() < give_up )
    {
        do_softirq();
        cpu_relax();
    }
    stop_timer(&t);

    if ( !selftest_fired_at )
        printk(XENLOG_ERR "Timer self-test: FAILED (no interrupt)\n");
    else if ( selftest_fired_at < deadline )
        printk(XENLOG_ERR "Timer self-test: FAILED (fired %ld ns early)\n",
               (long)(deadline - selftest_fired_at));
    else
        printk("Timer self-test: passed (fired %ld us after the "
               "deadline)\n", (long)((selftest_fired_at - deadline) / 1000));
}

/* "dom0_max_vcpus=<n>": vCPUs dom0 may bring up (default: all pCPUs). */
static unsigned int __initdata opt_dom0_max_vcpus;
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);

static void __init create_domains(void)
{
    bool claimed[MAX_BOOT_MODULES] = { false };
    unsigned int vcpus = opt_dom0_max_vcpus ?: num_online_cpus();
    struct domain *d;
    int rc;

    if ( vcpus > MAX_VIRT_CPUS )
        vcpus = MAX_VIRT_CPUS;
    boot_domains_claim(&boot_info, claimed);

    d = domain_create(0, true, vcpus, &rc);
    if ( !d )
        panic("Could not create dom0 (%d)", rc);
    d->is_hardware_domain = true;
    hardware_domain = d;
    rc = dom0_construct_pvh(d, &boot_info, claimed);
    if ( rc )
        panic("Could not set up DOM0 guest OS (%d)", rc);

    boot_domains_create(&boot_info, claimed);
    console_input_start();
}

void __noreturn __start_xen(unsigned long mbi_pa);
void __init __start_xen(unsigned long mbi_pa)
{
    int mbi_rc;

    cpu_init_descriptors(0, (unsigned long)boot_stack_top);
    xstate_init_cpu();
    mbi_rc = multiboot2_parse(mbi_pa, &boot_info);
    cmdline_parse(boot_info.cmdline);
    console_init();

    printk("Xen version %d.%d%s (PVH hypervisor)\n", XEN_VERSION_MAJOR,
           XEN_VERSION_MINOR, XEN_EXTRAVERSION);
    if ( mbi_rc )
        panic("Malformed multiboot2 information at %#lx", mbi_pa);
    printk("Bootloader: %s%s\n", boot_info.loader[0] ? boot_info.loader
                                                     : "unknown",
           boot_info.efi ? " (UEFI)" : "");
    printk("Command line: %s\n", boot_info.cmdline);
    printk("Boot modules: %u\n", boot_info.nr_modules);
    /*
     * The TSC at our first instruction, as an absolute reading (Bochs
     * resets the TSC with the machine): scripts/bench measures a Linux
     * dom0's boot from here to its init against a native boot.
     */
    printk("BENCH xen-entry-tsc value=%lu unit=tsc\n",
           (unsigned long)boot_tsc_start);

    setup_memory();

    init_bsp_apic();
    setup_local_apic();
    per_cpu_info(0)->apic_id = get_apic_id();
    per_cpu_info(0)->online = true;
    cpu_online_map = 1;
    acpi_boot_init(&boot_info, per_cpu_info(0)->apic_id);

    init_tsc_calibration();
    init_wallclock();
    timer_init();
    init_apic_timer();
    scheduler_init();
    local_irq_enable();
    timer_selftest();

    hvm_enable();
    smp_boot_cpus();

    if ( opt_test == TEST_PAGEFAULT )
    {
        printk("test=pagefault: reading an unmapped address\n");
        (void)*(volatile unsigned long *)0xffff800000001000UL;
    }

    if ( !hvm_enabled() )
    {
        printk(XENLOG_ERR "CPU0: no VMX with EPT, VPID, unrestricted guest "
               "and preemption timer, and no SVM with NPT: PVH guests "
               "cannot run here.\n");
        printk(XENLOG_ERR "Halting cleanly.\n");
        machine_power_off("novmx");
    }

    if ( opt_test == TEST_BOOT )
    {
        printk("test=boot: bring-up complete, powering off\n");
        machine_power_off("poweroff");
    }

    if ( opt_test == TEST_CHURN )
    {
        if ( !boot_info.nr_modules )
            panic("test=churn needs a PVH kernel as boot module 0");
        printk("Churn test: %s\n", boot_domains_churn(&boot_info, 200)
                                    ? "PASS" : "FAIL");
        machine_power_off("poweroff");
    }

    if ( !boot_info.nr_modules )
    {
        printk("No dom0 kernel (boot module 0): nothing to run\n");
        machine_power_off("poweroff");
    }

    keyhandler_init();
    create_domains();
    printk("Scheduling dom0\n");
    start_scheduling();
}
