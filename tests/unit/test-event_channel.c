/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (xen/common/event_channel.c), included so that every
 * test starts from fresh domains and can look at the port tables.
 *
 * Three domains: dom0 (privileged, 2 vCPUs), dom1 ("A": 4 vCPU slots, of
 * which vCPU 3 does not exist) and dom2 ("B": 1 vCPU).  Hypercalls are
 * made as vCPU 0 of the domain named, with arguments in host memory (see
 * shim/guest.c).  The 2-level bits are checked in the shared_info and
 * vcpu_info words the guest would read, and the arch hook's calls are
 * counted by the shim's default vcpu_mark_events_pending().
 */
#include "unit.h"

#include <xen/errno.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>

#include "../../xen/common/event_channel.c"
#include "../../xen/common/policy.c"

/* ----- fake domains ----- */

#define NR_DOMS 3

static struct domain *doms[NR_DOMS];
static struct domain *dom0, *da, *db;

struct domain *get_domain_by_id(domid_t domid)
{
    for ( unsigned int i = 0; i < NR_DOMS; i++ )
        if ( doms[i] && doms[i]->domain_id == domid && !doms[i]->is_dying )
            return doms[i];
    return NULL;
}

/* As domain_create() leaves it: every port masked, upcalls masked. */
static struct domain *make_domain(domid_t id, bool privileged,
                                  unsigned int max_vcpus,
                                  unsigned int nr_vcpus,
                                  unsigned int max_ports)
{
    struct domain *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    d->domain_id = id;
    d->is_privileged = privileged;
    d->max_vcpus = max_vcpus;
    d->vcpu = calloc(max_vcpus, sizeof(*d->vcpu));
    d->shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    assert_non_null(d->vcpu);
    assert_non_null(d->shared_info);
    memset(d->shared_info, 0, PAGE_SIZE);
    memset(d->shared_info->evtchn_mask, 0xff,
           sizeof(d->shared_info->evtchn_mask));

    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        struct vcpu *v = calloc(1, sizeof(*v));

        assert_non_null(v);
        v->vcpu_id = i;
        v->domain = d;
        v->vcpu_info = &d->shared_info->vcpu_info[i];
        v->vcpu_info->evtchn_upcall_mask = 1;
        v->vcpu_info_mfn = INVALID_MFN;
        d->vcpu[i] = v;
    }

    assert_int_equal(evtchn_init(d, max_ports), 0);
    return d;
}

static void free_domain(struct domain *d)
{
    evtchn_destroy(d);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        free(d->vcpu[i]);
    free(d->vcpu);
    free(d->shared_info);
    free(d);
}

static int setup(void **state)
{
    unit_live_allocs = 0;
    unit_alloc_fails = false;
    doms[0] = dom0 = make_domain(0, true, 2, 2, EVTCHN_DEFAULT_PORTS);
    doms[1] = da = make_domain(1, false, 4, 3, EVTCHN_DEFAULT_PORTS);
    doms[2] = db = make_domain(2, false, 1, 1, EVTCHN_DEFAULT_PORTS);
    unit_guest_fault = false;
    unit_guest_readonly = false;
    unit_guest_fail_at = 0;
    unit_guest_accesses = 0;
    unit_events_marked = 0;
    unit_events_marked_last = NULL;
    unit_set_current(da->vcpu[0]);
    unit_log_reset();
    return 0;
}

static int teardown(void **state)
{
    for ( unsigned int i = 0; i < NR_DOMS; i++ )
    {
        if ( doms[i] )
            free_domain(doms[i]);
        doms[i] = NULL;
    }
    /* Every port table went back to the heap. */
    assert_int_equal(unit_live_allocs, 0);
    return 0;
}

/* ----- what the guest sees and does ----- */

static bool is_pending(const struct domain *d, evtchn_port_t p)
{
    return (d->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static bool is_masked(const struct domain *d, evtchn_port_t p)
{
    return (d->shared_info->evtchn_mask[p / 64] >> (p % 64)) & 1;
}

static xen_ulong_t sel(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_pending_sel;
}

static unsigned int upcall(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_upcall_pending;
}

/* The guest unmasks a port in shared_info itself, as guests do. */
static void guest_unmask(struct domain *d, evtchn_port_t p)
{
    d->shared_info->evtchn_mask[p / 64] &= ~(1UL << (p % 64));
}

static void guest_mask(struct domain *d, evtchn_port_t p)
{
    d->shared_info->evtchn_mask[p / 64] |= 1UL << (p % 64);
}

static void guest_clear_pending(struct domain *d, evtchn_port_t p)
{
    d->shared_info->evtchn_pending[p / 64] &= ~(1UL << (p % 64));
}

/* An upcall handler: acknowledge the upcall and take pending_sel. */
static void guest_ack(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_pending = 0;
    v->vcpu_info->evtchn_pending_sel = 0;
}

/* Nothing pending anywhere in d, and no vCPU of d told of anything. */
static void assert_quiet(const struct domain *d)
{
    for ( unsigned int i = 0; i < 64; i++ )
        assert_int_equal(d->shared_info->evtchn_pending[i], 0);
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        if ( !d->vcpu[i] || !d->vcpu[i]->vcpu_info )
            continue;
        assert_int_equal(sel(d->vcpu[i]), 0);
        assert_int_equal(upcall(d->vcpu[i]), 0);
    }
}

/* ----- hypercalls, made as vCPU 0 of the caller ----- */

static long hc(const struct domain *caller, int cmd, void *arg)
{
    unit_set_current(caller->vcpu[0]);
    return do_event_channel_op(cmd, (unsigned long)arg);
}

/* Each returns the port on success, else -errno. */
static long ev_alloc_unbound(const struct domain *caller, domid_t dom,
                             domid_t remote)
{
    struct evtchn_alloc_unbound a = {
        .dom = dom, .remote_dom = remote, .port = 0xdead,
    };
    long rc = hc(caller, EVTCHNOP_alloc_unbound, &a);

    return rc ? rc : a.port;
}

static long ev_bind_interdomain(const struct domain *caller, domid_t rdom,
                                evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = {
        .remote_dom = rdom, .remote_port = rport, .local_port = 0xdead,
    };
    long rc = hc(caller, EVTCHNOP_bind_interdomain, &b);

    return rc ? rc : b.local_port;
}

static long ev_bind_virq(const struct domain *caller, unsigned int virq,
                         unsigned int vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu, .port = 0 };
    long rc = hc(caller, EVTCHNOP_bind_virq, &b);

    return rc ? rc : b.port;
}

