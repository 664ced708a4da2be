/* SPDX-License-Identifier: GPL-2.0-only */
/* Check accounting, the result line, shutdown and the command line. */
#include <guest/test.h>
#include <public/sched.h>

unsigned int test_checks, test_failures;

static const char *const errno_names[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
    [EINTR] = "EINTR", [EIO] = "EIO", [ENXIO] = "ENXIO",
    [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF",
    [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY",
    [EEXIST] = "EEXIST", [EXDEV] = "EXDEV", [ENODEV] = "ENODEV",
    [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE",
    [ENOSPC] = "ENOSPC", [EROFS] = "EROFS", [EMLINK] = "EMLINK",
    [EDOM] = "EDOM", [ERANGE] = "ERANGE", [EDEADLK] = "EDEADLK",
    [ENAMETOOLONG] = "ENAMETOOLONG", [ENOLCK] = "ENOLCK",
    [ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY",
    [ENODATA] = "ENODATA", [ETIME] = "ETIME", [EBADMSG] = "EBADMSG",
    [EOVERFLOW] = "EOVERFLOW", [EILSEQ] = "EILSEQ",
    [ERESTART] = "ERESTART", [ENOTSOCK] = "ENOTSOCK",
    [EOPNOTSUPP] = "EOPNOTSUPP", [EADDRINUSE] = "EADDRINUSE",
    [EADDRNOTAVAIL] = "EADDRNOTAVAIL", [ENOBUFS] = "ENOBUFS",
    [EISCONN] = "EISCONN", [ENOTCONN] = "ENOTCONN",
    [ETIMEDOUT] = "ETIMEDOUT", [ECONNREFUSED] = "ECONNREFUSED",
};

const char *errno_name(long err)
{
    if ( err < 0 )
        err = -err;
    if ( err > 0 && err < (long)ARRAY_SIZE(errno_names) )
        return errno_names[err];
    return NULL;
}

/* Small numbers in decimal (errnos, counts), the rest in hex. */
static void format_value(char *buf, size_t size, int64_t v,
                         enum expect_kind kind)
{
    const char *name = kind == EXPECT_KIND_ERR && v < 0 && v >= -MAX_ERRNO
                       ? errno_name(v) : NULL;

    if ( kind == EXPECT_KIND_TRUE )
        snprintf(buf, size, "%s", v ? "true" : "false");
    else if ( name )
        snprintf(buf, size, "%ld (%s)", (long)v, name);
    else if ( v > -100000 && v < 100000 )
        snprintf(buf, size, "%ld", (long)v);
    else
        snprintf(buf, size, "%#lx", (unsigned long)v);
}

void expect_report(const char *file, int line, const char *expr,
                   int64_t got, int64_t want, enum expect_kind kind)
{
    char g[48], w[48];

    TEST_COUNT(test_failures);
    format_value(g, sizeof(g), got, kind);
    format_value(w, sizeof(w), want, kind);
    printk("FAIL: %s:%d: %s (got %s, want %s)\n", file, line, expr, g, w);
}

void test_fail(const char *fmt, ...)
{
    char msg[256];
    va_list args;

    TEST_COUNT(test_checks);
    TEST_COUNT(test_failures);
    va_start(args, fmt);
    vsnprintf(msg, sizeof(msg), fmt, args);
    va_end(args);
    /* One printk, so that the line stays whole on SMP. */
    printk("FAIL: %s\n", msg);
}

long shutdown_domain(unsigned int reason)
{
    struct sched_shutdown s = { .reason = reason };

    return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

bool test_report(void)
{
    if ( test_failures )
        printk("RESULT: %s FAIL (%u of %u checks failed)\n",
               test_name, test_failures, test_checks);
    else
        printk("RESULT: %s PASS (%u checks)\n", test_name, test_checks);
    return !test_failures;
}

void test_finish(void)
{
    long rc;

    test_report();
    rc = shutdown_domain(SHUTDOWN_poweroff);
    printk("%s: SCHEDOP_shutdown returned %ld; halting\n", test_name, rc);
    halt_forever();
}

/* Words are separated by blanks; a value runs to the next blank. */
static const char *find_key(const char *key)
{
    const char *p = test_cmdline();
    size_t n = strlen(key);

    while ( *p )
    {
        while ( *p == ' ' || *p == '\t' )
            p++;
        if ( !strncmp(p, key, n) && p[n] == '=' )
            return p + n + 1;
        while ( *p && *p != ' ' && *p != '\t' )
            p++;
    }
    return NULL;
}

bool cmdline_get(const char *key, char *val, size_t size)
{
    const char *v = find_key(key);
    size_t n = 0;

    if ( !v || !size )
        return false;
    while ( v[n] && v[n] != ' ' && v[n] != '\t' && n + 1 < size )
    {
        val[n] = v[n];
        n++;
    }
    val[n] = '\0';
    return true;
}

uint64_t cmdline_get_ulong(const char *key, uint64_t def)
{
    char buf[32];
    const char *p = buf;
    unsigned int base = 10;
    uint64_t v = 0;

    if ( !cmdline_get(key, buf, sizeof(buf)) || !buf[0] )
        return def;
    if ( p[0] == '0' && (p[1] == 'x' || p[1] == 'X') )
    {
        base = 16;
        p += 2;
        if ( !*p )
            return def;
    }
    for ( ; *p; p++ )
    {
        unsigned int d;

        if ( *p >= '0' && *p <= '9' )
            d = *p - '0';
        else if ( base == 16 && *p >= 'a' && *p <= 'f' )
            d = *p - 'a' + 10;
        else if ( base == 16 && *p >= 'A' && *p <= 'F' )
            d = *p - 'A' + 10;
        else
            return def;
        v = v * base + d;
    }
    return v;
}
