/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The command-line parser (parse_params() in xen/common/kernel.c) on
 * arbitrary text, against a table with an option of every type.  Each
 * variable sits in a heap block of exactly its size, so a write past it
 * is caught by ASan instead of landing in a neighbour.
 */
#include "fuzz.h"

#include <xen/errno.h>
#include <xen/param.h>

#define STR_LEN 8

static bool *opt_flag, *opt_dash, *opt_under, *opt_no_real;
static unsigned int *opt_uint;
static unsigned long *opt_ulong, *opt_size;
static char *opt_str, *opt_tiny;

static unsigned int custom_calls;

static int parse_custom(const char *s)
{
    /* The value must be terminated within the parser's own buffer. */
    fuzz_check(strnlen(s, PARAM_VALUE_MAX + 1) <= PARAM_VALUE_MAX);
    custom_calls++;

    return s[0] == 'x' ? -EINVAL : 0;
}

static struct kernel_param params[10];

static void *alloc_var(size_t size)
{
    void *p = calloc(1, size);

    if ( !p )
        abort();
    return p;
}

static void add_param(unsigned int i, const char *name, enum param_type type,
                      unsigned int len, void *var)
{
    params[i].name = name;
    params[i].type = type;
    params[i].len = len;
    params[i].par.var = var;
}

static void setup(void)
{
    opt_flag = alloc_var(sizeof(*opt_flag));
    opt_dash = alloc_var(sizeof(*opt_dash));
    opt_under = alloc_var(sizeof(*opt_under));
    opt_no_real = alloc_var(sizeof(*opt_no_real));
    opt_uint = alloc_var(sizeof(*opt_uint));
    opt_ulong = alloc_var(sizeof(*opt_ulong));
    opt_size = alloc_var(sizeof(*opt_size));
    opt_str = alloc_var(STR_LEN);
    opt_tiny = alloc_var(1);

    add_param(0, "flag", OPT_BOOL, sizeof(bool), opt_flag);
    add_param(1, "dash-name", OPT_BOOL, sizeof(bool), opt_dash);
    add_param(2, "under_score", OPT_BOOL, sizeof(bool), opt_under);
    /* Shadows "no-" applied to "real", which does not exist. */
    add_param(3, "no-real", OPT_BOOL, sizeof(bool), opt_no_real);
    add_param(4, "uint", OPT_UINT, sizeof(unsigned int), opt_uint);
    add_param(5, "ulong", OPT_UINT, sizeof(unsigned long), opt_ulong);
    add_param(6, "size", OPT_SIZE, sizeof(unsigned long), opt_size);
    add_param(7, "str", OPT_STR, STR_LEN, opt_str);
    add_param(8, "tiny", OPT_STR, 1, opt_tiny);
    params[9].name = "custom";
    params[9].type = OPT_CUSTOM;
    params[9].par.func = parse_custom;
}

static bool is_sep(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned int count_words(const char *s)
{
    unsigned int n = 0;
    bool in_word = false;

    for ( ; *s; s++ )
    {
        if ( !is_sep(*s) && !in_word )
            n++;
        in_word = !is_sep(*s);
    }

    return n;
}

/*
 * Lines the parser logged at XENLOG_WARNING, one per problem, or -1 if
 * the log may have filled up.  No name or value can hold a line end.
 * (Plain loops: the str*() functions linked here are the hypervisor's,
 * instrumented for coverage, and slow to call on the whole log.)
 */
static int count_warnings(void)
{
    static const char tag[] = XENLOG_WARNING;
    size_t i, len = 0;
    int n = 0;
    bool line_start = true;

    BUILD_BUG_ON(sizeof(tag) != 4);
    for ( i = 0; unit_log[i]; i++ )
    {
        if ( line_start && unit_log[i] == tag[0] &&
             unit_log[i + 1] == tag[1] && unit_log[i + 2] == tag[2] )
            n++;
        line_start = unit_log[i] == '\n';
        len++;
    }

    return len >= 60000 ? -1 : n;
}

/* Reads a bool variable as bytes: anything but 0 or 1 is corruption. */
static void check_bool(const bool *b)
{
    uint8_t v;

    memcpy(&v, b, 1);
    fuzz_check(v <= 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *cmdline;
    unsigned int words;
    int problems;

    if ( !params[0].name )
        setup();

    cmdline = malloc(size + 1);
    if ( !cmdline )
        abort();
    memcpy(cmdline, data, size);
    cmdline[size] = '\0';

    unit_log_reset();
    custom_calls = 0;
    words = count_words(cmdline);

    problems = parse_params(cmdline, params, params + ARRAY_SIZE(params));

    fuzz_check(problems >= 0 && (unsigned int)problems <= words);
    fuzz_check(custom_calls <= words);
    fuzz_check(count_warnings() == problems || count_warnings() < 0);

    check_bool(opt_flag);
    check_bool(opt_dash);
    check_bool(opt_under);
    check_bool(opt_no_real);
    fuzz_check(memchr(opt_str, '\0', STR_LEN) != NULL);
    fuzz_check(opt_tiny[0] == '\0');

    free(cmdline);

    return 0;
}
