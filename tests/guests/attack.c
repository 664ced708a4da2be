/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A hostile unprivileged domU, for the isolation suite: dom0 runs the
 * watch kernel (isolation.c) and measures whether it carries on while
 * this kernel attacks.  Command line: mode=<attack>.
 *
 *   calls    what an unprivileged domain must be refused, each call's
 *            error checked: the management hypercalls (domctl, sysctl)
 *            and reading the console; binding, sending on, closing,
 *            unmasking, querying and resetting ports that are not ours;
 *            mapping another domain's frames (add_to_physmap, its batch
 *            form, grant tables); shutting dom0 down or changing its
 *            parameters; pointers into the hypervisor, into frames we
 *            do not have, into our MMIO hole, and lengths beyond any
 *            buffer.  What a call was refused must also not have
 *            happened: the frames aimed at still hold our own data, the
 *            buffers given still hold what we wrote.
 *   triple   triple-faults (IDT limit 0, then #UD): the hypervisor must
 *            crash this domain alone ("d<N>v0 crash: triple fault").
 *   spin     "cli; jmp ." on every vCPU (vcpus=<n> in the domU options):
 *            never returns; the hypervisor must preempt it.
 *   flood    every vCPU sends on a loopback port of its own (with the
 *            upcall taken each time), on the masked port dom0 bound
 *            (ATTACK_FLOOD_PORT), and makes hypercalls, in a tight loop
 *            until dom0 says stop; then reports what it got done.
 *
 * The control protocol with dom0 is in isolation.h.  The attack starts
 * when dom0 says "go", so that dom0 measures while it runs.  Modes that
 * end print the result line, then tell dom0 (one event if they passed,
 * the control port closed if not) and power the domain off.
 */
#include <guest/events.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>
#include "isolation.h"

const char test_name[] = "attack";

/* ------------------------------------------------------------------ */
/* Addresses and numbers no domU may reach through a hypercall. */

/* The hypervisor's direct map and its image (XEN_VIRT_START + 2 MiB). */
#define XEN_DIRECTMAP_VA    0xffff830000000000UL
#define XEN_IMAGE_VA        0xffffffff80200000UL
/* Not mapped by our page tables (PML4 slot 224), and non-canonical. */
#define UNMAPPED_VA         0x0000700000000000UL
#define NONCANONICAL_VA     0x8000000000000000UL
/*
 * Guest-physical: beyond our RAM; the local APIC's page (x2APIC only, so
 * nothing backs it); the highest frame a PTE can name.
 */
#define UNBACKED_GPA        0xc0000000UL
#define MMIO_HOLE_GPA       0xfee00000UL
#define BEYOND_P2M_GPA      0x000ffffffffff000UL

/* Low-window slots (see layout.h), each with unmapped neighbours. */
#define SLOT_UNBACKED       100
#define SLOT_MMIO           102
#define SLOT_BEYOND         104
#define SLOT_EDGE           106         /* 107 stays unmapped */
#define SLOT_RO             108

/* Frames of dom0's (and everyone's) low memory: its kernel at 1 MiB. */
#define DOM0_KERNEL_GFN     0x100

/* No domain has this id in the suite. */
#define NO_DOMAIN           100
/* Domain ids looked at for other domUs. */
#define MAX_DOMID_SCAN      16

/* Management hypercalls (Xen's public domctl.h and sysctl.h). */
#define XEN_DOMCTL_destroydomain        2
#define XEN_DOMCTL_pausedomain          3
#define XEN_DOMCTL_getdomaininfo        5
#define XEN_SYSCTL_readconsole          1
#define XEN_SYSCTL_physinfo             3
#define XEN_SYSCTL_getdomaininfolist    6
/*
 * Both are versioned; every version up to here is tried, so that the
 * refusal is not merely of a version the hypervisor does not speak.
 */
#define MGMT_MAX_VERSION                0x20

struct xen_domctl {
    uint32_t cmd;
    uint32_t interface_version;
    domid_t domain;
    uint16_t pad[3];
    uint8_t u[128];
};

struct xen_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    uint8_t u[128];
};

struct xen_sysctl_readconsole {
    uint8_t clear, incremental, pad0, pad1;
    uint32_t index;
    uint64_t buffer;            /* guest pointer */
    uint32_t count;
};

/* Grant tables (Xen's public grant_table.h). */
#define GNTTABOP_map_grant_ref  0
#define GNTTABOP_setup_table    2
#define GNTTABOP_copy           5
#define GNTMAP_host_map         (1u << 1)
#define GNTCOPY_source_gref     (1u << 0)

struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;
    uint32_t ref;
    domid_t dom;
    int16_t status;
    uint32_t handle;
    uint64_t dev_bus_addr;
};

struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;
    uint64_t frame_list;        /* guest pointer to xen_pfn_t[] */
};

struct gnttab_copy_ptr {
    uint64_t ref_or_gmfn;
    domid_t domid;
    uint16_t offset;
};

struct gnttab_copy {
    struct gnttab_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags;
    int16_t status;
};

/* ------------------------------------------------------------------ */

static unsigned int self;
static evtchn_port_t control_port, flood_port;
static unsigned int control_events;

/* Other domUs found by the events attack (EVTCHNOP_status: -EPERM). */
static domid_t others[MAX_DOMID_SCAN];
static unsigned int nr_others;

static uint32_t start_info_flags(void)
{
#ifdef ABI_PV64
    return boot_state.have_start_info ? boot_state.start_info.flags : ~0U;
#else
    return boot_state.have_hvm_start_info ? boot_state.hvm_start_info.flags
                                          : ~0U;
#endif
}

/* Waits (polling the port, interrupts off) for event n on the port. */
static bool wait_control(unsigned int n, uint64_t timeout)
{
    uint64_t until = now_ns() + timeout;
    bool ok;

    local_irq_disable();
    while ( !(ok = atomic_read(&control_events) >= n) && now_ns() < until )
    {
        sched_poll(&control_port, 1, until);
        local_irq_window();
    }
    return ok;
}

