/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels as one vCPU of dom0 sees them: upcalls on the callback
 * vector for ports sent to ourselves (IPI and interdomain loopback),
 * masking, ports closed and out of range, ports not offered to us,
 * VIRQ bindings, and the ways to wait for an event: HLT (alone and as
 * "sti; hlt; cli"), SCHEDOP_block and SCHEDOP_poll, woken by the vCPU's
 * timer.
 *
 * The library's upcall handler counts every port it dispatches
 * (evtchn_count()), so "the handler ran exactly once" is a difference
 * of counts.  An upcall due while interrupts are enabled is injected as
 * the hypercall that raised it returns, before the next instruction.
 */
#include <guest/events.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/time.h>

const char test_name[] = "events";

/* Our own domain id: dom0. */
#define SELF_ID     0
/* No such domain in this test's run. */
#define NO_DOMAIN   7

/* Status of port, or a failed check if the call fails. */
static bool get_status(evtchn_port_t port, struct evtchn_status *st)
{
    return EXPECT_EQ(evtchn_status(DOMID_SELF, port, st), 0);
}

static uint8_t upcall_pending(void)
{
    return atomic_read(&vcpu_info_of(0)->evtchn_upcall_pending);
}

static void test_initial_state(void)
{
    unsigned int i, unmasked_words = 0;

    for ( i = 0; i < ARRAY_SIZE(shared_info->evtchn_mask); i++ )
        if ( shared_info->evtchn_mask[i] != ~(xen_ulong_t)0 )
            unmasked_words++;
    /* Every port starts masked. */
    EXPECT_EQ(unmasked_words, 0);
    EXPECT_EQ(upcall_pending(), 0);
    EXPECT_EQ(vcpu_info_of(0)->evtchn_pending_sel, 0);
}

/* Sends to ourselves through an IPI port; returns the port, unmasked. */
static evtchn_port_t test_ipi_self(void)
{
    struct vcpu_info *vi = vcpu_info_of(0);
    struct evtchn_status st;
    evtchn_port_t p;
    uint64_t c;

    if ( !EXPECT_EQ(evtchn_bind_ipi(0, &p), 0) )
        return 0;
    EXPECT_TRUE(p != 0);
    if ( get_status(p, &st) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_ipi);
        EXPECT_EQ(st.vcpu, 0);
    }
    EXPECT_TRUE(evtchn_is_masked(p));

    /* Unmasking a port with nothing pending delivers nothing. */
    c = evtchn_count(p);
    EXPECT_EQ(evtchn_unmask(p), 0);
    EXPECT_TRUE(!evtchn_is_masked(p));
    EXPECT_EQ(evtchn_count(p), c);

    /* Interrupts on: handled as the hypercall returns. */
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_count(p), c + 1);
    EXPECT_EQ(evtchn_last_cpu(p), 0);
    EXPECT_TRUE(!evtchn_is_pending(p));
    EXPECT_EQ(upcall_pending(), 0);

    /* Interrupts off: held until STI; three sends are one event. */
    local_irq_disable();
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_count(p), c + 1);
    EXPECT_TRUE(evtchn_is_pending(p));
    EXPECT_EQ(upcall_pending(), 1);
    EXPECT_TRUE(atomic_read(&vi->evtchn_pending_sel) &
                (1UL << (p / EVTCHN_WORD_BITS)));
    local_irq_enable();
    EXPECT_EQ(evtchn_count(p), c + 2);
    EXPECT_EQ(upcall_pending(), 0);
    EXPECT_EQ(atomic_read(&vi->evtchn_pending_sel), 0);
    return p;
}

