/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables, version 1 (common/grant_table.c): a domain's table of
 * grant entries, which lets other domains map or copy its frames, and
 * its maptrack, which records the grants it has mapped itself.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <xen/types.h>

struct domain;

/*
 * Shared frames a table may grow to: 32 frames of 512 v1 entries, the
 * default maximum of Xen's gnttab_max_frames.
 */
#define GNTTAB_MAX_FRAMES       32
#define GNTTAB_ENTRIES_PER_FRAME 512
#define GNTTAB_MAX_ENTRIES      (GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME)

/* Grants one domain may have mapped at once (its maptrack handles). */
#define GNTTAB_MAX_MAPTRACK     1024

/* Elements one GNTTABOP_* call may carry: bounds the time it takes. */
#define GNTTAB_MAX_OPS          1024

/* At domain creation: 0 or -ENOMEM.  No frame is allocated yet. */
int gnttab_init(struct domain *d);

/*
 * At destruction, once d's vCPUs have stopped and before any of d's
 * pages is freed: removes every mapping other domains hold of d's
 * frames (then waits, with synchronize_quiescent(), until no CPU can
 * still use one), drops the pins d's own mappings hold on others'
 * entries, and frees the table.  Call with no lock held.  Also safe
 * after a failed gnttab_init() and twice.
 */
void gnttab_destroy(struct domain *d);

/*
 * XENMEM_add_to_physmap, XENMAPSPACE_grant_table: maps shared frame idx
 * of d's table at gfn, growing the table to idx + 1 frames.
 */
int gnttab_map_frame(struct domain *d, unsigned long idx, gfn_t gfn);

/*
 * Whether a grant pins the page at mfn, so that its owner must not free
 * it (decrease_reservation, remove_from_physmap).  Ask after removing
 * the page from the owner's p2m: a grant pinning it concurrently either
 * sees that removal and fails, or is seen here.
 */
bool gnttab_page_pinned(mfn_t mfn);

/* Frames in use, for stats and tests. */
unsigned int gnttab_nr_frames(const struct domain *d);

#endif /* XEN_GRANT_TABLE_H */
