/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_BOOT_DOMAINS_H
#define ASM_X86_BOOT_DOMAINS_H

#include <asm/bootinfo.h>

/*
 * Boot-time domUs: a boot module whose command line starts with the
 * word "domU" becomes an unprivileged PVH domain started beside dom0:
 *
 *     domU [mem=<size>] [vcpus=<n>] [--] <kernel command line>
 *
 * mem defaults to 32M, vcpus to 1.  They get domain ids 1, 2, ... in
 * module order.  A module right after one, whose command line is the
 * word "domU-ramdisk", is that domU's ramdisk (its hvm_start_info
 * module 0).  Marks claimed[i] for each such module.
 */
void boot_domains_claim(const struct boot_info *bi, bool *claimed);
/* Builds and starts them (after dom0). */
void boot_domains_create(const struct boot_info *bi, const bool *claimed);

/* Leak test: build and destroy domUs; true if all memory came back. */
bool boot_domains_churn(const struct boot_info *bi, unsigned int rounds);

#endif /* ASM_X86_BOOT_DOMAINS_H */
