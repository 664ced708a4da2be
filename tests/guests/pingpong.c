/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Interdomain events between dom0 and a boot-time domU (domain 1): the
 * domU offers two ports to dom0, dom0 binds them and sends on the first
 * "rounds" times (command line rounds=<n>, default 1000), each time
 * waiting for the domU's handler to send back, and measures the round
 * trips in TSC ticks.
 *
 * Built twice: as "pingpong" (dom0, boot module 0) and, from
 * pingpong-domu.c, as "pingpong-domu" (the domU), with the same
 * command-line rounds= for both.
 *
 * The ports are agreed on without any other channel: the domU allocates
 * its first two free ports, 1 (data) and 2 (control), offered to dom0;
 * dom0 retries EVTCHNOP_bind_interdomain on them until the domU has made
 * them.  At the end dom0 sends on the control port; the domU checks its
 * count, prints its result line, and answers on the control port if it
 * passed (else it closes that port), so that dom0's result says whether
 * both sides passed.
 */
#include <guest/events.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/arch-x86/cpuid.h>

#ifdef PINGPONG_DOMU
const char test_name[] = "pingpong-domu";
#else
const char test_name[] = "pingpong";
#endif

#define DOMU_ID             1
/* A boot-time domU's port 1 is its console ring's: these come next. */
#define DATA_PORT           2
#define CONTROL_PORT        3
#define DEFAULT_ROUNDS      1000
#define MAX_ROUNDS          100000

/* Xen's CPUID leaf 4 (base + 4): ECX is the domain id. */
#define XEN_CPUID_LEAF_HVM  4

static unsigned int rounds;
static evtchn_port_t data_port, control_port;
static unsigned int data_events, control_events;

static unsigned int my_domid(void)
{
    return cpuid(xen_cpuid_base + XEN_CPUID_LEAF_HVM).c;
}

static uint32_t start_info_flags(void)
{
#ifdef ABI_PV64
    return boot_state.have_start_info ? boot_state.start_info.flags : ~0U;
#else
    return boot_state.have_hvm_start_info ? boot_state.hvm_start_info.flags
                                          : ~0U;
#endif
}

static void count_event(evtchn_port_t port, void *data)
{
    atomic_inc((unsigned int *)data);
}

#ifdef PINGPONG_DOMU

/* Every event on the data port is answered at once, from the upcall. */
static unsigned int echo_failures;

static void echo(evtchn_port_t port, void *data)
{
    atomic_inc(&data_events);
    if ( evtchn_send(port) )
        echo_failures++;
}

void test_main(void)
{
    evtchn_port_t timer;
    uint64_t deadline;

    rounds = cmdline_get_ulong("rounds", DEFAULT_ROUNDS);
    EXPECT_EQ(my_domid(), DOMU_ID);
    EXPECT_EQ(start_info_flags() & (SIF_PRIVILEGED | SIF_INITDOMAIN), 0);
    if ( !EXPECT_EQ(events_init(), 0) )
        return;

    /* Our first free ports, which dom0 expects: 1 and 2. */
    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, 0, &data_port), 0) ||
         !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, 0, &control_port), 0) )
        return;
    EXPECT_EQ(data_port, DATA_PORT);
    EXPECT_EQ(control_port, CONTROL_PORT);
    evtchn_set_handler(data_port, echo, NULL);
    evtchn_set_handler(control_port, count_event, &control_events);
    EXPECT_EQ(evtchn_unmask(data_port), 0);
    EXPECT_EQ(evtchn_unmask(control_port), 0);

    /* A periodic tick, so that the wait below looks at the clock. */
    if ( EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &timer), 0) )
    {
        EXPECT_EQ(evtchn_unmask(timer), 0);
        EXPECT_EQ(vcpu_set_periodic(10 * NSEC_PER_MSEC), 0);
    }
    printk("pingpong-domu: d%u offers ports %u and %u to d0; answering "
           "%u events\n", my_domid(), data_port, control_port, rounds);

    local_irq_enable();
    deadline = now_ns() + 60 * NSEC_PER_SEC;
    while ( !atomic_read(&control_events) && now_ns() < deadline )
        safe_halt();
    local_irq_disable();
    vcpu_stop_periodic();

    EXPECT_EQ(atomic_read(&control_events), 1);
    EXPECT_EQ(atomic_read(&data_events), rounds);
    EXPECT_EQ(echo_failures, 0);
    printk("pingpong-domu: answered %u events\n", data_events);

    /* The result line first: dom0 ends the run once it hears from us. */
    if ( test_report() )
        evtchn_send(control_port);
    else
        evtchn_close(control_port);
    shutdown_domain(SHUTDOWN_poweroff);
    halt_forever();
}

#else /* dom0 */

static uint32_t rtt[MAX_ROUNDS];

/* Shell sort: fine for the few thousand values we have. */
static void sort_u32(uint32_t *a, unsigned int n)
{
    for ( unsigned int gap = n / 2; gap; gap /= 2 )
        for ( unsigned int i = gap; i < n; i++ )
        {
            uint32_t v = a[i];
            unsigned int j = i;

            for ( ; j >= gap && a[j - gap] > v; j -= gap )
                a[j] = a[j - gap];
            a[j] = v;
        }
}

/*
 * Binds our end of the domU's port, retrying while the domU has yet to
 * offer it (-EINVAL), with a millisecond's poll between tries.
 */
