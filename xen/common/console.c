/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor console: printk() with Xen's "(XEN) " line prefix and
 * log-level filter, a ring that keeps the log (replayed when the serial
 * line comes up, and later read by "xl dmesg"), and the output devices:
 * COM1 and, optionally, the 0xE9 debug port that Bochs and QEMU expose.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <xen/spinlock.h>
#include <asm/hvm/guest_access.h>
#include <asm/io.h>
#include <public/xen.h>

/* "console=com1,e9": the devices to print to. */
static char __initdata opt_console[32] = "com1";
string_param("console", opt_console);

static struct ns16550_config com1_cfg = {
    .io_base = 0x3f8, .baud = 115200, .data_bits = 8, .parity = 'n',
    .stop_bits = 1,
};

static int __init parse_com1(const char *s)
{
    struct ns16550_config cfg = com1_cfg;
    int rc = ns16550_parse(s, &cfg);

    if ( rc == 0 )
        com1_cfg = cfg;
    return rc;
}
custom_param("com1", parse_com1);

/*
 * "loglvl=<level>": messages at or above this priority are printed.
 * Levels, most to least severe: error, warning, info, debug; "none" and
 * "all" are the extremes.  Messages without a level are "info".
 */
#define LVL_ERR     0
#define LVL_WARNING 1
#define LVL_INFO    2
#define LVL_DEBUG   3
static int loglvl_threshold = LVL_INFO;

static int __init parse_loglvl(const char *s)
{
    static const char *const names[] = {
        "error", "warning", "info", "debug",
    };

    if ( !strcmp(s, "none") )
        loglvl_threshold = -1;
    else if ( !strcmp(s, "all") )
        loglvl_threshold = LVL_DEBUG;
    else
    {
        for ( unsigned int i = 0; i < ARRAY_SIZE(names); i++ )
            if ( !strcmp(s, names[i]) )
            {
                loglvl_threshold = i;
                return 0;
            }
        return -EINVAL;
    }
    return 0;
}
custom_param("loglvl", parse_loglvl);

#define CONRING_SIZE 16384
static char conring[CONRING_SIZE];
static size_t conring_prod;         /* total bytes ever written */

static size_t conring_clear_at;     /* reads start no earlier */

static bool use_com1, use_e9, console_ready;
static bool at_line_start = true;
static DEFINE_SPINLOCK(console_lock);

static void devices_putc(char c)
{
    if ( use_com1 )
    {
        if ( c == '\n' )
            ns16550_putc('\r');
        ns16550_putc(c);
    }
    if ( use_e9 )
        outb(c, 0xe9);
}

/*
 * "console_to_ring": guests' console output goes into the ring ("xl
 * dmesg") as well as to the devices.  Off by default, as in Xen, so
 * that a chatty dom0 does not push the hypervisor's own messages out.
 */
static bool opt_console_to_ring;
boolean_param("console_to_ring", opt_console_to_ring);

static void console_emit(const char *s, size_t len, bool to_ring)
{
    for ( size_t i = 0; i < len; i++ )
    {
        if ( to_ring || !console_ready )
            conring[conring_prod++ % CONRING_SIZE] = s[i];
        if ( console_ready )
            devices_putc(s[i]);
    }
}

void console_write_raw(const char *s, size_t len)
{
    console_emit(s, len, true);
}

void console_init(void)
{
    const char *p = opt_console;
    size_t start;

    while ( *p )
    {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);

        if ( len == 4 && !strncmp(p, "com1", 4) )
            use_com1 = true;
        else if ( len == 2 && !strncmp(p, "e9", 2) )
            use_e9 = true;
        else if ( !(len == 4 && !strncmp(p, "none", 4)) )
            printk(XENLOG_WARNING "Unknown console device '%.*s'\n",
                   (int)len, p);
        p += len + (comma ? 1 : 0);
    }

    if ( use_com1 )
        ns16550_init(&com1_cfg);

    /* Replay what was logged before the devices were ready. */
    start = conring_prod > CONRING_SIZE ? conring_prod - CONRING_SIZE : 0;
    for ( size_t i = start; i < conring_prod; i++ )
        devices_putc(conring[i % CONRING_SIZE]);
    console_ready = true;
}

