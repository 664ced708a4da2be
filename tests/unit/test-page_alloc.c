/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot allocator and buddy heap (xen/common/page_alloc.c).  The module
 * is included rather than linked, so that each test can start from an
 * empty allocator and the checks can walk the free lists.
 */
#include "unit.h"

#include "../../xen/common/page_alloc.c"

#define ARENA_PAGES 16384UL                 /* 64 MiB of "machine" memory */

static void heap_reset(unsigned long pages)
{
    free(frame_table);
    frame_table = calloc(pages, sizeof(*frame_table));
    assert_non_null(frame_table);
    max_page = pages;

    memset(free_list, 0, sizeof(free_list));
    memset(free_chunks, 0, sizeof(free_chunks));
    total_pages = avail_pages = 0;

    memset(boot_ranges, 0, sizeof(boot_ranges));
    nr_boot_ranges = 0;
    boot_allocator_done = false;

    unit_log_reset();
}

static int setup(void **state)
{
    heap_reset(ARENA_PAGES);
    return 0;
}

static unsigned long boot_free_frames(void)
{
    unsigned long n = 0;
    unsigned int i;

    for ( i = 0; i < nr_boot_ranges; i++ )
        n += boot_ranges[i].e - boot_ranges[i].s;

    return n;
}

/*
 * Walks every free list and checks the heap's invariants: chunks aligned,
 * in their zone, inside the frame table, not overlapping, fully marked,
 * not mergeable with their buddy, and counted correctly.
 */
static void check_heap(void)
{
    unsigned char *seen = calloc(max_page, 1);
    unsigned long nfree = 0, chunks[MAX_ORDER + 1] = { 0 }, mfn, i;
    unsigned int zone, order;

    assert_non_null(seen);

    for ( zone = 0; zone < NR_ZONES; zone++ )
        for ( order = 0; order <= MAX_ORDER; order++ )
        {
            const struct page_info *pg, *prev = NULL;

            for ( pg = free_list[zone][order]; pg; prev = pg, pg = pg->next )
            {
                mfn = page_to_mfn(pg);
                assert_ptr_equal(pg->prev, prev);
                assert_int_equal(pg->order, order);
                assert_int_equal(zone_of(mfn), zone);
                assert_true(IS_ALIGNED(mfn, 1UL << order));
                assert_true(mfn + (1UL << order) <= max_page);

                for ( i = 0; i < (1UL << order); i++ )
                {
                    assert_false(seen[mfn + i]);
                    seen[mfn + i] = 1;
                    assert_true(pg[i].count_info & PGC_free);
                    assert_false(pg[i].count_info & PGC_allocated);
                    if ( i )
                        assert_int_equal(pg[i].order, ORDER_TAIL);
                }

                /* Coalescing must leave no free buddy of equal order. */
                if ( order < MAX_ORDER )
                {
                    unsigned long b = mfn ^ (1UL << order);

                    if ( b < max_page && zone_of(b) == zone )
                        assert_false((frame_table[b].count_info & PGC_free) &&
                                     frame_table[b].order == order);
                }

                nfree += 1UL << order;
                chunks[order]++;
            }
        }

    for ( mfn = 0; mfn < max_page; mfn++ )
        if ( frame_table[mfn].count_info & PGC_free )
            assert_true(seen[mfn]);

    assert_int_equal(nfree, avail_heap_pages());
    assert_memory_equal(chunks, free_chunks, sizeof(chunks));
    free(seen);
}

/* ----- boot allocator ----- */

static void test_boot_rounding(void **state)
{
    init_boot_pages(0x1800, 0x5800);        /* frames 2, 3, 4 */
    init_boot_pages(0x9001, 0x9fff);        /* no whole page */
    init_boot_pages(0x20000, 0x10000);      /* backwards */

    assert_int_equal(nr_boot_ranges, 1);
    assert_int_equal(boot_ranges[0].s, 2);
    assert_int_equal(boot_ranges[0].e, 5);
    assert_int_equal(alloc_boot_pages(3, 1), 2);
    assert_int_equal(alloc_boot_pages(1, 1), INVALID_MFN);
    assert_int_equal(alloc_boot_pages(0, 1), INVALID_MFN);
}

