/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small vsnprintf: the conversions the hypervisor uses (%d %i %u %x %X
 * %o %c %s %p %%), flags '-', '0', '#', ' ', '+', width and precision
 * (also as '*'), and the length modifiers hh, h, l, ll, z.  Output is
 * always NUL-terminated when size > 0; the return value is the length the
 * full output would have had, as in C99.
 */
#include <xen/lib.h>

#define F_LEFT  0x01
#define F_ZERO  0x02
#define F_ALT   0x04
#define F_SPACE 0x08
#define F_PLUS  0x10
#define F_UPPER 0x20
#define F_SIGN  0x40

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_pad(struct out *o, char c, int n)
{
    while ( n-- > 0 )
        put(o, c);
}

static void put_number(struct out *o, unsigned long long v, bool neg,
                       unsigned int base, int width, int prec,
                       unsigned int flags)
{
    const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF"
                                           : "0123456789abcdef";
    char tmp[24];
    int n = 0, len;
    char sign = 0;
    const char *prefix = "";

    if ( neg )
        sign = '-';
    else if ( (flags & F_SIGN) && (flags & F_PLUS) )
        sign = '+';
    else if ( (flags & F_SIGN) && (flags & F_SPACE) )
        sign = ' ';

    if ( (flags & F_ALT) && v )
        prefix = base == 16 ? ((flags & F_UPPER) ? "0X" : "0x")
                            : base == 8 ? "0" : "";

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    if ( prec == 0 && n == 1 && tmp[0] == '0' )
        n = 0;
    len = (prec > n ? prec : n) + (sign ? 1 : 0) + (int)strlen(prefix);

    if ( !(flags & (F_LEFT | F_ZERO)) || prec >= 0 )
        put_pad(o, ' ', width - len);
    if ( sign )
        put(o, sign);
    while ( *prefix )
        put(o, *prefix++);
    if ( (flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 )
        put_pad(o, '0', width - len);
    put_pad(o, '0', prec - n);
    while ( n )
        put(o, tmp[--n]);
    if ( flags & F_LEFT )
        put_pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { .buf = buf, .size = size, .len = 0 };

    for ( ; *fmt; fmt++ )
    {
        unsigned int flags = 0, base = 10;
        int width = -1, prec = -1, lng = 0;
        unsigned long long v;
        bool neg = false;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }

        for ( ; ; )
        {
            fmt++;
            if ( *fmt == '-' )
                flags |= F_LEFT;
            else if ( *fmt == '0' )
                flags |= F_ZERO;
            else if ( *fmt == '#' )
                flags |= F_ALT;
            else if ( *fmt == ' ' )
                flags |= F_SPACE;
            else if ( *fmt == '+' )
                flags |= F_PLUS;
            else
                break;
        }

        if ( *fmt == '*' )
        {
            width = va_arg(args, int);
            if ( width < 0 )
            {
                flags |= F_LEFT;
                width = -width;
            }
            fmt++;
        }
        else
            for ( width = 0; *fmt >= '0' && *fmt <= '9'; fmt++ )
                width = width * 10 + (*fmt - '0');

        if ( *fmt == '.' )
        {
            fmt++;
            if ( *fmt == '*' )
            {
                prec = va_arg(args, int);
                fmt++;
            }
            else
                for ( prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++ )
                    prec = prec * 10 + (*fmt - '0');
        }

        for ( ; ; fmt++ )
        {
            if ( *fmt == 'l' )
                lng++;
            else if ( *fmt == 'z' )
                lng = 1;
            else if ( *fmt == 'h' )
                lng--;
            else
                break;
        }

        switch ( *fmt )
        {
        case 'c':
            if ( !(flags & F_LEFT) )
                put_pad(&o, ' ', width - 1);
            put(&o, (char)va_arg(args, int));
            if ( flags & F_LEFT )
                put_pad(&o, ' ', width - 1);
            continue;

        case 's':
        {
            const char *s = va_arg(args, const char *);
            int n;

            if ( !s )
                s = "<NULL>";
            n = (int)strnlen(s, prec >= 0 ? (size_t)prec : ~(size_t)0);
            if ( !(flags & F_LEFT) )
                put_pad(&o, ' ', width - n);
            for ( int i = 0; i < n; i++ )
                put(&o, s[i]);
            if ( flags & F_LEFT )
                put_pad(&o, ' ', width - n);
            continue;
        }

        case 'p':
            v = (unsigned long)va_arg(args, void *);
            put_number(&o, v, false, 16, width, prec, flags | F_ALT);
            continue;

        case '%':
            put(&o, '%');
            continue;

        case 'd':
        case 'i':
        {
            long long sv;

            if ( lng >= 2 )
                sv = va_arg(args, long long);
            else if ( lng == 1 )
                sv = va_arg(args, long);
            else
                sv = va_arg(args, int);
            if ( lng == -1 )
                sv = (short)sv;
            else if ( lng <= -2 )
                sv = (signed char)sv;
            neg = sv < 0;
            v = neg ? -(unsigned long long)sv : (unsigned long long)sv;
            put_number(&o, v, neg, 10, width, prec, flags | F_SIGN);
            continue;
        }

        case 'X':
            flags |= F_UPPER;
            /* fall through */
        case 'x':
            base = 16;
            break;
        case 'o':
            base = 8;
            break;
        case 'u':
            break;

        default:
            /* Unknown conversion: print it as is, so the bug is visible. */
            put(&o, '%');
            if ( !*fmt )
                goto done;
            put(&o, *fmt);
            continue;
        }

        if ( lng >= 2 )
            v = va_arg(args, unsigned long long);
        else if ( lng == 1 )
            v = va_arg(args, unsigned long);
        else
            v = va_arg(args, unsigned int);
        if ( lng == -1 )
            v = (unsigned short)v;
        else if ( lng <= -2 )
            v = (unsigned char)v;
        put_number(&o, v, false, base, width, prec, flags);
    }

 done:
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = vsnprintf(buf, size, fmt, args);
    va_end(args);
    return n;
}
