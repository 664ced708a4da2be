/* SPDX-License-Identifier: MIT */
/*
 * The Xen guest ABI: hypercall numbers, domain ids and the structures
 * shared between the hypervisor and every guest (x86-64 layouts).
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include <stdint.h>

typedef uint16_t domid_t;
typedef uint64_t xen_pfn_t;
typedef uint64_t xen_ulong_t;

/* Hypercall numbers (RAX on vmcall). */
#define __HYPERVISOR_set_trap_table        0
#define __HYPERVISOR_mmu_update            1
#define __HYPERVISOR_set_gdt               2
#define __HYPERVISOR_stack_switch          3
#define __HYPERVISOR_set_callbacks         4
#define __HYPERVISOR_fpu_taskswitch        5
#define __HYPERVISOR_sched_op_compat       6
#define __HYPERVISOR_platform_op           7
#define __HYPERVISOR_set_debugreg          8
#define __HYPERVISOR_get_debugreg          9
#define __HYPERVISOR_update_descriptor    10
#define __HYPERVISOR_memory_op            12
#define __HYPERVISOR_multicall            13
#define __HYPERVISOR_update_va_mapping    14
#define __HYPERVISOR_set_timer_op         15
#define __HYPERVISOR_event_channel_op_compat 16
#define __HYPERVISOR_xen_version          17
#define __HYPERVISOR_console_io           18
#define __HYPERVISOR_physdev_op_compat    19
#define __HYPERVISOR_grant_table_op       20
#define __HYPERVISOR_vm_assist            21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                 23
#define __HYPERVISOR_vcpu_op              24
#define __HYPERVISOR_set_segment_base     25
#define __HYPERVISOR_mmuext_op            26
#define __HYPERVISOR_xsm_op               27
#define __HYPERVISOR_nmi_op               28
#define __HYPERVISOR_sched_op             29
#define __HYPERVISOR_callback_op          30
#define __HYPERVISOR_xenoprof_op          31
#define __HYPERVISOR_event_channel_op     32
#define __HYPERVISOR_physdev_op           33
#define __HYPERVISOR_hvm_op               34
#define __HYPERVISOR_sysctl               35
#define __HYPERVISOR_domctl               36
#define __HYPERVISOR_kexec_op             37
#define __HYPERVISOR_tmem_op              38
#define __HYPERVISOR_argo_op              39
#define __HYPERVISOR_xenpmu_op            40
#define __HYPERVISOR_dm_op                41
#define __HYPERVISOR_hypfs_op             42
#define NR_hypercalls                     64

/* console_io commands. */
#define CONSOLEIO_write     0
#define CONSOLEIO_read      1

/* Special domain ids. */
#define DOMID_FIRST_RESERVED 0x7ff0U
#define DOMID_SELF          0x7ff0U
#define DOMID_IO            0x7ff1U
#define DOMID_XEN           0x7ff2U
#define DOMID_COW           0x7ff3U
#define DOMID_INVALID       0x7ff4U
#define DOMID_IDLE          0x7fffU

#define XEN_LEGACY_MAX_VCPUS 32

/* pvclock: see the version protocol in the PVH notes. */
struct vcpu_time_info {
    uint32_t version;           /* odd while an update is in progress */
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* TSC at the last update */
    uint64_t system_time;       /* ns since boot at tsc_timestamp */
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags;
    uint8_t pad1[2];
};
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)

struct arch_vcpu_info {
    uint64_t cr2;
    uint64_t pad;
};

struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    uint8_t pad0[6];
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};                              /* 64 bytes */

struct arch_shared_info {
    uint64_t max_pfn;
    xen_pfn_t pfn_to_mfn_frame_list_list;
    uint64_t nmi_reason;
    uint64_t p2m_cr3;
    uint64_t p2m_vaddr;
    uint64_t p2m_generation;
};

struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[64];
    xen_ulong_t evtchn_mask[64];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};

/* start_info: the original 64-bit PVH entry passes its address in RSI. */
#define MAX_GUEST_CMDLINE 1024
struct start_info {
    char magic[32];             /* "xen-<version>-x86_64" */
    uint64_t nr_pages;
    uint64_t shared_info;       /* guest-physical for auto-translated */
    uint32_t flags;             /* SIF_* */
    xen_pfn_t store_mfn;
    uint32_t store_evtchn;
    union {
        struct {
            xen_pfn_t mfn;
            uint32_t evtchn;
        } domU;
        struct {
            uint32_t info_off;
            uint32_t info_size;
        } dom0;
    } console;
    uint64_t pt_base;           /* virtual address of the top page table */
    uint64_t nr_pt_frames;
    uint64_t mfn_list;
    uint64_t mod_start;
    uint64_t mod_len;
    char cmd_line[MAX_GUEST_CMDLINE];
    uint64_t first_p2m_pfn;
    uint64_t nr_p2m_frames;
};

#define SIF_PRIVILEGED      (1 << 0)
#define SIF_INITDOMAIN      (1 << 1)
#define SIF_MULTIBOOT_MOD   (1 << 2)
#define SIF_MOD_START_PFN   (1 << 3)
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK         (0xff << 8)

/*
 * Virtual interrupts, bound to ports with EVTCHNOP_bind_virq.  Per-vCPU
 * ones (V) may be bound once on each vCPU; the others are global (G):
 * one binding per domain, made on vCPU 0.
 */
#define VIRQ_TIMER          0   /* V: a vCPU's timer fired */
#define VIRQ_DEBUG          1   /* V: debug key pressed */
#define VIRQ_CONSOLE        2   /* G: hypervisor console has input */
#define VIRQ_DOM_EXC        3   /* G: a domain shut down or crashed */
#define VIRQ_TBUF           4   /* G: trace buffers need attention */
#define VIRQ_DEBUGGER       6   /* G: a domain hit a debug event */
#define VIRQ_XENOPROF       7   /* V: profiling samples ready */
#define VIRQ_CON_RING       8   /* G: console ring has new output */
#define VIRQ_PCPU_STATE     9   /* G: a physical CPU changed state */
#define VIRQ_MEM_EVENT      10  /* G: a memory event is waiting */
#define VIRQ_ARGO           11  /* G: Argo messages arrived */
#define VIRQ_ENOMEM         12  /* G: the hypervisor is low on memory */
#define VIRQ_XENPMU         13  /* V: performance counter overflow */
#define VIRQ_ARCH_0         16  /* 16-23: architecture-specific (G) */
#define VIRQ_ARCH_7         23
#define NR_VIRQS            24

/* vm_assist: commands and the assists a guest may ask for. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0
#define VMASST_TYPE_4gb_segments_notify  1
#define VMASST_TYPE_writable_pagetables  2
#define VMASST_TYPE_pae_extended_cr3     3
#define VMASST_TYPE_architectural_iopl   4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict           32

#endif /* XEN_PUBLIC_XEN_H */
