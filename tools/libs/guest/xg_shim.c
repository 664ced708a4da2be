/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the hypervisor's shared code (libelf.c, acpi_build.c) needs from
 * the hypervisor, in user space: printk() keeps the last line, so that
 * the builder can quote why an image was refused.  A library must not
 * write to the caller's streams on its own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xg_private.h"

char xg_last_log[256];

/* The hypervisor's prototype (xen/lib.h), repeated for -Wmissing-... */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void xg_log_reset(void)
{
    xg_last_log[0] = '\0';
}

void printk(const char *fmt, ...)
{
    char line[sizeof(xg_last_log)];
    const char *p = line;
    size_t n;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* XENLOG_* prefixes: "<0>" .. "<3>". */
    if ( p[0] == '<' && p[1] >= '0' && p[1] <= '9' && p[2] == '>' )
        p += 3;
    snprintf(xg_last_log, sizeof(xg_last_log), "%s", p);
    n = strlen(xg_last_log);
    while ( n && xg_last_log[n - 1] == '\n' )
        xg_last_log[--n] = '\0';
}
