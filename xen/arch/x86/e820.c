/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * E820 memory map sanitiser.
 *
 * Everything is done in place, with insertion sort and one pass that
 * resolves overlaps between neighbours: maps have at most E820MAX entries
 * and this runs once at boot, so O(n^2) work is cheap, whereas a scratch
 * copy of the map would cost kilobytes of a small boot stack.
 */

#include <xen/lib.h>
#include <xen/errno.h>
#include <asm/e820.h>

struct e820map e820;

/* How restrictive a type is; see the priority list in asm/e820.h. */
static unsigned int type_rank(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return 0;
    case E820_ACPI:     return 1;   /* reclaimable after parsing */
    case E820_PMEM:     return 2;   /* contents must persist */
    case E820_NVS:      return 3;   /* must never be reclaimed */
    case E820_DISABLED: return 5;
    case E820_UNUSABLE: return 6;   /* faulty: nothing may touch it */
    default:            return 4;   /* reserved, and anything unknown */
    }
}

/* Does type a override type b where the two overlap? */
static bool type_beats(uint32_t a, uint32_t b)
{
    unsigned int ra = type_rank(a), rb = type_rank(b);

    return ra != rb ? ra > rb : a > b;
}

/* Exclusive end; callers have already dropped entries where this wraps. */
static uint64_t entry_end(const struct e820entry *e)
{
    return e->addr + e->size;
}

static void remove_entry(struct e820entry *map, unsigned int *nr,
                         unsigned int i)
{
    memmove(&map[i], &map[i + 1], (*nr - i - 1) * sizeof(*map));
    (*nr)--;
}

/*
 * Inserts e into the sorted map at or after index from, after any entry
 * with the same address.  The caller guarantees room for one more entry.
 */
static void insert_sorted(struct e820entry *map, unsigned int *nr,
                          unsigned int from, const struct e820entry *e)
{
    unsigned int i = from;

    while ( i < *nr && map[i].addr <= e->addr )
        i++;

    memmove(&map[i + 1], &map[i], (*nr - i) * sizeof(*map));
    map[i] = *e;
    (*nr)++;
}

/* Stable, so that equal addresses keep the firmware's order. */
static void sort_map(struct e820entry *map, unsigned int nr)
{
    unsigned int i, j;

    for ( i = 1; i < nr; i++ )
    {
        struct e820entry e = map[i];

        for ( j = i; j > 0 && map[j - 1].addr > e.addr; j-- )
            map[j] = map[j - 1];
        map[j] = e;
    }
}

/*
 * Resolves every overlap and merges touching entries of one type.
 *
 * Invariant: entries 0..k are sorted, disjoint and not mergeable with
 * their successor, and map[k+1..] is sorted by address.  Each step looks
 * only at map[k] and map[k+1]; because everything after k+1 starts no
 * earlier than map[k+1], once map[k+1] starts at or after the end of
 * map[k] so does everything else, and k can move on.
 *
 * Every step removes some overlap or an entry, or advances k, and all
 * entry boundaries stay within the finite set of original boundaries, so
 * the loop terminates.
 */
