/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (v1) between dom0 and a boot-time domU (domain 1).
 *
 * dom0 maps frame 0 of its grant table into a hole of its physmap
 * (XENMEM_add_to_physmap), grants the domU a writable page (ref
 * REF_RW) and a read-only one (REF_RO), and grants a third page to a
 * domain that does not exist (REF_OTHER).  The domU maps the two into
 * free gfns of its own (GNTTABOP_map_grant_ref), checks what dom0 wrote,
 * writes back through the writable mapping, is refused a writable
 * mapping of the read-only grant and any mapping of refs not granted to
 * it or out of range, copies both ways with GNTTABOP_copy, unmaps, and
 * finally copies a "done" record with its verdict into the writable
 * page.  dom0 then checks the domU's writes and that the entries it
 * granted are no longer marked in use (GTF_reading/GTF_writing clear).
 *
 * Built twice: as "grants" (dom0, boot module 0) and, from
 * grants-domu.c, as "grants-domu" (the domU).
 */
#include <guest/events.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/arch-x86/cpuid.h>
#include <public/grant_table.h>
#include <public/memory.h>

#ifdef GRANTS_DOMU
const char test_name[] = "grants-domu";
#else
const char test_name[] = "grants";
#endif

#define DOMU_ID         1
#define REF_RW          8
#define REF_RO          9
#define REF_OTHER       10

/* Offsets in the writable page. */
#define OFF_DOMU_WRITE  2048        /* the domU writes through its mapping */
#define OFF_COPY_IN     3072        /* the domU's GNTTABOP_copy into it */
#define OFF_DONE        4032        /* the final record */
#define DONE_MAGIC      0x454e4f44u /* "DONE" */
#define COPY_LEN        64

struct done_record {
    uint32_t magic;
    uint32_t passed;
};

/* Xen's CPUID leaf 4 (base + 4): ECX is the domain id. */
#define XEN_CPUID_LEAF_HVM  4

static unsigned int my_domid(void)
{
    return cpuid(xen_cpuid_base + XEN_CPUID_LEAF_HVM).c;
}

static long grant_table_op(unsigned int cmd, void *arg, unsigned int count)
{
    return hypercall_direct(__HYPERVISOR_grant_table_op, cmd,
                            (unsigned long)arg, count, 0, 0);
}

/* What dom0 writes in the page it grants for ref: a pattern per ref. */
static uint8_t pattern(unsigned int ref, unsigned int i)
{
    return (uint8_t)(i * 7 + ref * 31 + 1);
}

#ifdef GRANTS_DOMU

/* Free gfns of ours (8 MiB of RAM): well above it, below 4 GiB. */
#define HOST_RW         0x40000UL
#define HOST_RO         0x40001UL
#define HOST_SPARE      0x40002UL
#define SLOT_RW         70
#define SLOT_RO         71

static uint8_t own_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static int16_t map(unsigned int ref, uint64_t gfn, uint32_t flags,
                   grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = gfn << PAGE_SHIFT,
        .flags = GNTMAP_host_map | flags,
        .ref = ref,
        .dom = 0,
    };
    long rc = grant_table_op(GNTTABOP_map_grant_ref, &op, 1);

    if ( rc )
        return GNTST_general_error - 100;   /* the call itself failed */
    if ( handle )
        *handle = op.handle;
    return op.status;
}

static int16_t unmap(grant_handle_t handle, uint64_t gfn)
{
    struct gnttab_unmap_grant_ref op = {
        .host_addr = gfn << PAGE_SHIFT,
        .handle = handle,
    };

    if ( grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1) )
        return GNTST_general_error - 100;
    return op.status;
}

/* One copy between a ref of dom0's and our own page. */
static int16_t copy(unsigned int ref, uint16_t ref_off, uint16_t own_off,
                    uint16_t len, bool to_ref)
{
    struct gnttab_copy op = { .len = len };
    struct gnttab_copy_ptr *g = to_ref ? &op.dest : &op.source;
    struct gnttab_copy_ptr *o = to_ref ? &op.source : &op.dest;

    g->u.ref = ref;
    g->domid = 0;
    g->offset = ref_off;
    o->u.gmfn = virt_to_phys(own_page) >> PAGE_SHIFT;
    o->domid = DOMID_SELF;
    o->offset = own_off;
    op.flags = to_ref ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
    if ( grant_table_op(GNTTABOP_copy, &op, 1) )
        return GNTST_general_error - 100;
    return op.status;
}

