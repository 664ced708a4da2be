/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Softirqs: work that interrupt handlers defer to a safe point (the idle
 * loop, and later the path back into a guest).
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

enum {
    TIMER_SOFTIRQ = 0,
    SCHEDULE_SOFTIRQ,
    NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler handler);
void raise_softirq(unsigned int nr);                 /* this CPU */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
void do_softirq(void);
bool softirq_pending(unsigned int cpu);

#endif /* XEN_SOFTIRQ_H */
