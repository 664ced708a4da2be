/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The isolation suite's dom0: it watches itself while unprivileged
 * boot-time domUs attack (attack.c, fuzz-domu.c), one after the other,
 * and checks that it carried on undisturbed.
 *
 * Command line: d<N>=<mode> for each domU N (calls, triple, flood, spin
 * or fuzz: what that domU was started to do), window=<ms> (default
 * 500), fuzz_timeout=<s> (default 900).  The attacks run in the order
 * calls, triple, flood, fuzz, spin (then by domain id): a spinner never
 * stops, so it goes last.  Each domU's attack starts when dom0 says
 * "go" (see isolation.h); the fuzzer starts at once and is watched to
 * its end.
 *
 * What dom0 measures, for a window of at least window=<ms> of pvclock
 * time while each attack runs (and once before any, as a baseline):
 *
 *  - its 1 ms periodic timer (VCPUOP_set_periodic_timer), with the vCPU
 *    halted between ticks as an idle kernel is: at least 90% of the
 *    ticks the window holds, and no gap between ticks (or between the
 *    window's ends and its first and last tick) above 20 ms;
 *  - at every wake-up, a hypercall (XENVER_version, whose answer must
 *    not change) and an event sent to itself (EVTCHNOP_send on an IPI
 *    port, whose upcall must come as interrupts are enabled again); no
 *    hypercall may take more than 20 ms.
 *
 * The bounds.  A periodic tick is lost, not late, when the previous one
 * is still pending as it fires: missing 10% of them means dom0 was kept
 * from its pCPU for over a millisecond fifty times in half a second.
 * The scheduler gives each vCPU a 10 ms slice, enforced by the host's
 * timer, and runs a woken vCPU ahead of the one it preempts, so a woken
 * dom0 should at worst wait out one slice of an attacker's vCPU; 20 ms
 * is two.  An attacker that keeps a pCPU (never preempted, or
 * holding the hypervisor up) shows as a gap of the whole window.  Time
 * is the emulator's: Bochs counts instructions, not host time, so host
 * load does not move these figures.
 *
 * dom0's own side of the attacks: ports of dom0's that a domU must not
 * reach (offered to dom0 itself, to a domain that does not exist, to
 * another domU; bound; VIRQ; IPI) keep their state, their mask and no
 * pending event; the one port offered to the calls attacker is bound by
 * it and holds its event; the flooder's port, which dom0 keeps masked,
 * is pending but never upcalls; dom0's code, callback vector and
 * reservation are unchanged; a crashed or spinning domU never answers.
 */
#include <guest/events.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>
#include "isolation.h"

const char test_name[] = "isolation";

#define MAX_DOMUS           8
#define PERIOD_NS           NSEC_PER_MSEC
#define MIN_TICKS_PERCENT   90
#define MAX_GAP_NS          (20 * NSEC_PER_MSEC)
#define MAX_CALL_NS         MAX_GAP_NS
#define DEFAULT_WINDOW_MS   500
#define DEFAULT_FUZZ_S      900

/* Binding a domU's port: it makes it at boot, we retry this long. */
#define BIND_TIMEOUT_NS     (10 * NSEC_PER_SEC)
/* An attacker that runs to its end reports within this. */
#define DONE_TIMEOUT_NS     (60 * NSEC_PER_SEC)
/* A crashed or spinning domU gets this long to answer (it must not). */
#define SILENCE_NS          (50 * NSEC_PER_MSEC)

/* No domain has this id in the suite. */
#define NO_DOMAIN           100

enum mode {
    MODE_NONE,
    MODE_CALLS,
    MODE_TRIPLE,
    MODE_FLOOD,
    MODE_FUZZ,
    MODE_SPIN,              /* last: it never stops */
    NR_MODES
};

static const char *const mode_names[NR_MODES] = {
    [MODE_CALLS] = "calls", [MODE_TRIPLE] = "triple",
    [MODE_FLOOD] = "flood", [MODE_FUZZ] = "fuzz", [MODE_SPIN] = "spin",
};

struct domu {
    unsigned int id;
    enum mode mode;
    evtchn_port_t control;      /* our end of its control port */
    evtchn_port_t flood;        /* our end of a flooder's second port */
    evtchn_port_t offer;        /* our port offered to it */
    unsigned int events;        /* from it: on control (fuzzer: offer) */
    unsigned int flood_events;  /* upcalls on flood: must stay 0 */
};

static struct domu domus[MAX_DOMUS];
static unsigned int nr_domus;

/* dom0's ports that no domU may touch, and their state at the start. */
struct decoy {
    const char *what;
    evtchn_port_t port;
    struct domu *offered_to;    /* the calls attacker it is offered to */
    struct evtchn_status st;
    bool masked;
};

static struct decoy decoys[8 + MAX_DOMUS];
static unsigned int nr_decoys;

static evtchn_port_t timer_port, ipi_port;
static uint64_t window_ns;
static long xen_version0;

/* ------------------------------------------------------------------ */
/* The watch: timer ticks and hypercalls over a window. */

struct window {
    char what[32];
    uint64_t start, end, last, max_gap, max_gap_at;
    unsigned int ticks;
    unsigned int calls, call_failures, ipis_sent, ipis;
    uint64_t max_call_ns, running_ns, runnable_ns;
};

static struct window *cur_window;

static void tick(evtchn_port_t port, void *data)
{
    struct window *w = READ_ONCE(cur_window);
    uint64_t t = now_ns();

    if ( !w )
        return;
    if ( t - w->last > w->max_gap )
    {
        w->max_gap = t - w->last;
        w->max_gap_at = t;
    }
    w->last = t;
    w->ticks++;
}

/* At every wake-up: a hypercall, timed, and an event to ourselves. */
static void liveness(struct window *w)
{
    uint64_t t0, t1;
    long rc;

    t0 = now_ns();
    rc = HYPERVISOR_xen_version(XENVER_version, NULL);
    t1 = now_ns();
    w->calls++;
    if ( rc != xen_version0 )
        w->call_failures++;
    if ( t1 - t0 > w->max_call_ns )
        w->max_call_ns = t1 - t0;

    if ( evtchn_send(ipi_port) )
        w->call_failures++;
    else
        w->ipis_sent++;
    /* The IPI's upcall, now. */
    local_irq_window();
}

static void runstate(struct vcpu_runstate_info *rs)
{
    if ( HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, rs) )
        memset(rs, 0, sizeof(*rs));
}

