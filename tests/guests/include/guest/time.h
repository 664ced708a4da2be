/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time for the test kernels: the pvclock in each vCPU's vcpu_info (which
 * needs shared_info mapped: shared_info_map() or events_init()), the
 * wall clock in shared_info, and the vCPU timer hypercalls.
 */
#ifndef GUEST_TIME_H
#define GUEST_TIME_H

#include <stddef.h>
#include <stdint.h>
#include <guest/hypercall.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define NSEC_PER_USEC   ((uint64_t)1000)
#define NSEC_PER_MSEC   ((uint64_t)1000000)
#define NSEC_PER_SEC    ((uint64_t)1000000000)

/*
 * System time (ns since boot) from a pvclock: retried while the version
 * is odd or changes under us.  If version is not NULL, the (even)
 * version the value was computed from is stored there.
 */
uint64_t pvclock_read(const struct vcpu_time_info *t, uint32_t *version);

/* This vCPU's system time. */
uint64_t now_ns(void);

/* Busy-waits (interrupts as they are) until now_ns() >= until. */
void spin_until(uint64_t until);

/* Wall-clock time at system time 0, from shared_info (seconds, ns). */
void wallclock_read(uint64_t *sec, uint32_t *nsec, uint32_t *version);

/* The timer calls, on this vCPU (the singleshot ones allow no other). */
long vcpu_set_singleshot(uint64_t timeout_abs_ns, uint32_t flags);
long vcpu_stop_singleshot(void);
long vcpu_set_periodic(uint64_t period_ns);
long vcpu_stop_periodic(void);

static inline long HYPERVISOR_set_timer_op(uint64_t timeout_abs_ns)
{
    return hypercall_direct(__HYPERVISOR_set_timer_op, timeout_abs_ns,
                            0, 0, 0, 0);
}

#endif /* GUEST_TIME_H */
