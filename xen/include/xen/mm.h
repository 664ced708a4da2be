/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Physical memory management: the boot allocator, which hands out pages
 * before the frame table exists, and the buddy heap that takes over from
 * it.  Every frame of RAM has a struct page_info in frame_table[].
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <xen/types.h>
#include <asm/page.h>

struct domain;

struct page_info {
    struct page_info *next;     /* free-list or owner-list linkage */
    struct page_info *prev;
    unsigned long count_info;   /* PGC_* flags */
    unsigned int order;         /* order of a free chunk (head page only) */
    unsigned int owner;         /* domain id, or DOMID_XEN for the heap */
};

#define PGC_free        (1UL << 63)     /* on a buddy free list */
#define PGC_allocated   (1UL << 62)     /* handed out by the heap */
#define PGC_xen_heap    (1UL << 61)     /* belongs to the hypervisor */
#define PGC_reserved    (1UL << 60)     /* never managed by the heap */
/*
 * The low bits count the grant entries pinning the page (common/
 * grant_table.c): while any does, its owner may not free it.
 */
#define PGC_grant_pins  0xffffffffUL

#define MAX_ORDER       20              /* largest chunk: 4 GiB */

/* Memory flags for the allocators. */
#define MEMF_bits(n)    ((unsigned int)(n) & 0xffU) /* below 2^n bytes */
#define MEMF_get_bits(f) ((f) & 0xffU)
#define MEMF_no_scrub   (1U << 8)

extern struct page_info *frame_table;
extern unsigned long max_page;          /* one past the highest RAM frame */

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
    return frame_table + mfn;
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return (mfn_t)(pg - frame_table);
}

static inline paddr_t page_to_maddr(const struct page_info *pg)
{
    return (paddr_t)page_to_mfn(pg) << PAGE_SHIFT;
}

static inline void *page_to_virt(const struct page_info *pg)
{
    return maddr_to_virt(page_to_maddr(pg));
}

/* Boot allocator: usable from the first C code until end_boot_allocator. */
void init_boot_pages(paddr_t ps, paddr_t pe);
/* Returns the first frame of nr_pfns frames aligned to pfn_align, or
 * INVALID_MFN.  Takes from the highest suitable range first, so that low
 * memory stays free for things that need it. */
mfn_t alloc_boot_pages(unsigned long nr_pfns, unsigned long pfn_align);
/* Same, but only from frames below limit_mfn. */
mfn_t alloc_boot_pages_below(unsigned long nr_pfns, unsigned long pfn_align,
                             mfn_t limit_mfn);
/* Hands every page still in the boot allocator to the buddy heap.  The
 * frame table must be set up (frame_table, max_page) before this. */
void end_boot_allocator(void);

/* Buddy heap. */
struct page_info *alloc_heap_pages(unsigned int order, unsigned int memflags);
void free_heap_pages(struct page_info *pg, unsigned int order);
void init_heap_pages(struct page_info *pg, unsigned long nr_pages);

void *alloc_xenheap_pages(unsigned int order, unsigned int memflags);
void free_xenheap_pages(void *v, unsigned int order);
#define alloc_xenheap_page() alloc_xenheap_pages(0, 0)
#define free_xenheap_page(v) free_xenheap_pages(v, 0)

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
                                      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);

/*
 * Makes an allocated chunk of 2^order pages two allocated chunks of half
 * that, so that each half can be freed on its own.
 */
void split_heap_chunk(struct page_info *pg, unsigned int order);
unsigned long total_heap_pages(void);   /* pages the heap manages */
unsigned long avail_heap_pages(void);   /* of those, pages free now */
void dump_heap(void);

#endif /* XEN_MM_H */
