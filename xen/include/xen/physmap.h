/* SPDX-License-Identifier: GPL-2.0-only */
/* Changing a domain's physmap on request (common/physmap.c). */
#ifndef XEN_PHYSMAP_H
#define XEN_PHYSMAP_H

#include <xen/types.h>

struct domain;
struct xen_memory_reservation;

/*
 * XENMEM_populate_physmap / decrease_reservation for d (which may be the
 * caller's target): the number of extents done, which is less than asked
 * when one fails, or -EINVAL for an order the caller may not use.
 */
long physmap_populate(struct domain *d, struct xen_memory_reservation *r);
long physmap_decrease(struct domain *d, struct xen_memory_reservation *r);

/*
 * XENMAPSPACE_gmfn_foreign: maps fd's gfns idxs[i] at d's gpfns[i] (a
 * privileged d only), with a per-item error in errs[].  0 or -errno.
 */
long physmap_add_batch_foreign(struct domain *d, struct domain *fd,
                               unsigned long idxs, unsigned long gpfns,
                               unsigned long errs, unsigned int size);
/* XENMEM_remove_from_physmap: unmaps gpfn (freeing it if d's RAM). */
long physmap_remove(struct domain *d, unsigned long gpfn);

/* Domain teardown: others lose their mappings of gone's frames. */
void physmap_revoke_foreign(struct domain *gone);
void physmap_destroy(struct domain *d);

#endif /* XEN_PHYSMAP_H */
