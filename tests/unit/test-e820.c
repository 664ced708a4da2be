/* SPDX-License-Identifier: GPL-2.0-only */
/* E820 sanitiser (xen/arch/x86/e820.c). */
#include "unit.h"

#include <xen/errno.h>
#include <asm/e820.h>

#define E(a, s, t) { .addr = (a), .size = (s), .type = (t) }

static void expect_map(const struct e820entry *got, unsigned int nr,
                       const struct e820entry *want, unsigned int nr_want)
{
    unsigned int i;

    if ( nr != nr_want )
        fail_msg("%u entries, expected %u", nr, nr_want);
    for ( i = 0; i < nr; i++ )
        if ( got[i].addr != want[i].addr || got[i].size != want[i].size ||
             got[i].type != want[i].type )
            fail_msg("entry %u: [%#lx +%#lx type %u], expected "
                     "[%#lx +%#lx type %u]", i,
                     (unsigned long)got[i].addr, (unsigned long)got[i].size,
                     got[i].type, (unsigned long)want[i].addr,
                     (unsigned long)want[i].size, want[i].type);
}

#define SANITISE_AND_EXPECT(in, ...) do {                               \
    const struct e820entry want_[] = { __VA_ARGS__ };                   \
    unsigned int nr_ = ARRAY_SIZE(in);                                  \
                                                                        \
    assert_int_equal(e820_sanitise(in, &nr_, ARRAY_SIZE(in)), 0);      \
    expect_map(in, nr_, want_, ARRAY_SIZE(want_));                      \
} while ( 0 )

static void test_unsorted(void **state)
{
    struct e820entry m[] = {
        E(0x100000, 0x7f00000, E820_RAM),
        E(0xf0000, 0x10000, E820_RESERVED),
        E(0, 0x9f000, E820_RAM),
    };

    SANITISE_AND_EXPECT(m,
        E(0, 0x9f000, E820_RAM),
        E(0xf0000, 0x10000, E820_RESERVED),
        E(0x100000, 0x7f00000, E820_RAM));
}

static void test_reserved_splits_ram(void **state)
{
    struct e820entry m[4] = {
        E(0, 0x200000, E820_RAM),
        E(0x100000, 0x1000, E820_RESERVED),
    };
    unsigned int nr = 2;
    const struct e820entry want[] = {
        E(0, 0x100000, E820_RAM),
        E(0x100000, 0x1000, E820_RESERVED),
        E(0x101000, 0xff000, E820_RAM),
    };

    assert_int_equal(e820_sanitise(m, &nr, ARRAY_SIZE(m)), 0);
    expect_map(m, nr, want, ARRAY_SIZE(want));
}

static void test_reserved_swallows_ram(void **state)
{
    struct e820entry m[] = {
        E(0x2000, 0x1000, E820_RAM),
        E(0, 0x10000, E820_RESERVED),
        E(0x4000, 0x20000, E820_RAM),   /* sticks out at the top */
    };

    SANITISE_AND_EXPECT(m,
        E(0, 0x10000, E820_RESERVED),
        E(0x10000, 0x14000, E820_RAM));
}

static void test_partial_overlap_unaligned(void **state)
{
    /* The page holding reserved bytes must not stay RAM. */
    struct e820entry m[] = {
        E(0, 0x1800, E820_RAM),
        E(0x1400, 0x2000, E820_RESERVED),
        E(0x3000, 0x3000, E820_RAM),
    };

    SANITISE_AND_EXPECT(m,
        E(0, 0x1000, E820_RAM),
        E(0x1400, 0x2000, E820_RESERVED),
        E(0x4000, 0x2000, E820_RAM));
}

static void test_adjacent_merge(void **state)
{
    struct e820entry m[] = {
        E(0x3000, 0x1000, E820_RAM),
        E(0, 0x1000, E820_RAM),
        E(0x1000, 0x2000, E820_RAM),
        E(0x4000, 0x1000, E820_ACPI),
        E(0x5000, 0x1000, E820_NVS),
        E(0x6000, 0x1000, E820_NVS),
        E(0x6800, 0x1000, E820_NVS),    /* overlapping same type */
    };

    SANITISE_AND_EXPECT(m,
        E(0, 0x4000, E820_RAM),
        E(0x4000, 0x1000, E820_ACPI),
        E(0x5000, 0x2800, E820_NVS));
}

static void test_zero_size_dropped(void **state)
{
    struct e820entry m[] = {
        E(0x1000, 0, E820_RESERVED),
        E(0, 0x2000, E820_RAM),
        E(0x5000, 0, E820_RAM),
    };

    SANITISE_AND_EXPECT(m, E(0, 0x2000, E820_RAM));
}

