/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1 only: GNTTABOP_* and the grant-table frames of
 * XENMEM_add_to_physmap.  Semantics and status codes follow Xen's for an
 * auto-translated (HVM/PVH) guest:
 *
 *  - a domain's shared frames are hypervisor (xenheap) pages, allocated
 *    as the table grows (setup_table, add_to_physmap) up to
 *    GNTTAB_MAX_FRAMES, which the guest maps into its physmap;
 *  - map_grant_ref maps a granter's frame at a guest-physical address of
 *    the caller (GNTMAP_host_map), as a p2m_grant_map_* entry, and
 *    returns a handle into the caller's maptrack;
 *  - while an entry is in use, GTF_reading (and GTF_writing for writable
 *    use) is set in it, so that the granter knows not to reuse the frame.
 *
 * Locks, outermost first:
 *  - gnttab_domains_lock, held by every operation that may involve a
 *    second domain (map, unmap, copy, and anything naming another domain)
 *    and by gnttab_destroy(): a domain found, or reached through a
 *    maptrack entry, while it is held cannot be freed (domains carry no
 *    reference counts), and no mapping of its frames can appear;
 *  - gt->lock of each domain involved, lower address first (lock_pair()),
 *    which guards the table's frames, pins and maptrack;
 *  - the p2m locks, taken inside the p2m calls.
 * None is taken in interrupt context.
 *
 * Frames and lifetime: a pinned frame (one some entry's mapping or copy
 * uses) is counted in its page_info, and its owner cannot free it
 * (physmap.c asks gnttab_page_pinned()); it stays the owner's until the
 * owner dies.  Only frames on the granter's own page list are granted.
 * gnttab_destroy() removes every mapping of a dying granter's frames and
 * waits until no CPU can still be in guest mode with an old translation
 * (synchronize_quiescent()) before they are freed.  The guest-memory
 * helpers refuse p2m_grant_map_* entries, so the hypervisor itself never
 * reaches a foreign frame through them.
 */
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/quiesce.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/hvm/guest_access.h>
#include <asm/p2m.h>
#include <asm/system.h>
#include <public/grant_table.h>
#include <public/memory.h>

/* Xen's x86-64 layouts, which unmodified guests rely on. */
BUILD_BUG_ON(sizeof(struct grant_entry_v1) != 8);
BUILD_BUG_ON(sizeof(struct gnttab_map_grant_ref) != 32);
BUILD_BUG_ON(sizeof(struct gnttab_unmap_grant_ref) != 24);
BUILD_BUG_ON(sizeof(struct gnttab_setup_table) != 24);
BUILD_BUG_ON(sizeof(struct gnttab_copy) != 40);
BUILD_BUG_ON(sizeof(struct gnttab_query_size) != 16);
BUILD_BUG_ON(GNTTAB_ENTRIES_PER_FRAME * sizeof(struct grant_entry_v1) !=
             PAGE_SIZE);

/* Pins of one grant entry, while some mapping or copy uses it. */
struct active_grant {
    unsigned int pin_rd;        /* read-only users */
    unsigned int pin_wr;        /* writable users */
    mfn_t mfn;                  /* frame pinned, while pin_rd + pin_wr */
    bool frame_rw;              /* it is RAM the granter may write */
};

/* One grant the domain has mapped (a maptrack handle). */
struct grant_mapping {
    struct domain *granter;     /* NULL: slot free */
    grant_ref_t ref;
    gfn_t gfn;                  /* where, in the mapper's physmap */
    mfn_t mfn;
    bool readonly;
};

struct grant_table {
    spinlock_t lock;
    unsigned int nr_frames;
    /* Shared frames (xenheap pages), and where the guest mapped them. */
    void *shared[GNTTAB_MAX_FRAMES];
    gfn_t frame_gfn[GNTTAB_MAX_FRAMES];
    struct active_grant *active[GNTTAB_MAX_FRAMES];
    struct grant_mapping *maptrack;     /* GNTTAB_MAX_MAPTRACK, lazily */
    unsigned int maptrack_used;

