/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dom0 with four vCPUs on two pCPUs: bringing secondaries up with
 * VCPUOP_initialise and VCPUOP_up, IPIs between every pair of vCPUs,
 * waking halted vCPUs, a pvclock that never goes backwards from one
 * vCPU to another, blocking ping-pong between pairs of vCPUs, events
 * moved to another vCPU, SCHEDOP_poll ended by another vCPU, VCPUOP_down
 * and VCPUOP_up (a vCPU brought down resumes where it stopped), and last
 * a wake-up sent while the target's pCPU is taking it off.
 *
 * The boot test gives the hypervisor dom0_max_vcpus=4.  The phases run
 * in lockstep: every vCPU meets the others at a barrier between two
 * phases.  vCPU 0 checks the results and gives up on a barrier after
 * BARRIER_TIMEOUT, so that a lost vCPU fails the test instead of
 * hanging it; should vCPU 0 be the one lost, a secondary does the same
 * after SECONDARY_BARRIER_TIMEOUT.
 *
 * VCPUOP_is_up, VCPUOP_up and the bind calls are also tried on vCPUs
 * that exist (below dom0_max_vcpus) but were never initialised: Xen
 * creates all of a domain's vCPUs with the domain, and guests rely on
 * that (Linux counts its possible CPUs with VCPUOP_is_up, and binds a
 * CPU's IPIs and timer before bringing it up).
 */
#include <guest/events.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/arch-x86/cpuid.h>

const char test_name[] = "smp";

#define NR_VCPUS            4
#define IPI_ROUNDS          20
#define PINGPONG_ROUNDS     200
#define CLOCK_NS            (200 * NSEC_PER_MSEC)
#define CLOCK_SPIN_NS       (2 * NSEC_PER_MSEC)
#define CLOCK_SLEEP_NS      NSEC_PER_MSEC
#define WAIT_NS             (500 * NSEC_PER_MSEC)
#define BARRIER_TIMEOUT     (2000 * NSEC_PER_MSEC)
#define SECONDARY_BARRIER_TIMEOUT (10000 * NSEC_PER_MSEC)

/* Xen's CPUID leaf 4 (base + 4): EBX is the vCPU id. */
#define XEN_CPUID_LEAF_HVM  4

static void yield(void)
{
    HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/*
 * Spins with interrupts on until cond holds or ns have passed, yielding
 * now and then so that vCPUs waiting for a pCPU get one sooner.
 */
#define WAIT_UNTIL(cond, ns) ({                                         \
    uint64_t until_ = now_ns() + (ns);                                  \
    unsigned int spins_ = 0;                                            \
    bool ok_;                                                           \
    while ( !(ok_ = (cond)) && now_ns() < until_ )                      \
    {                                                                   \
        if ( ++spins_ % 16 == 0 )                                       \
            yield();                                                    \
        else                                                            \
            cpu_relax();                                                \
    }                                                                   \
    ok_;                                                                \
})

/*
 * The idle idiom of real kernels: test with interrupts off, then
 * "sti; hlt", so that an event arriving between the test and the halt
 * is not slept through, then interrupts off again for the next test.
 * The event's upcall must be taken at the HLT, before that CLI.  Gives
 * up once ns have passed (checked whenever the vCPU wakes).
 */
#define HALT_UNTIL(cond, ns) ({                                         \
    uint64_t until_ = now_ns() + (ns);                                  \
    bool ok_;                                                           \
    local_irq_disable();                                                \
    while ( !(ok_ = (cond)) && now_ns() < until_ )                      \
    {                                                                   \
        safe_halt();                                                    \
        local_irq_disable();                                            \
    }                                                                   \
    local_irq_enable();                                                 \
    ok_;                                                                \
})

/* ----- the barrier ----- */

static unsigned int bar_count, bar_gen;

/* Arrives at the barrier; returns the generation to wait out. */
static unsigned int barrier_arrive(void)
{
    unsigned int gen = atomic_read(&bar_gen);

    if ( atomic_inc(&bar_count) == NR_VCPUS )
    {
        atomic_set(&bar_count, 0);
        atomic_inc(&bar_gen);
    }
    return gen;
}

/* Waits for the others; false if timeout_ns passed first. */
static bool barrier_wait(unsigned int gen, uint64_t timeout_ns)
{
    return WAIT_UNTIL(atomic_read(&bar_gen) != gen, timeout_ns);
}

static bool smp_barrier(uint64_t timeout_ns)
{
    return barrier_wait(barrier_arrive(), timeout_ns);
}

