/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical page allocation.
 *
 * Boot allocator: until the frame table exists, free memory is a short
 * sorted list of frame ranges.  end_boot_allocator() hands whatever is
 * left to the buddy heap.
 *
 * Buddy heap: free chunks of 2^order frames, naturally aligned, on one
 * list per (zone, order).  Zone z holds frames [2^(z-1), 2^z) (zone 0 is
 * frame 0 alone), so an allocation limited to addresses below 2^n just
 * searches the zones below n - PAGE_SHIFT, and unrestricted allocations
 * take the highest zones first, leaving low memory for the callers that
 * need it.  A chunk never spans two zones; since zone boundaries are
 * powers of two, this only stops chunks from starting at frame 0.
 *
 * Frame state, in struct page_info:
 *  - free:      every frame PGC_free; the head has order = chunk order,
 *               the other frames ORDER_TAIL;
 *  - allocated: every frame PGC_allocated (plus PGC_xen_heap for the
 *               xenheap); head order = allocation order, others
 *               ORDER_TAIL, so that freeing with the wrong order or a
 *               pointer into the middle of a chunk is caught.
 */

#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

/* Owners recorded in page_info; the values are Xen's public DOMID_*. */
#define OWNER_XEN       0x7FF2U     /* DOMID_XEN */
#define OWNER_NONE      0x7FF4U     /* DOMID_INVALID */

#define ORDER_TAIL      (~0U)

/* Physical addresses have at most 52 bits. */
#define NR_ZONES        (52 - PAGE_SHIFT + 1)

struct page_info *frame_table;
unsigned long max_page;

/* ---------------------------------------------------------------------
 * Boot allocator
 */

/*
 * More than enough for the RAM entries of a full E820 map; ranges that
 * touch or overlap are merged, so adding memory twice is harmless.
 */
#define NR_BOOT_RANGES  128

struct boot_range {
    unsigned long s, e;         /* frames [s, e) */
};

static struct boot_range __initdata boot_ranges[NR_BOOT_RANGES];
static unsigned int __initdata nr_boot_ranges;
static bool boot_allocator_done;

static void __init boot_range_add(unsigned long s, unsigned long e)
{
    struct boot_range *r = boot_ranges;
    unsigned int i, j;

    /* First range that ends at or after s: it may touch the new one. */
    for ( i = 0; i < nr_boot_ranges && r[i].e < s; i++ )
        continue;

    for ( j = i; j < nr_boot_ranges && r[j].s <= e; j++ )
    {
        s = min(s, r[j].s);
        e = max(e, r[j].e);
    }

    if ( j > i )
    {
        /* Ranges i..j-1 collapse into one. */
        r[i].s = s;
        r[i].e = e;
        memmove(&r[i + 1], &r[j], (nr_boot_ranges - j) * sizeof(*r));
        nr_boot_ranges -= j - i - 1;
        return;
    }

    if ( nr_boot_ranges == NR_BOOT_RANGES )
    {
        printk(XENLOG_WARNING "Boot allocator full: frames %lx-%lx lost\n",
               s, e - 1);
        return;
    }

    memmove(&r[i + 1], &r[i], (nr_boot_ranges - i) * sizeof(*r));
    r[i].s = s;
    r[i].e = e;
    nr_boot_ranges++;
}

static void __init boot_range_remove(unsigned int i)
{
    memmove(&boot_ranges[i], &boot_ranges[i + 1],
            (nr_boot_ranges - i - 1) * sizeof(*boot_ranges));
    nr_boot_ranges--;
}

void __init init_boot_pages(paddr_t ps, paddr_t pe)
{
    unsigned long s, e;

    if ( pe <= ps )
        return;

    /* Only whole pages: round the start up and the end down. */
    s = ps >> PAGE_SHIFT;
    if ( ps & (PAGE_SIZE - 1) )
        s++;
    e = pe >> PAGE_SHIFT;
    if ( s >= e )
        return;

    if ( boot_allocator_done )
    {
        /* Late memory (e.g. freed boot modules) goes to the heap. */
        e = min(e, max_page);
        if ( s < e )
            init_heap_pages(mfn_to_page(s), e - s);
        return;
    }

    boot_range_add(s, e);
}

