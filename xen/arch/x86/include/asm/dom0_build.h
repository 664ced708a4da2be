/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_DOM0_BUILD_H
#define ASM_X86_DOM0_BUILD_H

#include <asm/bootinfo.h>

struct domain;

struct pvh_build_args {
    const struct boot_module *kernel;
    const char *cmdline;
    const struct boot_module *mods[MAX_BOOT_MODULES];  /* handed on */
    unsigned int nr_mods;
    unsigned long nr_pages;             /* guest RAM */
    bool initdomain;                    /* dom0: SIF_INITDOMAIN etc. */
};

/*
 * Builds d as a PVH guest from an ELF kernel (either entry ABI) and
 * creates its vCPU 0, ready to run.  Returns 0 or -errno, having
 * printed why.
 */
int pvh_construct(struct domain *d, const struct pvh_build_args *args);

/*
 * dom0 from boot module 0; the modules not marked in 'claimed' (those
 * that became boot-time domUs) are handed to it.
 */
int dom0_construct_pvh(struct domain *d, const struct boot_info *bi,
                       const bool *claimed);

#endif /* ASM_X86_DOM0_BUILD_H */
