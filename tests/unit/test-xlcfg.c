/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl.cfg parser (tools/libs/xlcfg): the grammar, the store and its
 * getters, command-line overrides, the exact place and wording of every
 * syntax error, and the PVH domain configuration built from the store.
 * A host library, so this test uses the C library directly, not the
 * hypervisor shim the other unit tests link.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "xlcfg.h"

/* ------------------------------------------------------------ helpers */

static struct xlcfg *parse_ok(const char *text)
{
    struct xlcfg *cfg = xlcfg_new();
    char *err = NULL;

    assert_non_null(cfg);
    if ( xlcfg_parse(cfg, "vm.cfg", text, strlen(text), &err) )
        fail_msg("unexpected error: %s", err ? err : "(null)");
    assert_null(err);

    return cfg;
}

/* Parse data[0 .. size) and expect exactly the message want. */
static void parse_fails_n(const char *data, size_t size, const char *want)
{
    struct xlcfg *cfg = xlcfg_new();
    char *err = NULL;

    assert_non_null(cfg);
    assert_int_equal(xlcfg_parse(cfg, "vm.cfg", data, size, &err), -1);
    assert_non_null(err);
    assert_string_equal(err, want);
    assert_int_equal(cfg->nr_settings, 0);
    free(err);
    xlcfg_free(cfg);
}

static void parse_fails(const char *text, const char *want)
{
    parse_fails_n(text, strlen(text), want);
}

static const char *get_str(const struct xlcfg *cfg, const char *key)
{
    const char *s = NULL;
    char *err = NULL;

    assert_int_equal(xlcfg_get_string(cfg, key, &s, &err), 0);
    return s;
}

static long get_long(const struct xlcfg *cfg, const char *key)
{
    long l = -1;
    char *err = NULL;

    assert_int_equal(xlcfg_get_long(cfg, key, LONG_MIN, LONG_MAX, &l,
                                    &err), 0);
    return l;
}

/* The domain configuration of text, which must be valid. */
static void dom_ok(const char *text, struct domain_config *dc,
                   struct xlcfg_msgs *warnings)
{
    struct xlcfg *cfg = parse_ok(text);
    char *err = NULL;

    memset(warnings, 0, sizeof(*warnings));
    if ( xlcfg_domain_config(cfg, dc, warnings, &err) )
        fail_msg("unexpected error: %s", err ? err : "(null)");
    xlcfg_free(cfg);
}

static void dom_fails(const char *text, const char *want)
{
    struct xlcfg *cfg = parse_ok(text);
    struct xlcfg_msgs warnings = { 0 };
    struct domain_config dc;
    char *err = NULL;

    assert_int_equal(xlcfg_domain_config(cfg, &dc, &warnings, &err), -1);
    assert_non_null(err);
    assert_string_equal(err, want);
    assert_null(dc.name);
    assert_null(dc.kernel);
    free(err);
    xlcfg_msgs_free(&warnings);
    xlcfg_free(cfg);
}

#define MINIMAL "name = \"vm\"\ntype = \"pvh\"\nkernel = \"/k\"\n"

/* ---------------------------------------------------------- good input */

static void test_all_keys(void **state)
{
    struct domain_config dc;
    struct xlcfg_msgs w;

    dom_ok("# A PVH guest\n"
           "name = \"guest-1\"\n"
           "type = 'pvh'\n"
           "pvh = 1\n"
           "kernel = \"/boot/vmlinuz\"\n"
           "ramdisk = \"/boot/initrd.img\"\n"
           "cmdline = \"console=hvc0 quiet\"\n"
           "memory = 512\n"
           "maxmem = 0x400\n"
           "vcpus = 2\n"
           "maxvcpus = 4\n"
           "on_poweroff = \"preserve\"\n"
           "on_reboot = \"rename-restart\"\n"
           "on_crash = \"coredump-restart\"\n", &dc, &w);

    assert_string_equal(dc.name, "guest-1");
    assert_string_equal(dc.kernel, "/boot/vmlinuz");
    assert_string_equal(dc.ramdisk, "/boot/initrd.img");
    assert_string_equal(dc.cmdline, "console=hvc0 quiet");
    assert_int_equal(dc.memory_mb, 512);
    assert_int_equal(dc.maxmem_mb, 1024);
    assert_int_equal(dc.vcpus, 2);
    assert_int_equal(dc.max_vcpus, 4);
    assert_int_equal(dc.on_poweroff, XLCFG_ACTION_PRESERVE);
    assert_int_equal(dc.on_reboot, XLCFG_ACTION_RENAME_RESTART);
    assert_int_equal(dc.on_crash, XLCFG_ACTION_COREDUMP_RESTART);
    assert_int_equal(w.nr, 0);
    domain_config_free(&dc);
}

