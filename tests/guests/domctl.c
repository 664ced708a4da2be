/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toolstack's hypervisor interfaces, driven from dom0 as xl would:
 * physinfo, createdomain, getdomaininfo(list), max_mem, set/getvcpucontext,
 * pause/unpause, readconsole and destroydomain, each with the errors
 * its bad arguments must give.
 *
 * The domain it creates has no memory: unpaused, its vCPU faults on its
 * first fetch and the hypervisor crashes it, which dom0 learns through
 * VIRQ_DOM_EXC and getdomaininfo, and reads back from the console log
 * (readconsole) before destroying it.  Free memory must come back to
 * the page, over one build-and-destroy and over twenty more.
 */
#include <guest/events.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/domctl.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/memory.h>
#include <public/platform.h>
#include <public/sysctl.h>

const char test_name[] = "domctl";

#define CRASH_WAIT_NS   (10 * NSEC_PER_SEC)
#define CHURN_ROUNDS    20

static struct xen_domctl dc;
static struct xen_sysctl sc;
static char logbuf[16384];

static long domctl(uint32_t cmd, domid_t dom)
{
    dc.cmd = cmd;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    dc.domain = dom;
    return hypercall_direct(__HYPERVISOR_domctl, (uint64_t)&dc, 0, 0, 0, 0);
}

static long sysctl(uint32_t cmd)
{
    sc.cmd = cmd;
    sc.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return hypercall_direct(__HYPERVISOR_sysctl, (uint64_t)&sc, 0, 0, 0, 0);
}

static uint64_t free_pages(void)
{
    memset(&sc, 0, sizeof(sc));
    if ( !EXPECT_EQ(sysctl(XEN_SYSCTL_physinfo), 0) )
        return 0;
    return sc.u.physinfo.free_pages;
}

/* createdomain with the given flags; the new id, or a -errno. */
static long create(uint32_t flags, uint32_t vcpus, domid_t want)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    dc.u.createdomain.flags = flags;
    dc.u.createdomain.max_vcpus = vcpus;
    rc = domctl(XEN_DOMCTL_createdomain, want);
    return rc ? rc : dc.domain;
}

static long info(domid_t dom, struct xen_domctl_getdomaininfo *out)
{
    long rc;

    memset(&dc, 0, sizeof(dc));
    rc = domctl(XEN_DOMCTL_getdomaininfo, dom);
    *out = dc.u.getdomaininfo;
    return rc;
}

static long set_context(domid_t dom, uint32_t vcpu,
                        const struct vcpu_hvm_context *ctx)
{
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpucontext.vcpu = vcpu;
    dc.u.vcpucontext.ctxt = (uint64_t)ctx;
    return domctl(XEN_DOMCTL_setvcpucontext, dom);
}

static void test_refusals(void)
{
    memset(&dc, 0, sizeof(dc));
    dc.cmd = XEN_DOMCTL_getdomaininfo;
    dc.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_domctl, (uint64_t)&dc,
                                0, 0, 0, 0), -EACCES);
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_domctl, 0, 0, 0, 0, 0),
               -EFAULT);
    memset(&sc, 0, sizeof(sc));
    sc.cmd = XEN_SYSCTL_physinfo;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_sysctl, (uint64_t)&sc,
                                0, 0, 0, 0), -EACCES);
    EXPECT_ERR(sysctl(9999), -EOPNOTSUPP);

    /* PVH is an HVM container on HAP; nothing else is built here. */
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm, 1, 0), -EINVAL);
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hap, 1, 0), -EOPNOTSUPP);
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap |
                      XEN_DOMCTL_CDF_nested_virt, 1, 0), -EOPNOTSUPP);
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 0, 0),
               -EINVAL);
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 65, 0),
               -EINVAL);
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 1,
                      DOMID_FIRST_RESERVED), -EINVAL);
    /* Our own id is taken. */
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 1,
                      DOMID_SELF), -EINVAL);

    memset(&dc, 0, sizeof(dc));
    EXPECT_ERR(domctl(XEN_DOMCTL_destroydomain, 0), -EPERM);
    EXPECT_ERR(domctl(XEN_DOMCTL_destroydomain, DOMID_SELF), -EPERM);
    EXPECT_ERR(domctl(XEN_DOMCTL_pausedomain, DOMID_SELF), -EINVAL);
    EXPECT_ERR(domctl(XEN_DOMCTL_pausedomain, 77), -ESRCH);
    EXPECT_ERR(domctl(XEN_DOMCTL_unpausedomain, 77), -ESRCH);
    EXPECT_ERR(domctl(XEN_DOMCTL_destroydomain, 77), -ESRCH);
    EXPECT_ERR(domctl(9999, DOMID_SELF), -EOPNOTSUPP);
    {
        struct xen_domctl_getdomaininfo di;

        EXPECT_ERR(info(DOMID_FIRST_RESERVED - 1, &di), -ESRCH);
    }
}