static void test_boot_highest_first(void **state)
{
    init_boot_pages(0x10UL << PAGE_SHIFT, 0x20UL << PAGE_SHIFT);
    init_boot_pages(0x100UL << PAGE_SHIFT, 0x200UL << PAGE_SHIFT);

    assert_int_equal(alloc_boot_pages(1, 1), 0x1ff);
    /* Highest 16-aligned block below 0x1ff; the gap above stays free. */
    assert_int_equal(alloc_boot_pages(0x10, 0x10), 0x1e0);
    assert_int_equal(boot_free_frames(), 0x10 + 0x100 - 0x11);
    assert_int_equal(alloc_boot_pages(0xf, 1), 0x1f0);
    /* 0xe0 frames are left at the top: too few for 0xf0. */
    assert_int_equal(alloc_boot_pages(0xf0, 1), INVALID_MFN);
    assert_int_equal(alloc_boot_pages(0xe0, 1), 0x100);
    assert_int_equal(alloc_boot_pages(0x10, 1), 0x10);
    assert_int_equal(nr_boot_ranges, 0);
}

static void test_boot_alignment(void **state)
{
    mfn_t m;

    init_boot_pages(0x101UL << PAGE_SHIFT, 0x1ffUL << PAGE_SHIFT);

    m = alloc_boot_pages(2, 0x40);
    assert_int_equal(m, 0x1c0);
    m = alloc_boot_pages(0x40, 0x40);
    assert_int_equal(m, 0x180);
    assert_int_equal(alloc_boot_pages(0x40, 0x40), 0x140);
    /* Left: 0x101-0x13f and 0x1c2-0x1fe, neither holds 64 frames. */
    assert_int_equal(alloc_boot_pages(0x40, 0x40), INVALID_MFN);
    assert_int_equal(alloc_boot_pages(0x3d, 1), 0x1c2);
    assert_int_equal(nr_boot_ranges, 1);
    assert_int_equal(boot_free_frames(), 0x3f);
}

static void test_boot_below(void **state)
{
    init_boot_pages(0x10UL << PAGE_SHIFT, 0x20UL << PAGE_SHIFT);
    init_boot_pages(0x100UL << PAGE_SHIFT, 0x200UL << PAGE_SHIFT);

    assert_int_equal(alloc_boot_pages_below(4, 1, 0x18), 0x14);
    assert_int_equal(alloc_boot_pages_below(4, 4, 0x180), 0x17c);
    assert_int_equal(alloc_boot_pages_below(1, 1, 0x10), INVALID_MFN);
    assert_int_equal(alloc_boot_pages_below(0x10, 1, 0x18), INVALID_MFN);
    assert_int_equal(boot_free_frames(), 0x110 - 8);
}

static void test_boot_merge(void **state)
{
    init_boot_pages(0x1000, 0x5000);
    init_boot_pages(0x3000, 0x9000);        /* overlaps */
    init_boot_pages(0x9000, 0xa000);        /* touches */
    init_boot_pages(0x20000, 0x21000);
    init_boot_pages(0x0, 0x30000);          /* swallows all */

    assert_int_equal(nr_boot_ranges, 1);
    assert_int_equal(boot_free_frames(), 0x30);
}

static void test_end_boot_allocator(void **state)
{
    heap_reset(0x100);
    init_boot_pages(0x10UL << PAGE_SHIFT, 0x20UL << PAGE_SHIFT);
    init_boot_pages(0x80UL << PAGE_SHIFT, 0x180UL << PAGE_SHIFT);

    end_boot_allocator();

    assert_int_equal(total_heap_pages(), 0x10 + 0x80);
    assert_int_equal(avail_heap_pages(), 0x10 + 0x80);
    assert_log_contains("Frames 100-17f lie beyond the frame table");
    check_heap();

    /* Memory found later goes straight to the heap. */
    init_boot_pages(0x40UL << PAGE_SHIFT, 0x48UL << PAGE_SHIFT);
    assert_int_equal(total_heap_pages(), 0x98);
    check_heap();

    expect_bug(alloc_boot_pages(1, 1));
    expect_bug(end_boot_allocator());
}

