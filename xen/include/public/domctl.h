/* SPDX-License-Identifier: MIT */
/*
 * Domain control (__HYPERVISOR_domctl), for the toolstack in a privileged
 * domain.  As in Xen, this is not a stable interface: the toolstack and
 * the hypervisor come from the same tree and agree on
 * XEN_DOMCTL_INTERFACE_VERSION.  Command numbers and the layouts of the
 * operations implemented follow Xen's.
 */
#ifndef XEN_PUBLIC_DOMCTL_H
#define XEN_PUBLIC_DOMCTL_H

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

typedef uint8_t xen_domain_handle_t[16];

/* XEN_DOMCTL_createdomain */
struct xen_domctl_createdomain {
    uint32_t ssidref;
    xen_domain_handle_t handle;
#define XEN_DOMCTL_CDF_hvm          (1U << 0)   /* an HVM container */
#define XEN_DOMCTL_CDF_hap          (1U << 1)   /* hardware paging */
#define XEN_DOMCTL_CDF_s3_integrity (1U << 2)
#define XEN_DOMCTL_CDF_oos_off      (1U << 3)
#define XEN_DOMCTL_CDF_xs_domain    (1U << 4)
#define XEN_DOMCTL_CDF_iommu        (1U << 5)
#define XEN_DOMCTL_CDF_nested_virt  (1U << 6)
#define XEN_DOMCTL_CDF_vpmu         (1U << 7)
    uint32_t flags;
    uint32_t iommu_opts;
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    int32_t max_grant_frames;
    int32_t max_maptrack_frames;
    uint32_t grant_opts;
    uint32_t emulation_flags;       /* struct xen_arch_domainconfig */
    uint32_t misc_flags;
    uint32_t cpupool_id;
};

/* XEN_DOMCTL_getdomaininfo */
struct xen_domctl_getdomaininfo {
    domid_t domain;
#define XEN_DOMINF_dying        (1U << 0)
#define XEN_DOMINF_hvm_guest    (1U << 1)
#define XEN_DOMINF_shutdown     (1U << 2)
#define XEN_DOMINF_paused       (1U << 3)
#define XEN_DOMINF_blocked      (1U << 4)
#define XEN_DOMINF_running      (1U << 5)
#define XEN_DOMINF_debugged     (1U << 6)
#define XEN_DOMINF_xs_domain    (1U << 7)
#define XEN_DOMINF_hap          (1U << 8)
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16
    uint32_t flags;
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t outstanding_pages;
    uint64_t shr_pages;
    uint64_t paged_pages;
    uint64_t shared_info_frame;
    uint64_t cpu_time;              /* ns, all vCPUs */
    uint32_t nr_online_vcpus;
    uint32_t max_vcpu_id;
    uint32_t ssidref;
    xen_domain_handle_t handle;
    uint32_t cpupool;
    uint8_t gpaddr_bits;
    uint8_t pad[3];
    uint32_t emulation_flags;       /* struct xen_arch_domainconfig */
    uint32_t misc_flags;
};

/* XEN_DOMCTL_max_mem */
struct xen_domctl_max_mem {
    uint64_t max_memkb;
};

/*
 * XEN_DOMCTL_setvcpucontext / getvcpucontext.  For a PVH vCPU ctxt
 * points at a struct vcpu_hvm_context (public/hvm/hvm_vcpu.h), which
 * covers both entry ABIs; getvcpucontext fills in its 64-bit form.
 */
struct xen_domctl_vcpucontext {
    uint32_t vcpu;
    uint32_t pad;
    uint64_t ctxt;                  /* guest pointer */
};

/* XEN_DOMCTL_getvcpuinfo */
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;                  /* IN */
    uint8_t online;                 /* OUT: up (not down) */
    uint8_t blocked;                /* OUT: waiting for an event */
    uint8_t running;                /* OUT: on a pCPU now */
    uint8_t pad;
    uint64_t cpu_time;              /* OUT: ns run */
    uint32_t cpu;                   /* OUT: the pCPU it runs or waits on */
    uint32_t pad2;
};

/* XEN_DOMCTL_max_vcpus */
struct xen_domctl_max_vcpus {
    uint32_t max;
};

struct xen_domctl {
    uint32_t cmd;
#define XEN_DOMCTL_createdomain     1
#define XEN_DOMCTL_destroydomain    2
#define XEN_DOMCTL_pausedomain      3
#define XEN_DOMCTL_unpausedomain    4
#define XEN_DOMCTL_getdomaininfo    5
#define XEN_DOMCTL_max_mem          11
#define XEN_DOMCTL_setvcpucontext   12
#define XEN_DOMCTL_getvcpucontext   13
#define XEN_DOMCTL_getvcpuinfo      14
#define XEN_DOMCTL_max_vcpus        15
    uint32_t interface_version;
    domid_t domain;
    uint16_t pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        uint8_t pad[128];
    } u;
};

#endif /* XEN_PUBLIC_DOMCTL_H */
