/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc heap (xen/common/xmalloc.c) on top of the real page allocator.
 * Both modules are included so that every test starts from scratch.
 */
#include "unit.h"

#include "../../xen/common/page_alloc.c"
#include "../../xen/common/xmalloc.c"

#define ARENA_PAGES 4096UL                  /* 16 MiB */

/* Fresh page allocator holding nr frames from first; empty xmalloc. */
static void reset(mfn_t first, unsigned long nr)
{
    free(frame_table);
    frame_table = calloc(ARENA_PAGES, sizeof(*frame_table));
    assert_non_null(frame_table);
    max_page = ARENA_PAGES;
    memset(free_list, 0, sizeof(free_list));
    memset(free_chunks, 0, sizeof(free_chunks));
    total_pages = avail_pages = 0;
    init_heap_pages(mfn_to_page(first), nr);

    memset(classes, 0, sizeof(classes));
    bytes_in_use = 0;
    pages_in_use = 0;
    unit_log_reset();
}

static int setup(void **state)
{
    reset(1, ARENA_PAGES - 1);
    return 0;
}

static bool in_arena(const void *p, size_t len)
{
    const unsigned char *c = p;

    return c >= unit_arena && c + len <= unit_arena + unit_arena_size;
}

static unsigned int class_of(const void *p)
{
    return ((const struct xmalloc_hdr *)p - 1)->cls;
}

static void test_size_classes(void **state)
{
    static const struct {
        size_t size;
        unsigned int cls;
    } cases[] = {
        { 0, 0 }, { 1, 0 }, { 16, 0 }, { 17, 1 }, { 32, 1 }, { 100, 3 },
        { 1000, 6 }, { 1025, 7 }, { 2048, 7 },
    };
    void *p[ARRAY_SIZE(cases)];
    unsigned int i;
    size_t bytes;

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        p[i] = xmalloc_bytes(cases[i].size);
        assert_non_null(p[i]);
        assert_true(in_arena(p[i], cases[i].size));
        assert_int_equal(class_of(p[i]), cases[i].cls);
        memset(p[i], 0x5a, cases[i].size);
    }

    xmalloc_stats(&bytes, NULL);
    assert_int_equal(bytes, 0 + 1 + 16 + 17 + 32 + 100 + 1000 + 1025 + 2048);

    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
        xfree(p[i]);
    xmalloc_stats(&bytes, NULL);
    assert_int_equal(bytes, 0);
}

static uint64_t rng_state = 0x853c49e6748fea9bUL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Blocks are aligned and never overlap: each keeps its own pattern. */
static void test_alignment_and_disjointness(void **state)
{
    enum { N = 1500 };
    static unsigned char *p[N];
    static size_t sz[N];
    unsigned int i;
    size_t j;

    for ( i = 0; i < N; i++ )
    {
        sz[i] = (i % 10 == 0) ? 2049 + rnd() % 9000 : 1 + rnd() % 2048;
        p[i] = xmalloc_bytes(sz[i]);
        assert_non_null(p[i]);
        assert_true(IS_ALIGNED((unsigned long)p[i], XMALLOC_ALIGN));
        memset(p[i], i & 0xff, sz[i]);
    }

    for ( i = 0; i < N; i++ )
        for ( j = 0; j < sz[i]; j++ )
            if ( p[i][j] != (i & 0xff) )
                fail_msg("block %u byte %zu overwritten", i, j);

    for ( i = 0; i < N; i++ )
        xfree(p[i]);
}

static void test_zeroing(void **state)
{
    unsigned char *p = xmalloc_bytes(200), *q;
    unsigned int i;

    memset(p, 0xff, 200);
    xfree(p);

    q = xzalloc_bytes(200);
    assert_ptr_equal(q, p);                 /* same block, reused */
    for ( i = 0; i < 200; i++ )
        assert_int_equal(q[i], 0);

    p = xzalloc_bytes(3 * PAGE_SIZE);
    for ( i = 0; i < 3 * PAGE_SIZE; i++ )
        assert_int_equal(p[i], 0);

    xfree(q);
    xfree(p);
}

static void test_array_overflow(void **state)
{
    unsigned long pages;
    uint32_t *a;

    assert_null(xmalloc_array_bytes(SIZE_MAX / 2 + 1, 2));
    assert_null(xzalloc_array_bytes(2, SIZE_MAX / 2 + 1));
    assert_null(xmalloc_array(uint64_t, SIZE_MAX / 4));
    assert_null(xzalloc_array(uint64_t, SIZE_MAX / 8 + 1));
    xmalloc_stats(NULL, &pages);
    assert_int_equal(pages, 0);

    a = xzalloc_array(uint32_t, 300);
    assert_non_null(a);
    assert_int_equal(a[299], 0);
    a[299] = 7;
    xfree(a);
}

static void test_reuse_after_free(void **state)
{
    void *p = xmalloc_bytes(100), *q, *r;

    xfree(p);
    q = xmalloc_bytes(120);                 /* same class (128) */
    assert_ptr_equal(q, p);
    r = xmalloc_bytes(100);
    assert_ptr_not_equal(r, p);

    xfree(r);
    p = xmalloc_bytes(64);                  /* other class: no reuse */
    assert_ptr_not_equal(p, r);

    xfree(p);
    xfree(q);
}