/*
 * Halts between wake-ups for at least min_ns; then, if done is given,
 * until done(d) or max_ns.  Returns whether done(d) came true.
 */
static bool measure(struct window *w, uint64_t min_ns, uint64_t max_ns,
                    bool (*done)(struct domu *d), struct domu *d)
{
    uint64_t ipis0 = evtchn_count(ipi_port), now;
    struct vcpu_runstate_info r0, r1;
    bool finished = false;

    runstate(&r0);
    local_irq_disable();
    w->start = w->last = now_ns();
    WRITE_ONCE(cur_window, w);
    for ( ; ; )
    {
        now = now_ns();
        if ( done && !finished )
            finished = done(d);
        if ( now - w->start >= min_ns && (!done || finished) )
            break;
        if ( now - w->start >= max_ns )
            break;
        safe_halt();
        local_irq_disable();
        liveness(w);
    }
    WRITE_ONCE(cur_window, NULL);
    w->end = now_ns();
    if ( w->end - w->last > w->max_gap )
    {
        w->max_gap = w->end - w->last;
        w->max_gap_at = w->end;
    }
    local_irq_enable();
    w->ipis = evtchn_count(ipi_port) - ipis0;
    runstate(&r1);
    w->running_ns = r1.time[RUNSTATE_running] - r0.time[RUNSTATE_running];
    w->runnable_ns = r1.time[RUNSTATE_runnable] - r0.time[RUNSTATE_runnable];
    return finished;
}