/* platform_op: what Linux dom0 asks at boot, answered as "absent". */
static void test_platform_op(void)
{
    static struct xen_platform_op op;

    memset(&op, 0, sizeof(op));
    op.cmd = XENPF_firmware_info;
    op.interface_version = XENPF_INTERFACE_VERSION;
    op.u.firmware_info.type = XEN_FW_DISK_INFO;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op, (uint64_t)&op,
                                0, 0, 0, 0), -ESRCH);
    op.u.firmware_info.type = 99;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op, (uint64_t)&op,
                                0, 0, 0, 0), -EINVAL);
    op.cmd = XENPF_get_dom0_console;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op, (uint64_t)&op,
                                0, 0, 0, 0), -ENODEV);
    op.cmd = 9999;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op, (uint64_t)&op,
                                0, 0, 0, 0), -ENOSYS);

    /* dom0 sets the wall clock every domain reads in shared_info. */
    if ( EXPECT_EQ(shared_info_map(), 0) )
    {
        uint64_t t = now_ns(), sec, want;
        uint32_t nsec, v0, v1;

        wallclock_read(&sec, &nsec, &v0);
        memset(&op, 0, sizeof(op));
        op.cmd = XENPF_settime64;
        op.interface_version = XENPF_INTERFACE_VERSION;
        op.u.settime64.secs = 2000000000;
        op.u.settime64.nsecs = 5;
        op.u.settime64.system_time = t;
        EXPECT_EQ(hypercall_direct(__HYPERVISOR_platform_op,
                                   (uint64_t)&op, 0, 0, 0, 0), 0);
        wallclock_read(&sec, &nsec, &v1);
        want = 2000000000ULL * NSEC_PER_SEC + 5 - t;
        EXPECT_EQ(sec, want / NSEC_PER_SEC);
        EXPECT_EQ(nsec, want % NSEC_PER_SEC);
        EXPECT_TRUE(v1 != v0 && !(v1 & 1));
        op.u.settime64.nsecs = NSEC_PER_SEC;
        EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op,
                                    (uint64_t)&op, 0, 0, 0, 0), -EINVAL);
        op.u.settime64.nsecs = 0;
        op.u.settime64.mbz = 1;
        EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op,
                                    (uint64_t)&op, 0, 0, 0, 0), -EINVAL);
    }
    op.interface_version = 0;
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op, (uint64_t)&op,
                                0, 0, 0, 0), -EACCES);
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_platform_op, 8, 0, 0, 0, 0),
               -EFAULT);
}

static void test_physinfo(void)
{
    struct xen_sysctl_physinfo *pi = &sc.u.physinfo;

    memset(&sc, 0, sizeof(sc));
    if ( !EXPECT_EQ(sysctl(XEN_SYSCTL_physinfo), 0) )
        return;
    EXPECT_TRUE(pi->nr_cpus >= 1);
    EXPECT_EQ(pi->capabilities & (XEN_SYSCTL_PHYSCAP_hvm |
                                  XEN_SYSCTL_PHYSCAP_hap),
              XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap);
    EXPECT_TRUE(pi->free_pages > 0 && pi->free_pages < pi->total_pages);
    EXPECT_TRUE(pi->cpu_khz > 0);
    printk("domctl: physinfo: %u CPUs, %lu of %lu pages free, %u kHz\n",
           pi->nr_cpus, (unsigned long)pi->free_pages,
           (unsigned long)pi->total_pages, pi->cpu_khz);
}