static bool watchdog_fired;

static int vcpu_runstate(unsigned int id)
{
    struct vcpu_runstate_info rs;

    if ( HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &rs) )
        return -1;
    return rs.state;
}

/* vCPU 0's barrier: a vCPU that does not arrive ends the test. */
static void barrier0(const char *before)
{
    unsigned int i;

    if ( smp_barrier(BARRIER_TIMEOUT) )
        return;
    if ( atomic_xchg(&watchdog_fired, true) )
        halt_forever();
    test_fail("vCPUs missing at the barrier after %s", before);
    for ( i = 0; i < NR_VCPUS; i++ )
        printk("  vCPU %u: is_up %ld, runstate %d\n", i, vcpu_is_up(i),
               vcpu_runstate(i));
    test_finish();
}

/*
 * The others' barrier.  Should vCPU 0 itself be lost (never run again),
 * the first secondary to give up on a barrier ends the test instead.
 */
static void phase_barrier(unsigned int me, const char *before)
{
    unsigned int i;

    if ( me == 0 )
    {
        barrier0(before);
        return;
    }
    if ( smp_barrier(SECONDARY_BARRIER_TIMEOUT) ||
         atomic_xchg(&watchdog_fired, true) )
        return;
    test_fail("vCPU %u: vCPUs missing at the barrier after %s", me, before);
    for ( i = 0; i < NR_VCPUS; i++ )
        printk("  vCPU %u: is_up %ld, runstate %d\n", i, vcpu_is_up(i),
               vcpu_runstate(i));
    test_finish();
}

/* ----- IPIs ----- */

/* ipi_port[to][from]: notifies "to", sent by "from". */
static evtchn_port_t ipi_port[NR_VCPUS][NR_VCPUS];
static unsigned int ipi_recv[NR_VCPUS][NR_VCPUS];
static unsigned int ipi_wrong_cpu, ipi_bind_failed;

static void ipi_handler(evtchn_port_t port, void *data)
{
    unsigned int *count = data;
    unsigned int to = (count - &ipi_recv[0][0]) / NR_VCPUS;

    if ( smp_processor_id() != to )
        atomic_inc(&ipi_wrong_cpu);
    atomic_inc(count);
}

/* Each vCPU binds the ports it receives on. */
static void bind_ipis(unsigned int me)
{
    unsigned int from;
    evtchn_port_t p;

    for ( from = 0; from < NR_VCPUS; from++ )
    {
        if ( from == me )
            continue;
        if ( evtchn_bind_ipi(me, &p) || evtchn_unmask(p) )
        {
            atomic_inc(&ipi_bind_failed);
            continue;
        }
        evtchn_set_handler(p, ipi_handler, &ipi_recv[me][from]);
        atomic_set(&ipi_port[me][from], p);
    }
}

static unsigned int ipi_lost;

/*
 * Every vCPU sends to every other, IPI_ROUNDS times, waiting for each
 * round to be counted before the next, so that no event merges with
 * another.
 */
static void ipi_all(unsigned int me)
{
    unsigned int r, to;

    for ( r = 1; r <= IPI_ROUNDS; r++ )
    {
        for ( to = 0; to < NR_VCPUS; to++ )
            if ( to != me && ipi_port[to][me] )
                evtchn_send(ipi_port[to][me]);
        for ( to = 0; to < NR_VCPUS; to++ )
            if ( to != me && ipi_port[to][me] &&
                 !WAIT_UNTIL(atomic_read(&ipi_recv[to][me]) >= r, WAIT_NS) )
            {
                atomic_inc(&ipi_lost);
                return;
            }
    }
}

static void check_ipis(void)
{
    unsigned int to, from, bad = 0;

    EXPECT_EQ(ipi_bind_failed, 0);
    EXPECT_EQ(ipi_lost, 0);
    EXPECT_EQ(ipi_wrong_cpu, 0);
    for ( to = 0; to < NR_VCPUS; to++ )
        for ( from = 0; from < NR_VCPUS; from++ )
            if ( to != from && ipi_recv[to][from] != IPI_ROUNDS )
            {
                bad++;
                printk("  vCPU %u got %u IPIs from vCPU %u, want %u\n", to,
                       ipi_recv[to][from], from, IPI_ROUNDS);
            }
    EXPECT_EQ(bad, 0);
    printk("IPIs: %u vCPUs sent each other %u each; upcalls taken: "
           "%lu %lu %lu %lu\n", NR_VCPUS, IPI_ROUNDS, percpu[0].upcalls,
           percpu[1].upcalls, percpu[2].upcalls, percpu[3].upcalls);
}

