/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/* Sets up the console devices chosen on the command line ("console=",
 * "com1=") and replays everything printed before this point. */
void console_init(void);

/* Panic path: take the console over even if another CPU holds it. */
void console_force_unlock(void);

/* Writes raw bytes to the console devices (no prefix, no filtering). */
void console_write_raw(const char *s, size_t len);

/* Waits until the console devices have sent everything (power-off). */
void console_flush(void);

#endif /* XEN_CONSOLE_H */
