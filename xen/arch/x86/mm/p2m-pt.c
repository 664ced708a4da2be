/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m's table walks and updates, whatever the entry format: each
 * walk reads and builds entries through the struct p2m_pt_format of its
 * p2m (p2m-ept.c, p2m-npt.c), and knows only what the two formats share:
 * four levels of 512-entry tables indexed by guest-physical address bits
 * 47:12 (SDM Vol. 3C, 28.2.2; AMD APM Vol. 2, 5.3 and 15.25.5).
 *
 * Levels count as the SDM's tables do, from the leaf up: level 1 holds
 * PTEs (4 KiB each), level 2 PDEs (2 MiB), level 3 PDPTEs (1 GiB) and
 * level 4 the PML4 entries (512 GiB).  Tables are reached through the
 * direct map.
 *
 * The CPU walks these tables while we change them, so an entry is always
 * written with a single 64-bit store, and a new table is filled before
 * the entry that points to it is written.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/page.h>
#include <asm/system.h>

#include "p2m.h"

#define PT_LEVELS       4
#define PT_ENTRIES      512
#define PT_LEVEL_BITS   9

static const struct p2m_pt_format *format_of(const struct p2m_domain *p2m)
{
    return p2m->format == P2M_FORMAT_NPT ? &p2m_npt_format
                                         : &p2m_ept_format;
}

/* Order of the range one entry of a level maps. */
static inline unsigned int level_order(unsigned int level)
{
    return (level - 1) * PT_LEVEL_BITS;
}

static inline bool pt_present(const struct p2m_pt_format *f, u64 e)
{
    return e & (f->present | f->type_mask);
}

/* Whether e, an entry of the given level, points to another table. */
static inline bool pt_is_table(const struct p2m_pt_format *f, u64 e,
                               unsigned int level)
{
    return level > 1 && pt_present(f, e) && !(e & f->superpage);
}

static inline u64 *pt_next_table(const struct p2m_pt_format *f, u64 e)
{
    return maddr_to_virt(e & f->addr_mask);
}

static inline p2m_type_t pt_type(const struct p2m_pt_format *f, u64 e)
{
    return (e & f->type_mask) >> f->type_shift;
}

static inline mfn_t pt_mfn(const struct p2m_pt_format *f, u64 e)
{
    if ( e & f->no_mfn )
        return INVALID_MFN;
    return (e & f->addr_mask) >> PAGE_SHIFT;
}

/*
 * The leaf entry mapping mfn with type t at the given level (mfn aligned
 * to the level), or 0, not present, for p2m_invalid.
 */
static u64 pt_leaf(const struct p2m_pt_format *f, mfn_t mfn, p2m_type_t t,
                   unsigned int level)
{
    u64 e;

    if ( t == p2m_invalid )
        return 0;

    e = f->leaf[t] | ((u64)t << f->type_shift);
    if ( mfn == INVALID_MFN )
        e |= f->no_mfn;
    else
        e |= ((u64)mfn << PAGE_SHIFT) & f->addr_mask;

    if ( level > 1 )
        e |= f->superpage;

    return e;
}

static inline u64 pt_table_entry(const struct p2m_pt_format *f,
                                 const u64 *table)
{
    return virt_to_maddr(table) | f->table;
}

/* Work description shared by the counting and updating walks. */
struct pt_op {
    struct p2m_domain *p2m;
    const struct p2m_pt_format *fmt;
    struct p2m_reserve *res;
    gfn_t gfn;                  /* range: [gfn, gfn + nr) */
    unsigned long nr;
    mfn_t mfn;
    p2m_type_t t;
    unsigned int leaf_level;    /* level the new leaves are written at */
    bool changed;               /* a present entry has been changed */
};

/*
 * Indices [*first, *last] of the entries of a table at the given level,
 * starting at gfn base, that the range of op intersects.
 */
static void pt_span(const struct pt_op *op, unsigned int level,
                    gfn_t base, unsigned int *first, unsigned int *last)
{
    unsigned int shift = level_order(level);
    gfn_t s = max(op->gfn, base);
    gfn_t e = min(op->gfn + op->nr, base + ((gfn_t)PT_ENTRIES << shift));

    *first = (s - base) >> shift;
    *last = (e - 1 - base) >> shift;
}