/* The result line first: dom0 may end the run once it hears from us. */
static void __noreturn finish(void)
{
    local_irq_disable();
    if ( test_report() )
        evtchn_send(control_port);
    else
        evtchn_close(control_port);
    shutdown_domain(SHUTDOWN_poweroff);
    halt_forever();
}

/* Management and console calls: refused, whatever the version. */
static bool mgmt_refused(long rc)
{
    /* -ENOSYS: the hypercall is absent, which refuses everyone. */
    return rc == -EPERM || rc == -ENOSYS;
}

/* ------------------------------------------------------------------ */
/* mode=calls */

static uint8_t buf[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t edge_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t ro_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static void fill(void *p, size_t len, uint8_t seed)
{
    uint8_t *b = p;

    for ( size_t i = 0; i < len; i++ )
        b[i] = (uint8_t)(i * 7 + seed) ^ (uint8_t)(i >> 8);
}

static bool filled(const void *p, size_t len, uint8_t seed)
{
    const uint8_t *b = p;

    for ( size_t i = 0; i < len; i++ )
        if ( b[i] != ((uint8_t)(i * 7 + seed) ^ (uint8_t)(i >> 8)) )
            return false;
    return true;
}

/* Calls, how many went wrong, and the results seen, for the log. */
struct tally {
    const char *what;
    unsigned int calls, bad, nr_seen;
    long seen[4];
};

static void tally(struct tally *t, long rc, bool ok, const char *fmt, ...)
    __printf(4, 5);

static void tally(struct tally *t, long rc, bool ok, const char *fmt, ...)
{
    unsigned int i;
    char call[96];
    va_list args;

    t->calls++;
    if ( !ok )
    {
        if ( t->bad++ < 3 )
        {
            va_start(args, fmt);
            vsnprintf(call, sizeof(call), fmt, args);
            va_end(args);
            printk("  %s: %s returned %ld\n", t->what, call, rc);
        }
        return;
    }
    for ( i = 0; i < t->nr_seen; i++ )
        if ( t->seen[i] == rc )
            return;
    if ( t->nr_seen < ARRAY_SIZE(t->seen) )
        t->seen[t->nr_seen++] = rc;
}

/* One check for all the calls of a tally, and one line about them. */
static void tally_end(struct tally *t)
{
    char errs[64] = "";
    size_t n = 0;

    for ( unsigned int i = 0; i < t->nr_seen && n < sizeof(errs); i++ )
    {
        const char *name = errno_name(t->seen[i]);

        if ( t->seen[i] < 0 && name )
            n += snprintf(errs + n, sizeof(errs) - n, " -%s", name);
        else
            n += snprintf(errs + n, sizeof(errs) - n, " %ld", t->seen[i]);
    }
    if ( !EXPECT_EQ(t->bad, 0) )
        printk("  %s: %u of %u calls answered wrongly\n", t->what, t->bad,
               t->calls);
    printk("attack: %s: %u calls, answered%s\n", t->what, t->calls,
           t->nr_seen ? errs : " wrongly");
}

static void test_domctl_sysctl(void)
{
    static const struct {
        uint32_t cmd;
        domid_t dom;
    } domctls[] = {
        { XEN_DOMCTL_pausedomain, 0 },
        { XEN_DOMCTL_destroydomain, 0 },
        { XEN_DOMCTL_getdomaininfo, 0 },
        { XEN_DOMCTL_pausedomain, DOMID_SELF },
    };
    static const uint32_t sysctls[] = {
        XEN_SYSCTL_readconsole, XEN_SYSCTL_physinfo,
        XEN_SYSCTL_getdomaininfolist,
    };
    struct tally td = { .what = "domctl (36)" };
    struct tally ts = { .what = "sysctl (35)" };
    static struct xen_domctl dc;
    static struct xen_sysctl sc;
    struct xen_sysctl_readconsole *rc_args = (void *)sc.u;
    unsigned int i, v;
    long rc;

    for ( i = 0; i < ARRAY_SIZE(domctls); i++ )
        for ( v = 0; v <= MGMT_MAX_VERSION; v++ )
        {
            memset(&dc, 0, sizeof(dc));
            dc.cmd = domctls[i].cmd;
            dc.interface_version = v;
            dc.domain = domctls[i].dom;
            fill(dc.u, sizeof(dc.u), 0x11);
            rc = hypercall_direct(__HYPERVISOR_domctl, (uint64_t)&dc,
                                  0, 0, 0, 0);
            /* Refused, and nothing written back. */
            tally(&td, rc, mgmt_refused(rc) &&
                  filled(dc.u, sizeof(dc.u), 0x11) &&
                  dc.cmd == domctls[i].cmd && dc.domain == domctls[i].dom,
                  "cmd %u version %#x", dc.cmd, v);
        }
    /* Arguments that are not even pointers. */
    rc = hypercall_direct(__HYPERVISOR_domctl, 0, 0, 0, 0, 0);
    tally(&td, rc, rc < 0, "NULL");
    tally_end(&td);

    for ( i = 0; i < ARRAY_SIZE(sysctls); i++ )
        for ( v = 0; v <= MGMT_MAX_VERSION; v++ )
        {
            memset(&sc, 0, sizeof(sc));
            sc.cmd = sysctls[i];
            sc.interface_version = v;
            fill(sc.u, sizeof(sc.u), 0x22);
            if ( sc.cmd == XEN_SYSCTL_readconsole )
            {
                memset(rc_args, 0, sizeof(*rc_args));
                rc_args->buffer = (uint64_t)buf;
                rc_args->count = 256;
                fill(buf, sizeof(buf), 0x23);
            }
            rc = hypercall_direct(__HYPERVISOR_sysctl, (uint64_t)&sc,
                                  0, 0, 0, 0);
            /* Refused, and nothing of the console copied to us. */
            tally(&ts, rc, mgmt_refused(rc) &&
                  (sc.cmd != XEN_SYSCTL_readconsole ||
                   filled(buf, sizeof(buf), 0x23)),
                  "cmd %u version %#x", sc.cmd, v);
        }
    rc = hypercall_direct(__HYPERVISOR_sysctl, 0, 0, 0, 0, 0);
    tally(&ts, rc, rc < 0, "NULL");
    tally_end(&ts);
}

static void test_console_read(void)
{
    fill(buf, sizeof(buf), 0x31);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_read, 256, buf), -EPERM);
    EXPECT_TRUE(filled(buf, sizeof(buf), 0x31));
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_read, 0, buf), -EPERM);
    /* The privilege check comes first: no probing with pointers. */
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_read, 16,
                                     (void *)XEN_DIRECTMAP_VA), -EPERM);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_read, ~0UL, buf), -EPERM);
    /* The hypervisor's command line is the host's business too. */
    EXPECT_ERR(HYPERVISOR_xen_version(XENVER_commandline, buf), -EPERM);
    EXPECT_TRUE(filled(buf, sizeof(buf), 0x31));
    printk("attack: console: CONSOLEIO_read and XENVER_commandline "
           "refused\n");
}