    /* Every live table, for teardown (gnttab_domains_lock). */
    struct domain *owner;
    struct grant_table *next;
};

static DEFINE_SPINLOCK(gnttab_domains_lock);
static struct grant_table *gnttab_list;     /* (gnttab_domains_lock) */

/* The p2m covers 48-bit guest-physical addresses. */
#define GNTTAB_MAX_GFN  (1UL << P2M_GFN_BITS)

/* ----- the table ----- */

int gnttab_init(struct domain *d)
{
    struct grant_table *gt = xzalloc(struct grant_table);

    if ( !gt )
        return -ENOMEM;
    spin_lock_init(&gt->lock);
    for ( unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++ )
        gt->frame_gfn[i] = INVALID_GFN;
    gt->owner = d;
    spin_lock(&gnttab_domains_lock);
    gt->next = gnttab_list;
    gnttab_list = gt;
    d->grant_table = gt;
    spin_unlock(&gnttab_domains_lock);
    return 0;
}

unsigned int gnttab_nr_frames(const struct domain *d)
{
    return d->grant_table ? READ_ONCE(d->grant_table->nr_frames) : 0;
}

/* Grows gt to at least nr frames.  Caller holds gt->lock. */
static int grow_table(struct grant_table *gt, unsigned int nr)
{
    if ( nr > GNTTAB_MAX_FRAMES )
        return -EINVAL;
    while ( gt->nr_frames < nr )
    {
        unsigned int i = gt->nr_frames;
        void *frame = alloc_xenheap_pages(0, 0);
        struct active_grant *act =
            xzalloc_array(struct active_grant, GNTTAB_ENTRIES_PER_FRAME);

        if ( !frame || !act )
        {
            free_xenheap_pages(frame, 0);
            xfree(act);
            return -ENOMEM;
        }
        /* Every entry starts invalid: nothing is granted by accident. */
        memset(frame, 0, PAGE_SIZE);
        for ( unsigned int j = 0; j < GNTTAB_ENTRIES_PER_FRAME; j++ )
            act[j].mfn = INVALID_MFN;
        gt->shared[i] = frame;
        gt->active[i] = act;
        /* Published last: lockless readers only compare refs with it. */
        WRITE_ONCE(gt->nr_frames, i + 1);
    }
    return 0;
}

/*
 * Where frame i is mapped in d's physmap, or INVALID_GFN: what Xen
 * reports to an auto-translated guest (the frame's M2P entry).  The
 * recorded gfn is checked, as the guest may have put something else
 * there since.
 */
static gfn_t frame_gfn(struct domain *d, unsigned int i)
{
    struct grant_table *gt = d->grant_table;
    gfn_t gfn = gt->frame_gfn[i];

    if ( gfn == INVALID_GFN ||
         p2m_get_entry(&d->arch.p2m, gfn, NULL, NULL) !=
         virt_to_mfn(gt->shared[i]) )
        return INVALID_GFN;
    return gfn;
}

int gnttab_map_frame(struct domain *d, unsigned long idx, gfn_t gfn)
{
    struct grant_table *gt = d->grant_table;
    gfn_t old;
    mfn_t mfn;
    int rc;

    /* Status frames exist only in version 2. */
    if ( !gt || (idx & XENMAPIDX_grant_table_status) ||
         idx >= GNTTAB_MAX_FRAMES || gfn >= GNTTAB_MAX_GFN )
        return -EINVAL;

    spin_lock(&gt->lock);
    rc = grow_table(gt, idx + 1);
    if ( rc )
        goto out;
    mfn = virt_to_mfn(gt->shared[idx]);
    old = frame_gfn(d, idx);
    /*
     * Whatever RAM frame was at gfn stays owned by the domain (it is
     * freed with it), as with shared_info.
     */
    rc = p2m_set_entry(&d->arch.p2m, gfn, mfn, 0, p2m_ram_rw);
    if ( rc )
        goto out;
    /* One place per frame, as in Xen: a remap moves it. */
    if ( old != INVALID_GFN && old != gfn )
        p2m_remove_entry(&d->arch.p2m, old, 0);
    for ( unsigned int i = 0; i < gt->nr_frames; i++ )
        if ( gt->frame_gfn[i] == gfn )
            gt->frame_gfn[i] = INVALID_GFN;
    gt->frame_gfn[idx] = gfn;
 out:
    spin_unlock(&gt->lock);
    return rc;
}

