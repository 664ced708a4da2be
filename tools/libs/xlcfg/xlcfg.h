/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xlcfg - the xl.cfg(5) domain configuration file parser, for the future
 * "xl" toolstack (which does not exist yet).  C library only.
 *
 * Syntax (Xen's libxlu grammar):
 *
 *   file     := { statement ( NEWLINE | ';' ) } [ statement ]
 *   statement:= empty | KEY '=' value
 *   KEY      := [A-Za-z_][A-Za-z0-9_]*
 *   value    := STRING | NUMBER | '[' [ value { ',' value } [ ',' ] ] ']'
 *   STRING   := "..." or '...', on one line, with the escapes Xen accepts
 *               in both kinds: \" \' \\ \a \b \f \n \r \t \v, \xHH (two
 *               hex digits) and \o, \oo, \ooo (octal).  Any other escape,
 *               and one that gives a NUL byte, is an error (Xen drops the
 *               former silently and cuts the string at the latter).
 *   NUMBER   := decimal, octal (leading 0) or hex (0x), at most LONG_MAX
 *
 * '#' starts a comment up to the end of the line.  Spaces, tabs and
 * carriage returns separate tokens.  Inside a list, newlines and comments
 * may appear anywhere; a trailing comma is allowed; lists may nest (up to
 * XLCFG_MAX_DEPTH).  A key given twice keeps its last value, as in Xen.
 * Xen's "+=" is not supported.
 *
 * Inputs are bounded (XLCFG_MAX_* below) and every syntax error names the
 * place: "vm.cfg:3:12: expected '=' after 'memory'" (lines and columns
 * count from 1, columns in bytes).  A failed parse leaves the store as it
 * was.  Command-line overrides (xl create FILE KEY=VALUE...) use the same
 * grammar, each a single KEY=VALUE, reported as "command line:N:COL" for
 * the Nth override, and are applied after the file.
 *
 * No function prints anything or exits.  Errors come back as a message in
 * *err (free() it; NULL only if memory ran out), warnings in a list.
 */
#ifndef XLCFG_H
#define XLCFG_H

#include <stdbool.h>
#include <stddef.h>

/* Limits on what is accepted, each with its own error message. */
#define XLCFG_MAX_SIZE      (1024 * 1024) /* bytes in one file */
#define XLCFG_MAX_LINE      4096          /* bytes in one line */
#define XLCFG_MAX_SETTINGS  1024          /* distinct keys */
#define XLCFG_MAX_ITEMS     1024          /* values in one list */
#define XLCFG_MAX_DEPTH     4             /* lists within lists */

/* The name overrides are reported under. */
#define XLCFG_CMDLINE_SOURCE "command line"

enum xlcfg_type {
    XLCFG_STRING,
    XLCFG_NUMBER,
    XLCFG_LIST,
};

struct xlcfg_value {
    enum xlcfg_type type;
    char *str;                    /* STRING: the text, unquoted; NUMBER:
                                     as written */
    long num;                     /* NUMBER: its value */
    struct xlcfg_value **items;   /* LIST */
    size_t nr_items;
    unsigned int line, col;
};

struct xlcfg_setting {
    char *key;
    struct xlcfg_value *value;
    const char *source;           /* file name or XLCFG_CMDLINE_SOURCE */
    unsigned int line, col;       /* of the key */
};

struct xlcfg {
    struct xlcfg_setting *settings; /* in order of first appearance */
    size_t nr_settings;
    char **sources;               /* owned copies of the source names */
    size_t nr_sources;
};

/* A list of messages (warnings). */
struct xlcfg_msgs {
    char **msg;
    size_t nr;
};

struct xlcfg *xlcfg_new(void);
void xlcfg_free(struct xlcfg *cfg);

/*
 * Parse data[0 .. size) as the configuration file called source (the
 * name used in messages).  Returns 0, or -1 with *err set.
 */
int xlcfg_parse(struct xlcfg *cfg, const char *source, const char *data,
                size_t size, char **err);