/* ----- buddy heap ----- */

static void test_init_odd_range(void **state)
{
    static const unsigned long want[MAX_ORDER + 1] = {
        [0] = 1, [2] = 1, [3] = 2, [4] = 1, [5] = 2, [6] = 2, [7] = 2,
        [8] = 2,
    };

    heap_reset(1024);
    init_heap_pages(mfn_to_page(3), 1000 - 3);

    assert_int_equal(total_heap_pages(), 997);
    assert_int_equal(avail_heap_pages(), 997);
    assert_memory_equal(free_chunks, want, sizeof(want));
    assert_int_equal(frame_table[512].order, 8);
    assert_int_equal(frame_table[992].order, 3);
    check_heap();
}

static void test_init_skips_reserved(void **state)
{
    heap_reset(64);
    frame_table[10].count_info = PGC_reserved;
    init_heap_pages(mfn_to_page(8), 8);

    assert_int_equal(total_heap_pages(), 7);
    assert_int_equal(frame_table[10].count_info, PGC_reserved);
    assert_int_equal(frame_table[8].order, 1);
    assert_int_equal(frame_table[11].order, 0);
    assert_int_equal(frame_table[12].order, 2);
    check_heap();
}

static void test_init_twice_bugs(void **state)
{
    heap_reset(64);
    init_heap_pages(mfn_to_page(16), 16);
    expect_bug(init_heap_pages(mfn_to_page(20), 4));
    expect_bug(init_heap_pages(mfn_to_page(60), 8));   /* past max_page */
}

static void test_alloc_free_restores(void **state)
{
    unsigned long before[MAX_ORDER + 1];
    struct page_info *pg[12];
    unsigned int i;

    heap_reset(4096);
    init_heap_pages(mfn_to_page(1), 4000);
    memcpy(before, free_chunks, sizeof(before));

    for ( i = 0; i < ARRAY_SIZE(pg); i++ )
    {
        pg[i] = alloc_heap_pages(i % 7, 0);
        assert_non_null(pg[i]);
        assert_true(IS_ALIGNED(page_to_mfn(pg[i]), 1UL << (i % 7)));
        assert_true(pg[i]->count_info & PGC_allocated);
    }
    check_heap();
    assert_true(avail_heap_pages() < 3999);

    for ( i = 0; i < ARRAY_SIZE(pg); i++ )
        free_heap_pages(pg[i], i % 7);

    assert_int_equal(avail_heap_pages(), 4000);
    assert_memory_equal(free_chunks, before, sizeof(before));
    check_heap();
}

static void test_coalesce_to_max_chunk(void **state)
{
    static struct page_info *pg[4096];
    unsigned int i;

    heap_reset(8192);
    init_heap_pages(mfn_to_page(4096), 4096);
    assert_int_equal(free_chunks[12], 1);

    for ( i = 0; i < 4096; i++ )
        assert_non_null(pg[i] = alloc_heap_pages(0, 0));
    assert_null(alloc_heap_pages(0, 0));
    assert_int_equal(avail_heap_pages(), 0);

    /* Free in a scrambled order (odd stride): merges happen late. */
    for ( i = 0; i < 4096; i++ )
        free_heap_pages(pg[(i * 1031) % 4096], 0);

    assert_int_equal(free_chunks[12], 1);
    assert_int_equal(frame_table[4096].order, 12);
    check_heap();
}