static long ev_bind_ipi(const struct domain *caller, unsigned int vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu, .port = 0 };
    long rc = hc(caller, EVTCHNOP_bind_ipi, &b);

    return rc ? rc : b.port;
}

static long ev_close(const struct domain *caller, evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return hc(caller, EVTCHNOP_close, &c);
}

static long ev_send(const struct domain *caller, evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return hc(caller, EVTCHNOP_send, &s);
}

static long ev_unmask(const struct domain *caller, evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return hc(caller, EVTCHNOP_unmask, &u);
}

static long ev_bind_vcpu(const struct domain *caller, evtchn_port_t port,
                         unsigned int vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

    return hc(caller, EVTCHNOP_bind_vcpu, &b);
}

static long ev_status(const struct domain *caller, domid_t dom,
                      evtchn_port_t port, struct evtchn_status *s)
{
    memset(s, 0xa5, sizeof(*s));
    s->dom = dom;
    s->port = port;
    return hc(caller, EVTCHNOP_status, s);
}

static long ev_reset(const struct domain *caller, domid_t dom)
{
    struct evtchn_reset r = { .dom = dom };

    return hc(caller, EVTCHNOP_reset, &r);
}

/* The status of a port, which must succeed. */
static struct evtchn_status status_of(struct domain *d, evtchn_port_t port)
{
    struct evtchn_status s;

    assert_int_equal(ev_status(d, DOMID_SELF, port, &s), 0);
    return s;
}

/*
 * An interdomain channel: rd offers a port to ld, ld binds to it.  The
 * bind's catch-up event on ld's port is cleared, to start quiet.
 */
static void connect(struct domain *ld, evtchn_port_t *lport,
                    struct domain *rd, evtchn_port_t *rport)
{
    long r = ev_alloc_unbound(rd, DOMID_SELF, ld->domain_id);
    long l;

    assert_true(r > 0);
    l = ev_bind_interdomain(ld, rd->domain_id, r);
    assert_true(l > 0);
    guest_clear_pending(ld, l);
    *lport = l;
    *rport = r;
}

/* ----- the ABI ----- */

static void test_abi_layouts(void **state)
{
    /* Xen's x86-64 layouts, which guests are compiled against. */
    assert_int_equal(sizeof(struct evtchn_alloc_unbound), 8);
    assert_int_equal(offsetof(struct evtchn_alloc_unbound, remote_dom), 2);
    assert_int_equal(offsetof(struct evtchn_alloc_unbound, port), 4);
    assert_int_equal(sizeof(struct evtchn_bind_interdomain), 12);
    assert_int_equal(offsetof(struct evtchn_bind_interdomain, remote_port),
                     4);
    assert_int_equal(offsetof(struct evtchn_bind_interdomain, local_port),
                     8);
    assert_int_equal(sizeof(struct evtchn_bind_virq), 12);
    assert_int_equal(offsetof(struct evtchn_bind_virq, port), 8);
    assert_int_equal(sizeof(struct evtchn_bind_ipi), 8);
    assert_int_equal(sizeof(struct evtchn_status), 24);
    assert_int_equal(offsetof(struct evtchn_status, port), 4);
    assert_int_equal(offsetof(struct evtchn_status, status), 8);
    assert_int_equal(offsetof(struct evtchn_status, vcpu), 12);
    assert_int_equal(offsetof(struct evtchn_status, u), 16);
    assert_int_equal(offsetof(struct evtchn_status, u.interdomain.port), 20);
    assert_int_equal(sizeof(struct evtchn_bind_vcpu), 8);
    assert_int_equal(sizeof(struct evtchn_reset), 2);
    assert_int_equal(sizeof(struct evtchn_init_control), 24);
    assert_int_equal(offsetof(struct evtchn_init_control, link_bits), 16);
    assert_int_equal(EVTCHN_2L_NR_PORTS, 4096);
    assert_int_equal(NR_VIRQS, 24);
}

static void test_unsupported_ops(void **state)
{
    static const int cmds[] = {
        EVTCHNOP_bind_pirq, EVTCHNOP_init_control, EVTCHNOP_expand_array,
        EVTCHNOP_set_priority, 14, 1000, -1,
    };
    u8 buf[64] = { 0 };

    for ( unsigned int i = 0; i < ARRAY_SIZE(cmds); i++ )
        assert_int_equal(hc(da, cmds[i], buf), -ENOSYS);
    /* Refused before the argument is even read. */
    assert_int_equal(unit_guest_accesses, 0);
}

static void test_bad_guest_pointers(void **state)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 2 };
    evtchn_port_t p;

    /* Unreadable argument. */
    assert_int_equal(hc(da, EVTCHNOP_alloc_unbound, NULL), -EFAULT);
    assert_int_equal(hc(da, EVTCHNOP_send, NULL), -EFAULT);
    assert_int_equal(hc(da, EVTCHNOP_close, NULL), -EFAULT);
    unit_guest_fault = true;
    assert_int_equal(hc(da, EVTCHNOP_bind_ipi, &a), -EFAULT);
    unit_guest_fault = false;

    /* Read-only: refused before anything is allocated. */
    unit_guest_readonly = true;
    assert_int_equal(hc(da, EVTCHNOP_alloc_unbound, &a), -EFAULT);
    /* Ops without a result do not need to write. */
    assert_int_equal(ev_close(da, 1), -EINVAL);
    unit_guest_readonly = false;
    assert_int_equal(status_of(da, 1).status, EVTCHNSTAT_closed);

    /* The write-back itself failing: done, as in Xen, but reported. */
    unit_guest_accesses = 0;
    unit_guest_fail_at = 3;     /* read, check, write */
    assert_int_equal(hc(da, EVTCHNOP_alloc_unbound, &a), -EFAULT);
    unit_guest_fail_at = 0;
    assert_int_equal(status_of(da, 1).status, EVTCHNSTAT_unbound);

    p = ev_alloc_unbound(da, DOMID_SELF, 2);
    assert_int_equal(p, 2);
}

/* ----- init and port 0 ----- */

