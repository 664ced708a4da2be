/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot command-line parsing.  See xen/param.h for the accepted syntax.
 *
 * The command line comes from the boot loader and may hold anything, so
 * nothing here trusts it: names and values are measured before they are
 * copied, numbers are checked for overflow, and a variable is written
 * only through its own declared type and size.
 */

#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/param.h>

/* <limits.h> is not among the headers the hypervisor may use. */
#define UINT_MAX_   (~0U)
#define ULONG_MAX_  (~0UL)

static bool is_separator(char c)
{
    /* Tabs and line ends can creep in from boot loader config files. */
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Compares the first len characters of opt (not NUL-terminated) with the
 * whole of name, taking '-' and '_' as the same character so that users
 * need not remember which one an option uses.
 */
static bool name_matches(const char *opt, size_t len, const char *name)
{
    size_t i;

    for ( i = 0; i < len; i++ )
    {
        char a = opt[i], b = name[i];

        if ( b == '\0' )
            return false;
        if ( a == '-' )
            a = '_';
        if ( b == '-' )
            b = '_';
        if ( a != b )
            return false;
    }

    return name[len] == '\0';
}

static const struct kernel_param *find_param(const char *opt, size_t len,
                                             const struct kernel_param *start,
                                             const struct kernel_param *end)
{
    const struct kernel_param *p;

    for ( p = start; p < end; p++ )
        if ( p->name && name_matches(opt, len, p->name) )
            return p;

    return NULL;
}

/* Returns 1 or 0 for a recognised boolean word, -1 otherwise. */
static int parse_bool(const char *s)
{
    static const char *const no[] = { "0", "no", "off", "false", "disable" };
    static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(no); i++ )
    {
        if ( !strcmp(s, no[i]) )
            return 0;
        if ( !strcmp(s, yes[i]) )
            return 1;
    }

    return -1;
}

/*
 * Parses an unsigned number: 0x-prefixed hex, 0-prefixed octal or
 * decimal.  Unlike simple_strtoul() it fails on overflow instead of
 * wrapping, so "maxcpus=99999999999999999999" is reported, not obeyed.
 * On success *endp points at the first character after the digits.
 */
static int parse_ulong(const char *s, const char **endp, unsigned long *res)
{
    unsigned int base = 10;
    unsigned long v = 0;
    const char *p = s, *digits;

    if ( p[0] == '0' && (p[1] == 'x' || p[1] == 'X') )
    {
        base = 16;
        p += 2;
    }
    else if ( p[0] == '0' && p[1] >= '0' && p[1] <= '9' )
    {
        base = 8;
        p++;
    }

    for ( digits = p; ; p++ )
    {
        unsigned int d;

        if ( *p >= '0' && *p <= '9' )
            d = *p - '0';
        else if ( *p >= 'a' && *p <= 'f' )
            d = *p - 'a' + 10;
        else if ( *p >= 'A' && *p <= 'F' )
            d = *p - 'A' + 10;
        else
            break;

        if ( d >= base )
            break;
        if ( v > (ULONG_MAX_ - d) / base )
            return -ERANGE;
        v = v * base + d;
    }

    /* "", "0x" and "-1" have no digits at all. */
    if ( p == digits )
        return -EINVAL;

    *endp = p;
    *res = v;
    return 0;
}

static int parse_size(const char *s, unsigned long *res)
{
    const char *p;
    unsigned long v;
    unsigned int shift;

    if ( parse_ulong(s, &p, &v) )
        return -EINVAL;

    switch ( *p )
    {
    case 'T': case 't': shift = 40; p++; break;
    case 'G': case 'g': shift = 30; p++; break;
    case 'M': case 'm': shift = 20; p++; break;
    case 'K': case 'k': shift = 10; p++; break;
    case 'B': case 'b': shift = 0;  p++; break;
    /* Xen's documented default unit for sizes is KiB. */
    case '\0':          shift = 10; break;
    default:
        return -EINVAL;
    }

    if ( *p != '\0' || v > (ULONG_MAX_ >> shift) )
        return -EINVAL;

    *res = v << shift;
    return 0;
}

static int set_integer(const struct kernel_param *param, const char *val)
{
    const char *end;
    unsigned long v;

    if ( parse_ulong(val, &end, &v) || *end != '\0' )
        return -EINVAL;

    if ( param->len == sizeof(unsigned int) )
    {
        if ( v > UINT_MAX_ )
            return -EINVAL;
        *(unsigned int *)param->par.var = v;
    }
    else if ( param->len == sizeof(unsigned long) )
        *(unsigned long *)param->par.var = v;
    else
        return -EINVAL;

    return 0;
}

/*
 * Copies a string option straight from the command line, so its length
 * is limited only by the variable.  Returns true if it had to be cut.
 */
