/* SPDX-License-Identifier: MIT */
/*
 * ELF notes a guest kernel carries to tell the domain builder how to
 * load and start it.
 *
 * Each note lives in a PT_NOTE segment (or SHT_NOTE section) with the
 * name "Xen".  Numeric values are 4 or 8 bytes, little-endian; strings
 * are ASCII and should be NUL-terminated.
 */
#ifndef XEN_PUBLIC_ELFNOTE_H
#define XEN_PUBLIC_ELFNOTE_H

/* Virtual address of the PV entry point (numeric). */
#define XEN_ELFNOTE_ENTRY               1

/* Virtual address of the hypercall transfer page (numeric). */
#define XEN_ELFNOTE_HYPERCALL_PAGE      2

/* Virtual address the image expects to be mapped at (numeric). */
#define XEN_ELFNOTE_VIRT_BASE           3

/*
 * Amount by which the ELF p_paddr fields exceed the real
 * pseudo-physical load addresses (numeric); older kernels put virtual
 * addresses there.
 */
#define XEN_ELFNOTE_PADDR_OFFSET        4

/* Xen ABI version the kernel was built for, e.g. "xen-3.0" (string). */
#define XEN_ELFNOTE_XEN_VERSION         5

/* Name of the guest operating system, e.g. "linux" (string). */
#define XEN_ELFNOTE_GUEST_OS            6

/* Version of the guest operating system (string). */
#define XEN_ELFNOTE_GUEST_VERSION       7

/* Loader the image is meant for, e.g. "generic" (string). */
#define XEN_ELFNOTE_LOADER              8

/* PAE support of a 32-bit kernel: "yes", "bimodal", ... (string). */
#define XEN_ELFNOTE_PAE_MODE            9

/*
 * Features the kernel supports or needs (string): names from
 * features.h without the XENFEAT_ prefix, separated by '|'.  A name
 * preceded by '!' is required: the kernel cannot run without it.
 */
#define XEN_ELFNOTE_FEATURES            10

/* Whether the symbol table must be loaded too: "yes" or "no" (string). */
#define XEN_ELFNOTE_BSD_SYMTAB          11

/* Lowest address the hypervisor hole may start at (numeric). */
#define XEN_ELFNOTE_HV_START_LOW        12

/* Mask/value pairs identifying L1 entries that hold MFNs (numeric). */
#define XEN_ELFNOTE_L1_MFN_VALID        13

/* The kernel supports cooperative suspend cancellation (numeric). */
#define XEN_ELFNOTE_SUSPEND_CANCEL      14

/* Virtual address at which the initial P2M table is wanted (numeric). */
#define XEN_ELFNOTE_INIT_P2M            15

/* The kernel accepts module start addresses given as PFNs (numeric). */
#define XEN_ELFNOTE_MOD_START_PFN       16

/*
 * Features the kernel supports, as a bitmap of 32-bit words indexed
 * like XENFEAT_* (binary); combined with XEN_ELFNOTE_FEATURES.
 */
#define XEN_ELFNOTE_SUPPORTED_FEATURES  17

/*
 * 32-bit physical entry point for PVH guests (numeric).  Its presence
 * marks a kernel that can be started as a PVH guest.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY        18

#define XEN_ELFNOTE_MAX                 XEN_ELFNOTE_PHYS32_ENTRY

#endif /* XEN_PUBLIC_ELFNOTE_H */