static void test_init_limits(void **state)
{
    struct domain d = { .domain_id = 9 };

    assert_int_equal(evtchn_init(&d, 0), -EINVAL);
    assert_int_equal(evtchn_init(&d, EVTCHN_2L_NR_PORTS + 1), -EINVAL);
    unit_alloc_fails = true;
    assert_int_equal(evtchn_init(&d, 16), -ENOMEM);
    unit_alloc_fails = false;
    assert_null(d.evtchn);
    /* Teardown of a domain whose init failed is harmless. */
    evtchn_destroy(&d);

    assert_int_equal(evtchn_init(&d, EVTCHN_2L_NR_PORTS), 0);
    assert_int_equal(d.max_evtchns, EVTCHN_2L_NR_PORTS);
    assert_int_equal(d.evtchn[0].state, ECS_RESERVED);
    evtchn_destroy(&d);
    assert_null(d.evtchn);
    assert_int_equal(d.max_evtchns, 0);
    evtchn_destroy(&d);         /* and repeatable */
}

static void test_port0_reserved(void **state)
{
    struct evtchn_status s;

    assert_int_equal(ev_alloc_unbound(da, DOMID_SELF, 2), 1);
    assert_int_equal(ev_bind_ipi(da, 0), 2);

    s = status_of(da, 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(ev_close(da, 0), -EINVAL);
    assert_int_equal(ev_send(da, 0), -EINVAL);
    assert_int_equal(ev_bind_vcpu(da, 0, 1), -EINVAL);
    assert_int_equal(ev_bind_interdomain(db, 1, 0), -EINVAL);

    /* Still reserved after a reset: the next port is 1 again. */
    assert_int_equal(ev_reset(da, DOMID_SELF), 0);
    assert_int_equal(da->evtchn[0].state, ECS_RESERVED);
    assert_int_equal(ev_bind_ipi(da, 0), 1);
}

static void test_port_exhaustion(void **state)
{
    struct domain *small = make_domain(7, false, 1, 1, 4);
    struct evtchn_status s;

    doms[2] = small;            /* db is freed here, small by teardown */
    free_domain(db);
    db = NULL;

    /* Ports 1-3: 0 is never handed out. */
    assert_int_equal(ev_alloc_unbound(small, DOMID_SELF, 1), 1);
    assert_int_equal(ev_bind_ipi(small, 0), 2);
    assert_int_equal(ev_bind_virq(small, VIRQ_TIMER, 0), 3);
    assert_int_equal(ev_alloc_unbound(small, DOMID_SELF, 1), -ENOSPC);
    assert_int_equal(ev_bind_ipi(small, 0), -ENOSPC);
    assert_int_equal(ev_bind_virq(small, VIRQ_DEBUG, 0), -ENOSPC);
    /* A privileged caller cannot squeeze one in either. */
    assert_int_equal(ev_alloc_unbound(dom0, 7, DOMID_SELF), -ENOSPC);
    /* Binding to it needs a local port too; the offer stays open. */
    assert_int_equal(ev_bind_interdomain(small, 1,
                                         ev_alloc_unbound(da, DOMID_SELF,
                                                          7)),
                     -ENOSPC);
    assert_int_equal(status_of(da, 1).status, EVTCHNSTAT_unbound);
    /* The VIRQ was not recorded as bound by the failed attempt. */
    assert_int_equal(small->vcpu[0]->virq_to_evtchn[VIRQ_DEBUG], 0);

    /* Out of range ports are invalid, not closed. */
    assert_int_equal(ev_status(small, DOMID_SELF, 4, &s), -EINVAL);
    assert_int_equal(ev_close(small, 4), -EINVAL);

    /* A freed port is reused, lowest first. */
    assert_int_equal(ev_close(small, 2), 0);
    assert_int_equal(ev_bind_ipi(small, 0), 2);
}

/* ----- alloc_unbound ----- */

static void test_alloc_unbound_self(void **state)
{
    struct evtchn_status s;

    assert_int_equal(ev_alloc_unbound(da, DOMID_SELF, 2), 1);
    s = status_of(da, 1);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 2);
    assert_int_equal(s.vcpu, 0);

    /* Naming oneself is the same as DOMID_SELF, either way round. */
    assert_int_equal(ev_alloc_unbound(da, 1, DOMID_SELF), 2);
    s = status_of(da, 2);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    assert_quiet(da);
}

static void test_alloc_unbound_for_other_domain(void **state)
{
    struct evtchn_status s;

    /* A builder makes a port in dom1 for itself (DOMID_SELF: dom0). */
    assert_int_equal(ev_alloc_unbound(dom0, 1, DOMID_SELF), 1);
    s = status_of(da, 1);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 0);
    /* ... or for a third domain. */
    assert_int_equal(ev_alloc_unbound(dom0, 1, 2), 2);
    assert_int_equal(status_of(da, 2).u.unbound.dom, 2);
    /* Nothing was allocated in dom0 itself. */
    assert_int_equal(status_of(dom0, 1).status, EVTCHNSTAT_closed);
}

static void test_alloc_unbound_refused(void **state)
{
    /* Unprivileged: only itself. */
    assert_int_equal(ev_alloc_unbound(da, 2, 1), -EPERM);
    assert_int_equal(status_of(db, 1).status, EVTCHNSTAT_closed);
    assert_int_equal(ev_alloc_unbound(da, 0, 1), -EPERM);
    /* Missing domains, whoever asks. */
    assert_int_equal(ev_alloc_unbound(da, 42, 1), -ESRCH);
    assert_int_equal(ev_alloc_unbound(dom0, 42, 1), -ESRCH);
    assert_int_equal(ev_alloc_unbound(dom0, DOMID_IO, 1), -ESRCH);
    /* A dying domain is as good as missing. */
    db->is_dying = true;
    assert_int_equal(ev_alloc_unbound(dom0, 2, 1), -ESRCH);
    /* And gets no new ports even from itself. */
    assert_int_equal(ev_alloc_unbound(db, DOMID_SELF, 1), -EINVAL);
    db->is_dying = false;
}

/* ----- bind_interdomain ----- */

static void test_bind_interdomain(void **state)
{
    struct evtchn_status s;
    long r, l;

    r = ev_alloc_unbound(db, DOMID_SELF, 1);
    assert_int_equal(r, 1);
    /* A's first ports are busy, so the ends have different numbers. */
    assert_int_equal(ev_bind_ipi(da, 0), 1);
    l = ev_bind_interdomain(da, 2, r);
    assert_int_equal(l, 2);

    s = status_of(da, l);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 2);
    assert_int_equal(s.u.interdomain.port, r);
    assert_int_equal(s.vcpu, 0);
    s = status_of(db, r);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, 1);
    assert_int_equal(s.u.interdomain.port, l);

    /*
     * Events sent while the port was unbound were dropped, so the new
     * local port starts pending (masked here, so no upcall yet).
     */
    assert_true(is_pending(da, l));
    assert_int_equal(sel(da->vcpu[0]), 0);
    assert_int_equal(unit_events_marked, 0);
    assert_false(is_pending(db, r));
}

