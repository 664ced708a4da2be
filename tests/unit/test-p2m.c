/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HAP p2m (xen/arch/x86/mm/p2m.c, its walks in p2m-pt.c and its two
 * entry formats, p2m-ept.c and p2m-npt.c) on top of the real page
 * allocator.  All the modules are included, so that every test starts
 * from an empty heap, and so that the table pages the p2m asks for can
 * be made to run out after a chosen number of allocations.
 *
 * Every behaviour test runs twice, once per format (groups p2m-ept and
 * p2m-npt); each group then adds the tests of its own format.  The
 * tables are also checked raw, against the EPT entry formats of SDM
 * Vol. 3C, 28.2.2 (tables 28-1 to 28-6) and the long-mode entries that
 * AMD nested paging walks (APM Vol. 2, 5.4 and 15.25), decoded here
 * independently of the code under test.
 */
#include "unit.h"

#include <xen/errno.h>

#include "../../xen/common/page_alloc.c"

/* Allocations the p2m may still make; negative means no limit. */
static long alloc_budget = -1;
/* Table pages the p2m has been given, ever. */
static unsigned long nr_allocs;

static struct page_info *failing_alloc_domheap_pages(struct domain *d,
                                                     unsigned int order,
                                                     unsigned int memflags)
{
    if ( alloc_budget == 0 )
        return NULL;
    if ( alloc_budget > 0 )
        alloc_budget--;
    nr_allocs++;

    return alloc_domheap_pages(d, order, memflags);
}

#define alloc_domheap_pages failing_alloc_domheap_pages
#include "../../xen/arch/x86/mm/p2m.c"
#include "../../xen/arch/x86/mm/p2m-pt.c"
#include "../../xen/arch/x86/mm/p2m-ept.c"
#include "../../xen/arch/x86/mm/p2m-npt.c"
#undef alloc_domheap_pages

#define ARENA_PAGES 16384UL                 /* 64 MiB of "machine" memory */

#define GB_FRAMES   (1UL << PAGE_ORDER_1G)
#define MB2_FRAMES  (1UL << PAGE_ORDER_2M)

/* Raw entry fields both formats have, as this p2m uses them. */
#define R_ADDR      0x000ffffffffff000UL
#define R_FLAGS     0xfffUL
#define R_BIG       (1UL << 7)  /* PDPTE/PDE: a leaf (EPT and NPT PS) */
#define R_TYPE(e)   ((unsigned int)(((e) >> 52) & 0x3f))
#define R_TYPE_MASK (0x3fUL << 52)

/* Raw EPT entry fields (SDM Vol. 3C, tables 28-1 to 28-6). */
#define R_RWX(e)    ((unsigned int)((e) & 7))
#define R_IPAT      (1UL << 6)
#define R_NOMFN     (1UL << 62)

/* Raw long-mode entry fields, for NPT (APM Vol. 2, 5.4). */
#define N_P         (1UL << 0)
#define N_RW        (1UL << 1)
#define N_US        (1UL << 2)
#define N_PWT       (1UL << 3)
#define N_PCD       (1UL << 4)
#define N_A         (1UL << 5)
#define N_D         (1UL << 6)
#define N_PAT_4K    (1UL << 7)
#define N_PAT_BIG   (1UL << 12)
#define N_SOFT      (0x7fUL << 52)  /* 58:52: ignored by the CPU */
#define N_NOMFN     (1UL << 58)
#define N_NX        (1UL << 63)

/* The format of the group running: every test's p2m has it. */
static enum p2m_format test_format;
static struct p2m_domain p2m;

static bool is_npt(void)
{
    return test_format == P2M_FORMAT_NPT;
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
    alloc_budget = -1;
    unit_log_reset();
}

/* Pages the p2m holds, as the heap sees it. */
static unsigned long heap_used(void)
{
    return total_heap_pages() - avail_heap_pages();
}

/* ----- independent decoding of the raw tables ----- */

/* Whether the CPU sees e as present. */
static bool raw_cpu_present(u64 e)
{
    return is_npt() ? e & N_P : R_RWX(e);
}

/* Bits the CPU may set itself: NPT's A and D (EPT has A/D off). */
static u64 raw_cpu_set(void)
{
    return is_npt() ? N_A | N_D : 0;
}

/* The bits 11:0 (bar bit 7) of a table entry. */
static u64 raw_table_flags(void)
{
    /* EPT: RWX.  NPT: nested accesses are user accesses (15.25.5). */
    return is_npt() ? N_P | N_RW | N_US : 7;
}

/* The bits 11:0 (bar bit 7) a leaf of type t should have. */
static u64 raw_leaf_flags(p2m_type_t t)
{
    switch ( t )
    {
    case p2m_ram_rw:
    case p2m_grant_map_rw:
        /* EPT: RWX, WB, ignore PAT.  NPT: P RW US, PAT entry 0 (WB). */
        return is_npt() ? N_P | N_RW | N_US : 7 | (6 << 3) | R_IPAT;

    case p2m_ram_ro:
    case p2m_grant_map_ro:
        return is_npt() ? N_P | N_US : 5 | (6 << 3) | R_IPAT;

    case p2m_mmio_direct:
        /* EPT: RW, UC.  NPT: PAT entry 3, UC. */
        return is_npt() ? N_P | N_RW | N_US | N_PCD | N_PWT : 3;

    case p2m_reserved:
        /* Not present to the CPU, nothing else in the low bits. */
        return 0;

    default:
        fail_msg("no leaf of type %u", t);
    }

    return 0;
}

static u64 raw_nomfn(void)
{
    return is_npt() ? N_NOMFN : R_NOMFN;
}

/* Whether e, an entry of the given level, points to a table. */
static bool raw_is_table(u64 e, unsigned int level)
{
    return level > 1 && raw_cpu_present(e) && !R_TYPE(e) && !(e & R_BIG);
}

struct raw_stats {
    unsigned long tables;
    unsigned long leaves[3];
};

static void check_leaf(u64 e, unsigned int level)
{
    u64 allowed = R_ADDR | R_FLAGS | R_TYPE_MASK;
    p2m_type_t t = R_TYPE(e);

    if ( t == p2m_invalid || t > p2m_grant_map_ro )
        fail_msg("leaf %#lx has type %u", (unsigned long)e, t);

    /* Bit 7 says "leaf" in a PDPTE or PDE; in a PTE it would be PAT. */
    assert_int_equal(!!(e & R_BIG), level > 1);
    /* A large leaf's address bits below its size (PAT too) are 0. */
    if ( level > 1 )
        assert_int_equal(e & R_ADDR & ((1UL << (12 + 9 * (level - 1))) - 1),
                         0);

    assert_int_equal(e & R_FLAGS & ~R_BIG & ~raw_cpu_set(),
                     raw_leaf_flags(t));

    if ( t == p2m_reserved )
    {
        assert_false(raw_cpu_present(e));
        allowed |= raw_nomfn();
        if ( e & raw_nomfn() )
            assert_int_equal(e & R_ADDR, 0);
    }

    /* NPT: nothing in 63:59 (NX, protection keys). */
    assert_int_equal(e & ~allowed, 0);
}

static void check_raw_table(const u64 *table, unsigned int level,
                            struct raw_stats *s)
{
    mfn_t mfn = virt_to_mfn(table);
    unsigned int i;

    /* Every reachable table is a live heap page. */
    assert_true(mfn > 0 && mfn < max_page);
    assert_true(frame_table[mfn].count_info & PGC_allocated);
    s->tables++;

