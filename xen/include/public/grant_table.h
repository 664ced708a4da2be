/* SPDX-License-Identifier: MIT */
/*
 * Grant tables: the argument of __HYPERVISOR_grant_table_op(cmd, arg,
 * count) for each GNTTABOP_* command, where arg points at an array of
 * count structures, and the layout of a version 1 grant entry.  Numbers
 * and layouts are Xen's, so that unmodified guests work.
 *
 * A domain grants another access to one of its frames by filling in a
 * grant entry in its table: the frame, the grantee's id, then flags with
 * GTF_permit_access (last, after a write barrier).  The hypervisor sets
 * GTF_reading/GTF_writing while the grant is in use; the granter must
 * not reuse the frame until both are clear.
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include <stdint.h>
#include "xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

/* A version 1 entry: 8 bytes, 512 to a 4 KiB frame. */
struct grant_entry_v1 {
    uint16_t flags;             /* GTF_* */
    domid_t domid;              /* who may use it */
    uint32_t frame;             /* the granter's gfn */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

#define GTF_invalid             (0U << 0)
#define GTF_permit_access       (1U << 0)
#define GTF_accept_transfer     (2U << 0)
#define GTF_transitive          (3U << 0)       /* version 2 only */
#define GTF_type_mask           (3U << 0)

#define _GTF_readonly           2
#define GTF_readonly            (1U << _GTF_readonly)
#define _GTF_reading            3
#define GTF_reading             (1U << _GTF_reading)
#define _GTF_writing            4
#define GTF_writing             (1U << _GTF_writing)
#define _GTF_PWT                5
#define GTF_PWT                 (1U << _GTF_PWT)
#define _GTF_PCD                6
#define GTF_PCD                 (1U << _GTF_PCD)
#define _GTF_PAT                7
#define GTF_PAT                 (1U << _GTF_PAT)
#define _GTF_sub_page           8
#define GTF_sub_page            (1U << _GTF_sub_page)

#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

#define GNTTABOP_map_grant_ref          0
#define GNTTABOP_unmap_grant_ref        1
#define GNTTABOP_setup_table            2
#define GNTTABOP_dump_table             3
#define GNTTABOP_transfer               4
#define GNTTABOP_copy                   5
#define GNTTABOP_query_size             6
#define GNTTABOP_unmap_and_replace      7
#define GNTTABOP_set_version            8
#define GNTTABOP_get_status_frames      9
#define GNTTABOP_get_version            10
#define GNTTABOP_swap_grant_ref         11
#define GNTTABOP_cache_flush            12

/* GNTMAP_* flags of gnttab_map_grant_ref. */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1U << _GNTMAP_device_map)
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1U << _GNTMAP_host_map)
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1U << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1U << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    4
#define GNTMAP_contains_pte     (1U << _GNTMAP_contains_pte)

/*
 * Maps dom's entry ref.  For an auto-translated caller host_addr is a
 * guest-physical address.  OUT: status, handle (for the unmap).
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;             /* GNTMAP_* */
    grant_ref_t ref;
    domid_t dom;
    int16_t status;             /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT */
    uint64_t dev_bus_addr;      /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;

/* Grows dom's table to nr_frames; frame_list (OUT) gets their frames. */
struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;             /* OUT: GNTST_* */
    uint64_t frame_list;        /* guest pointer to xen_pfn_t[nr_frames] */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;

struct gnttab_dump_table {
    domid_t dom;
    int16_t status;             /* OUT: GNTST_* */
};

/* One side of a copy: a grant reference, or the caller's own gmfn. */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};

#define _GNTCOPY_source_gref    0
#define GNTCOPY_source_gref     (1U << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref      1
#define GNTCOPY_dest_gref       (1U << _GNTCOPY_dest_gref)

struct gnttab_copy {
    struct gnttab_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags;             /* GNTCOPY_* */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_copy gnttab_copy_t;

struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;         /* OUT */
    uint32_t max_nr_frames;     /* OUT */
    int16_t status;             /* OUT: GNTST_* */
};
typedef struct gnttab_query_size gnttab_query_size_t;

/* IN: the version wanted; OUT: the version in force. */
struct gnttab_set_version {
    uint32_t version;
};
typedef struct gnttab_set_version gnttab_set_version_t;

struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;           /* OUT */
};

/* Per-element results. */
#define GNTST_okay              (0)
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

#endif /* XEN_PUBLIC_GRANT_TABLE_H */