static void test_bind_interdomain_refused(void **state)
{
    long offered_to_b = ev_alloc_unbound(dom0, DOMID_SELF, 2);
    long ipi = ev_bind_ipi(dom0, 0);
    long mine = ev_alloc_unbound(dom0, DOMID_SELF, 1);

    assert_true(offered_to_b > 0 && ipi > 0 && mine > 0);

    /* Offered to someone else. */
    assert_int_equal(ev_bind_interdomain(da, 0, offered_to_b), -EINVAL);
    /* Not unbound. */
    assert_int_equal(ev_bind_interdomain(da, 0, ipi), -EINVAL);
    /* Free, and out of range. */
    assert_int_equal(ev_bind_interdomain(da, 0, 100), -EINVAL);
    assert_int_equal(ev_bind_interdomain(da, 0, EVTCHN_DEFAULT_PORTS),
                     -EINVAL);
    assert_int_equal(ev_bind_interdomain(da, 0, 0xffffffffU), -EINVAL);
    /* No such domain. */
    assert_int_equal(ev_bind_interdomain(da, 42, mine), -ESRCH);
    /* None of that allocated anything in A. */
    assert_int_equal(status_of(da, 1).status, EVTCHNSTAT_closed);

    /* The right one works once; then it is no longer unbound. */
    assert_int_equal(ev_bind_interdomain(da, 0, mine), 1);
    assert_int_equal(ev_bind_interdomain(da, 0, mine), -EINVAL);
    assert_int_equal(status_of(da, 2).status, EVTCHNSTAT_closed);
}

static void test_bind_interdomain_loopback(void **state)
{
    long a, b;

    a = ev_alloc_unbound(da, DOMID_SELF, DOMID_SELF);
    assert_int_equal(a, 1);
    b = ev_bind_interdomain(da, DOMID_SELF, a);
    assert_int_equal(b, 2);
    guest_clear_pending(da, b);
    guest_unmask(da, a);
    guest_unmask(da, b);

    /* Each end notifies the other. */
    assert_int_equal(ev_send(da, b), 0);
    assert_true(is_pending(da, a));
    assert_false(is_pending(da, b));
    assert_int_equal(ev_send(da, a), 0);
    assert_true(is_pending(da, b));
    assert_int_equal(unit_events_marked, 1);

    /* Closing one end leaves the other offered to ourselves. */
    assert_int_equal(ev_close(da, a), 0);
    assert_int_equal(status_of(da, b).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(da, b).u.unbound.dom, 1);
}

/* ----- send and the 2-level bits ----- */

static void test_send_interdomain_sets_remote_bits(void **state)
{
    evtchn_port_t la, rb;
    struct vcpu *bv = db->vcpu[0];

    connect(da, &la, db, &rb);
    guest_unmask(db, rb);
    assert_quiet(da);
    assert_quiet(db);

    assert_int_equal(ev_send(da, la), 0);
    assert_true(is_pending(db, rb));
    assert_int_equal(sel(bv), 1UL << (rb / 64));
    assert_int_equal(upcall(bv), 1);
    assert_int_equal(unit_events_marked, 1);
    assert_ptr_equal(unit_events_marked_last, bv);
    /* The sender's own bits are untouched. */
    assert_quiet(da);

    /* And back the other way. */
    guest_unmask(da, la);
    assert_int_equal(ev_send(db, rb), 0);
    assert_true(is_pending(da, la));
    assert_int_equal(upcall(da->vcpu[0]), 1);
    assert_int_equal(unit_events_marked, 2);
    assert_ptr_equal(unit_events_marked_last, da->vcpu[0]);
}

static void test_send_to_remote_notify_vcpu(void **state)
{
    evtchn_port_t la, rb;
    struct vcpu *v2 = da->vcpu[2];

    /* B sends; A has moved its end to vCPU 2. */
    connect(da, &la, db, &rb);
    guest_unmask(da, la);
    assert_int_equal(ev_bind_vcpu(da, la, 2), 0);
    assert_int_equal(status_of(da, la).vcpu, 2);

    assert_int_equal(ev_send(db, rb), 0);
    assert_true(is_pending(da, la));
    assert_int_equal(sel(v2), 1UL << (la / 64));
    assert_int_equal(upcall(v2), 1);
    assert_int_equal(sel(da->vcpu[0]), 0);
    assert_int_equal(upcall(da->vcpu[0]), 0);
    assert_ptr_equal(unit_events_marked_last, v2);
}

static void test_send_unbound_is_dropped(void **state)
{
    long p = ev_alloc_unbound(da, DOMID_SELF, 2);

    guest_unmask(da, p);
    assert_int_equal(ev_send(da, p), 0);
    assert_quiet(da);
    assert_quiet(db);
    assert_int_equal(unit_events_marked, 0);
}

static void test_send_refused(void **state)
{
    long virq = ev_bind_virq(da, VIRQ_TIMER, 0);
    long ipi_b = ev_bind_ipi(db, 0);

    assert_true(virq > 0);
    assert_int_equal(ev_send(da, virq), -EINVAL);     /* VIRQ */
    assert_int_equal(ev_send(da, 5), -EINVAL);        /* free */
    assert_int_equal(ev_send(da, EVTCHN_DEFAULT_PORTS), -EINVAL);
    assert_int_equal(ev_send(da, 0xffffffffU), -EINVAL);
    assert_quiet(da);

    /* Another domain's port numbers mean nothing to us. */
    assert_int_equal(ipi_b, 1);
    assert_int_equal(ev_send(da, ipi_b), -EINVAL);
    assert_quiet(db);
}

static void test_send_ipi(void **state)
{
    long p = ev_bind_ipi(da, 1);
    struct vcpu *v1 = da->vcpu[1];
    struct evtchn_status s;

    assert_int_equal(p, 1);
    s = status_of(da, p);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    assert_int_equal(s.vcpu, 1);

    guest_unmask(da, p);
    assert_int_equal(ev_send(da, p), 0);
    assert_true(is_pending(da, p));
    assert_int_equal(sel(v1), 1);
    assert_int_equal(upcall(v1), 1);
    assert_int_equal(upcall(da->vcpu[0]), 0);
    assert_int_equal(unit_events_marked, 1);
    assert_ptr_equal(unit_events_marked_last, v1);

    /* The hypervisor's own entry point does the same. */
    guest_ack(v1);
    guest_clear_pending(da, p);
    assert_int_equal(evtchn_send(da, p), 0);
    assert_int_equal(upcall(v1), 1);
    assert_int_equal(unit_events_marked, 2);
}

