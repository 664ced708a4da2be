/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console ring backend for boot-time domUs.  With no toolstack to
 * run xenconsoled in dom0, the hypervisor plays its part: it gives the
 * domain a ring page (public/io/console.h) and an event channel whose
 * other end is here, and prints what the guest produces as "(dN)" lines,
 * the same as console_io output.  Input (in[]) is never produced yet.
 *
 * The page belongs to the hypervisor, not to the domain's reservation, so
 * that nothing the guest does to its physmap can free it under us; the
 * guest sees it at a gfn in a reserved part of its memory map.  Every
 * index in it is the guest's to scribble on: they are read once per
 * drain and checked before use.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/p2m.h>
#include <asm/system.h>
#include <public/hvm/params.h>
#include <public/io/console.h>

/*
 * One drain at a time, whichever domain: two vCPUs sending at once would
 * otherwise print the same bytes twice.  The buffer is too big for the
 * stack of a CPU that may be deep in a hypercall.
 */
static DEFINE_SPINLOCK(drain_lock);
static char drain_buf[sizeof(((struct xencons_interface *)0)->out)];

/* Copies out what the guest produced, then tells it there is room. */
static void console_ring_notify(struct domain *d, evtchn_port_t port)
{
    struct xencons_interface *r = d->console_ring;
    char *buf = drain_buf;
    XENCONS_RING_IDX cons, prod;
    unsigned int n = 0;
    unsigned long flags;

    if ( !r )
        return;

    spin_lock_irqsave(&drain_lock, flags);
    cons = READ_ONCE(r->out_cons);
    prod = READ_ONCE(r->out_prod);
    /* The bytes are read after the index that publishes them. */
    smp_rmb();
    if ( prod - cons > sizeof(r->out) )
    {
        /*
         * The guest broke its own ring (a real xenconsoled would drop
         * the connection).  Skip to its producer so it can carry on.
         */
        if ( !d->console_ring_broken )
            printk(XENLOG_WARNING "d%u: console ring indices out of range "
                   "(cons %u, prod %u): output dropped\n", d->domain_id,
                   cons, prod);
        d->console_ring_broken = true;
        cons = prod;
    }
    while ( cons != prod )
        buf[n++] = r->out[MASK_XENCONS_IDX(cons++, r->out)];

    guest_console_write(d, buf, n);

    /* Our reads of the bytes are done before the guest may reuse them. */
    smp_mb();
    WRITE_ONCE(r->out_cons, cons);
    spin_unlock_irqrestore(&drain_lock, flags);
    evtchn_notify_xen(d, port);
}

int console_ring_init(struct domain *d, unsigned long gfn)
{
    struct xencons_interface *r = alloc_xenheap_pages(0, 0);
    long port;
    int rc;

    if ( !r )
        return -ENOMEM;
    memset(r, 0, PAGE_SIZE);

    rc = p2m_set_entry(&d->arch.p2m, gfn, virt_to_mfn(r), 0, p2m_ram_rw);
    if ( rc )
    {
        free_xenheap_pages(r, 0);
        return rc;
    }
    d->console_ring = r;

    port = evtchn_alloc_xen(d, console_ring_notify);
    if ( port < 0 )
        return port;        /* the page goes with the domain */
    d->console_port = port;

    d->arch.hvm_params[HVM_PARAM_CONSOLE_PFN] = gfn;
    d->arch.hvm_params[HVM_PARAM_CONSOLE_EVTCHN] = port;
    return 0;
}

void console_ring_destroy(struct domain *d)
{
    if ( d->console_ring )
        free_xenheap_pages(d->console_ring, 0);
    d->console_ring = NULL;
}
