/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Formatted output to the hypervisor console.
 *
 * Lines are collected and written with one CONSOLEIO_write each, so that
 * a line from the guest reaches the log in one piece.
 */
#include <guest/atomic.h>
#include <guest/hypercall.h>
#include <guest/lib.h>

long console_write(const char *s, size_t len)
{
    return hypercall_direct(__HYPERVISOR_console_io, CONSOLEIO_write, len,
                            (unsigned long)s, 0, 0);
}

struct out {
    char *buf;
    size_t size, len;           /* len counts every character produced */
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_str(struct out *o, const char *s, int width, int prec,
                    bool left)
{
    int n = prec >= 0 ? strnlen(s, prec) : strlen(s);

    for ( ; !left && n < width; width-- )
        put(o, ' ');
    for ( int i = 0; i < n; i++ )
        put(o, s[i]);
    for ( ; left && n < width; width-- )
        put(o, ' ');
}

static void put_num(struct out *o, uint64_t v, bool neg, unsigned int base,
                    bool upper, int width, bool zero, bool left,
                    const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, len;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    len = n + neg + strlen(prefix);
    if ( !left && !zero )
        for ( ; len < width; width-- )
            put(o, ' ');
    if ( neg )
        put(o, '-');
    while ( *prefix )
        put(o, *prefix++);
    if ( !left && zero )
        for ( ; len < width; width-- )
            put(o, '0');
    while ( n )
        put(o, tmp[--n]);
    for ( ; left && len < width; width-- )
        put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { .buf = buf, .size = size };

    for ( ; *fmt; fmt++ )
    {
        bool zero = false, left = false, alt = false;
        int width = 0, prec = -1, lng = 0;
        uint64_t v;

        if ( *fmt != '%' )
        {
            put(&o, *fmt);
            continue;
        }

        for ( fmt++; ; fmt++ )
        {
            if ( *fmt == '0' )
                zero = true;
            else if ( *fmt == '-' )
                left = true;
            else if ( *fmt == '#' )
                alt = true;
            else
                break;
        }
        for ( ; *fmt >= '0' && *fmt <= '9'; fmt++ )
            width = width * 10 + *fmt - '0';
        if ( *fmt == '.' )
            for ( prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++ )
                prec = prec * 10 + *fmt - '0';
        for ( ; *fmt == 'l' || *fmt == 'z'; fmt++ )
            lng++;

        switch ( *fmt )
        {
        case 'd':
        case 'i':
        {
            int64_t s = lng ? va_arg(args, long) : va_arg(args, int);

            put_num(&o, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0, 10,
                    false, width, zero, left, "");
            break;
        }

        case 'u':
        case 'x':
        case 'X':
            v = lng ? va_arg(args, unsigned long)
                    : va_arg(args, unsigned int);
            put_num(&o, v, false, *fmt == 'u' ? 10 : 16, *fmt == 'X',
                    width, zero, left, alt && *fmt != 'u' ? "0x" : "");
            break;

        case 'p':
            v = (uint64_t)va_arg(args, void *);
            put_num(&o, v, false, 16, false, width, zero, left, "0x");
            break;

        case 'c':
            put(&o, va_arg(args, int));
            break;

        case 's':
        {
            const char *s = va_arg(args, const char *);

            put_str(&o, s ? s : "(null)", width, prec, left);
            break;
        }

        case '%':
            put(&o, '%');
            break;

        case '\0':
            fmt--;              /* a lone '%' at the end: stop there */
            break;

        default:                /* unknown: show it as written */
            put(&o, '%');
            put(&o, *fmt);
            break;
        }
    }

    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
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

/*
 * Pending output: flushed at each newline and when full.  One line at a
 * time for all vCPUs, interrupts off so that an event handler's output
 * cannot deadlock against the code it interrupted.
 */
static char line[256];
static size_t line_len;
static spinlock_t line_lock = SPINLOCK_INIT;

static void flush_line(void)
{
    if ( line_len )
        console_write(line, line_len);
    line_len = 0;
}

void vprintk(const char *fmt, va_list args)
{
    char tmp[512];
    int n = vsnprintf(tmp, sizeof(tmp), fmt, args);
    unsigned long flags;

    if ( n >= (int)sizeof(tmp) )
        n = sizeof(tmp) - 1;
    flags = spin_lock_irqsave(&line_lock);
    for ( int i = 0; i < n; i++ )
    {
        line[line_len++] = tmp[i];
        if ( tmp[i] == '\n' || line_len == sizeof(line) )
            flush_line();
    }
    spin_unlock_irqrestore(&line_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}