/* ----- waking halted vCPUs ----- */

static unsigned int wake_token[NR_VCPUS], woken[NR_VCPUS];

/* Secondaries halt until vCPU 0 hands them a token and an IPI. */
static void halt_for_token(unsigned int me)
{
    if ( HALT_UNTIL(atomic_read(&wake_token[me]), 10 * WAIT_NS) )
        atomic_set(&woken[me], 1);
}

static void wake_halted(void)
{
    unsigned int k, before;

    for ( k = 1; k < NR_VCPUS; k++ )
    {
        /* Give it time to halt: an IPI to a running vCPU is another test. */
        spin_until(now_ns() + 2 * NSEC_PER_MSEC);
        before = atomic_read(&ipi_recv[k][0]);
        atomic_set(&wake_token[k], 1);
        if ( !ipi_port[k][0] || !EXPECT_EQ(evtchn_send(ipi_port[k][0]), 0) )
            continue;
        if ( !EXPECT_TRUE(WAIT_UNTIL(atomic_read(&woken[k]), WAIT_NS)) )
            printk("  vCPU %u did not wake from HLT\n", k);
        EXPECT_EQ(atomic_read(&ipi_recv[k][0]), before + 1);
    }
}

/* ----- the pvclock from every vCPU ----- */

/* The latest system time any vCPU has read. */
static uint64_t clock_max;

struct clock_stats {
    uint64_t reads, behind, worst_behind, own_backwards, versions;
    uint64_t sleeps, sleeps_stuck, runnable_ns, blocked_ns;
    bool timer_failed;
};
static struct clock_stats clock_stats[NR_VCPUS];

static evtchn_port_t timer_port[NR_VCPUS];
static unsigned int timer_fired[NR_VCPUS];

static void timer_handler(evtchn_port_t port, void *data)
{
    unsigned int *fired = data;

    atomic_inc(fired);
}

static void clock_loop(unsigned int me)
{
    struct clock_stats *cs = &clock_stats[me];
    const struct vcpu_time_info *t = &vcpu_info_of(me)->time;
    struct vcpu_runstate_info r0, r1;
    uint64_t start, spin_end, prev = 0, m, cur;
    uint32_t v, last_v = 0;

    HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, me, &r0);
    start = now_ns();
    spin_end = start + CLOCK_SPIN_NS;
    for ( ; ; )
    {
        /* What some vCPU read before we read: ours may not be earlier. */
        m = atomic_read(&clock_max);
        cur = pvclock_read(t, &v);
        if ( cur < m )
        {
            cs->behind++;
            if ( m - cur > cs->worst_behind )
                cs->worst_behind = m - cur;
        }
        atomic_max_u64(&clock_max, cur);
        if ( cur < prev )
            cs->own_backwards++;
        prev = cur;
        if ( v != last_v )
            cs->versions++;
        last_v = v;
        cs->reads++;
        if ( cur >= start + CLOCK_NS )
            break;

        /*
         * Now and then sleep on the vCPU's own timer: pCPUs go idle and
         * steal vCPUs from each other, and the timers follow.
         */
        if ( cur >= spin_end )
        {
            unsigned int n = atomic_read(&timer_fired[me]);

            if ( vcpu_set_singleshot(cur + CLOCK_SLEEP_NS, 0) )
            {
                cs->timer_failed = true;
                continue;
            }
            cs->sleeps++;
            /* Due in 1 ms: 20 ms means the upcall was not taken. */
            if ( !HALT_UNTIL(atomic_read(&timer_fired[me]) != n,
                             20 * NSEC_PER_MSEC) )
                cs->sleeps_stuck++;
            spin_end = now_ns() + CLOCK_SPIN_NS;
        }
    }
    HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, me, &r1);
    cs->runnable_ns = r1.time[RUNSTATE_runnable] - r0.time[RUNSTATE_runnable];
    cs->blocked_ns = r1.time[RUNSTATE_blocked] - r0.time[RUNSTATE_blocked];
}