/* dom0 sets its grants up while we boot: retry until they are there. */
static int16_t map_when_granted(unsigned int ref, uint64_t gfn,
                                uint32_t flags, grant_handle_t *handle)
{
    uint64_t deadline = now_ns() + 30 * NSEC_PER_SEC;
    int16_t st;

    do {
        st = map(ref, gfn, flags, handle);
        if ( st == GNTST_okay )
            break;
        for ( unsigned int i = 0; i < 100000; i++ )
            cpu_relax();
    } while ( now_ns() < deadline );
    return st;
}

static bool check_pattern(const uint8_t *p, unsigned int ref,
                          unsigned int from, unsigned int to)
{
    for ( unsigned int i = from; i < to; i++ )
        if ( p[i] != pattern(ref, i) )
        {
            printk("  ref %u byte %u: %#x, expected %#x\n", ref, i, p[i],
                   pattern(ref, i));
            return false;
        }
    return true;
}

void test_main(void)
{
    struct gnttab_set_version ver = { .version = 1 };
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    struct done_record done;
    grant_handle_t h_rw = 0, h_ro = 0, h;
    volatile uint8_t *rw, *ro;
    bool ok;

    EXPECT_EQ(my_domid(), DOMU_ID);
    /* The clock (now_ns()) lives in vcpu_info, which this maps. */
    if ( !EXPECT_EQ(events_init(), 0) )
        goto report;
    EXPECT_EQ(grant_table_op(GNTTABOP_set_version, &ver, 1), 0);
    EXPECT_EQ(ver.version, 1);
    ver.version = 2;
    EXPECT_EQ(grant_table_op(GNTTABOP_set_version, &ver, 1), -EOPNOTSUPP);
    EXPECT_EQ(ver.version, 1);
    EXPECT_EQ(grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    EXPECT_EQ(qs.status, GNTST_okay);
    EXPECT_EQ(qs.max_nr_frames, 32);
    /* dom0's table is not ours to look at. */
    qs.dom = 0;
    EXPECT_EQ(grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    EXPECT_EQ(qs.status, GNTST_permission_denied);

    /* The writable grant: dom0's pattern, then our write. */
    if ( !EXPECT_EQ(map_when_granted(REF_RW, HOST_RW, 0, &h_rw),
                    GNTST_okay) )
        goto report;
    printk("grants-domu: mapped d0's ref %u at gfn %#lx (handle %u)\n",
           REF_RW, HOST_RW, h_rw);
    rw = window_map(SLOT_RW, HOST_RW << PAGE_SHIFT, PTE_P | PTE_RW);
    EXPECT_TRUE(check_pattern((const uint8_t *)rw, REF_RW, 0,
                              OFF_DOMU_WRITE));
    for ( unsigned int i = 0; i < 256; i++ )
        rw[OFF_DOMU_WRITE + i] = (uint8_t)~i;

    /* The read-only grant: refused writable, fine read-only. */
    EXPECT_EQ(map(REF_RO, HOST_RO, 0, NULL), GNTST_permission_denied);
    if ( EXPECT_EQ(map(REF_RO, HOST_RO, GNTMAP_readonly, &h_ro),
                   GNTST_okay) )
    {
        ro = window_map(SLOT_RO, HOST_RO << PAGE_SHIFT, PTE_P);
        EXPECT_TRUE(check_pattern((const uint8_t *)ro, REF_RO, 0,
                                  PAGE_SIZE));
    }

    /* Refs we may not have, and ones that do not exist. */
    EXPECT_EQ(map(REF_OTHER, HOST_SPARE, 0, NULL), GNTST_permission_denied);
    EXPECT_EQ(map(REF_OTHER, HOST_SPARE, GNTMAP_readonly, NULL),
              GNTST_permission_denied);
    EXPECT_EQ(map(REF_RW + 100, HOST_SPARE, 0, NULL),
              GNTST_permission_denied);         /* in range, not granted */
    EXPECT_EQ(map(16384, HOST_SPARE, 0, NULL), GNTST_bad_gntref);
    EXPECT_EQ(map(~0U, HOST_SPARE, 0, NULL), GNTST_bad_gntref);
    {
        struct gnttab_map_grant_ref op = {
            .host_addr = HOST_SPARE << PAGE_SHIFT,
            .flags = GNTMAP_host_map, .ref = REF_RW, .dom = 55,
        };

        EXPECT_EQ(grant_table_op(GNTTABOP_map_grant_ref, &op, 1), 0);
        EXPECT_EQ(op.status, GNTST_bad_domain);
    }

    /* Copies: out of the read-only grant, into the writable one. */
    memset(own_page, 0, PAGE_SIZE);
    EXPECT_EQ(copy(REF_RO, 100, 0, COPY_LEN, false), GNTST_okay);
    ok = true;
    for ( unsigned int i = 0; i < COPY_LEN; i++ )
        if ( own_page[i] != pattern(REF_RO, 100 + i) )
            ok = false;
    EXPECT_TRUE(ok);
    for ( unsigned int i = 0; i < COPY_LEN; i++ )
        own_page[512 + i] = (uint8_t)(0xa0 + i);
    EXPECT_EQ(copy(REF_RW, OFF_COPY_IN, 512, COPY_LEN, true), GNTST_okay);
    EXPECT_EQ(rw[OFF_COPY_IN], 0xa0);           /* seen through our map */
    EXPECT_EQ(copy(REF_RO, 0, 512, COPY_LEN, true),
              GNTST_permission_denied);
    EXPECT_EQ(copy(REF_RW, PAGE_SIZE - 8, 0, 16, true), GNTST_bad_copy_arg);
    EXPECT_EQ(copy(REF_OTHER, 0, 0, 16, false), GNTST_permission_denied);

    /* Unmap: each handle once. */
    window_map(SLOT_RW, 0, 0);
    window_map(SLOT_RO, 0, 0);
    EXPECT_EQ(unmap(h_rw, HOST_SPARE), GNTST_bad_virt_addr);
    EXPECT_EQ(unmap(h_rw, HOST_RW), GNTST_okay);
    EXPECT_EQ(unmap(h_ro, HOST_RO), GNTST_okay);
    EXPECT_EQ(unmap(h_rw, HOST_RW), GNTST_bad_handle);
    EXPECT_EQ(unmap(12345, HOST_RW), GNTST_bad_handle);
    /* Mapped and unmapped again: the pins balance. */
    if ( EXPECT_EQ(map(REF_RO, HOST_RO, GNTMAP_readonly, &h), GNTST_okay) )
        EXPECT_EQ(unmap(h, HOST_RO), GNTST_okay);

 report:
    /* The result line first: dom0 ends the run once it hears from us. */
    done.magic = DONE_MAGIC;
    done.passed = test_report();
    memcpy(own_page, &done, sizeof(done));
    if ( copy(REF_RW, OFF_DONE, 0, sizeof(done), true) != GNTST_okay )
        printk("grants-domu: cannot tell d0 that we are done\n");
    shutdown_domain(SHUTDOWN_poweroff);
    halt_forever();
}

#else /* dom0 */

/* Where our grant-table frame 0 goes: a hole far above our RAM. */
#define GT_GFN          0x200000UL
#define SLOT_GT         70

static uint8_t page_rw[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t page_ro[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t page_other[PAGE_SIZE] __aligned(PAGE_SIZE);

static volatile struct grant_entry_v1 *table;

static void grant(unsigned int ref, domid_t domid, const void *page,
                  uint16_t flags)
{
    table[ref].frame = virt_to_phys(page) >> PAGE_SHIFT;
    table[ref].domid = domid;
    /* The flags last: the entry is complete before it is valid. */
    smp_mb();
    table[ref].flags = flags;
}

static uint16_t flags_of(unsigned int ref)
{
    return __atomic_load_n(&table[ref].flags, __ATOMIC_SEQ_CST);
}

void test_main(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF, .space = XENMAPSPACE_grant_table,
        .idx = 0, .gpfn = GT_GFN,
    };
    struct gnttab_query_size qs = { .dom = DOMID_SELF };
    xen_pfn_t frames[2] = { 0, 0 };
    struct gnttab_setup_table st = {
        .dom = DOMID_SELF, .nr_frames = 1,
        .frame_list = (unsigned long)frames,
    };
    struct done_record done = { 0, 0 };
    evtchn_port_t sleep_port;
    uint64_t deadline;
    bool ok;

    EXPECT_EQ(my_domid(), 0);
    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(evtchn_bind_ipi(0, &sleep_port), 0) )
        return;

    EXPECT_EQ(grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    EXPECT_EQ(qs.status, GNTST_okay);
    EXPECT_EQ(qs.max_nr_frames, 32);

    /* Limits of add_to_physmap, then our frame 0. */
    xatp.idx = 32;
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), -EINVAL);
    xatp.idx = XENMAPIDX_grant_table_status;
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), -EINVAL);
    xatp.idx = 0;
    if ( !EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), 0) )
        return;
    EXPECT_EQ(grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_okay);
    EXPECT_EQ(frames[0], GT_GFN);
    qs.dom = DOMID_SELF;
    EXPECT_EQ(grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    EXPECT_EQ(qs.nr_frames, 1);

    table = window_map(SLOT_GT, GT_GFN << PAGE_SHIFT, PTE_P | PTE_RW);
    for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
    {
        page_rw[i] = pattern(REF_RW, i);
        page_ro[i] = pattern(REF_RO, i);
        page_other[i] = pattern(REF_OTHER, i);
    }
    memset(page_rw + OFF_DOMU_WRITE, 0, PAGE_SIZE - OFF_DOMU_WRITE);
    smp_mb();
    grant(REF_RW, DOMU_ID, page_rw, GTF_permit_access);
    grant(REF_RO, DOMU_ID, page_ro, GTF_permit_access | GTF_readonly);
    grant(REF_OTHER, 2, page_other, GTF_permit_access);
    printk("grants: granted refs %u (rw), %u (ro) to d%u, %u to d2\n",
           REF_RW, REF_RO, DOMU_ID, REF_OTHER);

    /* The domU's final copy says it is done. */
    deadline = now_ns() + 120 * NSEC_PER_SEC;
    for ( ; ; )
    {
        memcpy(&done, (const void *)(page_rw + OFF_DONE), sizeof(done));
        if ( done.magic == DONE_MAGIC || now_ns() >= deadline )
            break;
        sched_poll(&sleep_port, 1, now_ns() + 10 * NSEC_PER_MSEC);
    }
    if ( !EXPECT_EQ(done.magic, DONE_MAGIC) )
        return;
    printk("grants: d%u is done: %s\n", DOMU_ID,
           done.passed ? "passed" : "failed");
    EXPECT_TRUE(done.passed);

    /* Its write through the mapping, and its copy. */
    ok = true;
    for ( unsigned int i = 0; i < 256; i++ )
        if ( page_rw[OFF_DOMU_WRITE + i] != (uint8_t)~i )
            ok = false;
    EXPECT_TRUE(ok);
    ok = true;
    for ( unsigned int i = 0; i < COPY_LEN; i++ )
        if ( page_rw[OFF_COPY_IN + i] != (uint8_t)(0xa0 + i) )
            ok = false;
    EXPECT_TRUE(ok);
    /* Nothing written where it had no right to write. */
    ok = true;
    for ( unsigned int i = 0; i < PAGE_SIZE; i++ )
        if ( page_ro[i] != pattern(REF_RO, i) ||
             page_other[i] != pattern(REF_OTHER, i) )
            ok = false;
    EXPECT_TRUE(ok);

    /* Every mapping and copy has let go of our entries. */
    deadline = now_ns() + NSEC_PER_SEC;
    while ( (flags_of(REF_RW) & (GTF_reading | GTF_writing)) &&
            now_ns() < deadline )
        sched_poll(&sleep_port, 1, now_ns() + NSEC_PER_MSEC);
    EXPECT_EQ(flags_of(REF_RW), GTF_permit_access);
    EXPECT_EQ(flags_of(REF_RO), GTF_permit_access | GTF_readonly);
    EXPECT_EQ(flags_of(REF_OTHER), GTF_permit_access);

    /* We may look at the domU's table (privileged). */
    qs.dom = DOMU_ID;
    EXPECT_EQ(grant_table_op(GNTTABOP_query_size, &qs, 1), 0);
    EXPECT_EQ(qs.status, GNTST_okay);
    EXPECT_EQ(qs.nr_frames, 0);

    /* Revoked, and gone from the table. */
    table[REF_RW].flags = 0;
    table[REF_RO].flags = 0;
    table[REF_OTHER].flags = 0;
}

#endif /* GRANTS_DOMU */
