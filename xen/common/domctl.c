/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain control for the toolstack (__HYPERVISOR_domctl): creating PVH
 * domains, sizing them, setting their vCPUs' state, pausing, listing and
 * destroying them.  Only a privileged domain gets here (the permission
 * column of the hypercall table, then policy.c for the target), and it
 * may not act on itself or on the hardware domain in ways that would
 * stop the machine.
 *
 * A domain the toolstack creates starts paused by it, with every vCPU
 * down: it builds the memory image (memory_op on its behalf), sets vCPU
 * 0's state (setvcpucontext brings that vCPU up) and unpauses it.
 */
#include <xen/console.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <public/domctl.h>
#include <public/hvm/hvm_vcpu.h>

/* Most controller pauses a domain may be under at once, as in Xen. */
#define MAX_CONTROLLER_PAUSES 255

static DEFINE_SPINLOCK(create_lock);

/* The lowest free id from 1, or DOMID_INVALID. */
static domid_t free_domid(void)
{
    for ( domid_t id = 1; id <= DOMID_MAX; id++ )
        if ( !get_domain_by_id(id) )
            return id;
    return DOMID_INVALID;
}

static long createdomain(struct xen_domctl *op)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    domid_t id = op->domain;
    struct domain *d;
    int rc;

    /* PVH is an HVM container, and (design note) HAP is required. */
    if ( !(c->flags & XEN_DOMCTL_CDF_hvm) )
        return -EOPNOTSUPP;                 /* classic PV: not here */
    if ( !(c->flags & XEN_DOMCTL_CDF_hap) )
        return -EINVAL;
    if ( c->flags & ~(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap) )
        return -EOPNOTSUPP;
    if ( !c->max_vcpus || c->max_vcpus > MAX_VIRT_CPUS )
        return -EINVAL;

    if ( id > DOMID_MAX )
        return -EINVAL;

    /* Picking an id and taking it are one step. */
    spin_lock(&create_lock);
    if ( id == 0 )
        id = free_domid();
    if ( id == DOMID_INVALID )
    {
        spin_unlock(&create_lock);
        return -ENOMEM;
    }
    d = domain_create(id, false, c->max_vcpus, &rc);
    spin_unlock(&create_lock);
    if ( !d )
        return rc;

    /* Every vCPU exists, down, so that setvcpucontext can reach it. */
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( !vcpu_create(d, i) )
        {
            domain_destroy(d);
            return -ENOMEM;
        }
    memcpy(d->handle, c->handle, sizeof(d->handle));
    d->controller_pause_count = 1;
    domain_pause(d);

    printk("d%u: created by d%u (%u vCPU%s)\n", d->domain_id,
           current->domain->domain_id, d->max_vcpus,
           d->max_vcpus > 1 ? "s" : "");
    op->domain = d->domain_id;
    return 0;
}

/* Whether every vCPU of d is blocked or down (and so not runnable). */
static bool all_blocked(const struct domain *d)
{
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu[i];

        if ( v && !(READ_ONCE(v->pause_flags) & (VPF_blocked | VPF_down)) )
            return false;
    }
    return true;
}

void getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    unsigned int online = 0;
    bool running = false;
    u64 cpu_time = 0;

    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        const struct vcpu *v = d->vcpu[i];

        if ( !v )
            continue;
        if ( !(READ_ONCE(v->pause_flags) & VPF_down) )
            online++;
        running |= READ_ONCE(v->is_running);
        cpu_time += v->runtime;
    }

    info->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
    if ( d->is_dying )
        info->flags |= XEN_DOMINF_dying;
    if ( d->is_shutting_down )
        info->flags |= XEN_DOMINF_shutdown |
                       ((d->shutdown_code & XEN_DOMINF_shutdownmask) <<
                        XEN_DOMINF_shutdownshift);
    if ( READ_ONCE(d->controller_pause_count) )
        info->flags |= XEN_DOMINF_paused;
    if ( running )
        info->flags |= XEN_DOMINF_running;
    else if ( all_blocked(d) )
        info->flags |= XEN_DOMINF_blocked;

    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = virt_to_mfn(d->shared_info);
    info->cpu_time = cpu_time;
    info->nr_online_vcpus = online;
    info->max_vcpu_id = d->max_vcpus - 1;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->gpaddr_bits = 48;
}

/* The domain with the lowest id at or above id, as Xen's lookup does. */
struct domain *domain_at_or_after(domid_t id)
{
    struct domain *d, *best = NULL;

    for_each_domain ( d )
        if ( !d->is_dying && d->domain_id >= id &&
             (!best || d->domain_id < best->domain_id) )
            best = d;
    return best;
}

/* Waits until none of d's vCPUs is on a pCPU (d is paused). */
static void wait_descheduled(struct domain *d)
{
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
    {
        struct vcpu *v = d->vcpu[i];

        if ( !v )
            continue;
        if ( READ_ONCE(v->is_running) )
            cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
        while ( READ_ONCE(v->is_running) )
            cpu_relax();
    }
}

static long pausedomain(struct domain *d)
{
    unsigned long flags;

    spin_lock_irqsave(&d->lock, flags);
    if ( d->controller_pause_count >= MAX_CONTROLLER_PAUSES )
    {
        spin_unlock_irqrestore(&d->lock, flags);
        return -EUSERS;
    }
    d->controller_pause_count++;
    spin_unlock_irqrestore(&d->lock, flags);
    domain_pause(d);
    wait_descheduled(d);
    return 0;
}

