/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for asm/page.h.  "Machine" memory is a test arena: a
 * machine address is an offset into it, so code that converts between
 * frames and pointers runs unchanged on the host.
 */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <xen/types.h>

#define L1_PAGETABLE_SHIFT  12
#define L2_PAGETABLE_SHIFT  21
#define L3_PAGETABLE_SHIFT  30
#define L4_PAGETABLE_SHIFT  39
#define PAGETABLE_ENTRIES   512

#define PADDR_MASK      0x000ffffffffff000UL

/* Set up by unit_arena_init(); covers machine addresses [0, size). */
extern unsigned char *unit_arena;
extern size_t unit_arena_size;

static inline void *maddr_to_virt(paddr_t ma)
{
    return unit_arena + ma;
}

static inline paddr_t virt_to_maddr(const void *va)
{
    return (paddr_t)((const unsigned char *)va - unit_arena);
}

#define __va(ma) maddr_to_virt(ma)
#define __pa(va) virt_to_maddr(va)

#define mfn_to_virt(mfn) maddr_to_virt((paddr_t)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(va)  (virt_to_maddr(va) >> PAGE_SHIFT)

#endif /* ASM_X86_PAGE_H */
