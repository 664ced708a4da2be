/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host versions of the xen/string.h functions that the C library lacks,
 * used only while the hypervisor has no xen/common/string.c of its own.
 * The rest of xen/string.h is the C library's.
 */
#include <xen/lib.h>

#include <stdlib.h>

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if ( size )
    {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }

    return len;
}

unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base)
{
    char *e;
    unsigned long long v = strtoull(s, &e, base);

    if ( end )
        *end = e;
    return v;
}

unsigned long simple_strtoul(const char *s, const char **end,
                             unsigned int base)
{
    return simple_strtoull(s, end, base);
}

long simple_strtol(const char *s, const char **end, unsigned int base)
{
    char *e;
    long v = strtol(s, &e, base);

    if ( end )
        *end = e;
    return v;
}
