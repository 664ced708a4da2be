/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The e820 sanitiser (xen/arch/x86/e820.c).  The input is an array of
 * struct e820entry (up to E820MAX of them) in an array with room for
 * exactly E820MAX, so ASan catches a write past it.  On success the
 * output must be sorted, disjoint, merged and page-granular where it is
 * RAM, must give every address the type that the documented priority
 * rules give it from the input, and must come back unchanged from a
 * second pass.
 */
#include "fuzz.h"

#include <xen/errno.h>
#include <asm/e820.h>

#define NONE    (~0ULL)         /* "no entry covers this address" */

/*
 * As asm/e820.h documents it: RAM < ACPI < PMEM < NVS < RESERVED and
 * unknown types < DISABLED < UNUSABLE; between two types of equal rank
 * the higher number wins.
 */
static unsigned int rank(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return 0;
    case E820_ACPI:     return 1;
    case E820_PMEM:     return 2;
    case E820_NVS:      return 3;
    case E820_DISABLED: return 5;
    case E820_UNUSABLE: return 6;
    default:            return 4;
    }
}

/* Of two types, the one with the larger key wins where they overlap. */
static uint64_t key(uint32_t type)
{
    return ((uint64_t)rank(type) << 32) | type;
}

static bool usable(const struct e820entry *e)
{
    return e->size && e->addr + e->size > e->addr;
}

/* The input entries that count, in a form quick to search. */
static struct range {
    uint64_t start, end;        /* [start, end) */
    uint64_t key;
    uint32_t type;
} ranges[E820MAX];
static unsigned int nr_ranges;

static void set_ranges(const struct e820entry *map, unsigned int nr)
{
    unsigned int i;

    nr_ranges = 0;
    for ( i = 0; i < nr; i++ )
        if ( usable(&map[i]) )
            ranges[nr_ranges++] = (struct range){
                .start = map[i].addr, .end = map[i].addr + map[i].size,
                .key = key(map[i].type), .type = map[i].type,
            };
}

/* The type the input gives address p, or NONE. */
static uint64_t type_in(uint64_t p)
{
    const struct range *best = NULL;
    unsigned int i;

    for ( i = 0; i < nr_ranges; i++ )
        if ( p >= ranges[i].start && p < ranges[i].end &&
             (!best || ranges[i].key > best->key) )
            best = &ranges[i];

    return best ? best->type : NONE;
}

/* The type a sanitised (sorted, disjoint) map gives address p, or NONE. */
static uint64_t type_out(const struct e820entry *map, unsigned int nr,
                         uint64_t p)
{
    unsigned int lo = 0, hi = nr;

    /* The last entry starting at or below p is the only candidate. */
    while ( lo < hi )
    {
        unsigned int mid = lo + (hi - lo) / 2;

        if ( map[mid].addr <= p )
            lo = mid + 1;
        else
            hi = mid;
    }
    if ( lo && p - map[lo - 1].addr < map[lo - 1].size )
        return map[lo - 1].type;

    return NONE;
}

