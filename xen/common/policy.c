/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Who may act on which domain.  Every hypercall that names a domain asks
 * here, so that this is the one place a finer (XSM-like) policy grows.
 */
#include <xen/errno.h>
#include <xen/domctl.h>
#include <xen/sched.h>

/*
 * DOMID_SELF or the caller's own id; another live domain only if the
 * caller may control others.  -ESRCH for a missing domain comes first,
 * as in Xen.
 */
struct domain *get_target_domain(domid_t domid, long *err)
{
    struct domain *self = current->domain, *d;

    if ( domid == DOMID_SELF || domid == self->domain_id )
        return self;
    d = get_domain_by_id(domid);
    if ( !d )
        *err = -ESRCH;
    else if ( !self->is_privileged )
    {
        *err = -EPERM;
        d = NULL;
    }
    return d;
}

/*
 * The toolstack's interfaces: a privileged (control) domain only, for
 * every command.  Finer rules (a device model's target, a xenstore
 * domain) would go here.
 */
bool domctl_permitted(const struct domain *caller,
                      const struct domain *target, unsigned int cmd)
{
    return caller->is_privileged;
}

bool sysctl_permitted(const struct domain *caller, unsigned int cmd)
{
    return caller->is_privileged;
}