static void test_defaults(void **state)
{
    struct domain_config dc;
    struct xlcfg_msgs w;

    dom_ok(MINIMAL, &dc, &w);
    assert_null(dc.ramdisk);
    assert_null(dc.cmdline);
    /* libxl's defaults. */
    assert_int_equal(dc.memory_mb, 32);
    assert_int_equal(dc.maxmem_mb, 32);
    assert_int_equal(dc.vcpus, 1);
    assert_int_equal(dc.max_vcpus, 1);
    assert_int_equal(dc.on_poweroff, XLCFG_ACTION_DESTROY);
    assert_int_equal(dc.on_reboot, XLCFG_ACTION_RESTART);
    assert_int_equal(dc.on_crash, XLCFG_ACTION_DESTROY);
    assert_string_equal(xlcfg_action_name(dc.on_reboot), "restart");
    assert_string_equal(xlcfg_action_name(XLCFG_ACTION_SOFT_RESET),
                        "soft-reset");
    assert_null(xlcfg_action_name(99));
    assert_int_equal(w.nr, 0);
    domain_config_free(&dc);

    /* pvh = 1 alone selects PVH; maxmem follows a given memory. */
    dom_ok("name='a'\npvh=1\nkernel='k'\nmemory=64\nvcpus=3", &dc, &w);
    assert_int_equal(dc.maxmem_mb, 64);
    assert_int_equal(dc.max_vcpus, 3);
    domain_config_free(&dc);
}

static void test_cmdline_rule(void **state)
{
    struct domain_config dc;
    struct xlcfg_msgs w;

    dom_ok(MINIMAL "root = \"/dev/xvda1 ro\"\nextra = \"console=hvc0\"\n",
           &dc, &w);
    assert_string_equal(dc.cmdline, "root=/dev/xvda1 ro console=hvc0");
    domain_config_free(&dc);

    dom_ok(MINIMAL "root = \"/dev/xvda1\"\n", &dc, &w);
    assert_string_equal(dc.cmdline, "root=/dev/xvda1");
    domain_config_free(&dc);

    dom_ok(MINIMAL "extra = \"init=/bin/sh\"\n", &dc, &w);
    assert_string_equal(dc.cmdline, "init=/bin/sh");
    assert_int_equal(w.nr, 0);
    domain_config_free(&dc);

    dom_ok(MINIMAL "root = \"r\"\ncmdline = \"c\"\nextra = \"e\"\n", &dc,
           &w);
    assert_string_equal(dc.cmdline, "c");
    assert_int_equal(w.nr, 1);
    assert_string_equal(w.msg[0], "vm.cfg:5: warning: ignoring root= and "
                        "extra= in favour of cmdline=");
    xlcfg_msgs_free(&w);
    domain_config_free(&dc);
}

