/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenctrl: hypercall wrappers over a backend (privcmd.c, or a test's
 * fake).  Each call copies its arguments into a bounce buffer from the
 * backend, passes the buffer's address, and copies results back out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenctrl.h"
#include "xc_private.h"
#include <public/sched.h>
#include <public/memory.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>

/* Domains asked for per getdomaininfolist call (the hypervisor's cap). */
#define LIST_CHUNK 1024U

/* A log larger than this is not the hypervisor's ring; stop there. */
#define CONSOLE_MAX (16UL << 20)

xc_interface *xc_open_backend(const struct xc_backend *be, void *priv)
{
    xc_interface *xch = calloc(1, sizeof(*xch));

    if ( !xch )
        return NULL;
    xch->be = be;
    xch->priv = priv;
    return xch;
}

void xc_close(xc_interface *xch)
{
    if ( !xch )
        return;
    if ( xch->be->close )
        xch->be->close(xch->priv);
    free(xch);
}

const char *xc_strerror(int rc)
{
    int e = rc < 0 ? -rc : rc;

    /* Where the hypervisor's meaning differs from the C library's. */
    switch ( e )
    {
    case ESRCH:
        return "No such domain";
    case EACCES:
        return "Interface version mismatch (the tools and the hypervisor "
               "come from different trees?)";
    case ENOSYS:
        return "Hypercall not implemented by the hypervisor";
    case EOPNOTSUPP:
        return "Operation not supported by the hypervisor";
    case EFAULT:
        return "Bad address (a hypercall buffer was not accessible)";
    }
    return strerror(e);
}

int xc_bounce_alloc(xc_interface *xch, struct xc_bounce *b, size_t len)
{
    if ( !len )
        len = 1;
    if ( len > SIZE_MAX - XC_PAGE_SIZE )
        return -ENOMEM;
    b->size = (len + XC_PAGE_SIZE - 1) & ~(XC_PAGE_SIZE - 1);
    b->p = xch->be->alloc(xch->priv, b->size);
    return b->p ? 0 : -ENOMEM;
}

void xc_bounce_free(xc_interface *xch, struct xc_bounce *b)
{
    if ( b->p )
        xch->be->free(xch->priv, b->p, b->size);
    b->p = NULL;
}

long xc_hypercall(xc_interface *xch, unsigned int op, uint64_t a0,
                  uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
    const uint64_t arg[5] = { a0, a1, a2, a3, a4 };

    return xch->be->hypercall(xch->priv, op, arg);
}

/* One bounced structure in, the hypervisor's copy out on success. */
static int bounced_call(xc_interface *xch, unsigned int op, void *data,
                        size_t len)
{
    struct xc_bounce b;
    long rc = xc_bounce_alloc(xch, &b, len);

    if ( rc )
        return rc;
    memcpy(b.p, data, len);
    rc = xc_hypercall(xch, op, (uintptr_t)b.p, 0, 0, 0, 0);
    if ( rc >= 0 )
        memcpy(data, b.p, len);
    xc_bounce_free(xch, &b);
    return rc < 0 ? rc : 0;
}

int xc_domctl(xc_interface *xch, struct xen_domctl *op)
{
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return bounced_call(xch, __HYPERVISOR_domctl, op, sizeof(*op));
}

int xc_sysctl(xc_interface *xch, struct xen_sysctl *op)
{
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return bounced_call(xch, __HYPERVISOR_sysctl, op, sizeof(*op));
}

/* ------------------------------------------------------------ domctl */

static int simple_domctl(xc_interface *xch, unsigned int cmd, domid_t domid)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.domain = domid;
    return xc_domctl(xch, &op);
}

int xc_domain_getinfo(xc_interface *xch, domid_t domid,
                      struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.domain = domid;
    rc = xc_domctl(xch, &op);
    if ( rc )
        return rc;
    /* The hypervisor answers with the next domain up: not this one. */
    if ( op.domain != domid || op.u.getdomaininfo.domain != domid )
        return -ESRCH;
    *info = op.u.getdomaininfo;
    return 0;
}

