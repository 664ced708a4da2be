/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels with the 2-level ABI: a domain's ports and what they are
 * bound to (another domain's port, a VIRQ, one of its own vCPUs), the
 * EVTCHNOP_* hypercall, and delivery through the pending and mask bitmaps
 * of shared_info and each vCPU's vcpu_info.  xen/event.h describes the
 * protocol; the semantics, error codes included, follow Xen's.
 *
 * Locks, outermost first:
 *  - evtchn_domains_lock, for anything that involves a second domain or
 *    tears a table down (see below);
 *  - d->event_lock of each domain involved, lower address first, always
 *    with interrupts off since timer handlers raise VIRQs.
 * An interdomain binding changes only with both domains' event locks
 * held, so holding one end's lock keeps the peer's table alive: tearing
 * the peer down first closes its end, which needs our lock.
 */
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <public/event_channel.h>

/*
 * Domains carry no reference counts.  A domain found, or reached through
 * a binding, while this lock is held cannot be freed until it is
 * dropped, because evtchn_destroy() takes it and domain_destroy() frees
 * nothing before that returns; nor can any interdomain binding change.
 * Never taken in interrupt context.
 */
static DEFINE_SPINLOCK(evtchn_domains_lock);

/* ----- bitmaps the guest writes concurrently: atomic updates only ----- */

static bool bit_test(const xen_ulong_t *map, unsigned int nr)
{
    return (__atomic_load_n(&map[nr / EVTCHN_WORD_BITS], __ATOMIC_SEQ_CST) >>
            (nr % EVTCHN_WORD_BITS)) & 1;
}

static bool bit_test_and_set(xen_ulong_t *map, unsigned int nr)
{
    xen_ulong_t bit = (xen_ulong_t)1 << (nr % EVTCHN_WORD_BITS);

    return __atomic_fetch_or(&map[nr / EVTCHN_WORD_BITS], bit,
                             __ATOMIC_SEQ_CST) & bit;
}

static bool bit_test_and_clear(xen_ulong_t *map, unsigned int nr)
{
    xen_ulong_t bit = (xen_ulong_t)1 << (nr % EVTCHN_WORD_BITS);

    return __atomic_fetch_and(&map[nr / EVTCHN_WORD_BITS], ~bit,
                              __ATOMIC_SEQ_CST) & bit;
}

/* ----- delivery ----- */

static struct vcpu *vcpu_of(const struct domain *d, unsigned int vcpu_id)
{
    return vcpu_id < d->max_vcpus ? d->vcpu[vcpu_id] : NULL;
}

/*
 * The vCPU's half of the protocol, for a port that is pending and not
 * masked: flag the port's word in pending_sel, then the upcall.  The
 * order matters: the guest clears upcall_pending before it takes
 * pending_sel, so whichever of us comes second sees the other's work.
 */
static void notify_vcpu(struct vcpu *v, evtchn_port_t port)
{
    struct vcpu_info *vi;

    if ( !v )
        return;
    /* Without a vcpu_info the event waits for evtchn_check_pending(). */
    vi = READ_ONCE(v->vcpu_info);
    if ( !vi )
        return;
    /* Already flagged: the guest is yet to scan that word. */
    if ( bit_test_and_set(&vi->evtchn_pending_sel, port / EVTCHN_WORD_BITS) )
        return;
    /* Already pending: a callback is due and will see the new word. */
    if ( __atomic_exchange_n(&vi->evtchn_upcall_pending, 1,
                             __ATOMIC_SEQ_CST) )
        return;
    vcpu_mark_events_pending(v);
}

/* v may be NULL (no such vCPU): the event then stays in shared_info. */
static void set_pending(struct domain *d, struct vcpu *v, evtchn_port_t port)
{
    struct shared_info *s = d->shared_info;

    /* Already pending: the guest has been (or will be) told. */
    if ( bit_test_and_set(s->evtchn_pending, port) )
        return;
    /* Pollers wait on ports whether or not they are masked. */
    evtchn_wake_pollers(d, port);
    /* Masked: delivered by EVTCHNOP_unmask, or the guest's own scan. */
    if ( bit_test(s->evtchn_mask, port) )
        return;
    notify_vcpu(v, port);
}

void evtchn_set_pending(struct vcpu *v, evtchn_port_t port)
{
    /* A caller's bug, which must not write beyond the bitmaps. */
    ASSERT(port < EVTCHN_2L_NR_PORTS);
    if ( port >= EVTCHN_2L_NR_PORTS )
        return;
    set_pending(v->domain, v, port);
}

/* ----- the port table ----- */

static bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
    return port < d->max_evtchns;
}