static void test_lists(void **state)
{
    struct xlcfg *cfg;
    const char **items;
    const char *s;
    size_t nr;
    char *err = NULL;

    cfg = parse_ok("disk = [ 'phy:/dev/vg/a,xvda,w',\n"
                   "        # a comment inside the list\n"
                   "\n"
                   "        \"file:/b.img,xvdb,r\" , ]\n"
                   "cpus = [0, 0x1, 2]\n"
                   "empty = []\n"
                   "nested = [ [ '1', 2 ], [] ]\n");
    assert_int_equal(xlcfg_get_list(cfg, "disk", &items, &nr, &err), 0);
    assert_int_equal(nr, 2);
    assert_string_equal(items[0], "phy:/dev/vg/a,xvda,w");
    assert_string_equal(items[1], "file:/b.img,xvdb,r");
    assert_null(items[2]);
    free(items);

    /* Numbers in lists come back as written, as in Xen. */
    assert_int_equal(xlcfg_get_list(cfg, "cpus", &items, &nr, &err), 0);
    assert_int_equal(nr, 3);
    assert_string_equal(items[1], "0x1");
    free(items);

    assert_int_equal(xlcfg_get_list(cfg, "empty", &items, &nr, &err), 0);
    assert_int_equal(nr, 0);
    assert_null(items[0]);
    free(items);

    assert_int_equal(xlcfg_find(cfg, "nested")->value->nr_items, 2);
    assert_int_equal(xlcfg_get_list(cfg, "nested", &items, &nr, &err), -1);
    assert_string_equal(err, "vm.cfg:7:12: 'nested' must be a list of "
                        "strings, not of lists");
    free(err);

    assert_int_equal(xlcfg_get_list(cfg, "absent", &items, &nr, &err), 1);
    xlcfg_free(cfg);

    cfg = parse_ok("x = 'a'");
    assert_int_equal(xlcfg_get_list(cfg, "x", &items, &nr, &err), -1);
    assert_string_equal(err, "vm.cfg:1:5: 'x' must be a list");
    free(err);
    assert_int_equal(xlcfg_get_string(cfg, "x", &s, &err), 0);
    xlcfg_free(cfg);

    cfg = parse_ok("x = [1]");
    assert_int_equal(xlcfg_get_string(cfg, "x", &s, &err), -1);
    assert_string_equal(err, "vm.cfg:1:5: 'x' must be a single value, not "
                        "a list");
    free(err);
    xlcfg_free(cfg);
}

static void test_comments_semicolons(void **state)
{
    struct xlcfg *cfg;

    cfg = parse_ok("# only a comment\n"
                   ";;\n"
                   "a = 1; b = \"two\" ;c='3'# trailing comment\n"
                   "\t d\t=\t4 \r\n"
                   "e = \"has # and ; inside\"\n"
                   "f = 5");              /* no final newline */
    assert_int_equal(cfg->nr_settings, 6);
    assert_int_equal(get_long(cfg, "a"), 1);
    assert_string_equal(get_str(cfg, "b"), "two");
    assert_string_equal(get_str(cfg, "c"), "3");
    assert_int_equal(get_long(cfg, "d"), 4);
    assert_string_equal(get_str(cfg, "e"), "has # and ; inside");
    assert_int_equal(get_long(cfg, "f"), 5);
    assert_int_equal(xlcfg_find(cfg, "d")->line, 4);
    assert_int_equal(xlcfg_find(cfg, "d")->col, 3);
    xlcfg_free(cfg);

    cfg = parse_ok("");
    assert_int_equal(cfg->nr_settings, 0);
    xlcfg_free(cfg);
}

static void test_quotes_escapes(void **state)
{
    struct xlcfg *cfg;

    cfg = parse_ok("a = \"it's \\\"quoted\\\"\"\n"
                   "b = 'say \"hi\" \\'there\\''\n"
                   "c = \"\\a\\b\\f\\n\\r\\t\\v\\\\\"\n"
                   "d = '\\x41\\x7a\\101\\60\\0101'\n"
                   "e = \"\"\n"
                   "f = '\xc3\xa9t\xc3\xa9'\n");
    assert_string_equal(get_str(cfg, "a"), "it's \"quoted\"");
    assert_string_equal(get_str(cfg, "b"), "say \"hi\" 'there'");
    assert_string_equal(get_str(cfg, "c"), "\a\b\f\n\r\t\v\\");
    /* At most three octal digits: \0101 is \010 then '1'. */
    assert_string_equal(get_str(cfg, "d"), "AzA0\b1");
    assert_string_equal(get_str(cfg, "e"), "");
    assert_string_equal(get_str(cfg, "f"), "\xc3\xa9t\xc3\xa9");
    xlcfg_free(cfg);
}

