/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_HVM_VMX_H
#define ASM_X86_HVM_VMX_H

#include <xen/types.h>

/* VMX controls we look for (SDM Vol. 3C, 24.6 and A.3). */
#define PIN_BASED_PREEMPT_TIMER     (1U << 6)
#define CPU_BASED_ACTIVATE_SECONDARY (1U << 31)
#define SECONDARY_EXEC_ENABLE_EPT   (1U << 1)
#define SECONDARY_EXEC_ENABLE_VPID  (1U << 5)
#define SECONDARY_EXEC_UNRESTRICTED (1U << 7)
#define VMX_BASIC_TRUE_CTLS         (1ULL << 55)

struct vmx_caps {
    bool vmx, ept, vpid, unrestricted_guest, preemption_timer;
    u32 revision_id;
};

/* VMX-private per-vCPU state. */
struct vmx_vcpu {
    void *vmcs;                 /* the VMCS region (direct map) */
    paddr_t vmcs_pa;
    int active_cpu;             /* CPU it is loaded on, or -1 */
    bool launched;              /* VMLAUNCH done on active_cpu */
    u16 vpid;
    unsigned long ept_generation;   /* p2m generation last INVEPTed */
    int ept_synced_cpu;         /* CPU whose EPT TLB holds our entries */
    u64 host_cr3_seen;
};

#endif /* ASM_X86_HVM_VMX_H */