    for ( i = 0; i < 512; i++ )
    {
        u64 e = table[i];

        if ( !raw_cpu_present(e) && !R_TYPE(e) )
        {
            assert_int_equal(e, 0);
            continue;
        }

        if ( raw_is_table(e, level) )
        {
            /* Flags and address, nothing else (EPT: 7:3 reserved). */
            assert_int_equal(e & ~R_ADDR & ~raw_cpu_set(),
                             raw_table_flags());
            check_raw_table(maddr_to_virt(e & R_ADDR), level - 1, s);
            continue;
        }

        /* PML4 entries cannot map memory themselves. */
        assert_true(level <= 3);
        check_leaf(e, level);
        s->leaves[level - 1]++;
    }
}

/* Tables well formed, and the p2m's counters agree with them. */
static void check_tables(void)
{
    struct raw_stats s = { 0 };

    assert_non_null(p2m.root);
    check_raw_table(p2m.root, 4, &s);
    assert_int_equal(s.tables, p2m.nr_table_pages);
    assert_int_equal(heap_used(), p2m.nr_table_pages);
    assert_int_equal(s.leaves[0], p2m.nr_entries[0]);
    assert_int_equal(s.leaves[1], p2m.nr_entries[1]);
    assert_int_equal(s.leaves[2], p2m.nr_entries[2]);
}

/*
 * The raw entry at the given level on the walk for gfn (4 for the PML4
 * entry), or if the walk ends above it, the leaf or not-present entry
 * that ends it; *level says which.
 */
static u64 raw_entry_at(gfn_t gfn, unsigned int *level)
{
    const u64 *table = p2m.root;
    unsigned int l;
    u64 e;

    for ( l = 4; ; l-- )
    {
        e = table[(gfn >> (9 * (l - 1))) & 511];
        if ( l == *level || !raw_is_table(e, l) )
            break;
        table = maddr_to_virt(e & R_ADDR);
    }

    *level = l;
    return e;
}

/* The raw leaf (or not-present entry) that translates gfn, and its level. */
static u64 raw_entry(gfn_t gfn, unsigned int *level)
{
    *level = 0;
    return raw_entry_at(gfn, level);
}

/* Sets bits in the raw entry at the given level on gfn's walk. */
static void raw_set_bits(gfn_t gfn, unsigned int level, u64 bits)
{
    u64 *table = p2m.root;
    unsigned int l;

    for ( l = 4; l > level; l-- )
        table = maddr_to_virt(table[(gfn >> (9 * (l - 1))) & 511] & R_ADDR);
    table[(gfn >> (9 * (level - 1))) & 511] |= bits;
}

/* ----- fixtures and helpers ----- */

static int setup(void **state)
{
    heap_reset();
    /* 4K leaves only, until a test says otherwise. */
    memset(&p2m, 0, sizeof(p2m));
    p2m.format = test_format;
    assert_int_equal(p2m_init(&p2m), 0);
    return 0;
}

/* Every test must leave a consistent map whose teardown frees it all. */
static int teardown(void **state)
{
    alloc_budget = -1;
    check_tables();
    p2m_teardown(&p2m);
    assert_null(p2m.root);
    assert_int_equal(p2m.root_maddr, 0);
    assert_int_equal(p2m.nr_table_pages, 0);
    assert_int_equal(heap_used(), 0);
    return 0;
}

#define expect_entry(gfn, mfn, type, order) do {                        \
    p2m_type_t t_;                                                      \
    unsigned int o_;                                                    \
    mfn_t m_ = p2m_get_entry(&p2m, (gfn), &t_, &o_);                    \
                                                                        \
    if ( m_ != (mfn_t)(mfn) || t_ != (type) || o_ != (order) )          \
        fail_msg("gfn %#lx: mfn %#lx type %u order %u, expected "       \
                 "mfn %#lx type %u order %u", (unsigned long)(gfn),     \
                 m_, t_, o_, (unsigned long)(mfn), (type), (order));    \
} while ( 0 )

#define expect_unmapped(gfn) do {                                       \
    p2m_type_t t_;                                                      \
                                                                        \
    assert_int_equal(p2m_get_entry(&p2m, (gfn), &t_, NULL),             \
                     INVALID_MFN);                                      \
    assert_int_equal(t_, p2m_invalid);                                  \
} while ( 0 )

/* ----- init and teardown ----- */

static void test_init_teardown(void **state)
{
    struct p2m_domain other;
    unsigned long used = heap_used();

    /* Garbage but for what the caller sets first: format, leaf sizes. */
    memset(&other, 0x5a, sizeof(other));
    other.format = test_format;
    other.large_1g = other.large_2m = true;
    assert_int_equal(p2m_init(&other), 0);
    assert_non_null(other.root);
    assert_int_equal(other.format, test_format);
    assert_int_equal(other.root_maddr, virt_to_maddr(other.root));
    /* NPT has no EPTP: none is left over from the garbage. */
    if ( is_npt() )
        assert_int_equal(other.eptp, 0);
    else
        assert_int_equal(other.eptp & R_ADDR, other.root_maddr);
    assert_int_equal(other.nr_table_pages, 1);
    assert_int_equal(other.nr_entries[0] + other.nr_entries[1] +
                     other.nr_entries[2], 0);
    assert_int_equal(other.max_mapped_gfn, 0);
    assert_int_equal(heap_used(), used + 1);
    assert_true(other.large_1g && other.large_2m);

    /* Fill it with all sizes, then tear down: every table goes. */
    assert_int_equal(p2m_set_entry(&other, 0x12345, 0x777, 0,
                                   p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&other, 0x200, 0x400, 9,
                                   p2m_ram_ro), 0);
    assert_int_equal(p2m_set_entry(&other, 0xfffc0000, 0, 18,
                                   p2m_mmio_direct), 0);
    assert_true(other.nr_table_pages > 1);
    p2m_teardown(&other);
    assert_null(other.root);
    assert_int_equal(other.nr_table_pages, 0);
    assert_int_equal(other.nr_entries[0] + other.nr_entries[1] +
                     other.nr_entries[2], 0);
    assert_int_equal(heap_used(), used);

    /* Twice is harmless. */
    p2m_teardown(&other);
    assert_int_equal(heap_used(), used);
}

static void test_teardown_half_initialised(void **state)
{
    struct p2m_domain zero, failed, bad;
    unsigned long used = heap_used();

    /* Never initialised, but zero-filled as domain structures are. */
    memset(&zero, 0, sizeof(zero));
    p2m_teardown(&zero);
    assert_null(zero.root);

    /* p2m_init() that could not get its root. */
    memset(&failed, 0xa5, sizeof(failed));
    failed.format = test_format;
    failed.large_1g = failed.large_2m = false;
    alloc_budget = 0;
    assert_int_equal(p2m_init(&failed), -ENOMEM);
    alloc_budget = -1;
    assert_null(failed.root);
    assert_int_equal(failed.nr_table_pages, 0);
    p2m_teardown(&failed);
    assert_int_equal(heap_used(), used);

    /* A format p2m_init() does not know: nothing allocated. */
    memset(&bad, 0, sizeof(bad));
    bad.format = (enum p2m_format)2;
    assert_int_equal(p2m_init(&bad), -EINVAL);
    assert_null(bad.root);
    assert_int_equal(heap_used(), used);
    assert_int_equal(p2m_set_entry(&bad, 0, 1, 0, p2m_ram_rw), -EINVAL);
    p2m_teardown(&bad);

    /* Neither can be used, but neither may crash. */
    assert_int_equal(p2m_set_entry(&failed, 0, 1, 0, p2m_ram_rw), -EINVAL);
    assert_int_equal(p2m_get_entry(&failed, 0, NULL, NULL), INVALID_MFN);
    assert_int_equal(p2m_for_each_entry(&failed, NULL, NULL), 0);
}

