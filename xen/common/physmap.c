/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Changing a domain's physmap on request: populating and releasing RAM
 * (XENMEM_populate_physmap, XENMEM_decrease_reservation: the balloon
 * driver, and the toolstack building a domain), and a privileged domain
 * mapping another domain's frames into its own physmap
 * (XENMEM_add_to_physmap_batch with XENMAPSPACE_gmfn_foreign, undone by
 * XENMEM_remove_from_physmap: the toolstack's foreign mappings).
 *
 * Only frames a domain owns are ever freed on its request; frames that
 * belong to the hypervisor (shared_info, the console ring, grant frames)
 * and other domains' frames are only unmapped.  A foreign mapping is
 * recorded in the mapping domain, so that when the mapped domain is
 * destroyed its frames are taken out of every physmap before they are
 * freed (physmap_revoke_foreign()).
 */
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/memory.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/quiesce.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <public/memory.h>

/* The p2m covers 48-bit guest-physical addresses. */
#define MAX_GFN             (1UL << 36)
/* Largest extent: 2 MiB for a domU (as Xen), 1 GiB for the toolstack. */
#define DOMU_MAX_ORDER      9
#define CTL_MAX_ORDER       18
/* Extents handled in one call; the caller goes on from the count. */
#define MAX_EXTENTS         (1UL << 20)
/* Foreign mappings one domain may hold at once. */
#define MAX_FOREIGN_MAPS    65536

static unsigned int max_order(const struct domain *caller)
{
    return caller->is_privileged ? CTL_MAX_ORDER : DOMU_MAX_ORDER;
}

/* Whether [gfn, gfn + 2^order) has nothing mapped. */
static bool range_unmapped(struct domain *d, unsigned long gfn,
                           unsigned int order)
{
    for ( unsigned long i = 0; i < (1UL << order); )
    {
        p2m_type_t t;
        unsigned int o;

        p2m_get_entry(&d->arch.p2m, gfn + i, &t, &o);
        if ( t != p2m_invalid )
            return false;
        /* An empty entry covers its whole aligned range. */
        i = ((gfn + i) | ((1UL << o) - 1)) + 1 - gfn;
    }
    return true;
}

static long read_extent(const struct xen_memory_reservation *r,
                        unsigned long i, unsigned int order,
                        unsigned long *gfn)
{
    xen_pfn_t v;

    if ( hvm_copy_from_guest(&v, r->extent_start + i * sizeof(v),
                             sizeof(v)) )
        return -EFAULT;
    if ( v >= MAX_GFN || (v & ((1UL << order) - 1)) ||
         MAX_GFN - v < (1UL << order) )
        return -EINVAL;
    *gfn = v;
    return 0;
}

long physmap_populate(struct domain *d, struct xen_memory_reservation *r)
{
    unsigned int order = r->extent_order;
    unsigned long i, nr = min((unsigned long)r->nr_extents, MAX_EXTENTS);

    if ( order > max_order(current->domain) )
        return -EINVAL;
    for ( i = 0; i < nr; i++ )
    {
        unsigned long gfn;

        /* Each failure ends the call: the count says how far it got. */
        if ( read_extent(r, i, order, &gfn) ||
             !range_unmapped(d, gfn, order) ||
             guest_physmap_populate(d, gfn, 1UL << order) )
            break;
    }
    return i;
}

/* The chunk of d's page list holding the page at mfn, or NULL. */
static struct page_info **find_chunk(struct domain *d, mfn_t mfn)
{
    struct page_info *target = mfn_to_page(mfn), **pp, *pg;

    for ( pp = &d->page_list; (pg = *pp) != NULL; pp = &pg->next )
        if ( target >= pg && target < pg + (1UL << pg->order) )
            return pp;
    return NULL;
}

static bool owns_page(struct domain *d, mfn_t mfn)
{
    unsigned long flags;
    bool owned;

    spin_lock_irqsave(&d->page_alloc_lock, flags);
    owned = find_chunk(d, mfn) != NULL;
    spin_unlock_irqrestore(&d->page_alloc_lock, flags);
    return owned;
}

static void revoke_foreign(domid_t owner, mfn_t mfn);

/*
 * Takes the page at mfn out of d's page list, splitting the chunk that
 * holds it, and puts it on *freed; a page d does not own is left alone.
 * Its mapping in d's p2m must already be gone.  free_released() frees
 * the list once no CPU can still reach the pages.
 */
static void release_page(struct domain *d, mfn_t mfn,
                         struct page_info **freed)
{
    struct page_info *target = mfn_to_page(mfn), **pp, *pg;
    unsigned long flags;
    unsigned int order;

    /* A grant pins it: it stays d's until d dies (grant_table.c). */
    if ( gnttab_page_pinned(mfn) )
        return;
    spin_lock_irqsave(&d->page_alloc_lock, flags);
    pp = find_chunk(d, mfn);
    if ( !pp )
    {
        spin_unlock_irqrestore(&d->page_alloc_lock, flags);
        return;
    }
    pg = *pp;
    *pp = pg->next;

    /* Halve until the page is a chunk of its own; keep the other halves. */
    for ( order = pg->order; order; )
    {
        struct page_info *hi, *keep;

        split_heap_chunk(pg, order);
        order--;
        hi = pg + (1UL << order);
        keep = target >= hi ? pg : hi;
        pg = target >= hi ? hi : pg;
        keep->owner = d->domain_id;
        keep->next = d->page_list;
        d->page_list = keep;
    }
    d->tot_pages--;
    spin_unlock_irqrestore(&d->page_alloc_lock, flags);

    /* Nobody may keep reaching it through a foreign mapping. */
    revoke_foreign(DOMID_INVALID, mfn);
    target->next = *freed;
    *freed = target;
}

/*
 * A vCPU of d (or of a domain that mapped the page) may still be in
 * guest mode on another CPU with a translation to it: wait until every
 * CPU has left guest mode, which flushes them (quiesce.c), then free.
 * No lock may be held.
 */
static void free_released(struct page_info *freed)
{
    if ( !freed )
        return;
    synchronize_quiescent();
    while ( freed )
    {
        struct page_info *pg = freed;

        freed = pg->next;
        free_domheap_pages(pg, 0);
    }
}

long physmap_decrease(struct domain *d, struct xen_memory_reservation *r)
{
    unsigned int order = r->extent_order;
    unsigned long i, nr = min((unsigned long)r->nr_extents, MAX_EXTENTS);
    struct page_info *freed = NULL;

    if ( order > max_order(current->domain) )
        return -EINVAL;
    for ( i = 0; i < nr; i++ )
    {
        unsigned long gfn, j;
        p2m_type_t t;
        mfn_t mfn;

        if ( read_extent(r, i, order, &gfn) )
            break;
        /* Every page of the extent must be RAM the domain owns. */
        for ( j = 0; j < (1UL << order); j++ )
        {
            mfn = p2m_get_entry(&d->arch.p2m, gfn + j, &t, NULL);
            if ( (t != p2m_ram_rw && t != p2m_ram_ro) || !owns_page(d, mfn) )
                break;
        }
        if ( j != (1UL << order) )
            break;
        for ( j = 0; j < (1UL << order); j++ )
        {
            mfn = p2m_get_entry(&d->arch.p2m, gfn + j, &t, NULL);
            if ( p2m_remove_entry(&d->arch.p2m, gfn + j, 0) )
                goto out;
            release_page(d, mfn, &freed);
        }
    }
 out:
    free_released(freed);
    return i;
}

/* ----- foreign mappings ----- */

struct foreign_map {
    unsigned long gfn;          /* in the mapping domain */
    mfn_t mfn;
    domid_t owner;              /* whose frame */
};

/* Caller holds d->foreign_lock. */
static int record_foreign(struct domain *d, unsigned long gfn, mfn_t mfn,
                          domid_t owner)
{
    if ( d->nr_foreign == d->max_foreign )
    {
        unsigned int n = d->max_foreign ? 2 * d->max_foreign : 64;
        struct foreign_map *m;

        if ( n > MAX_FOREIGN_MAPS )
            return -ENOSPC;
        m = xmalloc_array(struct foreign_map, n);
        if ( !m )
            return -ENOMEM;
        if ( d->nr_foreign )
            memcpy(m, d->foreign, d->nr_foreign * sizeof(*m));
        xfree(d->foreign);
        d->foreign = m;
        d->max_foreign = n;
    }
    d->foreign[d->nr_foreign++] = (struct foreign_map){ gfn, mfn, owner };
    return 0;
}

/* Drops the record for gfn, if any.  Caller holds d->foreign_lock. */
static void forget_foreign(struct domain *d, unsigned long gfn)
{
    for ( unsigned int i = 0; i < d->nr_foreign; i++ )
        if ( d->foreign[i].gfn == gfn )
        {
            d->foreign[i] = d->foreign[--d->nr_foreign];
            return;
        }
}

static int map_foreign(struct domain *d, struct domain *fd,
                       unsigned long idx, unsigned long gpfn)
{
    unsigned long flags;
    p2m_type_t t;
    mfn_t mfn;
    int rc;

    if ( idx >= MAX_GFN || gpfn >= MAX_GFN )
        return -EINVAL;
    mfn = p2m_get_entry(&fd->arch.p2m, idx, &t, NULL);
    if ( t != p2m_ram_rw )
        return -EINVAL;
    /* Only over nothing: a frame of our own there would be lost. */
    if ( !range_unmapped(d, gpfn, 0) )
        return -EBUSY;

    spin_lock_irqsave(&d->foreign_lock, flags);
    rc = record_foreign(d, gpfn, mfn, fd->domain_id);
    if ( !rc )
    {
        rc = p2m_set_entry(&d->arch.p2m, gpfn, mfn, 0, p2m_ram_rw);
        if ( rc )
            forget_foreign(d, gpfn);
    }
    spin_unlock_irqrestore(&d->foreign_lock, flags);
    return rc;
}

long physmap_add_batch_foreign(struct domain *d, struct domain *fd,
                               unsigned long idxs, unsigned long gpfns,
                               unsigned long errs, unsigned int size)
{
    if ( fd == d || !current->domain->is_privileged )
        return -EPERM;

    for ( unsigned int i = 0; i < size; i++ )
    {
        xen_ulong_t idx;
        xen_pfn_t gpfn;
        int err;

        if ( hvm_copy_from_guest(&idx, idxs + i * sizeof(idx),
                                 sizeof(idx)) ||
             hvm_copy_from_guest(&gpfn, gpfns + i * sizeof(gpfn),
                                 sizeof(gpfn)) )
            return -EFAULT;
        err = map_foreign(d, fd, idx, gpfn);
        if ( hvm_copy_to_guest(errs + i * sizeof(err), &err, sizeof(err)) )
            return -EFAULT;
    }
    return 0;
}

long physmap_remove(struct domain *d, unsigned long gpfn)
{
    unsigned long flags;
    p2m_type_t t;
    mfn_t mfn;
    int rc;

    if ( gpfn >= MAX_GFN )
        return -EINVAL;
    mfn = p2m_get_entry(&d->arch.p2m, gpfn, &t, NULL);
    if ( t == p2m_invalid )
        return -ENOENT;

    spin_lock_irqsave(&d->foreign_lock, flags);
    forget_foreign(d, gpfn);
    rc = p2m_remove_entry(&d->arch.p2m, gpfn, 0);
    spin_unlock_irqrestore(&d->foreign_lock, flags);
    if ( rc )
        return rc;
    /* RAM of its own goes back to the heap; anything else is unmapped. */
    {
        struct page_info *freed = NULL;

        release_page(d, mfn, &freed);
        free_released(freed);
    }
    return 0;
}

/*
 * Takes out of every physmap the foreign mappings of owner's frames
 * (owner DOMID_INVALID: anyone's) that map mfn (INVALID_MFN: any frame).
 * A gfn the mapper has since changed is left as it is.
 */
static void revoke_foreign(domid_t owner, mfn_t mfn)
{
    struct domain *d;

    for_each_domain ( d )
    {
        unsigned long flags;

        spin_lock_irqsave(&d->foreign_lock, flags);
        for ( unsigned int i = 0; i < d->nr_foreign; )
        {
            struct foreign_map *m = &d->foreign[i];
            p2m_type_t t;

            if ( (owner != DOMID_INVALID && m->owner != owner) ||
                 (mfn != INVALID_MFN && m->mfn != mfn) )
            {
                i++;
                continue;
            }
            if ( p2m_get_entry(&d->arch.p2m, m->gfn, &t, NULL) == m->mfn )
                p2m_remove_entry(&d->arch.p2m, m->gfn, 0);
            *m = d->foreign[--d->nr_foreign];
        }
        spin_unlock_irqrestore(&d->foreign_lock, flags);
    }
}

void physmap_revoke_foreign(struct domain *gone)
{
    revoke_foreign(gone->domain_id, INVALID_MFN);
}

void physmap_destroy(struct domain *d)
{
    xfree(d->foreign);
    d->foreign = NULL;
    d->nr_foreign = d->max_foreign = 0;
}