static void test_numbers(void **state)
{
    struct xlcfg *cfg;
    char *err = NULL;
    long l;
    bool b;

    cfg = parse_ok("dec = 1234\nhex = 0xfF\nHEX = 0X10\noct = 010\n"
                   "zero = 0\nmax = 9223372036854775807\n"
                   "str = \"0x20\"\nbad = \"12 \"\nt = 1\nf = 0\n"
                   "two = 2\n");
    assert_int_equal(get_long(cfg, "dec"), 1234);
    assert_int_equal(get_long(cfg, "hex"), 255);
    assert_int_equal(get_long(cfg, "HEX"), 16);
    assert_int_equal(get_long(cfg, "oct"), 8);
    assert_int_equal(get_long(cfg, "zero"), 0);
    assert_true(get_long(cfg, "max") == LONG_MAX);
    /* A string holding a number is one, as in Xen. */
    assert_int_equal(get_long(cfg, "str"), 32);
    /* A number is also a string: its text. */
    assert_string_equal(get_str(cfg, "hex"), "0xfF");

    assert_int_equal(xlcfg_get_long(cfg, "bad", 0, 10, &l, &err), -1);
    assert_string_equal(err, "vm.cfg:8:7: 'bad' must be a number");
    free(err);
    assert_int_equal(xlcfg_get_long(cfg, "dec", 0, 1000, &l, &err), -1);
    assert_string_equal(err, "vm.cfg:1:7: 'dec' is 1234, out of range "
                        "(0 to 1000)");
    free(err);
    assert_int_equal(xlcfg_get_long(cfg, "none", 0, 1, &l, &err), 1);

    assert_int_equal(xlcfg_get_bool(cfg, "t", &b, &err), 0);
    assert_true(b);
    assert_int_equal(xlcfg_get_bool(cfg, "f", &b, &err), 0);
    assert_false(b);
    assert_int_equal(xlcfg_get_bool(cfg, "two", &b, &err), -1);
    assert_string_equal(err, "vm.cfg:11:7: 'two' must be 0 or 1");
    free(err);
    assert_int_equal(xlcfg_get_bool(cfg, "none", &b, &err), 1);
    xlcfg_free(cfg);
}

static void test_duplicates(void **state)
{
    struct xlcfg *cfg = parse_ok("memory = 128\nname = 'a'\nmemory = 256\n");

    /* The later value wins, as in Xen; the key keeps its first slot. */
    assert_int_equal(cfg->nr_settings, 2);
    assert_string_equal(cfg->settings[0].key, "memory");
    assert_int_equal(get_long(cfg, "memory"), 256);
    assert_int_equal(xlcfg_find(cfg, "memory")->line, 3);
    xlcfg_free(cfg);
}

static void test_overrides(void **state)
{
    struct xlcfg *cfg = parse_ok(MINIMAL "memory = 128\n");
    struct domain_config dc;
    struct xlcfg_msgs w = { 0 };
    char *err = NULL;

    assert_int_equal(xlcfg_parse_override(cfg, "memory=256", 1, &err), 0);
    assert_int_equal(xlcfg_parse_override(cfg, "extra = 'a b'", 2, &err),
                     0);
    assert_int_equal(xlcfg_parse_override(cfg, "disk=['x']", 3, &err), 0);
    assert_string_equal(xlcfg_find(cfg, "memory")->source, "command line");
    assert_int_equal(xlcfg_find(cfg, "memory")->line, 1);
    assert_string_equal(xlcfg_find(cfg, "name")->source, "vm.cfg");

    /* Failures name the override and leave the store alone. */
    assert_int_equal(xlcfg_parse_override(cfg, "memory=", 4, &err), -1);
    assert_string_equal(err, "command line:4:8: missing value for 'memory'");
    free(err);
    assert_int_equal(xlcfg_parse_override(cfg, "memory 5", 5, &err), -1);
    assert_string_equal(err, "command line:5:8: expected '=' after "
                        "'memory'");
    free(err);
    assert_int_equal(xlcfg_parse_override(cfg, "a=1;b=2", 6, &err), -1);
    assert_string_equal(err, "command line:6: an override must be a single "
                        "KEY=VALUE");
    free(err);
    assert_int_equal(xlcfg_parse_override(cfg, "", 7, &err), -1);
    assert_string_equal(err, "command line:7: an override must be a single "
                        "KEY=VALUE");
    free(err);
    assert_int_equal(xlcfg_parse_override(cfg, "a=[1,\n2]", 8, &err), -1);
    free(err);
    assert_null(xlcfg_find(cfg, "a"));
    assert_int_equal(get_long(cfg, "memory"), 256);

    assert_int_equal(xlcfg_domain_config(cfg, &dc, &w, &err), 0);
    assert_int_equal(dc.memory_mb, 256);
    assert_string_equal(dc.cmdline, "a b");
    assert_int_equal(w.nr, 1);
    assert_string_equal(w.msg[0], "command line:3: warning: 'disk' is not "
                        "supported yet, ignored");
    xlcfg_msgs_free(&w);
    domain_config_free(&dc);
    xlcfg_free(cfg);
}