/* ----- grant entries, which the guest writes concurrently ----- */

/*
 * The first word of a v1 entry: flags in bits 15:0, domid in 31:16
 * (little-endian).  It is only ever accessed as a whole 32-bit word, so
 * that checking the grantee and setting the in-use bits is one atomic
 * compare-and-exchange against the granter's own updates.
 */
static uint32_t *entry_word(struct grant_table *gt, grant_ref_t ref)
{
    uint8_t *frame = gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME];

    return (uint32_t *)(frame + (ref % GNTTAB_ENTRIES_PER_FRAME) *
                        sizeof(struct grant_entry_v1));
}

static uint32_t entry_frame(struct grant_table *gt, grant_ref_t ref)
{
    return __atomic_load_n(entry_word(gt, ref) + 1, __ATOMIC_SEQ_CST);
}

static struct active_grant *active_of(struct grant_table *gt,
                                      grant_ref_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME]
                      [ref % GNTTAB_ENTRIES_PER_FRAME];
}

/*
 * Checks that the entry grants 'grantee' access (writable unless
 * readonly) and sets GTF_reading, and GTF_writing for writable use.
 */
static int16_t entry_set_busy(uint32_t *word, domid_t grantee,
                              bool readonly)
{
    uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST), new;

    do {
        uint16_t flags = old & 0xffff;

        if ( (flags & GTF_type_mask) != GTF_permit_access ||
             (old >> 16) != grantee )
            return GNTST_permission_denied;
        if ( !readonly && (flags & GTF_readonly) )
            return GNTST_permission_denied;
        new = old | GTF_reading | (readonly ? 0 : GTF_writing);
    } while ( !__atomic_compare_exchange_n(word, &old, new, false,
                                           __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST) );
    return GNTST_okay;
}

bool gnttab_page_pinned(mfn_t mfn)
{
    return mfn < max_page &&
           (__atomic_load_n(&mfn_to_page(mfn)->count_info,
                            __ATOMIC_SEQ_CST) & PGC_grant_pins);
}

/* Whether mfn is one of d's own RAM pages (on its page list). */
static bool owns_frame(struct domain *d, mfn_t mfn)
{
    const struct page_info *pg;
    unsigned long flags;
    bool owned = false;

    spin_lock_irqsave(&d->page_alloc_lock, flags);
    for ( pg = d->page_list; pg && !owned; pg = pg->next )
        owned = mfn >= page_to_mfn(pg) &&
                mfn - page_to_mfn(pg) < (1UL << pg->order);
    spin_unlock_irqrestore(&d->page_alloc_lock, flags);
    return owned;
}

/*
 * Pins the frame gfn of gd maps for a first grant user: it must be RAM
 * gd owns (not its grant, shared_info or console frames, which are the
 * hypervisor's, nor a foreign frame it maps, which could vanish under
 * us), writable RAM for writable use, and stay mapped while we count
 * the pin.  Returns a GNTST_* code; *mfn and *rw on success.
 */