static void check_clock(void)
{
    uint64_t behind = 0, worst = 0, own = 0, runnable = 0, stuck = 0;
    unsigned int k, timer_failed = 0;

    for ( k = 0; k < NR_VCPUS; k++ )
    {
        const struct clock_stats *cs = &clock_stats[k];

        printk("pvclock vCPU %u: %lu reads, %lu behind another vCPU "
               "(worst %lu ns), %lu backwards\n", k, cs->reads, cs->behind,
               cs->worst_behind, cs->own_backwards);
        printk("  %lu pvclock updates; %lu sleeps (%lu not woken by their "
               "timer's upcall within 20 ms), %u timer events\n",
               cs->versions, cs->sleeps, cs->sleeps_stuck, timer_fired[k]);
        printk("  runnable %lu ns, blocked %lu ns\n", cs->runnable_ns,
               cs->blocked_ns);
        EXPECT_EQ(timer_fired[k], cs->sleeps);
        stuck += cs->sleeps_stuck;
        behind += cs->behind;
        if ( cs->worst_behind > worst )
            worst = cs->worst_behind;
        own += cs->own_backwards;
        runnable += cs->runnable_ns;
        timer_failed += cs->timer_failed;
        EXPECT_TRUE(cs->reads > 100);
        EXPECT_TRUE(cs->sleeps > 0);
    }
    if ( !EXPECT_EQ(behind, 0) )
        printk("  a vCPU read a system time up to %lu ns earlier than one "
               "another vCPU had already read\n", worst);
    EXPECT_EQ(own, 0);
    EXPECT_EQ(timer_failed, 0);
    if ( !EXPECT_EQ(stuck, 0) )
        printk("  halted vCPUs did not take the timer's upcall at the HLT "
               "(\"sti; hlt; cli\")\n");
    /* Four vCPUs on two pCPUs: some waited for a pCPU. */
    EXPECT_TRUE(runnable > 0);
}

/* ----- blocking ping-pong between pairs of vCPUs ----- */

/*
 * vCPUs 0 and 1, and 2 and 3, send each other an IPI back and forth,
 * each waiting for the other's in SCHEDOP_poll: every wake-up races with
 * the vCPU going to sleep on its pCPU, and the two often sit on
 * different pCPUs.
 */
static evtchn_port_t pp_port[NR_VCPUS];
static unsigned int pp_recv[NR_VCPUS], pp_done[NR_VCPUS];
static uint64_t pp_ticks[NR_VCPUS];
static bool pp_failed[NR_VCPUS];

static void count_handler(evtchn_port_t port, void *data)
{
    atomic_inc((unsigned int *)data);
}

/* Waits in SCHEDOP_poll (interrupts off around the test) for *count. */
static bool poll_for(const unsigned int *count, unsigned int want,
                     evtchn_port_t port, uint64_t timeout)
{
    uint64_t until = now_ns() + timeout;
    bool ok;

    local_irq_disable();
    while ( !(ok = atomic_read(count) >= want) && now_ns() < until )
    {
        sched_poll(&port, 1, until);
        local_irq_window();
    }
    local_irq_enable();
    return ok;
}

static void blocking_pingpong(unsigned int me)
{
    unsigned int peer = me ^ 1, r;
    bool first = !(me & 1);
    uint64_t t0 = rdtsc_ordered();

    if ( !pp_port[me] || !pp_port[peer] )
    {
        pp_failed[me] = true;
        return;
    }
    for ( r = 1; r <= PINGPONG_ROUNDS; r++ )
    {
        if ( first && evtchn_send(pp_port[peer]) )
            break;
        if ( !poll_for(&pp_recv[me], r, pp_port[me], WAIT_NS) )
        {
            pp_failed[me] = true;
            break;
        }
        if ( !first && evtchn_send(pp_port[peer]) )
            break;
        pp_done[me] = r;
    }
    pp_ticks[me] = rdtsc_ordered() - t0;
}

static void check_pingpong(void)
{
    unsigned int k;

    for ( k = 0; k < NR_VCPUS; k++ )
    {
        if ( !EXPECT_EQ(pp_done[k], PINGPONG_ROUNDS) ||
             !EXPECT_TRUE(!pp_failed[k]) )
            printk("  vCPU %u: %u round trips with vCPU %u, then no "
                   "answer\n", k, pp_done[k], k ^ 1);
        EXPECT_EQ(pp_recv[k], PINGPONG_ROUNDS);
    }
    printk("blocking ping-pong: %u round trips per pair, %lu TSC ticks "
           "each (vCPU 0's view)\n", PINGPONG_ROUNDS,
           pp_ticks[0] / PINGPONG_ROUNDS);
}

/* ----- a wake-up that races with the vCPU going to sleep ----- */

