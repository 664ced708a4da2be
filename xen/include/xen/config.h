/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Build-wide configuration, included first in every hypervisor object.
 */
#ifndef XEN_CONFIG_H
#define XEN_CONFIG_H

#define XEN_VERSION_MAJOR   4
#define XEN_VERSION_MINOR   4
#define XEN_EXTRAVERSION    ".0-pvh"

/* Constants usable from C, assembly and the linker script alike. */
#ifdef __ASSEMBLY__
#define _AC(x, s)           x
#else
#define _AC(x, s)           x##s
#endif

#define NR_CPUS             64
#define PAGE_SHIFT          12
#define PAGE_SIZE           (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK           (~(PAGE_SIZE - 1))

/* Hypervisor image: linked in the top 2 GiB, loaded at 2 MiB physical. */
#define XEN_LOAD_PADDR      0x200000
#define XEN_VIRT_START      _AC(0xffffffff80000000, UL)
/* Direct map of all physical memory, where Xen keeps it. */
#define DIRECTMAP_VIRT_START _AC(0xffff830000000000, UL)
#define DIRECTMAP_SIZE      (_AC(1, UL) << 39)     /* one PML4 slot: 512 GiB */

#define STACK_ORDER         2
#define STACK_SIZE          (PAGE_SIZE << STACK_ORDER)

#endif /* XEN_CONFIG_H */