static void check_window(const struct window *w)
{
    uint64_t len = w->end - w->start, expected = len / PERIOD_NS;

    printk("isolation: %s: %u ticks of %lu in %lu ms, longest gap %lu us "
           "(ending at +%lu ms)\n", w->what, w->ticks, expected,
           len / NSEC_PER_MSEC, w->max_gap / NSEC_PER_USEC,
           (w->max_gap_at - w->start) / NSEC_PER_MSEC);
    printk("isolation: %s: %u hypercalls (slowest %lu us), %u of %u IPIs; "
           "ran %lu ms, runnable %lu ms\n", w->what, w->calls,
           w->max_call_ns / NSEC_PER_USEC, w->ipis, w->ipis_sent,
           w->running_ns / NSEC_PER_MSEC, w->runnable_ns / NSEC_PER_MSEC);

    if ( !EXPECT_TRUE(w->ticks * 100ULL >= expected * MIN_TICKS_PERCENT) )
        printk("  %s: fewer than %u%% of the ticks\n", w->what,
               MIN_TICKS_PERCENT);
    if ( !EXPECT_TRUE(w->max_gap <= MAX_GAP_NS) )
        printk("  %s: a gap of %lu us between ticks\n", w->what,
               w->max_gap / NSEC_PER_USEC);
    /* A window shorter than a tick may have had no wake-up at all. */
    EXPECT_TRUE(w->calls > 0 || len < PERIOD_NS);
    EXPECT_EQ(w->call_failures, 0);
    EXPECT_EQ(w->ipis, w->ipis_sent);
    if ( !EXPECT_TRUE(w->max_call_ns <= MAX_CALL_NS) )
        printk("  %s: a hypercall took %lu us\n", w->what,
               w->max_call_ns / NSEC_PER_USEC);
}

/* ------------------------------------------------------------------ */
/* Ports. */

static void count_event(evtchn_port_t port, void *data)
{
    atomic_inc((unsigned int *)data);
}

static void add_decoy(const char *what, evtchn_port_t port,
                      struct domu *offered_to)
{
    struct decoy *c = &decoys[nr_decoys++];

    c->what = what;
    c->port = port;
    c->offered_to = offered_to;
}

/* Ports no domU may bind (and one per domU, only for it). */
static bool make_decoys(void)
{
    evtchn_port_t a, b;
    unsigned int i;

    add_decoy("the VIRQ_TIMER port", timer_port, NULL);
    add_decoy("the IPI port", ipi_port, NULL);
    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0) )
        return false;
    add_decoy("a port offered to dom0 itself", a, NULL);
    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, NO_DOMAIN, &a), 0) )
        return false;
    add_decoy("a port offered to a domain that does not exist", a, NULL);
    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0) ||
         !EXPECT_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0) )
        return false;
    evtchn_clear_pending(b);
    add_decoy("one end of a loopback pair", a, NULL);
    add_decoy("the other end of a loopback pair", b, NULL);

    /* The fuzzer is offered our last port instead (see below). */
    for ( i = 0; i < nr_domus; i++ )
    {
        struct domu *d = &domus[i];

        if ( d->mode == MODE_FUZZ )
            continue;
        if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, d->id, &d->offer),
                        0) )
            return false;
        add_decoy("a port offered to one domU", d->offer,
                  d->mode == MODE_CALLS ? d : NULL);
    }

    for ( i = 0; i < nr_decoys; i++ )
    {
        struct decoy *c = &decoys[i];

        if ( !EXPECT_EQ(evtchn_status(DOMID_SELF, c->port, &c->st), 0) )
            return false;
        c->masked = evtchn_is_masked(c->port);
    }
    return true;
}

/*
 * Our last port, offered to the fuzzer: fill the table with ports
 * offered to nobody, free the last, offer it, free the others.
 */
