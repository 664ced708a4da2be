/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_HVM_SVM_H
#define ASM_X86_HVM_SVM_H

#include <xen/types.h>

struct vmcb;

/* SVM-private per-vCPU state. */
struct svm_vcpu {
    struct vmcb *vmcb;          /* the VMCB page (direct map) */
    paddr_t vmcb_pa;
    /*
     * The ASID this vCPU's translations are tagged with, valid on
     * asid_cpu while that CPU's ASID generation is asid_generation.
     */
    u32 asid;
    int asid_cpu;
    u64 asid_generation;
    unsigned long p2m_generation;   /* p2m generation the ASID is fresh for */
    /*
     * The last instruction length decoded without NRIPS, and where: a
     * guest making hypercalls in a loop exits at the same RIP each time.
     */
    u64 insn_rip, insn_cr3;
    u8 insn_kind, insn_len;
};

#endif /* ASM_X86_HVM_SVM_H */
