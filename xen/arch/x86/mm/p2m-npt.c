/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m's entry format for SVM: AMD nested paging (APM Vol. 2, 15.25
 * "Nested Paging"), whose tables are ordinary four-level long-mode page
 * tables (5.3 "Long-Mode Page Translation", 5.4 "Page-Translation-Table
 * Entry Fields").  nCR3 in the VMCB takes the root's machine address as
 * it is: PWT and PCD clear, so the CPU reads the tables write-back.  The
 * walks that use this format are in p2m-pt.c.
 */
#include <xen/lib.h>
#include <asm/page.h>

#include "p2m.h"

/* Entry bits (5.4). */
#define NPT_P           (1UL << 0)
#define NPT_RW          (1UL << 1)
#define NPT_US          (1UL << 2)
#define NPT_PWT         (1UL << 3)
#define NPT_PCD         (1UL << 4)
#define NPT_A           (1UL << 5)
#define NPT_D           (1UL << 6)  /* leaves only */
#define NPT_PS          (1UL << 7)  /* PDPTE/PDE: maps 1 GiB / 2 MiB */
#define NPT_ADDR_MASK   0x000ffffffffff000UL    /* bits 51:12 */

/*
 * Bits 58:52 of every long-mode entry are ignored by the CPU, present or
 * not (62:59 may be a leaf's protection key, and 63 is NX, valid only
 * with EFER.NXE): 57:52 hold the p2m type, as in the EPT format.
 */
#define NPT_TYPE_SHIFT  52
#define NPT_TYPE_MASK   (0x3fUL << NPT_TYPE_SHIFT)

/*
 * A p2m_reserved leaf has P clear, so the CPU ignores all its other bits;
 * bit 58 there marks a reserved range recorded without a machine frame.
 */
#define NPT_NO_MFN      (1UL << 58)

BUILD_BUG_ON(p2m_grant_map_ro > (NPT_TYPE_MASK >> NPT_TYPE_SHIFT));

/*
 * Every access through nested paging is a user access (15.25.5), so U/S
 * is set at every level, or the guest could reach nothing.  Permissions
 * are the intersection along the walk: table entries allow writes, and
 * the leaf alone decides.
 *
 * NX (bit 63) is never used: everything is executable, as under EPT's X,
 * and the bit would be reserved if the host ran without EFER.NXE.  The
 * PAT bit (7 in a PTE, 12 in a large leaf) is never set either, so PCD
 * and PWT choose between entries 0 (RAM: WB) and 3 (MMIO: UC) of the
 * host PAT, as the power-on PAT has them (7.8 "Page-Attribute Table
 * Mechanism").  Unlike EPT, nested paging has no "ignore guest PAT": the
 * guest's type combines with this one (15.25, "Combining Nested and
 * Guest Attributes"), so a guest may make its own view of its RAM
 * stricter than WB.
 */
const struct p2m_pt_format p2m_npt_format = {
    .present = NPT_P,
    .table = NPT_P | NPT_RW | NPT_US,
    .leaf = {
        [p2m_ram_rw]       = NPT_P | NPT_RW | NPT_US,
        [p2m_grant_map_rw] = NPT_P | NPT_RW | NPT_US,
        [p2m_ram_ro]       = NPT_P | NPT_US,
        [p2m_grant_map_ro] = NPT_P | NPT_US,
        [p2m_mmio_direct]  = NPT_P | NPT_RW | NPT_US | NPT_PCD | NPT_PWT,
    },
    .superpage = NPT_PS,
    .addr_mask = NPT_ADDR_MASK,
    .type_mask = NPT_TYPE_MASK,
    .type_shift = NPT_TYPE_SHIFT,
    .no_mfn = NPT_NO_MFN,
    /*
     * There is no way to turn the A and D flags off: the CPU sets them in
     * the entries it walks (5.4).
     */
    .cpu_set = NPT_A | NPT_D,
};