mfn_t __init alloc_boot_pages_below(unsigned long nr_pfns,
                                    unsigned long pfn_align,
                                    mfn_t limit_mfn)
{
    unsigned int i;

    /* The ranges are gone once the heap owns the memory. */
    BUG_ON(boot_allocator_done);

    if ( nr_pfns == 0 )
        return INVALID_MFN;
    if ( pfn_align == 0 )
        pfn_align = 1;

    for ( i = nr_boot_ranges; i-- > 0; )
    {
        struct boot_range *r = &boot_ranges[i];
        unsigned long top = min(r->e, limit_mfn), pg;

        if ( top <= r->s || top - r->s < nr_pfns )
            continue;

        /* Highest aligned start that fits. */
        pg = (top - nr_pfns) / pfn_align * pfn_align;
        if ( pg < r->s )
            continue;

        if ( pg + nr_pfns == r->e )
        {
            r->e = pg;
            if ( r->s == r->e )
                boot_range_remove(i);
        }
        else if ( pg == r->s )
            r->s = pg + nr_pfns;
        else if ( nr_boot_ranges < NR_BOOT_RANGES )
        {
            /* Split: [s, pg) stays here, the rest goes after it. */
            memmove(&r[2], &r[1],
                    (nr_boot_ranges - i - 1) * sizeof(*r));
            r[1].s = pg + nr_pfns;
            r[1].e = r->e;
            r->e = pg;
            nr_boot_ranges++;
        }
        else
        {
            printk(XENLOG_WARNING
                   "Boot allocator full: frames %lx-%lx lost\n",
                   pg + nr_pfns, r->e - 1);
            r->e = pg;
        }

        return pg;
    }

    return INVALID_MFN;
}

mfn_t __init alloc_boot_pages(unsigned long nr_pfns, unsigned long pfn_align)
{
    return alloc_boot_pages_below(nr_pfns, pfn_align, INVALID_MFN);
}

/* ---------------------------------------------------------------------
 * Buddy heap
 */

static DEFINE_SPINLOCK(heap_lock);
static struct page_info *free_list[NR_ZONES][MAX_ORDER + 1];
static unsigned long free_chunks[MAX_ORDER + 1];   /* for dump_heap() */
static unsigned long total_pages, avail_pages;

static unsigned int zone_of(mfn_t mfn)
{
    return mfn ? 64 - __builtin_clzl(mfn) : 0;
}

static void list_add(struct page_info *pg, unsigned int zone,
                     unsigned int order)
{
    struct page_info **head = &free_list[zone][order];

    pg->prev = NULL;
    pg->next = *head;
    if ( *head )
        (*head)->prev = pg;
    *head = pg;
    free_chunks[order]++;
}

static void list_del(struct page_info *pg, unsigned int zone,
                     unsigned int order)
{
    if ( pg->prev )
        pg->prev->next = pg->next;
    else
        free_list[zone][order] = pg->next;
    if ( pg->next )
        pg->next->prev = pg->prev;
    pg->next = pg->prev = NULL;
    free_chunks[order]--;
}

/*
 * Puts a chunk whose frames the caller owns on the free lists, merging
 * it with its buddy for as long as the buddy is a free chunk of the same
 * order in the same zone.  Called with the heap lock held.
 */
static void free_chunk(struct page_info *pg, unsigned int order)
{
    mfn_t mfn = page_to_mfn(pg);
    unsigned int zone = zone_of(mfn);
    unsigned long i;

    for ( i = 0; i < (1UL << order); i++ )
    {
        pg[i].count_info = PGC_free;
        pg[i].order = ORDER_TAIL;
        pg[i].owner = OWNER_NONE;
        pg[i].next = pg[i].prev = NULL;
    }
    avail_pages += 1UL << order;

    while ( order < MAX_ORDER )
    {
        mfn_t buddy_mfn = mfn ^ (1UL << order);
        struct page_info *buddy;

        if ( buddy_mfn >= max_page || zone_of(buddy_mfn) != zone )
            break;

        buddy = mfn_to_page(buddy_mfn);
        /* Only a chunk head carries its order; tails hold ORDER_TAIL. */
        if ( !(buddy->count_info & PGC_free) || buddy->order != order )
            break;

        list_del(buddy, zone, order);
        if ( buddy_mfn < mfn )
        {
            pg->order = ORDER_TAIL;
            pg = buddy;
            mfn = buddy_mfn;
        }
        else
            buddy->order = ORDER_TAIL;
        order++;
    }

    pg->order = order;
    list_add(pg, zone, order);
}