static void test_eptp_format(void **state)
{
    paddr_t root = virt_to_maddr(p2m.root);

    /* SDM Vol. 3C, 24.6.11: WB (6) in 2:0, walk length 4 - 1 in 5:3,
     * A/D (bit 6) off, PML4 address from bit 12. */
    assert_int_equal(root & (PAGE_SIZE - 1), 0);
    assert_int_equal(p2m.eptp, root | (3 << 3) | 6);
    assert_int_equal(p2m.eptp & 0xfff, 0x1e);
    assert_false(p2m.eptp & (1UL << 6));
    assert_int_equal(p2m.root_maddr, root);
}

/* ----- mapping and looking up ----- */

static void test_set_get_4k(void **state)
{
    unsigned int level;

    assert_int_equal(p2m_set_entry(&p2m, 0x1000, 0x2000, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x1001, 0x2345, 0, p2m_ram_ro), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0xfee00, 0xfee00, 0,
                                   p2m_mmio_direct), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x1003, 0x99, 0, p2m_reserved), 0);

    expect_entry(0x1000, 0x2000, p2m_ram_rw, 0);
    expect_entry(0x1001, 0x2345, p2m_ram_ro, 0);
    expect_entry(0xfee00, 0xfee00, p2m_mmio_direct, 0);
    expect_entry(0x1003, 0x99, p2m_reserved, 0);
    expect_unmapped(0x1002);
    expect_unmapped(0xfff);
    expect_unmapped(0xfee01);

    /*
     * The bits the CPU sees: permissions and memory type (EPT: and
     * ignore-PAT), beside the frame and the type in ignored bits.
     */
    assert_int_equal(raw_entry(0x1000, &level),
                     (0x2000UL << 12) | raw_leaf_flags(p2m_ram_rw) |
                     ((u64)p2m_ram_rw << 52));
    assert_int_equal(level, 1);
    assert_int_equal(raw_entry(0x1001, &level),
                     (0x2345UL << 12) | raw_leaf_flags(p2m_ram_ro) |
                     ((u64)p2m_ram_ro << 52));
    assert_int_equal(raw_entry(0xfee00, &level),
                     (0xfee00UL << 12) | raw_leaf_flags(p2m_mmio_direct) |
                     ((u64)p2m_mmio_direct << 52));
    /* Reserved: not present to the CPU, but still recorded. */
    assert_int_equal(raw_entry(0x1003, &level),
                     (0x99UL << 12) | ((u64)p2m_reserved << 52));
    assert_false(raw_cpu_present(raw_entry(0x1003, &level)));

    assert_int_equal(p2m.nr_entries[0], 4);
    /* Root, PDPT, then a PD and a PT each for the low 1 GiB and the
     * fourth (which holds the MMIO frame). */
    assert_int_equal(p2m.nr_table_pages, 6);
}

static void test_set_get_2m(void **state)
{
    unsigned int level;
    u64 e;

    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x400, 0x1200, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x600, 0x3000, 9,
                                   p2m_mmio_direct), 0);

    expect_entry(0x400, 0x1200, p2m_ram_rw, 9);
    expect_entry(0x401, 0x1201, p2m_ram_rw, 9);
    expect_entry(0x5ff, 0x13ff, p2m_ram_rw, 9);
    expect_entry(0x6ab, 0x30ab, p2m_mmio_direct, 9);
    expect_unmapped(0x3ff);
    expect_unmapped(0x800);

    e = raw_entry(0x4a0, &level);
    assert_int_equal(level, 2);
    assert_true(e & R_BIG);
    assert_int_equal(e & R_ADDR, 0x1200UL << 12);
    assert_int_equal(p2m.nr_entries[1], 2);
    assert_int_equal(p2m.nr_entries[0], 0);
    assert_int_equal(p2m.nr_table_pages, 3);
}

static void test_set_get_1g(void **state)
{
    unsigned int level;
    u64 e;

    p2m.large_1g = p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 3 * GB_FRAMES, 5 * GB_FRAMES, 18,
                                   p2m_ram_ro), 0);
    /* The last 1 GiB of the 48-bit space. */
    assert_int_equal(p2m_set_entry(&p2m, (1UL << 36) - GB_FRAMES,
                                   GB_FRAMES, 18, p2m_ram_rw), 0);

    expect_entry(3 * GB_FRAMES, 5 * GB_FRAMES, p2m_ram_ro, 18);
    expect_entry(4 * GB_FRAMES - 1, 6 * GB_FRAMES - 1, p2m_ram_ro, 18);
    expect_entry((1UL << 36) - 1, 2 * GB_FRAMES - 1, p2m_ram_rw, 18);
    expect_unmapped(4 * GB_FRAMES);

    e = raw_entry(3 * GB_FRAMES + 12345, &level);
    assert_int_equal(level, 3);
    assert_true(e & R_BIG);
    assert_int_equal(p2m.nr_entries[2], 2);
    /* Root and two PDPTs: no PD or PT at all. */
    assert_int_equal(p2m.nr_table_pages, 3);
}

static void test_reserved_without_frame(void **state)
{
    p2m_type_t t;
    unsigned int order;

    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x800, INVALID_MFN, 9,
                                   p2m_reserved), 0);
    assert_int_equal(p2m_get_entry(&p2m, 0x9ff, &t, &order), INVALID_MFN);
    assert_int_equal(t, p2m_reserved);
    assert_int_equal(order, 9);

    /* Splitting keeps "no frame" for the other 511 pages. */
    assert_int_equal(p2m_set_entry(&p2m, 0x801, 0x5000, 0, p2m_ram_rw), 0);
    expect_entry(0x800, INVALID_MFN, p2m_reserved, 0);
    expect_entry(0x801, 0x5000, p2m_ram_rw, 0);
    expect_entry(0x9ff, INVALID_MFN, p2m_reserved, 0);
    assert_int_equal(p2m.nr_entries[0], 512);

    /* Other types need a real frame. */
    assert_int_equal(p2m_set_entry(&p2m, 0x1000, INVALID_MFN, 0,
                                   p2m_ram_rw), -EINVAL);
}

static void test_bad_arguments(void **state)
{
    static const struct {
        gfn_t gfn;
        mfn_t mfn;
        unsigned int order;
        p2m_type_t t;
    } bad[] = {
        { 0, 0, 1, p2m_ram_rw },                /* orders: 0, 9, 18 only */
        { 0, 0, 8, p2m_ram_rw },
        { 0, 0, 10, p2m_ram_rw },
        { 0, 0, 27, p2m_ram_rw },
        { 0, 0, 64, p2m_ram_rw },
        { 0x201, 0x200, 9, p2m_ram_rw },        /* gfn misaligned */
        { 0x200, 0x201, 9, p2m_ram_rw },        /* mfn misaligned */
        { 0x40000, 0x200, 18, p2m_ram_rw },
        { 0x40200, 0x40000, 18, p2m_mmio_direct },
        { 0x200, 0x201, 9, p2m_reserved },
        { 1UL << 36, 0, 0, p2m_ram_rw },        /* beyond 48-bit gpa */
        { 1UL << 40, 0, 18, p2m_ram_rw },
        { ~0UL << 18, 0, 18, p2m_ram_rw },
        { 0, 1UL << 40, 0, p2m_ram_rw },        /* beyond 52-bit maddr */
        { 0, INVALID_MFN, 0, p2m_mmio_direct },
        { 0, 0, 0, (p2m_type_t)7 },             /* no such type */
        { 0, 0, 0, (p2m_type_t)-1 },
        { 0x201, 0, 9, p2m_invalid },           /* removal checks too */
        { 1UL << 36, 0, 0, p2m_invalid },
    };
    unsigned int i;

    p2m.large_1g = p2m.large_2m = true;
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
        if ( p2m_set_entry(&p2m, bad[i].gfn, bad[i].mfn, bad[i].order,
                           bad[i].t) != -EINVAL )
            fail_msg("case %u accepted", i);

    assert_int_equal(p2m_remove_entry(&p2m, 0x100, 9), -EINVAL);
    assert_int_equal(p2m_remove_entry(&p2m, 0, 3), -EINVAL);

    /* Nothing was mapped, nothing allocated. */
    assert_int_equal(p2m.nr_table_pages, 1);
    assert_int_equal(p2m.max_mapped_gfn, 0);

    /* The largest legal values are fine. */
    assert_int_equal(p2m_set_entry(&p2m, (1UL << 36) - 1,
                                   (1UL << 40) - 1, 0, p2m_ram_rw), 0);
    expect_entry((1UL << 36) - 1, (1UL << 40) - 1, p2m_ram_rw, 0);
}