static void test_parse_file(void **state)
{
    char path[] = "/tmp/test-xlcfg-XXXXXX";
    struct xlcfg *cfg = xlcfg_new();
    char *err = NULL;
    FILE *f;
    int fd;

    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("name = 'from-file'\nmemory = 1 2\n", f);
    fclose(f);

    assert_int_equal(xlcfg_parse_file(cfg, path, &err), -1);
    assert_true(!strncmp(err, path, strlen(path)));
    assert_string_equal(err + strlen(path), ":2:12: unexpected '2' after "
                        "the value of 'memory'");
    free(err);

    f = fopen(path, "w");
    assert_non_null(f);
    fputs("name = 'from-file'\n", f);
    fclose(f);
    assert_int_equal(xlcfg_parse_file(cfg, path, &err), 0);
    assert_string_equal(get_str(cfg, "name"), "from-file");
    unlink(path);

    assert_int_equal(xlcfg_parse_file(cfg, path, &err), -1);
    assert_true(!strncmp(err, path, strlen(path)));
    assert_string_equal(err + strlen(path),
                        ": cannot open: No such file or directory");
    free(err);
    xlcfg_free(cfg);
}

/* ----------------------------------------------------------- bad input */

static void test_syntax_errors(void **state)
{
    parse_fails("name = \"abc\n", "vm.cfg:1:8: unterminated string");
    parse_fails("name = 'abc", "vm.cfg:1:8: unterminated string");
    parse_fails("name = 'abc\\'", "vm.cfg:1:8: unterminated string");
    parse_fails("name = \"a\\\nb\"", "vm.cfg:1:8: unterminated string");
    parse_fails("name = \"a\"\nkernel = \"k\"\n    memory 128\n",
                "vm.cfg:3:12: expected '=' after 'memory'");
    parse_fails("memory\n= 1", "vm.cfg:1:7: expected '=' after 'memory'");
    parse_fails("memory = 12abc", "vm.cfg:1:10: bad number '12abc'");
    parse_fails("memory = 0x", "vm.cfg:1:10: bad number '0x'");
    parse_fails("memory = 09", "vm.cfg:1:10: bad number '09'");
    parse_fails("memory = 1.5", "vm.cfg:1:10: bad number '1.5'");
    parse_fails("memory = 9223372036854775808",
                "vm.cfg:1:10: number '9223372036854775808' is too large "
                "(the largest is 9223372036854775807)");
    parse_fails("memory = 0x8000000000000000",
                "vm.cfg:1:10: number '0x8000000000000000' is too large "
                "(the largest is 9223372036854775807)");
    parse_fails("memory = 99999999999999999999z",
                "vm.cfg:1:10: bad number '99999999999999999999z'");
    parse_fails("disk = [ 'a',\n  'b'\n", "vm.cfg:1:8: unterminated list");
    parse_fails("disk = [ 'a',\nname = 'x'\n",
                "vm.cfg:1:8: unterminated list");
    parse_fails("disk = [ 'a'\nname = 'x'\n",
                "vm.cfg:1:8: unterminated list");
    parse_fails("disk = [ 'a' 'b' ]",
                "vm.cfg:1:14: expected ',' or ']' in the list of 'disk', "
                "found '''");
    parse_fails("disk = [ , ]",
                "vm.cfg:1:10: expected a value before ',' in the list of "
                "'disk'");
    parse_fails("disk = [ 'a',, ]",
                "vm.cfg:1:14: expected a value before ',' in the list of "
                "'disk'");
    parse_fails("name = \"a\" b",
                "vm.cfg:1:12: unexpected 'b' after the value of 'name'");
    parse_fails("name = 'a' = 'b'",
                "vm.cfg:1:12: unexpected '=' after the value of 'name'");
    parse_fails("memory = 1 ]",
                "vm.cfg:1:12: unexpected ']' after the value of 'memory'");
    parse_fails(" = 3", "vm.cfg:1:2: empty key before '='");
    parse_fails("a = 1\n= 3", "vm.cfg:2:1: empty key before '='");
    parse_fails("memory =\n", "vm.cfg:1:9: missing value for 'memory'");
    parse_fails("memory = ;", "vm.cfg:1:10: missing value for 'memory'");
    parse_fails("memory = # none", "vm.cfg:1:10: missing value for 'memory'");
    parse_fails("name = vm1", "vm.cfg:1:8: the value of 'name' must be "
                "quoted (a string), a number or a list");
    parse_fails("memory = -1", "vm.cfg:1:10: expected a value for 'memory' "
                "(a quoted string, a number or a list), found '-'");
    parse_fails("1abc = 2", "vm.cfg:1:1: expected a key, found '1'");
    parse_fails("memory += 2", "vm.cfg:1:8: expected '=' after 'memory'");
    parse_fails("na-me = 2", "vm.cfg:1:3: expected '=' after 'na'");
    parse_fails("\xff = 1", "vm.cfg:1:1: expected a key, found byte 0xff");
    parse_fails("name = 'a\\qb'",
                "vm.cfg:1:10: unknown escape '\\q' in string");
    parse_fails("name = 'a\\ b'",
                "vm.cfg:1:10: unknown escape: '\\' followed by byte 0x20 in "
                "string");
    parse_fails("name = 'a\\x4'",
                "vm.cfg:1:10: '\\x' must be followed by two hex digits");
    parse_fails("name = 'a\\xg0'",
                "vm.cfg:1:10: '\\x' must be followed by two hex digits");
    parse_fails("name = 'a\\400'", "vm.cfg:1:10: octal escape above \\377");
    parse_fails("name = 'a\\0'",
                "vm.cfg:1:10: escape gives a NUL byte in string");
    parse_fails("name = 'a\\x00'",
                "vm.cfg:1:10: escape gives a NUL byte in string");
    parse_fails("a = [[[[['too deep']]]]]",
                "vm.cfg:1:9: lists nested too deeply (limit 4)");
}

