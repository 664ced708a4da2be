/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Virtual Machine Control Block, as AMD's APM Vol. 2 appendix B lays
 * it out: a control area (intercepts, exit information, event injection,
 * nested paging) at 0 and the guest's state-save area at 0x400.  The
 * offsets are ABI with the CPU; vmcb.c checks each one at build time.
 */
#ifndef ASM_X86_HVM_SVM_VMCB_H
#define ASM_X86_HVM_SVM_VMCB_H

#include <xen/types.h>

struct vmcb_seg {
    u16 sel;
    u16 attr;           /* descriptor bits 47:40 and 55:52, packed */
    u32 limit;
    u64 base;
};

struct vmcb {
    /* Control area (APM Vol. 2, table B-1). */
    u32 cr_intercepts;          /* 0x000: reads 15:0, writes 31:16 */
    u32 dr_intercepts;          /* 0x004 */
    u32 exception_intercepts;   /* 0x008 */
    u32 intercepts1;            /* 0x00c: SVM_INTERCEPT1_* */
    u32 intercepts2;            /* 0x010: SVM_INTERCEPT2_* */
    u8 rsvd0[0x40 - 0x14];
    u64 iopm_base_pa;           /* 0x040 */
    u64 msrpm_base_pa;          /* 0x048 */
    u64 tsc_offset;             /* 0x050 */
    u32 asid;                   /* 0x058 */
    u8 tlb_control;             /* 0x05c: SVM_TLB_* */
    u8 rsvd1[3];
    u64 vintr;                  /* 0x060: SVM_VINTR_* */
    u64 interrupt_shadow;       /* 0x068: bit 0, the STI/MOV SS shadow */
    u64 exitcode;               /* 0x070: SVM_EXIT_* */
    u64 exitinfo1;              /* 0x078 */
    u64 exitinfo2;              /* 0x080 */
    u64 exitintinfo;            /* 0x088: event being delivered */
    u64 np_enable;              /* 0x090: bit 0, nested paging */
    u8 rsvd2[0xa8 - 0x98];
    u64 eventinj;               /* 0x0a8: event to inject at VMRUN */
    u64 n_cr3;                  /* 0x0b0: nested page table root */
    u64 virt_ext;               /* 0x0b8 */
    u32 clean_bits;             /* 0x0c0 */
    u32 rsvd3;
    u64 nextrip;                /* 0x0c8: with NRIPS, the next RIP */
    u8 insn_bytes_nr;           /* 0x0d0 */
    u8 insn_bytes[15];
    u8 rsvd4[0x400 - 0xe0];

    /* State-save area (APM Vol. 2, table B-2). */
    struct vmcb_seg es, cs, ss, ds, fs, gs;     /* 0x400 .. 0x45f */
    struct vmcb_seg gdtr, ldtr, idtr, tr;       /* 0x460 .. 0x49f */
    u8 rsvd5[0x4cb - 0x4a0];
    u8 cpl;                     /* 0x4cb */
    u32 rsvd6;
    u64 efer;                   /* 0x4d0 */
    u8 rsvd7[0x548 - 0x4d8];
    u64 cr4;                    /* 0x548 */
    u64 cr3;                    /* 0x550 */
    u64 cr0;                    /* 0x558 */
    u64 dr7;                    /* 0x560 */
    u64 dr6;                    /* 0x568 */
    u64 rflags;                 /* 0x570 */
    u64 rip;                    /* 0x578 */
    u8 rsvd8[0x5d8 - 0x580];
    u64 rsp;                    /* 0x5d8 */
    u8 rsvd9[0x5f8 - 0x5e0];
    u64 rax;                    /* 0x5f8 */
    u64 star;                   /* 0x600 */
    u64 lstar;                  /* 0x608 */
    u64 cstar;                  /* 0x610 */
    u64 sfmask;                 /* 0x618 */
    u64 kernel_gs_base;         /* 0x620 */
    u64 sysenter_cs;            /* 0x628 */
    u64 sysenter_esp;           /* 0x630 */
    u64 sysenter_eip;           /* 0x638 */
    u64 cr2;                    /* 0x640 */
    u8 rsvd10[0x668 - 0x648];
    u64 g_pat;                  /* 0x668 */
    u64 dbgctl;                 /* 0x670 */
    u8 rsvd11[0x1000 - 0x678];
};

/* intercepts1 (vector 3 in the APM's numbering). */
#define SVM_INTERCEPT1_INTR         (1U << 0)
#define SVM_INTERCEPT1_NMI          (1U << 1)
#define SVM_INTERCEPT1_SMI          (1U << 2)
#define SVM_INTERCEPT1_VINTR        (1U << 4)
#define SVM_INTERCEPT1_CPUID        (1U << 18)
#define SVM_INTERCEPT1_INVD         (1U << 22)
#define SVM_INTERCEPT1_HLT          (1U << 24)
#define SVM_INTERCEPT1_INVLPGA      (1U << 26)
#define SVM_INTERCEPT1_IOIO         (1U << 27)
#define SVM_INTERCEPT1_MSR          (1U << 28)
#define SVM_INTERCEPT1_TASK_SWITCH  (1U << 29)
#define SVM_INTERCEPT1_SHUTDOWN     (1U << 31)