static void test_get_unmapped(void **state)
{
    p2m_type_t t = p2m_ram_rw;
    unsigned int order = 99;

    /* An empty map: holes are reported as 1 GiB, never more. */
    assert_int_equal(p2m_get_entry(&p2m, 0x12345, &t, &order), INVALID_MFN);
    assert_int_equal(t, p2m_invalid);
    assert_int_equal(order, 18);

    assert_int_equal(p2m_set_entry(&p2m, 0x12345, 1, 0, p2m_ram_rw), 0);
    /* Same PT: a 4K hole; same PD: 2M; same PDPT: 1G. */
    p2m_get_entry(&p2m, 0x12346, &t, &order);
    assert_int_equal(order, 0);
    p2m_get_entry(&p2m, 0x12545, &t, &order);
    assert_int_equal(order, 9);
    p2m_get_entry(&p2m, 0x52345, &t, &order);
    assert_int_equal(order, 18);

    /* Beyond the 48-bit range: unmapped, not a crash. */
    assert_int_equal(p2m_get_entry(&p2m, 1UL << 36, &t, &order),
                     INVALID_MFN);
    assert_int_equal(t, p2m_invalid);
    assert_int_equal(p2m_get_entry(&p2m, ~0UL, NULL, NULL), INVALID_MFN);
}

/* ----- splitting and merging ----- */

static void test_split_1g_by_4k(void **state)
{
    gfn_t base = GB_FRAMES, g = base + 0x12345;
    mfn_t mbase = 7 * GB_FRAMES;
    unsigned long gen, tables = p2m.nr_table_pages;

    p2m.large_1g = p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, base, mbase, 18, p2m_ram_ro), 0);
    tables = p2m.nr_table_pages;
    gen = p2m.generation;

    assert_int_equal(p2m_set_entry(&p2m, g, 0x42, 0, p2m_mmio_direct), 0);
    assert_int_equal(p2m.generation, gen + 1);
    /* A PD for the 1 GiB and a PT for the 2 MiB holding g. */
    assert_int_equal(p2m.nr_table_pages, tables + 2);

    expect_entry(g, 0x42, p2m_mmio_direct, 0);
    /* Neighbours in the same 2 MiB keep frame and type, as 4K leaves. */
    expect_entry(g - 1, mbase + 0x12344, p2m_ram_ro, 0);
    expect_entry(g + 1, mbase + 0x12346, p2m_ram_ro, 0);
    expect_entry(ROUNDDOWN(g, MB2_FRAMES), mbase + 0x12200, p2m_ram_ro, 0);
    /* The rest of the 1 GiB stays in 2 MiB leaves. */
    expect_entry(base, mbase, p2m_ram_ro, 9);
    expect_entry(base + GB_FRAMES - 1, mbase + GB_FRAMES - 1, p2m_ram_ro, 9);
    expect_entry(g + MB2_FRAMES, mbase + 0x12345 + MB2_FRAMES, p2m_ram_ro, 9);
    expect_unmapped(base - 1);
    expect_unmapped(base + GB_FRAMES);

    assert_int_equal(p2m.nr_entries[2], 0);
    assert_int_equal(p2m.nr_entries[1], 511);
    assert_int_equal(p2m.nr_entries[0], 512);
}

static void test_split_2m_by_remove(void **state)
{
    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x800, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m_remove_entry(&p2m, 0x210, 0), 0);

    expect_unmapped(0x210);
    expect_entry(0x20f, 0x80f, p2m_ram_rw, 0);
    expect_entry(0x211, 0x811, p2m_ram_rw, 0);
    expect_entry(0x3ff, 0x9ff, p2m_ram_rw, 0);
    assert_int_equal(p2m.nr_entries[0], 511);
    assert_int_equal(p2m.nr_entries[1], 0);

    /* Removing what is not there needs no split and no table. */
    assert_int_equal(p2m_remove_entry(&p2m, 0x12345, 0), 0);
    assert_int_equal(p2m_remove_entry(&p2m, 0x210, 0), 0);
    assert_int_equal(p2m.nr_table_pages, 4);
}

static void test_large_over_subtree_frees_tables(void **state)
{
    gfn_t base = 2 * GB_FRAMES;
    unsigned long i, tables, gen;

    /* 4K leaves scattered over the 1 GiB: PDPT, PD and 8 PTs. */
    for ( i = 0; i < 8; i++ )
        assert_int_equal(p2m_set_entry(&p2m, base + i * 64 * MB2_FRAMES + i,
                                       0x100 + i, 0, p2m_ram_rw), 0);
    tables = p2m.nr_table_pages;
    assert_int_equal(tables, 1 + 1 + 1 + 8);
    assert_int_equal(heap_used(), tables);

    /* A 2 MiB leaf over one of the PTs frees that PT. */
    p2m.large_2m = true;
    gen = p2m.generation;
    assert_int_equal(p2m_set_entry(&p2m, base + 64 * MB2_FRAMES, 0x200, 9,
                                   p2m_ram_ro), 0);
    assert_int_equal(p2m.nr_table_pages, tables - 1);
    assert_int_equal(heap_used(), tables - 1);
    assert_int_equal(p2m.generation, gen + 1);
    expect_entry(base + 64 * MB2_FRAMES + 1, 0x201, p2m_ram_ro, 9);

    /* A 1 GiB leaf frees the PD and every PT below it. */
    p2m.large_1g = true;
    assert_int_equal(p2m_set_entry(&p2m, base, GB_FRAMES, 18, p2m_ram_rw),
                     0);
    assert_int_equal(p2m.nr_table_pages, 2);
    assert_int_equal(heap_used(), 2);
    assert_int_equal(p2m.nr_entries[0], 0);
    assert_int_equal(p2m.nr_entries[1], 0);
    assert_int_equal(p2m.nr_entries[2], 1);
    expect_entry(base + 7 * 64 * MB2_FRAMES + 7,
                 GB_FRAMES + 7 * 64 * MB2_FRAMES + 7, p2m_ram_rw, 18);
}

static void test_remove_large(void **state)
{
    unsigned long tables;

    /* A 2 MiB removal over 4K leaves drops their PT, large leaves or not. */
    assert_int_equal(p2m_set_entry(&p2m, 0x400, 1, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x5ff, 2, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x600, 3, 0, p2m_ram_rw), 0);
    tables = p2m.nr_table_pages;
    assert_int_equal(p2m_remove_entry(&p2m, 0x400, 9), 0);
    assert_int_equal(p2m.nr_table_pages, tables - 1);
    expect_unmapped(0x400);
    expect_unmapped(0x5ff);
    expect_entry(0x600, 3, p2m_ram_rw, 0);

    /* A 1 GiB removal drops the PD as well. */
    assert_int_equal(p2m_remove_entry(&p2m, 0, 18), 0);
    assert_int_equal(p2m.nr_table_pages, 2);
    expect_unmapped(0x600);
    assert_int_equal(p2m.nr_entries[0], 0);
}