static bool offer_last_port(struct domu *d)
{
    evtchn_port_t p, first = 0, last = 0;
    long rc;

    while ( (rc = evtchn_alloc_unbound(DOMID_SELF, NO_DOMAIN, &p)) == 0 )
    {
        if ( !first )
            first = p;
        last = p;
    }
    if ( !EXPECT_ERR(rc, -ENOSPC) || !EXPECT_TRUE(first && last > first) ||
         !EXPECT_EQ(evtchn_close(last), 0) ||
         !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, d->id, &d->offer), 0) )
        return false;
    EXPECT_EQ(d->offer, last);
    for ( p = first; p < last && !evtchn_close(p); p++ )
        ;
    EXPECT_EQ(p, last);
    evtchn_set_handler(d->offer, count_event, &d->events);
    EXPECT_EQ(evtchn_unmask(d->offer), 0);
    printk("isolation: our port %u is offered to d%u (%s)\n", d->offer,
           d->id, mode_names[d->mode]);
    return true;
}

/* Binds port remote of domU d, retrying until d has made it. */
static bool bind_domu_port(struct domu *d, evtchn_port_t remote,
                           evtchn_port_t *local)
{
    uint64_t until = now_ns() + BIND_TIMEOUT_NS;
    long rc;

    for ( ; ; )
    {
        rc = evtchn_bind_interdomain(d->id, remote, local);
        if ( (rc != -EINVAL && rc != -ESRCH) || now_ns() >= until )
            break;
        sched_poll(&ipi_port, 1, now_ns() + NSEC_PER_MSEC);
    }
    if ( !EXPECT_EQ(rc, 0) )
    {
        printk("  binding d%u's port %u\n", d->id, remote);
        return false;
    }
    /* Binding raised our end once: no word from the domU. */
    evtchn_clear_pending(*local);
    return true;
}

static bool bind_domus(void)
{
    for ( unsigned int i = 0; i < nr_domus; i++ )
    {
        struct domu *d = &domus[i];

        if ( d->mode == MODE_FUZZ )
        {
            if ( !offer_last_port(d) )
                return false;
            continue;
        }
        if ( !bind_domu_port(d, ATTACK_CONTROL_PORT, &d->control) )
            return false;
        evtchn_set_handler(d->control, count_event, &d->events);
        EXPECT_EQ(evtchn_unmask(d->control), 0);
        if ( d->mode == MODE_FLOOD )
        {
            /* Masked, for good: its flood must cost us nothing. */
            if ( !bind_domu_port(d, ATTACK_FLOOD_PORT, &d->flood) )
                return false;
            evtchn_set_handler(d->flood, count_event, &d->flood_events);
        }
        printk("isolation: d%u (%s): its control port is our port %u\n",
               d->id, mode_names[d->mode], d->control);
    }
    return true;
}

static void check_decoys(void)
{
    struct evtchn_status st;
    unsigned int i;

    for ( i = 0; i < nr_decoys; i++ )
    {
        const struct decoy *c = &decoys[i];
        bool ok = true;

        if ( !EXPECT_EQ(evtchn_status(DOMID_SELF, c->port, &st), 0) )
            continue;
        if ( c->offered_to )
        {
            /* Bound by the calls attacker, which sent one event. */
            ok &= EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
            ok &= EXPECT_EQ(st.u.interdomain.dom, c->offered_to->id);
            ok &= EXPECT_TRUE(evtchn_is_pending(c->port));
        }
        else
        {
            ok &= EXPECT_EQ(memcmp(&st, &c->st, sizeof(st)), 0);
            /* The timer's and the IPI's are ours to take. */
            if ( c->port != timer_port && c->port != ipi_port )
                ok &= EXPECT_TRUE(!evtchn_is_pending(c->port));
        }
        ok &= EXPECT_EQ(evtchn_is_masked(c->port), c->masked);
        if ( !ok )
            printk("  our port %u, %s\n", c->port, c->what);
    }
    printk("isolation: %u ports of ours no domU was offered are as they "
           "were\n", nr_decoys);
}