/* Whether the console log holds needle (read in chunks, incrementally). */
static bool log_contains(const char *needle)
{
    struct xen_sysctl_readconsole *rc = &sc.u.readconsole;
    size_t have = 0;
    uint32_t index = 0;
    bool first = true;

    for ( ; ; )
    {
        memset(&sc, 0, sizeof(sc));
        rc->incremental = !first;
        rc->index = index;
        rc->buffer = (uint64_t)logbuf + have;
        rc->count = 512 < sizeof(logbuf) - 1 - have ? 512
                                                 : sizeof(logbuf) - 1 - have;
        if ( !EXPECT_EQ(sysctl(XEN_SYSCTL_readconsole), 0) )
            return false;
        first = false;
        index = rc->index;
        have += rc->count;
        if ( !rc->count || have == sizeof(logbuf) - 1 )
            break;
    }
    logbuf[have] = '\0';
    return strstr(logbuf, needle) != NULL;
}

static void test_lifecycle(void)
{
    static struct vcpu_hvm_context ctx;
    struct xen_domctl_getdomaininfo di;
    static struct xen_domctl_getdomaininfo list[4];
    evtchn_port_t port;
    uint64_t before, until;
    char needle[32];
    long id;

    before = free_pages();
    id = create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 2, 0);
    if ( !EXPECT_TRUE(id > 0) )
        return;
    printk("domctl: created d%ld\n", id);
    EXPECT_ERR(create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 1, id),
               -EEXIST);

    /* Paused by us, both vCPUs down, no memory yet. */
    if ( EXPECT_EQ(info(id, &di), 0) )
    {
        EXPECT_EQ(di.domain, id);
        EXPECT_EQ(di.flags & (XEN_DOMINF_paused | XEN_DOMINF_hvm_guest |
                              XEN_DOMINF_hap | XEN_DOMINF_shutdown),
                  XEN_DOMINF_paused | XEN_DOMINF_hvm_guest |
                  XEN_DOMINF_hap);
        EXPECT_EQ(di.nr_online_vcpus, 0);
        EXPECT_EQ(di.max_vcpu_id, 1);
        EXPECT_EQ(di.tot_pages, 0);
    }
    /* The toolstack names its backends in the new domain's params. */
    {
        struct xen_hvm_param hp = { .domid = id,
                                    .index = HVM_PARAM_CONSOLE_PFN,
                                    .value = 0xfefff };

        EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_set_param, &hp), 0);
        hp.value = 0;
        EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &hp), 0);
        EXPECT_EQ(hp.value, 0xfefff);
        hp.index = HVM_PARAM_CALLBACK_IRQ;
        hp.value = 0xf3;
        EXPECT_ERR(HYPERVISOR_hvm_op(HVMOP_set_param, &hp), -EINVAL);
    }

    /* Its memory map, as the toolstack gives it (XENMEM_memory_map's). */
    {
        static struct { uint64_t addr, size; uint32_t type; }
            __attribute__((packed)) map[17] = {
            { 0, 0x9f000, 1 }, { 0x100000, 0x700000, 1 },
        };
        struct xen_foreign_memory_map fm = {
            .domid = id,
            .map = { .nr_entries = 2, .buffer = (uint64_t)map },
        };

        EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm), 0);
        fm.map.nr_entries = 17;
        EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm), -E2BIG);
        fm.map.nr_entries = 3;                  /* a zero-sized entry */
        EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm),
                   -EINVAL);
        fm.map.nr_entries = 2;
        fm.map.buffer = 8;
        EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm),
                   -EFAULT);
        fm.domid = DOMID_SELF;
        fm.map.buffer = (uint64_t)map;
        EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_set_memory_map, &fm), -EPERM);
    }

    /* getdomaininfo finds the first domain at or after the id. */
    EXPECT_EQ(info(1, &di), 0);
    EXPECT_EQ(di.domain, id);

    memset(&dc, 0, sizeof(dc));
    dc.u.max_mem.max_memkb = 16 * 1024;
    EXPECT_EQ(domctl(XEN_DOMCTL_max_mem, id), 0);
    EXPECT_EQ(info(id, &di), 0);
    EXPECT_EQ(di.max_pages, 4096);
    memset(&dc, 0, sizeof(dc));
    dc.u.max_vcpus.max = 2;
    EXPECT_EQ(domctl(XEN_DOMCTL_max_vcpus, id), 0);
    dc.u.max_vcpus.max = 3;
    EXPECT_ERR(domctl(XEN_DOMCTL_max_vcpus, id), -EINVAL);

    /* vCPU state: none yet; bad vCPUs and modes refused. */
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpucontext.ctxt = (uint64_t)&ctx;
    EXPECT_ERR(domctl(XEN_DOMCTL_getvcpucontext, id), -ENODATA);
    ctx.mode = 7;
    EXPECT_ERR(set_context(id, 0, &ctx), -EINVAL);
    EXPECT_ERR(set_context(id, 2, &ctx), -ESRCH);
    EXPECT_ERR(set_context(id, 0, (void *)8), -EFAULT);
    memset(&ctx, 0, sizeof(ctx));
    ctx.mode = VCPU_HVM_MODE_32B;
    ctx.cpu_regs.x86_32.eip = 0x100000;
    ctx.cpu_regs.x86_32.ebx = 0x1234;
    ctx.cpu_regs.x86_32.cr0 = 1;            /* PE */
    ctx.cpu_regs.x86_32.eflags = 2;
    EXPECT_EQ(set_context(id, 0, &ctx), 0);
    memset(&ctx, 0xaa, sizeof(ctx));
    memset(&dc, 0, sizeof(dc));
    dc.u.vcpucontext.ctxt = (uint64_t)&ctx;
    if ( EXPECT_EQ(domctl(XEN_DOMCTL_getvcpucontext, id), 0) )
    {
        EXPECT_EQ(ctx.mode, VCPU_HVM_MODE_64B);
        EXPECT_EQ(ctx.cpu_regs.x86_64.rip, 0x100000);
        EXPECT_EQ(ctx.cpu_regs.x86_64.rbx, 0x1234);
        EXPECT_EQ(ctx.cpu_regs.x86_64.cr0 & 1, 1);
    }
    EXPECT_EQ(info(id, &di), 0);
    EXPECT_EQ(di.nr_online_vcpus, 1);
    memset(&dc, 0, sizeof(dc));
    dc.u.getvcpuinfo.vcpu = 1;
    if ( EXPECT_EQ(domctl(XEN_DOMCTL_getvcpuinfo, id), 0) )
        EXPECT_EQ(dc.u.getvcpuinfo.online, 0);
    dc.u.getvcpuinfo.vcpu = 0;
    if ( EXPECT_EQ(domctl(XEN_DOMCTL_getvcpuinfo, id), 0) )
    {
        EXPECT_EQ(dc.u.getvcpuinfo.online, 1);
        EXPECT_EQ(dc.u.getvcpuinfo.running, 0);
    }
    dc.u.getvcpuinfo.vcpu = 2;
    EXPECT_ERR(domctl(XEN_DOMCTL_getvcpuinfo, id), -ESRCH);

    /* The list: ourselves and it. */
    memset(&sc, 0, sizeof(sc));
    sc.u.getdomaininfolist.first_domain = 0;
    sc.u.getdomaininfolist.max_domains = 4;
    sc.u.getdomaininfolist.buffer = (uint64_t)list;
    if ( EXPECT_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0) &&
         EXPECT_EQ(sc.u.getdomaininfolist.num_domains, 2) )
    {
        EXPECT_EQ(list[0].domain, 0);
        EXPECT_EQ(list[1].domain, id);
    }
    sc.u.getdomaininfolist.buffer = 8;
    EXPECT_ERR(sysctl(XEN_SYSCTL_getdomaininfolist), -EFAULT);

    /* Run it: with no memory it faults at once and is crashed. */
    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &port), 0) )
        return;
    EXPECT_EQ(domctl(XEN_DOMCTL_unpausedomain, id), 0);
    EXPECT_ERR(domctl(XEN_DOMCTL_unpausedomain, id), -EINVAL);
    until = now_ns() + CRASH_WAIT_NS;
    while ( !evtchn_is_pending(port) && now_ns() < until )
        sched_poll(&port, 1, until);
    EXPECT_TRUE(evtchn_is_pending(port));
    if ( EXPECT_EQ(info(id, &di), 0) )
    {
        EXPECT_TRUE(di.flags & XEN_DOMINF_shutdown);
        EXPECT_EQ((di.flags >> XEN_DOMINF_shutdownshift) &
                  XEN_DOMINF_shutdownmask, SHUTDOWN_crash);
    }
    snprintf(needle, sizeof(needle), "d%ldv0 crash:", id);
    EXPECT_TRUE(log_contains(needle));

    /* Paused again (as xl does before destroying), then gone. */
    EXPECT_EQ(domctl(XEN_DOMCTL_pausedomain, id), 0);
    EXPECT_EQ(domctl(XEN_DOMCTL_destroydomain, id), 0);
    EXPECT_ERR(domctl(XEN_DOMCTL_destroydomain, id), -ESRCH);
    EXPECT_ERR(info(id, &di), -ESRCH);
    EXPECT_EQ(free_pages(), before);
}

