/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command-line parameters (xen/common/kernel.c).  The options below are
 * declared with the real *_param() macros; setup.ld collects them into
 * __setup_start[]..__setup_end[] as the hypervisor's linker script does.
 */
#include "unit.h"

#include <xen/errno.h>
#include <xen/param.h>

static bool opt_flag;
boolean_param("flag", opt_flag);
static bool opt_dash;
boolean_param("dash-name", opt_dash);
static bool opt_under;
boolean_param("under_score", opt_under);
static bool opt_no_real;
boolean_param("no-real", opt_no_real);
static unsigned int opt_uint;
integer_param("uint", opt_uint);
static unsigned long opt_ulong;
integer_param("ulong", opt_ulong);
static unsigned long opt_size;
size_param("size", opt_size);
static char opt_str[8];
string_param("str", opt_str);

static char custom_seen[PARAM_VALUE_MAX + 1];
static unsigned int custom_calls;

static int parse_custom(const char *s)
{
    custom_calls++;
    snprintf(custom_seen, sizeof(custom_seen), "%s", s);
    return strcmp(s, "bad") ? 0 : -EINVAL;
}
custom_param("custom", parse_custom);

#define NR_TEST_PARAMS 9

static int parse(const char *cmdline)
{
    return parse_params(cmdline, __setup_start, __setup_end);
}

static int reset(void **state)
{
    opt_flag = opt_dash = opt_under = opt_no_real = false;
    opt_uint = 0;
    opt_ulong = 0;
    opt_size = 0;
    memset(opt_str, 0, sizeof(opt_str));
    custom_seen[0] = '\0';
    custom_calls = 0;
    unit_log_reset();
    return 0;
}

static void test_table_from_macros(void **state)
{
    const struct kernel_param *p;
    unsigned int seen = 0;

    assert_int_equal(__setup_end - __setup_start, NR_TEST_PARAMS);
    for ( p = __setup_start; p < __setup_end; p++ )
    {
        if ( !strcmp(p->name, "uint") )
        {
            assert_int_equal(p->type, OPT_UINT);
            assert_int_equal(p->len, sizeof(unsigned int));
            assert_ptr_equal(p->par.var, &opt_uint);
            seen++;
        }
        else if ( !strcmp(p->name, "ulong") )
        {
            assert_int_equal(p->len, sizeof(unsigned long));
            seen++;
        }
        else if ( !strcmp(p->name, "str") )
        {
            assert_int_equal(p->type, OPT_STR);
            assert_int_equal(p->len, sizeof(opt_str));
            seen++;
        }
        else if ( !strcmp(p->name, "custom") )
        {
            assert_int_equal(p->type, OPT_CUSTOM);
            assert_ptr_equal(p->par.func, parse_custom);
            seen++;
        }
    }
    assert_int_equal(seen, 4);
}

static void test_bool_forms(void **state)
{
    static const char *const on[] = {
        "flag", "flag=1", "flag=yes", "flag=on", "flag=true", "flag=enable",
    };
    static const char *const off[] = {
        "flag=0", "flag=no", "flag=off", "flag=false", "flag=disable",
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(on); i++ )
    {
        opt_flag = false;
        assert_int_equal(parse(on[i]), 0);
        assert_true(opt_flag);
    }
    for ( i = 0; i < ARRAY_SIZE(off); i++ )
    {
        opt_flag = true;
        assert_int_equal(parse(off[i]), 0);
        assert_false(opt_flag);
    }
    assert_string_equal(unit_log, "");
}

static void test_bool_no_prefix(void **state)
{
    opt_flag = true;
    assert_int_equal(parse("no-flag"), 0);
    assert_false(opt_flag);

    opt_flag = true;
    assert_int_equal(parse("no_flag"), 0);
    assert_false(opt_flag);
}

static void test_bool_no_prefix_with_value(void **state)
{
    opt_flag = true;
    assert_int_equal(parse("no-flag=1"), 1);
    assert_true(opt_flag);
    assert_string_equal(unit_log,
                        XENLOG_WARNING
                        "Bad value for option 'no-flag': '1'\n");
}

static void test_real_option_named_no(void **state)
{
    assert_int_equal(parse("no-real"), 0);
    assert_true(opt_no_real);
}

