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
 * the command line, then hvm_start_info + module list + memory map.
 *
 * Only the PVH 32-bit entry (XEN_ELFNOTE_PHYS32_ENTRY) is built.  There
 * is no xenstore: HVM_PARAM_STORE_PFN stays 0.
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
    uint64_t entry;             /* PHYS32 entry */
    struct hvm_memmap_table_entry memmap[XG_NR_MEMMAP];
};

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
