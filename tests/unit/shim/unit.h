/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Common header for the host unit tests: the hypervisor headers, the C
 * library, cmocka, and hooks into the shim (log capture, BUG() capture,
 * the memory arena).
 *
 * xen/lib.h comes first, as in hypervisor sources, so that the C
 * library's headers can never change what the hypervisor's mean.
 */
#ifndef UNIT_H
#define UNIT_H

#include <xen/lib.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Everything printk() printed since the last unit_log_reset(). */
extern char unit_log[];
void unit_log_reset(void);
/* Number of times s occurs in the log. */
unsigned int unit_log_count(const char *s);

/*
 * shim/heap.c, for tests of modules that allocate: xmalloc() fails while
 * unit_alloc_fails is set; unit_live_allocs counts blocks not yet freed.
 */
extern bool unit_alloc_fails;
extern long unit_live_allocs;

/* Message of the last panic()/BUG(). */
extern char unit_panic_msg[];

/* Where panic() jumps to; NULL makes it abort the test program. */
extern jmp_buf *unit_bug_jmp;

/* Maps an arena of size bytes (zeroed) as machine memory [0, size). */
void unit_arena_init(size_t size);

/*
 * shim/guest.c, for tests of guest-facing code.  "current" is what
 * unit_set_current() last chose.  Guest accesses (copies and range
 * checks) all fail while unit_guest_fault is set, writes while
 * unit_guest_readonly is, and the access numbered unit_guest_fail_at
 * (counting in unit_guest_accesses from 1; 0 means none) fails alone.
 * The default vcpu_mark_events_pending() counts calls.
 */
struct vcpu;
void unit_set_current(struct vcpu *v);
extern bool unit_guest_fault;
extern bool unit_guest_readonly;
extern unsigned int unit_guest_fail_at;
extern unsigned int unit_guest_accesses;
extern unsigned int unit_events_marked;
extern struct vcpu *unit_events_marked_last;
extern unsigned int unit_pollers_woken;   /* evtchn_wake_pollers calls */

#define assert_log_contains(s) do {                                     \
    if ( !unit_log_count(s) )                                           \
        fail_msg("log lacks \"%s\"; log is:\n%s", (s), unit_log);       \
} while ( 0 )

/* Runs stmt and fails the test unless it ends in BUG()/panic(). */
#define expect_bug(stmt) do {                                           \
    jmp_buf bug_jb_;                                                    \
    jmp_buf *bug_old_ = unit_bug_jmp;                                   \
                                                                        \
    unit_bug_jmp = &bug_jb_;                                            \
    if ( setjmp(bug_jb_) == 0 )                                         \
    {                                                                   \
        stmt;                                                           \
        unit_bug_jmp = bug_old_;                                        \
        fail_msg("no BUG from: %s", #stmt);                             \
    }                                                                   \
    unit_bug_jmp = bug_old_;                                            \
} while ( 0 )

#endif /* UNIT_H */
