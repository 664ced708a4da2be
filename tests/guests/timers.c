/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time as one vCPU of dom0 sees it: the vCPU's timers (singleshot,
 * periodic, set_timer_op), all of which raise VIRQ_TIMER; the pvclock in
 * vcpu_info; the wall clock in shared_info; the runstate.
 *
 * Lateness.  The handler of the timer's port notes the system time it
 * runs at, while the test spins with interrupts enabled, so that the
 * upcall is taken as soon as the hypervisor raises it.  The bound,
 * LATE_BOUND_NS = 2 ms, is in emulated time: under Bochs (10 million
 * instructions and TSC ticks per emulated second) the path from the
 * host's timer interrupt through the softirq, the VIRQ and the next VM
 * entry to our handler is a few thousand instructions, a few hundred
 * microseconds; 2 ms is ten times that, yet a fifth of the scheduler's
 * 10 ms slice, so a timer served only by the next slice or tick fails.
 */
#include <guest/events.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/time.h>

const char test_name[] = "timers";

#define LATE_BOUND_NS   (2 * NSEC_PER_MSEC)
#define PERIOD_NS       NSEC_PER_MSEC
#define PERIODIC_TICKS  20

static evtchn_port_t timer_port;
static uint64_t fired_at[64];
static unsigned int nr_fired;

static void timer_handler(evtchn_port_t port, void *data)
{
    uint64_t t = now_ns();
    unsigned int n = READ_ONCE(nr_fired);

    if ( n < ARRAY_SIZE(fired_at) )
        fired_at[n] = t;
    WRITE_ONCE(nr_fired, n + 1);
}

static unsigned int fired(void)
{
    return atomic_read(&nr_fired);
}

/* Spins (interrupts on) until n timer events came or until is passed. */
static bool spin_for_fires(unsigned int n, uint64_t until)
{
    while ( fired() < n && now_ns() < until )
        cpu_relax();
    return fired() >= n;
}

static uint64_t max_lateness;

/* Checks that event number n fired at or after deadline, not too late. */
static void check_lateness(const char *what, unsigned int n,
                           uint64_t deadline)
{
    uint64_t at = fired_at[n], late = at - deadline;

    if ( !EXPECT_TRUE(at >= deadline) )
    {
        printk("  %s: fired %lu ns early\n", what, deadline - at);
        return;
    }
    printk("%s: fired %lu ns after the deadline\n", what, late);
    EXPECT_TRUE(late < LATE_BOUND_NS);
    if ( late > max_lateness )
        max_lateness = late;
}

static void test_singleshot(void)
{
    static const uint64_t delays[] = {
        100 * NSEC_PER_USEC, 500 * NSEC_PER_USEC, NSEC_PER_MSEC,
        2 * NSEC_PER_MSEC, 5 * NSEC_PER_MSEC, 10 * NSEC_PER_MSEC,
        NSEC_PER_MSEC,
    };
    char what[64];
    uint64_t deadline, first;
    unsigned int i, n;

    for ( i = 0; i < ARRAY_SIZE(delays); i++ )
    {
        n = fired();
        deadline = now_ns() + delays[i];
        /* The last with VCPU_SSHOTTMR_future: a future time is fine. */
        if ( !EXPECT_EQ(vcpu_set_singleshot(deadline,
                                            i == ARRAY_SIZE(delays) - 1
                                            ? VCPU_SSHOTTMR_future : 0), 0) )
            continue;
        snprintf(what, sizeof(what), "singleshot +%lu us",
                 delays[i] / NSEC_PER_USEC);
        if ( EXPECT_TRUE(spin_for_fires(n + 1, deadline +
                                        50 * NSEC_PER_MSEC)) )
            check_lateness(what, n, deadline);
        /* Once only. */
        spin_until(now_ns() + NSEC_PER_MSEC);
        EXPECT_EQ(fired(), n + 1);
    }

    /* In the past: -ETIME with VCPU_SSHOTTMR_future, else at once. */
    n = fired();
    deadline = now_ns() - NSEC_PER_USEC;
    EXPECT_ERR(vcpu_set_singleshot(deadline, VCPU_SSHOTTMR_future), -ETIME);
    spin_until(now_ns() + 2 * NSEC_PER_MSEC);
    EXPECT_EQ(fired(), n);
    first = now_ns();
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) &&
         EXPECT_TRUE(spin_for_fires(n + 1, first + 50 * NSEC_PER_MSEC)) )
        check_lateness("singleshot in the past (from the call)", n, first);

    /* Stopped before it is due: never fires. */
    n = fired();
    deadline = now_ns() + NSEC_PER_MSEC;
    EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0);
    EXPECT_EQ(vcpu_stop_singleshot(), 0);
    spin_until(deadline + 3 * NSEC_PER_MSEC);
    EXPECT_EQ(fired(), n);
    /* Stopping a timer that is not running is fine. */
    EXPECT_EQ(vcpu_stop_singleshot(), 0);

    /* Set again before it is due: the new time replaces the old. */
    n = fired();
    first = now_ns() + NSEC_PER_MSEC;
    deadline = first + 2 * NSEC_PER_MSEC;
    EXPECT_EQ(vcpu_set_singleshot(first, 0), 0);
    EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0);
    if ( EXPECT_TRUE(spin_for_fires(n + 1, deadline + 50 * NSEC_PER_MSEC)) )
        check_lateness("singleshot re-armed", n, deadline);
    spin_until(now_ns() + 2 * NSEC_PER_MSEC);
    EXPECT_EQ(fired(), n + 1);

    /* Only for the calling vCPU; none beyond the domain's. */
    {
        struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = 1 };

        EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 63, &t),
                   -ENOENT);
        EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, NULL),
                   -EFAULT);
    }
}

