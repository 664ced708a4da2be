/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m in Intel's EPT format: entry encoding, table walks and
 * updates.  Formats are those of SDM Vol. 3C, 28.2.2 "EPT Translation
 * Mechanism" (tables 28-1 to 28-6) and 24.6.11 "Extended-Page-Table
 * Pointer (EPTP)".
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

#define EPT_LEVELS      4
#define EPT_ENTRIES     512
#define EPT_LEVEL_BITS  9

/* Entry bits (tables 28-1 to 28-6). */
#define EPT_R           (1UL << 0)
#define EPT_W           (1UL << 1)
#define EPT_X           (1UL << 2)
#define EPT_RWX         (EPT_R | EPT_W | EPT_X)
#define EPT_MT_SHIFT    3           /* leaves only: memory type, 5:3 */
#define EPT_IPAT        (1UL << 6)  /* leaves only: ignore guest PAT */
#define EPT_SUPERPAGE   (1UL << 7)  /* PDPTE/PDE: maps 1 GiB / 2 MiB */
#define EPT_ADDR_MASK   0x000ffffffffff000UL    /* bits 51:12 */

/*
 * Bits 52-57 of a leaf are ignored by the CPU (bit 57 unless guest-
 * paging verification is enabled, which we never do): they hold the
 * p2m type, so that it survives in the one place the mapping lives.
 */
#define EPT_TYPE_SHIFT  52
#define EPT_TYPE_MASK   (0x3fUL << EPT_TYPE_SHIFT)

/*
 * A p2m_reserved leaf has R, W and X clear, so the CPU treats it as not
 * present and ignores bits 62:3 (28.2.2).  Bit 62 there marks a reserved
 * range recorded without a machine frame.
 */
#define EPT_NO_MFN      (1UL << 62)

/* Memory types (28.2.6 "EPT and Memory Typing"; 24.6.11 for EPTP). */
#define EPT_MT_UC       0UL
#define EPT_MT_WB       6UL

/* EPTP (24.6.11): bits 2:0 memory type, 5:3 walk length - 1, 6 A/D. */
#define EPTP_WALK_SHIFT 3

BUILD_BUG_ON(p2m_grant_map_ro > (EPT_TYPE_MASK >> EPT_TYPE_SHIFT));

/* Order of the range one entry of a level maps. */
static inline unsigned int level_order(unsigned int level)
{
    return (level - 1) * EPT_LEVEL_BITS;
}

/*
 * "Present" for the p2m: R, W or X set (what the CPU calls present), or
 * a recorded type, which p2m_reserved leaves have without R, W and X.
 */
static inline bool ept_present(u64 e)
{
    return e & (EPT_RWX | EPT_TYPE_MASK);
}

/* Whether e, an entry of the given level, points to another table. */
static inline bool ept_is_table(u64 e, unsigned int level)
{
    return level > 1 && ept_present(e) && !(e & EPT_SUPERPAGE);
}

static inline u64 *ept_next_table(u64 e)
{
    return maddr_to_virt(e & EPT_ADDR_MASK);
}

static inline p2m_type_t ept_type(u64 e)
{
    return (e & EPT_TYPE_MASK) >> EPT_TYPE_SHIFT;
}

static inline mfn_t ept_mfn(u64 e)
{
    if ( e & EPT_NO_MFN )
        return INVALID_MFN;
    return (e & EPT_ADDR_MASK) >> PAGE_SHIFT;
}

/*
 * The leaf entry mapping mfn with type t at the given level (mfn aligned
 * to the level).  RAM is write-back whatever the guest's PAT says, so
 * that a guest cannot make the hypervisor's view of its memory
 * incoherent.  MMIO is UC with the guest's PAT honoured: combined with
 * EPT UC, every PAT type but WC gives UC, and WC lets a guest map a
 * frame buffer write-combining.
 */
static u64 ept_leaf(mfn_t mfn, p2m_type_t t, unsigned int level)
{
    u64 e = (u64)t << EPT_TYPE_SHIFT;

    switch ( t )
    {
    case p2m_ram_rw:
    case p2m_grant_map_rw:
        e |= EPT_RWX | (EPT_MT_WB << EPT_MT_SHIFT) | EPT_IPAT;
        break;

    case p2m_ram_ro:
    case p2m_grant_map_ro:
        e |= EPT_R | EPT_X | (EPT_MT_WB << EPT_MT_SHIFT) | EPT_IPAT;
        break;

    case p2m_mmio_direct:
        e |= EPT_R | EPT_W | (EPT_MT_UC << EPT_MT_SHIFT);
        break;

    case p2m_reserved:
        break;

    default:
        return 0;
    }

    if ( mfn == INVALID_MFN )
        e |= EPT_NO_MFN;
    else
        e |= ((u64)mfn << PAGE_SHIFT) & EPT_ADDR_MASK;

    if ( level > 1 )
        e |= EPT_SUPERPAGE;

    return e;
}

