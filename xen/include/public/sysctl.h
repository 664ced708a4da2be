/* SPDX-License-Identifier: MIT */
/*
 * System control (__HYPERVISOR_sysctl), for the toolstack in a privileged
 * domain.  Not a stable interface either (see domctl.h); command numbers
 * and the layouts of the operations implemented follow Xen's.
 */
#ifndef XEN_PUBLIC_SYSCTL_H
#define XEN_PUBLIC_SYSCTL_H

#include "domctl.h"
#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* XEN_SYSCTL_readconsole: the hypervisor's console ring ("xl dmesg"). */
struct xen_sysctl_readconsole {
    uint8_t clear;                  /* IN: empty the ring afterwards */
    uint8_t incremental;            /* IN: start at index, not the start */
    uint8_t pad0, pad1;
    uint32_t index;                 /* IN/OUT: where the next read starts */
    uint64_t buffer;                /* IN: guest pointer */
    uint32_t count;                 /* IN: buffer size; OUT: bytes read */
};

/* XEN_SYSCTL_physinfo */
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
#define XEN_SYSCTL_PHYSCAP_hvm          (1U << 0)
#define XEN_SYSCTL_PHYSCAP_pv           (1U << 1)
#define XEN_SYSCTL_PHYSCAP_directio     (1U << 2)
#define XEN_SYSCTL_PHYSCAP_hap          (1U << 3)
#define XEN_SYSCTL_PHYSCAP_shadow       (1U << 4)
    uint32_t capabilities;
    uint8_t max_gpaddr_bits;
    uint8_t pad[7];
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
    uint32_t hw_cap[8];
};

/* XEN_SYSCTL_getdomaininfolist */
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;           /* IN */
    uint16_t pad;
    uint32_t max_domains;           /* IN */
    uint64_t buffer;                /* IN: xen_domctl_getdomaininfo[] */
    uint32_t num_domains;           /* OUT */
};

struct xen_sysctl {
    uint32_t cmd;
#define XEN_SYSCTL_readconsole          1
#define XEN_SYSCTL_physinfo             3
#define XEN_SYSCTL_getdomaininfolist    6
    uint32_t interface_version;
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        uint8_t pad[128];
    } u;
};

#endif /* XEN_PUBLIC_SYSCTL_H */