/* intercepts2 (vector 4). */
#define SVM_INTERCEPT2_VMRUN        (1U << 0)
#define SVM_INTERCEPT2_VMMCALL      (1U << 1)
#define SVM_INTERCEPT2_VMLOAD       (1U << 2)
#define SVM_INTERCEPT2_VMSAVE       (1U << 3)
#define SVM_INTERCEPT2_STGI         (1U << 4)
#define SVM_INTERCEPT2_CLGI         (1U << 5)
#define SVM_INTERCEPT2_SKINIT       (1U << 6)
#define SVM_INTERCEPT2_RDTSCP       (1U << 7)
#define SVM_INTERCEPT2_WBINVD       (1U << 9)
#define SVM_INTERCEPT2_MONITOR      (1U << 10)
#define SVM_INTERCEPT2_MWAIT        (1U << 11)
#define SVM_INTERCEPT2_XSETBV       (1U << 13)

/* tlb_control (APM Vol. 2, 15.16.1). */
#define SVM_TLB_NOTHING             0
#define SVM_TLB_FLUSH_ALL           1

/* vintr (APM Vol. 2, 15.21.1 "Virtual Interrupt Control"). */
#define SVM_VINTR_IRQ               (1ULL << 8)
#define SVM_VINTR_PRIO_SHIFT        16
#define SVM_VINTR_IGN_TPR           (1ULL << 20)
#define SVM_VINTR_MASKING           (1ULL << 24)

/* eventinj and exitintinfo (APM Vol. 2, 15.20). */
#define SVM_EVENT_VECTOR_MASK       0xffULL
#define SVM_EVENT_TYPE_SHIFT        8
#define SVM_EVENT_TYPE_INTR         0
#define SVM_EVENT_TYPE_NMI          2
#define SVM_EVENT_TYPE_EXC          3
#define SVM_EVENT_TYPE_SWINT        4
#define SVM_EVENT_ERROR_VALID       (1ULL << 11)
#define SVM_EVENT_VALID             (1ULL << 31)

/* Exit codes (APM Vol. 2, appendix C). */
#define SVM_EXIT_CR0_READ           0x000
#define SVM_EXIT_CR0_WRITE          0x010
#define SVM_EXIT_EXCEPTION_BASE     0x040
#define SVM_EXIT_INTR               0x060
#define SVM_EXIT_NMI                0x061
#define SVM_EXIT_SMI                0x062
#define SVM_EXIT_INIT               0x063
#define SVM_EXIT_VINTR              0x064
#define SVM_EXIT_CPUID              0x072
#define SVM_EXIT_INVD               0x076
#define SVM_EXIT_PAUSE              0x077
#define SVM_EXIT_HLT                0x078
#define SVM_EXIT_INVLPGA            0x07a
#define SVM_EXIT_IOIO               0x07b
#define SVM_EXIT_MSR                0x07c
#define SVM_EXIT_TASK_SWITCH        0x07d
#define SVM_EXIT_SHUTDOWN           0x07f
#define SVM_EXIT_VMRUN              0x080
#define SVM_EXIT_VMMCALL            0x081
#define SVM_EXIT_VMLOAD             0x082
#define SVM_EXIT_VMSAVE             0x083
#define SVM_EXIT_STGI               0x084
#define SVM_EXIT_CLGI               0x085
#define SVM_EXIT_SKINIT             0x086
#define SVM_EXIT_RDTSCP             0x087
#define SVM_EXIT_WBINVD             0x089
#define SVM_EXIT_MONITOR            0x08a
#define SVM_EXIT_MWAIT              0x08b
#define SVM_EXIT_XSETBV             0x08d
#define SVM_EXIT_NPF                0x400
#define SVM_EXIT_INVALID            (~0ULL)

/* IOIO exitinfo1 (APM Vol. 2, 15.10.2). */
#define SVM_IOIO_IN                 (1U << 0)
#define SVM_IOIO_STR                (1U << 2)
#define SVM_IOIO_REP                (1U << 3)
#define SVM_IOIO_SIZE_SHIFT         4       /* one-hot: 1, 2 or 4 bytes */
#define SVM_IOIO_PORT_SHIFT         16

/* Nested page fault exitinfo1: the #PF error code (APM Vol. 2, 15.25.6). */
#define SVM_NPF_PRESENT             (1ULL << 0)
#define SVM_NPF_WRITE               (1ULL << 1)
#define SVM_NPF_FETCH               (1ULL << 4)

#endif /* ASM_X86_HVM_SVM_VMCB_H */