static void test_nul_bytes(void **state)
{
    static const char text[] = "name = \"a\0b\"\n";

    parse_fails_n(text, sizeof(text) - 1, "vm.cfg:1:10: NUL byte in input");
    parse_fails_n("\0", 1, "vm.cfg:1:1: NUL byte in input");
    /* Found before any syntax error later in the file, too. */
    parse_fails_n("a = b\n\0", 7, "vm.cfg:2:1: NUL byte in input");
}

static void test_limits(void **state)
{
    size_t big = XLCFG_MAX_SIZE + 1, n, i;
    char *buf = malloc(big + 1);
    struct xlcfg *cfg;

    assert_non_null(buf);

    /* A line of exactly the limit is fine, one byte more is not. */
    memset(buf, ' ', XLCFG_MAX_LINE);
    memcpy(buf, "a = 1 #", 7);
    buf[XLCFG_MAX_LINE] = '\0';
    cfg = parse_ok(buf);
    xlcfg_free(cfg);
    n = snprintf(buf, big, "a = 1\n");
    memset(buf + n, '#', 5000);
    buf[n + 5000] = '\0';
    parse_fails(buf, "vm.cfg:2:4097: line longer than 4096 bytes");

    memset(buf, '\n', big);
    parse_fails_n(buf, big, "vm.cfg: too large (1048577 bytes, the limit "
                  "is 1048576)");

    /* Too many values in one list. */
    n = snprintf(buf, big, "l = [");
    for ( i = 0; i <= XLCFG_MAX_ITEMS; i++ )
        n += snprintf(buf + n, big - n, "%zu,\n", i);
    n += snprintf(buf + n, big - n, "]");
    parse_fails(buf, "vm.cfg:1025:1: too many values in the list of 'l' "
                "(limit 1024)");

    /* Too many keys; repeating one is not another. */
    n = 0;
    for ( i = 0; i <= XLCFG_MAX_SETTINGS; i++ )
        n += snprintf(buf + n, big - n, "k%zu = 1\nk0 = 2\n", i);
    parse_fails(buf, "vm.cfg:2049:1: too many settings (limit 1024)");

    /* The limit counts what the store holds already. */
    n = 0;
    for ( i = 0; i < XLCFG_MAX_SETTINGS; i++ )
        n += snprintf(buf + n, big - n, "k%zu = 1\n", i);
    cfg = parse_ok(buf);
    assert_int_equal(cfg->nr_settings, XLCFG_MAX_SETTINGS);
    {
        char *err = NULL;

        assert_int_equal(xlcfg_parse_override(cfg, "k5=2", 1, &err), 0);
        assert_int_equal(xlcfg_parse_override(cfg, "new=2", 2, &err), -1);
        assert_string_equal(err, "command line:2:1: too many settings "
                            "(limit 1024)");
        free(err);
    }
    xlcfg_free(cfg);
    free(buf);
}