/* ------------------------------------------------------------------ */
/* The attacks. */

static struct domu *find_domu(unsigned int id)
{
    for ( unsigned int i = 0; i < nr_domus; i++ )
        if ( domus[i].id == id )
            return &domus[i];
    return NULL;
}

/* It said it passed, or closed its control port because it failed. */
static bool domu_finished(struct domu *d)
{
    struct evtchn_status st;

    if ( atomic_read(&d->events) )
        return true;
    return d->mode != MODE_FUZZ &&
           !evtchn_status(DOMID_SELF, d->control, &st) &&
           st.status == EVTCHNSTAT_unbound;
}

static void expect_passed(struct domu *d)
{
    if ( !atomic_read(&d->events) )
    {
        test_fail("d%u (%s) %s", d->id, mode_names[d->mode],
                  domu_finished(d) ? "failed: it closed its control port"
                                   : "did not report");
        return;
    }
    EXPECT_EQ(atomic_read(&d->events), 1);
    printk("isolation: d%u (%s) reports that it passed\n", d->id,
           mode_names[d->mode]);
}

/* A crashed or spinning domU: no answer, and its port not closed. */
static void expect_silent(struct domu *d)
{
    struct evtchn_status st;
    uint64_t until = now_ns() + SILENCE_NS;

    EXPECT_EQ(evtchn_send(d->control), 0);
    while ( now_ns() < until )
        safe_halt();
    EXPECT_EQ(atomic_read(&d->events), 0);
    if ( EXPECT_EQ(evtchn_status(DOMID_SELF, d->control, &st), 0) )
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    printk("isolation: d%u (%s) does not answer, as it must not\n", d->id,
           mode_names[d->mode]);
}

static void go(struct domu *d, struct window *w)
{
    snprintf(w->what, sizeof(w->what), "d%u %s", d->id,
             mode_names[d->mode]);
    printk("isolation: d%u: attack %s\n", d->id, mode_names[d->mode]);
    EXPECT_EQ(evtchn_send(d->control), 0);
}

static void attack(struct domu *d)
{
    struct window w = { .what = "" };
    bool finished;

    switch ( d->mode )
    {
    case MODE_CALLS:
        go(d, &w);
        finished = measure(&w, window_ns, DONE_TIMEOUT_NS, domu_finished,
                           d);
        check_window(&w);
        if ( !finished )
            printk("  d%u: no result in %lu s\n", d->id,
                   DONE_TIMEOUT_NS / NSEC_PER_SEC);
        expect_passed(d);
        break;

    case MODE_TRIPLE:
    case MODE_SPIN:
        go(d, &w);
        measure(&w, window_ns, window_ns, NULL, NULL);
        check_window(&w);
        expect_silent(d);
        break;

    case MODE_FLOOD:
    {
        struct window after = { .what = "" };

        go(d, &w);
        measure(&w, window_ns, window_ns, NULL, NULL);
        check_window(&w);
        EXPECT_EQ(evtchn_send(d->control), 0);
        snprintf(after.what, sizeof(after.what), "d%u stopping", d->id);
        if ( !measure(&after, 0, DONE_TIMEOUT_NS, domu_finished, d) )
            printk("  d%u: no result in %lu s\n", d->id,
                   DONE_TIMEOUT_NS / NSEC_PER_SEC);
        check_window(&after);
        expect_passed(d);
        /* It sent on our masked port all along: pending, no upcall. */
        EXPECT_TRUE(evtchn_is_pending(d->flood));
        EXPECT_TRUE(evtchn_is_masked(d->flood));
        EXPECT_EQ(atomic_read(&d->flood_events), 0);
        break;
    }

    case MODE_FUZZ:
        snprintf(w.what, sizeof(w.what), "d%u fuzz", d->id);
        printk("isolation: d%u: watching the fuzzer (at most %lu s)\n",
               d->id, cmdline_get_ulong("fuzz_timeout", DEFAULT_FUZZ_S));
        finished = measure(&w, 0, cmdline_get_ulong("fuzz_timeout",
                                                    DEFAULT_FUZZ_S) *
                           NSEC_PER_SEC, domu_finished, d);
        check_window(&w);
        if ( !EXPECT_TRUE(finished) )
            printk("  d%u: no word from the fuzzer\n", d->id);
        else
            printk("isolation: d%u (fuzz) reports that it has finished\n",
                   d->id);
        break;

    default:
        break;
    }
}