/* alloc_unbound to ourselves, bound by ourselves: a loopback pair. */
static void test_loopback(void)
{
    struct evtchn_status st;
    evtchn_port_t a, b, c, x;
    uint64_t ca, cb;

    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0) )
        return;
    if ( get_status(a, &st) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
        EXPECT_EQ(st.u.unbound.dom, SELF_ID);
    }
    /* Nobody at the other end yet: dropped, as in Xen. */
    EXPECT_EQ(evtchn_send(a), 0);
    EXPECT_TRUE(!evtchn_is_pending(a));

    if ( !EXPECT_EQ(evtchn_bind_interdomain(DOMID_SELF, a, &b), 0) )
        return;
    EXPECT_TRUE(b != a);
    if ( get_status(a, &st) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
        EXPECT_EQ(st.u.interdomain.dom, SELF_ID);
        EXPECT_EQ(st.u.interdomain.port, b);
    }
    if ( get_status(b, &st) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
        EXPECT_EQ(st.u.interdomain.dom, SELF_ID);
        EXPECT_EQ(st.u.interdomain.port, a);
    }
    /*
     * Binding raises the new port once, for sends the unbound end may
     * have dropped (Xen does the same); it is masked, so no upcall.
     */
    EXPECT_TRUE(evtchn_is_pending(b));
    evtchn_clear_pending(b);
    EXPECT_EQ(upcall_pending(), 0);

    /* Already bound: no longer on offer. */
    EXPECT_ERR(evtchn_bind_interdomain(DOMID_SELF, a, &x), -EINVAL);

    EXPECT_EQ(evtchn_unmask(a), 0);
    EXPECT_EQ(evtchn_unmask(b), 0);
    ca = evtchn_count(a);
    cb = evtchn_count(b);
    EXPECT_EQ(evtchn_send(a), 0);
    EXPECT_EQ(evtchn_count(b), cb + 1);
    EXPECT_EQ(evtchn_count(a), ca);
    EXPECT_EQ(evtchn_send(b), 0);
    EXPECT_EQ(evtchn_count(a), ca + 1);
    EXPECT_EQ(evtchn_count(b), cb + 1);

    /* Closing one end leaves the other unbound, offered back to us. */
    EXPECT_EQ(evtchn_close(a), 0);
    if ( get_status(a, &st) )
        EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    if ( get_status(b, &st) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
        EXPECT_EQ(st.u.unbound.dom, SELF_ID);
    }
    EXPECT_EQ(evtchn_send(b), 0);
    EXPECT_EQ(evtchn_count(a), ca + 1);
    EXPECT_TRUE(!evtchn_is_pending(a));

    /* ... so that we may connect to it again. */
    if ( EXPECT_EQ(evtchn_bind_interdomain(DOMID_SELF, b, &c), 0) )
    {
        if ( get_status(c, &st) )
        {
            EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
            EXPECT_EQ(st.u.interdomain.port, b);
        }
        evtchn_clear_pending(c);
        EXPECT_EQ(evtchn_close(c), 0);
    }
    EXPECT_EQ(evtchn_close(b), 0);
}

/* Masked ports collect events; EVTCHNOP_unmask delivers them once. */
static void test_mask(evtchn_port_t p)
{
    uint64_t c = evtchn_count(p);

    evtchn_mask(p);
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_count(p), c);
    EXPECT_TRUE(evtchn_is_pending(p));
    EXPECT_EQ(upcall_pending(), 0);
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_count(p), c);

    EXPECT_EQ(evtchn_unmask(p), 0);
    EXPECT_EQ(evtchn_count(p), c + 1);
    EXPECT_TRUE(!evtchn_is_pending(p));
    EXPECT_TRUE(!evtchn_is_masked(p));
    EXPECT_EQ(upcall_pending(), 0);

    /* Unmasking an unmasked port does nothing more. */
    EXPECT_EQ(evtchn_unmask(p), 0);
    EXPECT_EQ(evtchn_count(p), c + 1);

    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_count(p), c + 2);
}

/* Without a callback vector the upcall waits; it comes once set. */
static void test_callback_off(evtchn_port_t p)
{
    uint64_t c = evtchn_count(p);

    if ( !EXPECT_EQ(events_set_callback(0), 0) )
        return;
    EXPECT_EQ(evtchn_send(p), 0);
    EXPECT_EQ(evtchn_count(p), c);
    EXPECT_TRUE(evtchn_is_pending(p));
    EXPECT_EQ(upcall_pending(), 1);
    EXPECT_EQ(events_set_callback(EVTCHN_CALLBACK_VECTOR), 0);
    EXPECT_EQ(evtchn_count(p), c + 1);
    EXPECT_EQ(upcall_pending(), 0);
}