/* ----- event channels ----- */

static void test_dom0_ports(void)
{
    static const evtchn_port_t beyond[] = {
        ISOLATION_NR_PORTS, 4096, 0x7fffffff, 0xffffffff,
    };
    struct tally t = { .what = "bind_interdomain to dom0's ports" };
    struct evtchn_status st;
    evtchn_port_t p, local, offered = 0, bound = 0;
    unsigned int nr_bound = 0, i;
    long rc;

    /*
     * dom0 offers one port to each domU; every other port of dom0's -
     * offered to dom0 itself, to a domain that does not exist, to other
     * domUs, bound, VIRQs, IPIs, closed, port 0 - must refuse us.
     */
    for ( p = 0; p < ISOLATION_NR_PORTS; p++ )
    {
        rc = evtchn_bind_interdomain(0, p, &local);
        if ( rc == 0 )
        {
            if ( !nr_bound++ )
            {
                offered = p;
                bound = local;
            }
            else
                printk("  dom0's port %u bound as well (our port %u)\n",
                       p, local);
            continue;
        }
        tally(&t, rc, rc == -EINVAL, "port %u", p);
    }
    for ( i = 0; i < ARRAY_SIZE(beyond); i++ )
    {
        rc = evtchn_bind_interdomain(0, beyond[i], &local);
        tally(&t, rc, rc == -EINVAL, "port %#x", beyond[i]);
    }
    tally_end(&t);

    /* The one offered to us, which proves that the scan could bind. */
    if ( !EXPECT_EQ(nr_bound, 1) )
        return;
    printk("attack: dom0's port %u, offered to us, bound as our port %u\n",
           offered, bound);
    if ( EXPECT_EQ(evtchn_status(DOMID_SELF, bound, &st), 0) )
    {
        EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
        EXPECT_EQ(st.u.interdomain.dom, 0);
        EXPECT_EQ(st.u.interdomain.port, offered);
    }
    /* dom0 keeps it masked and checks that this event is pending. */
    EXPECT_EQ(evtchn_send(bound), 0);
}

/* Ports of other domUs: offered to dom0, never to us. */
static void test_other_domains_ports(void)
{
    static const domid_t reserved[] = {
        NO_DOMAIN, DOMID_IO, DOMID_XEN, DOMID_COW, DOMID_INVALID,
        DOMID_IDLE,
    };
    struct tally t = { .what = "bind_interdomain to other domUs' ports" };
    struct tally tn = { .what = "bind_interdomain to absent domains" };
    struct evtchn_status st;
    evtchn_port_t p, local;
    unsigned int d, i;
    long rc;

    for ( d = 1; d < MAX_DOMID_SCAN; d++ )
    {
        if ( d == self )
            continue;
        rc = evtchn_status(d, ATTACK_CONTROL_PORT, &st);
        if ( rc == -ESRCH )
            continue;
        /* It exists: its ports are not ours to look at either. */
        EXPECT_ERR(rc, -EPERM);
        others[nr_others++] = d;
        for ( p = 0; p < ISOLATION_NR_PORTS; p++ )
        {
            rc = evtchn_bind_interdomain(d, p, &local);
            tally(&t, rc, rc == -EINVAL, "d%u port %u", d, p);
            if ( rc == 0 )
                evtchn_close(local);
        }
    }
    if ( nr_others )
        tally_end(&t);
    printk("attack: other domUs:");
    for ( i = 0; i < nr_others; i++ )
        printk(" d%u", others[i]);
    printk("%s\n", nr_others ? "" : " none");

    for ( i = 0; i < ARRAY_SIZE(reserved); i++ )
    {
        rc = evtchn_bind_interdomain(reserved[i], 1, &local);
        tally(&tn, rc, reserved[i] == NO_DOMAIN ? rc == -ESRCH : rc < 0,
              "domain %#x", reserved[i]);
    }
    tally_end(&tn);
}

