/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMCS field encodings (SDM Vol. 3D, appendix B) and control bits
 * (SDM Vol. 3C, chapter 25), plus the VMX instruction wrappers.
 */
#ifndef ASM_X86_HVM_VMX_VMCS_H
#define ASM_X86_HVM_VMX_VMCS_H

#include <xen/types.h>

/* 16-bit fields. */
#define VIRTUAL_PROCESSOR_ID        0x0000
#define GUEST_ES_SELECTOR           0x0800
#define GUEST_CS_SELECTOR           0x0802
#define GUEST_SS_SELECTOR           0x0804
#define GUEST_DS_SELECTOR           0x0806
#define GUEST_FS_SELECTOR           0x0808
#define GUEST_GS_SELECTOR           0x080a
#define GUEST_LDTR_SELECTOR         0x080c
#define GUEST_TR_SELECTOR           0x080e
#define HOST_ES_SELECTOR            0x0c00
#define HOST_CS_SELECTOR            0x0c02
#define HOST_SS_SELECTOR            0x0c04
#define HOST_DS_SELECTOR            0x0c06
#define HOST_FS_SELECTOR            0x0c08
#define HOST_GS_SELECTOR            0x0c0a
#define HOST_TR_SELECTOR            0x0c0c

/* 64-bit fields. */
#define IO_BITMAP_A                 0x2000
#define IO_BITMAP_B                 0x2002
#define MSR_BITMAP                  0x2004
#define VM_EXIT_MSR_STORE_ADDR      0x2006
#define VM_EXIT_MSR_LOAD_ADDR       0x2008
#define VM_ENTRY_MSR_LOAD_ADDR      0x200a
#define TSC_OFFSET                  0x2010
#define EPT_POINTER                 0x201a
#define GUEST_PHYSICAL_ADDRESS      0x2400
#define VMCS_LINK_POINTER           0x2800
#define GUEST_IA32_DEBUGCTL         0x2802
#define GUEST_PAT                   0x2804
#define GUEST_EFER                  0x2806
#define GUEST_PDPTE0                0x280a
#define HOST_PAT                    0x2c00
#define HOST_EFER                   0x2c02

/* 32-bit fields. */
#define PIN_BASED_VM_EXEC_CONTROL   0x4000
#define CPU_BASED_VM_EXEC_CONTROL   0x4002
#define EXCEPTION_BITMAP            0x4004
#define PAGE_FAULT_ERROR_CODE_MASK  0x4006
#define PAGE_FAULT_ERROR_CODE_MATCH 0x4008
#define CR3_TARGET_COUNT            0x400a
#define VM_EXIT_CONTROLS            0x400c
#define VM_EXIT_MSR_STORE_COUNT     0x400e
#define VM_EXIT_MSR_LOAD_COUNT      0x4010
#define VM_ENTRY_CONTROLS           0x4012
#define VM_ENTRY_MSR_LOAD_COUNT     0x4014
#define VM_ENTRY_INTR_INFO          0x4016
#define VM_ENTRY_EXCEPTION_ERROR_CODE 0x4018
#define VM_ENTRY_INSTRUCTION_LEN    0x401a
#define TPR_THRESHOLD               0x401c
#define SECONDARY_VM_EXEC_CONTROL   0x401e
#define VM_INSTRUCTION_ERROR        0x4400
#define VM_EXIT_REASON              0x4402
#define VM_EXIT_INTR_INFO           0x4404
#define VM_EXIT_INTR_ERROR_CODE     0x4406
#define IDT_VECTORING_INFO          0x4408
#define IDT_VECTORING_ERROR_CODE    0x440a
#define VM_EXIT_INSTRUCTION_LEN     0x440c
#define VMX_INSTRUCTION_INFO        0x440e
#define GUEST_ES_LIMIT              0x4800
#define GUEST_CS_LIMIT              0x4802
#define GUEST_SS_LIMIT              0x4804
#define GUEST_DS_LIMIT              0x4806
#define GUEST_FS_LIMIT              0x4808
#define GUEST_GS_LIMIT              0x480a
#define GUEST_LDTR_LIMIT            0x480c
#define GUEST_TR_LIMIT              0x480e
#define GUEST_GDTR_LIMIT            0x4810
#define GUEST_IDTR_LIMIT            0x4812
#define GUEST_ES_AR_BYTES           0x4814
#define GUEST_CS_AR_BYTES           0x4816
#define GUEST_SS_AR_BYTES           0x4818
#define GUEST_DS_AR_BYTES           0x481a
#define GUEST_FS_AR_BYTES           0x481c
#define GUEST_GS_AR_BYTES           0x481e
#define GUEST_LDTR_AR_BYTES         0x4820
#define GUEST_TR_AR_BYTES           0x4822
#define GUEST_INTERRUPTIBILITY_INFO 0x4824
#define GUEST_ACTIVITY_STATE        0x4826
#define GUEST_SYSENTER_CS           0x482a
#define VMX_PREEMPTION_TIMER_VALUE  0x482e
#define HOST_SYSENTER_CS            0x4c00