static bool port_valid(evtchn_port_t port)
{
    struct evtchn_status st;

    return evtchn_status(DOMID_SELF, port, &st) == 0;
}

/* Every call on a port outside the domain's range fails. */
static void expect_invalid_port(evtchn_port_t q)
{
    struct evtchn_status st;
    evtchn_port_t x;

    if ( !EXPECT_ERR(evtchn_send(q), -EINVAL) )
        printk("  (port %u)\n", q);
    EXPECT_ERR(evtchn_close(q), -EINVAL);
    EXPECT_ERR(evtchn_unmask(q), -EINVAL);
    EXPECT_ERR(evtchn_bind_vcpu(q, 0), -EINVAL);
    EXPECT_ERR(evtchn_status(DOMID_SELF, q, &st), -EINVAL);
    EXPECT_ERR(evtchn_bind_interdomain(DOMID_SELF, q, &x), -EINVAL);
    EXPECT_ERR(sched_poll(&q, 1, 0), -EINVAL);
}

static void test_bad_ports(void)
{
    static const evtchn_port_t far[] = {
        EVTCHN_2L_NR_PORTS, EVTCHN_2L_NR_PORTS + 1000, 0x7fffffff,
        0xffffffff,
    };
    struct evtchn_status st;
    evtchn_port_t p, lo, hi;
    unsigned int i;

    /* A closed port. */
    if ( EXPECT_EQ(evtchn_bind_ipi(0, &p), 0) )
    {
        EXPECT_EQ(evtchn_close(p), 0);
        EXPECT_ERR(evtchn_send(p), -EINVAL);
        EXPECT_ERR(evtchn_close(p), -EINVAL);
        EXPECT_ERR(evtchn_bind_vcpu(p, 0), -EINVAL);
        if ( get_status(p, &st) )
            EXPECT_EQ(st.status, EVTCHNSTAT_closed);
        /* In range, so not an error (Xen neither): nothing to deliver. */
        EXPECT_EQ(evtchn_unmask(p), 0);
    }

    /* Port 0 is never handed out. */
    EXPECT_ERR(evtchn_send(0), -EINVAL);
    EXPECT_ERR(evtchn_close(0), -EINVAL);
    EXPECT_ERR(evtchn_bind_vcpu(0, 0), -EINVAL);
    if ( get_status(0, &st) )
        EXPECT_EQ(st.status, EVTCHNSTAT_closed);

    /* The domain's limit: the first port EVTCHNOP_status refuses. */
    lo = 1;
    hi = EVTCHN_2L_NR_PORTS;
    if ( !EXPECT_TRUE(port_valid(lo)) )
        return;
    if ( port_valid(hi - 1) )
        lo = hi;
    while ( hi - lo > 1 )
    {
        evtchn_port_t mid = lo + (hi - lo) / 2;

        if ( port_valid(mid) )
            lo = mid;
        else
            hi = mid;
    }
    printk("ports: the domain has %u (1 to %u usable)\n", lo + 1, lo);
    EXPECT_TRUE(lo + 1 >= 64);
    if ( lo + 1 < EVTCHN_2L_NR_PORTS )
        expect_invalid_port(lo + 1);
    for ( i = 0; i < ARRAY_SIZE(far); i++ )
        expect_invalid_port(far[i]);
}

