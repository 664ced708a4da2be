/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor heap (see xen/xmalloc.h).
 *
 * Every block starts with a 16-byte header, which keeps the payload
 * aligned and lets xfree() find the block's size class and check a magic
 * number, so that double frees and wild pointers are caught before they
 * corrupt a free list.
 *
 * Small blocks are carved from slabs of xenheap pages and recycled
 * through one free list per class.  Slabs are never returned to the page
 * allocator: most xmalloc users are boot-time structures that live for
 * ever, and reuse through the free lists bounds the cost of the rest.
 * Large blocks take a run of pages each and give it back on xfree().
 */

#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define MAGIC_LIVE      0x584d4c56U     /* "XMLV" */
#define MAGIC_FREE      0x584d4652U     /* "XMFR" */

#define MIN_SHIFT       4                       /* smallest class: 16 */
#define NR_CLASSES      8                       /* 16 .. 2048 */
#define SMALL_MAX       (PAGE_SIZE / 2)
#define CLASS_LARGE     0xffffU

struct xmalloc_hdr {
    uint32_t magic;
    uint16_t cls;               /* size class, or CLASS_LARGE */
    uint16_t order;             /* CLASS_LARGE: the block's page order */
    union {
        size_t size;                    /* live: bytes requested */
        struct xmalloc_hdr *next;       /* free: next in the class */
    } u;
};

struct size_class {
    struct xmalloc_hdr *free;   /* freed blocks, ready for reuse */
    char *carve, *carve_end;    /* unused tail of the newest slab */
};

/*
 * Lock order: xmalloc_lock, then the page allocator's heap lock (new
 * slabs are taken with xmalloc_lock held; the page allocator never calls
 * back into xmalloc).
 */
static DEFINE_SPINLOCK(xmalloc_lock);
static struct size_class classes[NR_CLASSES];
static size_t bytes_in_use;
static unsigned long pages_in_use;

static size_t class_block(unsigned int cls)
{
    return sizeof(struct xmalloc_hdr) + ((size_t)1 << (cls + MIN_SHIFT));
}

/*
 * The two biggest classes would leave up to half a page unused in a
 * one-page slab; four pages cut the waste to a few percent.
 */
static unsigned int class_slab_order(unsigned int cls)
{
    return cls >= NR_CLASSES - 2 ? 2 : 0;
}

static unsigned int size_to_class(size_t size)
{
    unsigned int cls = 0;

    while ( ((size_t)1 << (cls + MIN_SHIFT)) < size )
        cls++;

    return cls;
}

static void *alloc_small(size_t size)
{
    unsigned int cls = size_to_class(size);
    struct size_class *c = &classes[cls];
    size_t block = class_block(cls);
    struct xmalloc_hdr *h;
    unsigned long flags;

    spin_lock_irqsave(&xmalloc_lock, flags);

    h = c->free;
    if ( h )
    {
        /* A free block whose header changed was written after xfree(). */
        BUG_ON(h->magic != MAGIC_FREE || h->cls != cls);
        c->free = h->u.next;
    }
    else
    {
        if ( (size_t)(c->carve_end - c->carve) < block )
        {
            unsigned int order = class_slab_order(cls);
            char *slab = alloc_xenheap_pages(order, 0);

            if ( !slab )
            {
                spin_unlock_irqrestore(&xmalloc_lock, flags);
                return NULL;
            }
            c->carve = slab;
            c->carve_end = slab + (PAGE_SIZE << order);
            pages_in_use += 1UL << order;
        }
        h = (struct xmalloc_hdr *)c->carve;
        c->carve += block;
    }

    h->magic = MAGIC_LIVE;
    h->cls = cls;
    h->order = 0;
    h->u.size = size;
    bytes_in_use += size;

    spin_unlock_irqrestore(&xmalloc_lock, flags);

    return h + 1;
}

static void *alloc_large(size_t size)
{
    struct xmalloc_hdr *h;
    unsigned int order = 0;
    unsigned long flags;

    if ( size > (PAGE_SIZE << MAX_ORDER) - sizeof(*h) )
        return NULL;

    while ( (PAGE_SIZE << order) < size + sizeof(*h) )
        order++;

    h = alloc_xenheap_pages(order, 0);
    if ( !h )
        return NULL;

    h->magic = MAGIC_LIVE;
    h->cls = CLASS_LARGE;
    h->order = order;
    h->u.size = size;

    spin_lock_irqsave(&xmalloc_lock, flags);
    bytes_in_use += size;
    pages_in_use += 1UL << order;
    spin_unlock_irqrestore(&xmalloc_lock, flags);

    return h + 1;
}

void *xmalloc_bytes(size_t size)
{
    BUILD_BUG_ON(sizeof(struct xmalloc_hdr) != XMALLOC_ALIGN);
    BUILD_BUG_ON((SMALL_MAX >> MIN_SHIFT) != (1UL << (NR_CLASSES - 1)));

    if ( size > SMALL_MAX )
        return alloc_large(size);

    return alloc_small(size);
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if ( p )
        memset(p, 0, size);

    return p;
}

void *xmalloc_array_bytes(size_t elem, size_t n)
{
    if ( elem && n > SIZE_MAX / elem )
        return NULL;

    return xmalloc_bytes(elem * n);
}

void *xzalloc_array_bytes(size_t elem, size_t n)
{
    if ( elem && n > SIZE_MAX / elem )
        return NULL;

    return xzalloc_bytes(elem * n);
}

void xfree(void *p)
{
    struct xmalloc_hdr *h;
    unsigned long flags;

    if ( !p )
        return;

    /* Every block we hand out is aligned; anything else is not ours. */
    BUG_ON((unsigned long)p & (XMALLOC_ALIGN - 1));
    h = (struct xmalloc_hdr *)p - 1;

    if ( h->cls == CLASS_LARGE )
    {
        unsigned int order = h->order;

        BUG_ON(h->magic != MAGIC_LIVE || order > MAX_ORDER ||
               ((unsigned long)h & (PAGE_SIZE - 1)));

        spin_lock_irqsave(&xmalloc_lock, flags);
        bytes_in_use -= h->u.size;
        pages_in_use -= 1UL << order;
        spin_unlock_irqrestore(&xmalloc_lock, flags);

        /* Catches a second xfree() while the page is not yet reused. */
        h->magic = MAGIC_FREE;
        free_xenheap_pages(h, order);
        return;
    }

    spin_lock_irqsave(&xmalloc_lock, flags);

    /* MAGIC_FREE here means a double free. */
    BUG_ON(h->magic != MAGIC_LIVE || h->cls >= NR_CLASSES);

    bytes_in_use -= h->u.size;
    h->magic = MAGIC_FREE;
    h->u.next = classes[h->cls].free;
    classes[h->cls].free = h;

    spin_unlock_irqrestore(&xmalloc_lock, flags);
}

void xmalloc_stats(size_t *bytes, unsigned long *pages)
{
    unsigned long flags;

    spin_lock_irqsave(&xmalloc_lock, flags);
    if ( bytes )
        *bytes = bytes_in_use;
    if ( pages )
        *pages = pages_in_use;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}