static long unpausedomain(struct domain *d)
{
    unsigned long flags;

    spin_lock_irqsave(&d->lock, flags);
    if ( !d->controller_pause_count )
    {
        spin_unlock_irqrestore(&d->lock, flags);
        return -EINVAL;
    }
    d->controller_pause_count--;
    spin_unlock_irqrestore(&d->lock, flags);
    domain_unpause(d);
    return 0;
}

static long setvcpucontext(struct domain *d, struct xen_domctl *op)
{
    const struct xen_domctl_vcpucontext *c = &op->u.vcpucontext;
    struct vcpu *v = c->vcpu < d->max_vcpus ? d->vcpu[c->vcpu] : NULL;
    long rc;

    if ( !v )
        return -ESRCH;
    /* Its state may only change while the toolstack holds it still. */
    if ( !READ_ONCE(d->controller_pause_count) )
        return -EBUSY;
    wait_descheduled(d);
    rc = vcpu_set_hvm_context(v, c->ctxt);
    if ( rc )
        return rc;
    v->is_initialised = true;
    /* Up: it runs once the domain is unpaused. */
    __atomic_and_fetch(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    return 0;
}

static long getvcpucontext(struct domain *d, struct xen_domctl *op)
{
    const struct xen_domctl_vcpucontext *c = &op->u.vcpucontext;
    struct vcpu *v = c->vcpu < d->max_vcpus ? d->vcpu[c->vcpu] : NULL;
    struct vcpu_hvm_context ctx = { .mode = VCPU_HVM_MODE_64B };

    if ( !v )
        return -ESRCH;
    if ( !READ_ONCE(d->controller_pause_count) )
        return -EBUSY;
    if ( !v->is_initialised )
        return -ENODATA;
    wait_descheduled(d);
    hvm_funcs->get_vcpu_context(v, &ctx.cpu_regs.x86_64);
    return hvm_copy_to_guest(c->ctxt, &ctx, sizeof(ctx)) ? -EFAULT : 0;
}

static long destroydomain(struct domain *d)
{
    /* The machine's owner goes by shutting down, not from outside. */
    if ( d->is_hardware_domain || d == current->domain )
        return -EPERM;
    printk("d%u: destroyed by d%u\n", d->domain_id,
           current->domain->domain_id);
    return domain_destroy(d) ? 0 : -EINVAL;
}

long do_domctl(unsigned long arg)
{
    struct xen_domctl op;
    struct domain *d = NULL;
    long rc, err = 0;
    bool copyback = false;

    if ( hvm_copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;

    /* Everything but createdomain and getdomaininfo names a domain. */
    if ( op.cmd != XEN_DOMCTL_createdomain &&
         op.cmd != XEN_DOMCTL_getdomaininfo )
    {
        d = get_target_domain(op.domain, &err);
        if ( !d )
            return err;
    }
    if ( !domctl_permitted(current->domain, d, op.cmd) )
        return -EPERM;

    switch ( op.cmd )
    {
    case XEN_DOMCTL_createdomain:
        rc = createdomain(&op);
        copyback = !rc;
        break;

    case XEN_DOMCTL_destroydomain:
        rc = destroydomain(d);
        break;

    case XEN_DOMCTL_pausedomain:
        rc = d == current->domain ? -EINVAL : pausedomain(d);
        break;

    case XEN_DOMCTL_unpausedomain:
        rc = unpausedomain(d);
        break;

    case XEN_DOMCTL_getdomaininfo:
        d = domain_at_or_after(op.domain);
        if ( !d )
        {
            rc = -ESRCH;
            break;
        }
        getdomaininfo(d, &op.u.getdomaininfo);
        op.domain = d->domain_id;
        rc = 0;
        copyback = true;
        break;

    case XEN_DOMCTL_max_mem:
    {
        u64 kb = op.u.max_mem.max_memkb;

        if ( kb > ((u64)~0UL >> 1) >> (PAGE_SHIFT - 10) )
            return -EINVAL;
        /* Below what it holds is allowed: it only stops it growing. */
        d->max_pages = kb >> (PAGE_SHIFT - 10);
        rc = 0;
        break;
    }

    case XEN_DOMCTL_setvcpucontext:
        rc = d == current->domain ? -EINVAL : setvcpucontext(d, &op);
        break;

    case XEN_DOMCTL_getvcpucontext:
        rc = d == current->domain ? -EINVAL : getvcpucontext(d, &op);
        break;

    case XEN_DOMCTL_getvcpuinfo:
    {
        struct xen_domctl_getvcpuinfo *vi = &op.u.getvcpuinfo;
        const struct vcpu *v = vi->vcpu < d->max_vcpus ? d->vcpu[vi->vcpu]
                                                        : NULL;
        unsigned long flags;

        if ( !v )
            return -ESRCH;
        flags = READ_ONCE(v->pause_flags);
        vi->online = !(flags & VPF_down);
        vi->blocked = !!(flags & VPF_blocked);
        vi->running = READ_ONCE(v->is_running);
        vi->cpu_time = v->runtime;
        vi->cpu = READ_ONCE(v->processor);
        rc = 0;
        copyback = true;
        break;
    }

    case XEN_DOMCTL_max_vcpus:
        /* Fixed at createdomain, as in Xen since 4.12. */
        rc = op.u.max_vcpus.max == d->max_vcpus ? 0 : -EINVAL;
        break;

    default:
        rc = -EOPNOTSUPP;
    }

    if ( copyback && hvm_copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