static void test_bind_ipi_refused(void **state)
{
    assert_int_equal(ev_bind_ipi(da, 3), -ENOENT);    /* slot, no vCPU */
    assert_int_equal(ev_bind_ipi(da, 4), -ENOENT);    /* beyond */
    assert_int_equal(ev_bind_ipi(da, 0xffffffffU), -ENOENT);
    assert_int_equal(status_of(da, 1).status, EVTCHNSTAT_closed);
}

static void test_masked_send(void **state)
{
    long p = ev_bind_ipi(da, 0);
    struct vcpu *v0 = da->vcpu[0];

    /* Masked (the initial state): pending, and nothing more. */
    assert_true(is_masked(da, p));
    assert_int_equal(ev_send(da, p), 0);
    assert_true(is_pending(da, p));
    assert_int_equal(sel(v0), 0);
    assert_int_equal(upcall(v0), 0);
    assert_int_equal(unit_events_marked, 0);
}

static void test_hook_called_once_per_upcall(void **state)
{
    long p1 = ev_bind_ipi(da, 0), p2 = ev_bind_ipi(da, 0);
    struct vcpu *v0 = da->vcpu[0];

    guest_unmask(da, p1);
    guest_unmask(da, p2);

    assert_int_equal(ev_send(da, p1), 0);
    assert_int_equal(unit_events_marked, 1);
    /* Already pending: nothing at all. */
    assert_int_equal(ev_send(da, p1), 0);
    assert_int_equal(unit_events_marked, 1);
    /* Another port in the same word: the word is already flagged. */
    assert_int_equal(ev_send(da, p2), 0);
    assert_int_equal(unit_events_marked, 1);
    assert_int_equal(sel(v0), 1);

    /* The guest takes the upcall; the ports stay pending until handled. */
    guest_ack(v0);
    assert_int_equal(ev_send(da, p1), 0);
    assert_int_equal(unit_events_marked, 1);
    guest_clear_pending(da, p1);
    assert_int_equal(ev_send(da, p1), 0);
    assert_int_equal(unit_events_marked, 2);
    assert_int_equal(upcall(v0), 1);
}

static void test_pending_sel_words(void **state)
{
    struct vcpu *v0 = da->vcpu[0];

    guest_unmask(da, 70);
    guest_unmask(da, 130);
    guest_unmask(da, 4095);

    evtchn_set_pending(v0, 70);
    assert_int_equal(sel(v0), 1UL << 1);
    assert_int_equal(unit_events_marked, 1);

    /*
     * A new word while the upcall is still pending: flagged, but the vCPU
     * has a callback due already and needs no second kick.
     */
    evtchn_set_pending(v0, 130);
    assert_int_equal(sel(v0), (1UL << 1) | (1UL << 2));
    assert_int_equal(upcall(v0), 1);
    assert_int_equal(unit_events_marked, 1);

    evtchn_set_pending(v0, 4095);
    assert_int_equal(sel(v0), (1UL << 1) | (1UL << 2) | (1UL << 63));
    assert_true(is_pending(da, 4095));

    /* Beyond the bitmaps is a caller's bug. */
    expect_bug(evtchn_set_pending(v0, EVTCHN_2L_NR_PORTS));
}

static void test_flagged_word_needs_no_upcall(void **state)
{
    long p = ev_bind_ipi(da, 0);

    /* The guest's upcall handler may be running: it cleared upcall. */
    guest_unmask(da, p);
    da->vcpu[0]->vcpu_info->evtchn_pending_sel = 1;
    assert_int_equal(ev_send(da, p), 0);
    /* Its pending_sel scan will find the port: no new upcall needed. */
    assert_int_equal(upcall(da->vcpu[0]), 0);
    assert_int_equal(unit_events_marked, 0);
    assert_true(is_pending(da, p));
}

/* ----- unmask ----- */

static void test_unmask_delivers_pending(void **state)
{
    long p = ev_bind_ipi(da, 1);
    struct vcpu *v1 = da->vcpu[1];

    assert_int_equal(ev_send(da, p), 0);
    assert_int_equal(unit_events_marked, 0);

    /* Unmasked through the hypercall, from vCPU 0: delivered on 1. */
    assert_int_equal(ev_unmask(da, p), 0);
    assert_false(is_masked(da, p));
    assert_int_equal(sel(v1), 1);
    assert_int_equal(upcall(v1), 1);
    assert_int_equal(upcall(da->vcpu[0]), 0);
    assert_int_equal(unit_events_marked, 1);
    assert_ptr_equal(unit_events_marked_last, v1);
}

static void test_unmask_without_event(void **state)
{
    long p = ev_bind_ipi(da, 0);

    /* Nothing pending: the mask goes, nobody is told. */
    assert_int_equal(ev_unmask(da, p), 0);
    assert_false(is_masked(da, p));
    assert_quiet(da);
    assert_int_equal(unit_events_marked, 0);

    /*
     * Pending but already unmasked (the guest has seen it, as its upcall
     * took pending_sel): unmasking again must not raise it again.
     */
    assert_int_equal(ev_send(da, p), 0);
    guest_ack(da->vcpu[0]);
    assert_int_equal(ev_unmask(da, p), 0);
    assert_int_equal(sel(da->vcpu[0]), 0);
    assert_int_equal(unit_events_marked, 1);

    /* Linux's way for a pending port: re-mask, then ask us to unmask. */
    guest_mask(da, p);
    assert_int_equal(ev_unmask(da, p), 0);
    assert_false(is_masked(da, p));
    assert_int_equal(sel(da->vcpu[0]), 1);
    assert_int_equal(upcall(da->vcpu[0]), 1);
    assert_int_equal(unit_events_marked, 2);

    /* Invalid ports. */
    assert_int_equal(ev_unmask(da, EVTCHN_DEFAULT_PORTS), -EINVAL);
    assert_int_equal(ev_unmask(da, 0xffffffffU), -EINVAL);
}

/* ----- close ----- */