/* A page of ours given up for foreign mappings: untouched otherwise. */
static uint8_t scratch[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long reservation(unsigned int cmd, domid_t dom, const xen_pfn_t *gfns,
                        unsigned long nr, unsigned int order)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)gfns,
        .nr_extents = nr,
        .extent_order = order,
        .domid = dom,
    };

    return HYPERVISOR_memory_op(cmd, &r);
}

static long map_foreign(domid_t fd, xen_ulong_t idx, xen_pfn_t gpfn, int *err)
{
    struct xen_add_to_physmap_batch b = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_gmfn_foreign,
        .size = 1,
        .foreign_domid = fd,
        .idxs = (uint64_t)&idx,
        .gpfns = (uint64_t)&gpfn,
        .errs = (uint64_t)err,
    };

    *err = 0x7777;
    return HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b);
}

static long unmap(xen_pfn_t gpfn)
{
    struct xen_remove_from_physmap x = { .domid = DOMID_SELF, .gpfn = gpfn };

    return HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &x);
}

/*
 * Whether the hypervisor can read our scratch page (0) or not (-EFAULT):
 * a call that only reads a domain id from its argument.
 */
static long scratch_readable(void)
{
    long rc = HYPERVISOR_memory_op(XENMEM_current_reservation, scratch);

    return rc == -EFAULT ? -EFAULT : 0;
}

