/* SPDX-License-Identifier: MIT */
/*
 * Platform operations for the hardware domain (__HYPERVISOR_platform_op):
 * what dom0 asks of the machine's firmware and clocks.  Numbers and the
 * layouts of the operations named here follow Xen's.
 */
#ifndef XEN_PUBLIC_PLATFORM_H
#define XEN_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32         17
#define XENPF_firmware_info     50
#define XENPF_settime64         62
#define XENPF_get_dom0_console  64

/* XENPF_firmware_info: one item of boot firmware information. */
#define XEN_FW_DISK_INFO            1   /* EDD */
#define XEN_FW_DISK_MBR_SIGNATURE   2
#define XEN_FW_VBEDDC_INFO          3
#define XEN_FW_EFI_INFO             4
#define XEN_FW_KBD_SHIFT_FLAGS      5

struct xenpf_firmware_info {
    uint32_t type;                  /* IN: XEN_FW_* */
    uint32_t index;                 /* IN: which disk, ... */
    uint8_t u[64];                  /* OUT: per type */
};

/* XENPF_settime32 / settime64: the wall clock at a system time. */
struct xenpf_settime32 {
    uint32_t secs;
    uint32_t nsecs;
    uint64_t system_time;
};

struct xenpf_settime64 {
    uint64_t secs;
    uint32_t nsecs;
    uint32_t mbz;
    uint64_t system_time;
};

struct xen_platform_op {
    uint32_t cmd;
    uint32_t interface_version;     /* XENPF_INTERFACE_VERSION */
    union {
        struct xenpf_firmware_info firmware_info;
        struct xenpf_settime32 settime32;
        struct xenpf_settime64 settime64;
        uint8_t pad[128];
    } u;
};

#endif /* XEN_PUBLIC_PLATFORM_H */