/*
 * vCPU 1 blocks in SCHEDOP_poll; vCPU 0 sends it an event a little
 * later each time, from SWEEP_MIN_NS after vCPU 1's last look at the
 * clock before the hypercall, in steps of SWEEP_STEP_NS: one of the
 * sends lands while vCPU 1's pCPU is taking it off, whatever the exact
 * cost of the hypercall.  vCPUs 2 and 3 block meanwhile, leaving the
 * two pCPUs to vCPUs 0 and 1.
 */
#define SWEEP_STEPS         300
#define SWEEP_MIN_NS        (100 * NSEC_PER_USEC)
#define SWEEP_STEP_NS       (5 * NSEC_PER_USEC)

static uint64_t sweep_t;
static unsigned int sweep_step, sweep_done_steps;
static bool sweep_over, sweep_lost;

static void sweep_poller(void)
{
    unsigned int base = atomic_read(&pp_recv[1]), s;
    evtchn_port_t port = pp_port[1];
    uint64_t t;

    for ( s = 1; s <= SWEEP_STEPS && !atomic_read(&sweep_over); s++ )
    {
        local_irq_disable();
        t = now_ns();
        atomic_set(&sweep_t, t);
        atomic_set(&sweep_step, s);
        while ( atomic_read(&pp_recv[1]) < base + s &&
                now_ns() < t + WAIT_NS && !atomic_read(&sweep_over) )
        {
            sched_poll(&port, 1, t + WAIT_NS);
            local_irq_window();
        }
        local_irq_enable();
    }
}

static void sweep_sender(void)
{
    unsigned int base = atomic_read(&pp_recv[1]), s;
    struct vcpu_runstate_info rs;
    uint64_t t;

    for ( s = 1; s <= SWEEP_STEPS; s++ )
    {
        if ( !WAIT_UNTIL(atomic_read(&sweep_step) == s, WAIT_NS) )
            break;
        t = atomic_read(&sweep_t);
        spin_until(t + SWEEP_MIN_NS + (s - 1) * SWEEP_STEP_NS);
        if ( evtchn_send(pp_port[1]) )
            break;
        if ( !WAIT_UNTIL(atomic_read(&pp_recv[1]) >= base + s, WAIT_NS) )
        {
            atomic_set(&sweep_lost, true);
            HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs);
            printk("wake-up race: vCPU 1 did not run for %lu ms after an "
                   "event sent %lu us into its poll\n",
                   WAIT_NS / NSEC_PER_MSEC,
                   (SWEEP_MIN_NS + (s - 1) * SWEEP_STEP_NS) /
                   NSEC_PER_USEC);
            printk("  vCPU 1: is_up %ld, runstate %d since %lu (now %lu), "
                   "upcall_pending %u, port %u pending %d\n",
                   vcpu_is_up(1), rs.state, rs.state_entry_time, now_ns(),
                   vcpu_info_of(1)->evtchn_upcall_pending, pp_port[1],
                   evtchn_is_pending(pp_port[1]));
            break;
        }
        sweep_done_steps = s;
    }
    atomic_set(&sweep_over, true);
}

/* vCPUs 2 and 3: blocked (in short polls) until the sweep is over. */
static void sweep_bystander(unsigned int me)
{
    while ( !atomic_read(&sweep_over) )
        sched_poll(&pp_port[me], 1, now_ns() + 5 * NSEC_PER_MSEC);
}

static void check_sweep(void)
{
    if ( !EXPECT_TRUE(!sweep_lost) )
        printk("  a vCPU woken while its pCPU took it off was lost\n");
    EXPECT_EQ(sweep_done_steps, SWEEP_STEPS);
    printk("wake-up race: %u sends, %lu to %lu us into vCPU 1's poll\n",
           sweep_done_steps, SWEEP_MIN_NS / NSEC_PER_USEC,
           (SWEEP_MIN_NS + (SWEEP_STEPS - 1) * SWEEP_STEP_NS) /
           NSEC_PER_USEC);
}

/* ----- events moved between vCPUs, polls ended by another vCPU ----- */

/* A request to vCPU 1: send this port once its clock passes send_at. */
static evtchn_port_t send_req_port;
static uint64_t send_req_at;

static void serve_send_request(void)
{
    evtchn_port_t p = atomic_read(&send_req_port);

    if ( p && now_ns() >= atomic_read(&send_req_at) )
    {
        evtchn_send(p);
        atomic_set(&send_req_port, 0);
    }
}