static int resolve_overlaps(struct e820entry *map, unsigned int *nr,
                            unsigned int max)
{
    unsigned int k = 0;

    while ( k + 1 < *nr )
    {
        struct e820entry *a = &map[k], *b = &map[k + 1];
        uint64_t a_end = entry_end(a), b_end = entry_end(b);

        if ( b->addr > a_end || (b->addr == a_end && a->type != b->type) )
        {
            k++;
            continue;
        }

        if ( a->type == b->type )
        {
            /* Overlapping or touching: b folds into a. */
            if ( b_end > a_end )
                a->size = b_end - a->addr;
            remove_entry(map, nr, k + 1);
            continue;
        }

        if ( type_beats(a->type, b->type) )
        {
            struct e820entry rest;

            if ( b_end <= a_end )
            {
                remove_entry(map, nr, k + 1);
                continue;
            }

            /* What is left of b starts later: move it to its new place. */
            rest = *b;
            rest.addr = a_end;
            rest.size = b_end - a_end;
            remove_entry(map, nr, k + 1);
            insert_sorted(map, nr, k + 1, &rest);
            continue;
        }

        /* b beats a: a keeps what lies before b and, if any, after b. */
        if ( a_end > b_end )
        {
            struct e820entry tail = {
                .addr = b_end, .size = a_end - b_end, .type = a->type,
            };

            if ( *nr >= max )
                return -ENOSPC;
            insert_sorted(map, nr, k + 2, &tail);
        }

        if ( b->addr == a->addr )
        {
            remove_entry(map, nr, k);
            /* b may now be mergeable with the entry before it. */
            if ( k > 0 )
                k--;
        }
        else
            a->size = b->addr - a->addr;
    }

    return 0;
}

/*
 * RAM must consist of whole pages: a page shared with a reserved range
 * or an ACPI table must never be handed out.
 */
static void trim_ram(struct e820entry *map, unsigned int *nr)
{
    unsigned int i = 0;

    while ( i < *nr )
    {
        struct e820entry *e = &map[i];
        uint64_t start = e->addr, end = entry_end(e);

        if ( e->type == E820_RAM )
        {
            /* Round up by hand: ROUNDUP() would wrap near 2^64. */
            if ( start & (PAGE_SIZE - 1) )
                start = (start | (PAGE_SIZE - 1)) + 1;
            end &= ~(uint64_t)(PAGE_SIZE - 1);

            if ( start == 0 && e->addr != 0 )
                end = 0;                    /* start wrapped: no page */

            if ( start >= end )
            {
                remove_entry(map, nr, i);
                continue;
            }

            e->addr = start;
            e->size = end - start;
        }

        i++;
    }
}

int e820_sanitise(struct e820entry *map, unsigned int *nr, unsigned int max)
{
    unsigned int i, n;
    int rc;

    if ( !map || !nr || *nr > max )
        return -EINVAL;

    /* Empty entries say nothing; wrapping ones are corrupt. */
    for ( i = 0, n = 0; i < *nr; i++ )
    {
        if ( map[i].size == 0 || entry_end(&map[i]) < map[i].addr )
            continue;
        map[n++] = map[i];
    }
    *nr = n;

    sort_map(map, *nr);

    rc = resolve_overlaps(map, nr, max);
    if ( rc )
        return rc;

    trim_ram(map, nr);

    return 0;
}

static const char *type_name(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:      return "usable";
    case E820_RESERVED: return "reserved";
    case E820_ACPI:     return "ACPI data";
    case E820_NVS:      return "ACPI NVS";
    case E820_UNUSABLE: return "unusable";
    case E820_DISABLED: return "disabled";
    case E820_PMEM:     return "persistent memory";
    default:            return NULL;
    }
}

void e820_print(const struct e820entry *map, unsigned int nr)
{
    unsigned int i;

    printk("Xen-e820 RAM map:\n");

    for ( i = 0; i < nr; i++ )
    {
        unsigned long start = map[i].addr;
        unsigned long last = map[i].addr + map[i].size - 1;
        const char *name = type_name(map[i].type);

        if ( name )
            printk(" [%016lx, %016lx] (%s)\n", start, last, name);
        else
            printk(" [%016lx, %016lx] type %u\n", start, last,
                   map[i].type);
    }
}

uint64_t e820_ram_total(const struct e820entry *map, unsigned int nr)
{
    uint64_t total = 0;
    unsigned int i;

    for ( i = 0; i < nr; i++ )
    {
        if ( map[i].type != E820_RAM )
            continue;
        /* An unsanitised map can overlap itself past 2^64. */
        if ( map[i].size > ~(uint64_t)0 - total )
            return ~(uint64_t)0;
        total += map[i].size;
    }

    return total;
}