static int16_t pin_frame(struct domain *gd, gfn_t gfn, bool readonly,
                         mfn_t *mfn, bool *rw)
{
    struct page_info *pg;
    p2m_type_t t, t2;
    mfn_t m = p2m_get_entry(&gd->arch.p2m, gfn, &t, NULL);

    if ( m == INVALID_MFN || m >= max_page ||
         (t != p2m_ram_rw && t != p2m_ram_ro) ||
         (!readonly && t != p2m_ram_rw) || !owns_frame(gd, m) )
        return GNTST_general_error;
    pg = mfn_to_page(m);
    /*
     * Counted first, then checked again: a concurrent release (which
     * unmaps, then asks gnttab_page_pinned()) either sees the count or
     * has already unmapped the frame, and then we see that.
     */
    __atomic_add_fetch(&pg->count_info, 1, __ATOMIC_SEQ_CST);
    if ( p2m_get_entry(&gd->arch.p2m, gfn, &t2, NULL) != m || t2 != t )
    {
        __atomic_sub_fetch(&pg->count_info, 1, __ATOMIC_SEQ_CST);
        return GNTST_general_error;
    }
    *mfn = m;
    *rw = t == p2m_ram_rw;
    return GNTST_okay;
}

/*
 * Takes a pin on ref of granter gd for grantee: the entry checked and
 * marked busy, its frame looked up on the first pin (it must be RAM of
 * the granter, and writable RAM for writable use).  Caller holds
 * gd's grant lock.  Returns a GNTST_* code; *mfn on success.
 */
static int16_t pin_grant(struct domain *gd, grant_ref_t ref,
                         domid_t grantee, bool readonly, mfn_t *mfn)
{
    struct grant_table *gt = gd->grant_table;
    struct active_grant *act;
    int16_t st;

    if ( !gt || ref >= gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME )
        return GNTST_bad_gntref;
    act = active_of(gt, ref);

    if ( act->pin_rd + act->pin_wr == 0 )
    {
        mfn_t m;
        bool rw;

        /* The entry first: a bad grant must not even touch the frame. */
        st = entry_set_busy(entry_word(gt, ref), grantee, readonly);
        if ( st != GNTST_okay )
            return st;
        st = pin_frame(gd, entry_frame(gt, ref), readonly, &m, &rw);
        if ( st != GNTST_okay )
        {
            /* Nobody else uses the entry: the bits were ours alone. */
            __atomic_fetch_and(entry_word(gt, ref),
                               ~(uint32_t)(GTF_reading | GTF_writing),
                               __ATOMIC_SEQ_CST);
            return st;
        }
        act->mfn = m;
        act->frame_rw = rw;
    }
    else
    {
        if ( !readonly && !act->frame_rw )
            return GNTST_general_error;
        st = entry_set_busy(entry_word(gt, ref), grantee, readonly);
        if ( st != GNTST_okay )
            return st;
    }

    if ( readonly )
        act->pin_rd++;
    else
        act->pin_wr++;
    *mfn = act->mfn;
    return GNTST_okay;
}

/* Drops a pin pin_grant() took.  Caller holds gd's grant lock. */
static void unpin_grant(struct domain *gd, grant_ref_t ref, bool readonly)
{
    struct grant_table *gt = gd->grant_table;
    struct active_grant *act = active_of(gt, ref);
    uint32_t clear = 0;

    if ( readonly )
        act->pin_rd--;
    else
        act->pin_wr--;
    if ( act->pin_wr == 0 )
        clear |= GTF_writing;
    if ( act->pin_rd + act->pin_wr == 0 )
    {
        clear |= GTF_reading;
        __atomic_sub_fetch(&mfn_to_page(act->mfn)->count_info, 1,
                           __ATOMIC_SEQ_CST);
        act->mfn = INVALID_MFN;
    }
    /* Only these bits: the granter may be rewriting the rest. */
    if ( clear )
        __atomic_fetch_and(entry_word(gt, ref), ~clear, __ATOMIC_SEQ_CST);
}

/* ----- locking ----- */

/* Both domains' grant locks, lower address first. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if ( a == b )
        spin_lock(&a->grant_table->lock);
    else if ( a < b )
    {
        spin_lock(&a->grant_table->lock);
        spin_lock(&b->grant_table->lock);
    }
    else
    {
        spin_lock(&b->grant_table->lock);
        spin_lock(&a->grant_table->lock);
    }
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    spin_unlock(&a->grant_table->lock);
    if ( a != b )
        spin_unlock(&b->grant_table->lock);
}

/* A granter named by the caller.  Caller holds gnttab_domains_lock. */
static struct domain *find_granter(domid_t domid)
{
    struct domain *self = current->domain, *d;