/* Port numbers that are not ours: in range and closed, or beyond. */
static void test_foreign_port_numbers(void)
{
    static const evtchn_port_t beyond[] = {
        ISOLATION_NR_PORTS, 4096, 0x7fffffff, 0xffffffff,
    };
    struct tally t = { .what = "send/close/bind_vcpu on closed ports" };
    struct tally tu = { .what = "unmask of closed ports" };
    struct tally tb = { .what = "calls on ports beyond the table" };
    struct evtchn_status st;
    evtchn_port_t p;
    unsigned int i, ours = 0;
    long rc;

    for ( p = 0; p < ISOLATION_NR_PORTS; p++ )
    {
        if ( evtchn_status(DOMID_SELF, p, &st) || st.status !=
             EVTCHNSTAT_closed )
        {
            ours++;
            continue;
        }
        rc = evtchn_send(p);
        tally(&t, rc, rc == -EINVAL, "send %u", p);
        rc = evtchn_close(p);
        tally(&t, rc, rc == -EINVAL, "close %u", p);
        rc = evtchn_bind_vcpu(p, 0);
        tally(&t, rc, rc == -EINVAL, "bind_vcpu %u", p);
        /*
         * As in Xen, a port in range is valid to unmask: our own mask
         * bit, nothing pending, so nothing happens (dom0 checks that its
         * own port of that number stays masked).
         */
        rc = evtchn_unmask(p);
        tally(&tu, rc, rc == 0 && !evtchn_is_pending(p), "unmask %u", p);
        evtchn_mask(p);
    }
    tally_end(&t);
    tally_end(&tu);
    printk("attack: %u of our ports in use\n", ours);

    for ( i = 0; i < ARRAY_SIZE(beyond); i++ )
    {
        p = beyond[i];
        rc = evtchn_send(p);
        tally(&tb, rc, rc == -EINVAL, "send %#x", p);
        rc = evtchn_close(p);
        tally(&tb, rc, rc == -EINVAL, "close %#x", p);
        rc = evtchn_unmask(p);
        tally(&tb, rc, rc == -EINVAL, "unmask %#x", p);
        rc = evtchn_bind_vcpu(p, 0);
        tally(&tb, rc, rc == -EINVAL, "bind_vcpu %#x", p);
        rc = evtchn_status(DOMID_SELF, p, &st);
        tally(&tb, rc, rc == -EINVAL, "status %#x", p);
    }
    tally_end(&tb);
}

/* status, alloc_unbound and reset naming another domain. */
static void test_naming_others(void)
{
    static const evtchn_port_t ports[] = { 0, 1, 2, 3, 1023 };
    struct tally t = { .what = "status/alloc_unbound/reset of dom0" };
    struct tally to = { .what = "status/alloc_unbound/reset of domUs" };
    struct evtchn_reset r;
    struct evtchn_status st;
    evtchn_port_t x;
    unsigned int i;
    long rc;

    for ( i = 0; i < ARRAY_SIZE(ports); i++ )
    {
        rc = evtchn_status(0, ports[i], &st);
        tally(&t, rc, rc == -EPERM, "status port %u", ports[i]);
    }
    rc = evtchn_alloc_unbound(0, self, &x);
    tally(&t, rc, rc == -EPERM, "alloc_unbound(0, d%u)", self);
    rc = evtchn_alloc_unbound(0, 0, &x);
    tally(&t, rc, rc == -EPERM, "alloc_unbound(0, d0)");
    rc = evtchn_alloc_unbound(0, DOMID_SELF, &x);
    tally(&t, rc, rc == -EPERM, "alloc_unbound(0, DOMID_SELF)");
    r.dom = 0;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r);
    tally(&t, rc, rc == -EPERM, "reset");
    tally_end(&t);

    for ( i = 0; i < nr_others; i++ )
    {
        rc = evtchn_alloc_unbound(others[i], self, &x);
        tally(&to, rc, rc == -EPERM, "alloc_unbound(d%u, d%u)",
              others[i], self);
        r.dom = others[i];
        rc = HYPERVISOR_event_channel_op(EVTCHNOP_reset, &r);
        tally(&to, rc, rc == -EPERM, "reset d%u", others[i]);
    }
    if ( nr_others )
        tally_end(&to);
}

/* ----- mapping other domains' frames ----- */

#define NR_TARGETS      20

/*
 * One page of ours per attempt, whose gfn the attempt names as where to
 * map: if anything became mapped there, it no longer reads as ours.
 */
static uint8_t targets[NR_TARGETS][PAGE_SIZE] __aligned(PAGE_SIZE);
static unsigned int next_target;
static uint8_t spare_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static unsigned int take_target(void)
{
    unsigned int i = next_target++;

    if ( i >= NR_TARGETS )
        i = NR_TARGETS - 1;
    return i;
}

static uint64_t target_gfn(unsigned int i)
{
    return virt_to_gfn(targets[i]);
}

/* The attempt was refused and the target still holds our data. */
static void expect_not_mapped(const char *what, unsigned int i, long rc,
                              bool refused)
{
    bool intact = filled(targets[i], PAGE_SIZE, 0x40 + i);

    if ( !EXPECT_TRUE(refused) )
        printk("  %s: not refused (%ld)\n", what, rc);
    if ( !EXPECT_TRUE(intact) )
        printk("  %s: our gfn %#lx no longer holds our data\n", what,
               target_gfn(i));
    if ( refused && intact )
        printk("attack: %s: refused (%ld%s%s), nothing mapped\n", what, rc,
               errno_name(rc) ? " " : "",
               errno_name(rc) ? errno_name(rc) : "");
}

static void attempt_physmap(const char *what, domid_t domid,
                            unsigned int space, uint16_t size,
                            uint64_t idx)
{
    unsigned int i = take_target();
    struct xen_add_to_physmap xatp = {
        .domid = domid,
        .size = size,
        .space = space,
        .idx = idx,
        .gpfn = target_gfn(i),
    };
    long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);

    expect_not_mapped(what, i, rc, rc < 0);
}

static void attempt_batch(const char *what, domid_t domid,
                          unsigned int space, domid_t foreign,
                          uint64_t idx)
{
    unsigned int i = take_target();
    xen_ulong_t idxs[1] = { idx };
    xen_pfn_t gpfns[1] = { target_gfn(i) };
    int errs[1] = { 0x7777 };
    struct xen_add_to_physmap_batch b = {
        .domid = domid,
        .space = space,
        .size = 1,
        .foreign_domid = foreign,
        .idxs = (uint64_t)idxs,
        .gpfns = (uint64_t)gpfns,
        .errs = (uint64_t)errs,
    };
    long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b);

    /* Success of the call itself would leave each frame's error. */
    expect_not_mapped(what, i, rc, rc < 0 || (rc == 0 && errs[0] < 0));
}

