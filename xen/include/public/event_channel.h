/* SPDX-License-Identifier: MIT */
/*
 * Event channels: the argument of __HYPERVISOR_event_channel_op(cmd, arg)
 * for each EVTCHNOP_* command.  Numbers and layouts are Xen's, so that
 * unmodified guests work; fields marked OUT are written back on success.
 */
#ifndef XEN_PUBLIC_EVENT_CHANNEL_H
#define XEN_PUBLIC_EVENT_CHANNEL_H

#include <stdint.h>
#include "xen.h"

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain   0
#define EVTCHNOP_bind_virq          1
#define EVTCHNOP_bind_pirq          2
#define EVTCHNOP_close              3
#define EVTCHNOP_send               4
#define EVTCHNOP_status             5
#define EVTCHNOP_alloc_unbound      6
#define EVTCHNOP_bind_ipi           7
#define EVTCHNOP_bind_vcpu          8
#define EVTCHNOP_unmask             9
#define EVTCHNOP_reset             10
#define EVTCHNOP_init_control      11
#define EVTCHNOP_expand_array      12
#define EVTCHNOP_set_priority      13

/*
 * A new port in <dom> that <remote_dom> may later bind to.  Only a
 * privileged caller may name a <dom> other than itself; <remote_dom>
 * DOMID_SELF means the caller.
 */
struct evtchn_alloc_unbound {
    domid_t dom;                /* IN */
    domid_t remote_dom;         /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connects a new local port to an unbound port offered to the caller. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* IN, DOMID_SELF for a loopback */
    evtchn_port_t remote_port;  /* IN */
    evtchn_port_t local_port;   /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * Per-vCPU VIRQs (see xen.h) bind on any vCPU, at most once each; global
 * ones bind on vCPU 0 and may move with EVTCHNOP_bind_vcpu.
 */
struct evtchn_bind_virq {
    uint32_t virq;              /* IN */
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

struct evtchn_bind_pirq {
    uint32_t pirq;              /* IN */
#define BIND_PIRQ__WILL_SHARE 1
    uint32_t flags;             /* IN, BIND_PIRQ__* */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* A port whose sends notify <vcpu> of the caller's own domain. */
struct evtchn_bind_ipi {
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/* An interdomain port's peer goes back to unbound, offered to us. */
struct evtchn_close {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_close evtchn_close_t;

struct evtchn_send {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_send evtchn_send_t;

struct evtchn_status {
    domid_t dom;                /* IN, DOMID_SELF unless privileged */
    evtchn_port_t port;         /* IN */
#define EVTCHNSTAT_closed       0
#define EVTCHNSTAT_unbound      1
#define EVTCHNSTAT_interdomain  2
#define EVTCHNSTAT_pirq         3
#define EVTCHNSTAT_virq         4
#define EVTCHNSTAT_ipi          5
    uint32_t status;            /* OUT, EVTCHNSTAT_* */
    uint32_t vcpu;              /* OUT, the vCPU it notifies */
    union {
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;                        /* OUT, by status */
};
typedef struct evtchn_status evtchn_status_t;

/*
 * Which vCPU a port notifies.  IPI and per-vCPU VIRQ ports keep the vCPU
 * they were bound on; the others start on vCPU 0 (again when reused).
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;         /* IN */
    uint32_t vcpu;              /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/* Clears the mask bit, notifying the port's vCPU if it was pending. */
struct evtchn_unmask {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/* Closes every port of <dom> (DOMID_SELF unless privileged). */
struct evtchn_reset {
    domid_t dom;                /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/* FIFO ABI: a guest that gets an error stays with the 2-level ABI. */
struct evtchn_init_control {
    uint64_t control_gfn;       /* IN */
    uint32_t offset;            /* IN */
    uint32_t vcpu;              /* IN */
    uint8_t link_bits;          /* OUT */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

struct evtchn_expand_array {
    uint64_t array_gfn;         /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

struct evtchn_set_priority {
    evtchn_port_t port;         /* IN */
    uint32_t priority;          /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

#endif /* XEN_PUBLIC_EVENT_CHANNEL_H */