/* Pages for a new table at the given level at base, and those below it. */
static unsigned long pt_count_new(const struct pt_op *op,
                                  unsigned int level, gfn_t base)
{
    unsigned int i, first, last;
    unsigned long n = 1;

    /*
     * Its entries that the range touches are empty or copies of a split
     * leaf, and each of them above the leaf level becomes a table.
     */
    if ( level > op->leaf_level )
    {
        pt_span(op, level, base, &first, &last);
        for ( i = first; i <= last; i++ )
            n += pt_count_new(op, level - 1,
                              base + ((gfn_t)i << level_order(level)));
    }

    return n;
}

static unsigned long pt_count(const struct pt_op *op, const u64 *table,
                              unsigned int level, gfn_t base)
{
    const struct p2m_pt_format *f = op->fmt;
    unsigned int i, first, last;
    unsigned long n = 0;

    if ( level == op->leaf_level )
        return 0;

    pt_span(op, level, base, &first, &last);
    for ( i = first; i <= last; i++ )
    {
        u64 e = table[i];
        gfn_t ebase = base + ((gfn_t)i << level_order(level));

        if ( pt_is_table(f, e, level) )
            n += pt_count(op, pt_next_table(f, e), level - 1, ebase);
        else if ( pt_present(f, e) || op->t != p2m_invalid )
            n += pt_count_new(op, level - 1, ebase);
    }

    return n;
}

unsigned long p2m_pt_tables_needed(const struct p2m_domain *p2m, gfn_t gfn,
                                   unsigned int order,
                                   unsigned int leaf_order, bool remove)
{
    struct pt_op op = {
        .fmt = format_of(p2m),
        .gfn = gfn,
        .nr = 1UL << order,
        .t = remove ? p2m_invalid : p2m_ram_rw,
        .leaf_level = leaf_order / PT_LEVEL_BITS + 1,
    };

    return pt_count(&op, p2m->root, PT_LEVELS, 0);
}

/* Fills table, one level below the leaf e, with the same mappings. */
static void pt_split_leaf(struct p2m_domain *p2m,
                          const struct p2m_pt_format *f, u64 *table, u64 e,
                          unsigned int level)
{
    unsigned int child = level - 1, i;
    unsigned long step = 1UL << level_order(child);
    mfn_t mfn = pt_mfn(f, e);
    p2m_type_t t = pt_type(f, e);

    for ( i = 0; i < PT_ENTRIES; i++ )
        table[i] = pt_leaf(f, mfn == INVALID_MFN ? INVALID_MFN
                                                 : mfn + i * step,
                           t, child);

    p2m->nr_entries[level - 1]--;
    p2m->nr_entries[child - 1] += PT_ENTRIES;
}

/*
 * Frees a table whose entries are at the given level, and every table
 * below it.  It must be unreachable already.
 */
static void pt_free_subtree(struct p2m_domain *p2m,
                            const struct p2m_pt_format *f, u64 *table,
                            unsigned int level)
{
    unsigned int i;

    for ( i = 0; i < PT_ENTRIES; i++ )
    {
        u64 e = table[i];

        if ( pt_is_table(f, e, level) )
            pt_free_subtree(p2m, f, pt_next_table(f, e), level - 1);
        else if ( pt_present(f, e) )
            p2m->nr_entries[level - 1]--;
    }

    p2m_free_table(p2m, table);
}

