/* SPDX-License-Identifier: MIT */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include <stdint.h>

#define VCPUOP_initialise                   0
#define VCPUOP_up                           1
#define VCPUOP_down                         2
#define VCPUOP_is_up                        3
#define VCPUOP_get_runstate_info            4
#define VCPUOP_register_runstate_memory_area 5
#define VCPUOP_set_periodic_timer           6
#define VCPUOP_stop_periodic_timer          7
#define VCPUOP_set_singleshot_timer         8
#define VCPUOP_stop_singleshot_timer        9
#define VCPUOP_register_vcpu_info           10
#define VCPUOP_send_nmi                     11
#define VCPUOP_get_physid                   12
#define VCPUOP_register_vcpu_time_memory_area 13

/* VCPUOP_get_runstate_info and the registered runstate area. */
#define RUNSTATE_running    0
#define RUNSTATE_runnable   1
#define RUNSTATE_blocked    2
#define RUNSTATE_offline    3

struct vcpu_runstate_info {
    int32_t state;
    uint32_t pad;
    uint64_t state_entry_time;      /* system time of the last change */
    uint64_t time[4];               /* ns spent in each state */
};

/*
 * With VMASST_TYPE_runstate_update_flag, set in state_entry_time while
 * the hypervisor updates the area, so that readers on other vCPUs can
 * retry instead of seeing a torn copy.
 */
#define XEN_RUNSTATE_UPDATE         (1ULL << 63)

struct vcpu_register_runstate_memory_area {
    uint64_t addr;                  /* guest virtual address */
};

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;        /* system time */
    uint32_t flags;
    uint32_t pad;
};
#define VCPU_SSHOTTMR_future (1U << 0)  /* -ETIME if already past */

struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* guest frame holding the vcpu_info */
    uint32_t offset;            /* offset within that frame */
    uint32_t rsvd;
};

#endif /* XEN_PUBLIC_VCPU_H */
