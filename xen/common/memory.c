/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory: populating a domain's physmap from the heap, and the
 * XENMEM_* operations a guest may ask for.
 */
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/memory.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/sched.h>
#include <asm/e820.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/memory.h>

/* The p2m covers 48-bit guest-physical addresses. */
#define MAX_GFN (1UL << 36)

static void assign_chunk(struct domain *d, struct page_info *pg,
                         unsigned int order)
{
    unsigned long flags;

    pg->order = order;
    pg->owner = d->domain_id;
    spin_lock_irqsave(&d->page_alloc_lock, flags);
    pg->next = d->page_list;
    d->page_list = pg;
    d->tot_pages += 1UL << order;
    spin_unlock_irqrestore(&d->page_alloc_lock, flags);
}

int guest_physmap_populate(struct domain *d, unsigned long gfn,
                           unsigned long nr)
{
    static const unsigned int orders[] = { 18, 9, 0 };

    if ( gfn >= MAX_GFN || nr > MAX_GFN - gfn )
        return -EINVAL;

    while ( nr )
    {
        struct page_info *pg = NULL;
        unsigned int order = 0;
        int rc;

        for ( unsigned int i = 0; i < ARRAY_SIZE(orders) && !pg; i++ )
        {
            order = orders[i];
            if ( (gfn & ((1UL << order) - 1)) || nr < (1UL << order) )
                continue;
            pg = alloc_domheap_pages(d, order, 0);
        }
        if ( !pg )
            return -ENOMEM;
        if ( d->tot_pages + (1UL << order) > d->max_pages )
        {
            free_domheap_pages(pg, order);
            return -ENOMEM;
        }

        /* Scrub: no host or other-domain data may reach this guest. */
        memset(page_to_virt(pg), 0, PAGE_SIZE << order);
        rc = p2m_set_entry(&d->arch.p2m, gfn, page_to_mfn(pg), order,
                           p2m_ram_rw);
        if ( rc )
        {
            free_domheap_pages(pg, order);
            return rc;
        }
        assign_chunk(d, pg, order);
        gfn += 1UL << order;
        nr -= 1UL << order;
    }
    return 0;
}


static long add_to_physmap(unsigned long arg)
{
    struct xen_add_to_physmap xatp;
    struct domain *d;
    long err = 0;

    if ( hvm_copy_from_guest(&xatp, arg, sizeof(xatp)) )
        return -EFAULT;
    if ( (d = get_target_domain(xatp.domid, &err)) == NULL )
        return err;
    if ( d != current->domain )
        return -EPERM;          /* mapping into others: the toolstack's */
    if ( xatp.gpfn >= MAX_GFN )
        return -EINVAL;

    switch ( xatp.space )
    {
    case XENMAPSPACE_shared_info:
        if ( xatp.idx != 0 )
            return -EINVAL;
        /*
         * Whatever RAM frame was at gpfn stays owned by the domain (it
         * is freed with it), so nothing leaks and nothing is reused
         * while the guest might still reach it.
         */
        return p2m_set_entry(&d->arch.p2m, xatp.gpfn,
                             virt_to_mfn(d->shared_info), 0, p2m_ram_rw);

    case XENMAPSPACE_grant_table:
        /* Grows the table to idx + 1; the same rule for what was there. */
        return gnttab_map_frame(d, xatp.idx, xatp.gpfn);
    }
    return -EINVAL;
}