struct page_info *alloc_heap_pages(unsigned int order, unsigned int memflags)
{
    unsigned int bits = MEMF_get_bits(memflags);
    unsigned int zone, zone_hi = NR_ZONES - 1, j;
    struct page_info *pg;
    unsigned long flags, i;

    if ( order > MAX_ORDER )
        return NULL;

    if ( bits )
    {
        /* Zone z ends at frame 2^z, i.e. at address 2^(z + PAGE_SHIFT). */
        if ( bits < PAGE_SHIFT )
            return NULL;
        zone_hi = min(zone_hi, bits - PAGE_SHIFT);
    }

    spin_lock_irqsave(&heap_lock, flags);

    for ( zone = zone_hi + 1; zone-- > 0; )
        for ( j = order; j <= MAX_ORDER; j++ )
        {
            pg = free_list[zone][j];
            if ( pg )
                goto found;
        }

    spin_unlock_irqrestore(&heap_lock, flags);
    return NULL;

 found:
    list_del(pg, zone, j);

    /* Keep the lowest 2^order frames; the upper halves stay free. */
    while ( j > order )
    {
        struct page_info *half;

        j--;
        half = pg + (1UL << j);
        half->order = j;
        list_add(half, zone, j);
    }

    for ( i = 0; i < (1UL << order); i++ )
    {
        pg[i].count_info = PGC_allocated;
        pg[i].order = ORDER_TAIL;
        pg[i].owner = OWNER_XEN;
    }
    pg->order = order;
    avail_pages -= 1UL << order;

    spin_unlock_irqrestore(&heap_lock, flags);

    return pg;
}

/*
 * Freeing something that is not a whole live allocation of this order
 * means the hypervisor's own bookkeeping is wrong: nothing a guest does
 * reaches this path, so there is no error to return, only a bug.
 */
static void check_allocated(const struct page_info *pg, unsigned int order)
{
    mfn_t mfn;
    unsigned long i;

    BUG_ON(order > MAX_ORDER);
    BUG_ON(pg < frame_table);
    mfn = page_to_mfn(pg);
    BUG_ON(mfn >= max_page || max_page - mfn < (1UL << order));
    BUG_ON(mfn & ((1UL << order) - 1));
    BUG_ON(!(pg->count_info & PGC_allocated) || pg->order != order);

    for ( i = 1; i < (1UL << order); i++ )
        BUG_ON(!(pg[i].count_info & PGC_allocated) ||
               pg[i].order != ORDER_TAIL);
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
    unsigned long flags;

    spin_lock_irqsave(&heap_lock, flags);
    check_allocated(pg, order);
    free_chunk(pg, order);
    spin_unlock_irqrestore(&heap_lock, flags);
}

void init_heap_pages(struct page_info *pg, unsigned long nr_pages)
{
    mfn_t s = page_to_mfn(pg), e = s + nr_pages;
    unsigned long flags;

    if ( nr_pages == 0 )
        return;

    /* The arch code sizes the frame table; overrunning it is a bug. */
    BUG_ON(!frame_table || e < s || e > max_page);

    spin_lock_irqsave(&heap_lock, flags);

    while ( s < e )
    {
        unsigned int order;

        if ( frame_table[s].count_info & PGC_reserved )
        {
            s++;
            continue;
        }

        /* Largest aligned chunk at s; frame 0 only ever stands alone. */
        order = s ? min((unsigned int)__builtin_ctzl(s), MAX_ORDER + 0U) : 0;
        while ( s + (1UL << order) > e )
            order--;

        /* Chunks must not swallow a reserved frame. */
        for ( ; ; )
        {
            unsigned long i;

            for ( i = 1; i < (1UL << order); i++ )
                if ( frame_table[s + i].count_info & PGC_reserved )
                    break;
            if ( i == (1UL << order) )
                break;
            order--;
        }

        /* Giving the heap memory it already has would corrupt it. */
        BUG_ON(frame_table[s].count_info & (PGC_free | PGC_allocated));

        total_pages += 1UL << order;
        free_chunk(mfn_to_page(s), order);
        s += 1UL << order;
    }

    spin_unlock_irqrestore(&heap_lock, flags);
}

