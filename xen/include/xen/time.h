/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

typedef s64 s_time_t;           /* nanoseconds since boot */

#define NANOSECONDS(x)  ((s_time_t)(x))
#define MICROSECS(x)    ((s_time_t)(x) * 1000)
#define MILLISECS(x)    ((s_time_t)(x) * 1000000)
#define SECONDS(x)      ((s_time_t)(x) * 1000000000)
#define NSEC_PER_SEC    1000000000ULL
#define STIME_MAX       ((s_time_t)((u64)~0ULL >> 1))

extern unsigned long cpu_khz;   /* TSC frequency */

s_time_t NOW(void);
u64 ns_to_tsc(s_time_t ns);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

void init_tsc_calibration(void);

/* pvclock scaling of NOW(): ns = ((tsc - boot) << shift) * mul >> 32. */
void time_pvclock_params(u32 *mul, s8 *shift);
/* Converts a TSC reading to system time (what NOW() would have said). */
s_time_t tsc_to_stime(u64 tsc);
/* Wall-clock seconds since the epoch at system time 0 (from the RTC). */
extern u64 boot_wallclock_sec;
struct domain;
/* The wall clock into d's shared_info (wc_version protocol). */
void domain_update_wallclock(struct domain *d);
/* XENPF_settime: the wall clock read secs.nsecs at system time t. */
void settime(u64 secs, u32 nsecs, s_time_t t);
void init_wallclock(void);
/* Programs this CPU's one-shot timer for an absolute time; 0 cancels. */
void reprogram_timer(s_time_t deadline);
void init_apic_timer(void);     /* every CPU */

#endif /* XEN_TIME_H */