static bool bind_domu_port(evtchn_port_t remote, evtchn_port_t *local,
                           evtchn_port_t sleep_port)
{
    unsigned int tries;
    long rc = 0;

    for ( tries = 0; tries < 2000; tries++ )
    {
        rc = evtchn_bind_interdomain(DOMU_ID, remote, local);
        if ( rc != -EINVAL && rc != -ESRCH )
            break;
        sched_poll(&sleep_port, 1, now_ns() + NSEC_PER_MSEC);
    }
    if ( !EXPECT_EQ(rc, 0) )
    {
        printk("  binding d%u's port %u: %u tries\n", DOMU_ID, remote,
               tries);
        return false;
    }
    printk("pingpong: bound d%u's port %u as our port %u after %u tries\n",
           DOMU_ID, remote, *local, tries);
    return true;
}

/* Waits for event n on port; interrupts off between test and poll. */
static bool wait_event(unsigned int *count, unsigned int n,
                       evtchn_port_t port, uint64_t timeout)
{
    uint64_t until = now_ns() + timeout;
    bool ok;

    local_irq_disable();
    while ( !(ok = atomic_read(count) >= n) && now_ns() < until )
    {
        sched_poll(&port, 1, until);
        /* The reply's upcall, if it came. */
        local_irq_window();
    }
    local_irq_enable();
    return ok;
}

static void test_status(void)
{
    struct evtchn_status st;

    /* Ours, and (dom0 is privileged) the domU's end of it. */
    if ( EXPECT_EQ(evtchn_status(DOMID_SELF, data_port, &st), 0) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
        EXPECT_EQ(st.u.interdomain.dom, DOMU_ID);
        EXPECT_EQ(st.u.interdomain.port, DATA_PORT);
    }
    if ( EXPECT_EQ(evtchn_status(DOMU_ID, DATA_PORT, &st), 0) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
        EXPECT_EQ(st.u.interdomain.dom, 0);
        EXPECT_EQ(st.u.interdomain.port, data_port);
    }
}

void test_main(void)
{
    struct vcpu_runstate_info r0, r1;
    struct evtchn_status st;
    evtchn_port_t sleep_port;
    uint64_t sum = 0, t0, start;
    unsigned int i, done = 0;

    rounds = cmdline_get_ulong("rounds", DEFAULT_ROUNDS);
    if ( rounds == 0 || rounds > MAX_ROUNDS )
    {
        test_fail("rounds=%u: want 1 to %u", rounds, MAX_ROUNDS);
        return;
    }
    EXPECT_EQ(my_domid(), 0);
    EXPECT_EQ(start_info_flags() & (SIF_PRIVILEGED | SIF_INITDOMAIN),
              SIF_PRIVILEGED | SIF_INITDOMAIN);
    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(evtchn_bind_ipi(0, &sleep_port), 0) )
        return;

    if ( !bind_domu_port(DATA_PORT, &data_port, sleep_port) ||
         !bind_domu_port(CONTROL_PORT, &control_port, sleep_port) )
        return;
    test_status();

    /* Binding raised our ends once (masked): not replies. */
    evtchn_clear_pending(data_port);
    evtchn_clear_pending(control_port);
    evtchn_set_handler(data_port, count_event, &data_events);
    evtchn_set_handler(control_port, count_event, &control_events);
    EXPECT_EQ(evtchn_unmask(data_port), 0);
    EXPECT_EQ(evtchn_unmask(control_port), 0);
    local_irq_enable();

    HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r0);
    start = now_ns();
    for ( i = 0; i < rounds; i++ )
    {
        t0 = rdtsc_ordered();
        if ( evtchn_send(data_port) )
            break;
        if ( !wait_event(&data_events, i + 1, data_port,
                         100 * NSEC_PER_MSEC) )
            break;
        rtt[i] = rdtsc_ordered() - t0;
        sum += rtt[i];
        done++;
    }
    HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r1);
    if ( !EXPECT_EQ(done, rounds) )
        printk("  no answer to event %u within 100 ms\n", done + 1);
    EXPECT_EQ(atomic_read(&data_events), done);
    printk("pingpong: %u round trips with d%u in %lu ns; d0v0 blocked %lu "
           "ns, runnable %lu ns\n", done, DOMU_ID, now_ns() - start,
           r1.time[RUNSTATE_blocked] - r0.time[RUNSTATE_blocked],
           r1.time[RUNSTATE_runnable] - r0.time[RUNSTATE_runnable]);
    if ( done )
    {
        sort_u32(rtt, done);
        printk("pingpong: TSC ticks per round trip: median %u, min %u, "
               "max %u, mean %lu\n", rtt[done / 2], rtt[0], rtt[done - 1],
               sum / done);
        /* For scripts/bench: only a complete run is a measurement. */
        if ( done == rounds )
            printk("BENCH evtchn-pingpong-rtt value=%u unit=ticks\n",
                   rtt[done / 2]);
    }

    /* The end: the domU answers on the control port if it passed. */
    EXPECT_EQ(evtchn_send(control_port), 0);
    if ( !EXPECT_TRUE(wait_event(&control_events, 1, control_port,
                                 5 * NSEC_PER_SEC)) )
    {
        if ( !evtchn_status(DOMID_SELF, control_port, &st) &&
             st.status == EVTCHNSTAT_unbound )
            printk("  d%u closed its control port: it failed\n", DOMU_ID);
        else
            printk("  no answer from d%u on the control port\n", DOMU_ID);
    }
    else
        printk("pingpong: d%u reports that it passed\n", DOMU_ID);
    local_irq_disable();
}

#endif /* PINGPONG_DOMU */
