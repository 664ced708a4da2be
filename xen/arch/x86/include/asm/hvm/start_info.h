/* SPDX-License-Identifier: GPL-2.0-only */
/* The PVH boot ABI's start-of-day block (hvm/start_info.c). */
#ifndef ASM_X86_HVM_START_INFO_H
#define ASM_X86_HVM_START_INFO_H

#include <xen/types.h>
#include <public/hvm/start_info.h>

struct e820entry;

struct pvh_start_info_args {
    const char *cmdline;                    /* NUL-terminated */
    const struct hvm_modlist_entry *mods;   /* filled in by the caller */
    unsigned int nr_mods;
    const struct e820entry *map;            /* the guest's memory map */
    unsigned int nr_map;
    u32 flags;                              /* SIF_* */
    u64 rsdp;                               /* guest-physical; 0: none */
};

/* Bytes the block needs, or 0 for more modules or entries than allowed. */
size_t pvh_start_info_size(const struct pvh_start_info_args *a);

/*
 * Writes, into buf (len bytes), the block as the guest will see it at
 * guest-physical base: hvm_start_info (version 1), the module list, the
 * memory map, the command line.  Returns its size, or 0 if it does not
 * fit in len or would wrap past the top of the address space.
 */
size_t pvh_start_info_build(void *buf, size_t len, u64 base,
                            const struct pvh_start_info_args *a);

#endif /* ASM_X86_HVM_START_INFO_H */