static void test_periodic(void)
{
    uint64_t before, after, lo, hi, gap, min_gap = ~0ULL, max_gap = 0;
    unsigned int n = fired(), k, ticks;

    EXPECT_ERR(vcpu_set_periodic(0), -EINVAL);
    EXPECT_ERR(vcpu_set_periodic(50 * NSEC_PER_USEC), -EINVAL);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, NULL),
               -EFAULT);

    before = now_ns();
    if ( !EXPECT_EQ(vcpu_set_periodic(PERIOD_NS), 0) )
        return;
    after = now_ns();
    spin_for_fires(n + PERIODIC_TICKS,
                   after + (PERIODIC_TICKS + 50) * PERIOD_NS);
    EXPECT_EQ(vcpu_stop_periodic(), 0);
    ticks = fired() - n;
    if ( !EXPECT_TRUE(ticks >= PERIODIC_TICKS) )
        return;

    /*
     * Tick k is due at (set time) + k periods: after "before", and no
     * later than "after" plus the lateness bound.
     */
    for ( k = 1; k <= PERIODIC_TICKS; k++ )
    {
        uint64_t at = fired_at[n + k - 1];

        lo = before + k * PERIOD_NS;
        hi = after + k * PERIOD_NS + LATE_BOUND_NS;
        if ( !EXPECT_TRUE(at >= lo && at < hi) )
            printk("  tick %u at +%lu ns, want +%lu to +%lu\n", k,
                   at - before, lo - before, hi - before);
        if ( k > 1 )
        {
            gap = at - fired_at[n + k - 2];
            if ( gap < min_gap )
                min_gap = gap;
            if ( gap > max_gap )
                max_gap = gap;
        }
    }
    printk("periodic %lu us: %u ticks, intervals %lu to %lu ns, tick %u at "
           "+%lu ns\n", PERIOD_NS / NSEC_PER_USEC, PERIODIC_TICKS, min_gap,
           max_gap, PERIODIC_TICKS, fired_at[n + PERIODIC_TICKS - 1] - before);

    /* Stopped: no more ticks. */
    n = fired();
    spin_until(now_ns() + 5 * PERIOD_NS);
    EXPECT_EQ(fired(), n);

    /* The shortest period allowed, stopped at once. */
    if ( EXPECT_EQ(vcpu_set_periodic(100 * NSEC_PER_USEC), 0) )
        EXPECT_EQ(vcpu_stop_periodic(), 0);
    spin_until(now_ns() + NSEC_PER_MSEC);
    n = fired();
    spin_until(now_ns() + NSEC_PER_MSEC);
    EXPECT_EQ(fired(), n);
}

static void test_set_timer_op(void)
{
    uint64_t deadline;
    unsigned int n = fired();

    deadline = now_ns() + NSEC_PER_MSEC;
    if ( EXPECT_EQ(HYPERVISOR_set_timer_op(deadline), 0) &&
         EXPECT_TRUE(spin_for_fires(n + 1, deadline + 50 * NSEC_PER_MSEC)) )
        check_lateness("set_timer_op +1000 us", n, deadline);

    /* 0 cancels. */
    n = fired();
    deadline = now_ns() + NSEC_PER_MSEC;
    EXPECT_EQ(HYPERVISOR_set_timer_op(deadline), 0);
    EXPECT_EQ(HYPERVISOR_set_timer_op(0), 0);
    spin_until(deadline + 3 * NSEC_PER_MSEC);
    EXPECT_EQ(fired(), n);

    /* It is the singleshot timer: 0 cancels that too. */
    deadline = now_ns() + NSEC_PER_MSEC;
    EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0);
    EXPECT_EQ(HYPERVISOR_set_timer_op(0), 0);
    spin_until(deadline + 3 * NSEC_PER_MSEC);
    EXPECT_EQ(fired(), n);
}

