/* SPDX-License-Identifier: MIT */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include "xen.h"

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page     2
#define XENMEM_current_reservation  3
#define XENMEM_maximum_reservation  4
#define XENMEM_machphys_mfn_list    5
#define XENMEM_populate_physmap     6
#define XENMEM_add_to_physmap       7
#define XENMEM_memory_map           9
#define XENMEM_machine_memory_map   10
#define XENMEM_set_memory_map       13
#define XENMEM_remove_from_physmap  15
#define XENMEM_add_to_physmap_batch 23

struct xen_memory_reservation {
    uint64_t extent_start;      /* guest pointer to xen_pfn_t[] */
    xen_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    domid_t domid;
};

#define XENMAPSPACE_shared_info     0
#define XENMAPSPACE_grant_table     1
#define XENMAPSPACE_gmfn            2
#define XENMAPSPACE_gmfn_range      3
#define XENMAPSPACE_gmfn_foreign    4
#define XENMAPSPACE_dev_mmio        5

/* With XENMAPSPACE_grant_table: idx names a status frame (v2 only). */
#define XENMAPIDX_grant_table_status (1U << 31)

struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space;             /* XENMAPSPACE_* */
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};

/* XENMEM_add_to_physmap_batch: size frames in one call. */
struct xen_add_to_physmap_batch {
    domid_t domid;              /* whose physmap changes */
    uint16_t space;             /* XENMAPSPACE_* */
    uint16_t size;              /* entries in the three arrays */
    domid_t foreign_domid;      /* XENMAPSPACE_gmfn_foreign: whose frames */
    uint64_t idxs;              /* guest pointer to xen_ulong_t[] */
    uint64_t gpfns;             /* guest pointer to xen_pfn_t[] */
    uint64_t errs;              /* guest pointer to int[]: per entry */
};

/* XENMEM_remove_from_physmap: unmaps one frame. */
struct xen_remove_from_physmap {
    domid_t domid;
    uint16_t pad[3];
    xen_pfn_t gpfn;
};

struct xen_memory_map {
    uint32_t nr_entries;        /* in: buffer size; out: entries written */
    uint32_t pad;
    uint64_t buffer;            /* guest pointer to e820-style entries */
};

/* XENMEM_set_memory_map: the toolstack gives a domain its memory map. */
struct xen_foreign_memory_map {
    domid_t domid;
    uint16_t pad[3];
    struct xen_memory_map map;
};

#endif /* XEN_PUBLIC_MEMORY_H */
