/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_MEMORY_H
#define XEN_MEMORY_H

#include <xen/types.h>

struct domain;

/*
 * Gives the domain fresh, zeroed RAM at [gfn, gfn + nr), in the largest
 * aligned chunks the heap and the p2m allow.  -ENOMEM if the heap or the
 * domain's max_pages runs out; what was added stays accounted.
 */
int guest_physmap_populate(struct domain *d, unsigned long gfn,
                           unsigned long nr);

#endif /* XEN_MEMORY_H */