/* With FUZZ_VERBOSE set in the environment, maps are printed. */
static void print_map(const char *what, const struct e820entry *map,
                      unsigned int nr)
{
    unsigned int i;

    fprintf(stderr, "%s: %u entries\n", what, nr);
    for ( i = 0; i < nr; i++ )
        fprintf(stderr, "  [%016llx +%016llx) type %u\n",
                (unsigned long long)map[i].addr,
                (unsigned long long)map[i].size, map[i].type);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static void check_shape(const struct e820entry *map, unsigned int nr)
{
    unsigned int i;

    fuzz_check(nr <= E820MAX);
    for ( i = 0; i < nr; i++ )
    {
        const struct e820entry *e = &map[i];

        fuzz_check(usable(e));
        if ( e->type == E820_RAM )
            fuzz_check(!(e->addr & (PAGE_SIZE - 1)) &&
                       !(e->size & (PAGE_SIZE - 1)));
        if ( i == 0 )
            continue;
        /* Sorted and disjoint; touching entries of one type merged. */
        fuzz_check(map[i - 1].addr + map[i - 1].size <= e->addr);
        fuzz_check(map[i - 1].addr + map[i - 1].size < e->addr ||
                   map[i - 1].type != e->type);
    }
}

/*
 * Compares the two maps address by address.  Every entry boundary of
 * either map is a cut point; between neighbouring cuts both maps give
 * one type, so checking each cut's interval once covers all addresses.
 * A non-RAM type must be kept exactly.  RAM may be cut only at the ends
 * of a maximal RAM run [s, e) of the input, to whole pages.
 */
static void check_types(const struct e820entry *in, unsigned int nr_in,
                        const struct e820entry *out, unsigned int nr_out)
{
    static uint64_t cut[4 * E820MAX], want[4 * E820MAX];
    static unsigned __int128 run_s[4 * E820MAX], run_e[4 * E820MAX];
    unsigned int i, n = 0;

    set_ranges(in, nr_in);
    for ( i = 0; i < nr_ranges; i++ )
    {
        cut[n++] = ranges[i].start;
        cut[n++] = ranges[i].end;
    }
    for ( i = 0; i < nr_out; i++ )
    {
        cut[n++] = out[i].addr;
        cut[n++] = out[i].addr + out[i].size;
    }
    if ( n == 0 )
        return;
    qsort(cut, n, sizeof(*cut), cmp_u64);

    /* want[i] is the input's type over [cut[i], cut[i + 1]). */
    for ( i = 0; i < n; i++ )
        want[i] = type_in(cut[i]);

    /* The input's RAM run around each RAM interval, rounded in to pages. */
    for ( i = 0; i < n; i++ )
        run_s[i] = i > 0 && want[i - 1] == E820_RAM ? run_s[i - 1] : cut[i];
    for ( i = n; i-- > 0; )
    {
        if ( i + 1 == n )
            run_e[i] = cut[i];
        else if ( want[i + 1] == E820_RAM )
            run_e[i] = run_e[i + 1];
        else
            run_e[i] = cut[i + 1];
    }
    for ( i = 0; i < n; i++ )
    {
        run_s[i] = (run_s[i] + PAGE_SIZE - 1) &
                   ~(unsigned __int128)(PAGE_SIZE - 1);
        run_e[i] &= ~(unsigned __int128)(PAGE_SIZE - 1);
    }

    for ( i = 0; i + 1 < n; i++ )
    {
        uint64_t lo = cut[i], hi = cut[i + 1];
        uint64_t got = type_out(out, nr_out, lo);

        if ( lo == hi )
            continue;
        if ( want[i] != E820_RAM )
        {
            fuzz_check(got == want[i]);
            continue;
        }
        fuzz_check(got == E820_RAM || got == NONE);
        if ( got == E820_RAM )
            fuzz_check(lo >= run_s[i] && hi <= run_e[i]);
        else
            fuzz_check(run_s[i] >= run_e[i] || hi <= run_s[i] ||
                       lo >= run_e[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct e820entry in[E820MAX], again[E820MAX];
    static int verbose = -1;
    struct e820entry *map;
    unsigned int nr_in = min(size / sizeof(*map), (size_t)E820MAX);
    unsigned int nr = nr_in, nr_again;
    int rc;

    map = malloc(E820MAX * sizeof(*map));
    if ( !map )
        abort();
    memcpy(map, data, nr * sizeof(*map));
    memcpy(in, map, nr * sizeof(*map));

    rc = e820_sanitise(map, &nr, E820MAX);
    if ( verbose < 0 )
        verbose = !!getenv("FUZZ_VERBOSE");
    if ( verbose )
    {
        print_map("input", in, nr_in);
        fprintf(stderr, "e820_sanitise() = %d\n", rc);
        print_map("output", map, nr);
    }
    fuzz_check(rc == 0 || rc == -ENOSPC);
    fuzz_check(nr <= E820MAX);
    if ( rc == 0 )
    {
        check_shape(map, nr);
        check_types(in, nr_in, map, nr);

        memcpy(again, map, nr * sizeof(*map));
        nr_again = nr;
        fuzz_check(e820_sanitise(again, &nr_again, E820MAX) == 0);
        fuzz_check(nr_again == nr &&
                   !memcmp(again, map, nr * sizeof(*map)));
    }

    free(map);

    return 0;
}
