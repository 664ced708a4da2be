/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (xen/common/grant_table.c), on the real page allocator
 * and EPT p2m.  All are included, so that every test starts from an
 * empty heap and can look at the table, the pins and the maptrack.
 * XENMAPSPACE_grant_table is gnttab_map_frame(), which memory.c's
 * add_to_physmap calls after its own checks.
 *
 * Three domains: dom0 (privileged), dom1 ("A", the granter in most
 * tests) and dom2 ("B", the grantee), each with RAM at gfns
 * [0, RAM_PAGES) and one vCPU.  Hypercalls are made as the vCPU of the
 * domain named, with arguments in host memory (see shim/guest.c).
 */
#include "unit.h"

#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>

#include "../../xen/common/page_alloc.c"
#include "../../xen/arch/x86/mm/p2m.c"
#include "../../xen/arch/x86/mm/p2m-ept.c"
#include "../../xen/common/grant_table.c"
#include "../../xen/common/policy.c"

/* ----- the scheduler and grace periods, as grant tables use them ----- */

static unsigned int kicks, grace_periods;

void vcpu_kick(struct vcpu *v)
{
    kicks++;
}

void synchronize_quiescent(void)
{
    grace_periods++;
}

/* ----- fake domains ----- */

#define ARENA_PAGES 8192UL                  /* 32 MiB of "machine" memory */
#define RAM_PAGES   64UL
#define NR_DOMS     3

static struct domain *doms[NR_DOMS];
static struct domain *dom0, *da, *db;

struct domain *get_domain_by_id(domid_t domid)
{
    for ( unsigned int i = 0; i < NR_DOMS; i++ )
        if ( doms[i] && doms[i]->domain_id == domid && !doms[i]->is_dying )
            return doms[i];
    return NULL;
}

static void heap_reset(void)
{
    free(frame_table);
    frame_table = calloc(ARENA_PAGES, sizeof(*frame_table));
    assert_non_null(frame_table);
    max_page = ARENA_PAGES;
    memset(free_list, 0, sizeof(free_list));
    memset(free_chunks, 0, sizeof(free_chunks));
    total_pages = avail_pages = 0;
    init_heap_pages(mfn_to_page(1), ARENA_PAGES - 1);
}

static struct domain *make_domain(domid_t id, bool privileged)
{
    struct domain *d = calloc(1, sizeof(*d));
    struct vcpu *v = calloc(1, sizeof(*v));

    assert_non_null(d);
    assert_non_null(v);
    d->domain_id = id;
    d->is_privileged = privileged;
    d->max_vcpus = 1;
    d->max_pages = 1024;
    d->vcpu = calloc(1, sizeof(*d->vcpu));
    assert_non_null(d->vcpu);
    v->domain = d;
    d->vcpu[0] = v;
    assert_int_equal(p2m_init(&d->arch.p2m), 0);
    /* RAM as the domain builder gives it: pages on the domain's list. */
    for ( gfn_t gfn = 0; gfn < RAM_PAGES; gfn++ )
    {
        struct page_info *pg = alloc_domheap_pages(d, 0, 0);

        assert_non_null(pg);
        memset(page_to_virt(pg), 0, PAGE_SIZE);
        assert_int_equal(p2m_set_entry(&d->arch.p2m, gfn, page_to_mfn(pg),
                                       0, p2m_ram_rw), 0);
        pg->order = 0;
        pg->next = d->page_list;
        d->page_list = pg;
    }
    assert_int_equal(gnttab_init(d), 0);
    return d;
}

/* As domain_destroy() does it: the grant table before any page. */
static void free_domain(struct domain *d)
{
    d->is_dying = true;
    gnttab_destroy(d);
    p2m_teardown(&d->arch.p2m);
    while ( d->page_list )
    {
        struct page_info *pg = d->page_list;

        d->page_list = pg->next;
        free_domheap_pages(pg, pg->order);
    }
    free(d->vcpu[0]);
    free(d->vcpu);
    free(d);
}

static unsigned long heap_free_at_start;

