/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Software timers: each CPU keeps its pending timers in a binary min-heap
 * ordered by expiry, and programs its one-shot hardware timer for the
 * earliest.  Handlers run from TIMER_SOFTIRQ on the timer's CPU.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/time.h>

struct timer {
    s_time_t expires;
    void (*function)(void *data);
    void *data;
    unsigned int cpu;
    unsigned int heap_idx;      /* 1-based position in the heap; 0: idle */
};

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu);
/* (Re)arms t; returns -ENOMEM if the heap could not grow. */
int set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
bool timer_is_active(const struct timer *t);
/* Moves t (armed or not) to another CPU's heap. */
void migrate_timer(struct timer *t, unsigned int cpu);

void timer_init(void);          /* once, on the boot CPU */
void timer_cpu_init(unsigned int cpu);

#endif /* XEN_TIMER_H */
