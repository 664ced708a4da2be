/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels, 2-level ABI (common/event_channel.c).
 *
 * A domain's ports index its evtchn table and two bitmaps in its
 * shared_info page: evtchn_pending and evtchn_mask.  Raising an event on
 * a port sets its pending bit; unless the port is masked, the vCPU the
 * port notifies then gets the port's word index set in its vcpu_info's
 * evtchn_pending_sel, evtchn_upcall_pending set, and a kick.  The guest
 * writes these words too, so the hypervisor only ever changes them with
 * atomic read-modify-write operations.
 *
 * Locking: each domain's table is covered by d->event_lock (taken with
 * interrupts off, since timers raise VIRQs).  An interdomain binding
 * involves two domains and changes only with both their locks held, so
 * holding either one keeps the binding, and so the peer domain, alive.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <xen/types.h>
#include <public/event_channel.h>
#include <public/xen.h>

struct domain;
struct vcpu;

/* The 2-level ABI's reach: one pending bit per port in shared_info. */
#define EVTCHN_WORD_BITS        (sizeof(xen_ulong_t) * 8)
#define EVTCHN_2L_NR_PORTS      (EVTCHN_WORD_BITS * EVTCHN_WORD_BITS)
/* Ports a domain gets unless its builder asks for another number. */
#define EVTCHN_DEFAULT_PORTS    1024

enum evtchn_state {
    ECS_FREE,                   /* available */
    ECS_RESERVED,               /* never handed out (port 0) */
    ECS_UNBOUND,                /* waiting for u.unbound.remote_domid */
    ECS_INTERDOMAIN,            /* connected to u.interdomain */
    ECS_VIRQ,                   /* raised by the hypervisor: u.virq */
    ECS_IPI,                    /* sends notify our own notify_vcpu_id */
    ECS_XEN,                    /* other end in the hypervisor: u.xen */
};

/*
 * A backend inside the hypervisor, told of EVTCHNOP_send on its port.
 * Called with no lock held, in the sending vCPU's context.
 */
typedef void (*xen_evtchn_notify_t)(struct domain *d, evtchn_port_t port);

struct evtchn {
    u8 state;                           /* ECS_* */
    unsigned int notify_vcpu_id;        /* vCPU that gets the upcall */
    union {
        struct {
            domid_t remote_domid;       /* who may bind to it */
        } unbound;
        struct {
            struct domain *remote_dom;
            evtchn_port_t remote_port;
        } interdomain;
        unsigned int virq;
        struct {
            xen_evtchn_notify_t notify;
        } xen;
    } u;
};

/*
 * Gives d a table of max_ports ports (1 to EVTCHN_2L_NR_PORTS), port 0
 * reserved.  0, -EINVAL or -ENOMEM.
 */
int evtchn_init(struct domain *d, unsigned int max_ports);
/*
 * Closes every port of d (interdomain peers become unbound, offered back
 * to d's id, as on EVTCHNOP_close) and frees the table.  d must already
 * be marked dying, so that no new port can appear meanwhile.  Safe on a
 * domain whose evtchn_init() failed or never ran, and safe to repeat.
 */
void evtchn_destroy(struct domain *d);

/*
 * Raise a VIRQ.  Per-vCPU VIRQs (VIRQ_TIMER, VIRQ_DEBUG, ...) go to the
 * port v bound; global ones (VIRQ_CONSOLE, VIRQ_DOM_EXC, ...) go to the
 * domain's port for it, on whatever vCPU that port notifies.  Nothing
 * happens if the VIRQ is unbound.  Callable from timer handlers.
 */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_guest_global_virq(struct domain *d, unsigned int virq);

/*
 * EVTCHNOP_send on d's port, for the hypervisor's own backends too.
 * 0 (an unbound port drops the event, as in Xen) or -EINVAL.
 */
int evtchn_send(struct domain *d, evtchn_port_t port);

/*
 * A port of d whose other end is a backend in the hypervisor (the console
 * ring's, say): the guest's sends call notify; evtchn_notify_xen() raises
 * an event on it.  The guest may close it like any port, after which
 * evtchn_notify_xen() does nothing.  The port, or -ENOSPC / -EINVAL.
 */
long evtchn_alloc_xen(struct domain *d, xen_evtchn_notify_t notify);
void evtchn_notify_xen(struct domain *d, evtchn_port_t port);

/*
 * The 2-level delivery protocol for a port of v's domain, on v.  Needs
 * no lock: callers ensure the port stays bound.  If v has no vcpu_info
 * yet, the event waits in shared_info for evtchn_check_pending().
 */
void evtchn_set_pending(struct vcpu *v, evtchn_port_t port);
/*
 * Delivers events left pending and unmasked on ports that notify v;
 * called once v has a (new) vcpu_info (VCPUOP_register_vcpu_info).
 */
void evtchn_check_pending(struct vcpu *v);

/*
 * Arch hook, called when v's evtchn_upcall_pending goes from 0 to 1: v
 * must take the callback soon (woken if blocked, kicked if running on
 * another pCPU).  While upcall_pending stays 1 no further call is made,
 * so entry paths must treat upcall_pending as a level.  May be called
 * with an event_lock held and interrupts off: it must not take one.
 */
void vcpu_mark_events_pending(struct vcpu *v);

long do_event_channel_op(int cmd, unsigned long arg);

#endif /* XEN_EVENT_H */