static long grant_table_op(unsigned int cmd, void *arg, unsigned int count)
{
    return hypercall_direct(__HYPERVISOR_grant_table_op, cmd,
                            (uint64_t)arg, count, 0, 0);
}

static void attempt_grant_map(const char *what, domid_t dom, uint32_t ref)
{
    unsigned int i = take_target();
    struct gnttab_map_grant_ref m = {
        .host_addr = target_gfn(i) << PAGE_SHIFT,
        .flags = GNTMAP_host_map,
        .ref = ref,
        .dom = dom,
        .status = 0x7777,
    };
    long rc = grant_table_op(GNTTABOP_map_grant_ref, &m, 1);

    expect_not_mapped(what, i, rc, rc < 0 || (rc == 0 && m.status < 0));
}

static void test_mapping(void)
{
    unsigned int i, t;
    long rc;

    for ( i = 0; i < NR_TARGETS; i++ )
        fill(targets[i], PAGE_SIZE, 0x40 + i);

    /* The check can see a mapping: shared_info over a page of ours. */
    fill(spare_page, PAGE_SIZE, 0x3f);
    {
        struct xen_add_to_physmap xatp = {
            .domid = DOMID_SELF,
            .space = XENMAPSPACE_shared_info,
            .idx = 0,
            .gpfn = virt_to_gfn(spare_page),
        };

        EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), 0);
        EXPECT_TRUE(!filled(spare_page, PAGE_SIZE, 0x3f));
    }

    /* Into dom0's physmap, or from it, or from the host. */
    attempt_physmap("add_to_physmap: dom0's shared_info", 0,
                    XENMAPSPACE_shared_info, 0, 0);
    attempt_physmap("add_to_physmap: domid 0, gmfn", 0, XENMAPSPACE_gmfn, 0,
                    DOM0_KERNEL_GFN);
    attempt_physmap("add_to_physmap: domid 0, gmfn_range", 0,
                    XENMAPSPACE_gmfn_range, 1, DOM0_KERNEL_GFN);
    attempt_physmap("add_to_physmap: dom0's grant table", 0,
                    XENMAPSPACE_grant_table, 0, 0);
    /* Xen reuses size as the foreign domain's id for this space. */
    attempt_physmap("add_to_physmap: gmfn_foreign of dom0", DOMID_SELF,
                    XENMAPSPACE_gmfn_foreign, 0, DOM0_KERNEL_GFN);
    attempt_physmap("add_to_physmap: host MMIO (local APIC)", DOMID_SELF,
                    XENMAPSPACE_dev_mmio, 0, MMIO_HOLE_GPA >> PAGE_SHIFT);
    attempt_physmap("add_to_physmap: host frame 0x200", DOMID_SELF,
                    XENMAPSPACE_dev_mmio, 0, 0x200);
    attempt_physmap("add_to_physmap: shared_info page 1", DOMID_SELF,
                    XENMAPSPACE_shared_info, 0, 1);
    if ( nr_others )
        attempt_physmap("add_to_physmap: another domU's shared_info",
                        others[0], XENMAPSPACE_shared_info, 0, 0);

    attempt_batch("add_to_physmap_batch: gmfn_foreign of dom0", DOMID_SELF,
                  XENMAPSPACE_gmfn_foreign, 0, DOM0_KERNEL_GFN);
    attempt_batch("add_to_physmap_batch: domid 0, gmfn", 0,
                  XENMAPSPACE_gmfn, 0, DOM0_KERNEL_GFN);

    attempt_grant_map("grant map: dom0's ref 0", 0, 0);
    attempt_grant_map("grant map: dom0's ref 0xffffffff", 0, 0xffffffff);
    attempt_grant_map("grant map: domain 0x7fff ref 1<<20", DOMID_IDLE,
                      1u << 20);

    /* Someone else's grant table frames, and a copy out of it. */
    {
        xen_pfn_t frame = 0x7777;
        struct gnttab_setup_table s = {
            .dom = 0,
            .nr_frames = 1,
            .status = 0x7777,
            .frame_list = (uint64_t)&frame,
        };

        rc = grant_table_op(GNTTABOP_setup_table, &s, 1);
        if ( !EXPECT_TRUE(rc < 0 || (rc == 0 && s.status < 0)) )
            printk("  grant setup_table of dom0: %ld, status %d\n", rc,
                   s.status);
        EXPECT_EQ(frame, 0x7777);
        printk("attack: grant setup_table of dom0: refused (%ld)\n", rc);
    }
    {
        struct gnttab_copy c = {
            .source = { .ref_or_gmfn = 0xffffffff, .domid = 0 },
            .flags = GNTCOPY_source_gref,
            .len = 64,
            .status = 0x7777,
        };

        t = take_target();
        c.dest.ref_or_gmfn = target_gfn(t);
        c.dest.domid = DOMID_SELF;
        rc = grant_table_op(GNTTABOP_copy, &c, 1);
        expect_not_mapped("grant copy from dom0's ref 0xffffffff", t, rc,
                          rc < 0 || (rc == 0 && c.status < 0));
    }
    /* A count no table has. */
    {
        struct gnttab_map_grant_ref m = { .dom = 0 };

        rc = grant_table_op(GNTTABOP_map_grant_ref, &m, 0xffffffff);
        EXPECT_TRUE(rc < 0 || m.status < 0);
    }

    /* Every target, once more: nothing was mapped later either. */
    for ( i = 0; i < next_target && i < NR_TARGETS; i++ )
        if ( !EXPECT_TRUE(filled(targets[i], PAGE_SIZE, 0x40 + i)) )
            printk("  target %u (gfn %#lx) changed\n", i, target_gfn(i));
}

/* ----- dom0's life and parameters ----- */

