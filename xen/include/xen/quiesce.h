/* SPDX-License-Identifier: GPL-2.0-only */
/* Quiescent states and grace periods (common/quiesce.c). */
#ifndef XEN_QUIESCE_H
#define XEN_QUIESCE_H

#include <xen/types.h>

/* This CPU holds no pointer from any lookup (before a VM entry). */
void quiesce_point(void);
/* This CPU is (true) or is no longer (false) halted in the idle loop. */
void quiesce_idle(bool idle);
/*
 * Waits until every other online CPU has passed a quiescent point or
 * sat idle since the call.  Must be called with no lock held and with
 * interrupts on, or a CPU spinning on our lock would never get there.
 */
void synchronize_quiescent(void);

#endif /* XEN_QUIESCE_H */