static void test_cross_vcpu(void)
{
    struct evtchn_status st;
    evtchn_port_t a, b, q;
    uint64_t c, start, end;
    unsigned int k;

    /* A loopback pair whose receiving end notifies each vCPU in turn. */
    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0) ||
         !EXPECT_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0) )
        return;
    evtchn_clear_pending(b);
    EXPECT_EQ(evtchn_unmask(b), 0);
    for ( k = 0; k < NR_VCPUS; k++ )
    {
        if ( !EXPECT_EQ(evtchn_bind_vcpu(b, k), 0) )
            continue;
        if ( EXPECT_EQ(evtchn_status(DOMID_SELF, b, &st), 0) )
            EXPECT_EQ(st.vcpu, k);
        c = evtchn_count(b);
        EXPECT_EQ(evtchn_send(a), 0);
        if ( EXPECT_TRUE(WAIT_UNTIL(evtchn_count(b) == c + 1, WAIT_NS)) )
            EXPECT_EQ(evtchn_last_cpu(b), k);
    }
    /* An IPI port keeps its vCPU. */
    if ( ipi_port[2][0] )
        EXPECT_ERR(evtchn_bind_vcpu(ipi_port[2][0], 1), -EINVAL);
    EXPECT_EQ(evtchn_close(a), 0);
    EXPECT_EQ(evtchn_close(b), 0);

    /* vCPU 1 sends on a masked port of ours while we poll it. */
    if ( !EXPECT_EQ(evtchn_bind_ipi(0, &q), 0) )
        return;
    start = now_ns();
    atomic_set(&send_req_at, start + 3 * NSEC_PER_MSEC);
    atomic_set(&send_req_port, q);
    EXPECT_EQ(sched_poll(&q, 1, start + 200 * NSEC_PER_MSEC), 0);
    end = now_ns();
    EXPECT_TRUE(evtchn_is_pending(q));
    EXPECT_TRUE(end >= start + 3 * NSEC_PER_MSEC);
    EXPECT_TRUE(end < start + 200 * NSEC_PER_MSEC);
    printk("SCHEDOP_poll: ended by vCPU 1's send after %lu ns\n",
           end - start);
    EXPECT_EQ(evtchn_close(q), 0);
}

/* ----- VCPUOP_down and VCPUOP_up ----- */

static bool stop_counting;
static uint64_t counter;
static long self_down_rc = 1;
static bool self_down_returned, halted_woken, halted_ok;

/* vCPU 2: counts until told to stop, in a local it publishes. */
static void count_loop(void)
{
    uint64_t n = 0;

    while ( !atomic_read(&stop_counting) )
    {
        n++;
        atomic_set(&counter, n);
    }
}

/* vCPU 3 takes itself down; it goes on from here once brought up. */
static void down_self(unsigned int me)
{
    long rc = vcpu_down(me);

    atomic_set(&self_down_rc, rc);
    atomic_set(&self_down_returned, true);
}

/* vCPU 1 halts until an IPI says to go on. */
static void halt_until_ipi(void)
{
    unsigned int n = atomic_read(&ipi_recv[1][0]);

    atomic_set(&halted_ok, HALT_UNTIL(atomic_read(&ipi_recv[1][0]) != n,
                                      2 * WAIT_NS));
    atomic_set(&halted_woken, true);
}