int xc_domain_pause(xc_interface *xch, domid_t domid)
{
    return simple_domctl(xch, XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(xc_interface *xch, domid_t domid)
{
    return simple_domctl(xch, XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_destroy(xc_interface *xch, domid_t domid)
{
    return simple_domctl(xch, XEN_DOMCTL_destroydomain, domid);
}

int xc_domain_shutdown(xc_interface *xch, domid_t domid, unsigned int reason)
{
    struct sched_remote_shutdown rs = { .domain_id = domid,
                                        .reason = reason };
    struct xc_bounce b;
    long rc = xc_bounce_alloc(xch, &b, sizeof(rs));

    if ( rc )
        return rc;
    memcpy(b.p, &rs, sizeof(rs));
    rc = xc_hypercall(xch, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
                      (uintptr_t)b.p, 0, 0, 0);
    xc_bounce_free(xch, &b);
    return rc < 0 ? rc : 0;
}

int xc_vcpu_getinfo(xc_interface *xch, domid_t domid, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_getvcpuinfo;
    op.domain = domid;
    op.u.getvcpuinfo.vcpu = vcpu;
    rc = xc_domctl(xch, &op);
    if ( !rc )
        *info = op.u.getvcpuinfo;
    return rc;
}

int xc_domain_create(xc_interface *xch, domid_t *domid,
                     const struct xen_domctl_createdomain *config)
{
    struct xen_domctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_createdomain;
    op.domain = *domid;
    op.u.createdomain = *config;
    rc = xc_domctl(xch, &op);
    if ( !rc )
        *domid = op.domain;
    return rc;
}

int xc_domain_setmaxmem(xc_interface *xch, domid_t domid, uint64_t max_memkb)
{
    struct xen_domctl op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_max_mem;
    op.domain = domid;
    op.u.max_mem.max_memkb = max_memkb;
    return xc_domctl(xch, &op);
}

int xc_vcpu_setcontext(xc_interface *xch, domid_t domid, unsigned int vcpu,
                       const struct vcpu_hvm_context *ctx)
{
    struct xen_domctl op;
    struct xc_bounce b;
    int rc = xc_bounce_alloc(xch, &b, sizeof(*ctx));

    if ( rc )
        return rc;
    memcpy(b.p, ctx, sizeof(*ctx));
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_setvcpucontext;
    op.domain = domid;
    op.u.vcpucontext.vcpu = vcpu;
    op.u.vcpucontext.ctxt = (uintptr_t)b.p;
    rc = xc_domctl(xch, &op);
    xc_bounce_free(xch, &b);
    return rc;
}

/* ------------------------------------------------------------ memory */

int xc_domain_set_memory_map(xc_interface *xch, domid_t domid,
                             const struct xc_e820entry *map,
                             unsigned int nr)
{
    struct xc_bounce ent, arg;
    struct xen_foreign_memory_map fmap;
    int rc;

    if ( !nr || nr > 128 )            /* E820MAX entries at most */
        return -EINVAL;
    if ( (rc = xc_bounce_alloc(xch, &ent, nr * sizeof(*map))) != 0 )
        return rc;
    if ( (rc = xc_bounce_alloc(xch, &arg, sizeof(fmap))) != 0 )
    {
        xc_bounce_free(xch, &ent);
        return rc;
    }
    memcpy(ent.p, map, nr * sizeof(*map));
    memset(&fmap, 0, sizeof(fmap));
    fmap.domid = domid;
    fmap.map.nr_entries = nr;
    fmap.map.buffer = (uintptr_t)ent.p;
    memcpy(arg.p, &fmap, sizeof(fmap));
    rc = xc_hypercall(xch, __HYPERVISOR_memory_op, XENMEM_set_memory_map,
                      (uintptr_t)arg.p, 0, 0, 0);
    xc_bounce_free(xch, &arg);
    xc_bounce_free(xch, &ent);
    return rc;
}

/* Frames per populate_physmap call: one bounce buffer of 8 pages. */
#define POPULATE_CHUNK 4096U

int xc_domain_populate_physmap(xc_interface *xch, domid_t domid,
                               const xen_pfn_t *gfns, unsigned int nr)
{
    struct xc_bounce ext, res;
    unsigned int done = 0;
    int rc;

    if ( (rc = xc_bounce_alloc(xch, &ext, POPULATE_CHUNK *
                                          sizeof(xen_pfn_t))) != 0 )
        return rc;
    if ( (rc = xc_bounce_alloc(xch, &res, sizeof(struct
                                               xen_memory_reservation))) )
    {
        xc_bounce_free(xch, &ext);
        return rc;
    }
    while ( done < nr )
    {
        unsigned int n = nr - done < POPULATE_CHUNK ? nr - done
                                                    : POPULATE_CHUNK;
        struct xen_memory_reservation r = {
            .extent_start = (uintptr_t)ext.p,
            .nr_extents = n,
            .extent_order = 0,
            .domid = domid,
        };
        long got;

        memcpy(ext.p, gfns + done, n * sizeof(xen_pfn_t));
        memcpy(res.p, &r, sizeof(r));
        got = xc_hypercall(xch, __HYPERVISOR_memory_op,
                           XENMEM_populate_physmap, (uintptr_t)res.p, 0, 0,
                           0);
        if ( got < 0 )
        {
            rc = got;
            break;
        }
        /* Fewer than asked (and never more): out of memory or max_mem. */
        if ( (unsigned long)got != n )
        {
            rc = -ENOMEM;
            break;
        }
        done += n;
    }
    xc_bounce_free(xch, &res);
    xc_bounce_free(xch, &ext);
    return rc;
}

void *xc_map_foreign_pages(xc_interface *xch, domid_t dom,
                           const xen_pfn_t *gfns, unsigned int nr, int *rc)
{
    int *err;
    void *p;

    if ( !xch->be->map_foreign )
    {
        *rc = -EOPNOTSUPP;
        return NULL;
    }
    if ( !nr || !(err = calloc(nr, sizeof(*err))) )
    {
        *rc = nr ? -ENOMEM : -EINVAL;
        return NULL;
    }
    *rc = 0;
    p = xch->be->map_foreign(xch->priv, dom, gfns, err, nr, rc);
    if ( p )
    {
        for ( unsigned int i = 0; i < nr; i++ )
            if ( err[i] )
            {
                *rc = err[i] < 0 ? err[i] : -EFAULT;
                break;
            }
        if ( *rc )
        {
            xch->be->unmap_foreign(xch->priv, p, nr);
            p = NULL;
        }
    }
    else if ( !*rc )
        *rc = -EFAULT;
    free(err);
    return p;
}

void xc_unmap_foreign(xc_interface *xch, void *addr, unsigned int nr)
{
    if ( addr && xch->be->unmap_foreign )
        xch->be->unmap_foreign(xch->priv, addr, nr);
}

/* ------------------------------------------------------- events, params */

int xc_evtchn_alloc_unbound(xc_interface *xch, domid_t dom, domid_t remote,
                            uint32_t *port)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    struct xc_bounce b;
    long rc = xc_bounce_alloc(xch, &b, sizeof(a));

    if ( rc )
        return rc;
    memcpy(b.p, &a, sizeof(a));
    rc = xc_hypercall(xch, __HYPERVISOR_event_channel_op,
                      EVTCHNOP_alloc_unbound, (uintptr_t)b.p, 0, 0, 0);
    if ( rc >= 0 )
    {
        memcpy(&a, b.p, sizeof(a));
        *port = a.port;
    }
    xc_bounce_free(xch, &b);
    return rc < 0 ? rc : 0;
}

static int hvm_param(xc_interface *xch, unsigned int op, domid_t domid,
                     uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = domid, .index = index,
                               .value = *value };
    struct xc_bounce b;
    long rc = xc_bounce_alloc(xch, &b, sizeof(p));

    if ( rc )
        return rc;
    memcpy(b.p, &p, sizeof(p));
    rc = xc_hypercall(xch, __HYPERVISOR_hvm_op, op, (uintptr_t)b.p, 0, 0,
                      0);
    if ( rc >= 0 )
    {
        memcpy(&p, b.p, sizeof(p));
        *value = p.value;
    }
    xc_bounce_free(xch, &b);
    return rc < 0 ? rc : 0;
}

int xc_hvm_param_set(xc_interface *xch, domid_t domid, uint32_t index,
                     uint64_t value)
{
    return hvm_param(xch, HVMOP_set_param, domid, index, &value);
}

int xc_hvm_param_get(xc_interface *xch, domid_t domid, uint32_t index,
                     uint64_t *value)
{
    *value = 0;
    return hvm_param(xch, HVMOP_get_param, domid, index, value);
}

/* ------------------------------------------------------------ sysctl */

int xc_physinfo(xc_interface *xch, struct xen_sysctl_physinfo *info)
{
    struct xen_sysctl op;
    int rc;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_physinfo;
    rc = xc_sysctl(xch, &op);
    if ( !rc )
        *info = op.u.physinfo;
    return rc;
}

int xc_domain_getinfolist(xc_interface *xch, domid_t first,
                          unsigned int max,
                          struct xen_domctl_getdomaininfo *info)
{
    struct xen_sysctl op;
    struct xc_bounce b;
    size_t len;
    int rc;

    if ( !max )
        return 0;
    if ( max > LIST_CHUNK )
        max = LIST_CHUNK;
    len = (size_t)max * sizeof(*info);
    rc = xc_bounce_alloc(xch, &b, len);
    if ( rc )
        return rc;
    memset(&op, 0, sizeof(op));
    op.cmd = XEN_SYSCTL_getdomaininfolist;
    op.u.getdomaininfolist.first_domain = first;
    op.u.getdomaininfolist.max_domains = max;
    op.u.getdomaininfolist.buffer = (uintptr_t)b.p;
    rc = xc_sysctl(xch, &op);
    if ( !rc )
    {
        unsigned int n = op.u.getdomaininfolist.num_domains;

        /* Never trust a count beyond what was asked for. */
        if ( n > max )
            rc = -EIO;
        else
        {
            memcpy(info, b.p, (size_t)n * sizeof(*info));
            rc = n;
        }
    }
    xc_bounce_free(xch, &b);
    return rc;
}

int xc_domain_list(xc_interface *xch, struct xen_domctl_getdomaininfo **list,
                   unsigned int *nr)
{
    struct xen_domctl_getdomaininfo *all = NULL, *grown;
    unsigned int n = 0;
    unsigned int next = 0;

    *list = NULL;
    *nr = 0;
    while ( next < DOMID_FIRST_RESERVED )
    {
        int rc;

        grown = realloc(all, (n + LIST_CHUNK) * sizeof(*all));
        if ( !grown )
        {
            free(all);
            return -ENOMEM;
        }
        all = grown;
        rc = xc_domain_getinfolist(xch, next, LIST_CHUNK, all + n);
        if ( rc < 0 )
        {
            free(all);
            return rc;
        }
        if ( rc == 0 )
            break;
        /* Ids must go up, or a broken answer would loop forever. */
        for ( int i = 0; i < rc; i++ )
            if ( all[n + i].domain < next )
            {
                free(all);
                return -EIO;
            }
        n += rc;
        next = all[n - 1].domain + 1U;
        if ( (unsigned int)rc < LIST_CHUNK )
            break;
    }
    *list = all;
    *nr = n;
    return 0;
}

int xc_readconsole(xc_interface *xch, int clear, char **text, size_t *len)
{
    struct xen_sysctl op;
    struct xc_bounce b;
    char *out = NULL, *grown;
    size_t used = 0;
    uint32_t index = 0;
    int incremental = 0, rc;

    *text = NULL;
    *len = 0;
    rc = xc_bounce_alloc(xch, &b, 16 * XC_PAGE_SIZE);
    if ( rc )
        return rc;
    for ( ;; )
    {
        uint32_t got;

        memset(&op, 0, sizeof(op));
        op.cmd = XEN_SYSCTL_readconsole;
        op.u.readconsole.incremental = incremental;
        op.u.readconsole.index = index;
        op.u.readconsole.buffer = (uintptr_t)b.p;
        op.u.readconsole.count = b.size;
        rc = xc_sysctl(xch, &op);
        if ( rc )
            goto out;
        got = op.u.readconsole.count;
        if ( got > b.size )
        {
            rc = -EIO;
            goto out;
        }
        if ( !got )
            break;
        if ( used + got > CONSOLE_MAX )
        {
            rc = -EFBIG;
            goto out;
        }
        grown = realloc(out, used + got + 1);
        if ( !grown )
        {
            rc = -ENOMEM;
            goto out;
        }
        out = grown;
        memcpy(out + used, b.p, got);
        used += got;
        index = op.u.readconsole.index;
        incremental = 1;
    }
    if ( clear )
    {
        /* Nothing to read, only the clearing, where the reading ended. */
        memset(&op, 0, sizeof(op));
        op.cmd = XEN_SYSCTL_readconsole;
        op.u.readconsole.clear = 1;
        op.u.readconsole.incremental = 1;
        op.u.readconsole.index = index;
        op.u.readconsole.buffer = (uintptr_t)b.p;
        rc = xc_sysctl(xch, &op);
        if ( rc )
            goto out;
    }
    if ( !out && !(out = malloc(1)) )
    {
        rc = -ENOMEM;
        goto out;
    }
    out[used] = 0;
    *text = out;
    *len = used;
    out = NULL;
    rc = 0;
 out:
    free(out);
    xc_bounce_free(xch, &b);
    return rc;
}

/* ------------------------------------------------------------ version */

/* A fixed-size XENVER_ answer into buf (NUL-terminated). */
static int version_blob(xc_interface *xch, unsigned int cmd, void *buf,
                        size_t len, int string)
{
    struct xc_bounce b;
    long rc = xc_bounce_alloc(xch, &b, len);

    if ( rc )
        return rc;
    rc = xc_hypercall(xch, __HYPERVISOR_xen_version, cmd, (uintptr_t)b.p,
                      0, 0, 0);
    if ( rc >= 0 )
    {
        memcpy(buf, b.p, len);
        if ( string )
            ((char *)buf)[len - 1] = 0;
    }
    xc_bounce_free(xch, &b);
    return rc < 0 ? rc : 0;
}

int xc_version(xc_interface *xch, struct xc_version_info *info)
{
    struct xen_platform_parameters pp;
    long rc;

    memset(info, 0, sizeof(*info));
    rc = xc_hypercall(xch, __HYPERVISOR_xen_version, XENVER_version, 0, 0,
                      0, 0);
    if ( rc < 0 )
        return rc;
    info->major = (unsigned long)rc >> 16;
    info->minor = rc & 0xffff;

    /* The rest is optional: a refused part stays empty. */
    version_blob(xch, XENVER_extraversion, info->extra,
                 sizeof(info->extra), 1);
    version_blob(xch, XENVER_capabilities, info->capabilities,
                 sizeof(info->capabilities), 1);
    version_blob(xch, XENVER_changeset, info->changeset,
                 sizeof(info->changeset), 1);
    version_blob(xch, XENVER_commandline, info->commandline,
                 sizeof(info->commandline), 1);
    if ( !version_blob(xch, XENVER_compile_info, &info->compile,
                       sizeof(info->compile), 0) )
    {
        info->compile.compiler[sizeof(info->compile.compiler) - 1] = 0;
        info->compile.compile_by[sizeof(info->compile.compile_by) - 1] = 0;
        info->compile.compile_domain[
            sizeof(info->compile.compile_domain) - 1] = 0;
        info->compile.compile_date[
            sizeof(info->compile.compile_date) - 1] = 0;
    }
    if ( !version_blob(xch, XENVER_platform_parameters, &pp, sizeof(pp),
                       0) )
        info->virt_start = pp.virt_start;
    rc = xc_hypercall(xch, __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0,
                      0, 0);
    info->pagesize = rc > 0 ? (unsigned long)rc : XC_PAGE_SIZE;
    return 0;
}