/*
 * Table entries allow everything: the permissions that apply are the
 * intersection along the walk, so the leaf alone decides.  Bits 7:3 of
 * a non-leaf entry are reserved and stay 0 (tables 28-1, 28-3, 28-5).
 */
static inline u64 ept_table_entry(const u64 *table)
{
    return virt_to_maddr(table) | EPT_RWX;
}

u64 ept_make_eptp(paddr_t root_maddr)
{
    /*
     * Write-back paging-structure accesses, and A/D flags off: we never
     * read them, and with them on the CPU writes to the tables.
     */
    return root_maddr | ((u64)(EPT_LEVELS - 1) << EPTP_WALK_SHIFT) |
           EPT_MT_WB;
}

/* Work description shared by the counting and updating walks. */
struct ept_op {
    struct p2m_domain *p2m;
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
static void ept_span(const struct ept_op *op, unsigned int level,
                     gfn_t base, unsigned int *first, unsigned int *last)
{
    unsigned int shift = level_order(level);
    gfn_t s = max(op->gfn, base);
    gfn_t e = min(op->gfn + op->nr, base + ((gfn_t)EPT_ENTRIES << shift));

    *first = (s - base) >> shift;
    *last = (e - 1 - base) >> shift;
}

/* Pages for a new table at the given level at base, and those below it. */
static unsigned long ept_count_new(const struct ept_op *op,
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
        ept_span(op, level, base, &first, &last);
        for ( i = first; i <= last; i++ )
            n += ept_count_new(op, level - 1,
                               base + ((gfn_t)i << level_order(level)));
    }

    return n;
}

static unsigned long ept_count(const struct ept_op *op, const u64 *table,
                               unsigned int level, gfn_t base)
{
    unsigned int i, first, last;
    unsigned long n = 0;

    if ( level == op->leaf_level )
        return 0;

    ept_span(op, level, base, &first, &last);
    for ( i = first; i <= last; i++ )
    {
        u64 e = table[i];
        gfn_t ebase = base + ((gfn_t)i << level_order(level));

        if ( ept_is_table(e, level) )
            n += ept_count(op, ept_next_table(e), level - 1, ebase);
        else if ( ept_present(e) || op->t != p2m_invalid )
            n += ept_count_new(op, level - 1, ebase);
    }

    return n;
}

unsigned long ept_tables_needed(const struct p2m_domain *p2m, gfn_t gfn,
                                unsigned int order, unsigned int leaf_order,
                                bool remove)
{
    struct ept_op op = {
        .gfn = gfn,
        .nr = 1UL << order,
        .t = remove ? p2m_invalid : p2m_ram_rw,
        .leaf_level = leaf_order / EPT_LEVEL_BITS + 1,
    };

    return ept_count(&op, p2m->root, EPT_LEVELS, 0);
}

/* Fills table, one level below the leaf e, with the same mappings. */
static void ept_split_leaf(struct p2m_domain *p2m, u64 *table, u64 e,
                           unsigned int level)
{
    unsigned int child = level - 1, i;
    unsigned long step = 1UL << level_order(child);
    mfn_t mfn = ept_mfn(e);
    p2m_type_t t = ept_type(e);

    for ( i = 0; i < EPT_ENTRIES; i++ )
        table[i] = ept_leaf(mfn == INVALID_MFN ? INVALID_MFN : mfn + i * step,
                            t, child);

    p2m->nr_entries[level - 1]--;
    p2m->nr_entries[child - 1] += EPT_ENTRIES;
}

/*
 * Frees a table whose entries are at the given level, and every table
 * below it.  It must be unreachable already.
 */
static void ept_free_subtree(struct p2m_domain *p2m, u64 *table,
                             unsigned int level)
{
    unsigned int i;

    for ( i = 0; i < EPT_ENTRIES; i++ )
    {
        u64 e = table[i];

        if ( ept_is_table(e, level) )
            ept_free_subtree(p2m, ept_next_table(e), level - 1);
        else if ( ept_present(e) )
            p2m->nr_entries[level - 1]--;
    }

    p2m_free_table(p2m, table);
}

