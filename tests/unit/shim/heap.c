/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc for the tests of modules that allocate (event channels, grant
 * tables): calloc, with a failure switch and a count of live blocks, so
 * that a test can make allocation fail and check that nothing leaks.
 */
#include "unit.h"

#include <xen/xmalloc.h>

bool unit_alloc_fails;
long unit_live_allocs;

void *xzalloc_bytes(size_t size)
{
    void *p;

    if ( unit_alloc_fails )
        return NULL;
    p = calloc(1, size ? size : 1);
    if ( p )
        unit_live_allocs++;
    return p;
}

void *xmalloc_bytes(size_t size)
{
    return xzalloc_bytes(size);
}

void *xzalloc_array_bytes(size_t elem, size_t n)
{
    if ( n && elem > SIZE_MAX / n )
        return NULL;
    return xzalloc_bytes(elem * n);
}

void *xmalloc_array_bytes(size_t elem, size_t n)
{
    return xzalloc_array_bytes(elem, n);
}

void xfree(void *p)
{
    if ( !p )
        return;
    unit_live_allocs--;
    free(p);
}
