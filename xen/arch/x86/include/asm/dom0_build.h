/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_DOM0_BUILD_H
#define ASM_X86_DOM0_BUILD_H

#include <asm/bootinfo.h>

struct domain;

/*
 * Builds dom0 as a PVH guest from boot module 0 (the kernel, with module
 * 0's command line); modules 1.. are handed to it.  Returns 0 or -errno,
 * having printed why.
 */
int dom0_construct_pvh(struct domain *d, const struct boot_info *bi);

#endif /* ASM_X86_DOM0_BUILD_H */
