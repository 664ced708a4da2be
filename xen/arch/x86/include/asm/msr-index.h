/* SPDX-License-Identifier: GPL-2.0-only */
/* Architectural MSR numbers and bits (SDM Vol. 4). */
#ifndef ASM_X86_MSR_INDEX_H
#define ASM_X86_MSR_INDEX_H

#define MSR_IA32_APIC_BASE          0x0000001b
#define  APIC_BASE_BSP              (1UL << 8)
#define  APIC_BASE_EXTD             (1UL << 10)
#define  APIC_BASE_ENABLE           (1UL << 11)
#define MSR_IA32_FEATURE_CONTROL    0x0000003a
#define  FEATURE_CONTROL_LOCK       (1UL << 0)
#define  FEATURE_CONTROL_VMXON_SMX  (1UL << 1)
#define  FEATURE_CONTROL_VMXON      (1UL << 2)
#define MSR_IA32_TSC_DEADLINE       0x000006e0
#define MSR_IA32_VMX_BASIC          0x00000480
#define MSR_IA32_VMX_PINBASED_CTLS  0x00000481
#define MSR_IA32_VMX_PROCBASED_CTLS 0x00000482
#define MSR_IA32_VMX_EXIT_CTLS      0x00000483
#define MSR_IA32_VMX_ENTRY_CTLS     0x00000484
#define MSR_IA32_VMX_MISC           0x00000485
#define MSR_IA32_VMX_CR0_FIXED0     0x00000486
#define MSR_IA32_VMX_CR0_FIXED1     0x00000487
#define MSR_IA32_VMX_CR4_FIXED0     0x00000488
#define MSR_IA32_VMX_CR4_FIXED1     0x00000489
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x0000048b
#define MSR_IA32_VMX_EPT_VPID_CAP   0x0000048c
#define MSR_IA32_VMX_TRUE_PINBASED  0x0000048d
#define MSR_IA32_VMX_TRUE_PROCBASED 0x0000048e
#define MSR_IA32_VMX_TRUE_EXIT      0x0000048f
#define MSR_IA32_VMX_TRUE_ENTRY     0x00000490

#define MSR_EFER                    0xc0000080
#define  EFER_SCE                   (1UL << 0)
#define  EFER_LME                   (1UL << 8)
#define  EFER_LMA                   (1UL << 10)
#define  EFER_NXE                   (1UL << 11)
#define MSR_STAR                    0xc0000081
#define MSR_LSTAR                   0xc0000082
#define MSR_FS_BASE                 0xc0000100
#define MSR_GS_BASE                 0xc0000101
#define MSR_SHADOW_GS_BASE          0xc0000102

/* x2APIC registers: MSR 0x800 + (xAPIC MMIO offset >> 4). */
#define MSR_X2APIC_FIRST            0x00000800

#endif /* ASM_X86_MSR_INDEX_H */