static void test_down_up(void)
{
    struct vcpu_runstate_info rs;
    uint64_t c1, c2, c3;
    unsigned int n;

    /* vCPU 2, running: down, stopped, up, resumed. */
    if ( !EXPECT_TRUE(WAIT_UNTIL(atomic_read(&counter) > 1000, WAIT_NS)) )
        return;
    EXPECT_EQ(vcpu_down(2), 0);
    EXPECT_EQ(vcpu_is_up(2), 0);
    /* Down twice is fine. */
    EXPECT_EQ(vcpu_down(2), 0);
    spin_until(now_ns() + NSEC_PER_MSEC);
    c1 = atomic_read(&counter);
    spin_until(now_ns() + 5 * NSEC_PER_MSEC);
    c2 = atomic_read(&counter);
    EXPECT_EQ(c2, c1);
    if ( EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 2, &rs), 0) )
        EXPECT_EQ(rs.state, RUNSTATE_offline);
    /* An IPI to a vCPU that is down waits until it is up. */
    n = atomic_read(&ipi_recv[2][0]);
    if ( ipi_port[2][0] )
        EXPECT_EQ(evtchn_send(ipi_port[2][0]), 0);
    spin_until(now_ns() + 2 * NSEC_PER_MSEC);
    EXPECT_EQ(atomic_read(&ipi_recv[2][0]), n);

    EXPECT_EQ(vcpu_up(2), 0);
    EXPECT_EQ(vcpu_is_up(2), 1);
    EXPECT_EQ(vcpu_up(2), 0);
    EXPECT_TRUE(WAIT_UNTIL(atomic_read(&counter) > c2, WAIT_NS));
    c3 = atomic_read(&counter);
    printk("down/up: vCPU 2 counted to %lu, stopped at %lu, went on to "
           "%lu\n", c1, c2, c3);
    /* Same loop, same local: it went on from where it stopped. */
    EXPECT_TRUE(c3 > c2);
    EXPECT_EQ(atomic_read(&percpu[2].entered), 1);
    if ( ipi_port[2][0] )
        EXPECT_TRUE(WAIT_UNTIL(atomic_read(&ipi_recv[2][0]) == n + 1,
                               WAIT_NS));

    /* vCPU 3 took itself down: it returns from the call once up. */
    if ( EXPECT_TRUE(WAIT_UNTIL(vcpu_is_up(3) == 0, WAIT_NS)) )
    {
        spin_until(now_ns() + 2 * NSEC_PER_MSEC);
        EXPECT_TRUE(!atomic_read(&self_down_returned));
        EXPECT_EQ(vcpu_up(3), 0);
        EXPECT_TRUE(WAIT_UNTIL(atomic_read(&self_down_returned), WAIT_NS));
        EXPECT_EQ(atomic_read(&self_down_rc), 0);
    }

    /* vCPU 1, halted: down, an IPI that must not wake it, up, woken. */
    spin_until(now_ns() + 2 * NSEC_PER_MSEC);
    EXPECT_EQ(vcpu_down(1), 0);
    n = atomic_read(&ipi_recv[1][0]);
    if ( ipi_port[1][0] )
        EXPECT_EQ(evtchn_send(ipi_port[1][0]), 0);
    spin_until(now_ns() + 2 * NSEC_PER_MSEC);
    EXPECT_EQ(atomic_read(&ipi_recv[1][0]), n);
    EXPECT_TRUE(!atomic_read(&halted_woken));
    EXPECT_EQ(vcpu_up(1), 0);
    if ( EXPECT_TRUE(WAIT_UNTIL(atomic_read(&halted_woken), 4 * WAIT_NS)) &&
         !EXPECT_TRUE(atomic_read(&halted_ok)) )
        printk("  vCPU 1 did not take the IPI's upcall at its HLT\n");
    EXPECT_EQ(atomic_read(&ipi_recv[1][0]), n + 1);

    atomic_set(&stop_counting, true);
}

/* ----- the secondaries ----- */

static unsigned int cpuid_vcpu_id[NR_VCPUS];

static void common_setup(unsigned int me)
{
    cpuid_vcpu_id[me] = cpuid(xen_cpuid_base + XEN_CPUID_LEAF_HVM).b;
    bind_ipis(me);
    if ( !evtchn_bind_ipi(me, &pp_port[me]) )
    {
        evtchn_set_handler(pp_port[me], count_handler, &pp_recv[me]);
        evtchn_unmask(pp_port[me]);
    }
    if ( !evtchn_bind_virq(VIRQ_TIMER, me, &timer_port[me]) )
    {
        evtchn_set_handler(timer_port[me], timer_handler, &timer_fired[me]);
        evtchn_unmask(timer_port[me]);
    }
    local_irq_enable();
}

static void secondary_main(unsigned int me)
{
    common_setup(me);
    phase_barrier(me, "start-up");            /* B0: everyone is up */
    ipi_all(me);
    phase_barrier(me, "the IPIs");            /* B1 */
    phase_barrier(me, "their check");         /* B2 */
    halt_for_token(me);
    phase_barrier(me, "the wake-ups");        /* B3 */
    clock_loop(me);
    phase_barrier(me, "the clock loop");      /* B4 */
    phase_barrier(me, "its check");           /* B5 */
    blocking_pingpong(me);
    phase_barrier(me, "the ping-pong");       /* B6 */
    /* B7: vCPU 1 serves vCPU 0's send request meanwhile. */
    if ( me == 1 )
    {
        unsigned int gen = barrier_arrive();

        while ( !barrier_wait(gen, 100 * NSEC_PER_USEC) )
            serve_send_request();
    }
    else
        phase_barrier(me, "the cross-vCPU events");
    switch ( me )
    {
    case 1:
        halt_until_ipi();
        break;
    case 2:
        count_loop();
        break;
    case 3:
        down_self(me);
        break;
    }
    phase_barrier(me, "down/up");             /* B8 */
    /* Last: a vCPU lost here would take the phases after it along. */
    if ( me == 1 )
        sweep_poller();
    else
        sweep_bystander(me);
    phase_barrier(me, "the wake-up race");    /* B9 */
}