/* Ports offered to another domain, or not offered at all. */
static void test_not_offered(evtchn_port_t ipi)
{
    struct evtchn_status st;
    evtchn_port_t q, x;
    struct evtchn_reset r = { .dom = NO_DOMAIN };

    if ( EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, 5, &q), 0) )
    {
        if ( get_status(q, &st) )
        {
            EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
            EXPECT_EQ(st.u.unbound.dom, 5);
        }
        EXPECT_ERR(evtchn_bind_interdomain(DOMID_SELF, q, &x), -EINVAL);
        EXPECT_ERR(evtchn_bind_interdomain(SELF_ID, q, &x), -EINVAL);
        EXPECT_EQ(evtchn_close(q), 0);
    }
    /* An IPI port, and port 0, are nobody's to bind. */
    EXPECT_ERR(evtchn_bind_interdomain(DOMID_SELF, ipi, &x), -EINVAL);
    EXPECT_ERR(evtchn_bind_interdomain(DOMID_SELF, 0, &x), -EINVAL);

    /* A domain that does not exist. */
    EXPECT_ERR(evtchn_bind_interdomain(NO_DOMAIN, 1, &x), -ESRCH);
    EXPECT_ERR(evtchn_alloc_unbound(NO_DOMAIN, SELF_ID, &x), -ESRCH);
    EXPECT_ERR(evtchn_status(NO_DOMAIN, 1, &st), -ESRCH);
    EXPECT_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r), -ESRCH);
    EXPECT_ERR(evtchn_bind_interdomain(DOMID_IDLE, 1, &x), -ESRCH);
}

/* Binds VIRQ_TIMER on vCPU 0 and returns the port (masked). */
static evtchn_port_t test_virq(void)
{
    struct evtchn_status st;
    evtchn_port_t t, t2, x;

    if ( !EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &t), 0) )
        return 0;
    if ( get_status(t, &st) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_virq);
        EXPECT_EQ(st.u.virq, VIRQ_TIMER);
        EXPECT_EQ(st.vcpu, 0);
    }
    EXPECT_ERR(evtchn_bind_virq(VIRQ_TIMER, 0, &x), -EEXIST);
    EXPECT_ERR(evtchn_bind_virq(NR_VIRQS, 0, &x), -EINVAL);
    EXPECT_ERR(evtchn_bind_virq(~0U, 0, &x), -EINVAL);
    /* A global VIRQ is bound on vCPU 0 only. */
    EXPECT_ERR(evtchn_bind_virq(VIRQ_DOM_EXC, 1, &x), -EINVAL);
    EXPECT_ERR(evtchn_bind_virq(VIRQ_TIMER, 63, &x), -ENOENT);
    EXPECT_ERR(evtchn_bind_virq(VIRQ_TIMER, 1000, &x), -ENOENT);
    /* The hypervisor raises VIRQs; the guest cannot send on one. */
    EXPECT_ERR(evtchn_send(t), -EINVAL);
    /* A per-vCPU VIRQ stays on its vCPU. */
    EXPECT_ERR(evtchn_bind_vcpu(t, 0), -EINVAL);

    /* A global VIRQ may move (here: to where it is). */
    if ( EXPECT_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &x), 0) )
    {
        EXPECT_EQ(evtchn_bind_vcpu(x, 0), 0);
        EXPECT_ERR(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &t2), -EEXIST);
        EXPECT_EQ(evtchn_close(x), 0);
    }

    /* Closed, the VIRQ may be bound again. */
    EXPECT_EQ(evtchn_close(t), 0);
    if ( !EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &t2), 0) )
        return 0;
    return t2;
}

/* Waits (HLT, interrupts on) until port's count passes c. */
static void halt_until_count(evtchn_port_t port, uint64_t c)
{
    while ( evtchn_count(port) == c )
        safe_halt();
}

