/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenguest: builds a PVH domU from a privileged domain's user space,
 * with the guest-physical layout of the hypervisor's own builder
 * (xen/arch/x86/hvm/dom0_build.c), whose pure parts it shares: the ELF
 * and Xen note reader (xen/common/libelf.c) and the ACPI tables
 * (xen/arch/x86/hvm/acpi_build.c), compiled for user space.
 *
 * Layout: RAM [0, 0x9f000), one page of ACPI tables at 0x9f000, the
 * legacy hole [640K, 1M) backed but reserved, RAM [1M, end), and the
 * reserved "special" pages [0xfeff8000, 0xff000000) of which only the
 * console ring (gfn 0xfefff) is backed.  The kernel sits at its ELF
 * physical addresses; after it, page-aligned: the ramdisk (module 0),
 * then hvm_start_info + module list + memory map + command line.
 *
 * Both PVH entry ABIs are built, as dom0_build.c does:
 *  - XEN_ELFNOTE_PHYS32_ENTRY (chosen whenever present): flat 32-bit
 *    protected mode, EBX = the hvm_start_info;
 *  - the original 64-bit entry: the kernel's FEATURES must include
 *    writable_descriptor_tables, auto_translated_physmap,
 *    supervisor_mode_kernel and hvm_callback_vector.  Segments sit at
 *    vaddr - VIRT_BASE; after the kernel: the ramdisk (start_info's
 *    mod_start as a pfn, SIF_MOD_START_PFN), the start_info page, three
 *    page-table pages (L4, L3, L2) mapping VIRT_BASE + x -> x with 2 MiB
 *    pages over [0, pt_end), and a 2-page stack.  vCPU 0 starts in long
 *    mode at ENTRY with RSI = VIRT_BASE + start_info, RSP = the stack's
 *    top (virtual), CR3 = the L4.  The HYPERCALL_PAGE note's page is
 *    filled with "mov $nr,%eax; vmcall; ret" stubs, 32 bytes apart.
 * Either way the memory map is also given to the hypervisor
 * (XENMEM_set_memory_map): a 64-bit-ABI guest has no other.  There is no
 * xenstore: HVM_PARAM_STORE_PFN stays 0.
 */
#ifndef XENGUEST_H
#define XENGUEST_H

#include <stddef.h>
#include <stdint.h>

#include "xenctrl.h"
#include <public/hvm/start_info.h>

#define XG_ACPI_START       0x9f000UL
#define XG_LOW_RAM_END      0xa0000UL
#define XG_HIGH_RAM_START   0x100000UL
#define XG_SPECIAL_START    0xfeff8000UL
#define XG_SPECIAL_END      0xff000000UL
#define XG_CONSOLE_GFN      ((XG_SPECIAL_END >> 12) - 1)
/* Pages beyond RAM the domain holds: the legacy hole, the console. */
#define XG_HOLE_PAGES       ((XG_HIGH_RAM_START - XG_LOW_RAM_END) >> 12)
#define XG_EXTRA_PAGES      (XG_HOLE_PAGES + 1)
#define XG_MIN_MEMORY_KB    4096UL
/* The memory map's entries (dom0_build.c's, with the special range). */
#define XG_NR_MEMMAP        5

struct xg_pvh_args {
    const void *kernel;         /* an ELF64 x86-64 image */
    size_t kernel_size;
    const void *ramdisk;        /* NULL: none */
    size_t ramdisk_size;
    const char *cmdline;        /* NULL: empty */
    uint64_t memory_kb;         /* RAM, a multiple of 4 */
    unsigned int max_vcpus;
};

/* Where everything goes, worked out before any hypercall. */
struct xg_pvh_layout {
    uint64_t nr_pages;          /* RAM pages */
    uint64_t ram_end;           /* end of [1M, end) */
    uint64_t kernel_start, kernel_end;
    uint64_t ramdisk_gpa;       /* 0: none */
    uint64_t cmdline_gpa;
    uint64_t info_gpa;          /* hvm_start_info, modlist, memmap */
    uint64_t info_len;
    /* PHYS32: the entry (a gpa).  64-bit: ENTRY (virtual). */
    uint64_t entry;
    struct hvm_memmap_table_entry memmap[XG_NR_MEMMAP];

    /* The 64-bit ABI (info_gpa, info_len and cmdline_gpa are then 0). */
    int long64;
    uint64_t virt_base;
    uint64_t hypercall_gpa;     /* XG_NO_HYPERCALL_PAGE: none */
    uint64_t si_gpa;            /* struct start_info, one page */
    uint64_t pt_gpa;            /* L4, L3, L2: XG_NR_PT_FRAMES pages */
    uint64_t pt_end;            /* they map VIRT_BASE + [0, pt_end) */
    uint64_t stack_gpa;         /* XG_STACK_PAGES pages */
};

#define XG_NO_HYPERCALL_PAGE    UINT64_MAX
#define XG_NR_PT_FRAMES         3
#define XG_STACK_PAGES          2

struct xg_pvh_result {
    domid_t domid;
    uint32_t console_port;      /* in the domU, unbound, for dom0 */
    /*
     * Windows of guest memory that read back different from what was
     * written through a foreign mapping, and were written again: a
     * dom0 or hypervisor problem worth reporting; 0 normally.
     */
    unsigned int rewrites;
    uint64_t first_rewrite_gpa;     /* where the first one started */
    struct xg_pvh_layout layout;
};

/*
 * Checks the kernel and works out the layout; no hypercall.  Returns 0,
 * or -errno with a message in err (errlen bytes, NUL-terminated).
 */
int xg_pvh_plan(const struct xg_pvh_args *a, struct xg_pvh_layout *l,
                char *err, size_t errlen);

/*
 * Builds the domain and leaves it paused, vCPU 0 ready at the entry:
 * unpause it to start it.  Fails (-ENOMEM) before creating anything if
 * the hypervisor has too little free memory.  On any failure after
 * creating the domain it is destroyed again.  Returns 0 with *res
 * filled, or -errno with a message in err.
 */
int xg_pvh_build(xc_interface *xch, const struct xg_pvh_args *a,
                 struct xg_pvh_result *res, char *err, size_t errlen);

/* The pages a domain of memory_kb needs from the hypervisor. */
uint64_t xg_pvh_pages_needed(uint64_t memory_kb);

#endif /* XENGUEST_H */