void __init end_boot_allocator(void)
{
    unsigned int i;

    BUG_ON(boot_allocator_done || !frame_table);
    boot_allocator_done = true;

    for ( i = 0; i < nr_boot_ranges; i++ )
    {
        const struct boot_range *r = &boot_ranges[i];
        unsigned long e = min(r->e, max_page);

        if ( r->s < e )
            init_heap_pages(mfn_to_page(r->s), e - r->s);
        if ( r->e > max_page )
            printk(XENLOG_WARNING
                   "Frames %lx-%lx lie beyond the frame table\n",
                   max(r->s, max_page), r->e - 1);
    }

    nr_boot_ranges = 0;
}

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags)
{
    struct page_info *pg = alloc_heap_pages(order, memflags);
    unsigned long i;

    if ( !pg )
        return NULL;

    for ( i = 0; i < (1UL << order); i++ )
        pg[i].count_info |= PGC_xen_heap;

    return page_to_virt(pg);
}

void free_xenheap_pages(void *v, unsigned int order)
{
    struct page_info *pg;
    mfn_t mfn;

    if ( !v )
        return;

    BUG_ON((unsigned long)v & (PAGE_SIZE - 1));
    mfn = virt_to_mfn(v);
    BUG_ON(mfn >= max_page);
    pg = mfn_to_page(mfn);
    BUG_ON(!(pg->count_info & PGC_xen_heap));

    free_heap_pages(pg, order);
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags)
{
    struct page_info *pg = alloc_heap_pages(order, memflags);
    unsigned long i;

    if ( !pg )
        return NULL;

    /*
     * struct domain is still opaque here, so a domain's pages record
     * owner 0 for now; once the domain code exists this must become the
     * real domain id (and the pages go on the domain's page list).
     */
    for ( i = 0; i < (1UL << order); i++ )
        pg[i].owner = d ? 0 : OWNER_XEN;

    return pg;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
    /* Xenheap pages must go back through free_xenheap_pages(). */
    BUG_ON(pg->count_info & PGC_xen_heap);
    free_heap_pages(pg, order);
}

void split_heap_chunk(struct page_info *pg, unsigned int order)
{
    unsigned long flags;

    spin_lock_irqsave(&heap_lock, flags);
    check_allocated(pg, order);
    BUG_ON(order == 0);
    pg->order = order - 1;
    pg[1UL << (order - 1)].order = order - 1;
    spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long total_heap_pages(void)
{
    return READ_ONCE(total_pages);
}

unsigned long avail_heap_pages(void)
{
    return READ_ONCE(avail_pages);
}

void dump_heap(void)
{
    unsigned long chunks[MAX_ORDER + 1], total, avail, flags;
    unsigned int order;

    /* Copy under the lock, print without it: the console is slow. */
    spin_lock_irqsave(&heap_lock, flags);
    memcpy(chunks, free_chunks, sizeof(chunks));
    total = total_pages;
    avail = avail_pages;
    spin_unlock_irqrestore(&heap_lock, flags);

    for ( order = 0; order <= MAX_ORDER; order++ )
        if ( chunks[order] )
            printk(XENLOG_DEBUG "Heap: order %2u: %lu free chunks\n", order,
                   chunks[order]);

    printk("Heap: %lu of %lu pages free (%lu MiB)\n", avail, total,
           avail >> (20 - PAGE_SHIFT));
}
