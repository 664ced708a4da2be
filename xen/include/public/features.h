/* SPDX-License-Identifier: MIT */
/*
 * Feature flags that a guest and the hypervisor negotiate, reported to
 * guests through XENVER_get_features and named in ELF notes.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

/* The guest may write its page tables directly (trapped and checked). */
#define XENFEAT_writable_page_tables        0
/* The guest may write its descriptor tables directly. */
#define XENFEAT_writable_descriptor_tables  1
/* The hypervisor translates guest-physical to machine addresses. */
#define XENFEAT_auto_translated_physmap     2
/* The guest kernel runs in ring 0. */
#define XENFEAT_supervisor_mode_kernel      3
/* 32-bit PAE page directories may live above 4 GiB. */
#define XENFEAT_pae_pgdir_above_4gb         4
/* MMU_PT_UPDATE_PRESERVE_AD is available. */
#define XENFEAT_mmu_pt_update_preserve_ad   5
/* MMU_CLEAR_PAGE and MMU_COPY_PAGE (high memory assistance) exist. */
#define XENFEAT_highmem_assist              6
/* Grant mappings leave some PTE bits available to the guest. */
#define XENFEAT_gnttab_map_avail_bits       7
/* HVM guests may receive event channels through a callback vector. */
#define XENFEAT_hvm_callback_vector         8
/* The PV clock is safe to use in HVM guests. */
#define XENFEAT_hvm_safe_pvclock            9
/* HVM guests' PIRQs are delivered through event channels. */
#define XENFEAT_hvm_pirqs                   10
/* The guest is the control domain. */
#define XENFEAT_dom0                        11
/* Granted pages are mapped 1:1 in the mapping guest's physmap. */
#define XENFEAT_grant_map_identity          12
/* XENMEM_get_vnumainfo is available. */
#define XENFEAT_memory_op_vnode_supported   13
/* The ARM SMCCC interface is available. */
#define XENFEAT_ARM_SMCCC_supported         14
/* The RSDP may be anywhere, not only in the legacy BIOS area. */
#define XENFEAT_linux_rsdp_unrestricted     15
/* Guest memory is mapped 1:1 to machine memory. */
#define XENFEAT_direct_mapped               16
/* Guest memory is not mapped 1:1 to machine memory. */
#define XENFEAT_not_direct_mapped           17

/* Number of 32-bit words needed to hold every feature bit. */
#define XENFEAT_NR_SUBMAPS                  1

#endif /* XEN_PUBLIC_FEATURES_H */
