/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m's entry points: argument checks, locking, the choice of leaf
 * size, table-page allocation and statistics.  The table walks live in
 * p2m-pt.c, the entry formats they write in p2m-ept.c and p2m-npt.c.
 *
 * An update first counts the table pages it will need, allocates them
 * all, and only then touches the tables.  So it either completes or, on
 * -ENOMEM, leaves the map exactly as it was; and a large request that
 * must be built from many small leaves never stops half-way.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <asm/page.h>
#include <asm/p2m.h>
#include <asm/system.h>

#include "p2m.h"

static u64 *alloc_table(struct p2m_domain *p2m)
{
    struct page_info *pg = alloc_domheap_pages(NULL, 0, 0);
    u64 *table;

    if ( !pg )
        return NULL;

    /*
     * Unused entries must read as not present: a zero entry is, in EPT
     * (SDM Vol. 3C, 28.2.2) as in nested paging (P clear, APM Vol. 2,
     * 5.4).
     */
    table = page_to_virt(pg);
    memset(table, 0, PAGE_SIZE);
    p2m->nr_table_pages++;

    return table;
}

void p2m_free_table(struct p2m_domain *p2m, u64 *table)
{
    free_domheap_pages(mfn_to_page(virt_to_mfn(table)), 0);
    p2m->nr_table_pages--;
}

u64 *p2m_take_table(struct p2m_reserve *r)
{
    u64 *table = r->head;

    /* p2m_pt_tables_needed() counted too few: the tables would be torn. */
    BUG_ON(!r->nr);

    r->nr--;
    r->head = r->nr ? maddr_to_virt(table[0]) : NULL;
    table[0] = 0;

    return table;
}

static void reserve_drain(struct p2m_domain *p2m, struct p2m_reserve *r)
{
    while ( r->nr )
        p2m_free_table(p2m, p2m_take_table(r));
}

static int reserve_fill(struct p2m_domain *p2m, struct p2m_reserve *r,
                        unsigned long nr)
{
    while ( r->nr < nr )
    {
        u64 *table = alloc_table(p2m);

        if ( !table )
        {
            reserve_drain(p2m, r);
            return -ENOMEM;
        }

        table[0] = r->nr ? virt_to_maddr(r->head) : 0;
        r->head = table;
        r->nr++;
    }

    return 0;
}

static int check_args(gfn_t gfn, mfn_t mfn, unsigned int order,
                      p2m_type_t t)
{
    unsigned long mask;

    if ( order != PAGE_ORDER_4K && order != PAGE_ORDER_2M &&
         order != PAGE_ORDER_1G )
        return -EINVAL;

    /* Alignment also keeps the whole range below the limit. */
    mask = (1UL << order) - 1;
    if ( (gfn & mask) || (gfn >> P2M_GFN_BITS) )
        return -EINVAL;

    if ( (unsigned int)t > p2m_grant_map_ro )
        return -EINVAL;

    if ( t == p2m_invalid || (t == p2m_reserved && mfn == INVALID_MFN) )
        return 0;

    if ( (mfn & mask) || (mfn >> P2M_MFN_BITS) )
        return -EINVAL;

    return 0;
}

/* The largest leaf order the CPU supports that is at most order. */
static unsigned int pick_leaf_order(const struct p2m_domain *p2m,
                               unsigned int order)
{
    if ( order == PAGE_ORDER_1G && !p2m->large_1g )
        order = PAGE_ORDER_2M;
    if ( order == PAGE_ORDER_2M && !p2m->large_2m )
        order = PAGE_ORDER_4K;

    return order;
}

int p2m_init(struct p2m_domain *p2m)
{
    enum p2m_format format = p2m->format;
    bool large_1g = p2m->large_1g, large_2m = p2m->large_2m;
    u64 *root;

    /* Callers set the format, and may set the leaf sizes: keep those. */
    memset(p2m, 0, sizeof(*p2m));
    p2m->format = format;
    p2m->large_1g = large_1g;
    p2m->large_2m = large_2m;
    spin_lock_init(&p2m->lock);
    /*
     * Start at 1, so that a vCPU whose record of the last generation it
     * flushed starts at 0 flushes before its first entry.
     */
    p2m->generation = 1;

    if ( format != P2M_FORMAT_EPT && format != P2M_FORMAT_NPT )
        return -EINVAL;

    root = alloc_table(p2m);
    if ( !root )
        return -ENOMEM;

    p2m->root = root;
    p2m->root_maddr = virt_to_maddr(root);
    /* SVM's nCR3 is root_maddr itself; VMX wants more in its pointer. */
    if ( format == P2M_FORMAT_EPT )
        p2m->eptp = ept_make_eptp(p2m->root_maddr);

    return 0;
}