static void test_failed_parse_keeps_store(void **state)
{
    struct xlcfg *cfg = parse_ok("a = 1\n");
    char *err = NULL;
    static const char more[] = "a = 2\nb = 3\nc = [\n";

    assert_int_equal(xlcfg_parse(cfg, "more.cfg", more, strlen(more), &err),
                     -1);
    assert_string_equal(err, "more.cfg:3:5: unterminated list");
    free(err);
    assert_int_equal(cfg->nr_settings, 1);
    assert_int_equal(get_long(cfg, "a"), 1);
    xlcfg_free(cfg);
}

/* ------------------------------------------------------ semantic layer */

static void test_semantic_errors(void **state)
{
    dom_fails("type = 'pvh'\nkernel = 'k'\n", "vm.cfg: 'name' is required");
    dom_fails("name = ''\n", "vm.cfg:1:8: 'name' must not be empty");
    dom_fails("name = ['a']\n",
              "vm.cfg:1:8: 'name' must be a single value, not a list");
    dom_fails("name = 'a'\ntype = 'pvh'\n", "vm.cfg: 'kernel' is required");
    dom_fails("name = 'a'\ntype = 'pv'\nkernel = 'k'\n",
              "vm.cfg:2:8: type = \"pv\" is not supported: only PVH guests "
              "are (type = \"pvh\")");
    dom_fails("name = 'a'\ntype = \"hvm\"\nkernel = 'k'\n",
              "vm.cfg:2:8: type = \"hvm\" is not supported: only PVH guests "
              "are (type = \"pvh\")");
    dom_fails("name = 'a'\ntype = 'pvhx'\n",
              "vm.cfg:2:8: unknown type \"pvhx\" (only \"pvh\" is "
              "supported)");
    dom_fails("name = 'a'\npvh = 0\nkernel = 'k'\n",
              "vm.cfg:2:7: pvh = 0 with no type means a PV guest, which is "
              "not supported: only PVH guests are (type = \"pvh\")");
    dom_fails("name = 'a'\npvh = 2\n", "vm.cfg:2:7: 'pvh' must be 0 or 1");
    dom_fails("name = 'a'\ntype = 'pvh'\npvh = 0\n",
              "vm.cfg:3:7: pvh = 0 contradicts type = \"pvh\"");
    dom_fails("name = 'a'\nkernel = 'k'\n",
              "vm.cfg: no guest type given, which means PV, and PV is not "
              "supported: only PVH guests are (type = \"pvh\")");
    dom_fails("name = 'a'\nbuilder = 'hvm'\n",
              "vm.cfg:2:11: builder = \"hvm\" is not supported: only PVH "
              "guests are (type = \"pvh\")");
    dom_fails(MINIMAL "memory = 128\nmaxmem = 64\n",
              "vm.cfg:5:10: maxmem (64) is less than memory (128)");
    dom_fails(MINIMAL "maxmem = 16\n",
              "vm.cfg:4:10: maxmem (16) is less than memory (32)");
    dom_fails(MINIMAL "memory = 0\n",
              "vm.cfg:4:10: 'memory' is 0, out of range (1 to 16777216)");
    dom_fails(MINIMAL "memory = 'lots'\n",
              "vm.cfg:4:10: 'memory' must be a number");
    dom_fails(MINIMAL "vcpus = 65\n",
              "vm.cfg:4:9: 'vcpus' is 65, out of range (1 to 64)");
    dom_fails(MINIMAL "vcpus = 4\nmaxvcpus = 2\n",
              "vm.cfg:5:12: maxvcpus (2) is less than vcpus (4)");
    dom_fails(MINIMAL "on_crash = 'explode'\n",
              "vm.cfg:4:12: on_crash = \"explode\" is not an action "
              "(destroy, restart, rename-restart, preserve, "
              "coredump-destroy, coredump-restart, soft-reset)");
    dom_fails(MINIMAL "on_poweroff = ['destroy']\n",
              "vm.cfg:4:15: 'on_poweroff' must be a single value, not a "
              "list");
    dom_fails(MINIMAL "on_reboot = 'Restart'\n",
              "vm.cfg:4:13: on_reboot = \"Restart\" is not an action "
              "(destroy, restart, rename-restart, preserve, "
              "coredump-destroy, coredump-restart, soft-reset)");
    dom_fails(MINIMAL "extra = ['a']\n",
              "vm.cfg:4:9: 'extra' must be a single value, not a list");
}