    if ( domid == DOMID_SELF || domid == self->domain_id )
        return self;
    d = get_domain_by_id(domid);
    return d && d->grant_table ? d : NULL;
}

/*
 * Makes other running vCPUs of d leave guest mode soon, so that they
 * pick up a removed translation (they INVEPT before their next entry).
 */
static void kick_others(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        if ( v != current && READ_ONCE(v->is_running) )
            vcpu_kick(v);
}

/* ----- map and unmap ----- */

/* Removes m's p2m entry for mapping map, unless gfn now holds another. */
static void remove_mapping(struct domain *m, const struct grant_mapping *map)
{
    p2m_type_t t;

    if ( p2m_get_entry(&m->arch.p2m, map->gfn, &t, NULL) == map->mfn &&
         (t == p2m_grant_map_rw || t == p2m_grant_map_ro) )
        p2m_remove_entry(&m->arch.p2m, map->gfn, 0);
}

static void map_one(struct domain *md, struct gnttab_map_grant_ref *op)
{
    struct grant_table *mt = md->grant_table;
    struct grant_mapping *map = NULL;
    struct domain *gd;
    bool ro = op->flags & GNTMAP_readonly;
    gfn_t gfn = op->host_addr >> PAGE_SHIFT;
    mfn_t mfn;
    int16_t st;

    op->handle = ~0U;
    op->dev_bus_addr = 0;
    if ( !(op->flags & GNTMAP_host_map) )
    {
        /* No IOMMU: a device-only mapping has nothing to map. */
        op->status = GNTST_bad_gntref;
        return;
    }
    if ( op->flags & (GNTMAP_application_map | GNTMAP_contains_pte) )
    {
        op->status = GNTST_general_error;   /* PV page tables only */
        return;
    }
    if ( (op->host_addr & (PAGE_SIZE - 1)) || gfn >= GNTTAB_MAX_GFN )
    {
        op->status = GNTST_bad_virt_addr;
        return;
    }

    spin_lock(&gnttab_domains_lock);
    gd = find_granter(op->dom);
    if ( !gd )
    {
        spin_unlock(&gnttab_domains_lock);
        op->status = GNTST_bad_domain;
        return;
    }
    lock_pair(md, gd);

    if ( !mt->maptrack )
        mt->maptrack = xzalloc_array(struct grant_mapping,
                                     GNTTAB_MAX_MAPTRACK);
    if ( mt->maptrack && mt->maptrack_used < GNTTAB_MAX_MAPTRACK )
        for ( unsigned int i = 0; i < GNTTAB_MAX_MAPTRACK; i++ )
            if ( !mt->maptrack[i].granter )
            {
                map = &mt->maptrack[i];
                break;
            }
    if ( !map )
    {
        st = GNTST_no_device_space;
        goto out;
    }

    st = pin_grant(gd, op->ref, md->domain_id, ro, &mfn);
    if ( st != GNTST_okay )
        goto out;
    /*
     * Whatever was at gfn is replaced: RAM stays owned by the caller
     * (freed with it), another grant mapping stays in the maptrack until
     * unmapped, and remove_mapping() leaves the new one alone.
     */
    if ( p2m_set_entry(&md->arch.p2m, gfn, mfn, 0,
                       ro ? p2m_grant_map_ro : p2m_grant_map_rw) )
    {
        unpin_grant(gd, op->ref, ro);
        st = GNTST_general_error;
        goto out;
    }
    map->granter = gd;
    map->ref = op->ref;
    map->gfn = gfn;
    map->mfn = mfn;
    map->readonly = ro;
    mt->maptrack_used++;
    op->handle = map - mt->maptrack;
 out:
    unlock_pair(md, gd);
    spin_unlock(&gnttab_domains_lock);
    op->status = st;
}