static void test_close_interdomain(void **state)
{
    evtchn_port_t la, rb;
    struct evtchn_status s;

    connect(da, &la, db, &rb);
    assert_int_equal(ev_close(da, la), 0);

    assert_int_equal(status_of(da, la).status, EVTCHNSTAT_closed);
    /* B's end waits for A again. */
    s = status_of(db, rb);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    /* B's sends are now dropped. */
    guest_unmask(da, la);
    assert_int_equal(ev_send(db, rb), 0);
    assert_quiet(da);

    /* A can reconnect to the same port. */
    assert_int_equal(ev_bind_interdomain(da, 2, rb), la);
    assert_int_equal(status_of(db, rb).status, EVTCHNSTAT_interdomain);

    /* Closing from B's side does the same to A's end. */
    assert_int_equal(ev_close(db, rb), 0);
    s = status_of(da, la);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 2);
}

static void test_close_refused(void **state)
{
    long p = ev_bind_ipi(da, 0);

    assert_int_equal(ev_close(da, 7), -EINVAL);               /* free */
    assert_int_equal(ev_close(da, EVTCHN_DEFAULT_PORTS), -EINVAL);
    assert_int_equal(ev_close(da, 0xffffffffU), -EINVAL);
    assert_int_equal(ev_close(da, p), 0);
    assert_int_equal(ev_close(da, p), -EINVAL);               /* twice */

    /* Only one's own ports: B's port 1 is not A's to close. */
    assert_int_equal(ev_bind_ipi(db, 0), 1);
    assert_int_equal(ev_close(da, 1), -EINVAL);
    assert_int_equal(status_of(db, 1).status, EVTCHNSTAT_ipi);
}

static void test_close_resets_port(void **state)
{
    evtchn_port_t la, rb;

    connect(da, &la, db, &rb);
    assert_int_equal(ev_bind_vcpu(da, la, 2), 0);
    assert_int_equal(ev_send(db, rb), 0);
    assert_true(is_pending(da, la));

    /* The next user of the port starts on vCPU 0 with nothing pending. */
    assert_int_equal(ev_close(da, la), 0);
    assert_false(is_pending(da, la));
    assert_true(is_masked(da, la));     /* the mask is the guest's */
    assert_int_equal(ev_alloc_unbound(da, DOMID_SELF, 0), la);
    assert_int_equal(status_of(da, la).vcpu, 0);
}

/* ----- ports served by the hypervisor ----- */

static unsigned int xen_notified;
static struct domain *xen_notified_dom;
static evtchn_port_t xen_notified_port;

static void count_xen_notify(struct domain *d, evtchn_port_t port)
{
    xen_notified++;
    xen_notified_dom = d;
    xen_notified_port = port;
}

static void test_xen_port(void **state)
{
    long p;
    struct evtchn_status s;

    xen_notified = 0;
    p = evtchn_alloc_xen(da, count_xen_notify);
    assert_int_equal(p, 1);
    s = status_of(da, p);
    assert_int_equal(s.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s.u.interdomain.dom, DOMID_XEN);

    /* The guest's send reaches the backend, not any domain's bitmap. */
    assert_int_equal(ev_send(da, p), 0);
    assert_int_equal(xen_notified, 1);
    assert_ptr_equal(xen_notified_dom, da);
    assert_int_equal(xen_notified_port, p);
    assert_false(is_pending(da, p));
    assert_quiet(db);

    /* The backend's notification is an ordinary event on the port. */
    guest_unmask(da, p);
    assert_int_equal(ev_bind_vcpu(da, p, 1), 0);
    evtchn_notify_xen(da, p);
    assert_true(is_pending(da, p));
    assert_int_equal(upcall(da->vcpu[1]), 1);

    /* Closed by the guest: sends fail, notifications go nowhere. */
    guest_ack(da->vcpu[1]);
    assert_int_equal(ev_close(da, p), 0);
    assert_int_equal(ev_send(da, p), -EINVAL);
    assert_int_equal(xen_notified, 1);
    evtchn_notify_xen(da, p);
    assert_false(is_pending(da, p));
    /* Nor do they reach whatever reuses the port number. */
    assert_int_equal(ev_bind_ipi(da, 0), p);
    evtchn_notify_xen(da, p);
    assert_false(is_pending(da, p));
}

/* ----- VIRQs ----- */

static void test_virq_per_vcpu(void **state)
{
    long t0 = ev_bind_virq(da, VIRQ_TIMER, 0);
    long t1 = ev_bind_virq(da, VIRQ_TIMER, 1);
    struct vcpu *v0 = da->vcpu[0], *v1 = da->vcpu[1];
    struct evtchn_status s;

    assert_int_equal(t0, 1);
    assert_int_equal(t1, 2);
    s = status_of(da, t1);
    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_TIMER);
    assert_int_equal(s.vcpu, 1);
    guest_unmask(da, t0);
    guest_unmask(da, t1);

    send_guest_vcpu_virq(v1, VIRQ_TIMER);
    assert_true(is_pending(da, t1));
    assert_false(is_pending(da, t0));
    assert_int_equal(upcall(v1), 1);
    assert_int_equal(upcall(v0), 0);
    assert_ptr_equal(unit_events_marked_last, v1);

    send_guest_vcpu_virq(v0, VIRQ_TIMER);
    assert_true(is_pending(da, t0));
    assert_int_equal(upcall(v0), 1);
    assert_int_equal(unit_events_marked, 2);

    /* Not bound on vCPU 2, nor VIRQ_DEBUG anywhere: nothing. */
    send_guest_vcpu_virq(da->vcpu[2], VIRQ_TIMER);
    send_guest_vcpu_virq(v0, VIRQ_DEBUG);
    assert_int_equal(upcall(da->vcpu[2]), 0);
    assert_int_equal(unit_events_marked, 2);

    /* Global VIRQs have their own entry point. */
    expect_bug(send_guest_vcpu_virq(v0, VIRQ_CONSOLE));
    expect_bug(send_guest_vcpu_virq(v0, NR_VIRQS));
}

