/* SPDX-License-Identifier: GPL-2.0-only */
/* Interfaces private to the VMX backend (hvm/vmx/). */
#ifndef ASM_X86_HVM_VMX_VMX_H
#define ASM_X86_HVM_VMX_VMX_H

#include <xen/types.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vmx.h>

struct vcpu;

/* Control values chosen at boot from the capability MSRs. */
struct vmx_controls {
    u32 pin, proc, proc2, exit, entry;
    u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
    u32 revision_id;
    u8 preempt_timer_shift;
    bool ept_1g, ept_2m, invept_single, invvpid_single;
};
extern struct vmx_controls vmx_ctls;
extern struct vmx_caps vmx_bsp_caps;

/* vmcs.c */
void vmx_probe(struct vmx_caps *c);
void vmx_msr_passthrough(u32 msr, bool read, bool write);
void vmx_set_segments_flat32(void);
void vmx_set_segments_long64(void);
void vmx_set_segments_real16(u16 cs_sel);
int vmx_probe_and_setup(void);          /* boot CPU: fills vmx_ctls */
int vmx_cpu_enable(void);               /* VMXON on this CPU */
int vmx_create_vmcs(struct vcpu *v);
void vmx_destroy_vmcs(struct vcpu *v);
void vmx_load_vmcs(struct vcpu *v);     /* VMPTRLD + per-CPU host state */
void vmx_clear_vmcs(struct vcpu *v);
void vmx_vmcs_dump(struct vcpu *v);

/* vmx.c */
void vmx_vmexit_handler(void);
void vmx_vmentry_failure(void);

#endif /* ASM_X86_HVM_VMX_VMX_H */