/* Lowest free port, never 0.  Caller holds d->event_lock. */
static long get_free_port(struct domain *d)
{
    /* Teardown closes every port once: none may appear after it. */
    if ( READ_ONCE(d->is_dying) )
        return -EINVAL;
    for ( evtchn_port_t port = 1; port < d->max_evtchns; port++ )
        if ( d->evtchn[port].state == ECS_FREE )
            return port;
    return -ENOSPC;
}

/*
 * The port's pending bit goes, so that whoever reuses the port does not
 * start with a stale event; its vCPU goes back to 0, the ABI's default
 * for a fresh port.  The mask bit is the guest's and stays.
 */
static void free_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = &d->evtchn[port];

    bit_test_and_clear(d->shared_info->evtchn_pending, port);
    chn->state = ECS_FREE;
    chn->notify_vcpu_id = 0;
    memset(&chn->u, 0, sizeof(chn->u));
}

/* Both domains' event locks, lower address first; interrupts are off. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if ( a == b )
        spin_lock(&a->event_lock);
    else if ( a < b )
    {
        spin_lock(&a->event_lock);
        spin_lock(&b->event_lock);
    }
    else
    {
        spin_lock(&b->event_lock);
        spin_lock(&a->event_lock);
    }
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    spin_unlock(&a->event_lock);
    if ( a != b )
        spin_unlock(&b->event_lock);
}

/*
 * Closes port1 of d1.  An interdomain peer becomes unbound, offered back
 * to d1, so that d1 may reconnect to it.  Caller holds
 * evtchn_domains_lock.
 */
static long close_port(struct domain *d1, evtchn_port_t port1)
{
    struct domain *d2 = NULL;
    struct evtchn *chn1, *chn2;
    struct vcpu *v;
    unsigned long flags;
    long rc = 0;

    spin_lock_irqsave(&d1->event_lock, flags);
    if ( !port_is_valid(d1, port1) )
    {
        rc = -EINVAL;
        goto out;
    }
    chn1 = &d1->evtchn[port1];

    switch ( chn1->state )
    {
    case ECS_FREE:
    case ECS_RESERVED:
        rc = -EINVAL;
        goto out;

    case ECS_UNBOUND:
    case ECS_IPI:
    case ECS_XEN:
        break;

    case ECS_VIRQ:
        for_each_vcpu ( d1, v )
        {
            if ( v->virq_to_evtchn[chn1->u.virq] == port1 )
                v->virq_to_evtchn[chn1->u.virq] = 0;
        }
        break;

    case ECS_INTERDOMAIN:
        d2 = chn1->u.interdomain.remote_dom;
        /*
         * Take d2's lock in address order.  Dropping ours for a moment is
         * safe: the binding, and d1's table, change only under
         * evtchn_domains_lock, which we hold.
         */
        if ( d2 < d1 )
        {
            spin_unlock(&d1->event_lock);
            spin_lock(&d2->event_lock);
            spin_lock(&d1->event_lock);
        }
        else if ( d2 != d1 )
            spin_lock(&d2->event_lock);

        chn2 = &d2->evtchn[chn1->u.interdomain.remote_port];
        /* Bindings are made and broken in pairs: anything else is ours. */
        BUG_ON(chn2->state != ECS_INTERDOMAIN ||
               chn2->u.interdomain.remote_dom != d1 ||
               chn2->u.interdomain.remote_port != port1);
        memset(&chn2->u, 0, sizeof(chn2->u));
        chn2->state = ECS_UNBOUND;
        chn2->u.unbound.remote_domid = d1->domain_id;
        break;

    default:
        BUG();
    }

    free_port(d1, port1);

 out:
    if ( d2 && d2 != d1 )
        spin_unlock(&d2->event_lock);
    spin_unlock_irqrestore(&d1->event_lock, flags);
    return rc;
}