/* The same for the file at path (named path in messages). */
int xlcfg_parse_file(struct xlcfg *cfg, const char *path, char **err);
/* One command-line override "KEY=VALUE", the argno'th (from 1). */
int xlcfg_parse_override(struct xlcfg *cfg, const char *arg,
                         unsigned int argno, char **err);

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
                                       const char *key);

/*
 * Typed getters.  Each returns 1 if the key is not set (the output is
 * untouched), 0 with the value, or -1 with *err set when the value has
 * the wrong type or is out of range.
 *
 * string: a string or a number (its text, as Xen's xl accepts).
 * long:   a number, or a string holding one (as in Xen), in [min, max].
 * bool:   0 or 1.
 * list:   a list of strings and numbers; *items is a malloc()ed array of
 *         *nr pointers into the store plus a NULL (free() the array).
 */
int xlcfg_get_string(const struct xlcfg *cfg, const char *key,
                     const char **val, char **err);
int xlcfg_get_long(const struct xlcfg *cfg, const char *key, long min,
                   long max, long *val, char **err);
int xlcfg_get_bool(const struct xlcfg *cfg, const char *key, bool *val,
                   char **err);
int xlcfg_get_list(const struct xlcfg *cfg, const char *key,
                   const char ***items, size_t *nr, char **err);

void xlcfg_msgs_free(struct xlcfg_msgs *msgs);

/* ------------------------------------------------------ semantic layer */

enum xlcfg_action {
    XLCFG_ACTION_DESTROY,
    XLCFG_ACTION_RESTART,
    XLCFG_ACTION_RENAME_RESTART,
    XLCFG_ACTION_PRESERVE,
    XLCFG_ACTION_COREDUMP_DESTROY,
    XLCFG_ACTION_COREDUMP_RESTART,
    XLCFG_ACTION_SOFT_RESET,
};

/* Upper bounds of the semantic checks. */
#define XLCFG_MAX_MEMORY_MB (16UL * 1024 * 1024) /* 16 TiB */
#define XLCFG_MAX_VCPUS     64      /* the hypervisor's MAX_VIRT_CPUS */

struct domain_config {
    char *name;
    char *kernel;
    char *ramdisk;                /* NULL if none */
    char *cmdline;                /* NULL if none */
    unsigned long memory_mb;      /* memory: default 32, as libxl's */
    unsigned long maxmem_mb;      /* maxmem: default memory */
    unsigned int vcpus;           /* vcpus: default 1 */
    unsigned int max_vcpus;       /* maxvcpus: default vcpus */
    enum xlcfg_action on_poweroff; /* default destroy */
    enum xlcfg_action on_reboot;   /* default restart */
    enum xlcfg_action on_crash;    /* default destroy */
};

/*
 * Build a PVH domain's configuration from the store.  Keys it does not
 * know, and known ones not supported yet (disk, vif, ...), add a warning
 * to *warnings ("vm.cfg:5: warning: unknown key 'foo' ignored"), which
 * the caller prints and frees with xlcfg_msgs_free(), success or not.
 * Returns 0 with *dc filled (free it with domain_config_free()), or -1
 * with *err set and *dc empty.
 *
 * Keys: name and kernel (required), type ("pvh"; "pv" and "hvm" are
 * refused), pvh (1: a PVH guest; 0 with no type means PV, refused),
 * builder (refused), ramdisk, cmdline, root, extra (cmdline wins; else
 * "root=ROOT EXTRA", "root=ROOT" or "EXTRA", as xl does), memory, maxmem,
 * vcpus, maxvcpus, on_poweroff, on_reboot, on_crash (destroy, restart,
 * rename-restart, preserve, coredump-destroy, coredump-restart,
 * soft-reset).  As in xl, with neither type nor pvh the guest is PV, and
 * so refused.
 */
int xlcfg_domain_config(const struct xlcfg *cfg, struct domain_config *dc,
                        struct xlcfg_msgs *warnings, char **err);
void domain_config_free(struct domain_config *dc);

const char *xlcfg_action_name(enum xlcfg_action action);

#endif /* XLCFG_H */
