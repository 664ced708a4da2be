/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot command-line parameters.
 *
 * A subsystem declares its options next to the variables they set:
 *
 *     static bool opt_foo;
 *     boolean_param("foo", opt_foo);
 *
 * Each macro emits one struct kernel_param into the ".init.setup" section.
 * The linker script gathers that section between __setup_start[] and
 * __setup_end[], so cmdline_parse() finds every option without a central
 * list that would have to be kept in step with the code.
 *
 * Syntax accepted on the command line (Xen's):
 *   - options are separated by one or more spaces;
 *   - "name" or "name=value"; '-' and '_' in names are interchangeable;
 *   - booleans: "foo", "no-foo", "foo=<bool>" where <bool> is one of
 *     0/no/off/false/disable or 1/yes/on/true/enable;
 *   - integers: decimal, 0x-prefixed hexadecimal or 0-prefixed octal;
 *   - sizes: an integer with an optional suffix T, G, M, K (binary units)
 *     or B (bytes).  As in Xen, a size without a suffix is in KiB.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/compiler.h>
#include <xen/types.h>

enum param_type {
    OPT_BOOL,       /* bool */
    OPT_UINT,       /* unsigned int, or unsigned long if len says so */
    OPT_SIZE,       /* unsigned long, in bytes */
    OPT_STR,        /* char[len], always NUL-terminated */
    OPT_CUSTOM,     /* parsed by par.func */
};

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;           /* sizeof the variable (not for CUSTOM) */
    union {
        void *var;
        /* Returns 0, or -EINVAL if the value is malformed. */
        int (*func)(const char *);
    } par;
};

/* Longest option name (without "no-" and "=value") that can match. */
#define PARAM_NAME_MAX      64
/*
 * Longest value handed to a non-string parser (it is copied to the stack
 * to NUL-terminate it); longer values are reported as bad.  String
 * options are copied straight into their variable and have no such cap.
 */
#define PARAM_VALUE_MAX     255

extern const struct kernel_param __setup_start[], __setup_end[];

#define __kparam_entry(var_)                                            \
    static const struct kernel_param __setup_##var_                     \
        __used __section(".init.setup") __aligned(sizeof(void *))

/*
 * The _Static_assert()s catch a variable of the wrong type at build time:
 * the parser writes exactly par.var's declared type, so a mismatch would
 * otherwise corrupt neighbouring data.
 */
#define boolean_param(name_, var_)                                      \
    __kparam_entry(var_) = {                                            \
        .name = (name_), .type = OPT_BOOL,                              \
        .len = sizeof(var_), .par.var = &(var_) };                      \
    _Static_assert(__builtin_types_compatible_p(__typeof__(var_), bool), \
                   "boolean_param needs a bool")

#define integer_param(name_, var_)                                      \
    __kparam_entry(var_) = {                                            \
        .name = (name_), .type = OPT_UINT,                              \
        .len = sizeof(var_), .par.var = &(var_) };                      \
    _Static_assert(                                                     \
        __builtin_types_compatible_p(__typeof__(var_), unsigned int) || \
        __builtin_types_compatible_p(__typeof__(var_), unsigned long),  \
        "integer_param needs an unsigned int or unsigned long")

#define size_param(name_, var_)                                         \
    __kparam_entry(var_) = {                                            \
        .name = (name_), .type = OPT_SIZE,                              \
        .len = sizeof(var_), .par.var = &(var_) };                      \
    _Static_assert(                                                     \
        __builtin_types_compatible_p(__typeof__(var_), unsigned long),  \
        "size_param needs an unsigned long")

#define string_param(name_, var_)                                       \
    __kparam_entry(var_) = {                                            \
        .name = (name_), .type = OPT_STR,                               \
        .len = sizeof(var_), .par.var = &(var_) };                      \
    _Static_assert(                                                     \
        __builtin_types_compatible_p(__typeof__(var_),                  \
                                     char[sizeof(var_)]),               \
        "string_param needs a char array")

#define custom_param(name_, fn_)                                        \
    __kparam_entry(fn_) = {                                             \
        .name = (name_), .type = OPT_CUSTOM, .par.func = (fn_) }

/*
 * Applies every option in cmdline to the table [start, end).  Problems
 * (unknown option, malformed value, truncated string) are reported with
 * one XENLOG_WARNING line each and parsing carries on with the next
 * option.  Returns the number of problems.  cmdline may be NULL.
 */
int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end);

/* parse_params() over the linker-built table of all options. */
void cmdline_parse(const char *cmdline);

#endif /* XEN_PARAM_H */
