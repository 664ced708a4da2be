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

/*
 * The log ("xl dmesg"): copies up to len bytes from the oldest kept (or,
 * if incremental, from *index) and sets *index past them.
 * console_clear_log() makes later reads start at what comes next.
 */
size_t console_read_log(char *buf, size_t len, u32 *index, bool incremental);
void console_clear_log(void);

/* Waits until the console devices have sent everything (power-off). */
void console_flush(void);

struct domain;

/*
 * A guest's console output: sanitised, line-buffered per domain and
 * printed as "(dN) ..." lines (console_io and the console ring).
 */
void guest_console_write(struct domain *d, const char *buf, size_t len);

/*
 * The hypervisor's backend for a domain's console ring (console_ring.c),
 * until a toolstack serves it from dom0: a ring page at gfn, which the
 * hypervisor owns and maps into the domain, and an event channel, both
 * named in the domain's HVM_PARAM_CONSOLE_PFN and _EVTCHN.  0 or -errno.
 */
int console_ring_init(struct domain *d, unsigned long gfn);
/* Frees the ring page; the domain's p2m must already be gone. */
void console_ring_destroy(struct domain *d);

/*
 * Serial input (console_input.c).  console_input_char() takes each byte
 * received; console_input_start() hands input to dom0 once it exists;
 * console_input_read() takes up to len bytes queued for dom0.
 */
void console_input_char(char c);
void console_input_start(void);
size_t console_input_read(char *buf, size_t len);
unsigned long console_input_dropped(void);

#endif /* XEN_CONSOLE_H */
