/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_MM_H
#define ASM_X86_MM_H

#include <xen/types.h>

/* Physical address of the hypervisor's own page-table root. */
extern paddr_t idle_pg_table_pa;

/*
 * Builds the hypervisor's page tables: a direct map of [0, map_end) at
 * DIRECTMAP_VIRT_START and the image at XEN_VIRT_START with per-section
 * permissions, then switches to them.  Uses the boot allocator.
 */
void setup_pagetables(paddr_t map_end);

/* Allocates and maps the frame table for [0, max_page). */
void setup_frametable(unsigned long max_pfn);

#endif /* ASM_X86_MM_H */
