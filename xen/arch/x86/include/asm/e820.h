/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The BIOS/multiboot memory map.  Firmware maps are often unsorted,
 * overlapping or not page-granular; e820_sanitise() turns one into a
 * sorted list of disjoint ranges that the boot allocator can trust.
 */
#ifndef ASM_X86_E820_H
#define ASM_X86_E820_H

#include <xen/compiler.h>
#include <xen/types.h>

#define E820_RAM        1
#define E820_RESERVED   2
#define E820_ACPI       3       /* ACPI tables, reclaimable once parsed */
#define E820_NVS        4       /* ACPI NVS, must survive sleep states */
#define E820_UNUSABLE   5       /* memory with detected errors */
#define E820_DISABLED   6
#define E820_PMEM       7       /* persistent memory */

#define E820MAX         128

struct e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __packed;

struct e820map {
    unsigned int nr_map;
    struct e820entry map[E820MAX];
};

/* The sanitised map of the machine, filled in by the boot code. */
extern struct e820map e820;

/*
 * Sanitises map[0 .. *nr) in place, in an array with room for max
 * entries:
 *  - drops empty entries and entries whose end does not fit in 64 bits;
 *  - where entries overlap, the more restrictive type wins, in this
 *    order from weakest to strongest:
 *        RAM < ACPI < PMEM < NVS < RESERVED and unknown types
 *            < DISABLED < UNUSABLE
 *    (between two unknown types the higher number wins), so memory is
 *    only ever used as RAM if no entry says otherwise;
 *  - merges touching entries of the same type;
 *  - shrinks RAM to whole pages (start up, end down), so that no page
 *    handed out as RAM shares bytes with anything else;
 *  - leaves the result sorted by address.
 * Returns 0, -EINVAL for bad arguments (*nr > max, NULL pointers) or
 * -ENOSPC if resolving overlaps needs more than max entries; the map is
 * then left valid but unsanitised (possibly partially processed).
 */
int e820_sanitise(struct e820entry *map, unsigned int *nr, unsigned int max);

/* Prints the map in Xen's format, one line per entry. */
void e820_print(const struct e820entry *map, unsigned int nr);

/* Total bytes of E820_RAM in the map (saturates rather than wrap). */
uint64_t e820_ram_total(const struct e820entry *map, unsigned int nr);

#endif /* ASM_X86_E820_H */