static void test_bool_bad_value(void **state)
{
    assert_int_equal(parse("flag=maybe"), 1);
    assert_false(opt_flag);
    assert_string_equal(unit_log,
                        XENLOG_WARNING
                        "Bad value for option 'flag': 'maybe'\n");
}

static void test_dash_underscore(void **state)
{
    assert_int_equal(parse("dash_name under-score"), 0);
    assert_true(opt_dash);
    assert_true(opt_under);
}

static void test_uint(void **state)
{
    assert_int_equal(parse("uint=42"), 0);
    assert_int_equal(opt_uint, 42);
    assert_int_equal(parse("uint=0x1F"), 0);
    assert_int_equal(opt_uint, 31);
    assert_int_equal(parse("uint=010"), 0);
    assert_int_equal(opt_uint, 8);
    assert_int_equal(parse("uint=0"), 0);
    assert_int_equal(opt_uint, 0);
    assert_int_equal(parse("uint=4294967295"), 0);
    assert_int_equal(opt_uint, 4294967295U);
}

static void test_uint_bad(void **state)
{
    opt_uint = 5;
    assert_int_equal(parse("uint=4294967296 uint=12abc uint=-1 uint= "
                           "uint=0x uint=09"), 6);
    assert_int_equal(opt_uint, 5);
    assert_log_contains("Bad value for option 'uint': '4294967296'\n");
    assert_log_contains("Bad value for option 'uint': '12abc'\n");
    assert_log_contains("Bad value for option 'uint': ''\n");
    assert_int_equal(unit_log_count(XENLOG_WARNING "Bad value"), 6);
}

static void test_ulong(void **state)
{
    assert_int_equal(parse("ulong=0xffffffffffffffff"), 0);
    assert_true(opt_ulong == ~0UL);
    assert_int_equal(parse("ulong=18446744073709551616"), 1);
    assert_true(opt_ulong == ~0UL);
}

static void test_size(void **state)
{
    static const struct {
        const char *cmd;
        unsigned long val;
    } cases[] = {
        { "size=4K", 4096 },
        { "size=4k", 4096 },
        { "size=2M", 2UL << 20 },
        { "size=3G", 3UL << 30 },
        { "size=1T", 1UL << 40 },
        { "size=512B", 512 },
        { "size=3", 3072 },             /* KiB by default, as in Xen */
        { "size=0x10M", 16UL << 20 },
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        assert_int_equal(parse(cases[i].cmd), 0);
        assert_int_equal(opt_size, cases[i].val);
    }

    assert_int_equal(parse("size=5X size=4KB size=16777216T size=M"), 4);
    assert_int_equal(opt_size, 16UL << 20);
}

static void test_string(void **state)
{
    assert_int_equal(parse("str=hello"), 0);
    assert_string_equal(opt_str, "hello");
    assert_int_equal(parse("str=a=b"), 0);
    assert_string_equal(opt_str, "a=b");
    assert_int_equal(parse("str="), 0);
    assert_string_equal(opt_str, "");
    strcpy(opt_str, "x");
    assert_int_equal(parse("str"), 0);
    assert_string_equal(opt_str, "");
}

static void test_string_truncated(void **state)
{
    assert_int_equal(parse("str=abcdefghij"), 1);
    assert_string_equal(opt_str, "abcdefg");
    assert_string_equal(unit_log,
                        XENLOG_WARNING
                        "Value for option 'str' truncated to 7 characters\n");
}

/* A hand-made table: the guard bytes after the buffer must survive. */
static void test_string_no_overflow(void **state)
{
    struct {
        char buf[4];
        char guard[4];
    } g;
    struct kernel_param p = {
        .name = "s", .type = OPT_STR, .len = sizeof(g.buf),
        .par.var = g.buf,
    };
    char longval[600];

    memset(&g, 'G', sizeof(g));
    memset(longval, 0, sizeof(longval));
    strcpy(longval, "s=");
    memset(longval + 2, 'v', sizeof(longval) - 3);

    assert_int_equal(parse_params(longval, &p, &p + 1), 1);
    assert_memory_equal(g.buf, "vvv", 4);
    assert_memory_equal(g.guard, "GGGG", 4);
}