/* ----- generation ----- */

static void test_generation(void **state)
{
    unsigned long gen = p2m.generation;

    /* Adding where nothing was mapped needs no flush. */
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x20, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m.generation, gen);
    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x200, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m.generation, gen);

    /* Rewriting the same mapping changes nothing. */
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x20, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m.generation, gen);

    /* Removing what is not mapped changes nothing either. */
    assert_int_equal(p2m_remove_entry(&p2m, 0x11, 0), 0);
    assert_int_equal(p2m.generation, gen);

    /* Narrowing (rw -> ro) does. */
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x20, 0, p2m_ram_ro), 0);
    assert_int_equal(p2m.generation, ++gen);

    /* Moving to another frame does. */
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x21, 0, p2m_ram_ro), 0);
    assert_int_equal(p2m.generation, ++gen);

    /* Removing does. */
    assert_int_equal(p2m_remove_entry(&p2m, 0x10, 0), 0);
    assert_int_equal(p2m.generation, ++gen);

    /* So does making a mapping reserved, and removing a reserved one. */
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x200, 9, p2m_reserved), 0);
    assert_int_equal(p2m.generation, ++gen);
    assert_int_equal(p2m_remove_entry(&p2m, 0x200, 9), 0);
    assert_int_equal(p2m.generation, ++gen);

    /*
     * Mapping over an emptied page table frees that table, which the
     * CPU may still reach through its paging-structure caches: that
     * needs a flush although no translation existed.
     */
    assert_int_equal(p2m_set_entry(&p2m, 0x400, 0x1, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_remove_entry(&p2m, 0x400, 0), 0);
    gen = p2m.generation;
    assert_int_equal(p2m_set_entry(&p2m, 0x400, 0x400, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m.generation, ++gen);

    /* A failed operation does not. */
    assert_int_equal(p2m_set_entry(&p2m, 0x11, 0x22, 3, p2m_ram_ro),
                     -EINVAL);
    assert_int_equal(p2m.generation, gen);
}

/* ----- leaf sizes the CPU lacks ----- */

static void test_no_large_2m(void **state)
{
    unsigned int i, level;

    p2m.large_2m = false;
    assert_int_equal(p2m_set_entry(&p2m, 0x600, 0xa00, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m.nr_entries[0], 512);
    assert_int_equal(p2m.nr_entries[1], 0);

    for ( i = 0; i < 512; i++ )
    {
        expect_entry(0x600 + i, 0xa00 + i, p2m_ram_rw, 0);
        assert_false(raw_entry(0x600 + i, &level) & R_BIG);
        assert_int_equal(level, 1);
    }
    expect_unmapped(0x5ff);
    expect_unmapped(0x800);
}

static void test_no_large_1g(void **state)
{
    gfn_t base = GB_FRAMES;
    unsigned long i;

    /* Only 2 MiB: 512 of those. */
    p2m.large_1g = false;
    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, base, 0, 18, p2m_ram_rw), 0);
    assert_int_equal(p2m.nr_entries[2], 0);
    assert_int_equal(p2m.nr_entries[1], 512);
    assert_int_equal(p2m.nr_table_pages, 3);
    for ( i = 0; i < GB_FRAMES; i += MB2_FRAMES + 1 )
        expect_entry(base + i, i, p2m_ram_rw, 9);

    /* Neither: 512 x 512 4K leaves, in 512 PTs. */
    p2m.large_2m = false;
    assert_int_equal(p2m_set_entry(&p2m, 2 * base, GB_FRAMES, 18,
                                   p2m_ram_ro), 0);
    assert_int_equal(p2m.nr_entries[0], GB_FRAMES);
    assert_int_equal(p2m.nr_table_pages, 3 + 1 + 512);
    for ( i = 0; i < GB_FRAMES; i += 4099 )
        expect_entry(2 * base + i, GB_FRAMES + i, p2m_ram_ro, 0);
    expect_entry(3 * base - 1, 2 * GB_FRAMES - 1, p2m_ram_ro, 0);
    expect_unmapped(3 * base);
}

/* ----- for_each ----- */

struct leaf {
    gfn_t gfn;
    mfn_t mfn;
    unsigned int order;
    p2m_type_t t;
};

struct collect {
    struct leaf leaves[16];
    unsigned int nr;
    unsigned int stop_after;    /* 0: never stop */
};

static int collect_fn(void *ctx, gfn_t gfn, mfn_t mfn, unsigned int order,
                      p2m_type_t t)
{
    struct collect *c = ctx;

    if ( c->nr == ARRAY_SIZE(c->leaves) )
        return -E2BIG;
    c->leaves[c->nr++] = (struct leaf){ gfn, mfn, order, t };

    return c->nr == c->stop_after ? 1000 + (int)c->nr : 0;
}

static void map_assorted(void)
{
    p2m.large_1g = p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x80000, 0x40000, 18,
                                   p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x7ffff, 0x5, 0, p2m_ram_ro), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x5, 0x6, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0xfffffe00, 0xfee00, 9,
                                   p2m_mmio_direct), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x400, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x4, INVALID_MFN, 0,
                                   p2m_reserved), 0);
}

static void test_for_each_order(void **state)
{
    static const struct leaf want[] = {
        { 0x4, INVALID_MFN, 0, p2m_reserved },
        { 0x5, 0x6, 0, p2m_ram_rw },
        { 0x200, 0x400, 9, p2m_ram_rw },
        { 0x7ffff, 0x5, 0, p2m_ram_ro },
        { 0x80000, 0x40000, 18, p2m_ram_rw },
        { 0xfffffe00, 0xfee00, 9, p2m_mmio_direct },
    };
    struct collect c = { .nr = 0 };
    unsigned int i;

    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 0);
    assert_int_equal(c.nr, 0);

    map_assorted();
    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 0);
    assert_int_equal(c.nr, ARRAY_SIZE(want));
    for ( i = 0; i < c.nr; i++ )
        if ( memcmp(&c.leaves[i], &want[i], sizeof(want[i])) )
            fail_msg("leaf %u: gfn %#lx mfn %#lx order %u type %u", i,
                     c.leaves[i].gfn, c.leaves[i].mfn, c.leaves[i].order,
                     c.leaves[i].t);
}

static void test_for_each_stop_early(void **state)
{
    struct collect c = { .nr = 0, .stop_after = 3 };

    map_assorted();
    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 1003);
    assert_int_equal(c.nr, 3);
    assert_int_equal(c.leaves[2].gfn, 0x200);

    c.nr = 0;
    c.stop_after = 1;
    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 1001);
    assert_int_equal(c.nr, 1);
}

/* Domain destruction's use: give every RAM frame back. */
static int free_ram_fn(void *ctx, gfn_t gfn, mfn_t mfn, unsigned int order,
                       p2m_type_t t)
{
    if ( t == p2m_ram_rw || t == p2m_ram_ro )
        free_domheap_pages(mfn_to_page(mfn), order);
    return 0;
}

