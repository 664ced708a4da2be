/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Address-space identifiers (APM Vol. 2, 15.16).  TLB entries are tagged
 * with the ASID of the guest that made them, so a vCPU keeps its
 * translations across world switches without a flush.
 *
 * Each CPU hands out ASIDs 1 .. nr_asids-1 in order, within a
 * generation.  A vCPU that runs on a new CPU, or whose CPU moved on to a
 * new generation, or whose p2m lost or changed translations since its
 * ASID was handed out, takes a fresh one: entries under its old ASID
 * cannot be reached again before they are flushed.  When a CPU runs out,
 * it starts a new generation with a flush of every ASID.  That needs only
 * TLB_CONTROL 1, which every SVM implementation has; flushing one ASID
 * needs the optional FlushByAsid (QEMU does not offer it).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/hvm/svm/svm.h>

void svm_asid_assign(struct vcpu *v)
{
    struct svm_vcpu *svm = &v->arch.hvm.u.svm;
    struct vmcb *vmcb = svm->vmcb;
    struct svm_cpu *c = svm_this_cpu();
    unsigned long gen = READ_ONCE(v->domain->arch.p2m.generation);
    int cpu = smp_processor_id();

    vmcb->tlb_control = SVM_TLB_NOTHING;
    if ( svm->asid_cpu == cpu && svm->asid_generation == c->asid_generation &&
         svm->p2m_generation == gen )
        return;

    if ( c->next_asid >= svm_bsp_caps.nr_asids || c->next_asid == 0 )
    {
        c->asid_generation++;
        c->next_asid = 1;
        vmcb->tlb_control = SVM_TLB_FLUSH_ALL;
    }
    svm->asid = c->next_asid++;
    svm->asid_cpu = cpu;
    svm->asid_generation = c->asid_generation;
    svm->p2m_generation = gen;
    vmcb->asid = svm->asid;
}