static void unmap_one(struct domain *md, struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *mt = md->grant_table;
    struct grant_mapping *map;
    struct domain *gd;

    spin_lock(&gnttab_domains_lock);
    spin_lock(&mt->lock);
    if ( !mt->maptrack || op->handle >= GNTTAB_MAX_MAPTRACK ||
         !mt->maptrack[op->handle].granter )
    {
        spin_unlock(&mt->lock);
        spin_unlock(&gnttab_domains_lock);
        op->status = GNTST_bad_handle;
        return;
    }
    map = &mt->maptrack[op->handle];
    if ( op->host_addr != (uint64_t)map->gfn << PAGE_SHIFT )
    {
        spin_unlock(&mt->lock);
        spin_unlock(&gnttab_domains_lock);
        op->status = GNTST_bad_virt_addr;
        return;
    }
    /* The granter cannot go: that needs gnttab_domains_lock. */
    gd = map->granter;
    spin_unlock(&mt->lock);
    lock_pair(md, gd);

    remove_mapping(md, map);
    unpin_grant(gd, map->ref, map->readonly);
    map->granter = NULL;
    mt->maptrack_used--;

    unlock_pair(md, gd);
    spin_unlock(&gnttab_domains_lock);
    kick_others(md);
    op->status = GNTST_okay;
}

/* ----- copy ----- */

struct copy_side {
    struct domain *gd;          /* granter, or NULL: the caller's gmfn */
    grant_ref_t ref;
    mfn_t mfn;
    bool pinned;
};

/* The caller's own frame gmfn, which must be its RAM. */
static int16_t own_frame(struct domain *cd, const struct gnttab_copy_ptr *p,
                         bool write, mfn_t *mfn)
{
    p2m_type_t t;

    /* Only the caller's own frames may be named by frame number. */
    if ( p->domid != DOMID_SELF && p->domid != cd->domain_id )
        return GNTST_permission_denied;
    if ( p->u.gmfn >= GNTTAB_MAX_GFN )
        return GNTST_bad_page;
    *mfn = p2m_get_entry(&cd->arch.p2m, p->u.gmfn, &t, NULL);
    if ( *mfn == INVALID_MFN || *mfn >= max_page ||
         !(t == p2m_ram_rw || (t == p2m_ram_ro && !write)) )
        return GNTST_bad_page;
    return GNTST_okay;
}

static void copy_one(struct domain *cd, struct gnttab_copy *op)
{
    struct copy_side s = { 0 }, d = { 0 };
    struct domain *la, *lb;
    int16_t st;

    if ( op->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref) ||
         op->source.offset + op->len > PAGE_SIZE ||
         op->dest.offset + op->len > PAGE_SIZE )
    {
        op->status = GNTST_bad_copy_arg;
        return;
    }

    spin_lock(&gnttab_domains_lock);
    if ( op->flags & GNTCOPY_source_gref )
    {
        s.gd = find_granter(op->source.domid);
        s.ref = op->source.u.ref;
    }
    if ( op->flags & GNTCOPY_dest_gref )
    {
        d.gd = find_granter(op->dest.domid);
        d.ref = op->dest.u.ref;
    }
    if ( ((op->flags & GNTCOPY_source_gref) && !s.gd) ||
         ((op->flags & GNTCOPY_dest_gref) && !d.gd) )
    {
        spin_unlock(&gnttab_domains_lock);
        op->status = GNTST_bad_domain;
        return;
    }

    /* The granters' locks: one, two, or none when both are gmfns. */
    la = s.gd ? s.gd : d.gd;
    lb = d.gd ? d.gd : s.gd;
    if ( la )
        lock_pair(la, lb);

    if ( s.gd )
        st = pin_grant(s.gd, s.ref, cd->domain_id, true, &s.mfn);
    else
        st = own_frame(cd, &op->source, false, &s.mfn);
    if ( st != GNTST_okay )
        goto out;
    s.pinned = s.gd;
    if ( d.gd )
        st = pin_grant(d.gd, d.ref, cd->domain_id, false, &d.mfn);
    else
        st = own_frame(cd, &op->dest, true, &d.mfn);
    if ( st != GNTST_okay )
        goto out;
    d.pinned = d.gd;

    /* The same frame may be both ends. */
    memmove((uint8_t *)mfn_to_virt(d.mfn) + op->dest.offset,
            (const uint8_t *)mfn_to_virt(s.mfn) + op->source.offset,
            op->len);
 out:
    if ( d.pinned )
        unpin_grant(d.gd, d.ref, false);
    if ( s.pinned )
        unpin_grant(s.gd, s.ref, true);
    if ( la )
        unlock_pair(la, lb);
    spin_unlock(&gnttab_domains_lock);
    op->status = st;
}

