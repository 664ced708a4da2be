/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <stdarg.h>
#include <xen/compiler.h>
#include <xen/types.h>
#include <xen/string.h>

/*
 * Log levels, as in Xen: a message starts with one of these prefixes and
 * is shown only when its level is within the "loglvl=" threshold.
 */
#define XENLOG_ERR      "<0>"
#define XENLOG_WARNING  "<1>"
#define XENLOG_INFO     "<2>"
#define XENLOG_DEBUG    "<3>"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#define BUG() do {                                                      \
    panic("BUG at %s:%d", __FILE__, __LINE__);                          \
} while ( 0 )
#define BUG_ON(c) do { if ( unlikely(c) ) BUG(); } while ( 0 )

/* ASSERT() is a debugging aid only: never use it to handle errors. */
#ifndef NDEBUG
#define ASSERT(p) do {                                                  \
    if ( unlikely(!(p)) )                                               \
        panic("Assertion '%s' failed at %s:%d", #p, __FILE__, __LINE__); \
} while ( 0 )
#else
#define ASSERT(p) do { if ( 0 && (p) ) {} } while ( 0 )
#endif

#endif /* XEN_LIB_H */
