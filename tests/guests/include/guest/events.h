/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (2-level ABI) for the test kernels.
 *
 * events_init() maps shared_info over a page of the kernel's bss
 * (XENMEM_add_to_physmap) and asks for upcalls on EVTCHN_CALLBACK_VECTOR
 * (HVM_PARAM_CALLBACK_IRQ, type "vector").  The upcall handler runs on
 * whichever vCPU the hypervisor interrupted, with interrupts disabled:
 *
 *   - clear evtchn_upcall_pending, then take evtchn_pending_sel;
 *   - for each word flagged, each port pending, not masked and bound to
 *     this vCPU (as the bind wrappers below recorded it): clear its
 *     pending bit, count it, call its handler;
 *   - again while evtchn_upcall_pending was set meanwhile.
 *
 * No EOI: the vector is not an APIC interrupt.  Ports start masked; a
 * test unmasks those it means to receive on (evtchn_unmask()).
 *
 * The bind wrappers record which vCPU each new port notifies; a port
 * bound some other way counts as vCPU 0's, the ABI's default.
 */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/atomic.h>
#include <guest/hypercall.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>

/* Bits of one pending/mask word, and the ports the 2-level ABI has. */
#define EVTCHN_WORD_BITS    (sizeof(xen_ulong_t) * 8)
#define EVTCHN_2L_NR_PORTS  (EVTCHN_WORD_BITS * EVTCHN_WORD_BITS)
/* Ports the library keeps handlers and counts for. */
#define EVTCHN_LIB_PORTS    1024

/* Mapped by shared_info_map() (NULL until then). */
extern struct shared_info *shared_info;

/* Maps shared_info (once); 0 or the hypercall's error. */
long shared_info_map(void);
/* shared_info_map(), then upcalls on EVTCHN_CALLBACK_VECTOR. */
long events_init(void);
/* HVM_PARAM_CALLBACK_IRQ: upcalls on vector, or none if vector is 0. */
long events_set_callback(unsigned int vector);

static inline struct vcpu_info *vcpu_info_of(unsigned int vcpu)
{
    return &shared_info->vcpu_info[vcpu];
}

static inline long HYPERVISOR_event_channel_op(unsigned int cmd, void *arg)
{
    return hypercall_direct(__HYPERVISOR_event_channel_op, cmd,
                            (unsigned long)arg, 0, 0, 0);
}

/*
 * The EVTCHNOP_* calls; the port made is stored through the pointer on
 * success.  The bind calls record the vCPU the port notifies.
 */
long evtchn_alloc_unbound(domid_t dom, domid_t remote_dom,
                          evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                             evtchn_port_t *local_port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
long evtchn_status(domid_t dom, evtchn_port_t port,
                   struct evtchn_status *status);

/* The shared_info bitmaps, changed atomically. */
void evtchn_mask(evtchn_port_t port);
bool evtchn_is_masked(evtchn_port_t port);
bool evtchn_is_pending(evtchn_port_t port);
void evtchn_clear_pending(evtchn_port_t port);

/*
 * Per-port handlers, run by the upcall with interrupts off; a port
 * without one is only counted.
 */
typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);
void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn,
                        void *data);

/* Upcall dispatches of port so far, and the vCPU of the latest. */
uint64_t evtchn_count(evtchn_port_t port);
unsigned int evtchn_last_cpu(evtchn_port_t port);
/* Dispatches of ports the library keeps no count for. */
extern uint64_t evtchn_stray;

/* Called by the trap code for EVTCHN_CALLBACK_VECTOR. */
void evtchn_do_upcall(void);

/* SCHEDOP_poll's argument (Xen's layout: a handle, a count, a time). */
struct sched_poll {
    uint64_t ports;             /* evtchn_port_t[] */
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;           /* absolute system time; 0: none */
};

/* Blocks until a port is pending or timeout (system time, ns) passes. */
long sched_poll(const evtchn_port_t *ports, unsigned int nr,
                uint64_t timeout);

#endif /* GUEST_EVENTS_H */