static void test_for_each_frees_ram(void **state)
{
    struct page_info *a = alloc_domheap_pages(NULL, 0, 0);
    struct page_info *b = alloc_domheap_pages(NULL, 9, 0);
    unsigned long tables;

    assert_non_null(a);
    assert_non_null(b);
    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x10, page_to_mfn(a), 0,
                                   p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x400, page_to_mfn(b), 9,
                                   p2m_ram_ro), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x11, 0xfee00, 0,
                                   p2m_mmio_direct), 0);
    tables = p2m.nr_table_pages;
    assert_int_equal(heap_used(), tables + 1 + 512);

    assert_int_equal(p2m_for_each_entry(&p2m, free_ram_fn, NULL), 0);
    assert_int_equal(heap_used(), tables);

    assert_int_equal(p2m_remove_entry(&p2m, 0x10, 0), 0);
    assert_int_equal(p2m_remove_entry(&p2m, 0x400, 9), 0);
}

/* ----- running out of memory ----- */

static void test_enomem_new_path(void **state)
{
    unsigned long used = heap_used(), gen = p2m.generation;
    long budget;

    /* A 4K mapping in an empty map needs PDPT, PD and PT. */
    for ( budget = 0; budget < 3; budget++ )
    {
        alloc_budget = budget;
        assert_int_equal(p2m_set_entry(&p2m, 0x12345, 0x1, 0, p2m_ram_rw),
                         -ENOMEM);
        assert_int_equal(p2m.nr_table_pages, 1);
        assert_int_equal(heap_used(), used);
        assert_int_equal(p2m.max_mapped_gfn, 0);
        expect_unmapped(0x12345);
        check_tables();
    }

    alloc_budget = 3;
    assert_int_equal(p2m_set_entry(&p2m, 0x12345, 0x1, 0, p2m_ram_rw), 0);
    assert_int_equal(alloc_budget, 0);
    expect_entry(0x12345, 0x1, p2m_ram_rw, 0);
    assert_int_equal(p2m.generation, gen);
}

static void test_enomem_split(void **state)
{
    gfn_t base = GB_FRAMES;
    unsigned long tables, gen;

    p2m.large_1g = p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, base, 0, 18, p2m_ram_ro), 0);
    tables = p2m.nr_table_pages;
    gen = p2m.generation;

    /* Splitting the 1 GiB leaf needs a PD and a PT: one is not enough. */
    alloc_budget = 1;
    assert_int_equal(p2m_set_entry(&p2m, base + 0x777, 0x1, 0,
                                   p2m_mmio_direct), -ENOMEM);
    assert_int_equal(p2m.nr_table_pages, tables);
    assert_int_equal(heap_used(), tables);
    assert_int_equal(p2m.generation, gen);
    expect_entry(base + 0x777, 0x777, p2m_ram_ro, 18);
    assert_int_equal(p2m.nr_entries[2], 1);

    /* Removal has to split too. */
    alloc_budget = 0;
    assert_int_equal(p2m_remove_entry(&p2m, base + 0x200, 9), -ENOMEM);
    expect_entry(base + 0x200, 0x200, p2m_ram_ro, 18);
    check_tables();

    alloc_budget = -1;
    assert_int_equal(p2m_remove_entry(&p2m, base + 0x200, 9), 0);
    expect_unmapped(base + 0x200);
    expect_entry(base + 0x400, 0x400, p2m_ram_ro, 9);
}

static void test_enomem_many_leaves(void **state)
{
    gfn_t base = GB_FRAMES;
    unsigned long tables, gen, used, i;
    struct collect c = { .nr = 0 };

    /* One 4K mapping inside the range that will be tried. */
    assert_int_equal(p2m_set_entry(&p2m, base + 5, 0x99, 0, p2m_ram_rw), 0);
    tables = p2m.nr_table_pages;
    used = heap_used();
    gen = p2m.generation;

    /* 1 GiB of 4K leaves needs 511 more PTs: fail at the hundredth. */
    p2m.large_1g = p2m.large_2m = false;
    alloc_budget = 100;
    assert_int_equal(p2m_set_entry(&p2m, base, 0x40000, 18, p2m_ram_ro),
                     -ENOMEM);
    assert_int_equal(p2m.nr_table_pages, tables);
    assert_int_equal(heap_used(), used);
    assert_int_equal(p2m.generation, gen);
    assert_int_equal(p2m.nr_entries[0], 1);
    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 0);
    assert_int_equal(c.nr, 1);
    expect_entry(base + 5, 0x99, p2m_ram_rw, 0);
    expect_unmapped(base + 4);
    expect_unmapped(base + GB_FRAMES - 1);
    check_tables();

    /* With exactly enough it goes through, and replaces the old leaf. */
    alloc_budget = 511;
    assert_int_equal(p2m_set_entry(&p2m, base, 0x40000, 18, p2m_ram_ro), 0);
    assert_int_equal(alloc_budget, 0);
    assert_int_equal(p2m.generation, gen + 1);
    assert_int_equal(p2m.nr_entries[0], GB_FRAMES);
    for ( i = 0; i < GB_FRAMES; i += 999 )
        expect_entry(base + i, 0x40000 + i, p2m_ram_ro, 0);
}

/* ----- bookkeeping ----- */

static void test_max_mapped_gfn(void **state)
{
    p2m.large_2m = true;
    assert_int_equal(p2m.max_mapped_gfn, 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x1000, 1, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m.max_mapped_gfn, 0x1000);
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x200, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m.max_mapped_gfn, 0x1000);
    assert_int_equal(p2m_set_entry(&p2m, 0x2000, 0x200, 9, p2m_reserved), 0);
    assert_int_equal(p2m.max_mapped_gfn, 0x21ff);
    /* A high-water mark: removal leaves it alone. */
    assert_int_equal(p2m_remove_entry(&p2m, 0x2000, 9), 0);
    assert_int_equal(p2m.max_mapped_gfn, 0x21ff);
    assert_int_equal(p2m_remove_entry(&p2m, 0x80000, 18), 0);
    assert_int_equal(p2m.max_mapped_gfn, 0x21ff);
}

static void test_dump(void **state)
{
    char line[128];

    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 1, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x11, 2, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x200, 9, p2m_ram_rw), 0);

    unit_log_reset();
    p2m_dump(&p2m);
    assert_log_contains("p2m: leaves: 2 4K, 1 2M, 0 1G");
    /* What the VMCS or VMCB takes. */
    if ( is_npt() )
        snprintf(line, sizeof(line), "p2m: ncr3 %#lx, 4 table pages",
                 (unsigned long)p2m.root_maddr);
    else
        snprintf(line, sizeof(line), "p2m: eptp %#lx, 4 table pages",
                 (unsigned long)p2m.eptp);
    assert_log_contains(line);
}

/* ----- randomised, against a flat reference ----- */

#define RND_FRAMES  (4 * GB_FRAMES)     /* window: four 1 GiB slots */
#define RND_OPS     3000

static u64 rng_state = 0x9e3779b97f4a7c15UL;

static u64 rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static mfn_t *ref_mfn;
static unsigned char *ref_type;

struct compare {
    gfn_t next;                 /* leaves must come in ascending order */
    unsigned long covered;
    char msg[160];
};

static int compare_fn(void *ctx, gfn_t gfn, mfn_t mfn, unsigned int order,
                      p2m_type_t t)
{
    struct compare *c = ctx;
    unsigned long i;

    if ( gfn < c->next || gfn + (1UL << order) > RND_FRAMES )
    {
        snprintf(c->msg, sizeof(c->msg), "leaf %#lx order %u out of place",
                 gfn, order);
        return 1;
    }

    for ( i = 0; i < (1UL << order); i++ )
        if ( ref_type[gfn + i] != t ||
             ref_mfn[gfn + i] != (mfn == INVALID_MFN ? mfn : mfn + i) )
        {
            snprintf(c->msg, sizeof(c->msg),
                     "gfn %#lx: type %u mfn %#lx, reference %u %#lx",
                     gfn + i, t, mfn == INVALID_MFN ? mfn : mfn + i,
                     ref_type[gfn + i], ref_mfn[gfn + i]);
            return 1;
        }

    c->next = gfn + (1UL << order);
    c->covered += 1UL << order;
    return 0;
}