/* Natural-width fields. */
#define CR0_GUEST_HOST_MASK         0x6000
#define CR4_GUEST_HOST_MASK         0x6002
#define CR0_READ_SHADOW             0x6004
#define CR4_READ_SHADOW             0x6006
#define EXIT_QUALIFICATION          0x6400
#define GUEST_LINEAR_ADDRESS        0x640a
#define GUEST_CR0                   0x6800
#define GUEST_CR3                   0x6802
#define GUEST_CR4                   0x6804
#define GUEST_ES_BASE               0x6806
#define GUEST_CS_BASE               0x6808
#define GUEST_SS_BASE               0x680a
#define GUEST_DS_BASE               0x680c
#define GUEST_FS_BASE               0x680e
#define GUEST_GS_BASE               0x6810
#define GUEST_LDTR_BASE             0x6812
#define GUEST_TR_BASE               0x6814
#define GUEST_GDTR_BASE             0x6816
#define GUEST_IDTR_BASE             0x6818
#define GUEST_DR7                   0x681a
#define GUEST_RSP                   0x681c
#define GUEST_RIP                   0x681e
#define GUEST_RFLAGS                0x6820
#define GUEST_PENDING_DBG_EXCEPTIONS 0x6822
#define GUEST_SYSENTER_ESP          0x6824
#define GUEST_SYSENTER_EIP          0x6826
#define HOST_CR0                    0x6c00
#define HOST_CR3                    0x6c02
#define HOST_CR4                    0x6c04
#define HOST_FS_BASE                0x6c06
#define HOST_GS_BASE                0x6c08
#define HOST_TR_BASE                0x6c0a
#define HOST_GDTR_BASE              0x6c0c
#define HOST_IDTR_BASE              0x6c0e
#define HOST_SYSENTER_ESP           0x6c10
#define HOST_SYSENTER_EIP           0x6c12
#define HOST_RSP                    0x6c14
#define HOST_RIP                    0x6c16

/* Pin-based controls (SDM Vol. 3C, 25.6.1). */
#define PIN_BASED_EXT_INTR_MASK     (1U << 0)
#define PIN_BASED_NMI_EXITING       (1U << 3)
#define PIN_BASED_VIRTUAL_NMIS      (1U << 5)

/* Primary processor-based controls (25.6.2). */
#define CPU_BASED_VIRTUAL_INTR_PENDING (1U << 2)
#define CPU_BASED_HLT_EXITING       (1U << 7)
#define CPU_BASED_INVLPG_EXITING    (1U << 9)
#define CPU_BASED_MWAIT_EXITING     (1U << 10)
#define CPU_BASED_RDPMC_EXITING     (1U << 11)
#define CPU_BASED_CR3_LOAD_EXITING  (1U << 15)
#define CPU_BASED_CR3_STORE_EXITING (1U << 16)
#define CPU_BASED_CR8_LOAD_EXITING  (1U << 19)
#define CPU_BASED_CR8_STORE_EXITING (1U << 20)
#define CPU_BASED_MOV_DR_EXITING    (1U << 23)
#define CPU_BASED_UNCOND_IO_EXITING (1U << 24)
#define CPU_BASED_ACTIVATE_IO_BITMAP (1U << 25)
#define CPU_BASED_ACTIVATE_MSR_BITMAP (1U << 28)
#define CPU_BASED_MONITOR_EXITING   (1U << 29)