size_t console_read_log(char *buf, size_t len, u32 *index, bool incremental)
{
    unsigned long flags;
    size_t oldest, from, n;

    spin_lock_irqsave(&console_lock, flags);
    oldest = conring_prod > CONRING_SIZE ? conring_prod - CONRING_SIZE : 0;
    oldest = max(oldest, conring_clear_at);
    /* The index is 32 bits, as in Xen: widen it near the producer. */
    from = incremental ? (conring_prod & ~(size_t)0xffffffffU) | *index
                       : oldest;
    if ( from > conring_prod )
        from -= (size_t)1 << 32;
    if ( from < oldest || from > conring_prod )
        from = oldest;              /* overwritten meanwhile, or bogus */
    n = min(len, conring_prod - from);
    for ( size_t i = 0; i < n; i++ )
        buf[i] = conring[(from + i) % CONRING_SIZE];
    *index = (u32)(from + n);
    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

void console_clear_log(void)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    conring_clear_at = conring_prod;
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_flush(void)
{
    if ( use_com1 )
        ns16550_flush();
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}

static int message_level(const char **msg)
{
    const char *s = *msg;

    if ( s[0] == '<' && s[1] >= '0' && s[1] <= '3' && s[2] == '>' )
    {
        *msg = s + 3;
        return s[1] - '0';
    }
    return LVL_INFO;
}

/* Prints p with the "(XEN) " prefix at each line start. */
static void print_prefixed(const char *p, bool to_ring)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    for ( ; *p; p++ )
    {
        if ( at_line_start )
            console_emit("(XEN) ", 6, to_ring);
        console_emit(p, 1, to_ring);
        at_line_start = *p == '\n';
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

void vprintk(const char *fmt, va_list args)
{
    char buf[512];
    const char *p = buf;
    int lvl;

    vsnprintf(buf, sizeof(buf), fmt, args);
    lvl = message_level(&p);
    if ( lvl > loglvl_threshold )
        return;
    print_prefixed(p, true);
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

/*
 * Guest console output is line-buffered per domain and printed with the
 * domain's id, so that lines from several guests never interleave.
 */
/* Caller holds d->console_lock. */
static void guest_console_putc(struct domain *d, char c)
{
    bool flush = c == '\n';

    if ( c != '\n' && c != '\r' && (c < 0x20 || c > 0x7e) && c != '\t' )
        c = '?';                /* no control sequences from guests */
    if ( c != '\n' && c != '\r' )
        d->console_buf[d->console_len++] = c;
    if ( flush || d->console_len == sizeof(d->console_buf) - 1 )
    {
        char line[sizeof(d->console_buf) + 16];

        d->console_buf[d->console_len] = '\0';
        snprintf(line, sizeof(line), "(d%u) %s\n", d->domain_id,
                 d->console_buf);
        print_prefixed(line, opt_console_to_ring);
        d->console_len = 0;
    }
}

void guest_console_write(struct domain *d, const char *buf, size_t len)
{
    unsigned long flags;

    /* vCPUs of one domain, and its ring, share its line buffer. */
    spin_lock_irqsave(&d->console_lock, flags);
    for ( size_t i = 0; i < len; i++ )
        guest_console_putc(d, buf[i]);
    spin_unlock_irqrestore(&d->console_lock, flags);
}

#define CONSOLE_IO_MAX  (16U << 20)     /* bytes in one write */

long do_console_io(unsigned int cmd, unsigned long count,
                   unsigned long buffer)
{
    struct domain *d = current->domain;
    char chunk[128];

    switch ( cmd )
    {
    case CONSOLEIO_write:
        /* Longer than any buffer a guest could own here. */
        if ( count > CONSOLE_IO_MAX )
            return -EFAULT;
        /* All or nothing: check the whole buffer before printing. */
        if ( hvm_check_guest_range(buffer, count, false) )
            return -EFAULT;
        for ( unsigned long done = 0; done < count; )
        {
            unsigned long n = min(count - done, sizeof(chunk));

            if ( hvm_copy_from_guest(chunk, buffer + done, n) )
                return -EFAULT;
            guest_console_write(d, chunk, n);
            done += n;
        }
        return 0;

    case CONSOLEIO_read:
    {
        unsigned long done = 0;

        if ( !d->is_hardware_domain )
            return -EPERM;
        /* Queued input is at most a ring's worth: no need to go on. */
        count = min(count, 1UL << 20);
        /*
         * Check first, so that bytes are only taken from the queue for a
         * buffer that can hold them (a vCPU changing its page tables
         * meanwhile could still lose them).
         */
        if ( count && hvm_check_guest_range(buffer, count, true) )
            return -EFAULT;
        while ( done < count )
        {
            unsigned long n = console_input_read(chunk,
                                                 min(count - done,
                                                     sizeof(chunk)));

            if ( !n )
                break;
            if ( hvm_copy_to_guest(buffer + done, chunk, n) )
                return -EFAULT;
            done += n;
        }
        return done;
    }
    }
    return -ENOSYS;
}