/* ----- vCPU 0 ----- */

/* vCPUs that exist but were never initialised (Xen creates them all). */
static void test_before_initialise(void)
{
    struct vcpu_runstate_info rs;
    evtchn_port_t p;
    unsigned int k;

    for ( k = 1; k < NR_VCPUS; k++ )
        if ( !EXPECT_EQ(vcpu_is_up(k), 0) )
            printk("  VCPUOP_is_up(%u) before VCPUOP_initialise\n", k);
    EXPECT_ERR(vcpu_is_up(NR_VCPUS), -ENOENT);
    EXPECT_ERR(vcpu_up(NR_VCPUS), -ENOENT);
    EXPECT_ERR(vcpu_up(NR_VCPUS - 1), -EINVAL);
    if ( EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, NR_VCPUS - 1,
                                      &rs), 0) )
        EXPECT_EQ(rs.state, RUNSTATE_offline);
    if ( EXPECT_EQ(evtchn_bind_ipi(NR_VCPUS - 1, &p), 0) )
        EXPECT_EQ(evtchn_close(p), 0);
    if ( EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, NR_VCPUS - 1, &p), 0) )
        EXPECT_EQ(evtchn_close(p), 0);
    EXPECT_ERR(evtchn_bind_ipi(NR_VCPUS, &p), -ENOENT);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_initialise, NR_VCPUS, NULL),
               -ENOENT);
}

static void start_secondaries(void)
{
    unsigned int k;
    long rc;

    for ( k = 1; k < NR_VCPUS; k++ )
    {
        rc = smp_initialise_cpu(k, secondary_main);
        if ( !EXPECT_EQ(rc, 0) )
        {
            printk("  VCPUOP_initialise(%u) failed: the test cannot go "
                   "on\n", k);
            test_finish();
        }
        /* Initialised is not up. */
        EXPECT_EQ(vcpu_is_up(k), 0);
        EXPECT_EQ(atomic_read(&percpu[k].entered), 0);
        EXPECT_EQ(vcpu_up(k), 0);
        EXPECT_EQ(vcpu_is_up(k), 1);
    }
    /* A running vCPU cannot be initialised. */
    EXPECT_ERR(smp_initialise_cpu(1, secondary_main), -EEXIST);
}

static void wait_all_down(void)
{
    unsigned int k;

    for ( k = 1; k < NR_VCPUS; k++ )
        if ( !EXPECT_TRUE(WAIT_UNTIL(vcpu_is_up(k) == 0, WAIT_NS)) )
            printk("  vCPU %u still up\n", k);
    for ( k = 1; k < NR_VCPUS; k++ )
    {
        EXPECT_TRUE(atomic_read(&percpu[k].done));
        EXPECT_EQ(atomic_read(&percpu[k].entered), 1);
        EXPECT_EQ(cpuid_vcpu_id[k], k);
    }
    EXPECT_EQ(cpuid_vcpu_id[0], 0);
    /* The last one up cannot go down. */
    EXPECT_ERR(vcpu_down(0), -EBUSY);
    EXPECT_EQ(vcpu_is_up(0), 1);
}

void test_main(void)
{
    uint64_t t0 = 0;

    if ( !EXPECT_EQ(events_init(), 0) )
        return;
    EXPECT_EQ(vcpu_is_up(0), 1);
    test_before_initialise();

    common_setup(0);
    start_secondaries();
    barrier0("start-up");               /* B0 */
    EXPECT_EQ(ipi_bind_failed, 0);
    t0 = now_ns();
    ipi_all(0);
    barrier0("the IPIs");               /* B1 */
    printk("IPIs done in %lu ns\n", now_ns() - t0);
    check_ipis();
    barrier0("their check");            /* B2 */
    wake_halted();
    barrier0("the wake-ups");           /* B3 */
    clock_loop(0);
    barrier0("the clock loop");         /* B4 */
    check_clock();
    barrier0("its check");              /* B5 */
    blocking_pingpong(0);
    barrier0("the ping-pong");          /* B6 */
    check_pingpong();
    test_cross_vcpu();
    barrier0("the cross-vCPU events");  /* B7 */
    test_down_up();
    barrier0("down/up");                /* B8 */
    sweep_sender();
    barrier0("the wake-up race");       /* B9 */
    check_sweep();
    wait_all_down();
    local_irq_disable();
}