static void test_warnings(void **state)
{
    struct domain_config dc;
    struct xlcfg_msgs w;
    struct xlcfg *cfg;
    char *err = NULL;

    dom_ok(MINIMAL "foo = 1\ndisk = ['a']\nvif = []\n"
           "bootloader = 'pygrub'\n", &dc, &w);
    assert_int_equal(w.nr, 4);
    assert_string_equal(w.msg[0], "vm.cfg:4: warning: unknown key 'foo' "
                        "ignored");
    assert_string_equal(w.msg[1], "vm.cfg:5: warning: 'disk' is not "
                        "supported yet, ignored");
    assert_string_equal(w.msg[2], "vm.cfg:6: warning: 'vif' is not "
                        "supported yet, ignored");
    assert_string_equal(w.msg[3], "vm.cfg:7: warning: 'bootloader' is not "
                        "supported yet, ignored");
    xlcfg_msgs_free(&w);
    assert_int_equal(w.nr, 0);
    domain_config_free(&dc);

    /* Warnings come back even when the configuration is refused. */
    cfg = parse_ok("bar = 'x'\n");
    memset(&w, 0, sizeof(w));
    assert_int_equal(xlcfg_domain_config(cfg, &dc, &w, &err), -1);
    assert_string_equal(err, "vm.cfg: 'name' is required");
    assert_int_equal(w.nr, 1);
    assert_string_equal(w.msg[0], "vm.cfg:1: warning: unknown key 'bar' "
                        "ignored");
    free(err);
    xlcfg_msgs_free(&w);
    xlcfg_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_keys),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_cmdline_rule),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_comments_semicolons),
        cmocka_unit_test(test_quotes_escapes),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_parse_file),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_failed_parse_keeps_store),
        cmocka_unit_test(test_semantic_errors),
        cmocka_unit_test(test_warnings),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