static void test_memf_bits(void **state)
{
    struct page_info *pg;
    unsigned int n = 0;

    init_heap_pages(mfn_to_page(1), ARENA_PAGES - 1);

    /* Unrestricted requests come from the top zone. */
    pg = alloc_heap_pages(0, 0);
    assert_true(page_to_mfn(pg) >= ARENA_PAGES / 2);

    pg = alloc_heap_pages(3, MEMF_bits(24));
    assert_non_null(pg);
    assert_true(page_to_mfn(pg) + 8 <= (1UL << (24 - PAGE_SHIFT)));

    /* Below 1 MiB there are frames 1..255, all reachable. */
    while ( (pg = alloc_heap_pages(0, MEMF_bits(20))) != NULL )
    {
        assert_true(page_to_mfn(pg) < 256);
        n++;
    }
    assert_int_equal(n, 255);

    assert_null(alloc_heap_pages(0, MEMF_bits(11)));
    assert_null(alloc_heap_pages(0, MEMF_bits(12)));   /* frame 0 only */
    assert_non_null(alloc_heap_pages(0, MEMF_bits(64)));
    check_heap();
}

static void test_exhaustion(void **state)
{
    struct page_info *pg;

    heap_reset(256);
    init_heap_pages(mfn_to_page(64), 64);

    assert_null(alloc_heap_pages(7, 0));
    assert_null(alloc_heap_pages(MAX_ORDER + 1, 0));
    pg = alloc_heap_pages(6, 0);
    assert_non_null(pg);
    assert_int_equal(page_to_mfn(pg), 64);
    assert_null(alloc_heap_pages(0, 0));
    assert_int_equal(avail_heap_pages(), 0);

    free_heap_pages(pg, 6);
    assert_int_equal(avail_heap_pages(), 64);
    check_heap();
}

static void test_bad_free_bugs(void **state)
{
    struct page_info *pg, *big;

    heap_reset(256);
    init_heap_pages(mfn_to_page(64), 64);

    pg = alloc_heap_pages(0, 0);
    big = alloc_heap_pages(2, 0);
    free_heap_pages(pg, 0);

    expect_bug(free_heap_pages(pg, 0));             /* double free */
    expect_bug(free_heap_pages(big, 1));            /* wrong order */
    expect_bug(free_heap_pages(big, 3));
    expect_bug(free_heap_pages(big + 1, 0));        /* middle of chunk */
    expect_bug(free_heap_pages(mfn_to_page(10), 0));   /* never given */
    expect_bug(free_heap_pages(big, MAX_ORDER + 1));

    /* None of that may have changed the heap. */
    assert_int_equal(avail_heap_pages(), 60);
    check_heap();
    free_heap_pages(big, 2);
    assert_int_equal(avail_heap_pages(), 64);
    check_heap();
}

static void test_xenheap(void **state)
{
    unsigned char *v;
    struct page_info *pg;
    unsigned int i;

    init_heap_pages(mfn_to_page(256), 1024);

    v = alloc_xenheap_pages(2, 0);
    assert_non_null(v);
    assert_true(IS_ALIGNED(v - unit_arena, 4 * PAGE_SIZE));
    pg = mfn_to_page(virt_to_mfn(v));
    for ( i = 0; i < 4; i++ )
    {
        assert_true(pg[i].count_info & PGC_xen_heap);
        assert_int_equal(pg[i].owner, 0x7FF2);
    }
    memset(v, 0xa5, 4 * PAGE_SIZE);         /* the arena backs it */

    expect_bug(free_domheap_pages(pg, 2));
    expect_bug(free_xenheap_pages(v + 16, 2));
    free_xenheap_pages(v, 2);
    free_xenheap_pages(NULL, 0);
    assert_int_equal(avail_heap_pages(), 1024);
    assert_false(pg->count_info & PGC_xen_heap);

    expect_bug(free_xenheap_pages(v, 2));   /* double free */
    check_heap();
}

static void test_domheap(void **state)
{
    static int fake_domain;
    struct page_info *pg;

    init_heap_pages(mfn_to_page(256), 256);

    pg = alloc_domheap_pages(NULL, 1, 0);
    assert_int_equal(pg[0].owner, 0x7FF2);
    assert_int_equal(pg[1].owner, 0x7FF2);
    assert_false(pg->count_info & PGC_xen_heap);
    free_domheap_pages(pg, 1);

    pg = alloc_domheap_pages((struct domain *)&fake_domain, 0, 0);
    assert_int_equal(pg->owner, 0);
    free_domheap_pages(pg, 0);

    assert_int_equal(avail_heap_pages(), 256);
    check_heap();
}