static void test_large(void **state)
{
    unsigned long avail = avail_heap_pages(), pages;
    unsigned char *p, *q;

    p = xmalloc_bytes(PAGE_SIZE);           /* header makes it 2 pages */
    assert_non_null(p);
    assert_int_equal((unsigned long)(p - unit_arena) & (PAGE_SIZE - 1), 16);
    memset(p, 1, PAGE_SIZE);
    xmalloc_stats(NULL, &pages);
    assert_int_equal(pages, 2);
    assert_int_equal(avail_heap_pages(), avail - 2);

    q = xmalloc_bytes(3 * PAGE_SIZE);       /* 4 pages */
    memset(q, 2, 3 * PAGE_SIZE);
    xmalloc_stats(NULL, &pages);
    assert_int_equal(pages, 6);

    xfree(p);
    xfree(q);
    xmalloc_stats(NULL, &pages);
    assert_int_equal(pages, 0);
    assert_int_equal(avail_heap_pages(), avail);

    assert_null(xmalloc_bytes((PAGE_SIZE << MAX_ORDER) - 15));
    assert_null(xmalloc_bytes(SIZE_MAX));
    assert_null(xmalloc_bytes(ARENA_PAGES * PAGE_SIZE));
}

static void test_stats(void **state)
{
    size_t bytes;
    unsigned long pages;
    void *a = xmalloc_bytes(10), *b = xmalloc_bytes(10), *c;

    xmalloc_stats(&bytes, &pages);
    assert_int_equal(bytes, 20);
    assert_int_equal(pages, 1);             /* one slab for class 16 */

    c = xmalloc_bytes(5000);                /* 2 pages */
    xmalloc_stats(&bytes, &pages);
    assert_int_equal(bytes, 5020);
    assert_int_equal(pages, 3);

    xfree(a);
    xfree(c);
    xmalloc_stats(&bytes, &pages);
    assert_int_equal(bytes, 10);
    assert_int_equal(pages, 1);             /* slabs are kept */
    xfree(b);
}

static void test_big_class_slabs(void **state)
{
    void *p[8];
    unsigned long pages;
    unsigned int i;

    /* 2048-byte blocks with headers: 7 fit in a 4-page slab. */
    for ( i = 0; i < 7; i++ )
        p[i] = xmalloc_bytes(2048);
    xmalloc_stats(NULL, &pages);
    assert_int_equal(pages, 4);

    p[7] = xmalloc_bytes(2048);
    xmalloc_stats(NULL, &pages);
    assert_int_equal(pages, 8);

    for ( i = 0; i < 8; i++ )
        xfree(p[i]);
}

static void test_exhaustion(void **state)
{
    static void *p[64];
    unsigned int n = 0;
    size_t bytes;

    reset(4, 8);                            /* two 4-page slabs' worth */

    while ( n < ARRAY_SIZE(p) && (p[n] = xmalloc_bytes(1024)) != NULL )
        n++;
    assert_int_equal(n, 2 * 15);            /* 15 blocks of 1040 each */
    assert_null(xmalloc_bytes(PAGE_SIZE));
    assert_int_equal(avail_heap_pages(), 0);

    while ( n-- )
        xfree(p[n]);
    xmalloc_stats(&bytes, NULL);
    assert_int_equal(bytes, 0);
    assert_non_null(p[0] = xmalloc_bytes(1000));    /* from the free list */
    xfree(p[0]);
}

static void test_bad_free(void **state)
{
    unsigned char *p = xmalloc_bytes(64), *big = xmalloc_bytes(9000);

    xfree(NULL);

    expect_bug(xfree(p + 1));               /* misaligned */
    expect_bug(xfree(p + 32));              /* no header there */
    xfree(p);
    expect_bug(xfree(p));                   /* double free */

    xfree(big);
    expect_bug(xfree(big));
}

static void test_write_after_free_caught(void **state)
{
    unsigned char *p = xmalloc_bytes(40);

    xfree(p);
    memset(p - 16, 0, 16);                  /* a stray write to the header */
    expect_bug(xmalloc_bytes(40));
}

struct thing {
    uint64_t a;
    uint32_t b[5];
};

static void test_typed_macros(void **state)
{
    struct thing *t = xzalloc(struct thing), *arr;
    struct thing *u = xmalloc(struct thing);
    size_t bytes;

    assert_non_null(t);
    assert_int_equal(t->a, 0);
    assert_int_equal(t->b[4], 0);
    u->a = 1;

    arr = xmalloc_array(struct thing, 10);
    assert_non_null(arr);
    arr[9].b[4] = 3;

    xmalloc_stats(&bytes, NULL);
    assert_int_equal(bytes, 12 * sizeof(struct thing));

    xfree(arr);
    xfree(u);
    xfree(t);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_size_classes),
        T(test_alignment_and_disjointness),
        T(test_zeroing),
        T(test_array_overflow),
        T(test_reuse_after_free),
        T(test_large),
        T(test_stats),
        T(test_big_class_slabs),
        T(test_exhaustion),
        T(test_bad_free),
        T(test_write_after_free_caught),
        T(test_typed_macros),
    };

    unit_arena_init(ARENA_PAGES * PAGE_SIZE);
    return cmocka_run_group_tests_name("xmalloc", tests, NULL, NULL);
}
