/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlcfg - the xl.cfg(5) parser: a hand-written recursive-descent parser
 * for the grammar of Xen's libxlu (see xlcfg.h), a key/value store with
 * typed getters, and the PVH domain configuration built from it.
 *
 * The input is checked whole first (size, NUL bytes, line lengths), so
 * the parser proper works on bounded, NUL-free text and never relies on
 * a terminator.  Character classes are spelled out rather than taken
 * from <ctype.h>, whose answers depend on the locale.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlcfg.h"

/* ------------------------------------------------------------ helpers */

static char *vmsg(const char *fmt, va_list ap)
{
    va_list ap2;
    char *s;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if ( n < 0 )
        return NULL;
    s = malloc((size_t)n + 1);
    if ( s )
        vsnprintf(s, (size_t)n + 1, fmt, ap);

    return s;
}

static char *msg(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *msg(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = vmsg(fmt, ap);
    va_end(ap);

    return s;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_key_start(char c)
{
    return is_alpha(c) || c == '_';
}

static bool is_key_char(char c)
{
    return is_key_start(c) || is_digit(c);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int digit_value(char c)
{
    if ( is_digit(c) )
        return c - '0';
    if ( c >= 'a' && c <= 'f' )
        return c - 'a' + 10;
    if ( c >= 'A' && c <= 'F' )
        return c - 'A' + 10;
    return 99;
}

/*
 * A short printable rendering of a user-supplied string for messages:
 * at most 40 characters, anything unprintable as '?'.  Fixed-size, but
 * every write is bounded.
 */
struct shown {
    char s[48];
};

static struct shown show(const char *str)
{
    struct shown sh;
    size_t i;

    for ( i = 0; str[i] && i < 40; i++ )
        sh.s[i] = (str[i] >= 0x20 && str[i] < 0x7f) ? str[i] : '?';
    if ( str[i] )
    {
        memcpy(sh.s + i, "...", 3);
        i += 3;
    }
    sh.s[i] = '\0';

    return sh;
}

/* What was found at a point of error, for "found X". */
static struct shown show_char(const char *p, const char *end)
{
    struct shown sh;

    if ( p >= end )
        snprintf(sh.s, sizeof(sh.s), "end of input");
    else if ( *p == '\n' )
        snprintf(sh.s, sizeof(sh.s), "end of line");
    else if ( *p >= 0x20 && *p < 0x7f )
        snprintf(sh.s, sizeof(sh.s), "'%c'", *p);
    else
        snprintf(sh.s, sizeof(sh.s), "byte 0x%02x", (unsigned char)*p);

    return sh;
}

/* -------------------------------------------------------------- values */

static void value_free(struct xlcfg_value *v)
{
    size_t i;

    if ( !v )
        return;
    for ( i = 0; i < v->nr_items; i++ )
        value_free(v->items[i]);
    free(v->items);
    free(v->str);
    free(v);
}

static void setting_clear(struct xlcfg_setting *s)
{
    free(s->key);
    value_free(s->value);
    s->key = NULL;
    s->value = NULL;
}

struct xlcfg *xlcfg_new(void)
{
    return calloc(1, sizeof(struct xlcfg));
}

void xlcfg_free(struct xlcfg *cfg)
{
    size_t i;

    if ( !cfg )
        return;
    for ( i = 0; i < cfg->nr_settings; i++ )
        setting_clear(&cfg->settings[i]);
    free(cfg->settings);
    for ( i = 0; i < cfg->nr_sources; i++ )
        free(cfg->sources[i]);
    free(cfg->sources);
    free(cfg);
}

void xlcfg_msgs_free(struct xlcfg_msgs *msgs)
{
    size_t i;

    for ( i = 0; i < msgs->nr; i++ )
        free(msgs->msg[i]);
    free(msgs->msg);
    msgs->msg = NULL;
    msgs->nr = 0;
}

static struct xlcfg_setting *find(struct xlcfg_setting *set, size_t nr,
                                  const char *key)
{
    size_t i;

    for ( i = 0; i < nr; i++ )
        if ( !strcmp(set[i].key, key) )
            return &set[i];

    return NULL;
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
                                       const char *key)
{
    return find(cfg->settings, cfg->nr_settings, key);
}

/* -------------------------------------------------------------- parser */

struct parser {
    const char *source;
    const char *p, *end;
    unsigned int line, col;         /* of *p */
    char *err;
    bool failed;
    const struct xlcfg *cfg;
    struct xlcfg_setting *set;      /* parsed so far, not yet committed */
    size_t nr_set, new_keys;
};

static void fail_at(struct parser *ps, unsigned int line, unsigned int col,
                    const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_at(struct parser *ps, unsigned int line, unsigned int col,
                    const char *fmt, ...)
{
    va_list ap;
    char *what;

    if ( ps->failed )
        return;
    ps->failed = true;
    va_start(ap, fmt);
    what = vmsg(fmt, ap);
    va_end(ap);
    if ( what )
        ps->err = msg("%s:%u:%u: %s", ps->source, line, col, what);
    free(what);
}

static void oom(struct parser *ps)
{
    if ( ps->failed )
        return;
    ps->failed = true;
    ps->err = msg("%s: out of memory", ps->source);
}

static bool at_end(const struct parser *ps)
{
    return ps->p >= ps->end;
}

static void advance(struct parser *ps)
{
    if ( *ps->p == '\n' )
    {
        ps->line++;
        ps->col = 1;
    }
    else
        ps->col++;
    ps->p++;
}

static void skip_blanks(struct parser *ps)
{
    while ( !at_end(ps) && is_blank(*ps->p) )
        advance(ps);
}

/* Blanks, newlines and comments: what may separate list items. */
static void skip_space(struct parser *ps)
{
    while ( !at_end(ps) )
    {
        if ( is_blank(*ps->p) || *ps->p == '\n' )
            advance(ps);
        else if ( *ps->p == '#' )
            while ( !at_end(ps) && *ps->p != '\n' )
                advance(ps);
        else
            break;
    }
}

/* Does a "KEY =" start at the current point? (An unclosed list.) */
static bool looks_like_assignment(const struct parser *ps)
{
    const char *q = ps->p;

    if ( q >= ps->end || !is_key_start(*q) )
        return false;
    while ( q < ps->end && is_key_char(*q) )
        q++;
    while ( q < ps->end && is_blank(*q) )
        q++;

    return q < ps->end && *q == '=';
}

static struct xlcfg_value *new_value(struct parser *ps, enum xlcfg_type type)
{
    struct xlcfg_value *v = calloc(1, sizeof(*v));

    if ( !v )
    {
        oom(ps);
        return NULL;
    }
    v->type = type;
    v->line = ps->line;
    v->col = ps->col;

    return v;
}

/*
 * A number's text as the grammar accepts it: decimal, octal (a leading
 * 0) or hex (0x), up to LONG_MAX.  Returns 0 with *val, -1 if malformed,
 * -2 if too large.
 */
static int number_value(const char *s, size_t len, long *val)
{
    unsigned int base = 10;
    size_t i = 0;
    unsigned long v = 0;

    if ( len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') )
    {
        base = 16;
        i = 2;
        if ( len == 2 )
            return -1;
    }
    else if ( len >= 2 && s[0] == '0' )
    {
        base = 8;
        i = 1;
    }
    if ( len == 0 )
        return -1;

    for ( ; i < len; i++ )
    {
        unsigned int d = digit_value(s[i]);

        if ( d >= base )
            return -1;
        if ( v > ((unsigned long)LONG_MAX - d) / base )
        {
            /* Still check the rest, so that "99x" is "bad", not "large". */
            for ( ; i < len; i++ )
                if ( (unsigned int)digit_value(s[i]) >= base )
                    return -1;
            return -2;
        }
        v = v * base + d;
    }
    *val = (long)v;

    return 0;
}

static struct xlcfg_value *parse_number(struct parser *ps)
{
    struct xlcfg_value *v = new_value(ps, XLCFG_NUMBER);
    const char *start = ps->p;
    size_t len;
    int rc;

    if ( !v )
        return NULL;
    /* Take in letters and dots too, to report "1.5" or "12k" whole. */
    while ( !at_end(ps) && (is_key_char(*ps->p) || *ps->p == '.') )
        advance(ps);
    len = ps->p - start;
    v->str = malloc(len + 1);
    if ( !v->str )
    {
        oom(ps);
        value_free(v);
        return NULL;
    }
    memcpy(v->str, start, len);
    v->str[len] = '\0';

    rc = number_value(v->str, len, &v->num);
    if ( rc == -1 )
        fail_at(ps, v->line, v->col, "bad number '%s'", show(v->str).s);
    else if ( rc == -2 )
        fail_at(ps, v->line, v->col,
                "number '%s' is too large (the largest is %ld)",
                show(v->str).s, LONG_MAX);
    if ( rc )
    {
        value_free(v);
        return NULL;
    }

    return v;
}

/*
 * A quoted string.  The closing quote is found first (a backslash takes
 * the next character, except a newline), so the unquoted text can be
 * written into a buffer of the quoted length.
 */
static struct xlcfg_value *parse_string(struct parser *ps)
{
    struct xlcfg_value *v = new_value(ps, XLCFG_STRING);
    const char quote = *ps->p;
    const char *q, *close;
    char *out;

    if ( !v )
        return NULL;

    for ( q = ps->p + 1; q < ps->end && *q != quote && *q != '\n'; q++ )
        if ( *q == '\\' && q + 1 < ps->end && q[1] != '\n' )
            q++;
    if ( q >= ps->end || *q != quote )
    {
        fail_at(ps, v->line, v->col, "unterminated string");
        value_free(v);
        return NULL;
    }
    close = q;

    v->str = out = malloc(close - ps->p);
    if ( !out )
    {
        oom(ps);
        value_free(v);
        return NULL;
    }

    advance(ps);
    while ( ps->p < close )
    {
        unsigned int line = ps->line, col = ps->col;
        unsigned int c, n;
        char e;

        if ( *ps->p != '\\' )
        {
            *out++ = *ps->p;
            advance(ps);
            continue;
        }
        advance(ps);
        e = *ps->p;
        advance(ps);
        switch ( e )
        {
        case '"': case '\'': case '\\': c = e; break;
        case 'a': c = '\a'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'v': c = '\v'; break;
        case 'x':
            if ( close - ps->p < 2 || digit_value(ps->p[0]) > 15 ||
                 digit_value(ps->p[1]) > 15 )
            {
                fail_at(ps, line, col,
                        "'\\x' must be followed by two hex digits");
                goto bad;
            }
            c = digit_value(ps->p[0]) * 16 + digit_value(ps->p[1]);
            advance(ps);
            advance(ps);
            break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7':
            c = e - '0';
            for ( n = 1; n < 3 && ps->p < close && *ps->p >= '0' &&
                         *ps->p <= '7'; n++ )
            {
                c = c * 8 + (*ps->p - '0');
                advance(ps);
            }
            if ( c > 0xff )
            {
                fail_at(ps, line, col, "octal escape above \\377");
                goto bad;
            }
            break;
        default:
            if ( e > 0x20 && e < 0x7f )
                fail_at(ps, line, col, "unknown escape '\\%c' in string",
                        e);
            else
                fail_at(ps, line, col, "unknown escape: '\\' followed by "
                        "byte 0x%02x in string", (unsigned char)e);
            goto bad;
        }
        if ( c == 0 )
        {
            fail_at(ps, line, col, "escape gives a NUL byte in string");
            goto bad;
        }
        *out++ = c;
    }
    *out = '\0';
    advance(ps);                        /* the closing quote */

    return v;

 bad:
    value_free(v);
    return NULL;
}

static struct xlcfg_value *parse_value(struct parser *ps, const char *key,
                                       unsigned int depth);

static struct xlcfg_value *parse_list(struct parser *ps, const char *key,
                                      unsigned int depth)
{
    struct xlcfg_value *v = new_value(ps, XLCFG_LIST);
    size_t alloc = 0;
    bool need_comma = false;

    if ( !v )
        return NULL;
    if ( depth > XLCFG_MAX_DEPTH )
    {
        fail_at(ps, v->line, v->col, "lists nested too deeply (limit %u)",
                XLCFG_MAX_DEPTH);
        goto bad;
    }
    advance(ps);

    for ( ;; )
    {
        struct xlcfg_value *item;

        skip_space(ps);
        if ( at_end(ps) || looks_like_assignment(ps) )
        {
            fail_at(ps, v->line, v->col, "unterminated list");
            goto bad;
        }
        if ( *ps->p == ']' )
        {
            advance(ps);
            return v;
        }
        if ( need_comma )
        {
            if ( *ps->p != ',' )
            {
                fail_at(ps, ps->line, ps->col,
                        "expected ',' or ']' in the list of '%s', found %s",
                        key, show_char(ps->p, ps->end).s);
                goto bad;
            }
            advance(ps);
            need_comma = false;
            continue;
        }
        if ( *ps->p == ',' )
        {
            fail_at(ps, ps->line, ps->col,
                    "expected a value before ',' in the list of '%s'", key);
            goto bad;
        }
        if ( v->nr_items == XLCFG_MAX_ITEMS )
        {
            fail_at(ps, ps->line, ps->col,
                    "too many values in the list of '%s' (limit %u)",
                    key, XLCFG_MAX_ITEMS);
            goto bad;
        }
        item = parse_value(ps, key, depth);
        if ( !item )
            goto bad;
        if ( v->nr_items == alloc )
        {
            size_t n = alloc ? alloc * 2 : 4;
            struct xlcfg_value **items = realloc(v->items,
                                                 n * sizeof(*items));

            if ( !items )
            {
                value_free(item);
                oom(ps);
                goto bad;
            }
            v->items = items;
            alloc = n;
        }
        v->items[v->nr_items++] = item;
        need_comma = true;
    }

 bad:
    value_free(v);
    return NULL;
}

static struct xlcfg_value *parse_value(struct parser *ps, const char *key,
                                       unsigned int depth)
{
    char c;

    if ( at_end(ps) || *ps->p == '\n' || *ps->p == ';' || *ps->p == '#' )
    {
        fail_at(ps, ps->line, ps->col, "missing value for '%s'", key);
        return NULL;
    }
    c = *ps->p;
    if ( c == '"' || c == '\'' )
        return parse_string(ps);
    if ( is_digit(c) )
        return parse_number(ps);
    if ( c == '[' )
        return parse_list(ps, key, depth + 1);
    if ( is_key_start(c) )
        fail_at(ps, ps->line, ps->col,
                "the value of '%s' must be quoted (a string), a number or "
                "a list", key);
    else
        fail_at(ps, ps->line, ps->col,
                "expected a value for '%s' (a quoted string, a number or a "
                "list), found %s", key, show_char(ps->p, ps->end).s);

    return NULL;
}

static void store(struct parser *ps, char *key, struct xlcfg_value *v,
                  unsigned int line, unsigned int col)
{
    struct xlcfg_setting *s = find(ps->set, ps->nr_set, key);

    if ( !s )
    {
        struct xlcfg_setting *n;

        if ( !xlcfg_find(ps->cfg, key) &&
             ps->cfg->nr_settings + ++ps->new_keys > XLCFG_MAX_SETTINGS )
        {
            fail_at(ps, line, col, "too many settings (limit %u)",
                    XLCFG_MAX_SETTINGS);
            goto bad;
        }
        /* Grows one at a time: at most XLCFG_MAX_SETTINGS, rarely many. */
        n = realloc(ps->set, (ps->nr_set + 1) * sizeof(*n));
        if ( !n )
        {
            oom(ps);
            goto bad;
        }
        ps->set = n;
        s = &ps->set[ps->nr_set++];
    }
    else
        setting_clear(s);

    s->key = key;
    s->value = v;
    s->line = line;
    s->col = col;
    return;

 bad:
    free(key);
    value_free(v);
}

static void parse_assignment(struct parser *ps)
{
    unsigned int line = ps->line, col = ps->col;
    const char *start = ps->p;
    struct xlcfg_value *v;
    size_t len;
    char *key;

    while ( !at_end(ps) && is_key_char(*ps->p) )
        advance(ps);
    len = ps->p - start;
    key = malloc(len + 1);
    if ( !key )
    {
        oom(ps);
        return;
    }
    memcpy(key, start, len);
    key[len] = '\0';

    skip_blanks(ps);
    if ( at_end(ps) || *ps->p != '=' )
    {
        fail_at(ps, ps->line, ps->col, "expected '=' after '%s'", key);
        goto bad;
    }
    advance(ps);
    skip_blanks(ps);

    v = parse_value(ps, key, 0);
    if ( !v )
        goto bad;

    skip_blanks(ps);
    if ( !at_end(ps) && *ps->p != '\n' && *ps->p != ';' && *ps->p != '#' )
    {
        fail_at(ps, ps->line, ps->col,
                "unexpected %s after the value of '%s'",
                show_char(ps->p, ps->end).s, key);
        value_free(v);
        goto bad;
    }
    store(ps, key, v, line, col);
    return;

 bad:
    free(key);
}

/* Size, NUL bytes and line lengths, before any parsing. */
static void check_input(struct parser *ps)
{
    unsigned int line = ps->line;
    size_t col = 1;
    const char *q;

    for ( q = ps->p; q < ps->end; q++ )
    {
        if ( *q == '\0' )
        {
            fail_at(ps, line, col, "NUL byte in input");
            return;
        }
        if ( *q == '\n' )
        {
            line++;
            col = 1;
            continue;
        }
        if ( col > XLCFG_MAX_LINE )
        {
            fail_at(ps, line, col, "line longer than %u bytes",
                    XLCFG_MAX_LINE);
            return;
        }
        col++;
    }
}

static void parse_all(struct parser *ps)
{
    while ( !ps->failed )
    {
        skip_blanks(ps);
        if ( at_end(ps) )
            break;
        switch ( *ps->p )
        {
        case '#':
            while ( !at_end(ps) && *ps->p != '\n' )
                advance(ps);
            break;
        case '\n': case ';':
            advance(ps);
            break;
        case '=':
            fail_at(ps, ps->line, ps->col, "empty key before '='");
            break;
        default:
            if ( is_key_start(*ps->p) )
                parse_assignment(ps);
            else
                fail_at(ps, ps->line, ps->col, "expected a key, found %s",
                        show_char(ps->p, ps->end).s);
        }
    }
}

/* Keep one copy of each source name; settings point at it. */
static const char *add_source(struct xlcfg *cfg, const char *source)
{
    char **n;
    size_t i;

    for ( i = 0; i < cfg->nr_sources; i++ )
        if ( !strcmp(cfg->sources[i], source) )
            return cfg->sources[i];
    n = realloc(cfg->sources, (cfg->nr_sources + 1) * sizeof(*n));
    if ( !n )
        return NULL;
    cfg->sources = n;
    n[cfg->nr_sources] = strdup(source);
    if ( !n[cfg->nr_sources] )
        return NULL;

    return n[cfg->nr_sources++];
}

/* Move what was parsed into the store: all of it, or nothing. */
static int commit(struct xlcfg *cfg, struct parser *ps)
{
    struct xlcfg_setting *n;
    const char *source = add_source(cfg, ps->source);
    size_t i;

    if ( !source )
        return -1;
    n = realloc(cfg->settings,
                (cfg->nr_settings + ps->new_keys + 1) * sizeof(*n));
    if ( !n )
        return -1;
    cfg->settings = n;

    for ( i = 0; i < ps->nr_set; i++ )
    {
        struct xlcfg_setting *s = &ps->set[i];
        struct xlcfg_setting *old = find(cfg->settings, cfg->nr_settings,
                                         s->key);

        if ( old )
            setting_clear(old);
        else
            old = &cfg->settings[cfg->nr_settings++];
        *old = *s;
        old->source = source;
    }
    ps->nr_set = 0;

    return 0;
}

static int parse(struct xlcfg *cfg, const char *source, unsigned int line,
                 const char *data, size_t size, size_t *nr_set, char **err)
{
    struct parser ps = {
        .source = source, .p = data, .end = data + size,
        .line = line, .col = 1, .cfg = cfg,
    };
    size_t i;
    int rc = 0;

    *err = NULL;
    if ( size > XLCFG_MAX_SIZE )
    {
        *err = msg("%s: too large (%zu bytes, the limit is %u)", source,
                   size, XLCFG_MAX_SIZE);
        return -1;
    }
    check_input(&ps);
    parse_all(&ps);
    if ( nr_set )
        *nr_set = ps.nr_set;
    if ( !ps.failed && commit(cfg, &ps) )
        oom(&ps);
    if ( ps.failed )
    {
        *err = ps.err;
        rc = -1;
    }
    for ( i = 0; i < ps.nr_set; i++ )
        setting_clear(&ps.set[i]);
    free(ps.set);

    return rc;
}

int xlcfg_parse(struct xlcfg *cfg, const char *source, const char *data,
                size_t size, char **err)
{
    return parse(cfg, source, 1, data, size, NULL, err);
}

int xlcfg_parse_file(struct xlcfg *cfg, const char *path, char **err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, alloc = 0;
    int rc;

    *err = NULL;
    if ( !f )
    {
        *err = msg("%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    for ( ;; )
    {
        size_t n;

        if ( len == alloc )
        {
            char *nb;

            if ( alloc > XLCFG_MAX_SIZE )
            {
                *err = msg("%s: too large (more than %u bytes)", path,
                           XLCFG_MAX_SIZE);
                goto out;
            }
            alloc = alloc ? alloc * 2 : 4096;
            nb = realloc(buf, alloc);
            if ( !nb )
            {
                *err = msg("%s: out of memory", path);
                goto out;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, alloc - len, f);
        len += n;
        if ( n == 0 )
            break;
    }
    if ( ferror(f) )
    {
        *err = msg("%s: read error", path);
        goto out;
    }
    fclose(f);
    rc = parse(cfg, path, 1, buf, len, NULL, err);
    free(buf);
    return rc;

 out:
    fclose(f);
    free(buf);
    return -1;
}

int xlcfg_parse_override(struct xlcfg *cfg, const char *arg,
                         unsigned int argno, char **err)
{
    size_t nr = 0;
    size_t len = strlen(arg);
    struct xlcfg *tmp;

    /*
     * Parsed on its own first, so that "a=1;b=2" or an empty argument is
     * refused without touching the store.
     */
    tmp = xlcfg_new();
    if ( !tmp )
    {
        *err = msg("%s:%u: out of memory", XLCFG_CMDLINE_SOURCE, argno);
        return -1;
    }
    if ( parse(tmp, XLCFG_CMDLINE_SOURCE, argno, arg, len, &nr, err) )
    {
        xlcfg_free(tmp);
        return -1;
    }
    xlcfg_free(tmp);
    if ( nr != 1 || memchr(arg, '\n', len) )
    {
        *err = msg("%s:%u: an override must be a single KEY=VALUE",
                   XLCFG_CMDLINE_SOURCE, argno);
        return -1;
    }

    return parse(cfg, XLCFG_CMDLINE_SOURCE, argno, arg, len, NULL, err);
}

/* ------------------------------------------------------------- getters */

static char *value_msg(const struct xlcfg_setting *s,
                       const struct xlcfg_value *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static char *value_msg(const struct xlcfg_setting *s,
                       const struct xlcfg_value *v, const char *fmt, ...)
{
    va_list ap;
    char *what, *m;

    va_start(ap, fmt);
    what = vmsg(fmt, ap);
    va_end(ap);
    if ( !what )
        return NULL;
    m = msg("%s:%u:%u: %s", s->source, v->line, v->col, what);
    free(what);

    return m;
}

int xlcfg_get_string(const struct xlcfg *cfg, const char *key,
                     const char **val, char **err)
{
    const struct xlcfg_setting *s = xlcfg_find(cfg, key);

    if ( !s )
        return 1;
    if ( s->value->type == XLCFG_LIST )
    {
        *err = value_msg(s, s->value, "'%s' must be a single value, not a "
                         "list", key);
        return -1;
    }
    *val = s->value->str;

    return 0;
}

int xlcfg_get_long(const struct xlcfg *cfg, const char *key, long min,
                   long max, long *val, char **err)
{
    const struct xlcfg_setting *s = xlcfg_find(cfg, key);
    const struct xlcfg_value *v;
    long l;

    if ( !s )
        return 1;
    v = s->value;
    if ( v->type == XLCFG_NUMBER )
        l = v->num;
    else if ( v->type != XLCFG_STRING ||
              number_value(v->str, strlen(v->str), &l) )
    {
        *err = value_msg(s, v, "'%s' must be a number", key);
        return -1;
    }
    if ( l < min || l > max )
    {
        *err = value_msg(s, v, "'%s' is %ld, out of range (%ld to %ld)",
                         key, l, min, max);
        return -1;
    }
    *val = l;

    return 0;
}

int xlcfg_get_bool(const struct xlcfg *cfg, const char *key, bool *val,
                   char **err)
{
    const struct xlcfg_setting *s = xlcfg_find(cfg, key);
    long l;
    int rc;

    if ( !s )
        return 1;
    rc = xlcfg_get_long(cfg, key, 0, 1, &l, err);
    if ( rc < 0 )
    {
        free(*err);
        *err = value_msg(s, s->value, "'%s' must be 0 or 1", key);
        return -1;
    }
    *val = l;

    return 0;
}

int xlcfg_get_list(const struct xlcfg *cfg, const char *key,
                   const char ***items, size_t *nr, char **err)
{
    const struct xlcfg_setting *s = xlcfg_find(cfg, key);
    const struct xlcfg_value *v;
    const char **a;
    size_t i;

    if ( !s )
        return 1;
    v = s->value;
    if ( v->type != XLCFG_LIST )
    {
        *err = value_msg(s, v, "'%s' must be a list", key);
        return -1;
    }
    for ( i = 0; i < v->nr_items; i++ )
        if ( v->items[i]->type == XLCFG_LIST )
        {
            *err = value_msg(s, v->items[i], "'%s' must be a list of "
                             "strings, not of lists", key);
            return -1;
        }
    a = malloc((v->nr_items + 1) * sizeof(*a));
    if ( !a )
    {
        *err = value_msg(s, v, "out of memory");
        return -1;
    }
    for ( i = 0; i < v->nr_items; i++ )
        a[i] = v->items[i]->str;
    a[i] = NULL;
    *items = a;
    *nr = v->nr_items;

    return 0;
}

/* ------------------------------------------------------ semantic layer */

static const char *const action_names[] = {
    [XLCFG_ACTION_DESTROY]          = "destroy",
    [XLCFG_ACTION_RESTART]          = "restart",
    [XLCFG_ACTION_RENAME_RESTART]   = "rename-restart",
    [XLCFG_ACTION_PRESERVE]         = "preserve",
    [XLCFG_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
    [XLCFG_ACTION_COREDUMP_RESTART] = "coredump-restart",
    [XLCFG_ACTION_SOFT_RESET]       = "soft-reset",
};
#define NR_ACTIONS (sizeof(action_names) / sizeof(action_names[0]))

const char *xlcfg_action_name(enum xlcfg_action action)
{
    return (unsigned int)action < NR_ACTIONS ? action_names[action] : NULL;
}

static const char *const known_keys[] = {
    "name", "type", "pvh", "builder", "kernel", "ramdisk", "cmdline",
    "extra", "root", "memory", "maxmem", "vcpus", "maxvcpus",
    "on_poweroff", "on_reboot", "on_crash",
};

/* Xen's keys that this toolstack does not act on yet. */
static const char *const unsupported_keys[] = {
    "disk", "vif", "vfb", "vkb", "pci", "usb", "usbctrl", "usbdev",
    "channel", "p9", "pvcalls", "vtpm", "vdispl", "vsnd", "dtdev", "iomem",
    "ioports", "irqs", "bootloader", "bootloader_args", "uuid", "cpus",
    "cpus_soft", "cpu_weight", "cap", "pool", "seclabel", "init_seclabel",
    "vnuma", "serial", "sdl", "vnc", "vnclisten", "vncpasswd", "keymap",
    "on_watchdog", "on_soft_reset", "nomigrate", "driver_domain",
    "device_model_version", "device_model_override", "device_model_args",
    "acpi", "apic", "viridian", "localtime", "rtc_timeoffset", "tsc_mode",
    "max_grant_frames", "max_maptrack_frames", "e820_host", "firmware",
    "bios", "boot", "nestedhvm", "shadow_memory", "hap", "vga",
    "videoram", "cpuid", "vcpu_hard_affinity", "claim_mode", "gic_version",
    "max_event_channels", "passthrough", "xend_compat",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool in_table(const char *const *table, size_t nr, const char *key)
{
    size_t i;

    for ( i = 0; i < nr; i++ )
        if ( !strcmp(table[i], key) )
            return true;

    return false;
}

static int warn(struct xlcfg_msgs *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int warn(struct xlcfg_msgs *w, const char *fmt, ...)
{
    va_list ap;
    char **n;
    char *m;

    va_start(ap, fmt);
    m = vmsg(fmt, ap);
    va_end(ap);
    n = m ? realloc(w->msg, (w->nr + 1) * sizeof(*n)) : NULL;
    if ( !n )
    {
        free(m);
        return -1;
    }
    w->msg = n;
    w->msg[w->nr++] = m;

    return 0;
}

static const char *main_source(const struct xlcfg *cfg)
{
    return cfg->nr_sources ? cfg->sources[0] : "configuration";
}

static int get_action(const struct xlcfg *cfg, const char *key,
                      enum xlcfg_action *action, char **err)
{
    const char *s;
    unsigned int i;
    int rc = xlcfg_get_string(cfg, key, &s, err);

    if ( rc )
        return rc < 0 ? -1 : 0;
    for ( i = 0; i < NR_ACTIONS; i++ )
        if ( !strcmp(s, action_names[i]) )
        {
            *action = i;
            return 0;
        }
    *err = value_msg(xlcfg_find(cfg, key), xlcfg_find(cfg, key)->value,
                     "%s = \"%s\" is not an action (destroy, restart, "
                     "rename-restart, preserve, coredump-destroy, "
                     "coredump-restart, soft-reset)", key, show(s).s);

    return -1;
}

/* A required, non-empty string: name and kernel. */
static int get_required(const struct xlcfg *cfg, const char *key,
                        char **out, char **err)
{
    const char *s;
    int rc = xlcfg_get_string(cfg, key, &s, err);

    if ( rc < 0 )
        return -1;
    if ( rc )
    {
        *err = msg("%s: '%s' is required", main_source(cfg), key);
        return -1;
    }
    if ( !*s )
    {
        const struct xlcfg_setting *set = xlcfg_find(cfg, key);

        *err = value_msg(set, set->value, "'%s' must not be empty", key);
        return -1;
    }
    *out = strdup(s);
    if ( !*out )
    {
        *err = msg("%s: out of memory", main_source(cfg));
        return -1;
    }

    return 0;
}

static int check_type(const struct xlcfg *cfg, char **err)
{
    const struct xlcfg_setting *set;
    const char *type, *builder;
    bool pvh = true;
    int has_type, has_pvh, has_builder;

    has_type = xlcfg_get_string(cfg, "type", &type, err);
    if ( has_type < 0 )
        return -1;
    has_pvh = xlcfg_get_bool(cfg, "pvh", &pvh, err);
    if ( has_pvh < 0 )
        return -1;

    if ( has_type == 0 )
    {
        set = xlcfg_find(cfg, "type");
        if ( !strcmp(type, "pv") || !strcmp(type, "hvm") )
        {
            *err = value_msg(set, set->value, "type = \"%s\" is not "
                             "supported: only PVH guests are "
                             "(type = \"pvh\")", type);
            return -1;
        }
        if ( strcmp(type, "pvh") )
        {
            *err = value_msg(set, set->value, "unknown type \"%s\" (only "
                             "\"pvh\" is supported)", show(type).s);
            return -1;
        }
        if ( has_pvh == 0 && !pvh )
        {
            set = xlcfg_find(cfg, "pvh");
            *err = value_msg(set, set->value, "pvh = 0 contradicts "
                             "type = \"pvh\"");
            return -1;
        }
        return 0;
    }

    if ( has_pvh == 0 )
    {
        if ( pvh )
            return 0;
        set = xlcfg_find(cfg, "pvh");
        *err = value_msg(set, set->value, "pvh = 0 with no type means a PV "
                         "guest, which is not supported: only PVH guests "
                         "are (type = \"pvh\")");
        return -1;
    }

    has_builder = xlcfg_get_string(cfg, "builder", &builder, err);
    if ( has_builder < 0 )
        return -1;
    if ( has_builder == 0 )
    {
        set = xlcfg_find(cfg, "builder");
        *err = value_msg(set, set->value, "builder = \"%s\" is not "
                         "supported: only PVH guests are (type = \"pvh\")",
                         show(builder).s);
        return -1;
    }

    *err = msg("%s: no guest type given, which means PV, and PV is not "
               "supported: only PVH guests are (type = \"pvh\")",
               main_source(cfg));

    return -1;
}

static int build_cmdline(const struct xlcfg *cfg, struct domain_config *dc,
                         struct xlcfg_msgs *warnings, char **err)
{
    const char *cmdline, *root, *extra;
    int has_cmdline, has_root, has_extra;

    has_cmdline = xlcfg_get_string(cfg, "cmdline", &cmdline, err);
    if ( has_cmdline < 0 )
        return -1;
    has_root = xlcfg_get_string(cfg, "root", &root, err);
    if ( has_root < 0 )
        return -1;
    has_extra = xlcfg_get_string(cfg, "extra", &extra, err);
    if ( has_extra < 0 )
        return -1;

    /* xl's rule: cmdline wins; otherwise root= first, then extra. */
    if ( has_cmdline == 0 )
    {
        if ( has_root == 0 || has_extra == 0 )
        {
            const struct xlcfg_setting *s = xlcfg_find(cfg, "cmdline");

            if ( warn(warnings, "%s:%u: warning: ignoring root= and extra= "
                      "in favour of cmdline=", s->source, s->line) )
                goto nomem;
        }
        dc->cmdline = strdup(cmdline);
    }
    else if ( has_root == 0 && has_extra == 0 )
        dc->cmdline = msg("root=%s %s", root, extra);
    else if ( has_root == 0 )
        dc->cmdline = msg("root=%s", root);
    else if ( has_extra == 0 )
        dc->cmdline = strdup(extra);
    else
        return 0;
    if ( dc->cmdline )
        return 0;

 nomem:
    *err = msg("%s: out of memory", main_source(cfg));
    return -1;
}

static int check_keys(const struct xlcfg *cfg, struct xlcfg_msgs *warnings)
{
    size_t i;

    for ( i = 0; i < cfg->nr_settings; i++ )
    {
        const struct xlcfg_setting *s = &cfg->settings[i];
        int rc = 0;

        if ( in_table(known_keys, ARRAY_LEN(known_keys), s->key) )
            continue;
        if ( in_table(unsupported_keys, ARRAY_LEN(unsupported_keys),
                      s->key) )
            rc = warn(warnings, "%s:%u: warning: '%s' is not supported "
                      "yet, ignored", s->source, s->line, s->key);
        else
            rc = warn(warnings, "%s:%u: warning: unknown key '%s' ignored",
                      s->source, s->line, s->key);
        if ( rc )
            return -1;
    }

    return 0;
}

int xlcfg_domain_config(const struct xlcfg *cfg, struct domain_config *dc,
                        struct xlcfg_msgs *warnings, char **err)
{
    const struct xlcfg_setting *s;
    const char *ramdisk;
    long l;
    int rc;

    memset(dc, 0, sizeof(*dc));
    *err = NULL;
    dc->memory_mb = 32;
    dc->vcpus = 1;
    dc->on_poweroff = XLCFG_ACTION_DESTROY;
    dc->on_reboot = XLCFG_ACTION_RESTART;
    dc->on_crash = XLCFG_ACTION_DESTROY;

    if ( check_keys(cfg, warnings) )
    {
        *err = msg("%s: out of memory", main_source(cfg));
        goto bad;
    }

    if ( get_required(cfg, "name", &dc->name, err) ||
         check_type(cfg, err) ||
         get_required(cfg, "kernel", &dc->kernel, err) )
        goto bad;

    rc = xlcfg_get_string(cfg, "ramdisk", &ramdisk, err);
    if ( rc < 0 )
        goto bad;
    if ( rc == 0 && !(dc->ramdisk = strdup(ramdisk)) )
    {
        *err = msg("%s: out of memory", main_source(cfg));
        goto bad;
    }

    if ( build_cmdline(cfg, dc, warnings, err) )
        goto bad;

    rc = xlcfg_get_long(cfg, "memory", 1, XLCFG_MAX_MEMORY_MB, &l, err);
    if ( rc < 0 )
        goto bad;
    if ( rc == 0 )
        dc->memory_mb = l;
    dc->maxmem_mb = dc->memory_mb;
    rc = xlcfg_get_long(cfg, "maxmem", 1, XLCFG_MAX_MEMORY_MB, &l, err);
    if ( rc < 0 )
        goto bad;
    if ( rc == 0 )
    {
        if ( (unsigned long)l < dc->memory_mb )
        {
            s = xlcfg_find(cfg, "maxmem");
            *err = value_msg(s, s->value, "maxmem (%ld) is less than "
                             "memory (%lu)", l, dc->memory_mb);
            goto bad;
        }
        dc->maxmem_mb = l;
    }

    rc = xlcfg_get_long(cfg, "vcpus", 1, XLCFG_MAX_VCPUS, &l, err);
    if ( rc < 0 )
        goto bad;
    if ( rc == 0 )
        dc->vcpus = l;
    dc->max_vcpus = dc->vcpus;
    rc = xlcfg_get_long(cfg, "maxvcpus", 1, XLCFG_MAX_VCPUS, &l, err);
    if ( rc < 0 )
        goto bad;
    if ( rc == 0 )
    {
        if ( (unsigned long)l < dc->vcpus )
        {
            s = xlcfg_find(cfg, "maxvcpus");
            *err = value_msg(s, s->value, "maxvcpus (%ld) is less than "
                             "vcpus (%u)", l, dc->vcpus);
            goto bad;
        }
        dc->max_vcpus = l;
    }

    if ( get_action(cfg, "on_poweroff", &dc->on_poweroff, err) ||
         get_action(cfg, "on_reboot", &dc->on_reboot, err) ||
         get_action(cfg, "on_crash", &dc->on_crash, err) )
        goto bad;

    return 0;

 bad:
    domain_config_free(dc);
    if ( !*err )
        *err = msg("%s: out of memory", main_source(cfg));
    return -1;
}

void domain_config_free(struct domain_config *dc)
{
    free(dc->name);
    free(dc->kernel);
    free(dc->ramdisk);
    free(dc->cmdline);
    memset(dc, 0, sizeof(*dc));
}