static void test_dump_heap(void **state)
{
    heap_reset(1024);
    init_heap_pages(mfn_to_page(3), 997);
    unit_log_reset();

    dump_heap();
    assert_log_contains("Heap: order  8: 2 free chunks\n");
    assert_log_contains("Heap: order  0: 1 free chunks\n");
    assert_log_contains("Heap: 997 of 997 pages free (3 MiB)\n");
    assert_int_equal(unit_log_count("free chunks"), 8);
}

static uint64_t rng_state = 0x2545f4914f6cdd1dUL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/*
 * Random allocations and frees of mixed orders and limits, checking
 * after each step that no two live allocations overlap and, now and
 * then, every heap invariant.
 */
static void test_stress(void **state)
{
    enum { SLOTS = 256, STEPS = 20000 };
    static struct page_info *live[SLOTS];
    static unsigned int live_order[SLOTS];
    unsigned char *owner = calloc(ARENA_PAGES, 1);
    unsigned long in_use = 0, allocs = 0, i, step;

    memset(live, 0, sizeof(live));
    init_heap_pages(mfn_to_page(1), 5000);
    init_heap_pages(mfn_to_page(6003), ARENA_PAGES - 6003);

    for ( step = 0; step < STEPS; step++ )
    {
        unsigned int s = rnd() % SLOTS;

        if ( live[s] )
        {
            mfn_t m = page_to_mfn(live[s]);

            for ( i = 0; i < (1UL << live_order[s]); i++ )
                owner[m + i] = 0;
            free_heap_pages(live[s], live_order[s]);
            in_use -= 1UL << live_order[s];
            live[s] = NULL;
        }
        else
        {
            unsigned int order = rnd() % 9;
            unsigned int bits = (rnd() % 4) ? 0 : 20 + rnd() % 8;
            struct page_info *pg = alloc_heap_pages(order, MEMF_bits(bits));
            mfn_t m;

            if ( !pg )
                continue;
            m = page_to_mfn(pg);
            assert_true(IS_ALIGNED(m, 1UL << order));
            if ( bits )
                assert_true(m + (1UL << order) <=
                            (1UL << (bits - PAGE_SHIFT)));
            for ( i = 0; i < (1UL << order); i++ )
            {
                assert_int_equal(owner[m + i], 0);
                owner[m + i] = 1;
            }
            live[s] = pg;
            live_order[s] = order;
            in_use += 1UL << order;
            allocs++;
        }

        assert_int_equal(avail_heap_pages() + in_use, total_heap_pages());
        if ( step % 1000 == 0 )
            check_heap();
    }

    for ( i = 0; i < SLOTS; i++ )
        if ( live[i] )
            free_heap_pages(live[i], live_order[i]);

    assert_true(allocs > STEPS / 4);
    assert_int_equal(avail_heap_pages(), total_heap_pages());
    assert_int_equal(total_heap_pages(), 5000 + ARENA_PAGES - 6003);
    check_heap();
    free(owner);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_boot_rounding),
        T(test_boot_highest_first),
        T(test_boot_alignment),
        T(test_boot_below),
        T(test_boot_merge),
        T(test_end_boot_allocator),
        T(test_init_odd_range),
        T(test_init_skips_reserved),
        T(test_init_twice_bugs),
        T(test_alloc_free_restores),
        T(test_coalesce_to_max_chunk),
        T(test_memf_bits),
        T(test_exhaustion),
        T(test_bad_free_bugs),
        T(test_xenheap),
        T(test_domheap),
        T(test_dump_heap),
        T(test_stress),
    };

    unit_arena_init(ARENA_PAGES * PAGE_SIZE);
    return cmocka_run_group_tests_name("page_alloc", tests, NULL, NULL);
}
