/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address conversions.  All RAM is reachable through the direct map at
 * DIRECTMAP_VIRT_START; the image itself also lives at XEN_VIRT_START.
 */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <xen/types.h>

#define L1_PAGETABLE_SHIFT  12
#define L2_PAGETABLE_SHIFT  21
#define L3_PAGETABLE_SHIFT  30
#define L4_PAGETABLE_SHIFT  39
#define PAGETABLE_ENTRIES   512

#define _PAGE_PRESENT   0x001UL
#define _PAGE_RW        0x002UL
#define _PAGE_USER      0x004UL
#define _PAGE_PWT       0x008UL
#define _PAGE_PCD       0x010UL
#define _PAGE_ACCESSED  0x020UL
#define _PAGE_DIRTY     0x040UL
#define _PAGE_PSE       0x080UL
#define _PAGE_GLOBAL    0x100UL
#define _PAGE_NX        (1UL << 63)

#define PADDR_MASK      0x000ffffffffff000UL

#define l4_table_offset(va) (((va) >> L4_PAGETABLE_SHIFT) & 511)
#define l3_table_offset(va) (((va) >> L3_PAGETABLE_SHIFT) & 511)
#define l2_table_offset(va) (((va) >> L2_PAGETABLE_SHIFT) & 511)
#define l1_table_offset(va) (((va) >> L1_PAGETABLE_SHIFT) & 511)

static inline void *maddr_to_virt(paddr_t ma)
{
    return (void *)(DIRECTMAP_VIRT_START + ma);
}

/*
 * Accepts direct-map addresses and addresses inside the image (for
 * static data such as the boot page tables).
 */
static inline paddr_t virt_to_maddr(const void *va)
{
    unsigned long v = (unsigned long)va;

    if ( v >= XEN_VIRT_START )
        return v - XEN_VIRT_START;
    return v - DIRECTMAP_VIRT_START;
}

#define __va(ma) maddr_to_virt(ma)
#define __pa(va) virt_to_maddr(va)

#define mfn_to_virt(mfn) maddr_to_virt((paddr_t)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(va)  (virt_to_maddr(va) >> PAGE_SHIFT)

#endif /* ASM_X86_PAGE_H */