static bool set_string(const struct kernel_param *param, const char *val,
                       size_t vlen)
{
    char *dst = param->par.var;
    size_t n = vlen;
    bool truncated = false;

    if ( n > param->len - 1 )
    {
        n = param->len - 1;
        truncated = true;
    }

    memcpy(dst, val, n);
    dst[n] = '\0';

    return truncated;
}

/* Handles one "name" or "name=value" word; returns the problems found. */
static int parse_one(const char *opt, size_t len,
                     const struct kernel_param *start,
                     const struct kernel_param *end)
{
    char name[PARAM_NAME_MAX + 1];
    char val[PARAM_VALUE_MAX + 1];
    const struct kernel_param *param;
    size_t nlen, vlen = 0;
    bool has_val = false, negated = false;
    int rc = 0;

    for ( nlen = 0; nlen < len && opt[nlen] != '='; nlen++ )
        continue;
    if ( nlen < len )
    {
        has_val = true;
        vlen = len - nlen - 1;
    }

    /* A name too long for the buffer cannot match any option. */
    if ( nlen > PARAM_NAME_MAX )
    {
        memcpy(name, opt, PARAM_NAME_MAX);
        name[PARAM_NAME_MAX] = '\0';
        printk(XENLOG_WARNING "Unknown command line option '%s'\n", name);
        return 1;
    }
    memcpy(name, opt, nlen);
    name[nlen] = '\0';

    param = find_param(name, nlen, start, end);

    /*
     * "no-foo" negates boolean "foo" (and is passed as "no" to a custom
     * parser), unless an option really called "no-foo" exists.
     */
    if ( !param && nlen > 3 && name_matches(name, 3, "no-") )
    {
        param = find_param(name + 3, nlen - 3, start, end);
        if ( param && param->type != OPT_BOOL && param->type != OPT_CUSTOM )
            param = NULL;
        negated = true;
    }

    if ( !param )
    {
        printk(XENLOG_WARNING "Unknown command line option '%s'\n", name);
        return 1;
    }

    /*
     * Parsers need a NUL-terminated value; an over-long one is kept (cut)
     * only so that the warning can show it.
     */
    if ( vlen > PARAM_VALUE_MAX )
    {
        memcpy(val, opt + nlen + 1, PARAM_VALUE_MAX);
        val[PARAM_VALUE_MAX] = '\0';
        if ( param->type != OPT_STR )
            rc = -EINVAL;
    }
    else
    {
        memcpy(val, opt + nlen + 1, vlen);
        val[vlen] = '\0';
    }

    /* Stacking "no-" with a value is ambiguous: reject it. */
    if ( negated && has_val )
        rc = -EINVAL;

    if ( rc == 0 )
    {
        switch ( param->type )
        {
        case OPT_BOOL:
        {
            int b = has_val ? parse_bool(val) : !negated;

            if ( b < 0 || param->len != sizeof(bool) )
                rc = -EINVAL;
            else
                *(bool *)param->par.var = b;
            break;
        }

        case OPT_UINT:
            rc = has_val ? set_integer(param, val) : -EINVAL;
            break;

        case OPT_SIZE:
        {
            unsigned long v;

            if ( !has_val || param->len != sizeof(unsigned long) ||
                 parse_size(val, &v) )
                rc = -EINVAL;
            else
                *(unsigned long *)param->par.var = v;
            break;
        }

        case OPT_STR:
            /* Without a value the string is cleared, as in Xen. */
            if ( param->len == 0 )
                rc = -EINVAL;
            else if ( set_string(param, opt + nlen + 1, vlen) )
            {
                printk(XENLOG_WARNING
                       "Value for option '%s' truncated to %u characters\n",
                       name, param->len - 1);
                return 1;
            }
            break;

        case OPT_CUSTOM:
            if ( negated )
                memcpy(val, "no", sizeof("no"));
            rc = param->par.func(val) ? -EINVAL : 0;
            break;

        default:
            rc = -EINVAL;
            break;
        }
    }

    if ( rc )
    {
        printk(XENLOG_WARNING "Bad value for option '%s': '%s'\n", name, val);
        return 1;
    }

    return 0;
}

int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end)
{
    const char *p = cmdline;
    int problems = 0;

    if ( !p )
        return 0;

    for ( ; ; )
    {
        const char *opt;

        while ( is_separator(*p) )
            p++;
        if ( *p == '\0' )
            break;

        for ( opt = p; *p != '\0' && !is_separator(*p); p++ )
            continue;

        problems += parse_one(opt, p - opt, start, end);
    }

    return problems;
}

void __init cmdline_parse(const char *cmdline)
{
    parse_params(cmdline, __setup_start, __setup_end);
}