static void test_virq_global(void **state)
{
    long p = ev_bind_virq(da, VIRQ_CONSOLE, 0);
    struct vcpu *v2 = da->vcpu[2];

    assert_int_equal(p, 1);
    guest_unmask(da, p);

    send_guest_global_virq(da, VIRQ_CONSOLE);
    assert_true(is_pending(da, p));
    assert_int_equal(upcall(da->vcpu[0]), 1);
    assert_int_equal(unit_events_marked, 1);

    /* Moved to vCPU 2, it is delivered there. */
    guest_ack(da->vcpu[0]);
    guest_clear_pending(da, p);
    assert_int_equal(ev_bind_vcpu(da, p, 2), 0);
    send_guest_global_virq(da, VIRQ_CONSOLE);
    assert_int_equal(upcall(v2), 1);
    assert_int_equal(upcall(da->vcpu[0]), 0);
    assert_ptr_equal(unit_events_marked_last, v2);

    /* One binding per domain, made on vCPU 0. */
    assert_int_equal(ev_bind_virq(da, VIRQ_CONSOLE, 0), -EEXIST);
    assert_int_equal(ev_bind_virq(da, VIRQ_DOM_EXC, 1), -EINVAL);
    assert_int_equal(ev_bind_virq(da, VIRQ_ARCH_0, 1), -EINVAL);

    /* Unbound VIRQs, or other domains': nothing. */
    send_guest_global_virq(da, VIRQ_DOM_EXC);
    send_guest_global_virq(db, VIRQ_CONSOLE);
    assert_quiet(db);
    assert_int_equal(unit_events_marked, 2);

    expect_bug(send_guest_global_virq(da, VIRQ_TIMER));
}

static void test_bind_virq_refused(void **state)
{
    assert_int_equal(ev_bind_virq(da, NR_VIRQS, 0), -EINVAL);
    assert_int_equal(ev_bind_virq(da, 0xffffffffU, 0), -EINVAL);
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 3), -ENOENT);
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 4), -ENOENT);
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 0xffffffffU), -ENOENT);

    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 1), 1);
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 1), -EEXIST);
    /* Per-vCPU: the same VIRQ on another vCPU is a separate binding. */
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 2), 2);
    assert_int_equal(ev_bind_virq(da, VIRQ_XENPMU, 2), 3);
    assert_int_equal(status_of(da, 4).status, EVTCHNSTAT_closed);
}

static void test_close_virq(void **state)
{
    long p = ev_bind_virq(da, VIRQ_TIMER, 1);
    long g;

    guest_unmask(da, p);
    assert_int_equal(ev_close(da, p), 0);
    assert_int_equal(da->vcpu[1]->virq_to_evtchn[VIRQ_TIMER], 0);

    /* No longer raised, and free to bind again. */
    send_guest_vcpu_virq(da->vcpu[1], VIRQ_TIMER);
    assert_quiet(da);
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 1), p);

    /* A global VIRQ moved elsewhere is still unbound from vCPU 0. */
    g = ev_bind_virq(da, VIRQ_DOM_EXC, 0);
    assert_int_equal(ev_bind_vcpu(da, g, 2), 0);
    assert_int_equal(ev_close(da, g), 0);
    assert_int_equal(da->vcpu[0]->virq_to_evtchn[VIRQ_DOM_EXC], 0);
    assert_int_equal(ev_bind_virq(da, VIRQ_DOM_EXC, 0), g);
}

/* ----- bind_vcpu ----- */

static void test_bind_vcpu_rules(void **state)
{
    evtchn_port_t la, rb;
    long unbound = ev_alloc_unbound(da, DOMID_SELF, 0);
    long timer = ev_bind_virq(da, VIRQ_TIMER, 0);
    long ipi = ev_bind_ipi(da, 1);
    long console = ev_bind_virq(da, VIRQ_CONSOLE, 0);

    connect(da, &la, db, &rb);

    /* Allowed: unbound, interdomain, global VIRQ. */
    assert_int_equal(ev_bind_vcpu(da, unbound, 1), 0);
    assert_int_equal(status_of(da, unbound).vcpu, 1);
    assert_int_equal(ev_bind_vcpu(da, la, 2), 0);
    assert_int_equal(status_of(da, la).vcpu, 2);
    assert_int_equal(ev_bind_vcpu(da, console, 1), 0);
    assert_int_equal(status_of(da, console).vcpu, 1);

    /* Refused: per-vCPU VIRQ, IPI, free, reserved, out of range. */
    assert_int_equal(ev_bind_vcpu(da, timer, 1), -EINVAL);
    assert_int_equal(status_of(da, timer).vcpu, 0);
    assert_int_equal(ev_bind_vcpu(da, ipi, 0), -EINVAL);
    assert_int_equal(status_of(da, ipi).vcpu, 1);
    assert_int_equal(ev_bind_vcpu(da, 100, 1), -EINVAL);
    assert_int_equal(ev_bind_vcpu(da, 0, 1), -EINVAL);
    assert_int_equal(ev_bind_vcpu(da, EVTCHN_DEFAULT_PORTS, 1), -EINVAL);

    /* The vCPU must exist. */
    assert_int_equal(ev_bind_vcpu(da, unbound, 3), -ENOENT);
    assert_int_equal(ev_bind_vcpu(da, unbound, 4), -ENOENT);
    assert_int_equal(status_of(da, unbound).vcpu, 1);

    /* B's notify vCPU is its own business. */
    assert_int_equal(status_of(db, rb).vcpu, 0);
}

/* ----- status ----- */