static void compare_all(void)
{
    struct compare c = { .next = 0, .covered = 0 };
    unsigned long g, present = 0;

    if ( p2m_for_each_entry(&p2m, compare_fn, &c) )
        fail_msg("%s", c.msg);
    for ( g = 0; g < RND_FRAMES; g++ )
        present += ref_type[g] != p2m_invalid;
    assert_int_equal(c.covered, present);
    check_tables();
}

static void compare_one(gfn_t g)
{
    p2m_type_t t;
    unsigned int order;
    mfn_t m = p2m_get_entry(&p2m, g, &t, &order);

    if ( m != ref_mfn[g] || t != ref_type[g] )
        fail_msg("gfn %#lx: type %u mfn %#lx, reference %u %#lx", g, t, m,
                 ref_type[g], ref_mfn[g]);
    assert_true(order == 0 || order == 9 || order == 18);
}

static void test_randomised(void **state)
{
    static const unsigned int orders[] = { 0, 0, 0, 0, 0, 0, 9, 9, 9, 18 };
    unsigned long op, i, nr_enomem = 0, nr_done = 0;

    ref_mfn = malloc(RND_FRAMES * sizeof(*ref_mfn));
    ref_type = calloc(RND_FRAMES, 1);
    assert_non_null(ref_mfn);
    assert_non_null(ref_type);
    for ( i = 0; i < RND_FRAMES; i++ )
        ref_mfn[i] = INVALID_MFN;

    for ( op = 0; op < RND_OPS; op++ )
    {
        unsigned int order = orders[rnd() % ARRAY_SIZE(orders)];
        unsigned long nr = 1UL << order;
        /* Mostly the low 8 MiB, so that operations overlap a lot. */
        gfn_t span = rnd() % 4 ? 2048 : RND_FRAMES;
        gfn_t gfn = ROUNDDOWN(rnd() % max(span, nr), nr);
        p2m_type_t t = rnd() % 5;
        mfn_t mfn = ROUNDDOWN(rnd() % (1UL << 30), nr);
        unsigned long gen = p2m.generation, used = heap_used();
        unsigned long tables = p2m.nr_table_pages, allocs = nr_allocs;
        bool was_present = false, changed = false;
        int rc;

        if ( t == p2m_reserved && rnd() % 4 == 0 )
            mfn = INVALID_MFN;
        if ( rnd() % 16 == 0 )
            p2m.large_2m = rnd() & 1;
        if ( rnd() % 16 == 0 )
            p2m.large_1g = rnd() & 1;
        alloc_budget = rnd() % 8 == 0 ? (long)(rnd() % 4) : -1;

        rc = p2m_set_entry(&p2m, gfn, mfn, order, t);
        alloc_budget = -1;

        for ( i = 0; i < nr; i++ )
        {
            mfn_t want = t == p2m_invalid || mfn == INVALID_MFN ?
                         INVALID_MFN : mfn + i;

            if ( ref_type[gfn + i] == p2m_invalid )
                continue;
            was_present = true;
            if ( ref_type[gfn + i] != t || ref_mfn[gfn + i] != want )
                changed = true;
        }

        if ( rc == -ENOMEM )
        {
            nr_enomem++;
            assert_int_equal(p2m.generation, gen);
            assert_int_equal(heap_used(), used);
        }
        else
        {
            assert_int_equal(rc, 0);
            nr_done++;
            for ( i = 0; i < nr; i++ )
            {
                ref_type[gfn + i] = t;
                ref_mfn[gfn + i] = t == p2m_invalid || mfn == INVALID_MFN ?
                                   INVALID_MFN : mfn + i;
            }
            /*
             * A changed translation must bump; a pure addition must not,
             * unless it freed tables (which the CPU may have cached).
             */
            if ( changed )
                assert_true(p2m.generation > gen);
            if ( !was_present &&
                 p2m.nr_table_pages == tables + (nr_allocs - allocs) )
                assert_int_equal(p2m.generation, gen);
            if ( t != p2m_invalid )
                assert_true(p2m.max_mapped_gfn >= gfn + nr - 1);
        }

        compare_one(gfn);
        compare_one(gfn + nr - 1);
        if ( gfn )
            compare_one(gfn - 1);
        if ( gfn + nr < RND_FRAMES )
            compare_one(gfn + nr);
        for ( i = 0; i < 8; i++ )
            compare_one(rnd() % 4096);
        compare_one(rnd() % RND_FRAMES);

        if ( op % 100 == 99 )
            compare_all();
    }

    compare_all();
    /* The run must have exercised both outcomes. */
    assert_true(nr_enomem > 10);
    assert_true(nr_done > RND_OPS / 2);

    free(ref_mfn);
    free(ref_type);
}

/* ----- NPT entries, raw (APM Vol. 2, 5.4 and 15.25) ----- */

/* A frame's worth of NPT leaf, with its type, as this p2m writes it. */
static u64 npt_leaf(mfn_t mfn, u64 flags, p2m_type_t t)
{
    return (mfn << 12) | flags | ((u64)t << 52);
}

static void test_npt_root(void **state)
{
    paddr_t root = virt_to_maddr(p2m.root);

    /* nCR3 takes the root's address as it is: PWT, PCD (WB walks) 0. */
    assert_int_equal(p2m.root_maddr, root);
    assert_int_equal(root & (PAGE_SIZE - 1), 0);
    /* No EPTP for the VMCB. */
    assert_int_equal(p2m.eptp, 0);
}

static void test_npt_table_entries(void **state)
{
    /* PML4 slot 256, PDPT slot 3, PD slot 5, PT slot 7. */
    gfn_t g = (1UL << 35) + 3 * GB_FRAMES + 5 * MB2_FRAMES + 7;
    unsigned int l, level;
    u64 e;

    assert_int_equal(p2m_set_entry(&p2m, g, 0x1234, 0, p2m_ram_ro), 0);

    /*
     * Non-leaf entries: P, RW and US (nested accesses are user
     * accesses, 15.25.5), and no NX, PS, PWT or PCD: only the leaf
     * restricts.
     */
    for ( l = 4; l > 1; l-- )
    {
        level = l;
        e = raw_entry_at(g, &level);
        assert_int_equal(level, l);
        assert_int_equal(e & ~R_ADDR, N_P | N_RW | N_US);
        assert_int_not_equal(e & R_ADDR, 0);
    }

    level = 1;
    e = raw_entry_at(g, &level);
    assert_int_equal(level, 1);
    assert_int_equal(e, npt_leaf(0x1234, N_P | N_US, p2m_ram_ro));
}

static void test_npt_leaf_types(void **state)
{
    static const struct {
        p2m_type_t t;
        bool writable, uncached;
    } cases[] = {
        { p2m_ram_rw, true, false },
        { p2m_ram_ro, false, false },
        { p2m_grant_map_rw, true, false },
        { p2m_grant_map_ro, false, false },
        { p2m_mmio_direct, true, true },
    };
    unsigned int i, level;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        gfn_t gfn = 0x100 + i;
        mfn_t mfn = 0x500 + i;
        u64 e;

        assert_int_equal(p2m_set_entry(&p2m, gfn, mfn, 0, cases[i].t), 0);
        expect_entry(gfn, mfn, cases[i].t, 0);

        e = raw_entry(gfn, &level);
        assert_int_equal(level, 1);
        assert_true(e & N_P);
        assert_true(e & N_US);
        assert_int_equal(!!(e & N_RW), cases[i].writable);
        /* PAT entry 3 (UC) for MMIO, entry 0 (WB) for the rest. */
        assert_int_equal(e & (N_PCD | N_PWT),
                         cases[i].uncached ? N_PCD | N_PWT : 0);
        assert_false(e & N_PAT_4K);
        assert_false(e & N_NX);
        /* Above the address: the type, in bits the CPU ignores. */
        assert_int_equal(e & ~(R_ADDR | R_FLAGS) & ~N_SOFT, 0);
        assert_int_equal(R_TYPE(e), cases[i].t);
        assert_int_equal(e & R_ADDR, mfn << 12);
    }
}