static void test_wakeups(evtchn_port_t t, evtchn_port_t p)
{
    uint64_t c, deadline, t0, t1;

    EXPECT_EQ(evtchn_unmask(t), 0);

    /* HLT with interrupts on, woken by the timer. */
    c = evtchn_count(t);
    deadline = now_ns() + NSEC_PER_MSEC;
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) )
    {
        halt_until_count(t, c);
        t1 = now_ns();
        EXPECT_EQ(evtchn_count(t), c + 1);
        EXPECT_TRUE(t1 >= deadline);
        printk("HLT: woken %lu ns after the deadline\n", t1 - deadline);
    }

    /*
     * SCHEDOP_block with interrupts on: the upcall is taken as the vCPU
     * resumes, before the instruction after the hypercall.
     */
    c = evtchn_count(t);
    deadline = now_ns() + 2 * NSEC_PER_MSEC;
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) )
    {
        EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
        t1 = now_ns();
        EXPECT_EQ(evtchn_count(t), c + 1);
        EXPECT_TRUE(t1 >= deadline);
        printk("SCHEDOP_block: woken %lu ns after the deadline\n",
               t1 - deadline);
    }

    /* Interrupts off: woken all the same, the upcall waits for STI. */
    c = evtchn_count(t);
    local_irq_disable();
    deadline = now_ns() + 2 * NSEC_PER_MSEC;
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) )
    {
        EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
        t1 = now_ns();
        EXPECT_TRUE(t1 >= deadline);
        EXPECT_EQ(evtchn_count(t), c);
        EXPECT_EQ(upcall_pending(), 1);
        EXPECT_TRUE(evtchn_is_pending(t));
    }
    local_irq_enable();
    EXPECT_EQ(evtchn_count(t), c + 1);

    /* An upcall already due: SCHEDOP_block returns at once. */
    c = evtchn_count(p);
    local_irq_disable();
    EXPECT_EQ(evtchn_send(p), 0);
    t0 = now_ns();
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
    t1 = now_ns();
    EXPECT_EQ(evtchn_count(p), c);
    local_irq_enable();
    EXPECT_EQ(evtchn_count(p), c + 1);
    EXPECT_TRUE(t1 - t0 < NSEC_PER_MSEC);
}

/*
 * "sti; hlt; cli", the idle idiom of real kernels: STI's one-instruction
 * shadow covers the HLT, so an upcall that is due (or that wakes the
 * halted vCPU) is taken at the HLT - before the CLI, as on hardware,
 * where the shadow has ended by the time the halted processor takes an
 * interrupt.  A hypervisor that leaves the shadow in place after the HLT
 * lets the CLI run first, and the upcall waits for the next STI.
 */
static void test_hlt_then_cli(evtchn_port_t t, evtchn_port_t p)
{
    uint64_t c, deadline;

    /* Due before the HLT: the HLT does not block. */
    c = evtchn_count(p);
    local_irq_disable();
    EXPECT_EQ(evtchn_send(p), 0);
    asm volatile ( "sti; hlt; cli" ::: "memory" );
    if ( !EXPECT_EQ(evtchn_count(p), c + 1) )
        printk("  upcall due at \"sti; hlt\" not taken before the CLI\n");
    local_irq_enable();
    EXPECT_EQ(evtchn_count(p), c + 1);

    /* Due later: the HLT blocks until the timer wakes the vCPU. */
    c = evtchn_count(t);
    local_irq_disable();
    deadline = now_ns() + NSEC_PER_MSEC;
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) )
    {
        asm volatile ( "sti; hlt; cli" ::: "memory" );
        EXPECT_TRUE(now_ns() >= deadline);
        if ( !EXPECT_EQ(evtchn_count(t), c + 1) )
            printk("  upcall that woke \"sti; hlt\" not taken before the "
                   "CLI\n");
    }
    local_irq_enable();
    EXPECT_EQ(evtchn_count(t), c + 1);
}

