/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor heap for small objects, built on the xenheap.
 *
 * Every block is XMALLOC_ALIGN-aligned.  Requests up to PAGE_SIZE / 2
 * come from power-of-two size classes (16 to 2048 bytes); larger ones
 * get whole xenheap pages.  xfree(NULL) does nothing; freeing anything
 * else that is not a live block is a hypervisor bug and BUG()s where it
 * can be detected cheaply.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

#define XMALLOC_ALIGN   16

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
/* n elements of elem bytes; NULL if the product overflows. */
void *xmalloc_array_bytes(size_t elem, size_t n);
void *xzalloc_array_bytes(size_t elem, size_t n);
void xfree(void *p);

/* Bytes handed out and not freed, and pages taken from the xenheap. */
void xmalloc_stats(size_t *bytes_in_use, unsigned long *pages);

/*
 * Types that need more alignment than the heap gives are refused at
 * build time rather than silently misaligned.
 */
#define xmalloc_align_check_(type)                                      \
    ((void)sizeof(struct {                                              \
        _Static_assert(__alignof__(type) <= XMALLOC_ALIGN,              \
                       "type needs more than XMALLOC_ALIGN");           \
        int dummy_;                                                     \
    }))

#define xmalloc(type)                                                   \
    (xmalloc_align_check_(type), (type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type)                                                   \
    (xmalloc_align_check_(type), (type *)xzalloc_bytes(sizeof(type)))
#define xmalloc_array(type, n)                                          \
    (xmalloc_align_check_(type),                                        \
     (type *)xmalloc_array_bytes(sizeof(type), (n)))
#define xzalloc_array(type, n)                                          \
    (xmalloc_align_check_(type),                                        \
     (type *)xzalloc_array_bytes(sizeof(type), (n)))

#endif /* XEN_XMALLOC_H */