static void test_pvclock(void)
{
    const struct vcpu_time_info *t = &vcpu_info_of(0)->time;
    unsigned int i, odd_raw = 0, backwards = 0, odd_used = 0;
    uint64_t prev, cur, first, worst = 0;
    uint32_t v, versions = 0, last_v;

    printk("pvclock: version %u, system time %lu ns at TSC %#lx, "
           "mul %#x shift %d flags %#x\n", t->version, t->system_time,
           t->tsc_timestamp, t->tsc_to_system_mul, t->tsc_shift, t->flags);
    EXPECT_TRUE(t->tsc_to_system_mul != 0);
    EXPECT_TRUE(t->flags & XEN_PVCLOCK_TSC_STABLE_BIT);

    first = prev = pvclock_read(t, &last_v);
    /* Boot to here took less than an hour of emulated time. */
    EXPECT_TRUE(first > 0 && first < 3600 * NSEC_PER_SEC);
    for ( i = 0; i < 20000; i++ )
    {
        if ( READ_ONCE(t->version) & 1 )
            odd_raw++;
        cur = pvclock_read(t, &v);
        if ( v & 1 )
            odd_used++;
        if ( v != last_v )
            versions++;
        last_v = v;
        if ( cur < prev )
        {
            backwards++;
            if ( prev - cur > worst )
                worst = prev - cur;
        }
        prev = cur;
        /* Now and then, let the hypervisor reschedule us. */
        if ( i % 4000 == 0 )
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    printk("pvclock: 20000 reads over %lu ns, %u version changes, %u "
           "backwards (worst %lu ns)\n", prev - first, versions, backwards,
           worst);
    EXPECT_EQ(odd_raw, 0);
    EXPECT_EQ(odd_used, 0);
    EXPECT_EQ(backwards, 0);

    /* Across a block: later, never earlier. */
    cur = now_ns();
    sched_poll(&timer_port, 1, cur + NSEC_PER_MSEC);
    prev = now_ns();
    EXPECT_TRUE(prev >= cur + NSEC_PER_MSEC);
}

static void test_wallclock(void)
{
    static const char *const months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    uint64_t sec, now, days, y = 1970;
    uint32_t nsec, v;
    unsigned int m = 0, dim;

    wallclock_read(&sec, &nsec, &v);
    EXPECT_EQ(v & 1, 0);
    EXPECT_TRUE(sec > 1700000000ULL);       /* after November 2023 */
    EXPECT_TRUE(sec < 4102444800ULL);       /* before 2100 */
    EXPECT_TRUE(nsec < NSEC_PER_SEC);

    /* The date now, for the log (the proleptic Gregorian calendar). */
    now = sec + (nsec + now_ns()) / NSEC_PER_SEC;
    days = now / 86400;
    for ( ; ; y++ )
    {
        unsigned int len = (y % 4 == 0 && (y % 100 || y % 400 == 0))
                           ? 366 : 365;

        if ( days < len )
            break;
        days -= len;
    }
    for ( ; m < 12; m++ )
    {
        static const unsigned int mdays[] = {
            31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        };

        dim = mdays[m] + (m == 1 && y % 4 == 0 &&
                          (y % 100 || y % 400 == 0));
        if ( days < dim )
            break;
        days -= dim;
    }
    printk("wall clock: version %u, boot at %lu.%09u s; now %lu %s %lu "
           "%02lu:%02lu:%02lu UTC\n", v, sec, nsec, days + 1, months[m], y,
           now / 3600 % 24, now / 60 % 60, now % 60);
}

static long get_runstate(struct vcpu_runstate_info *rs)
{
    return HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, rs);
}