/* Secondary controls (25.6.2). */
#define SECONDARY_EXEC_ENABLE_RDTSCP (1U << 3)
#define SECONDARY_EXEC_WBINVD_EXITING (1U << 6)
#define SECONDARY_EXEC_ENABLE_INVPCID (1U << 12)
#define SECONDARY_EXEC_XSAVES       (1U << 20)

/* VM-exit controls (25.7.1). */
#define VM_EXIT_SAVE_DEBUG_CNTRLS   (1U << 2)
#define VM_EXIT_IA32E_MODE          (1U << 9)
#define VM_EXIT_ACK_INTR_ON_EXIT    (1U << 15)
#define VM_EXIT_SAVE_GUEST_PAT      (1U << 18)
#define VM_EXIT_LOAD_HOST_PAT       (1U << 19)
#define VM_EXIT_SAVE_GUEST_EFER     (1U << 20)
#define VM_EXIT_LOAD_HOST_EFER      (1U << 21)

/* VM-entry controls (25.8.1). */
#define VM_ENTRY_LOAD_DEBUG_CNTRLS  (1U << 2)
#define VM_ENTRY_IA32E_MODE         (1U << 9)
#define VM_ENTRY_LOAD_GUEST_PAT     (1U << 14)
#define VM_ENTRY_LOAD_GUEST_EFER    (1U << 15)

/* Interruption information (25.8.3, 26.9.2). */
#define INTR_INFO_VECTOR_MASK       0xffU
#define INTR_INFO_TYPE_SHIFT        8
#define INTR_INFO_DELIVER_CODE      (1U << 11)
#define INTR_INFO_NMI_UNBLOCKED     (1U << 12)
#define INTR_INFO_VALID             (1U << 31)

/* Interruptibility state (26.4.2). */
#define INTR_SHADOW_STI             (1U << 0)
#define INTR_SHADOW_MOV_SS          (1U << 1)