static void test_poll(evtchn_port_t t, evtchn_port_t p)
{
    evtchn_port_t both[2] = { p, t };
    evtchn_port_t many[129];
    uint64_t c, start, deadline, end;
    unsigned int i;

    /* A masked port made pending by the timer: no upcall, poll ends. */
    evtchn_mask(t);
    evtchn_mask(p);
    c = evtchn_count(t);
    start = now_ns();
    deadline = start + NSEC_PER_MSEC;
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) )
    {
        EXPECT_EQ(sched_poll(&t, 1, start + 50 * NSEC_PER_MSEC), 0);
        end = now_ns();
        EXPECT_TRUE(evtchn_is_pending(t));
        EXPECT_TRUE(end >= deadline);
        EXPECT_TRUE(end < start + 50 * NSEC_PER_MSEC);
        EXPECT_EQ(evtchn_count(t), c);
        printk("SCHEDOP_poll: the timer's port pending after %lu ns "
               "(timer due after %lu)\n", end - start, deadline - start);
        evtchn_clear_pending(t);
    }

    /* Nothing makes p pending: the timeout ends the poll. */
    start = now_ns();
    deadline = start + 2 * NSEC_PER_MSEC;
    EXPECT_EQ(sched_poll(&p, 1, deadline), 0);
    end = now_ns();
    EXPECT_TRUE(end >= deadline);
    EXPECT_TRUE(!evtchn_is_pending(p));
    printk("SCHEDOP_poll: timed out %lu ns after the timeout\n",
           end - deadline);

    /* Two ports, the second made pending. */
    start = now_ns();
    deadline = start + NSEC_PER_MSEC;
    if ( EXPECT_EQ(vcpu_set_singleshot(deadline, 0), 0) )
    {
        EXPECT_EQ(sched_poll(both, 2, start + 50 * NSEC_PER_MSEC), 0);
        end = now_ns();
        EXPECT_TRUE(evtchn_is_pending(t));
        EXPECT_TRUE(!evtchn_is_pending(p));
        EXPECT_TRUE(end >= deadline);
        EXPECT_TRUE(end < start + 50 * NSEC_PER_MSEC);
        evtchn_clear_pending(t);
    }

    /* Already pending: returns at once. */
    EXPECT_EQ(evtchn_send(p), 0);
    start = now_ns();
    EXPECT_EQ(sched_poll(&p, 1, start + 50 * NSEC_PER_MSEC), 0);
    end = now_ns();
    EXPECT_TRUE(end - start < NSEC_PER_MSEC);
    evtchn_clear_pending(p);

    /* A timeout already past. */
    start = now_ns();
    EXPECT_EQ(sched_poll(&p, 1, 1), 0);
    end = now_ns();
    EXPECT_TRUE(end - start < NSEC_PER_MSEC);

    /* Bad arguments. */
    for ( i = 0; i < ARRAY_SIZE(many); i++ )
        many[i] = p;
    EXPECT_ERR(sched_poll(many, ARRAY_SIZE(many), 1), -EINVAL);
    EXPECT_ERR(sched_poll(NULL, 1, 1), -EFAULT);

    EXPECT_EQ(evtchn_unmask(t), 0);
    EXPECT_EQ(evtchn_unmask(p), 0);
}

static void test_absent_ops(void)
{
    uint8_t arg[64] = { 0 };

    EXPECT_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, arg),
               -ENOSYS);
    EXPECT_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, arg),
               -ENOSYS);
    EXPECT_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, arg),
               -ENOSYS);
    EXPECT_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, arg),
               -ENOSYS);
    EXPECT_ERR(HYPERVISOR_event_channel_op(99, arg), -ENOSYS);
    EXPECT_ERR(HYPERVISOR_event_channel_op(EVTCHNOP_send, NULL), -EFAULT);
}

/* EVTCHNOP_reset closes everything; ports are then handed out afresh. */
static void test_reset(evtchn_port_t t)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    struct evtchn_status st;
    evtchn_port_t u, v;

    EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &u), 0);
    if ( !EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r), 0) )
        return;
    if ( get_status(t, &st) )
        EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    if ( get_status(u, &st) )
        EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    if ( EXPECT_EQ(evtchn_bind_ipi(0, &v), 0) )
        EXPECT_EQ(v, 1);
    /* The VIRQ's binding went with its port. */
    if ( EXPECT_EQ(evtchn_bind_virq(VIRQ_TIMER, 0, &u), 0) )
        EXPECT_EQ(evtchn_close(u), 0);
    EXPECT_EQ(evtchn_close(v), 0);
}

void test_main(void)
{
    evtchn_port_t p, t;

    if ( !EXPECT_EQ(events_init(), 0) )
        return;
    test_initial_state();
    local_irq_enable();

    p = test_ipi_self();
    if ( !p )
        return;
    test_loopback();
    test_mask(p);
    test_callback_off(p);
    test_bad_ports();
    test_not_offered(p);
    t = test_virq();
    if ( t )
    {
        test_wakeups(t, p);
        test_hlt_then_cli(t, p);
        test_poll(t, p);
    }
    test_absent_ops();
    test_reset(t);

    local_irq_disable();
    printk("events: %lu upcalls on vCPU 0, %lu stray ports\n",
           this_cpu()->upcalls, evtchn_stray);
    EXPECT_EQ(evtchn_stray, 0);
}
