/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels: the shared_info mapping, the EVTCHNOP_* wrappers, the
 * upcall handler and its per-port dispatch (see guest/events.h).
 */
#include <guest/events.h>
#include <guest/errno.h>
#include <guest/lib.h>
#include <guest/smp.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>

/* The page the hypervisor maps shared_info over. */
static uint8_t shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
struct shared_info *shared_info;

struct port_info {
    evtchn_handler_t fn;
    void *data;
    unsigned int cpu;           /* the vCPU the port notifies */
    unsigned int last_cpu;      /* where it was last dispatched */
    uint64_t count;             /* dispatches */
};
static struct port_info ports[EVTCHN_LIB_PORTS];
uint64_t evtchn_stray;

long shared_info_map(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = virt_to_gfn(shared_info_page),
    };
    long rc;

    if ( shared_info )
        return 0;
    rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
    if ( !rc )
        shared_info = (struct shared_info *)shared_info_page;
    return rc;
}

long events_set_callback(unsigned int vector)
{
    struct xen_hvm_param p = {
        .domid = DOMID_SELF,
        .index = HVM_PARAM_CALLBACK_IRQ,
        .value = vector ? ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR <<
                           HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) | vector
                        : 0,
    };

    return HYPERVISOR_hvm_op(HVMOP_set_param, &p);
}

long events_init(void)
{
    long rc = shared_info_map();

    return rc ? rc : events_set_callback(EVTCHN_CALLBACK_VECTOR);
}

/* ----- the bitmaps ----- */

static xen_ulong_t *word_of(xen_ulong_t *map, evtchn_port_t port)
{
    return &map[port / EVTCHN_WORD_BITS];
}

static xen_ulong_t bit_of(evtchn_port_t port)
{
    return (xen_ulong_t)1 << (port % EVTCHN_WORD_BITS);
}

void evtchn_mask(evtchn_port_t port)
{
    __atomic_fetch_or(word_of(shared_info->evtchn_mask, port), bit_of(port),
                      __ATOMIC_SEQ_CST);
}

bool evtchn_is_masked(evtchn_port_t port)
{
    return atomic_read(word_of(shared_info->evtchn_mask, port)) &
           bit_of(port);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    return atomic_read(word_of(shared_info->evtchn_pending, port)) &
           bit_of(port);
}

void evtchn_clear_pending(evtchn_port_t port)
{
    __atomic_fetch_and(word_of(shared_info->evtchn_pending, port),
                       ~bit_of(port), __ATOMIC_SEQ_CST);
}

/* ----- the library's view of each port ----- */

static void port_bound(evtchn_port_t port, unsigned int cpu)
{
    if ( port < EVTCHN_LIB_PORTS )
    {
        ports[port].cpu = cpu;
        smp_mb();
    }
}

void evtchn_set_handler(evtchn_port_t port, evtchn_handler_t fn, void *data)
{
    if ( port >= EVTCHN_LIB_PORTS )
        return;
    ports[port].data = data;
    smp_mb();
    ports[port].fn = fn;
}

uint64_t evtchn_count(evtchn_port_t port)
{
    return port < EVTCHN_LIB_PORTS ? atomic_read(&ports[port].count) : 0;
}

unsigned int evtchn_last_cpu(evtchn_port_t port)
{
    return port < EVTCHN_LIB_PORTS ? atomic_read(&ports[port].last_cpu) : 0;
}

/* ----- EVTCHNOP_* ----- */

long evtchn_alloc_unbound(domid_t dom, domid_t remote_dom,
                          evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote_dom };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    if ( !rc )
    {
        if ( dom == DOMID_SELF )
            port_bound(a.port, 0);
        *port = a.port;
    }
    return rc;
}

long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
                             evtchn_port_t *local_port)
{
    struct evtchn_bind_interdomain b = {
        .remote_dom = remote_dom,
        .remote_port = remote_port,
    };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    if ( !rc )
    {
        port_bound(b.local_port, 0);
        *local_port = b.local_port;
    }
    return rc;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

    if ( !rc )
    {
        port_bound(b.port, vcpu);
        *port = b.port;
    }
    return rc;
}

long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b);

    if ( !rc )
    {
        port_bound(b.port, vcpu);
        *port = b.port;
    }
    return rc;
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &b);

    if ( !rc )
        port_bound(port, vcpu);
    return rc;
}

long evtchn_send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

long evtchn_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);

    if ( !rc )
        port_bound(port, 0);
    return rc;
}

long evtchn_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

long evtchn_status(domid_t dom, evtchn_port_t port,
                   struct evtchn_status *status)
{
    memset(status, 0, sizeof(*status));
    status->dom = dom;
    status->port = port;
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, status);
}

long sched_poll(const evtchn_port_t *p, unsigned int nr, uint64_t timeout)
{
    struct sched_poll sp = {
        .ports = (uint64_t)p,
        .nr_ports = nr,
        .timeout = timeout,
    };

    return HYPERVISOR_sched_op(SCHEDOP_poll, &sp);
}

/* ----- the upcall ----- */

static void dispatch(evtchn_port_t port, unsigned int cpu)
{
    struct port_info *pi;
    evtchn_handler_t fn;

    if ( port >= EVTCHN_LIB_PORTS )
    {
        atomic_inc(&evtchn_stray);
        return;
    }
    pi = &ports[port];
    atomic_set(&pi->last_cpu, cpu);
    atomic_inc(&pi->count);
    fn = atomic_read(&pi->fn);
    if ( fn )
        fn(port, pi->data);
}

/* Pending, unmasked ports of word w that notify cpu. */
static xen_ulong_t active_ports(unsigned int w, unsigned int cpu)
{
    xen_ulong_t bits = atomic_read(&shared_info->evtchn_pending[w]) &
                       ~atomic_read(&shared_info->evtchn_mask[w]);
    xen_ulong_t mine = 0;

    while ( bits )
    {
        unsigned int b = __builtin_ctzl(bits);
        evtchn_port_t port = w * EVTCHN_WORD_BITS + b;

        bits &= bits - 1;
        if ( port >= EVTCHN_LIB_PORTS ? cpu == 0
                                       : atomic_read(&ports[port].cpu) == cpu )
            mine |= (xen_ulong_t)1 << b;
    }
    return mine;
}

void evtchn_do_upcall(void)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu_info *vi = vcpu_info_of(cpu);
    xen_ulong_t sel, bits;

    atomic_inc(&this_cpu()->upcalls);
    do {
        atomic_set(&vi->evtchn_upcall_pending, 0);
        sel = atomic_xchg(&vi->evtchn_pending_sel, 0);
        while ( sel )
        {
            unsigned int w = __builtin_ctzl(sel);

            sel &= sel - 1;
            while ( (bits = active_ports(w, cpu)) != 0 )
            {
                evtchn_port_t port = w * EVTCHN_WORD_BITS +
                                     __builtin_ctzl(bits);

                /* Cleared first: an event raised during the handler counts. */
                evtchn_clear_pending(port);
                dispatch(port, cpu);
            }
        }
    } while ( atomic_read(&vi->evtchn_upcall_pending) );
}