static void pt_update_table(struct pt_op *op, u64 *table,
                            unsigned int level, gfn_t base)
{
    struct p2m_domain *p2m = op->p2m;
    const struct p2m_pt_format *f = op->fmt;
    unsigned int i, first, last;

    pt_span(op, level, base, &first, &last);
    for ( i = first; i <= last; i++ )
    {
        gfn_t ebase = base + ((gfn_t)i << level_order(level));
        u64 old = table[i], new;
        u64 *next;

        if ( level == op->leaf_level )
        {
            mfn_t mfn = op->mfn == INVALID_MFN ? INVALID_MFN
                                               : op->mfn + (ebase - op->gfn);

            /*
             * Rewriting the same mapping is no change (and would cost a
             * flush), even if the CPU has since set A or D flags in old.
             */
            new = pt_leaf(f, mfn, op->t, level);
            if ( !((new ^ old) & ~f->cpu_set) )
                continue;

            WRITE_ONCE(table[i], new);
            if ( pt_present(f, new) )
                p2m->nr_entries[level - 1]++;
            if ( !pt_present(f, old) )
                continue;

            op->changed = true;
            /* Unreachable now; the caller arranges the flush. */
            if ( pt_is_table(f, old, level) )
                pt_free_subtree(p2m, f, pt_next_table(f, old), level - 1);
            else
                p2m->nr_entries[level - 1]--;
            continue;
        }

        if ( !pt_is_table(f, old, level) )
        {
            /* Nothing to remove here, and no need for a table to say so. */
            if ( !pt_present(f, old) && op->t == p2m_invalid )
                continue;

            /*
             * Swapping a leaf for a table of equal leaves changes no
             * translation, so it needs no flush of its own: the entries
             * changed below it will ask for one.
             */
            next = p2m_take_table(op->res);
            if ( pt_present(f, old) )
                pt_split_leaf(p2m, f, next, old, level);
            smp_wmb();
            old = pt_table_entry(f, next);
            WRITE_ONCE(table[i], old);
        }

        pt_update_table(op, pt_next_table(f, old), level - 1, ebase);
    }
}

bool p2m_pt_update(struct p2m_domain *p2m, struct p2m_reserve *r,
                   gfn_t gfn, mfn_t mfn, unsigned int order,
                   unsigned int leaf_order, p2m_type_t t)
{
    struct pt_op op = {
        .p2m = p2m,
        .fmt = format_of(p2m),
        .res = r,
        .gfn = gfn,
        .nr = 1UL << order,
        .mfn = mfn,
        .t = t,
        .leaf_level = leaf_order / PT_LEVEL_BITS + 1,
        .changed = false,
    };

    pt_update_table(&op, p2m->root, PT_LEVELS, 0);

    return op.changed;
}

mfn_t p2m_pt_lookup(const struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                    unsigned int *order)
{
    const struct p2m_pt_format *f = format_of(p2m);
    const u64 *table = p2m->root;
    unsigned int level;
    mfn_t mfn;
    u64 e;

    for ( level = PT_LEVELS; ; level-- )
    {
        e = table[(gfn >> level_order(level)) & (PT_ENTRIES - 1)];
        if ( !pt_is_table(f, e, level) )
            break;
        table = pt_next_table(f, e);
    }

    *order = level_order(level);
    if ( !pt_present(f, e) )
    {
        *t = p2m_invalid;
        return INVALID_MFN;
    }

    *t = pt_type(f, e);
    mfn = pt_mfn(f, e);
    if ( mfn != INVALID_MFN )
        mfn += gfn & ((1UL << *order) - 1);

    return mfn;
}

static int pt_for_each_in(const struct p2m_pt_format *f, const u64 *table,
                          unsigned int level, gfn_t base,
                          p2m_entry_fn_t *fn, void *ctx)
{
    unsigned int i, shift = level_order(level);
    int rc;

    for ( i = 0; i < PT_ENTRIES; i++ )
    {
        u64 e = table[i];
        gfn_t gfn = base + ((gfn_t)i << shift);

        if ( pt_is_table(f, e, level) )
            rc = pt_for_each_in(f, pt_next_table(f, e), level - 1, gfn,
                                fn, ctx);
        else if ( pt_present(f, e) )
            rc = fn(ctx, gfn, pt_mfn(f, e), shift, pt_type(f, e));
        else
            continue;

        if ( rc )
            return rc;
    }

    return 0;
}

int p2m_pt_for_each(const struct p2m_domain *p2m, p2m_entry_fn_t *fn,
                    void *ctx)
{
    return pt_for_each_in(format_of(p2m), p2m->root, PT_LEVELS, 0, fn, ctx);
}

void p2m_pt_free_tables(struct p2m_domain *p2m)
{
    pt_free_subtree(p2m, format_of(p2m), p2m->root, PT_LEVELS);
}