static void test_wraparound_dropped(void **state)
{
    struct e820entry m[] = {
        E(0xfffffffffffff000UL, 0x2000, E820_RAM),
        E(0xfffffffffffff000UL, 0x1000, E820_RESERVED),   /* ends at 2^64 */
        E(0x1000, 0x1000, E820_RAM),
        E(0xffffffff00000000UL, 0x1000, E820_RESERVED),
    };

    SANITISE_AND_EXPECT(m,
        E(0x1000, 0x1000, E820_RAM),
        E(0xffffffff00000000UL, 0x1000, E820_RESERVED));
}

static void test_page_trimming(void **state)
{
    struct e820entry m[] = {
        E(0x800, 0x3000, E820_RAM),             /* -> [0x1000, 0x3000) */
        E(0x10100, 0x800, E820_RAM),            /* no whole page: gone */
        E(0x20000, 0x1fff, E820_RAM),           /* -> one page */
        E(0x30001, 0x10, E820_RESERVED),        /* not RAM: untouched */
    };

    SANITISE_AND_EXPECT(m,
        E(0x1000, 0x2000, E820_RAM),
        E(0x20000, 0x1000, E820_RAM),
        E(0x30001, 0x10, E820_RESERVED));
}

static void test_merge_before_trim(void **state)
{
    /* Two half pages of RAM make a whole one. */
    struct e820entry m[] = {
        E(0x1800, 0x800, E820_RAM),
        E(0x1000, 0x800, E820_RAM),
    };

    SANITISE_AND_EXPECT(m, E(0x1000, 0x1000, E820_RAM));
}

static void test_type_priority(void **state)
{
    struct e820entry m[] = {
        E(0x0000, 0x2000, E820_ACPI),
        E(0x1000, 0x2000, E820_NVS),            /* NVS beats ACPI */
        E(0x10000, 0x2000, E820_UNUSABLE),
        E(0x10000, 0x4000, E820_RESERVED),      /* UNUSABLE beats it */
        E(0x20000, 0x2000, E820_RESERVED),
        E(0x21000, 0x2000, 12),                 /* unknown: higher wins */
        E(0x30000, 0x2000, E820_PMEM),
        E(0x31000, 0x2000, E820_ACPI),          /* PMEM beats ACPI */
    };

    SANITISE_AND_EXPECT(m,
        E(0x0000, 0x1000, E820_ACPI),
        E(0x1000, 0x2000, E820_NVS),
        E(0x10000, 0x2000, E820_UNUSABLE),
        E(0x12000, 0x2000, E820_RESERVED),
        E(0x20000, 0x1000, E820_RESERVED),
        E(0x21000, 0x2000, 12),
        E(0x30000, 0x2000, E820_PMEM),
        E(0x32000, 0x1000, E820_ACPI));
}

static void test_nospc(void **state)
{
    struct e820entry m[2] = {
        E(0, 0x10000, E820_RAM),
        E(0x1000, 0x1000, E820_RESERVED),
    };
    unsigned int nr = 2;

    assert_int_equal(e820_sanitise(m, &nr, 2), -ENOSPC);
    assert_true(nr <= 2);
}

static void test_einval(void **state)
{
    struct e820entry m[2] = { E(0, 0x1000, E820_RAM) };
    unsigned int nr = 3;

    assert_int_equal(e820_sanitise(m, &nr, 2), -EINVAL);
    nr = 1;
    assert_int_equal(e820_sanitise(NULL, &nr, 2), -EINVAL);
    assert_int_equal(e820_sanitise(m, NULL, 2), -EINVAL);
    nr = 0;
    assert_int_equal(e820_sanitise(m, &nr, 2), 0);
    assert_int_equal(nr, 0);
}

static void test_ram_total(void **state)
{
    struct e820entry m[] = {
        E(0, 0x9fc00, E820_RAM),
        E(0x9fc00, 0x400, E820_RESERVED),
        E(0x100000, 0x7ee0000, E820_RAM),
        E(0x7fe0000, 0x20000, E820_ACPI),
        E(0x100000000UL, 0x40000000, E820_RAM),
    };
    unsigned int nr = ARRAY_SIZE(m);

    assert_int_equal(e820_sanitise(m, &nr, ARRAY_SIZE(m)), 0);
    assert_int_equal(e820_ram_total(m, nr),
                     0x9f000 + 0x7ee0000 + 0x40000000UL);

    /* An unsanitised map that overlaps itself saturates. */
    m[0] = (struct e820entry)E(0, ~0UL, E820_RAM);
    m[1] = (struct e820entry)E(0, ~0UL, E820_RAM);
    assert_true(e820_ram_total(m, 2) == ~(uint64_t)0);
}

