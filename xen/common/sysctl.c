/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System control for the toolstack (__HYPERVISOR_sysctl): the machine's
 * figures ("xl info"), the list of domains ("xl list") and the
 * hypervisor's console log ("xl dmesg").  Privileged domains only.
 */
#include <xen/console.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <public/sysctl.h>

/* A listing is capped so that one call stays short. */
#define MAX_LIST_DOMAINS    1024U

static void physinfo(struct xen_sysctl_physinfo *pi)
{
    unsigned int cpu, max_id = 0;

    memset(pi, 0, sizeof(*pi));
    for_each_online_cpu ( cpu )
        max_id = max(max_id, cpu);
    /* No topology is probed: every CPU counts as its own core. */
    pi->threads_per_core = 1;
    pi->cores_per_socket = num_online_cpus();
    pi->nr_cpus = num_online_cpus();
    pi->max_cpu_id = max_id;
    pi->nr_nodes = 1;
    pi->max_node_id = 0;
    pi->cpu_khz = cpu_khz;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap;
    pi->max_gpaddr_bits = 48;
    pi->total_pages = total_heap_pages();
    pi->free_pages = avail_heap_pages();
    pi->max_mfn = max_page - 1;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
    struct xen_domctl_getdomaininfo info;
    unsigned int n = 0, max = min(l->max_domains, MAX_LIST_DOMAINS);
    domid_t next = l->first_domain;

    while ( n < max )
    {
        struct domain *d = domain_at_or_after(next);

        if ( !d )
            break;
        getdomaininfo(d, &info);
        if ( hvm_copy_to_guest(l->buffer + n * sizeof(info), &info,
                               sizeof(info)) )
            return -EFAULT;
        n++;
        if ( d->domain_id == DOMID_MAX )
            break;
        next = d->domain_id + 1;
    }
    l->num_domains = n;
    return 0;
}

static long readconsole(struct xen_sysctl_readconsole *rc)
{
    char chunk[256];
    u32 index = rc->index, done = 0;
    bool incremental = rc->incremental;

    while ( done < rc->count )
    {
        size_t want = rc->count - done;
        size_t n = console_read_log(chunk, min(want, sizeof(chunk)),
                                    &index, incremental);

        if ( !n )
            break;
        if ( hvm_copy_to_guest(rc->buffer + done, chunk, n) )
            return -EFAULT;
        done += n;
        incremental = true;     /* the rest follows on from here */
    }
    if ( rc->clear )
        console_clear_log();
    rc->count = done;
    rc->index = index;
    return 0;
}

long do_sysctl(unsigned long arg)
{
    struct xen_sysctl op;
    long rc;

    if ( hvm_copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( !sysctl_permitted(current->domain, op.cmd) )
        return -EPERM;

    switch ( op.cmd )
    {
    case XEN_SYSCTL_readconsole:
        rc = readconsole(&op.u.readconsole);
        break;
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = getdomaininfolist(&op.u.getdomaininfolist);
        break;
    default:
        return -EOPNOTSUPP;
    }
    if ( !rc && hvm_copy_to_guest(arg, &op, sizeof(op)) )
        rc = -EFAULT;
    return rc;
}