static void test_dom0_state(void)
{
    struct sched_remote_shutdown rs = { .domain_id = 0 };
    struct xen_hvm_param hp;
    domid_t dom;
    long rc;

    /* Shutting dom0 (or another domU) down: the machine would stop. */
    rs.reason = SHUTDOWN_poweroff;
    rc = HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs);
    if ( !EXPECT_TRUE(mgmt_refused(rc)) )
        printk("  remote_shutdown(d0, poweroff): %ld\n", rc);
    rs.reason = SHUTDOWN_crash;
    EXPECT_TRUE(mgmt_refused(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown,
                                                 &rs)));
    if ( nr_others )
    {
        rs.domain_id = others[0];
        rs.reason = SHUTDOWN_poweroff;
        EXPECT_TRUE(mgmt_refused(HYPERVISOR_sched_op(
                        SCHEDOP_remote_shutdown, &rs)));
    }
    printk("attack: SCHEDOP_remote_shutdown of dom0: refused (%ld)\n", rc);

    /* dom0's upcall vector: unset, dom0 would hear no more events. */
    memset(&hp, 0, sizeof(hp));
    hp.domid = 0;
    hp.index = HVM_PARAM_CALLBACK_IRQ;
    hp.value = 0;
    EXPECT_ERR(HYPERVISOR_hvm_op(HVMOP_set_param, &hp), -EPERM);
    hp.value = 0x1234;
    EXPECT_ERR(HYPERVISOR_hvm_op(HVMOP_get_param, &hp), -EPERM);
    EXPECT_EQ(hp.value, 0x1234);
    if ( nr_others )
    {
        hp.domid = others[0];
        hp.value = 0;
        EXPECT_ERR(HYPERVISOR_hvm_op(HVMOP_set_param, &hp), -EPERM);
    }

    /* How much memory dom0 has is not ours to know. */
    dom = 0;
    EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_current_reservation, &dom),
               -EPERM);
    EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_maximum_reservation, &dom),
               -EPERM);
    dom = DOMID_SELF;
    EXPECT_TRUE(HYPERVISOR_memory_op(XENMEM_current_reservation, &dom) > 0);
    printk("attack: dom0's parameters and reservation: refused\n");
}

/* ----- pointers and lengths ----- */

/*
 * Every call that takes a pointer, given one that names nothing of ours
 * to write or read: -EFAULT (the absent ones: refused all the same).
 */