int evtchn_init(struct domain *d, unsigned int max_ports)
{
    struct evtchn *table;

    if ( max_ports == 0 || max_ports > EVTCHN_2L_NR_PORTS )
        return -EINVAL;
    table = xzalloc_array(struct evtchn, max_ports);
    if ( !table )
        return -ENOMEM;
    /* Guests use 0 to mean "no port", so it is never handed out. */
    table[0].state = ECS_RESERVED;

    spin_lock_init(&d->event_lock);
    d->evtchn = table;
    d->max_evtchns = max_ports;
    return 0;
}

void evtchn_destroy(struct domain *d)
{
    struct evtchn *table;
    unsigned long flags;

    spin_lock(&evtchn_domains_lock);
    for ( evtchn_port_t port = 1; port < d->max_evtchns; port++ )
        close_port(d, port);        /* -EINVAL just means already free */

    /*
     * From now on every port is invalid, so a VIRQ or send that races
     * with teardown finds nothing rather than a freed table.
     */
    spin_lock_irqsave(&d->event_lock, flags);
    table = d->evtchn;
    d->evtchn = NULL;
    d->max_evtchns = 0;
    spin_unlock_irqrestore(&d->event_lock, flags);
    spin_unlock(&evtchn_domains_lock);

    xfree(table);
}

/* ----- VIRQs ----- */