static long memory_map(unsigned long arg)
{
    struct domain *d = current->domain;
    struct xen_memory_map map;
    unsigned int n;

    if ( hvm_copy_from_guest(&map, arg, sizeof(map)) )
        return -EFAULT;
    n = min(map.nr_entries, d->arch.nr_e820);
    if ( hvm_copy_to_guest(map.buffer, d->arch.e820,
                           n * sizeof(d->arch.e820[0])) )
        return -EFAULT;
    map.nr_entries = n;
    return hvm_copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/*
 * The toolstack sets a domain's memory map (what XENMEM_memory_map then
 * answers; a 64-bit-ABI PVH guest has no other).  Another domain only:
 * a guest may not rewrite its own view of its memory.
 */
static long set_memory_map(unsigned long arg)
{
    struct xen_foreign_memory_map fmap;
    struct e820entry map[ARRAY_SIZE(current->domain->arch.e820)];
    struct domain *d;
    long err = 0;

    if ( hvm_copy_from_guest(&fmap, arg, sizeof(fmap)) )
        return -EFAULT;
    if ( (d = get_target_domain(fmap.domid, &err)) == NULL )
        return err;
    if ( d == current->domain )
        return -EPERM;
    if ( fmap.map.nr_entries > ARRAY_SIZE(map) )
        return -E2BIG;
    if ( hvm_copy_from_guest(map, fmap.map.buffer,
                             fmap.map.nr_entries * sizeof(map[0])) )
        return -EFAULT;
    for ( unsigned int i = 0; i < fmap.map.nr_entries; i++ )
        if ( !map[i].size || map[i].addr + map[i].size < map[i].addr )
            return -EINVAL;
    memcpy(d->arch.e820, map, fmap.map.nr_entries * sizeof(map[0]));
    d->arch.nr_e820 = fmap.map.nr_entries;
    return 0;
}

static long reservation(unsigned long cmd, unsigned long arg)
{
    domid_t domid;
    struct domain *d;
    long err = 0;

    if ( hvm_copy_from_guest(&domid, arg, sizeof(domid)) )
        return -EFAULT;
    if ( (d = get_target_domain(domid, &err)) == NULL )
        return err;
    return cmd == XENMEM_current_reservation ? d->tot_pages : d->max_pages;
}

/* XENMEM_populate_physmap, XENMEM_decrease_reservation. */
static long change_reservation(unsigned long cmd, unsigned long arg)
{
    struct xen_memory_reservation r;
    struct domain *d;
    long err = 0;

    if ( hvm_copy_from_guest(&r, arg, sizeof(r)) )
        return -EFAULT;
    if ( (d = get_target_domain(r.domid, &err)) == NULL )
        return err;
    /* mem_flags ask for address widths and nodes: nothing to pick here. */
    return cmd == XENMEM_populate_physmap ? physmap_populate(d, &r)
                                          : physmap_decrease(d, &r);
}

static long add_to_physmap_batch(unsigned long arg)
{
    struct xen_add_to_physmap_batch b;
    struct domain *d, *fd;
    long err = 0;

    if ( hvm_copy_from_guest(&b, arg, sizeof(b)) )
        return -EFAULT;
    if ( b.space != XENMAPSPACE_gmfn_foreign )
        return -EOPNOTSUPP;
    if ( (d = get_target_domain(b.domid, &err)) == NULL )
        return err;
    if ( d != current->domain )
        return -EPERM;
    /* Whose frames: only a privileged caller gets past this. */
    if ( (fd = get_target_domain(b.foreign_domid, &err)) == NULL )
        return err;
    return physmap_add_batch_foreign(d, fd, b.idxs, b.gpfns, b.errs,
                                     b.size);
}

static long remove_from_physmap(unsigned long arg)
{
    struct xen_remove_from_physmap x;
    struct domain *d;
    long err = 0;

    if ( hvm_copy_from_guest(&x, arg, sizeof(x)) )
        return -EFAULT;
    if ( (d = get_target_domain(x.domid, &err)) == NULL )
        return err;
    return physmap_remove(d, x.gpfn);
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
    /* Bits above the sub-op carry a continuation start: none here. */
    switch ( cmd )
    {
    case XENMEM_add_to_physmap:
        return add_to_physmap(arg);

    case XENMEM_memory_map:
        return memory_map(arg);

    case XENMEM_set_memory_map:
        return set_memory_map(arg);

    case XENMEM_maximum_ram_page:
        return max_page;

    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return reservation(cmd, arg);

    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        return change_reservation(cmd, arg);

    case XENMEM_add_to_physmap_batch:
        return add_to_physmap_batch(arg);

    case XENMEM_remove_from_physmap:
        return remove_from_physmap(arg);
    }
    return -ENOSYS;
}