static void test_npt_superpages(void **state)
{
    gfn_t g1 = 2 * GB_FRAMES;
    unsigned int level;
    u64 e;

    p2m.large_1g = p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x1200, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x400, 0x1400, 9, p2m_ram_ro), 0);
    assert_int_equal(p2m_set_entry(&p2m, g1, GB_FRAMES, 18,
                                   p2m_mmio_direct), 0);

    /* PS in the PDE and PDPTE; the PAT bit (12) clear. */
    e = raw_entry(0x2a5, &level);
    assert_int_equal(level, 2);
    assert_int_equal(e, npt_leaf(0x1200, N_P | N_RW | N_US | R_BIG,
                                 p2m_ram_rw));
    e = raw_entry(0x5ff, &level);
    assert_int_equal(level, 2);
    assert_int_equal(e, npt_leaf(0x1400, N_P | N_US | R_BIG, p2m_ram_ro));
    assert_false(e & (N_RW | N_PAT_BIG | N_NX));
    e = raw_entry(g1 + 77, &level);
    assert_int_equal(level, 3);
    assert_int_equal(e, npt_leaf(GB_FRAMES, N_P | N_RW | N_US | N_PCD |
                                            N_PWT | R_BIG,
                                 p2m_mmio_direct));

    /* A split leaves 4K leaves without bit 7, which is PAT in a PTE. */
    assert_int_equal(p2m_set_entry(&p2m, g1 + 5, 0x42, 0, p2m_ram_rw), 0);
    e = raw_entry(g1 + 6, &level);
    assert_int_equal(level, 1);
    assert_int_equal(e, npt_leaf(GB_FRAMES + 6, N_P | N_RW | N_US | N_PCD |
                                                N_PWT, p2m_mmio_direct));
    e = raw_entry(g1 + MB2_FRAMES, &level);
    assert_int_equal(level, 2);
    assert_true(e & R_BIG);
    assert_false(e & N_PAT_BIG);
}

static void test_npt_reserved_not_present(void **state)
{
    struct collect c = { .nr = 0 };
    unsigned int level;
    u64 e;

    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x77, 0, p2m_reserved), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x400, INVALID_MFN, 9,
                                   p2m_reserved), 0);

    /* P clear, so the CPU faults; the p2m still reads the type back. */
    e = raw_entry(0x10, &level);
    assert_int_equal(level, 1);
    assert_int_equal(e, npt_leaf(0x77, 0, p2m_reserved));
    expect_entry(0x10, 0x77, p2m_reserved, 0);

    /* Without a frame: a mark in bits 58:52 and no address. */
    e = raw_entry(0x5ff, &level);
    assert_int_equal(level, 2);
    assert_false(e & N_P);
    assert_int_equal(e & R_ADDR, 0);
    assert_int_equal(R_TYPE(e), p2m_reserved);
    assert_int_equal(e & ~(R_FLAGS | N_SOFT), 0);
    expect_entry(0x5ff, INVALID_MFN, p2m_reserved, 9);

    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 0);
    assert_int_equal(c.nr, 2);
    assert_int_equal(c.leaves[1].t, p2m_reserved);
    assert_int_equal(c.leaves[1].mfn, INVALID_MFN);
    assert_int_equal(p2m.nr_entries[0] + p2m.nr_entries[1], 2);
}

static void test_npt_cpu_accessed_dirty(void **state)
{
    struct collect c = { .nr = 0 };
    unsigned long gen;
    unsigned int l, level;

    p2m.large_2m = true;
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x20, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x400, 9, p2m_ram_rw), 0);
    gen = p2m.generation;

    /* What the CPU's walks leave behind: A on the way, A and D at the end. */
    for ( l = 4; l > 1; l-- )
        raw_set_bits(0x10, l, N_A);
    raw_set_bits(0x10, 1, N_A | N_D);
    raw_set_bits(0x200, 2, N_A | N_D);
    expect_entry(0x10, 0x20, p2m_ram_rw, 0);
    expect_entry(0x3ff, 0x5ff, p2m_ram_rw, 9);

    /* The same mappings again are no change: nothing to flush. */
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x20, 0, p2m_ram_rw), 0);
    assert_int_equal(p2m_set_entry(&p2m, 0x200, 0x400, 9, p2m_ram_rw), 0);
    assert_int_equal(p2m.generation, gen);

    /* A real change is, and leaves a fresh entry. */
    assert_int_equal(p2m_set_entry(&p2m, 0x10, 0x20, 0, p2m_ram_ro), 0);
    assert_int_equal(p2m.generation, ++gen);
    assert_int_equal(raw_entry(0x10, &level),
                     npt_leaf(0x20, N_P | N_US, p2m_ram_ro));

    assert_int_equal(p2m_for_each_entry(&p2m, collect_fn, &c), 0);
    assert_int_equal(c.nr, 2);
    assert_int_equal(p2m_remove_entry(&p2m, 0x200, 9), 0);
    assert_int_equal(p2m.generation, ++gen);
    expect_unmapped(0x200);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/* Behaviour that is the same whatever the format. */
#define FORMAT_NEUTRAL_TESTS                    \
    T(test_init_teardown),                      \
    T(test_teardown_half_initialised),          \
    T(test_set_get_4k),                         \
    T(test_set_get_2m),                         \
    T(test_set_get_1g),                         \
    T(test_reserved_without_frame),             \
    T(test_bad_arguments),                      \
    T(test_get_unmapped),                       \
    T(test_split_1g_by_4k),                     \
    T(test_split_2m_by_remove),                 \
    T(test_large_over_subtree_frees_tables),    \
    T(test_remove_large),                       \
    T(test_generation),                         \
    T(test_no_large_2m),                        \
    T(test_no_large_1g),                        \
    T(test_for_each_order),                     \
    T(test_for_each_stop_early),                \
    T(test_for_each_frees_ram),                 \
    T(test_enomem_new_path),                    \
    T(test_enomem_split),                       \
    T(test_enomem_many_leaves),                 \
    T(test_max_mapped_gfn),                     \
    T(test_dump),                               \
    T(test_randomised)

static int use_ept(void **state)
{
    test_format = P2M_FORMAT_EPT;
    return 0;
}

static int use_npt(void **state)
{
    test_format = P2M_FORMAT_NPT;
    return 0;
}

int main(void)
{
    const struct CMUnitTest ept_tests[] = {
        FORMAT_NEUTRAL_TESTS,
        T(test_eptp_format),
    };
    const struct CMUnitTest npt_tests[] = {
        FORMAT_NEUTRAL_TESTS,
        T(test_npt_root),
        T(test_npt_table_entries),
        T(test_npt_leaf_types),
        T(test_npt_superpages),
        T(test_npt_reserved_not_present),
        T(test_npt_cpu_accessed_dirty),
    };
    int failed;

    unit_arena_init(ARENA_PAGES * PAGE_SIZE);
    failed = cmocka_run_group_tests_name("p2m-ept", ept_tests, use_ept,
                                         NULL);
    failed += cmocka_run_group_tests_name("p2m-npt", npt_tests, use_npt,
                                          NULL);
    return failed;
}
