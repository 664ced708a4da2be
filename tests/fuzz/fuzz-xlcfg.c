/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xl.cfg parser (tools/libs/xlcfg) on arbitrary text: the input as a
 * configuration file, then each of its first lines as a command-line
 * override.  A host library, so unlike the other fuzzers this one uses
 * the C library directly and not the unit-test shim.
 *
 * Checks: an error comes with a message naming the source, and a failed
 * parse or override leaves the store as it was; the store stays within
 * its limits (unique keys, terminated strings, bounded lists); every
 * getter and the domain configuration either succeed or explain why;
 * and writing the store back out as xl.cfg text and parsing that gives
 * the same store.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_check(cond) do {                                           \
    if ( !(cond) )                                                      \
    {                                                                   \
        fprintf(stderr, "%s:%d: check failed: %s\n",                    \
                __FILE__, __LINE__, #cond);                             \
        abort();                                                        \
    }                                                                   \
} while ( 0 )

#define MAX_OVERRIDES 4

/* A growing text buffer. */
struct text {
    char *s;
    size_t len, alloc;
};

static void put(struct text *t, const char *s, size_t n)
{
    if ( t->len + n + 1 > t->alloc )
    {
        t->alloc = (t->len + n + 1) * 2;
        t->s = realloc(t->s, t->alloc);
        if ( !t->s )
            abort();
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void puts_text(struct text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void write_value(struct text *t, const struct xlcfg_value *v,
                        unsigned int depth)
{
    size_t i;

    fuzz_check(depth <= XLCFG_MAX_DEPTH);
    switch ( v->type )
    {
    case XLCFG_NUMBER:
        fuzz_check(v->num >= 0);
        puts_text(t, v->str);
        break;
    case XLCFG_STRING:
        put(t, "\"", 1);
        for ( i = 0; v->str[i]; i++ )
        {
            unsigned char c = v->str[i];
            char esc[8];

            if ( c == '"' || c == '\\' )
            {
                esc[0] = '\\';
                esc[1] = c;
                put(t, esc, 2);
            }
            else if ( c < 0x20 || c == 0x7f )
            {
                snprintf(esc, sizeof(esc), "\\x%02x", c);
                put(t, esc, 4);
            }
            else
                put(t, (const char *)&c, 1);
        }
        put(t, "\"", 1);
        break;
    case XLCFG_LIST:
        fuzz_check(v->nr_items <= XLCFG_MAX_ITEMS);
        /* One item a line keeps lines short. */
        puts_text(t, "[\n");
        for ( i = 0; i < v->nr_items; i++ )
        {
            write_value(t, v->items[i], depth + 1);
            puts_text(t, ",\n");
        }
        puts_text(t, "]");
        break;
    default:
        fuzz_check(!"bad value type");
    }
}

static char *write_store(const struct xlcfg *cfg)
{
    struct text t = { 0 };
    size_t i;

    puts_text(&t, "");
    for ( i = 0; i < cfg->nr_settings; i++ )
    {
        puts_text(&t, cfg->settings[i].key);
        puts_text(&t, " = ");
        write_value(&t, cfg->settings[i].value, 0);
        puts_text(&t, "\n");
    }

    return t.s;
}

static bool same_value(const struct xlcfg_value *a,
                       const struct xlcfg_value *b)
{
    size_t i;

    if ( a->type != b->type || a->nr_items != b->nr_items )
        return false;
    if ( a->type == XLCFG_LIST )
    {
        for ( i = 0; i < a->nr_items; i++ )
            if ( !same_value(a->items[i], b->items[i]) )
                return false;
        return true;
    }
    if ( a->type == XLCFG_NUMBER && a->num != b->num )
        return false;

    return !strcmp(a->str, b->str);
}

static void check_store(const struct xlcfg *cfg)
{
    size_t i, j;

    fuzz_check(cfg->nr_settings <= XLCFG_MAX_SETTINGS);
    for ( i = 0; i < cfg->nr_settings; i++ )
    {
        const struct xlcfg_setting *s = &cfg->settings[i];

        fuzz_check(s->key[0] && strlen(s->key) <= XLCFG_MAX_LINE);
        fuzz_check(s->source && s->value && s->line >= 1 && s->col >= 1);
        for ( j = 0; j < i; j++ )
            fuzz_check(strcmp(cfg->settings[j].key, s->key));
    }
}

static void check_err(int rc, char *err, const char *source)
{
    if ( rc == 0 )
    {
        fuzz_check(err == NULL);
        return;
    }
    fuzz_check(rc == -1 && err != NULL);
    fuzz_check(!strncmp(err, source, strlen(source)));
    fuzz_check(!strchr(err, '\n'));
    free(err);
}

static void check_getters(const struct xlcfg *cfg)
{
    size_t i, nr;

    for ( i = 0; i < cfg->nr_settings; i++ )
    {
        const char *key = cfg->settings[i].key;
        const char **items;
        const char *s;
        char *err = NULL;
        long l;
        bool b;
        int rc;

        rc = xlcfg_get_string(cfg, key, &s, &err);
        fuzz_check(rc == 0 ? strlen(s) <= XLCFG_MAX_LINE : err != NULL);
        free(err);
        err = NULL;
        rc = xlcfg_get_long(cfg, key, -5, 5, &l, &err);
        fuzz_check(rc == 0 ? (l >= -5 && l <= 5) : err != NULL);
        free(err);
        err = NULL;
        rc = xlcfg_get_bool(cfg, key, &b, &err);
        fuzz_check(rc == 0 || err != NULL);
        free(err);
        err = NULL;
        rc = xlcfg_get_list(cfg, key, &items, &nr, &err);
        if ( rc == 0 )
        {
            fuzz_check(nr <= XLCFG_MAX_ITEMS && items[nr] == NULL);
            free(items);
        }
        else
            fuzz_check(rc == -1 && err != NULL);
        free(err);
    }
}

static void check_domain(const struct xlcfg *cfg)
{
    struct xlcfg_msgs w = { 0 };
    struct domain_config dc;
    char *err = NULL;
    size_t i;

    if ( xlcfg_domain_config(cfg, &dc, &w, &err) == 0 )
    {
        fuzz_check(err == NULL);
        fuzz_check(dc.name && dc.name[0] && dc.kernel && dc.kernel[0]);
        fuzz_check(dc.memory_mb >= 1 && dc.memory_mb <= dc.maxmem_mb &&
                   dc.maxmem_mb <= XLCFG_MAX_MEMORY_MB);
        fuzz_check(dc.vcpus >= 1 && dc.vcpus <= dc.max_vcpus &&
                   dc.max_vcpus <= XLCFG_MAX_VCPUS);
        fuzz_check(xlcfg_action_name(dc.on_poweroff) &&
                   xlcfg_action_name(dc.on_reboot) &&
                   xlcfg_action_name(dc.on_crash));
        domain_config_free(&dc);
    }
    else
    {
        fuzz_check(err != NULL);
        fuzz_check(!dc.name && !dc.kernel && !dc.ramdisk && !dc.cmdline);
        free(err);
    }
    fuzz_check(w.nr <= cfg->nr_settings + 1);
    for ( i = 0; i < w.nr; i++ )
        fuzz_check(strstr(w.msg[i], ": warning: ") != NULL);
    xlcfg_msgs_free(&w);
}

/* Write the store out, parse that, and expect the same store. */
static void check_round_trip(const struct xlcfg *cfg)
{
    struct xlcfg *again = xlcfg_new();
    char *text = write_store(cfg);
    char *err = NULL;
    size_t i;

    if ( !again )
        abort();
    if ( xlcfg_parse(again, "again", text, strlen(text), &err) )
    {
        /* Escaping can stretch a string past the line limit. */
        fuzz_check(strstr(err, "line longer than") != NULL);
        free(err);
    }
    else
    {
        fuzz_check(again->nr_settings == cfg->nr_settings);
        for ( i = 0; i < cfg->nr_settings; i++ )
        {
            fuzz_check(!strcmp(again->settings[i].key,
                               cfg->settings[i].key));
            fuzz_check(same_value(again->settings[i].value,
                                  cfg->settings[i].value));
        }
    }
    free(text);
    xlcfg_free(again);
}

static void check_overrides(struct xlcfg *cfg, const char *text)
{
    unsigned int n;

    for ( n = 1; n <= MAX_OVERRIDES && *text; n++ )
    {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        char *arg = malloc(len + 1);
        char *before, *after, *err = NULL;
        int rc;

        if ( !arg )
            abort();
        memcpy(arg, text, len);
        arg[len] = '\0';
        before = write_store(cfg);
        rc = xlcfg_parse_override(cfg, arg, n, &err);
        check_err(rc, err, XLCFG_CMDLINE_SOURCE ":");
        after = write_store(cfg);
        if ( rc )
            fuzz_check(!strcmp(before, after));
        check_store(cfg);
        free(before);
        free(after);
        free(arg);
        text += len + (nl != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xlcfg *cfg = xlcfg_new();
    char *text, *err = NULL;
    int rc;

    if ( !cfg )
        abort();
    rc = xlcfg_parse(cfg, "fuzz.cfg", (const char *)data, size, &err);
    check_err(rc, err, "fuzz.cfg:");
    if ( rc )
        fuzz_check(cfg->nr_settings == 0 && cfg->nr_sources == 0);
    check_store(cfg);
    check_getters(cfg);
    check_domain(cfg);
    check_round_trip(cfg);

    /* The same bytes, line by line, as overrides (a NUL ends the text). */
    text = malloc(size + 1);
    if ( !text )
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    check_overrides(cfg, text);
    check_domain(cfg);
    free(text);

    xlcfg_free(cfg);

    return 0;
}