/*
 * Building a domain's memory from dom0, as the toolstack does: populate
 * and decrease on its behalf, map its frames into our physmap and back,
 * and its destruction taking away a mapping we still hold.
 */
static void test_physmap(void)
{
    static xen_pfn_t gfns[16];
    struct xen_domctl_getdomaininfo di;
    xen_pfn_t own = virt_to_gfn(scratch), g;
    uint64_t before;
    int err;
    long id;

    /* Our page goes first (its EPT split is ours to keep). */
    g = own;
    if ( !EXPECT_EQ(reservation(XENMEM_decrease_reservation, DOMID_SELF,
                                &g, 1, 0), 1) )
        return;
    EXPECT_EQ(scratch_readable(), -EFAULT);
    before = free_pages();

    id = create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 1, 0);
    if ( !EXPECT_TRUE(id > 0) )
        return;
    memset(&dc, 0, sizeof(dc));
    dc.u.max_mem.max_memkb = 4096;
    EXPECT_EQ(domctl(XEN_DOMCTL_max_mem, id), 0);

    for ( unsigned int i = 0; i < 16; i++ )
        gfns[i] = 0x100 + i;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, id, gfns, 16, 0), 16);
    g = 0x200;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, id, &g, 1, 9), 1);
    EXPECT_EQ(info(id, &di), 0);
    EXPECT_EQ(di.tot_pages, 16 + 512);
    /* Over RAM already there, misaligned, too big, beyond max_mem. */
    EXPECT_EQ(reservation(XENMEM_populate_physmap, id, gfns, 1, 0), 0);
    g = 0x201;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, id, &g, 1, 9), 0);
    g = 0x400;
    EXPECT_ERR(reservation(XENMEM_populate_physmap, id, &g, 1, 19), -EINVAL);
    g = 0x600;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, id, &g, 1, 9), 0);
    EXPECT_EQ(reservation(XENMEM_populate_physmap, id, (void *)8, 1, 0), 0);
    EXPECT_ERR(reservation(XENMEM_populate_physmap, 77, gfns, 1, 0),
               -ESRCH);

    /* One page out of the 2 MiB extent, then the sixteen. */
    g = 0x280;
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, id, &g, 1, 0), 1);
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, id, &g, 1, 0), 0);
    EXPECT_EQ(reservation(XENMEM_decrease_reservation, id, gfns, 16, 0), 16);
    EXPECT_EQ(info(id, &di), 0);
    EXPECT_EQ(di.tot_pages, 511);

    /* Its frame in our physmap: what we write there is its memory. */
    if ( EXPECT_EQ(map_foreign(id, 0x201, own, &err), 0) &&
         EXPECT_EQ(err, 0) )
    {
        memset(scratch, 0x5a, PAGE_SIZE);
        EXPECT_EQ(scratch[PAGE_SIZE - 1], 0x5a);
        EXPECT_EQ(scratch_readable(), 0);
        EXPECT_EQ(map_foreign(id, 0x202, own, &err), 0);
        EXPECT_EQ(err, -EBUSY);             /* something is there */
        EXPECT_EQ(unmap(own), 0);
        EXPECT_EQ(scratch_readable(), -EFAULT);
        EXPECT_ERR(unmap(own), -ENOENT);
        /* Mapped again, it still holds what we wrote. */
        EXPECT_EQ(map_foreign(id, 0x201, own, &err), 0);
        EXPECT_EQ(err, 0);
        EXPECT_EQ(scratch[0], 0x5a);
    }
    EXPECT_EQ(map_foreign(id, 0x100, own + 1, &err), 0);
    EXPECT_EQ(err, -EINVAL);                /* given back above */
    EXPECT_ERR(map_foreign(DOMID_SELF, 0x100, own, &err), -EPERM);
    {
        struct xen_add_to_physmap_batch b = {
            .domid = DOMID_SELF, .space = XENMAPSPACE_gmfn, .size = 1,
        };

        EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b),
                   -EOPNOTSUPP);
    }

    /* Destroyed with our mapping in place: the mapping goes with it. */
    EXPECT_EQ(domctl(XEN_DOMCTL_destroydomain, id), 0);
    EXPECT_EQ(scratch_readable(), -EFAULT);
    EXPECT_EQ(free_pages(), before);

    /* Our page back, zeroed. */
    g = own;
    EXPECT_EQ(reservation(XENMEM_populate_physmap, DOMID_SELF, &g, 1, 0), 1);
    EXPECT_EQ(scratch_readable(), 0);
    EXPECT_EQ(scratch[0], 0);
}

