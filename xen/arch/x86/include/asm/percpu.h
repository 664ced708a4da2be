/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU state.  Each CPU's %gs base points at its struct cpu_info, whose
 * first word points back at itself, so "this CPU" is one %gs-relative
 * load.  The hypervisor never runs user code, so %gs is never swapped.
 */
#ifndef ASM_X86_PERCPU_H
#define ASM_X86_PERCPU_H

#include <xen/types.h>
#include <xen/compiler.h>
#include <asm/processor.h>

struct tss64 {
    u32 rsvd0;
    u64 rsp0, rsp1, rsp2;
    u64 rsvd1;
    u64 ist[7];
    u64 rsvd2;
    u16 rsvd3;
    u16 iomap_base;
} __packed;

struct idt_entry {
    u16 offset0;
    u16 selector;
    u8 ist;
    u8 flags;
    u16 offset1;
    u32 offset2;
    u32 rsvd;
};

#define IST_DF      1       /* double fault: always a known-good stack */
#define IST_NMI_MCE 2       /* NMI and machine check */

struct vcpu;

struct cpu_info {
    struct cpu_info *self;          /* must stay first: %gs:0 */
    unsigned int cpu_id;
    u32 apic_id;
    unsigned long stack_top;        /* this CPU's main stack */
    unsigned long softirq_pending;
    bool online;
    struct vcpu *curr_vcpu;         /* running vCPU, or this CPU's idle */
    struct vcpu *idle_vcpu;
    void *vmxon_region;             /* VMX: this CPU's VMXON page */
    paddr_t vmxon_pa;
    void *loaded_vmcs;              /* VMX: current VMCS, if any */
    u64 timer_deadline_tsc;         /* armed one-shot timer; 0: none */

    struct tss64 tss __aligned(16);
    u64 gdt[GDT_ENTRIES] __aligned(16);
    struct idt_entry idt[256] __aligned(16);
};

extern struct cpu_info cpu_info_area[NR_CPUS];

static inline struct cpu_info *this_cpu_info(void)
{
    struct cpu_info *ci;

    /*
     * volatile and a memory clobber: the value changes when %gs base is
     * loaded, which the compiler cannot see, so it must not hoist this.
     */
    __asm__ __volatile__ ( "mov %%gs:0, %0" : "=r" (ci) :: "memory" );
    return ci;
}

#define smp_processor_id() (this_cpu_info()->cpu_id)
#define per_cpu_info(cpu)  (&cpu_info_area[cpu])

/* Loads this CPU's GDT, TSS, IDT and %gs base; used by every CPU. */
void cpu_init_descriptors(unsigned int cpu, unsigned long stack_top);

#endif /* ASM_X86_PERCPU_H */