static void test_status_permissions(void **state)
{
    struct evtchn_status s;
    long p = ev_bind_ipi(db, 0);

    assert_int_equal(p, 1);
    /* Unprivileged: only its own. */
    assert_int_equal(ev_status(da, 2, p, &s), -EPERM);
    assert_int_equal(ev_status(da, 0, 1, &s), -EPERM);
    assert_int_equal(ev_status(da, 42, 1, &s), -ESRCH);
    /* Privileged: anyone's. */
    assert_int_equal(ev_status(dom0, 2, p, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    assert_int_equal(s.vcpu, 0);
    assert_int_equal(ev_status(dom0, 42, 1, &s), -ESRCH);
    /* One's own id works like DOMID_SELF. */
    assert_int_equal(ev_status(db, 2, p, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    /* Ports beyond the table. */
    assert_int_equal(ev_status(db, DOMID_SELF, EVTCHN_DEFAULT_PORTS, &s),
                     -EINVAL);
}

/* ----- reset and destroy ----- */

static void test_reset_self(void **state)
{
    evtchn_port_t la, rb;

    connect(da, &la, db, &rb);
    assert_true(ev_bind_virq(da, VIRQ_TIMER, 1) > 0);
    assert_true(ev_bind_ipi(da, 2) > 0);
    assert_true(ev_alloc_unbound(da, DOMID_SELF, 0) > 0);
    assert_int_equal(ev_send(db, rb), 0);

    assert_int_equal(ev_reset(da, DOMID_SELF), 0);
    for ( evtchn_port_t p = 0; p < 8; p++ )
        assert_int_equal(status_of(da, p).status, EVTCHNSTAT_closed);
    for ( unsigned int i = 0; i < NR_VIRQS; i++ )
        assert_int_equal(da->vcpu[1]->virq_to_evtchn[i], 0);
    assert_quiet(da);
    /* The peer is unbound, offered back to A. */
    assert_int_equal(status_of(db, rb).status, EVTCHNSTAT_unbound);
    assert_int_equal(status_of(db, rb).u.unbound.dom, 1);
    /* Everything can be bound again. */
    assert_int_equal(ev_bind_virq(da, VIRQ_TIMER, 1), 1);
    assert_int_equal(ev_bind_interdomain(da, 2, rb), 2);
}

static void test_reset_other(void **state)
{
    assert_int_equal(ev_bind_ipi(db, 0), 1);

    assert_int_equal(ev_reset(da, 2), -EPERM);
    assert_int_equal(status_of(db, 1).status, EVTCHNSTAT_ipi);
    assert_int_equal(ev_reset(da, 42), -ESRCH);
    assert_int_equal(ev_reset(dom0, 42), -ESRCH);

    assert_int_equal(ev_reset(dom0, 2), 0);
    assert_int_equal(status_of(db, 1).status, EVTCHNSTAT_closed);
}

static void test_destroy_unbinds_peers(void **state)
{
    evtchn_port_t la, rb, la2, r0;
    long virq = ev_bind_virq(da, VIRQ_TIMER, 0);
    struct evtchn_status s;

    assert_true(virq > 0);
    connect(da, &la, db, &rb);
    connect(da, &la2, dom0, &r0);
    guest_unmask(da, la);

    /* As domain_destroy() does: dying first, so no new ports appear. */
    da->is_dying = true;
    evtchn_destroy(da);
    assert_null(da->evtchn);
    assert_int_equal(da->max_evtchns, 0);
    assert_int_equal(da->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], 0);

    s = status_of(db, rb);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    assert_int_equal(status_of(dom0, r0).status, EVTCHNSTAT_unbound);

    /* Late events for the dead domain go nowhere. */
    assert_int_equal(ev_send(db, rb), 0);
    send_guest_vcpu_virq(da->vcpu[0], VIRQ_TIMER);
    assert_int_equal(evtchn_send(da, la), -EINVAL);
    assert_int_equal(unit_events_marked, 0);
    /* And nobody can bind to it any more. */
    assert_int_equal(ev_bind_interdomain(db, 1, 1), -ESRCH);
    assert_int_equal(ev_alloc_unbound(dom0, 1, DOMID_SELF), -ESRCH);
}

/* ----- vCPUs without a vcpu_info ----- */

static void test_event_waits_for_vcpu_info(void **state)
{
    struct vcpu *v2 = da->vcpu[2];
    struct vcpu_info *vi = calloc(1, sizeof(*vi));
    long p = ev_bind_ipi(da, 2);
    long other, masked;

    assert_non_null(vi);
    /*
     * The other ports in other words than p's, so that pending_sel shows
     * which ones the scan raised: vCPU 1's port 64, vCPU 2's masked 65.
     */
    do
        other = ev_bind_ipi(da, 1);
    while ( other > 0 && other < 64 );
    assert_int_equal(other, 64);
    masked = ev_bind_ipi(da, 2);
    assert_int_equal(masked, 65);
    guest_unmask(da, p);
    guest_unmask(da, other);

    /* As for a vCPU beyond the 32 in shared_info, not registered yet. */
    v2->vcpu_info = NULL;
    assert_int_equal(ev_send(da, p), 0);
    assert_int_equal(ev_send(da, masked), 0);
    send_guest_vcpu_virq(v2, VIRQ_TIMER);
    assert_true(is_pending(da, p));
    assert_int_equal(unit_events_marked, 0);

    /* A free port the guest marked pending itself is not ours to raise. */
    guest_unmask(da, 200);
    da->shared_info->evtchn_pending[200 / 64] |= 1UL << (200 % 64);
    /* vCPU 1's pending event is vCPU 1's business. */
    assert_int_equal(ev_send(da, other), 0);
    guest_ack(da->vcpu[1]);
    unit_events_marked = 0;

    /* VCPUOP_register_vcpu_info then delivers p, and only p. */
    v2->vcpu_info = vi;
    evtchn_check_pending(v2);
    assert_int_equal(vi->evtchn_pending_sel, 1UL << (p / 64));
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(unit_events_marked, 1);
    assert_ptr_equal(unit_events_marked_last, v2);
    assert_int_equal(sel(da->vcpu[1]), 0);

    /* A second scan finds nothing new to tell. */
    evtchn_check_pending(v2);
    assert_int_equal(unit_events_marked, 1);

    /* Free ports notify vCPU 0 if anyone: still not raised for it. */
    evtchn_check_pending(da->vcpu[0]);
    assert_int_equal(sel(da->vcpu[0]), 0);
    assert_int_equal(unit_events_marked, 1);

    v2->vcpu_info = &da->shared_info->vcpu_info[2];
    free(vi);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_abi_layouts),
        T(test_unsupported_ops),
        T(test_bad_guest_pointers),
        T(test_init_limits),
        T(test_port0_reserved),
        T(test_port_exhaustion),
        T(test_alloc_unbound_self),
        T(test_alloc_unbound_for_other_domain),
        T(test_alloc_unbound_refused),
        T(test_bind_interdomain),
        T(test_bind_interdomain_refused),
        T(test_bind_interdomain_loopback),
        T(test_send_interdomain_sets_remote_bits),
        T(test_send_to_remote_notify_vcpu),
        T(test_send_unbound_is_dropped),
        T(test_xen_port),
        T(test_send_refused),
        T(test_send_ipi),
        T(test_bind_ipi_refused),
        T(test_masked_send),
        T(test_hook_called_once_per_upcall),
        T(test_pending_sel_words),
        T(test_flagged_word_needs_no_upcall),
        T(test_unmask_delivers_pending),
        T(test_unmask_without_event),
        T(test_close_interdomain),
        T(test_close_refused),
        T(test_close_resets_port),
        T(test_virq_per_vcpu),
        T(test_virq_global),
        T(test_bind_virq_refused),
        T(test_close_virq),
        T(test_bind_vcpu_rules),
        T(test_status_permissions),
        T(test_reset_self),
        T(test_reset_other),
        T(test_destroy_unbinds_peers),
        T(test_event_waits_for_vcpu_info),
    };

    return cmocka_run_group_tests_name("event_channel", tests, NULL, NULL);
}