/* Basic exit reasons (appendix C). */
#define EXIT_REASON_EXCEPTION_NMI       0
#define EXIT_REASON_EXTERNAL_INTERRUPT  1
#define EXIT_REASON_TRIPLE_FAULT        2
#define EXIT_REASON_INIT                3
#define EXIT_REASON_SIPI                4
#define EXIT_REASON_PENDING_VIRT_INTR   7
#define EXIT_REASON_PENDING_VIRT_NMI    8
#define EXIT_REASON_TASK_SWITCH         9
#define EXIT_REASON_CPUID               10
#define EXIT_REASON_GETSEC              11
#define EXIT_REASON_HLT                 12
#define EXIT_REASON_INVD                13
#define EXIT_REASON_INVLPG              14
#define EXIT_REASON_RDPMC               15
#define EXIT_REASON_RDTSC               16
#define EXIT_REASON_RSM                 17
#define EXIT_REASON_VMCALL              18
#define EXIT_REASON_VMCLEAR             19
#define EXIT_REASON_VMLAUNCH            20
#define EXIT_REASON_VMPTRLD             21
#define EXIT_REASON_VMPTRST             22
#define EXIT_REASON_VMREAD              23
#define EXIT_REASON_VMRESUME            24
#define EXIT_REASON_VMWRITE             25
#define EXIT_REASON_VMXOFF              26
#define EXIT_REASON_VMXON               27
#define EXIT_REASON_CR_ACCESS           28
#define EXIT_REASON_DR_ACCESS           29
#define EXIT_REASON_IO_INSTRUCTION      30
#define EXIT_REASON_MSR_READ            31
#define EXIT_REASON_MSR_WRITE           32
#define EXIT_REASON_INVALID_GUEST_STATE 33
#define EXIT_REASON_MSR_LOADING         34
#define EXIT_REASON_MWAIT_INSTRUCTION   36
#define EXIT_REASON_MONITOR_TRAP_FLAG   37
#define EXIT_REASON_MONITOR_INSTRUCTION 39
#define EXIT_REASON_PAUSE_INSTRUCTION   40
#define EXIT_REASON_MCE_DURING_VMENTRY  41
#define EXIT_REASON_TPR_BELOW_THRESHOLD 43
#define EXIT_REASON_APIC_ACCESS         44
#define EXIT_REASON_EOI_INDUCED         45
#define EXIT_REASON_ACCESS_GDTR_OR_IDTR 46
#define EXIT_REASON_ACCESS_LDTR_OR_TR   47
#define EXIT_REASON_EPT_VIOLATION       48
#define EXIT_REASON_EPT_MISCONFIG       49
#define EXIT_REASON_INVEPT              50
#define EXIT_REASON_RDTSCP              51
#define EXIT_REASON_PREEMPTION_TIMER    52
#define EXIT_REASON_INVVPID             53
#define EXIT_REASON_WBINVD              54
#define EXIT_REASON_XSETBV              55
#define EXIT_REASON_APIC_WRITE          56
#define EXIT_REASON_RDRAND              57
#define EXIT_REASON_INVPCID             58
#define EXIT_REASON_VMFUNC              59
#define EXIT_REASON_ENCLS               60
#define EXIT_REASON_RDSEED              61
#define EXIT_REASON_PML_FULL            62
#define EXIT_REASON_XSAVES              63
#define EXIT_REASON_XRSTORS             64
#define VMX_NR_EXIT_REASONS             76

#define VMX_EXIT_REASON_FAILED_ENTRY    (1U << 31)

/* Instruction wrappers.  Failure (CF or ZF set) returns false. */
static inline bool vmx_on(paddr_t pa)
{
    bool ok;

    __asm__ __volatile__ ( "vmxon %1; setnbe %0"
                           : "=qm" (ok) : "m" (pa) : "cc", "memory" );
    return ok;
}

static inline bool vmx_clear(paddr_t pa)
{
    bool ok;

    __asm__ __volatile__ ( "vmclear %1; setnbe %0"
                           : "=qm" (ok) : "m" (pa) : "cc", "memory" );
    return ok;
}

static inline bool vmx_ptrld(paddr_t pa)
{
    bool ok;

    __asm__ __volatile__ ( "vmptrld %1; setnbe %0"
                           : "=qm" (ok) : "m" (pa) : "cc", "memory" );
    return ok;
}

static inline unsigned long vmread(unsigned long field)
{
    unsigned long v;

    __asm__ __volatile__ ( "vmread %1, %0" : "=rm" (v) : "r" (field)
                           : "cc" );
    return v;
}

static inline void vmwrite(unsigned long field, unsigned long v)
{
    __asm__ __volatile__ ( "vmwrite %1, %0" :: "r" (field), "rm" (v)
                           : "cc" );
}

/* INVEPT/INVVPID descriptors and types (SDM Vol. 3C, 30.3). */
#define INVEPT_SINGLE_CONTEXT   1
#define INVEPT_ALL_CONTEXT      2
#define INVVPID_SINGLE_CONTEXT  1
#define INVVPID_ALL_CONTEXT     2

static inline void invept(unsigned long type, u64 eptp)
{
    struct { u64 eptp, rsvd; } desc = { eptp, 0 };

    __asm__ __volatile__ ( "invept %0, %1" :: "m" (desc), "r" (type)
                           : "cc", "memory" );
}

static inline void invvpid(unsigned long type, u16 vpid)
{
    struct { u64 vpid, gva; } desc = { vpid, 0 };

    __asm__ __volatile__ ( "invvpid %0, %1" :: "m" (desc), "r" (type)
                           : "cc", "memory" );
}

#endif /* ASM_X86_HVM_VMX_VMCS_H */