static void pointer_attacks(struct tally *t, uint64_t p)
{
    struct vcpu_register_runstate_memory_area ra = { .addr = p };
    struct xen_memory_map mm = { .nr_entries = 4, .buffer = p };
    struct sched_poll sp = { .ports = p, .nr_ports = 1 };
    long rc;

#define PTR_CALL(call, ok) do {                                         \
        rc = (call);                                                    \
        tally(t, rc, ok, #call " at %#lx", p);                          \
    } while ( 0 )

    PTR_CALL(HYPERVISOR_console_io(CONSOLEIO_write, 16, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_xen_version(XENVER_extraversion, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_xen_version(XENVER_get_features, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_xen_version(XENVER_compile_info, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_event_channel_op(EVTCHNOP_status, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound,
                                         (void *)p), rc == -EFAULT);
    PTR_CALL(HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_memory_op(XENMEM_memory_map, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_memory_op(XENMEM_memory_map, &mm), rc == -EFAULT);
    PTR_CALL(HYPERVISOR_memory_op(XENMEM_add_to_physmap, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_memory_op(XENMEM_current_reservation, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, (void *)p),
             rc == -EFAULT);
    /* (0 unregisters the area: a valid request.) */
    if ( p )
        PTR_CALL(HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0,
                                    &ra), rc == -EFAULT);
    PTR_CALL(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_sched_op(SCHEDOP_poll, (void *)p), rc == -EFAULT);
    PTR_CALL(HYPERVISOR_sched_op(SCHEDOP_poll, &sp), rc == -EFAULT);
    /* Read wrongly, a reason would shut us down: no result line. */
    PTR_CALL(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)p),
             rc == -EFAULT);
    PTR_CALL(HYPERVISOR_hvm_op(HVMOP_get_param, (void *)p), rc == -EFAULT);
    PTR_CALL(HYPERVISOR_hvm_op(HVMOP_set_param, (void *)p), rc == -EFAULT);
    PTR_CALL(hypercall_direct(__HYPERVISOR_grant_table_op,
                              GNTTABOP_map_grant_ref, p, 1, 0, 0), rc < 0);
    PTR_CALL(hypercall_direct(__HYPERVISOR_domctl, p, 0, 0, 0, 0),
             mgmt_refused(rc) || rc == -EFAULT);
#undef PTR_CALL
}

/*
 * Window pages whose PTEs name frames we do not have, one of ours with
 * nothing mapped after it, and one of ours mapped read-only.
 */
static void map_windows(void)
{
    window_map(SLOT_UNBACKED, UNBACKED_GPA, PTE_P | PTE_RW);
    window_map(SLOT_MMIO, MMIO_HOLE_GPA, PTE_P | PTE_RW);
    window_map(SLOT_BEYOND, BEYOND_P2M_GPA, PTE_P | PTE_RW);
    window_map(SLOT_EDGE, virt_to_phys(edge_page), PTE_P | PTE_RW);
    window_map(SLOT_RO, virt_to_phys(ro_page), PTE_P);
}

static void test_pointers(void)
{
    struct {
        const char *what;
        uint64_t va;
    } bad[] = {
        { "hypervisor direct map", XEN_DIRECTMAP_VA },
#ifndef ABI_PV64
        /* The 64-bit ABI's kernel runs there: its own memory. */
        { "hypervisor image", XEN_IMAGE_VA },
        /* Identity-mapped by our own page tables, not backed. */
        { "identity-mapped unbacked gfn", UNBACKED_GPA },
        { "identity-mapped MMIO hole", MMIO_HOLE_GPA },
#endif
        { "unmapped va", UNMAPPED_VA },
        { "non-canonical va", NONCANONICAL_VA },
        { "NULL", 0 },
        { "mapped unbacked gfn", (uint64_t)window_va(SLOT_UNBACKED) },
        { "mapped MMIO hole", (uint64_t)window_va(SLOT_MMIO) },
        { "mapped frame beyond the p2m", (uint64_t)window_va(SLOT_BEYOND) },
    };
    struct tally t = { .what = "bad pointers" };
    struct vcpu_register_vcpu_info vi = { 0 };
    static const uint64_t bad_frames[] = {
        UNBACKED_GPA >> PAGE_SHIFT, MMIO_HOLE_GPA >> PAGE_SHIFT,
        BEYOND_P2M_GPA >> PAGE_SHIFT, 1UL << 40, ~0UL,
    };
    uint8_t *edge = window_va(SLOT_EDGE), *ro = window_va(SLOT_RO);
    struct sched_poll sp;
    evtchn_port_t port = 1;
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        unsigned int before = t.bad;

        pointer_attacks(&t, bad[i].va);
        if ( t.bad != before )
            printk("  (%s: %#lx)\n", bad[i].what, bad[i].va);
    }
    tally_end(&t);

    /* vcpu_info in frames we do not have. */
    for ( i = 0; i < ARRAY_SIZE(bad_frames); i++ )
    {
        vi.mfn = bad_frames[i];
        if ( !EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0,
                                            &vi), -EINVAL) )
            printk("  (register_vcpu_info at frame %#lx)\n", vi.mfn);
    }

    /* Lengths: beyond any buffer, wrapping, past the end of a mapping. */
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, ~0UL, buf), -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 1UL << 40, buf),
               -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 1UL << 32, buf),
               -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, -(uint64_t)buf + 16,
                                     buf), -EFAULT);

    fill(edge_page, PAGE_SIZE, 0x52);
    /* 16 bytes of which 8 are mapped: the whole write or nothing. */
    EXPECT_ERR(HYPERVISOR_xen_version(XENVER_extraversion,
                                      edge + PAGE_SIZE - 8), -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 16,
                                     edge + PAGE_SIZE - 8), -EFAULT);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0,
                                  edge + PAGE_SIZE - 8), -EFAULT);
    EXPECT_TRUE(filled(edge_page, PAGE_SIZE, 0x52));

    /* Read-only to us: read-only to the hypervisor on our behalf. */
    fill(ro_page, PAGE_SIZE, 0x53);
    EXPECT_ERR(HYPERVISOR_xen_version(XENVER_extraversion, ro), -EFAULT);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, ro),
               -EFAULT);
    EXPECT_TRUE(filled(ro_page, PAGE_SIZE, 0x53));
    /* ... which may still read it. */
    *(domid_t *)ro_page = DOMID_SELF;
    EXPECT_TRUE(HYPERVISOR_memory_op(XENMEM_current_reservation, ro) > 0);

    /* Counts beyond any table. */
    memset(&sp, 0, sizeof(sp));
    sp.ports = (uint64_t)&port;
    sp.nr_ports = 0xffffffff;
    EXPECT_ERR(HYPERVISOR_sched_op(SCHEDOP_poll, &sp), -EINVAL);
    sp.nr_ports = 129;
    EXPECT_ERR(HYPERVISOR_sched_op(SCHEDOP_poll, &sp), -EINVAL);
    {
        struct xen_add_to_physmap xatp = {
            .domid = 0,
            .size = 0xffff,
            .space = XENMAPSPACE_gmfn_range,
            .idx = 0,
            .gpfn = virt_to_gfn(targets[NR_TARGETS - 1]),
        };

        EXPECT_TRUE(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp) < 0);
        EXPECT_TRUE(filled(targets[NR_TARGETS - 1], PAGE_SIZE,
                           0x40 + NR_TARGETS - 1));
    }
    printk("attack: bad pointers and lengths: %u calls refused\n",
           t.calls);
}

static void mode_calls(void)
{
    uint64_t code_before = checksum(_text_start, _rodata_end - _text_start);
    uint64_t desc_before = desc_tables_checksum();
    uint64_t start = now_ns(), pt_before;

    map_windows();
    pt_before = page_tables_checksum();

    test_domctl_sysctl();
    test_console_read();
    test_dom0_ports();
    test_other_domains_ports();
    test_foreign_port_numbers();
    test_naming_others();
    test_mapping();
    test_dom0_state();

    test_pointers();

    /* Ourselves: nothing the hypervisor refused was done to us either. */
    EXPECT_EQ(checksum(_text_start, _rodata_end - _text_start),
              code_before);
    EXPECT_EQ(desc_tables_checksum(), desc_before);
    EXPECT_EQ(page_tables_checksum(), pt_before);
    printk("attack: calls done in %lu ms\n",
           (now_ns() - start) / NSEC_PER_MSEC);
}

/* ------------------------------------------------------------------ */
/* mode=triple */

static void __noreturn mode_triple(void)
{
    static const struct __packed {
        uint16_t limit;
        uint64_t base;
    } no_idt = { 0, 0 };

    printk("attack: triple fault now\n");
    /* #UD, then #GP and #DF find no gate either: a triple fault. */
    asm volatile ( "cli; lidt %0; ud2" :: "m" (no_idt) : "memory" );
    __builtin_unreachable();
}

/* ------------------------------------------------------------------ */
/* mode=spin */

static void __noreturn spin_forever(void)
{
    asm volatile ( "cli; 1: jmp 1b" ::: "memory" );
    __builtin_unreachable();
}

static void spin_secondary(unsigned int id)
{
    spin_forever();
}

static void __noreturn mode_spin(unsigned int vcpus)
{
    unsigned int i;

    for ( i = 1; i < vcpus; i++ )
        if ( !EXPECT_EQ(smp_start_cpu(i, spin_secondary), 0) )
            finish();
    printk("attack: spinning with interrupts off on %u vCPU%s\n", vcpus,
           vcpus > 1 ? "s" : "");
    spin_forever();
}