static void test_print_format(void **state)
{
    const struct e820entry m[] = {
        E(0, 0x9fc00, E820_RAM),
        E(0x9fc00, 0x400, E820_RESERVED),
        E(0xe0000, 0x20000, E820_ACPI),
        E(0x7fe0000, 0x20000, E820_NVS),
        E(0x8000000, 0x1000, E820_UNUSABLE),
        E(0x8001000, 0x1000, E820_DISABLED),
        E(0x100000000UL, 0x1000000, E820_PMEM),
        E(0xfd00000000UL, 0x300000000UL, 20),
    };

    unit_log_reset();
    e820_print(m, ARRAY_SIZE(m));
    assert_string_equal(unit_log,
        "Xen-e820 RAM map:\n"
        " [0000000000000000, 000000000009fbff] (usable)\n"
        " [000000000009fc00, 000000000009ffff] (reserved)\n"
        " [00000000000e0000, 00000000000fffff] (ACPI data)\n"
        " [0000000007fe0000, 0000000007ffffff] (ACPI NVS)\n"
        " [0000000008000000, 0000000008000fff] (unusable)\n"
        " [0000000008001000, 0000000008001fff] (disabled)\n"
        " [0000000100000000, 0000000100ffffff] (persistent memory)\n"
        " [000000fd00000000, 000000ffffffffff] type 20\n");
}

/*
 * Property test: random maps on a small address space, where every
 * address and size is a multiple of 0x100 so that probing at that
 * granularity sees everything.
 */
static unsigned int rank(uint32_t t)
{
    switch ( t )
    {
    case E820_RAM: return 0;
    case E820_ACPI: return 1;
    case E820_PMEM: return 2;
    case E820_NVS: return 3;
    case E820_DISABLED: return 5;
    case E820_UNUSABLE: return 6;
    default: return 4;
    }
}

/* Effective type of address a in an unsanitised map; 0 = none. */
static uint32_t type_at(const struct e820entry *m, unsigned int nr,
                        uint64_t a)
{
    uint32_t best = 0;
    unsigned int i;

    for ( i = 0; i < nr; i++ )
    {
        if ( a < m[i].addr || a - m[i].addr >= m[i].size )
            continue;
        if ( !best || rank(m[i].type) > rank(best) ||
             (rank(m[i].type) == rank(best) && m[i].type > best) )
            best = m[i].type;
    }

    return best;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15UL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void test_random_maps(void **state)
{
    static const uint32_t types[] = { 1, 1, 1, 2, 3, 4, 5, 6, 7, 9 };
    unsigned int iter;

    for ( iter = 0; iter < 2000; iter++ )
    {
        struct e820entry in[24], out[E820MAX];
        unsigned int n = rnd() % ARRAY_SIZE(in), nr = n, i;
        uint64_t a;

        for ( i = 0; i < n; i++ )
        {
            in[i].addr = (rnd() % 0x100) * 0x100;
            in[i].size = (rnd() % 0x60) * 0x100;
            in[i].type = types[rnd() % ARRAY_SIZE(types)];
        }
        memcpy(out, in, sizeof(in));

        assert_int_equal(e820_sanitise(out, &nr, E820MAX), 0);

        for ( i = 0; i < nr; i++ )
        {
            assert_true(out[i].size > 0);
            if ( out[i].type == E820_RAM )
            {
                assert_true(IS_ALIGNED(out[i].addr, PAGE_SIZE));
                assert_true(IS_ALIGNED(out[i].size, PAGE_SIZE));
            }
            if ( i == 0 )
                continue;
            /* Sorted, disjoint, and nothing left to merge. */
            assert_true(out[i].addr >= out[i - 1].addr + out[i - 1].size);
            assert_false(out[i].addr == out[i - 1].addr + out[i - 1].size &&
                         out[i].type == out[i - 1].type);
        }

        for ( a = 0; a < 0x16000; a += 0x100 )
        {
            uint32_t want = type_at(in, n, a), got = type_at(out, nr, a);

            if ( want == E820_RAM )
            {
                uint64_t p = a & PAGE_MASK, q;

                /* RAM survives only in pages that are RAM throughout. */
                for ( q = p; q < p + PAGE_SIZE; q += 0x100 )
                    if ( type_at(in, n, q) != E820_RAM )
                        want = 0;
            }
            if ( got != want )
                fail_msg("iteration %u, address %#lx: type %u, expected %u",
                         iter, (unsigned long)a, got, want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unsorted),
        cmocka_unit_test(test_reserved_splits_ram),
        cmocka_unit_test(test_reserved_swallows_ram),
        cmocka_unit_test(test_partial_overlap_unaligned),
        cmocka_unit_test(test_adjacent_merge),
        cmocka_unit_test(test_zero_size_dropped),
        cmocka_unit_test(test_wraparound_dropped),
        cmocka_unit_test(test_page_trimming),
        cmocka_unit_test(test_merge_before_trim),
        cmocka_unit_test(test_type_priority),
        cmocka_unit_test(test_nospc),
        cmocka_unit_test(test_einval),
        cmocka_unit_test(test_ram_total),
        cmocka_unit_test(test_print_format),
        cmocka_unit_test(test_random_maps),
    };

    return cmocka_run_group_tests_name("e820", tests, NULL, NULL);
}