/* ------------------------------------------------------------------ */

static bool parse_cmdline(void)
{
    char key[8], val[16];
    unsigned int id, m;

    window_ns = cmdline_get_ulong("window", DEFAULT_WINDOW_MS) *
                NSEC_PER_MSEC;
    for ( id = 1; id <= MAX_DOMUS; id++ )
    {
        snprintf(key, sizeof(key), "d%u", id);
        if ( !cmdline_get(key, val, sizeof(val)) )
            continue;
        for ( m = MODE_NONE + 1; m < NR_MODES; m++ )
            if ( !strcmp(val, mode_names[m]) )
                break;
        if ( m == NR_MODES )
        {
            test_fail("%s=%s: no such attack", key, val);
            return false;
        }
        domus[nr_domus].id = id;
        domus[nr_domus].mode = m;
        nr_domus++;
    }
    if ( !nr_domus )
    {
        test_fail("no d<N>=<mode> on the command line");
        return false;
    }
    return true;
}

void test_main(void)
{
    uint64_t code = checksum(_text_start, _rodata_end - _text_start);
    struct xen_hvm_param cb = {
        .domid = DOMID_SELF, .index = HVM_PARAM_CALLBACK_IRQ,
    };
    struct window w = { .what = "baseline" };
    domid_t self = DOMID_SELF;
    long reservation;
    bool unbidden = false;
    unsigned int i, m;

    if ( !parse_cmdline() )
        return;
    EXPECT_EQ(my_domid(), 0);
    xen_version0 = HYPERVISOR_xen_version(XENVER_version, NULL);
    reservation = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
    EXPECT_TRUE(reservation > 0);

    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &cb), 0) ||
         !EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port), 0) ||
         !EXPECT_EQ(evtchn_bind_ipi(0, &ipi_port), 0) )
        return;
    evtchn_set_handler(timer_port, tick, NULL);
    EXPECT_EQ(evtchn_unmask(timer_port), 0);
    EXPECT_EQ(evtchn_unmask(ipi_port), 0);
    if ( !make_decoys() || !bind_domus() )
        return;

    EXPECT_EQ(vcpu_set_periodic(PERIOD_NS), 0);
    local_irq_enable();

    /* Before any attack; unless the fuzzer has started already. */
    for ( i = 0; i < nr_domus; i++ )
        unbidden |= domus[i].mode == MODE_FUZZ;
    if ( !unbidden )
    {
        measure(&w, window_ns, window_ns, NULL, NULL);
        check_window(&w);
    }

    for ( m = MODE_NONE + 1; m < NR_MODES; m++ )
        for ( i = 1; i <= MAX_DOMUS; i++ )
        {
            struct domu *d = find_domu(i);

            if ( d && d->mode == m )
                attack(d);
        }

    /* Ourselves, after it all. */
    check_decoys();
    {
        struct xen_hvm_param now = cb;

        now.value = ~0ULL;
        EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &now), 0);
        EXPECT_EQ(now.value, cb.value);
    }
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_current_reservation, &self),
              reservation);
    EXPECT_EQ(checksum(_text_start, _rodata_end - _text_start), code);
    EXPECT_EQ(vcpu_stop_periodic(), 0);
    local_irq_disable();
}