static int setup(void **state)
{
    heap_reset();
    heap_free_at_start = avail_heap_pages();
    unit_live_allocs = 0;
    kicks = grace_periods = 0;
    doms[0] = dom0 = make_domain(0, true);
    doms[1] = da = make_domain(1, false);
    doms[2] = db = make_domain(2, false);
    unit_guest_fault = false;
    unit_guest_readonly = false;
    unit_guest_fail_at = 0;
    unit_guest_accesses = 0;
    unit_set_current(da->vcpu[0]);
    unit_log_reset();
    return 0;
}

static int teardown(void **state)
{
    for ( unsigned int i = 0; i < NR_DOMS; i++ )
    {
        if ( doms[i] )
            free_domain(doms[i]);
        doms[i] = NULL;
    }
    /* Every table, frame, page and p2m page went back. */
    assert_int_equal(unit_live_allocs, 0);
    assert_int_equal(avail_heap_pages(), heap_free_at_start);
    assert_null(gnttab_list);
    return 0;
}

/* ----- what the guests see and do ----- */

static void as(struct domain *d)
{
    unit_set_current(d->vcpu[0]);
}

static long op(struct domain *d, unsigned int cmd, void *arg,
               unsigned int count)
{
    as(d);
    return do_grant_table_op(cmd, (unsigned long)arg, count);
}

/* The guest's view of its gfn: the frame, through its p2m. */
static uint8_t *gpage(struct domain *d, gfn_t gfn)
{
    mfn_t mfn = p2m_get_entry(&d->arch.p2m, gfn, NULL, NULL);

    assert_int_not_equal(mfn, INVALID_MFN);
    return mfn_to_virt(mfn);
}

static long add_frame(struct domain *d, unsigned long idx, gfn_t gfn)
{
    as(d);
    return gnttab_map_frame(d, idx, gfn);
}

#define GT_GFN  0x1000UL        /* where guests put grant-table frame 0 */

/* The granter's table frame 0 mapped, as Linux does first. */
static void map_table(struct domain *d)
{
    assert_int_equal(add_frame(d, 0, GT_GFN), 0);
}

/* The granter fills in an entry through its own mapping of the table. */
static void grant(struct domain *d, grant_ref_t ref, domid_t to,
                  uint32_t frame, uint16_t flags)
{
    grant_entry_v1_t *e = (grant_entry_v1_t *)
        gpage(d, GT_GFN + ref / GNTTAB_ENTRIES_PER_FRAME);

    e += ref % GNTTAB_ENTRIES_PER_FRAME;
    e->frame = frame;
    e->domid = to;
    e->flags = flags;
}

static uint16_t gflags(struct domain *d, grant_ref_t ref)
{
    grant_entry_v1_t *e = (grant_entry_v1_t *)
        gpage(d, GT_GFN + ref / GNTTAB_ENTRIES_PER_FRAME);

    return e[ref % GNTTAB_ENTRIES_PER_FRAME].flags;
}

static int16_t map(struct domain *m, domid_t from, grant_ref_t ref,
                   gfn_t gfn, uint32_t flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref o = {
        .host_addr = gfn << PAGE_SHIFT, .flags = flags, .ref = ref,
        .dom = from,
    };

    assert_int_equal(op(m, GNTTABOP_map_grant_ref, &o, 1), 0);
    if ( h )
        *h = o.handle;
    return o.status;
}

static int16_t unmap(struct domain *m, grant_handle_t h, gfn_t gfn)
{
    struct gnttab_unmap_grant_ref o = {
        .host_addr = gfn << PAGE_SHIFT, .handle = h,
    };

    assert_int_equal(op(m, GNTTABOP_unmap_grant_ref, &o, 1), 0);
    return o.status;
}

static p2m_type_t type_at(struct domain *d, gfn_t gfn)
{
    p2m_type_t t;

    p2m_get_entry(&d->arch.p2m, gfn, &t, NULL);
    return t;
}

#define HOST    0x2000UL        /* free gfn where grantees map */

/* ----- set_version, query_size, setup_table, add_to_physmap ----- */

