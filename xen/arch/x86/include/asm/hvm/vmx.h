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

#endif /* ASM_X86_HVM_VMX_H */
