/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m's entry format for VMX: Intel's EPT.  Formats are those of
 * SDM Vol. 3C, 28.2.2 "EPT Translation Mechanism" (tables 28-1 to 28-6)
 * and 24.6.11 "Extended-Page-Table Pointer (EPTP)".  The walks that use
 * it are in p2m-pt.c.
 */
#include <xen/lib.h>
#include <asm/page.h>

#include "p2m.h"

#define EPT_LEVELS      4

/* Entry bits (tables 28-1 to 28-6). */
#define EPT_R           (1UL << 0)
#define EPT_W           (1UL << 1)
#define EPT_X           (1UL << 2)
#define EPT_RWX         (EPT_R | EPT_W | EPT_X)
#define EPT_MT_SHIFT    3           /* leaves only: memory type, 5:3 */
#define EPT_IPAT        (1UL << 6)  /* leaves only: ignore guest PAT */
#define EPT_SUPERPAGE   (1UL << 7)  /* PDPTE/PDE: maps 1 GiB / 2 MiB */
#define EPT_ADDR_MASK   0x000ffffffffff000UL    /* bits 51:12 */

/*
 * Bits 52-57 of a leaf are ignored by the CPU (bit 57 unless guest-
 * paging verification is enabled, which we never do): they hold the
 * p2m type, so that it survives in the one place the mapping lives.
 */
#define EPT_TYPE_SHIFT  52
#define EPT_TYPE_MASK   (0x3fUL << EPT_TYPE_SHIFT)

/*
 * A p2m_reserved leaf has R, W and X clear, so the CPU treats it as not
 * present and ignores bits 62:3 (28.2.2).  Bit 62 there marks a reserved
 * range recorded without a machine frame.
 */
#define EPT_NO_MFN      (1UL << 62)

/* Memory types (28.2.6 "EPT and Memory Typing"; 24.6.11 for EPTP). */
#define EPT_MT_UC       0UL
#define EPT_MT_WB       6UL

/* A RAM leaf's memory type: write-back, whatever the guest's PAT says. */
#define EPT_RAM_MT      ((EPT_MT_WB << EPT_MT_SHIFT) | EPT_IPAT)

/* EPTP (24.6.11): bits 2:0 memory type, 5:3 walk length - 1, 6 A/D. */
#define EPTP_WALK_SHIFT 3

BUILD_BUG_ON(p2m_grant_map_ro > (EPT_TYPE_MASK >> EPT_TYPE_SHIFT));

const struct p2m_pt_format p2m_ept_format = {
    .present = EPT_RWX,
    /*
     * Table entries allow everything: the permissions that apply are the
     * intersection along the walk, so the leaf alone decides.  Bits 7:3
     * of a non-leaf entry are reserved and stay 0 (tables 28-1, 28-3,
     * 28-5).
     */
    .table = EPT_RWX,
    /*
     * RAM is write-back whatever the guest's PAT says, so that a guest
     * cannot make the hypervisor's view of its memory incoherent.  MMIO
     * is UC with the guest's PAT honoured: combined with EPT UC, every
     * PAT type but WC gives UC, and WC lets a guest map a frame buffer
     * write-combining.  p2m_reserved: not present, nothing but the type.
     */
    .leaf = {
        [p2m_ram_rw]       = EPT_RWX | EPT_RAM_MT,
        [p2m_grant_map_rw] = EPT_RWX | EPT_RAM_MT,
        [p2m_ram_ro]       = EPT_R | EPT_X | EPT_RAM_MT,
        [p2m_grant_map_ro] = EPT_R | EPT_X | EPT_RAM_MT,
        [p2m_mmio_direct]  = EPT_R | EPT_W | (EPT_MT_UC << EPT_MT_SHIFT),
    },
    .superpage = EPT_SUPERPAGE,
    .addr_mask = EPT_ADDR_MASK,
    .type_mask = EPT_TYPE_MASK,
    .type_shift = EPT_TYPE_SHIFT,
    .no_mfn = EPT_NO_MFN,
    /* ept_make_eptp() leaves A/D flags off: the CPU never writes. */
    .cpu_set = 0,
};

u64 ept_make_eptp(paddr_t root_maddr)
{
    /*
     * Write-back paging-structure accesses, and A/D flags off: we never
     * read them, and with them on the CPU writes to the tables.
     */
    return root_maddr | ((u64)(EPT_LEVELS - 1) << EPTP_WALK_SHIFT) |
           EPT_MT_WB;
}
