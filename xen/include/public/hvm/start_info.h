/* SPDX-License-Identifier: MIT */
/*
 * The PVH boot ABI's start-of-day structure: its physical address is in
 * EBX at the XEN_ELFNOTE_PHYS32_ENTRY entry point.  Address fields of 0
 * mean "absent"; all addresses and sizes are 64-bit little endian.
 */
#ifndef XEN_PUBLIC_HVM_START_INFO_H
#define XEN_PUBLIC_HVM_START_INFO_H

#include <stdint.h>

#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

struct hvm_start_info {
    uint32_t magic;
    uint32_t version;           /* 1: memmap fields valid */
    uint32_t flags;             /* SIF_* */
    uint32_t nr_modules;
    uint64_t modlist_paddr;
    uint64_t cmdline_paddr;
    uint64_t rsdp_paddr;
    uint64_t memmap_paddr;      /* version >= 1 */
    uint32_t memmap_entries;    /* version >= 1 */
    uint32_t reserved;
};

struct hvm_modlist_entry {
    uint64_t paddr;
    uint64_t size;
    uint64_t cmdline_paddr;
    uint64_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;              /* XEN_HVM_MEMMAP_TYPE_* (e820 values) */
    uint32_t reserved;
};

#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

#endif /* XEN_PUBLIC_HVM_START_INFO_H */
