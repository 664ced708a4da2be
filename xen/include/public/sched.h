/* SPDX-License-Identifier: MIT */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include "xen.h"

#include <stdint.h>

#define SCHEDOP_yield           0
#define SCHEDOP_block           1
#define SCHEDOP_shutdown        2
#define SCHEDOP_poll            3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code   5
#define SCHEDOP_watchdog        6
#define SCHEDOP_pin_override    7

struct sched_shutdown {
    uint32_t reason;            /* SHUTDOWN_* */
};

/* SCHEDOP_remote_shutdown: the toolstack shutting a domain down. */
struct sched_remote_shutdown {
    domid_t domain_id;
    uint16_t pad;
    uint32_t reason;            /* SHUTDOWN_* */
};

#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

#endif /* XEN_PUBLIC_SCHED_H */
