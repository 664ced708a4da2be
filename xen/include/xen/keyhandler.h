/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys: single characters typed on the serial console that print
 * hypervisor state ('h' lists them), as in Xen.
 */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

typedef void (*keyhandler_fn_t)(unsigned char key);

void register_keyhandler(unsigned char key, keyhandler_fn_t fn,
                         const char *desc);
void handle_keypress(unsigned char key);
/* Starts polling the serial line for keys (boot CPU, after timers). */
void keyhandler_init(void);

#endif /* XEN_KEYHANDLER_H */