static void test_custom(void **state)
{
    assert_int_equal(parse("custom=abc,def"), 0);
    assert_string_equal(custom_seen, "abc,def");
    assert_int_equal(parse("no-custom"), 0);
    assert_string_equal(custom_seen, "no");
    assert_int_equal(parse("custom"), 0);
    assert_string_equal(custom_seen, "");
    assert_int_equal(custom_calls, 3);
    assert_string_equal(unit_log, "");
}

static void test_custom_error(void **state)
{
    assert_int_equal(parse("custom=bad flag"), 1);
    assert_string_equal(unit_log,
                        XENLOG_WARNING
                        "Bad value for option 'custom': 'bad'\n");
    assert_true(opt_flag);
}

static void test_custom_value_too_long(void **state)
{
    char cmd[PARAM_VALUE_MAX + 20];

    strcpy(cmd, "custom=");
    memset(cmd + 7, 'x', PARAM_VALUE_MAX + 1);
    cmd[7 + PARAM_VALUE_MAX + 1] = '\0';

    assert_int_equal(parse(cmd), 1);
    assert_int_equal(custom_calls, 0);
    assert_int_equal(unit_log_count("Bad value for option 'custom'"), 1);
}

static void test_unknown(void **state)
{
    assert_int_equal(parse("bogus=1 flag"), 1);
    assert_true(opt_flag);
    assert_string_equal(unit_log,
                        XENLOG_WARNING
                        "Unknown command line option 'bogus'\n");
}

static void test_no_prefix_on_non_bool(void **state)
{
    assert_int_equal(parse("no-uint no-"), 2);
    assert_log_contains(XENLOG_WARNING
                        "Unknown command line option 'no-uint'\n");
    assert_log_contains(XENLOG_WARNING
                        "Unknown command line option 'no-'\n");
}

static void test_long_name(void **state)
{
    char cmd[300], expect[PARAM_NAME_MAX + 64];

    memset(cmd, 'n', sizeof(cmd) - 1);
    cmd[sizeof(cmd) - 1] = '\0';
    cmd[200] = '=';

    strcpy(expect, "Unknown command line option '");
    memset(expect + strlen(expect), 'n', PARAM_NAME_MAX);
    strcpy(expect + strlen("Unknown command line option '") +
           PARAM_NAME_MAX, "'\n");

    assert_int_equal(parse(cmd), 1);
    assert_int_equal(unit_log_count(expect), 1);
}

static void test_many_spaces(void **state)
{
    assert_int_equal(parse("   flag     uint=7\t size=1M   "), 0);
    assert_true(opt_flag);
    assert_int_equal(opt_uint, 7);
    assert_int_equal(opt_size, 1UL << 20);
}

static void test_empty(void **state)
{
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("     "), 0);
    assert_int_equal(parse(NULL), 0);
    assert_string_equal(unit_log, "");
}

static void test_missing_value_at_end(void **state)
{
    assert_int_equal(parse("flag uint"), 1);
    assert_true(opt_flag);
    assert_string_equal(unit_log,
                        XENLOG_WARNING "Bad value for option 'uint': ''\n");
}

static void test_problem_count(void **state)
{
    assert_int_equal(parse("a b=2 flag=x uint=1 c size=9Q"), 5);
    assert_int_equal(opt_uint, 1);
    assert_int_equal(unit_log_count(XENLOG_WARNING), 5);
}

static void test_cmdline_parse(void **state)
{
    cmdline_parse("flag uint=3 str=dom0");
    assert_true(opt_flag);
    assert_int_equal(opt_uint, 3);
    assert_string_equal(opt_str, "dom0");
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_table_from_macros),
        T(test_bool_forms),
        T(test_bool_no_prefix),
        T(test_bool_no_prefix_with_value),
        T(test_real_option_named_no),
        T(test_bool_bad_value),
        T(test_dash_underscore),
        T(test_uint),
        T(test_uint_bad),
        T(test_ulong),
        T(test_size),
        T(test_string),
        T(test_string_truncated),
        T(test_string_no_overflow),
        T(test_custom),
        T(test_custom_error),
        T(test_custom_value_too_long),
        T(test_unknown),
        T(test_no_prefix_on_non_bool),
        T(test_long_name),
        T(test_many_spaces),
        T(test_empty),
        T(test_missing_value_at_end),
        T(test_problem_count),
        T(test_cmdline_parse),
    };

    return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