static void test_runstate(void)
{
    static struct vcpu_runstate_info area;
    struct vcpu_register_runstate_memory_area reg;
    struct vcpu_runstate_info r1, r2;
    uint64_t t0, t1, blocked;

    if ( !EXPECT_EQ(get_runstate(&r1), 0) )
        return;
    t0 = now_ns();
    EXPECT_EQ(r1.state, RUNSTATE_running);
    EXPECT_TRUE(r1.time[RUNSTATE_running] > 0);
    EXPECT_TRUE(r1.state_entry_time <= t0);
    printk("runstate: running %lu runnable %lu blocked %lu offline %lu "
           "ns\n", r1.time[0], r1.time[1], r1.time[2], r1.time[3]);

    /* Running 2 ms: running time grows by about that. */
    spin_until(t0 + 2 * NSEC_PER_MSEC);
    EXPECT_EQ(get_runstate(&r2), 0);
    t1 = now_ns();
    EXPECT_TRUE(r2.time[RUNSTATE_running] - r1.time[RUNSTATE_running] >=
                (t1 - t0) * 9 / 10);
    EXPECT_TRUE(r2.time[RUNSTATE_running] - r1.time[RUNSTATE_running] <=
                t1 - t0 + NSEC_PER_MSEC);
    EXPECT_EQ(r2.time[RUNSTATE_blocked], r1.time[RUNSTATE_blocked]);
    /*
     * Still running since the same moment: state_entry_time is when the
     * state was entered (Xen brings time[] up to date, not that).
     */
    EXPECT_EQ(r2.state, RUNSTATE_running);
    if ( !EXPECT_EQ(r2.state_entry_time, r1.state_entry_time) )
        printk("  state_entry_time moved by %lu ns while running\n",
               r2.state_entry_time - r1.state_entry_time);

    /*
     * Blocked in a 5 ms poll that times out: blocked time grows by most
     * of it (the hypercall itself runs for a good part of a millisecond
     * of emulated time before the vCPU blocks).
     */
    t0 = now_ns();
    sched_poll(&timer_port, 1, t0 + 5 * NSEC_PER_MSEC);
    t1 = now_ns();
    EXPECT_EQ(get_runstate(&r1), 0);
    blocked = r1.time[RUNSTATE_blocked] - r2.time[RUNSTATE_blocked];
    printk("runstate: blocked %lu ns in a %lu ns poll (running +%lu, "
           "runnable +%lu)\n", blocked, t1 - t0, r1.time[0] - r2.time[0],
           r1.time[1] - r2.time[1]);
    EXPECT_TRUE(blocked >= (t1 - t0) / 2);
    EXPECT_TRUE(blocked <= t1 - t0);
    EXPECT_EQ(r1.time[RUNSTATE_offline], r2.time[RUNSTATE_offline]);

    /* A registered area is filled in at once... */
    memset(&area, 0xff, sizeof(area));
    reg.addr = (uint64_t)&area;
    if ( !EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area,
                                       0, &reg), 0) )
        return;
    t0 = now_ns();
    EXPECT_EQ(area.state, RUNSTATE_running);
    /* The running state's time so far is now - state_entry_time. */
    EXPECT_TRUE(area.state_entry_time <= t0);
    EXPECT_TRUE(area.time[RUNSTATE_running] + t0 - area.state_entry_time >=
                r1.time[RUNSTATE_running]);
    EXPECT_EQ(area.time[RUNSTATE_blocked], r1.time[RUNSTATE_blocked]);

    /* ... and kept up to date. */
    r2 = area;
    t0 = now_ns();
    sched_poll(&timer_port, 1, t0 + 5 * NSEC_PER_MSEC);
    t1 = now_ns();
    blocked = area.time[RUNSTATE_blocked] - r2.time[RUNSTATE_blocked];
    printk("runstate area: blocked %lu ns in a %lu ns poll\n", blocked,
           t1 - t0);
    EXPECT_EQ(area.state, RUNSTATE_running);
    EXPECT_TRUE(blocked >= (t1 - t0) / 2);
    EXPECT_TRUE(area.state_entry_time > r2.state_entry_time);
    /* Running again since the poll's timeout. */
    EXPECT_TRUE(area.state_entry_time >= t0 + 5 * NSEC_PER_MSEC);
    EXPECT_TRUE(area.state_entry_time <= t1);
    EXPECT_EQ(get_runstate(&r1), 0);
    EXPECT_EQ(r1.time[RUNSTATE_blocked], area.time[RUNSTATE_blocked]);
    EXPECT_EQ(r1.state_entry_time, area.state_entry_time);

    /* Unregistered: no longer written. */
    reg.addr = 0;
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                 &reg), 0);
    r2 = area;
    sched_poll(&timer_port, 1, now_ns() + NSEC_PER_MSEC);
    EXPECT_EQ(area.time[RUNSTATE_blocked], r2.time[RUNSTATE_blocked]);
    EXPECT_EQ(area.state_entry_time, r2.state_entry_time);

    /* Bad arguments. */
    reg.addr = 0x0000700000000000UL;        /* unmapped in either ABI */
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                  &reg), -EFAULT);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, NULL),
               -EFAULT);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 63, &r1),
               -ENOENT);
}

void test_main(void)
{
    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port), 0) )
        return;
    evtchn_set_handler(timer_port, timer_handler, NULL);
    EXPECT_EQ(evtchn_unmask(timer_port), 0);
    local_irq_enable();

    test_singleshot();
    test_periodic();
    test_set_timer_op();
    printk("timers: worst lateness %lu ns (bound %lu ns)\n", max_lateness,
           LATE_BOUND_NS);

    /* The rest polls the (masked) timer port just to sleep. */
    evtchn_mask(timer_port);
    test_pvclock();
    test_wallclock();
    test_runstate();
    local_irq_disable();
}