void p2m_teardown(struct p2m_domain *p2m)
{
    spin_lock(&p2m->lock);

    if ( p2m->root )
    {
        p2m_pt_free_tables(p2m);
        p2m->root = NULL;
        p2m->root_maddr = 0;
        p2m->eptp = 0;
        smp_wmb();
        WRITE_ONCE(p2m->generation, p2m->generation + 1);
    }

    spin_unlock(&p2m->lock);
}

int p2m_set_entry(struct p2m_domain *p2m, gfn_t gfn, mfn_t mfn,
                  unsigned int order, p2m_type_t t)
{
    struct p2m_reserve r = { NULL, 0 };
    bool remove = t == p2m_invalid;
    unsigned int leaf;
    int rc = check_args(gfn, mfn, order, t);

    if ( rc )
        return rc;

    spin_lock(&p2m->lock);

    if ( !p2m->root )
    {
        rc = -EINVAL;
        goto out;
    }

    /* A not-present entry is valid at any level: no need to split. */
    leaf = remove ? order : pick_leaf_order(p2m, order);

    rc = reserve_fill(p2m, &r,
                      p2m_pt_tables_needed(p2m, gfn, order, leaf, remove));
    if ( rc )
        goto out;

    if ( p2m_pt_update(p2m, &r, gfn, mfn, order, leaf, t) )
    {
        /* Whoever flushes for the new generation sees the new tables. */
        smp_wmb();
        WRITE_ONCE(p2m->generation, p2m->generation + 1);
    }

    /* Counting and updating walks disagree: a bug, but not a fatal one. */
    ASSERT(!r.nr);
    reserve_drain(p2m, &r);

    if ( !remove && gfn + (1UL << order) - 1 > p2m->max_mapped_gfn )
        p2m->max_mapped_gfn = gfn + (1UL << order) - 1;

 out:
    spin_unlock(&p2m->lock);

    return rc;
}

int p2m_remove_entry(struct p2m_domain *p2m, gfn_t gfn, unsigned int order)
{
    return p2m_set_entry(p2m, gfn, INVALID_MFN, order, p2m_invalid);
}

mfn_t p2m_get_entry(struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                    unsigned int *order)
{
    p2m_type_t lt = p2m_invalid;
    unsigned int lo = PAGE_ORDER_4K;
    mfn_t mfn = INVALID_MFN;

    if ( !(gfn >> P2M_GFN_BITS) )
    {
        spin_lock(&p2m->lock);
        if ( p2m->root )
            mfn = p2m_pt_lookup(p2m, gfn, &lt, &lo);
        spin_unlock(&p2m->lock);
    }

    /* A hole found high in the tables is larger than any leaf. */
    if ( lt == p2m_invalid && lo > PAGE_ORDER_1G )
        lo = PAGE_ORDER_1G;

    if ( t )
        *t = lt;
    if ( order )
        *order = lo;

    return mfn;
}

int p2m_for_each_entry(struct p2m_domain *p2m, p2m_entry_fn_t *fn,
                       void *ctx)
{
    int rc = 0;

    spin_lock(&p2m->lock);
    if ( p2m->root )
        rc = p2m_pt_for_each(p2m, fn, ctx);
    spin_unlock(&p2m->lock);

    return rc;
}

void p2m_dump(struct p2m_domain *p2m)
{
    unsigned long entries[ARRAY_SIZE(p2m->nr_entries)];
    unsigned long tables, generation;
    gfn_t max_gfn;
    bool npt;
    u64 root;

    /* Copy under the lock, print without it: the console is slow. */
    spin_lock(&p2m->lock);
    memcpy(entries, p2m->nr_entries, sizeof(entries));
    tables = p2m->nr_table_pages;
    generation = p2m->generation;
    max_gfn = p2m->max_mapped_gfn;
    npt = p2m->format == P2M_FORMAT_NPT;
    /* What the VMCS or VMCB is given. */
    root = npt ? p2m->root_maddr : p2m->eptp;
    spin_unlock(&p2m->lock);

    printk("p2m: %s %#lx, %lu table pages, generation %lu, "
           "max gfn %#lx\n", npt ? "ncr3" : "eptp", root, tables,
           generation, max_gfn);
    printk("p2m: leaves: %lu 4K, %lu 2M, %lu 1G\n",
           entries[0], entries[1], entries[2]);
}