/* Per-vCPU VIRQs exist once per vCPU; the rest once per domain. */
static bool virq_is_global(unsigned int virq)
{
    switch ( virq )
    {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    }
    /* Including VIRQ_ARCH_*: x86's (machine check) is global. */
    return true;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    unsigned long flags;
    evtchn_port_t port;

    /* Callers' bugs; the second would merely go to the wrong vCPU. */
    ASSERT(virq < NR_VIRQS && !virq_is_global(virq));
    if ( virq >= NR_VIRQS )
        return;

    spin_lock_irqsave(&d->event_lock, flags);
    port = v->virq_to_evtchn[virq];
    if ( port && port_is_valid(d, port) )
        set_pending(d, v, port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    struct vcpu *v0;
    unsigned long flags;
    evtchn_port_t port;

    /* Callers' bugs: a per-vCPU VIRQ bound on vCPU 0 would still work. */
    ASSERT(virq < NR_VIRQS && virq_is_global(virq));
    if ( virq >= NR_VIRQS )
        return;

    /* A global VIRQ's binding is kept on vCPU 0, where it was made. */
    v0 = vcpu_of(d, 0);
    if ( !v0 )
        return;

    spin_lock_irqsave(&d->event_lock, flags);
    port = v0->virq_to_evtchn[virq];
    if ( port && port_is_valid(d, port) )
        set_pending(d, vcpu_of(d, d->evtchn[port].notify_vcpu_id), port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

/* ----- operations ----- */

int evtchn_send(struct domain *ld, evtchn_port_t lport)
{
    struct evtchn *lchn, *rchn;
    struct domain *rd;
    xen_evtchn_notify_t notify = NULL;
    unsigned long flags;
    int rc = 0;

    spin_lock_irqsave(&ld->event_lock, flags);
    if ( !port_is_valid(ld, lport) )
    {
        rc = -EINVAL;
        goto out;
    }
    lchn = &ld->evtchn[lport];

    switch ( lchn->state )
    {
    case ECS_INTERDOMAIN:
        /*
         * Our lock keeps the binding and so rd's table: see the top.  The
         * peer may move its port to another vCPU meanwhile; either vCPU
         * is a correct target.
         */
        rd = lchn->u.interdomain.remote_dom;
        rchn = &rd->evtchn[lchn->u.interdomain.remote_port];
        set_pending(rd, vcpu_of(rd, READ_ONCE(rchn->notify_vcpu_id)),
                    lchn->u.interdomain.remote_port);
        break;

    case ECS_IPI:
        set_pending(ld, vcpu_of(ld, lchn->notify_vcpu_id), lport);
        break;

    case ECS_UNBOUND:
        /* Nobody to tell yet: Xen drops it too. */
        break;

    case ECS_XEN:
        /* Called once the lock is dropped: backends do real work. */
        notify = lchn->u.xen.notify;
        break;

    default:
        rc = -EINVAL;
    }

 out:
    spin_unlock_irqrestore(&ld->event_lock, flags);
    if ( notify )
        notify(ld, lport);
    return rc;
}

long evtchn_alloc_xen(struct domain *d, xen_evtchn_notify_t notify)
{
    unsigned long flags;
    long port;

    spin_lock_irqsave(&d->event_lock, flags);
    port = get_free_port(d);
    if ( port > 0 )
    {
        d->evtchn[port].state = ECS_XEN;
        d->evtchn[port].notify_vcpu_id = 0;
        d->evtchn[port].u.xen.notify = notify;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port;
}

void evtchn_notify_xen(struct domain *d, evtchn_port_t port)
{
    unsigned long flags;

    spin_lock_irqsave(&d->event_lock, flags);
    /* The guest may have closed it, and the port been reused. */
    if ( port_is_valid(d, port) && d->evtchn[port].state == ECS_XEN )
        set_pending(d, vcpu_of(d, d->evtchn[port].notify_vcpu_id), port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

/*
 * Delivery for one port on v: used after v's vcpu_info appears, and on
 * unmask.  Caller holds d->event_lock.
 */
static void deliver_if_pending(struct domain *d, struct vcpu *v,
                               evtchn_port_t port)
{
    if ( bit_test(d->shared_info->evtchn_pending, port) &&
         !bit_test(d->shared_info->evtchn_mask, port) )
        notify_vcpu(v, port);
}

void evtchn_check_pending(struct vcpu *v)
{
    struct domain *d = v->domain;
    unsigned long flags;

    /*
     * Pairs with set_pending(), which sets the pending bit and then reads
     * v->vcpu_info: our caller stored that pointer, so one of us sees
     * the other's write and the event is not lost.
     */
    smp_mb();

    spin_lock_irqsave(&d->event_lock, flags);
    for ( evtchn_port_t port = 1; port < d->max_evtchns; port++ )
    {
        const struct evtchn *chn = &d->evtchn[port];

        if ( chn->state != ECS_FREE && chn->notify_vcpu_id == v->vcpu_id )
            deliver_if_pending(d, v, port);
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
}


union evtchnop_args {
    struct evtchn_alloc_unbound alloc_unbound;
    struct evtchn_bind_interdomain bind_interdomain;
    struct evtchn_bind_virq bind_virq;
    struct evtchn_bind_ipi bind_ipi;
    struct evtchn_close close;
    struct evtchn_send send;
    struct evtchn_status status;
    struct evtchn_bind_vcpu bind_vcpu;
    struct evtchn_unmask unmask;
    struct evtchn_reset reset;
};

static long op_alloc_unbound(union evtchnop_args *args)
{
    struct evtchn_alloc_unbound *a = &args->alloc_unbound;
    struct domain *d;
    struct evtchn *chn;
    unsigned long flags;
    long rc = 0, port;

    spin_lock(&evtchn_domains_lock);
    d = get_target_domain(a->dom, &rc);
    if ( !d )
        goto out;

    spin_lock_irqsave(&d->event_lock, flags);
    port = get_free_port(d);
    if ( port < 0 )
        rc = port;
    else
    {
        chn = &d->evtchn[port];
        chn->state = ECS_UNBOUND;
        chn->notify_vcpu_id = 0;
        /* DOMID_SELF is the caller, which differs from d for a builder. */
        chn->u.unbound.remote_domid = a->remote_dom == DOMID_SELF
                                      ? current->domain->domain_id
                                      : a->remote_dom;
        a->port = port;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);

 out:
    spin_unlock(&evtchn_domains_lock);
    return rc;
}

static long op_bind_interdomain(union evtchnop_args *args)
{
    struct evtchn_bind_interdomain *b = &args->bind_interdomain;
    struct domain *ld = current->domain, *rd;
    evtchn_port_t rport = b->remote_port;
    struct evtchn *lchn, *rchn;
    unsigned long flags;
    long rc = 0, lport;

    spin_lock(&evtchn_domains_lock);
    /* No privilege needed: the port's owner chose to offer it to us. */
    rd = b->remote_dom == DOMID_SELF ? ld : get_domain_by_id(b->remote_dom);
    if ( !rd )
    {
        rc = -ESRCH;
        goto out;
    }

    local_irq_save(flags);
    lock_pair(ld, rd);
    if ( !port_is_valid(rd, rport) )
    {
        rc = -EINVAL;
        goto unlock;
    }
    rchn = &rd->evtchn[rport];
    if ( rchn->state != ECS_UNBOUND ||
         rchn->u.unbound.remote_domid != ld->domain_id )
    {
        rc = -EINVAL;
        goto unlock;
    }
    lport = get_free_port(ld);
    if ( lport < 0 )
    {
        rc = lport;
        goto unlock;
    }
    lchn = &ld->evtchn[lport];

    lchn->state = ECS_INTERDOMAIN;
    lchn->notify_vcpu_id = 0;
    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = rport;
    memset(&rchn->u, 0, sizeof(rchn->u));
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = lport;

    /*
     * Sends on the remote port while it was unbound were dropped: like
     * Xen, make up for any with one (possibly spurious) event here.
     */
    set_pending(ld, vcpu_of(ld, 0), lport);
    b->local_port = lport;

 unlock:
    unlock_pair(ld, rd);
    local_irq_restore(flags);
 out:
    spin_unlock(&evtchn_domains_lock);
    return rc;
}

static long op_bind_virq(union evtchnop_args *args)
{
    struct evtchn_bind_virq *b = &args->bind_virq;
    struct domain *d = current->domain;
    struct evtchn *chn;
    struct vcpu *v;
    unsigned long flags;
    long rc = 0, port;

    if ( b->virq >= NR_VIRQS )
        return -EINVAL;
    /* A global VIRQ is one per domain, so it is always made on vCPU 0. */
    if ( virq_is_global(b->virq) && b->vcpu != 0 )
        return -EINVAL;
    if ( (v = vcpu_of(d, b->vcpu)) == NULL )
        return -ENOENT;

    spin_lock_irqsave(&d->event_lock, flags);
    if ( v->virq_to_evtchn[b->virq] )
        rc = -EEXIST;
    else if ( (port = get_free_port(d)) < 0 )
        rc = port;
    else
    {
        chn = &d->evtchn[port];
        chn->state = ECS_VIRQ;
        chn->notify_vcpu_id = b->vcpu;
        chn->u.virq = b->virq;
        v->virq_to_evtchn[b->virq] = port;
        b->port = port;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long op_bind_ipi(union evtchnop_args *args)
{
    struct evtchn_bind_ipi *b = &args->bind_ipi;
    struct domain *d = current->domain;
    struct evtchn *chn;
    unsigned long flags;
    long rc = 0, port;

    if ( !vcpu_of(d, b->vcpu) )
        return -ENOENT;

    spin_lock_irqsave(&d->event_lock, flags);
    port = get_free_port(d);
    if ( port < 0 )
        rc = port;
    else
    {
        chn = &d->evtchn[port];
        chn->state = ECS_IPI;
        chn->notify_vcpu_id = b->vcpu;
        b->port = port;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long op_close(union evtchnop_args *args)
{
    long rc;

    spin_lock(&evtchn_domains_lock);
    rc = close_port(current->domain, args->close.port);
    spin_unlock(&evtchn_domains_lock);
    return rc;
}

static long op_send(union evtchnop_args *args)
{
    return evtchn_send(current->domain, args->send.port);
}

static long op_status(union evtchnop_args *args)
{
    struct evtchn_status *s = &args->status;
    const struct evtchn *chn;
    struct domain *d;
    unsigned long flags;
    long rc = 0;

    spin_lock(&evtchn_domains_lock);
    d = get_target_domain(s->dom, &rc);
    if ( !d )
        goto out;

    spin_lock_irqsave(&d->event_lock, flags);
    if ( !port_is_valid(d, s->port) )
    {
        rc = -EINVAL;
        goto unlock;
    }
    chn = &d->evtchn[s->port];
    memset(&s->u, 0, sizeof(s->u));
    switch ( chn->state )
    {
    case ECS_FREE:
    case ECS_RESERVED:
        s->status = EVTCHNSTAT_closed;
        break;
    case ECS_UNBOUND:
        s->status = EVTCHNSTAT_unbound;
        s->u.unbound.dom = chn->u.unbound.remote_domid;
        break;
    case ECS_INTERDOMAIN:
        s->status = EVTCHNSTAT_interdomain;
        s->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        s->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_VIRQ:
        s->status = EVTCHNSTAT_virq;
        s->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        s->status = EVTCHNSTAT_ipi;
        break;
    case ECS_XEN:
        /* As Xen reports its own consumers' ports. */
        s->status = EVTCHNSTAT_interdomain;
        s->u.interdomain.dom = DOMID_XEN;
        s->u.interdomain.port = 0;
        break;
    default:
        BUG();
    }
    s->vcpu = chn->notify_vcpu_id;

 unlock:
    spin_unlock_irqrestore(&d->event_lock, flags);
 out:
    spin_unlock(&evtchn_domains_lock);
    return rc;
}

static long op_bind_vcpu(union evtchnop_args *args)
{
    struct evtchn_bind_vcpu *b = &args->bind_vcpu;
    struct domain *d = current->domain;
    struct evtchn *chn;
    unsigned long flags;
    long rc = 0;

    if ( !vcpu_of(d, b->vcpu) )
        return -ENOENT;

    spin_lock_irqsave(&d->event_lock, flags);
    if ( !port_is_valid(d, b->port) )
    {
        rc = -EINVAL;
        goto out;
    }
    chn = &d->evtchn[b->port];
    switch ( chn->state )
    {
    case ECS_VIRQ:
        /* A per-vCPU VIRQ belongs to the vCPU that bound it. */
        if ( virq_is_global(chn->u.virq) )
            chn->notify_vcpu_id = b->vcpu;
        else
            rc = -EINVAL;
        break;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
    case ECS_XEN:
        chn->notify_vcpu_id = b->vcpu;
        break;
    default:
        /* IPIs keep their vCPU; free and reserved ports have none. */
        rc = -EINVAL;
    }

 out:
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long op_unmask(union evtchnop_args *args)
{
    struct domain *d = current->domain;
    evtchn_port_t port = args->unmask.port;
    unsigned long flags;
    long rc = 0;

    spin_lock_irqsave(&d->event_lock, flags);
    if ( !port_is_valid(d, port) )
        rc = -EINVAL;
    /*
     * Only a port that was masked gets a notification here: a guest that
     * unmasks in shared_info itself and then asks us (as Linux does when
     * the port is pending) has re-masked it first.
     */
    else if ( bit_test_and_clear(d->shared_info->evtchn_mask, port) )
        deliver_if_pending(d, vcpu_of(d, d->evtchn[port].notify_vcpu_id),
                           port);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long op_reset(union evtchnop_args *args)
{
    struct domain *d;
    long rc = 0;

    spin_lock(&evtchn_domains_lock);
    d = get_target_domain(args->reset.dom, &rc);
    if ( d )
    {
        for ( evtchn_port_t port = 1; port < d->max_evtchns; port++ )
            close_port(d, port);    /* -EINVAL just means already free */
    }
    spin_unlock(&evtchn_domains_lock);
    return rc;
}

/*
 * The operations, their argument sizes, and whether the argument is
 * written back.  Absent ones fail with -ENOSYS: bind_pirq (no physical
 * IRQs here) and the FIFO ABI's init_control, expand_array and
 * set_priority, whose failure makes guests use the 2-level ABI.
 */
static const struct evtchnop {
    long (*fn)(union evtchnop_args *args);
    size_t size;
    bool write_back;
} evtchnops[] = {
#define OP(name, wb) \
    [EVTCHNOP_##name] = { op_##name, sizeof(struct evtchn_##name), wb }
    OP(alloc_unbound,    true),
    OP(bind_interdomain, true),
    OP(bind_virq,        true),
    OP(bind_ipi,         true),
    OP(close,            false),
    OP(send,             false),
    OP(status,           true),
    OP(bind_vcpu,        false),
    OP(unmask,           false),
    OP(reset,            false),
#undef OP
};

long do_event_channel_op(int cmd, unsigned long arg)
{
    const struct evtchnop *op;
    union evtchnop_args args;
    long rc;

    if ( cmd < 0 || (unsigned int)cmd >= ARRAY_SIZE(evtchnops) ||
         !evtchnops[cmd].fn )
        return -ENOSYS;
    op = &evtchnops[cmd];

    if ( hvm_copy_from_guest(&args, arg, op->size) )
        return -EFAULT;
    /*
     * A result the guest cannot receive would leave it holding a port it
     * does not know about, so check before acting.  (If the guest then
     * unmaps the page from another vCPU, that is its own loss, as in
     * Xen.)
     */
    if ( op->write_back && hvm_check_guest_range(arg, op->size, true) )
        return -EFAULT;

    rc = op->fn(&args);

    if ( rc == 0 && op->write_back &&
         hvm_copy_to_guest(arg, &args, op->size) )
        rc = -EFAULT;
    return rc;
}