/* ------------------------------------------------------------------ */
/* mode=flood */

struct flooder {
    evtchn_port_t a, b;         /* loopback: send on a, b notifies us */
    uint64_t rounds, errors, upcalls_at_stop;
    bool done;
};

static struct flooder flooders[SMP_MAX_CPUS];
static bool flood_stop;

static void flood_loop(unsigned int id)
{
    struct flooder *f = &flooders[id];
    uint32_t version = HYPERVISOR_xen_version(XENVER_version, NULL);

    local_irq_enable();
    while ( !READ_ONCE(flood_stop) )
    {
        if ( evtchn_send(f->a) )
            f->errors++;
        if ( evtchn_send(flood_port) )
            f->errors++;
        if ( HYPERVISOR_xen_version(XENVER_version, NULL) != version )
            f->errors++;
        f->rounds++;
    }
    local_irq_disable();
    f->upcalls_at_stop = evtchn_count(f->b);
    atomic_set(&f->done, true);
}

static void flood_secondary(unsigned int id)
{
    flood_loop(id);
}

/* A second event on the control port: stop. */
static void control_handler(evtchn_port_t port, void *data)
{
    if ( atomic_inc(&control_events) >= ATTACK_EVENT_STOP )
        WRITE_ONCE(flood_stop, true);
}

static void mode_flood(unsigned int vcpus)
{
    uint64_t start = now_ns(), until, total = 0;
    unsigned int i;

    for ( i = 0; i < vcpus; i++ )
    {
        struct flooder *f = &flooders[i];

        if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &f->a),
                        0) ||
             !EXPECT_EQ(evtchn_bind_interdomain(DOMID_SELF, f->a, &f->b),
                        0) ||
             !EXPECT_EQ(evtchn_bind_vcpu(f->b, i), 0) )
            return;
        evtchn_clear_pending(f->b);
        EXPECT_EQ(evtchn_unmask(f->b), 0);
    }
    for ( i = 1; i < vcpus; i++ )
        if ( !EXPECT_EQ(smp_start_cpu(i, flood_secondary), 0) )
            return;
    printk("attack: flooding events and hypercalls on %u vCPU%s\n", vcpus,
           vcpus > 1 ? "s" : "");
    flood_loop(0);

    /* The others stop when they see the flag; a stuck one is a failure. */
    until = now_ns() + NSEC_PER_SEC;
    for ( i = 1; i < vcpus; i++ )
        while ( !atomic_read(&flooders[i].done) && now_ns() < until )
            cpu_relax();
    for ( i = 0; i < vcpus; i++ )
    {
        struct flooder *f = &flooders[i];
        struct vcpu_runstate_info rs;

        if ( !HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, i, &rs) )
            printk("attack: vCPU %u: running %lu ms, runnable %lu ms, "
                   "blocked %lu ms\n", i,
                   rs.time[RUNSTATE_running] / NSEC_PER_MSEC,
                   rs.time[RUNSTATE_runnable] / NSEC_PER_MSEC,
                   rs.time[RUNSTATE_blocked] / NSEC_PER_MSEC);
        EXPECT_TRUE(atomic_read(&f->done));
        EXPECT_TRUE(f->rounds > 0);
        EXPECT_EQ(f->errors, 0);
        /* Each send raised the upcall, save those that coalesced. */
        EXPECT_TRUE(f->upcalls_at_stop > 0 &&
                    f->upcalls_at_stop <= f->rounds);
        printk("attack: vCPU %u: %lu rounds of 3 hypercalls, %lu upcalls, "
               "%lu errors\n", i, f->rounds, f->upcalls_at_stop, f->errors);
        total += f->rounds;
    }
    printk("attack: flood of %lu rounds over %lu ms\n", total,
           (now_ns() - start) / NSEC_PER_MSEC);
}

/* ------------------------------------------------------------------ */

void test_main(void)
{
    unsigned int vcpus = cmdline_get_ulong("vcpus", 1);
    char mode[16];

    if ( !cmdline_get("mode", mode, sizeof(mode)) )
    {
        test_fail("no mode= on the command line");
        return;
    }
    self = my_domid();
    printk("attack: d%u, mode %s\n", self, mode);
    EXPECT_TRUE(self != 0);
    EXPECT_EQ(start_info_flags() & (SIF_PRIVILEGED | SIF_INITDOMAIN), 0);
    if ( vcpus == 0 || vcpus > SMP_MAX_CPUS )
    {
        test_fail("vcpus=%u: want 1 to %u", vcpus, SMP_MAX_CPUS);
        return;
    }

    /* The control port (and a flooder's second port), as dom0 expects. */
    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, 0, &control_port), 0) )
        return;
    EXPECT_EQ(control_port, ATTACK_CONTROL_PORT);
    if ( !strcmp(mode, "flood") &&
         EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, 0, &flood_port), 0) )
        EXPECT_EQ(flood_port, ATTACK_FLOOD_PORT);
    evtchn_set_handler(control_port, control_handler, NULL);
    EXPECT_EQ(evtchn_unmask(control_port), 0);

    if ( !wait_control(ATTACK_EVENT_GO, ATTACK_GO_TIMEOUT_NS) )
    {
        test_fail("no word from dom0 in %lu s",
                  ATTACK_GO_TIMEOUT_NS / NSEC_PER_SEC);
        finish();
    }
    local_irq_enable();

    if ( !strcmp(mode, "calls") )
        mode_calls();
    else if ( !strcmp(mode, "triple") )
        mode_triple();
    else if ( !strcmp(mode, "spin") )
        mode_spin(vcpus);
    else if ( !strcmp(mode, "flood") )
        mode_flood(vcpus);
    else
        test_fail("unknown mode=%s", mode);
    finish();
}
