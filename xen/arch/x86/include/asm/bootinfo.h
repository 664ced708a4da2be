/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot loader told us, copied out of the multiboot2 information
 * so that nothing later depends on where the loader happened to put it.
 */
#ifndef ASM_X86_BOOTINFO_H
#define ASM_X86_BOOTINFO_H

#include <xen/types.h>
#include <asm/e820.h>

#define MAX_BOOT_MODULES    16
#define BOOT_CMDLINE_MAX    1024

struct boot_module {
    paddr_t start;
    paddr_t size;
    char cmdline[256];
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    char loader[64];
    unsigned int nr_modules;
    struct boot_module mods[MAX_BOOT_MODULES];
    unsigned int nr_mmap;
    struct e820entry mmap[E820MAX];
    bool efi;                       /* booted through UEFI */
    u8 rsdp[36];                    /* copy of the ACPI RSDP, if given */
    bool have_rsdp;
    paddr_t mbi_start, mbi_end;     /* the loader's information block */
};

extern struct boot_info boot_info;

/* Returns 0, or -EINVAL when the information is unusable. */
int multiboot2_parse(paddr_t mbi_pa, struct boot_info *bi);

#endif /* ASM_X86_BOOTINFO_H */