static void test_set_version(void **state)
{
    struct gnttab_set_version v = { 1 };

    assert_int_equal(op(da, GNTTABOP_set_version, &v, 1), 0);
    assert_int_equal(v.version, 1);
    v.version = 2;
    assert_int_equal(op(da, GNTTABOP_set_version, &v, 1), -EOPNOTSUPP);
    assert_int_equal(v.version, 1);         /* the version in force */
    v.version = 0;
    assert_int_equal(op(da, GNTTABOP_set_version, &v, 1), -EINVAL);
    v.version = 3;
    assert_int_equal(op(da, GNTTABOP_set_version, &v, 1), -EINVAL);
    assert_int_equal(v.version, 1);
    assert_int_equal(op(da, GNTTABOP_set_version, &v, 2), -EINVAL);
    unit_guest_fault = true;
    assert_int_equal(op(da, GNTTABOP_set_version, &v, 1), -EFAULT);
}

static void test_query_size(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };

    assert_int_equal(op(da, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 0);
    assert_int_equal(q.max_nr_frames, GNTTAB_MAX_FRAMES);

    map_table(da);
    q.dom = 1;
    assert_int_equal(op(da, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);

    /* Others only for the privileged. */
    q.dom = 2;
    assert_int_equal(op(da, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_permission_denied);
    q.dom = 1;
    assert_int_equal(op(dom0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    q.dom = 77;
    assert_int_equal(op(dom0, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_bad_domain);
    q.dom = DOMID_IO;
    assert_int_equal(op(da, GNTTABOP_query_size, &q, 1), 0);
    assert_int_equal(q.status, GNTST_bad_domain);

    assert_int_equal(op(da, GNTTABOP_query_size, &q, 0), -EINVAL);
}

static void test_setup_table(void **state)
{
    xen_pfn_t frames[GNTTAB_MAX_FRAMES + 1];
    struct gnttab_setup_table s = {
        .dom = DOMID_SELF, .nr_frames = 2,
        .frame_list = (unsigned long)frames,
    };

    memset(frames, 0x55, sizeof(frames));
    assert_int_equal(op(da, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(s.status, GNTST_okay);
    assert_int_equal(gnttab_nr_frames(da), 2);
    /* Not mapped anywhere yet. */
    assert_int_equal(frames[0], INVALID_GFN);
    assert_int_equal(frames[1], INVALID_GFN);
    assert_int_equal(frames[2], 0x5555555555555555UL);

    assert_int_equal(add_frame(da, 1, 0x300), 0);
    assert_int_equal(op(da, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(frames[0], INVALID_GFN);
    assert_int_equal(frames[1], 0x300);

    /* Shrinking is not a thing: the table stays as large. */
    s.nr_frames = 1;
    assert_int_equal(op(da, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(gnttab_nr_frames(da), 2);

    s.nr_frames = GNTTAB_MAX_FRAMES + 1;
    assert_int_equal(op(da, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(s.status, GNTST_general_error);
    assert_int_equal(gnttab_nr_frames(da), 2);

    s.nr_frames = GNTTAB_MAX_FRAMES;
    assert_int_equal(op(da, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(s.status, GNTST_okay);
    assert_int_equal(gnttab_nr_frames(da), GNTTAB_MAX_FRAMES);

    s.dom = 2;
    assert_int_equal(op(da, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(s.status, GNTST_permission_denied);
    s.nr_frames = 3;
    assert_int_equal(op(dom0, GNTTABOP_setup_table, &s, 1), 0);
    assert_int_equal(s.status, GNTST_okay);
    assert_int_equal(gnttab_nr_frames(db), 3);

    /* A bad frame list: the call fails, as Xen's does. */
    s.frame_list = 16;
    assert_int_equal(op(dom0, GNTTABOP_setup_table, &s, 1), -EFAULT);
}

static void test_add_to_physmap(void **state)
{
    mfn_t f0;

    /* The frame replaces RAM, which stays the domain's. */
    assert_int_equal(add_frame(da, 0, 5), 0);
    assert_int_equal(gnttab_nr_frames(da), 1);
    f0 = p2m_get_entry(&da->arch.p2m, 5, NULL, NULL);
    assert_true(mfn_to_page(f0)->count_info & PGC_xen_heap);

    /* Grows the table to idx + 1. */
    assert_int_equal(add_frame(da, 3, 0x400), 0);
    assert_int_equal(gnttab_nr_frames(da), 4);

    /* Moving a frame leaves a hole where it was. */
    assert_int_equal(add_frame(da, 0, 0x401), 0);
    assert_int_equal(p2m_get_entry(&da->arch.p2m, 5, NULL, NULL),
                     INVALID_MFN);
    assert_int_equal(p2m_get_entry(&da->arch.p2m, 0x401, NULL, NULL), f0);

    assert_int_equal(add_frame(da, GNTTAB_MAX_FRAMES - 1, 0x500), 0);
    assert_int_equal(gnttab_nr_frames(da), GNTTAB_MAX_FRAMES);
    assert_int_equal(add_frame(da, GNTTAB_MAX_FRAMES, 0x501), -EINVAL);
    assert_int_equal(add_frame(da, XENMAPIDX_grant_table_status, 0x502),
                     -EINVAL);
    assert_int_equal(add_frame(da, ~0UL, 0x503), -EINVAL);
    assert_int_equal(add_frame(da, 0, 1UL << 40), -EINVAL);
}

/* ----- map and unmap ----- */

static void test_map_unmap(void **state)
{
    grant_handle_t h, h2;
    mfn_t frame;

    map_table(da);
    memset(gpage(da, 10), 0xab, PAGE_SIZE);
    grant(da, 5, 2, 10, GTF_permit_access);

    assert_int_equal(map(db, 1, 5, HOST, GNTMAP_host_map, &h), GNTST_okay);
    frame = p2m_get_entry(&da->arch.p2m, 10, NULL, NULL);
    assert_int_equal(p2m_get_entry(&db->arch.p2m, HOST, NULL, NULL), frame);
    assert_int_equal(type_at(db, HOST), p2m_grant_map_rw);
    assert_int_equal(gflags(da, 5),
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gpage(db, HOST)[100], 0xab);
    /* da may not free the page meanwhile. */
    assert_true(gnttab_page_pinned(frame));
    gpage(db, HOST)[100] = 0xcd;
    assert_int_equal(gpage(da, 10)[100], 0xcd);

    /* A second mapping of the same grant: both pinned. */
    assert_int_equal(map(db, 1, 5, HOST + 1, GNTMAP_host_map, &h2),
                     GNTST_okay);
    assert_int_not_equal(h, h2);
    assert_int_equal(unmap(db, h, HOST), GNTST_okay);
    assert_int_equal(type_at(db, HOST), p2m_invalid);
    assert_int_equal(gflags(da, 5),
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_true(gnttab_page_pinned(frame));
    assert_int_equal(unmap(db, h2, HOST + 1), GNTST_okay);
    assert_int_equal(gflags(da, 5), GTF_permit_access);
    assert_false(gnttab_page_pinned(frame));

    /* Handles are single use. */
    assert_int_equal(unmap(db, h, HOST), GNTST_bad_handle);
    assert_int_equal(db->grant_table->maptrack_used, 0);
}

static void test_map_readonly(void **state)
{
    grant_handle_t h, hr, hw;

    map_table(da);
    grant(da, 1, 2, 11, GTF_permit_access | GTF_readonly);
    gpage(da, 11)[0] = 0x42;

    /* A read-only grant cannot be mapped writable... */
    assert_int_equal(map(db, 1, 1, HOST, GNTMAP_host_map, NULL),
                     GNTST_permission_denied);
    assert_int_equal(type_at(db, HOST), p2m_invalid);    /* untouched */
    assert_int_equal(gflags(da, 1), GTF_permit_access | GTF_readonly);

    /* ...only read-only, and only GTF_reading is set. */
    assert_int_equal(map(db, 1, 1, HOST, GNTMAP_host_map | GNTMAP_readonly,
                         &h), GNTST_okay);
    assert_int_equal(type_at(db, HOST), p2m_grant_map_ro);
    assert_int_equal(gflags(da, 1),
                     GTF_permit_access | GTF_readonly | GTF_reading);
    assert_int_equal(gpage(db, HOST)[0], 0x42);
    assert_int_equal(unmap(db, h, HOST), GNTST_okay);
    assert_int_equal(gflags(da, 1), GTF_permit_access | GTF_readonly);

    /* A writable grant mapped read-only, then also writable. */
    grant(da, 2, 2, 12, GTF_permit_access);

    assert_int_equal(map(db, 1, 2, HOST, GNTMAP_host_map | GNTMAP_readonly,
                         &hr), GNTST_okay);
    assert_int_equal(gflags(da, 2), GTF_permit_access | GTF_reading);
    assert_int_equal(map(db, 1, 2, HOST + 1, GNTMAP_host_map, &hw),
                     GNTST_okay);
    assert_int_equal(gflags(da, 2),
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(unmap(db, hw, HOST + 1), GNTST_okay);
    assert_int_equal(gflags(da, 2), GTF_permit_access | GTF_reading);
    assert_int_equal(unmap(db, hr, HOST), GNTST_okay);
    assert_int_equal(gflags(da, 2), GTF_permit_access);
}

static void test_map_refused(void **state)
{
    struct gnttab_map_grant_ref o = {
        .host_addr = (HOST << PAGE_SHIFT) + 8, .flags = GNTMAP_host_map,
        .ref = 3, .dom = 1,
    };
    grant_handle_t h;

    map_table(da);
    grant(da, 3, 2, 13, GTF_permit_access);
    grant(da, 4, 0, 14, GTF_permit_access);         /* for dom0 */
    grant(da, 6, 2, 15, GTF_accept_transfer);
    grant(da, 7, 2, 0x7777, GTF_permit_access);     /* no RAM there */
    grant(da, 8, 2, GT_GFN, GTF_permit_access);     /* its table frame */
    grant(da, 9, 2, 16, GTF_invalid);
    /* A frame da maps but does not own (as a foreign mapping would). */
    assert_int_equal(p2m_set_entry(&da->arch.p2m, 0x3000,
                                   p2m_get_entry(&db->arch.p2m, 3, NULL,
                                                 NULL), 0, p2m_ram_rw), 0);
    grant(da, 11, 2, 0x3000, GTF_permit_access);

    /* Refs beyond the table (one frame: 512 entries). */
    assert_int_equal(map(db, 1, GNTTAB_ENTRIES_PER_FRAME, HOST,
                         GNTMAP_host_map, NULL), GNTST_bad_gntref);
    assert_int_equal(map(db, 1, ~0U, HOST, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
    /* A granter with no table frames at all. */
    assert_int_equal(map(da, 2, 0, HOST, GNTMAP_host_map, NULL),
                     GNTST_bad_gntref);
    /* Not granted to the caller, or not a permit. */
    assert_int_equal(map(db, 1, 4, HOST, GNTMAP_host_map, NULL),
                     GNTST_permission_denied);
    assert_int_equal(map(db, 1, 6, HOST, GNTMAP_host_map, NULL),
                     GNTST_permission_denied);
    assert_int_equal(map(db, 1, 9, HOST, GNTMAP_host_map, NULL),
                     GNTST_permission_denied);
    /* Frames that are not the granter's RAM. */
    assert_int_equal(map(db, 1, 7, HOST, GNTMAP_host_map, NULL),
                     GNTST_general_error);
    assert_int_equal(map(db, 1, 8, HOST, GNTMAP_host_map, NULL),
                     GNTST_general_error);
    assert_int_equal(map(db, 1, 11, HOST, GNTMAP_host_map | GNTMAP_readonly,
                         NULL), GNTST_general_error);
    /* Bad domains and addresses, and flags we cannot do. */
    assert_int_equal(map(db, 77, 3, HOST, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
    assert_int_equal(map(db, DOMID_XEN, 3, HOST, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
    assert_int_equal(map(db, 1, 3, 1UL << 36, GNTMAP_host_map, NULL),
                     GNTST_bad_virt_addr);
    assert_int_equal(map(db, 1, 3, 0, 0, NULL), GNTST_bad_gntref);
    assert_int_equal(map(db, 1, 3, HOST,
                         GNTMAP_host_map | GNTMAP_contains_pte, NULL),
                     GNTST_general_error);

    assert_int_equal(op(db, GNTTABOP_map_grant_ref, &o, 1), 0);
    assert_int_equal(o.status, GNTST_bad_virt_addr);

    /* None of that left a trace. */
    for ( grant_ref_t r = 3; r <= 11; r++ )
        assert_false(gflags(da, r) & (GTF_reading | GTF_writing));
    assert_int_equal(db->grant_table->maptrack_used, 0);
    assert_int_equal(type_at(db, HOST), p2m_invalid);

    /* Unmap: bad handles and addresses. */
    assert_int_equal(map(db, 1, 3, HOST, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(unmap(db, h + 1, HOST), GNTST_bad_handle);
    assert_int_equal(unmap(db, GNTTAB_MAX_MAPTRACK, HOST),
                     GNTST_bad_handle);
    assert_int_equal(unmap(db, ~0U, HOST), GNTST_bad_handle);
    assert_int_equal(unmap(db, h, HOST + 1), GNTST_bad_virt_addr);
    assert_int_equal(unmap(da, h, HOST), GNTST_bad_handle);  /* not da's */
    assert_int_equal(gflags(da, 3),
                     GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(unmap(db, h, HOST), GNTST_okay);
    assert_int_equal(gflags(da, 3), GTF_permit_access);
}

static void test_maptrack_full(void **state)
{
    grant_handle_t h;

    map_table(da);
    grant(da, 0, 2, 10, GTF_permit_access | GTF_readonly);
    for ( unsigned int i = 0; i < GNTTAB_MAX_MAPTRACK; i++ )
    {
        assert_int_equal(map(db, 1, 0, HOST, GNTMAP_host_map |
                             GNTMAP_readonly, &h), GNTST_okay);
        assert_int_equal(h, i);
    }
    assert_int_equal(map(db, 1, 0, HOST + 1, GNTMAP_host_map |
                         GNTMAP_readonly, &h), GNTST_no_device_space);
    assert_int_equal(type_at(db, HOST + 1), p2m_invalid);
    assert_int_equal(da->grant_table->active[0][0].pin_rd,
                     GNTTAB_MAX_MAPTRACK);

    /* A freed handle is reused. */
    assert_int_equal(unmap(db, 17, HOST), GNTST_okay);
    assert_int_equal(map(db, 1, 0, HOST, GNTMAP_host_map |
                         GNTMAP_readonly, &h), GNTST_okay);
    assert_int_equal(h, 17);

    for ( unsigned int i = 0; i < GNTTAB_MAX_MAPTRACK; i++ )
        assert_int_equal(unmap(db, i, HOST), GNTST_okay);
    assert_int_equal(gflags(da, 0), GTF_permit_access | GTF_readonly);
    assert_int_equal(da->grant_table->active[0][0].pin_rd, 0);
}

static void test_batches(void **state)
{
    struct gnttab_map_grant_ref o[3] = {
        { .host_addr = HOST << PAGE_SHIFT, .flags = GNTMAP_host_map,
          .ref = 1, .dom = 1 },
        { .host_addr = (HOST + 1) << PAGE_SHIFT, .flags = GNTMAP_host_map,
          .ref = 2, .dom = 1 },                 /* not granted */
        { .host_addr = (HOST + 2) << PAGE_SHIFT, .flags = GNTMAP_host_map,
          .ref = 3, .dom = 1 },
    };
    struct gnttab_unmap_grant_ref u[2];

    map_table(da);
    grant(da, 1, 2, 10, GTF_permit_access);
    grant(da, 3, 2, 11, GTF_permit_access);

    assert_int_equal(op(db, GNTTABOP_map_grant_ref, o, 3), 0);
    assert_int_equal(o[0].status, GNTST_okay);
    assert_int_equal(o[1].status, GNTST_permission_denied);
    assert_int_equal(o[2].status, GNTST_okay);

    u[0] = (struct gnttab_unmap_grant_ref){
        .host_addr = o[0].host_addr, .handle = o[0].handle };
    u[1] = (struct gnttab_unmap_grant_ref){
        .host_addr = o[2].host_addr, .handle = o[2].handle };
    assert_int_equal(op(db, GNTTABOP_unmap_grant_ref, u, 2), 0);
    assert_int_equal(u[0].status, GNTST_okay);
    assert_int_equal(u[1].status, GNTST_okay);
    assert_int_equal(gflags(da, 1), GTF_permit_access);
    assert_int_equal(gflags(da, 3), GTF_permit_access);

    /* The call's own errors. */
    assert_int_equal(op(db, GNTTABOP_map_grant_ref, o, 0), 0);
    assert_int_equal(op(db, GNTTABOP_map_grant_ref, o, GNTTAB_MAX_OPS + 1),
                     -EINVAL);
    assert_int_equal(op(db, GNTTABOP_map_grant_ref, o, ~0U), -EINVAL);
    assert_int_equal(op(db, GNTTABOP_dump_table, o, 1), -ENOSYS);
    assert_int_equal(op(db, 99, o, 1), -ENOSYS);
    /* A fault on the second element: the first was done. */
    unit_guest_accesses = 0;
    unit_guest_fail_at = 3;
    assert_int_equal(op(db, GNTTABOP_map_grant_ref, o, 3), -EFAULT);
    assert_int_equal(o[0].status, GNTST_okay);
    assert_int_equal(db->grant_table->maptrack_used, 1);
    /* Its mapping is released with db's table, at teardown. */
}

/* ----- copy ----- */

static int16_t copy(struct domain *c, struct gnttab_copy *g)
{
    assert_int_equal(op(c, GNTTABOP_copy, g, 1), 0);
    return g->status;
}

static void test_copy(void **state)
{
    struct gnttab_copy g;

    map_table(da);
    grant(da, 1, 2, 10, GTF_permit_access);
    grant(da, 2, 2, 11, GTF_permit_access | GTF_readonly);
    memset(gpage(da, 10), 0x11, PAGE_SIZE);
    memset(gpage(da, 11), 0x22, PAGE_SIZE);
    memset(gpage(db, 20), 0x33, PAGE_SIZE);

    /* From a grant to the caller's own frame. */
    g = (struct gnttab_copy){
        .source = { .u.ref = 2, .domid = 1, .offset = 100 },
        .dest = { .u.gmfn = 20, .domid = DOMID_SELF, .offset = 200 },
        .len = 50, .flags = GNTCOPY_source_gref,
    };
    assert_int_equal(copy(db, &g), GNTST_okay);
    assert_int_equal(gpage(db, 20)[199], 0x33);
    assert_int_equal(gpage(db, 20)[200], 0x22);
    assert_int_equal(gpage(db, 20)[249], 0x22);
    assert_int_equal(gpage(db, 20)[250], 0x33);
    assert_int_equal(gflags(da, 2), GTF_permit_access | GTF_readonly);

    /* From the caller's frame into a writable grant. */
    g = (struct gnttab_copy){
        .source = { .u.gmfn = 20, .domid = 2, .offset = 0 },
        .dest = { .u.ref = 1, .domid = 1, .offset = PAGE_SIZE - 8 },
        .len = 8, .flags = GNTCOPY_dest_gref,
    };
    assert_int_equal(copy(db, &g), GNTST_okay);
    assert_int_equal(gpage(da, 10)[PAGE_SIZE - 9], 0x11);
    assert_int_equal(gpage(da, 10)[PAGE_SIZE - 1], 0x33);
    assert_int_equal(gflags(da, 1), GTF_permit_access);

    /* Grant to grant. */
    g = (struct gnttab_copy){
        .source = { .u.ref = 2, .domid = 1 },
        .dest = { .u.ref = 1, .domid = 1 },
        .len = 4, .flags = GNTCOPY_source_gref | GNTCOPY_dest_gref,
    };
    assert_int_equal(copy(db, &g), GNTST_okay);
    assert_int_equal(gpage(da, 10)[3], 0x22);

    /* Not into a read-only grant. */
    g.source.u.ref = 1;
    g.dest.u.ref = 2;
    assert_int_equal(copy(db, &g), GNTST_permission_denied);
    assert_int_equal(gpage(da, 11)[0], 0x22);
    assert_int_equal(gflags(da, 1), GTF_permit_access);
    assert_int_equal(gflags(da, 2), GTF_permit_access | GTF_readonly);

    /* Bounds. */
    g = (struct gnttab_copy){
        .source = { .u.ref = 1, .domid = 1, .offset = 1 },
        .dest = { .u.gmfn = 20, .domid = DOMID_SELF },
        .len = PAGE_SIZE, .flags = GNTCOPY_source_gref,
    };
    assert_int_equal(copy(db, &g), GNTST_bad_copy_arg);
    g.source.offset = 0;
    g.dest.offset = PAGE_SIZE;
    g.len = 1;
    assert_int_equal(copy(db, &g), GNTST_bad_copy_arg);
    g.dest.offset = 0xffff;
    g.len = 0xffff;
    assert_int_equal(copy(db, &g), GNTST_bad_copy_arg);
    g.dest.offset = 0;
    g.len = PAGE_SIZE;
    assert_int_equal(copy(db, &g), GNTST_okay);
    g.flags |= 1U << 5;
    assert_int_equal(copy(db, &g), GNTST_bad_copy_arg);

    /* The frame side is the caller's own, and its RAM. */
    g = (struct gnttab_copy){
        .source = { .u.ref = 1, .domid = 1 },
        .dest = { .u.gmfn = 20, .domid = 1 },
        .len = 1, .flags = GNTCOPY_source_gref,
    };
    assert_int_equal(copy(db, &g), GNTST_permission_denied);
    g.dest.domid = DOMID_SELF;
    g.dest.u.gmfn = 0x7777;
    assert_int_equal(copy(db, &g), GNTST_bad_page);
    g.dest.u.gmfn = 1UL << 40;
    assert_int_equal(copy(db, &g), GNTST_bad_page);
    /* Refs, domains, permissions, as for a map. */
    g.dest.u.gmfn = 20;
    g.source.u.ref = 5000;
    assert_int_equal(copy(db, &g), GNTST_bad_gntref);
    g.source.u.ref = 1;
    g.source.domid = 66;
    assert_int_equal(copy(db, &g), GNTST_bad_domain);
    g.source.domid = 1;
    assert_int_equal(copy(dom0, &g), GNTST_permission_denied);
    assert_int_equal(gflags(da, 1), GTF_permit_access);
}

/* ----- teardown ----- */

static void test_granter_destroyed(void **state)
{
    grant_handle_t h;

    map_table(da);
    grant(da, 1, 2, 10, GTF_permit_access);
    assert_int_equal(map(db, 1, 1, HOST, GNTMAP_host_map, &h), GNTST_okay);
    as(dom0);

    /*
     * da goes: its frame leaves db's physmap, and a grace period passes
     * (every CPU re-enters the guest with fresh translations) before
     * the frame can be freed.
     */
    free_domain(da);
    doms[1] = da = NULL;
    assert_int_equal(grace_periods, 1);
    assert_int_equal(type_at(db, HOST), p2m_invalid);
    assert_int_equal(db->grant_table->maptrack_used, 0);
    assert_int_equal(unmap(db, h, HOST), GNTST_bad_handle);
    assert_int_equal(map(db, 1, 1, HOST, GNTMAP_host_map, NULL),
                     GNTST_bad_domain);
}

static void test_mapper_destroyed(void **state)
{
    map_table(da);
    grant(da, 1, 2, 10, GTF_permit_access);
    grant(da, 2, 2, 11, GTF_permit_access | GTF_readonly);
    assert_int_equal(map(db, 1, 1, HOST, GNTMAP_host_map, NULL),
                     GNTST_okay);
    assert_int_equal(map(db, 1, 2, HOST + 1,
                         GNTMAP_host_map | GNTMAP_readonly, NULL),
                     GNTST_okay);

    /* db goes: the entries it used are free again. */
    free_domain(db);
    doms[2] = db = NULL;
    assert_int_equal(gflags(da, 1), GTF_permit_access);
    assert_int_equal(gflags(da, 2), GTF_permit_access | GTF_readonly);
    assert_int_equal(da->grant_table->active[0][1].pin_wr, 0);
    /* Nothing of db's was mapped elsewhere: no grace period needed. */
    assert_int_equal(grace_periods, 0);
}

static void test_self_map_destroyed(void **state)
{
    map_table(da);
    grant(da, 1, 1, 10, GTF_permit_access);
    assert_int_equal(map(da, DOMID_SELF, 1, HOST, GNTMAP_host_map, NULL),
                     GNTST_okay);
    assert_int_equal(gflags(da, 1),
                     GTF_permit_access | GTF_reading | GTF_writing);
    /* Released in teardown, leak-checked there. */
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_set_version),
        T(test_query_size),
        T(test_setup_table),
        T(test_add_to_physmap),
        T(test_map_unmap),
        T(test_map_readonly),
        T(test_map_refused),
        T(test_maptrack_full),
        T(test_batches),
        T(test_copy),
        T(test_granter_destroyed),
        T(test_mapper_destroyed),
        T(test_self_map_destroyed),
    };

    unit_arena_init(ARENA_PAGES * PAGE_SIZE);
    return cmocka_run_group_tests_name("grant_table", tests, NULL, NULL);
}
