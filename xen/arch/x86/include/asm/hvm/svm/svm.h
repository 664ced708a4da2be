/* SPDX-License-Identifier: GPL-2.0-only */
/* Interfaces private to the SVM backend (hvm/svm/). */
#ifndef ASM_X86_HVM_SVM_SVM_H
#define ASM_X86_HVM_SVM_SVM_H

#include <xen/types.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm.h>
#include <asm/hvm/svm/vmcb.h>

#define MSR_VM_CR               0xc0010114
#define  VM_CR_SVMDIS           (1ULL << 4)
#define MSR_VM_HSAVE_PA         0xc0010117
#define EFER_SVME               (1UL << 12)

/* CPUID 0x8000000a EDX (APM Vol. 3, E.4.9). */
#define SVM_FEATURE_NPT         (1U << 0)
#define SVM_FEATURE_NRIPS       (1U << 3)

struct svm_caps {
    bool svm, npt, nrips, page1g;
    u32 nr_asids;
};
extern struct svm_caps svm_bsp_caps;

/* Per-CPU SVM state. */
struct svm_cpu {
    void *hsave;                /* where VMRUN keeps host state */
    struct vmcb *host_vmcb;     /* host FS/GS/TR/... for VMLOAD/VMSAVE */
    paddr_t host_vmcb_pa;
    u32 next_asid;
    u64 asid_generation;
};
struct svm_cpu *svm_this_cpu(void);

/* What the entry stub needs; see entry.S. */
struct svm_entry_frame {
    paddr_t vmcb_pa;
    paddr_t host_vmcb_pa;
    struct guest_regs *regs;
};

/* vmcb.c */
void svm_probe(struct svm_caps *c);
int svm_setup_bitmaps(void);
int svm_create_vmcb(struct vcpu *v);
void svm_destroy_vmcb(struct vcpu *v);
void svm_write_initial_state(struct vcpu *v,
                             const struct hvm_initial_state *s);
void svm_vmcb_dump(struct vcpu *v);

/* asid.c */
void svm_asid_assign(struct vcpu *v);

/* insn_len.c */
enum svm_insn {
    SVM_INSN_HLT, SVM_INSN_CPUID, SVM_INSN_RDMSR, SVM_INSN_WRMSR,
    SVM_INSN_VMMCALL, SVM_INSN_XSETBV, SVM_INSN_WBINVD, SVM_INSN_INVD,
    SVM_INSN_NR
};
unsigned int svm_insn_len(struct vcpu *v, enum svm_insn insn);

/* svm.c */
struct svm_entry_frame *svm_prepare_entry(void);
void svm_vmexit_handler(void);

#endif /* ASM_X86_HVM_SVM_SVM_H */
