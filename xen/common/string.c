/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C string and memory primitives the hypervisor needs.  GCC may emit
 * calls to memset/memcpy/memmove/memcmp itself, so these must exist even
 * though we build with -fno-builtin.
 */
#include <xen/string.h>

/*
 * memset and memcpy use the string instructions: one instruction per
 * call rather than a loop, which matters under emulation when guest
 * memory is scrubbed or kernels are copied (many MiB at boot).
 */
void *memset(void *s, int c, size_t n)
{
    void *d = s;
    size_t q = n / 8;
    unsigned long v = (unsigned char)c * 0x0101010101010101UL;

    /* Eight bytes per iteration, then the tail. */
    __asm__ __volatile__ ( "rep stosq"
                           : "+D" (d), "+c" (q) : "a" (v) : "memory" );
    n &= 7;
    __asm__ __volatile__ ( "rep stosb"
                           : "+D" (d), "+c" (n) : "a" (v) : "memory" );
    return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    size_t q = n / 8;

    __asm__ __volatile__ ( "rep movsq"
                           : "+D" (d), "+S" (src), "+c" (q) :: "memory" );
    n &= 7;
    __asm__ __volatile__ ( "rep movsb"
                           : "+D" (d), "+S" (src), "+c" (n) :: "memory" );
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ( d <= s || d >= s + n )
        return memcpy(dst, src, n);
    while ( n-- )
        d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;

    for ( ; n; n--, x++, y++ )
        if ( *x != *y )
            return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    const char *p = s;

    while ( *p )
        p++;
    return p - s;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while ( n < max && s[n] )
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    for ( ; *a && *a == *b; a++, b++ )
        ;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for ( ; n; n--, a++, b++ )
    {
        if ( *a != *b )
            return (unsigned char)*a - (unsigned char)*b;
        if ( !*a )
            break;
    }
    return 0;
}

char *strchr(const char *s, int c)
{
    for ( ; *s; s++ )
        if ( *s == (char)c )
            return (char *)s;
    return c ? NULL : (char *)s;
}

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

static unsigned int digit_value(char c)
{
    if ( c >= '0' && c <= '9' )
        return c - '0';
    if ( c >= 'a' && c <= 'z' )
        return c - 'a' + 10;
    if ( c >= 'A' && c <= 'Z' )
        return c - 'A' + 10;
    return 36;
}

/*
 * Base 0 means: "0x" prefix is hex, a leading "0" is octal, else decimal.
 * Overflow saturates at the maximum value rather than wrapping, so that a
 * huge number on the command line cannot turn into a small one.
 */
unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base)
{
    unsigned long long v = 0;
    bool overflow = false;
    unsigned int d;

    if ( base == 0 )
    {
        if ( s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
             digit_value(s[2]) < 16 )
        {
            base = 16;
            s += 2;
        }
        else if ( s[0] == '0' )
            base = 8;
        else
            base = 10;
    }
    else if ( base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
              digit_value(s[2]) < 16 )
        s += 2;

    for ( ; (d = digit_value(*s)) < base; s++ )
    {
        if ( v > (~0ULL - d) / base )
            overflow = true;
        v = v * base + d;
    }
    if ( end )
        *end = s;
    return overflow ? ~0ULL : v;
}

unsigned long simple_strtoul(const char *s, const char **end,
                             unsigned int base)
{
    return simple_strtoull(s, end, base);
}

long simple_strtol(const char *s, const char **end, unsigned int base)
{
    if ( *s == '-' )
        return -(long)simple_strtoull(s + 1, end, base);
    return simple_strtoull(s, end, base);
}
