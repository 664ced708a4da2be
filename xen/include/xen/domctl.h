/* SPDX-License-Identifier: GPL-2.0-only */
/* Domain and system control for the toolstack (domctl.c, sysctl.c). */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include <xen/types.h>
#include <public/xen.h>

struct domain;
struct xen_domctl_getdomaininfo;

/*
 * policy.c: whether caller may make domctl cmd on target (NULL for the
 * commands that name no existing domain), and sysctl cmd at all.
 */
bool domctl_permitted(const struct domain *caller,
                      const struct domain *target, unsigned int cmd);
bool sysctl_permitted(const struct domain *caller, unsigned int cmd);

/* XEN_DOMCTL_getdomaininfo's record for d. */
void getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info);
/* The live domain with the lowest id at or above id, or NULL. */
struct domain *domain_at_or_after(domid_t id);

#endif /* XEN_DOMCTL_H */