static void test_remote_shutdown(void)
{
    struct sched_remote_shutdown rs = { .reason = SHUTDOWN_reboot };
    struct xen_domctl_getdomaininfo di;
    long id = create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 1, 0);

    if ( !EXPECT_TRUE(id > 0) )
        return;
    rs.domain_id = id;
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), 0);
    if ( EXPECT_EQ(info(id, &di), 0) )
    {
        EXPECT_TRUE(di.flags & XEN_DOMINF_shutdown);
        EXPECT_EQ((di.flags >> XEN_DOMINF_shutdownshift) &
                  XEN_DOMINF_shutdownmask, SHUTDOWN_reboot);
    }
    rs.reason = SHUTDOWN_MAX + 1;
    EXPECT_ERR(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -EINVAL);
    rs.reason = SHUTDOWN_poweroff;
    rs.domain_id = 77;
    EXPECT_ERR(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -ESRCH);
    EXPECT_EQ(domctl(XEN_DOMCTL_destroydomain, id), 0);
}

static void test_churn(void)
{
    uint64_t before = 0;
    unsigned int i;

    /* Round 0 warms the allocator's caches for this size of domain. */
    for ( i = 0; i <= CHURN_ROUNDS; i++ )
    {
        long id = create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 4, 0);

        if ( !EXPECT_TRUE(id > 0) ||
             !EXPECT_EQ(domctl(XEN_DOMCTL_destroydomain, id), 0) )
            break;
        if ( i == 0 )
            before = free_pages();
    }
    EXPECT_EQ(i, CHURN_ROUNDS + 1);
    EXPECT_EQ(free_pages(), before);
}

void test_main(void)
{
    long id;

    test_refusals();
    test_platform_op();
    test_physinfo();
    /* One round first, so that allocator caches are in steady state. */
    id = create(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap, 2, 0);
    if ( EXPECT_TRUE(id > 0) )
        EXPECT_EQ(domctl(XEN_DOMCTL_destroydomain, id), 0);
    test_lifecycle();
    test_physmap();
    test_remote_shutdown();
    test_churn();
}