static void ept_update_table(struct ept_op *op, u64 *table,
                             unsigned int level, gfn_t base)
{
    struct p2m_domain *p2m = op->p2m;
    unsigned int i, first, last;

    ept_span(op, level, base, &first, &last);
    for ( i = first; i <= last; i++ )
    {
        gfn_t ebase = base + ((gfn_t)i << level_order(level));
        u64 old = table[i], new;
        u64 *next;

        if ( level == op->leaf_level )
        {
            if ( op->t == p2m_invalid )
                new = 0;
            else if ( op->mfn == INVALID_MFN )
                new = ept_leaf(INVALID_MFN, op->t, level);
            else
                new = ept_leaf(op->mfn + (ebase - op->gfn), op->t, level);

            if ( new == old )
                continue;

            WRITE_ONCE(table[i], new);
            if ( ept_present(new) )
                p2m->nr_entries[level - 1]++;
            if ( !ept_present(old) )
                continue;

            op->changed = true;
            /* Unreachable now; the caller arranges the INVEPT. */
            if ( ept_is_table(old, level) )
                ept_free_subtree(p2m, ept_next_table(old), level - 1);
            else
                p2m->nr_entries[level - 1]--;
            continue;
        }

        if ( !ept_is_table(old, level) )
        {
            /* Nothing to remove here, and no need for a table to say so. */
            if ( !ept_present(old) && op->t == p2m_invalid )
                continue;

            /*
             * Swapping a leaf for a table of equal leaves changes no
             * translation, so it needs no flush of its own: the entries
             * changed below it will ask for one.
             */
            next = p2m_take_table(op->res);
            if ( ept_present(old) )
                ept_split_leaf(p2m, next, old, level);
            smp_wmb();
            old = ept_table_entry(next);
            WRITE_ONCE(table[i], old);
        }

        ept_update_table(op, ept_next_table(old), level - 1, ebase);
    }
}

bool ept_update(struct p2m_domain *p2m, struct p2m_reserve *r, gfn_t gfn,
                mfn_t mfn, unsigned int order, unsigned int leaf_order,
                p2m_type_t t)
{
    struct ept_op op = {
        .p2m = p2m,
        .res = r,
        .gfn = gfn,
        .nr = 1UL << order,
        .mfn = mfn,
        .t = t,
        .leaf_level = leaf_order / EPT_LEVEL_BITS + 1,
        .changed = false,
    };

    ept_update_table(&op, p2m->root, EPT_LEVELS, 0);

    return op.changed;
}

mfn_t ept_lookup(const struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                 unsigned int *order)
{
    const u64 *table = p2m->root;
    unsigned int level;
    mfn_t mfn;
    u64 e;

    for ( level = EPT_LEVELS; ; level-- )
    {
        e = table[(gfn >> level_order(level)) & (EPT_ENTRIES - 1)];
        if ( !ept_is_table(e, level) )
            break;
        table = ept_next_table(e);
    }

    *order = level_order(level);
    if ( !ept_present(e) )
    {
        *t = p2m_invalid;
        return INVALID_MFN;
    }

    *t = ept_type(e);
    mfn = ept_mfn(e);
    if ( mfn != INVALID_MFN )
        mfn += gfn & ((1UL << *order) - 1);

    return mfn;
}

static int ept_walk_table(const u64 *table, unsigned int level, gfn_t base,
                          p2m_entry_fn_t *fn, void *ctx)
{
    unsigned int i, shift = level_order(level);
    int rc;

    for ( i = 0; i < EPT_ENTRIES; i++ )
    {
        u64 e = table[i];
        gfn_t gfn = base + ((gfn_t)i << shift);

        if ( ept_is_table(e, level) )
            rc = ept_walk_table(ept_next_table(e), level - 1, gfn, fn, ctx);
        else if ( ept_present(e) )
            rc = fn(ctx, gfn, ept_mfn(e), shift, ept_type(e));
        else
            continue;

        if ( rc )
            return rc;
    }

    return 0;
}

int ept_walk(const struct p2m_domain *p2m, p2m_entry_fn_t *fn, void *ctx)
{
    return ept_walk_table(p2m->root, EPT_LEVELS, 0, fn, ctx);
}

void ept_free_tables(struct p2m_domain *p2m)
{
    ept_free_subtree(p2m, p2m->root, EPT_LEVELS);
}
