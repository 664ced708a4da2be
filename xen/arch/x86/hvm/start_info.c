/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH boot ABI's start-of-day block (public/hvm/start_info.h): the
 * hvm_start_info, then the module list, the memory map and the command
 * line, laid out for a guest-physical address.  Pure logic, buffer in,
 * block out, so that the host fuzzer and the toolstack can run it too.
 */
#include <xen/lib.h>
#include <asm/e820.h>
#include <asm/hvm/start_info.h>

/* Entries beyond these are a caller's bug, refused rather than trusted. */
#define MAX_MODULES     64
#define MAX_MEMMAP      128

size_t pvh_start_info_size(const struct pvh_start_info_args *a)
{
    if ( a->nr_mods > MAX_MODULES || a->nr_map > MAX_MEMMAP )
        return 0;
    return sizeof(struct hvm_start_info) +
           a->nr_mods * sizeof(struct hvm_modlist_entry) +
           a->nr_map * sizeof(struct hvm_memmap_table_entry) +
           strlen(a->cmdline) + 1;
}

size_t pvh_start_info_build(void *buf, size_t len, u64 base,
                            const struct pvh_start_info_args *a)
{
    size_t size = pvh_start_info_size(a);
    size_t off_mods = sizeof(struct hvm_start_info);
    size_t off_map = off_mods +
                     a->nr_mods * sizeof(struct hvm_modlist_entry);
    size_t off_cmd = off_map +
                     a->nr_map * sizeof(struct hvm_memmap_table_entry);
    struct hvm_start_info si = {
        .magic = XEN_HVM_START_MAGIC_VALUE,
        .version = 1,
        .flags = a->flags,
        .nr_modules = a->nr_mods,
        .modlist_paddr = a->nr_mods ? base + off_mods : 0,
        .cmdline_paddr = base + off_cmd,
        .rsdp_paddr = a->rsdp,
        .memmap_paddr = base + off_map,
        .memmap_entries = a->nr_map,
    };
    u8 *p = buf;

    /* The guest's addresses must not wrap past the top either. */
    if ( !size || size > len || base + size < base )
        return 0;

    memcpy(p, &si, sizeof(si));
    memcpy(p + off_mods, a->mods,
           a->nr_mods * sizeof(struct hvm_modlist_entry));
    for ( unsigned int i = 0; i < a->nr_map; i++ )
    {
        struct hvm_memmap_table_entry e = {
            .addr = a->map[i].addr,
            .size = a->map[i].size,
            .type = a->map[i].type,
        };

        memcpy(p + off_map + i * sizeof(e), &e, sizeof(e));
    }
    memcpy(p + off_cmd, a->cmdline, strlen(a->cmdline) + 1);
    return size;
}