/* ----- the table-wide operations ----- */

/*
 * The domain a table-wide operation names, if the caller may act on it
 * and it has a table; otherwise NULL, with the refusal as a GNTST_*
 * status in *status.  Caller holds gnttab_domains_lock.
 */
static struct domain *table_target(domid_t dom, int16_t *status)
{
    long err = 0;
    struct domain *d = get_target_domain(dom, &err);

    if ( d && d->grant_table )
        return d;
    *status = !d && err == -EPERM ? GNTST_permission_denied
                                  : GNTST_bad_domain;
    return NULL;
}

static long setup_table(unsigned long uop, unsigned int count)
{
    struct gnttab_setup_table op;
    xen_pfn_t frames[GNTTAB_MAX_FRAMES];
    unsigned int nr = 0;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( hvm_copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;

    spin_lock(&gnttab_domains_lock);
    d = table_target(op.dom, &op.status);
    if ( d && op.nr_frames > GNTTAB_MAX_FRAMES )
        op.status = GNTST_general_error;
    else if ( d )
    {
        spin_lock(&d->grant_table->lock);
        if ( grow_table(d->grant_table, op.nr_frames) )
            op.status = GNTST_general_error;
        else
        {
            /*
             * An auto-translated guest names frames by gfn: where each
             * is mapped in its physmap, or INVALID_GFN if nowhere (what
             * Xen's M2P lookup gives).  The guest maps them itself with
             * XENMEM_add_to_physmap.
             */
            nr = op.nr_frames;
            for ( unsigned int i = 0; i < nr; i++ )
                frames[i] = frame_gfn(d, i);
            op.status = GNTST_okay;
        }
        spin_unlock(&d->grant_table->lock);
    }
    spin_unlock(&gnttab_domains_lock);

    if ( nr && hvm_copy_to_guest(op.frame_list, frames,
                                 nr * sizeof(frames[0])) )
        return -EFAULT;
    return hvm_copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long query_size(unsigned long uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct domain *d;

    if ( count != 1 )
        return -EINVAL;
    if ( hvm_copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;

    spin_lock(&gnttab_domains_lock);
    d = table_target(op.dom, &op.status);
    if ( d )
    {
        op.nr_frames = gnttab_nr_frames(d);
        op.max_nr_frames = GNTTAB_MAX_FRAMES;
        op.status = GNTST_okay;
    }
    spin_unlock(&gnttab_domains_lock);

    return hvm_copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long set_version(unsigned long uop, unsigned int count)
{
    struct gnttab_set_version op;
    long rc = 0;

    if ( count != 1 )
        return -EINVAL;
    if ( hvm_copy_from_guest(&op, uop, sizeof(op)) )
        return -EFAULT;
    /*
     * Version 1 is the only one: asking for it is a no-op, version 2 is
     * refused (a guest then keeps v1), anything else is invalid.  The
     * version in force is written back either way, as Xen does.
     */
    if ( op.version == 2 )
        rc = -EOPNOTSUPP;
    else if ( op.version != 1 )
        rc = -EINVAL;
    op.version = 1;
    if ( hvm_copy_to_guest(uop, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}

/*
 * The batched operations: each element copied in, done, and copied back
 * with its status; the call itself fails only for a bad count or an
 * unreadable or unwritable array.
 */
#define BATCH(name, type, fn)                                           \
static long name(struct domain *d, unsigned long uop, unsigned int count) \
{                                                                       \
    for ( unsigned int i = 0; i < count; i++ )                          \
    {                                                                   \
        type op;                                                        \
        unsigned long ua = uop + (unsigned long)i * sizeof(op);         \
                                                                        \
        if ( hvm_copy_from_guest(&op, ua, sizeof(op)) )                 \
            return -EFAULT;                                             \
        fn(d, &op);                                                     \
        if ( hvm_copy_to_guest(ua, &op, sizeof(op)) )                   \
            return -EFAULT;                                             \
    }                                                                   \
    return 0;                                                           \
}

BATCH(map_batch, struct gnttab_map_grant_ref, map_one)
BATCH(unmap_batch, struct gnttab_unmap_grant_ref, unmap_one)
BATCH(copy_batch, struct gnttab_copy, copy_one)

long do_grant_table_op(unsigned int cmd, unsigned long uop,
                       unsigned int count)
{
    struct domain *d = current->domain;

    if ( !d->grant_table )
        return -ENOSYS;
    if ( count > GNTTAB_MAX_OPS )
        return -EINVAL;

    switch ( cmd )
    {
    case GNTTABOP_map_grant_ref:
        return map_batch(d, uop, count);
    case GNTTABOP_unmap_grant_ref:
        return unmap_batch(d, uop, count);
    case GNTTABOP_setup_table:
        return setup_table(uop, count);
    case GNTTABOP_copy:
        return copy_batch(d, uop, count);
    case GNTTABOP_query_size:
        return query_size(uop, count);
    case GNTTABOP_set_version:
        return set_version(uop, count);
    }
    return -ENOSYS;
}

/* ----- teardown ----- */

/*
 * Removes every mapping m holds of d's frames (d == NULL: of anyone's)
 * and drops the pins.  Returns true if m had any.  Caller holds
 * gnttab_domains_lock.
 */
static bool release_mappings(struct domain *m, struct domain *d)
{
    struct grant_table *mt = m->grant_table;
    bool any = false;

    if ( !mt || !mt->maptrack )
        return false;
    for ( unsigned int i = 0; i < GNTTAB_MAX_MAPTRACK; i++ )
    {
        struct grant_mapping *map = &mt->maptrack[i];
        struct domain *gd = map->granter;

        if ( !gd || (d && gd != d) )
            continue;
        lock_pair(m, gd);
        remove_mapping(m, map);
        unpin_grant(gd, map->ref, map->readonly);
        map->granter = NULL;
        mt->maptrack_used--;
        unlock_pair(m, gd);
        any = true;
    }
    return any;
}

void gnttab_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table, **pt;
    bool unmapped = false;

    if ( !gt )
        return;

    /*
     * Force-unmap: d's frames leave every other domain's physmap now,
     * rather than d's destruction waiting on its mappers (which could
     * keep its memory forever).  A mapper's later access to the gfn
     * faults like any access to a hole.
     */
    spin_lock(&gnttab_domains_lock);
    for ( pt = &gnttab_list; *pt; )
    {
        struct grant_table *t = *pt;

        if ( t == gt )
        {
            *pt = t->next;
            continue;
        }
        unmapped |= release_mappings(t->owner, d);
        pt = &t->next;
    }
    /* d's own mappings: the pins they hold on others' entries. */
    release_mappings(d, NULL);
    d->grant_table = NULL;
    spin_unlock(&gnttab_domains_lock);

    /*
     * A mapper's vCPU may still be in guest mode with a translation to
     * one of d's frames.  Every CPU passes a quiescent point just before
     * its next VM entry, where it also INVEPTs for the p2m's new
     * generation; once all have (or sat idle), no stale translation is
     * left, and d's frames may be freed.  No lock is held here.
     */
    if ( unmapped )
        synchronize_quiescent();

    for ( unsigned int i = 0; i < gt->nr_frames; i++ )
    {
        free_xenheap_pages(gt->shared[i], 0);
        xfree(gt->active[i]);
    }
    xfree(gt->maptrack);
    xfree(gt);
}
