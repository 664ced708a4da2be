/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU descriptor tables: each CPU has its own GDT (with its own TSS
 * descriptor), TSS and IDT inside its struct cpu_info.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/msr-index.h>
#include <asm/percpu.h>

struct cpu_info cpu_info_area[NR_CPUS];

/* Stacks for the IST entries: #DF, and NMI/#MC. */
static char ist_stacks[NR_CPUS][2][PAGE_SIZE] __aligned(PAGE_SIZE)
    __section(".bss.page_aligned");

extern const char vector_stubs[];

static void set_gate(struct idt_entry *e, unsigned long addr, u8 ist)
{
    e->offset0 = addr & 0xffff;
    e->selector = __HYPERVISOR_CS;
    e->ist = ist;
    e->flags = 0x8e;                /* present, DPL 0, interrupt gate */
    e->offset1 = (addr >> 16) & 0xffff;
    e->offset2 = addr >> 32;
    e->rsvd = 0;
}

void cpu_init_descriptors(unsigned int cpu, unsigned long stack_top)
{
    struct cpu_info *ci = per_cpu_info(cpu);
    unsigned long tss = (unsigned long)&ci->tss;
    struct {
        u16 limit;
        u64 base;
    } __packed gdtr, idtr;

    ci->self = ci;
    ci->cpu_id = cpu;
    ci->stack_top = stack_top;

    memset(&ci->tss, 0, sizeof(ci->tss));
    ci->tss.rsp0 = stack_top;
    ci->tss.ist[IST_DF - 1] = (unsigned long)ist_stacks[cpu][0] + PAGE_SIZE;
    ci->tss.ist[IST_NMI_MCE - 1] =
        (unsigned long)ist_stacks[cpu][1] + PAGE_SIZE;
    ci->tss.iomap_base = sizeof(ci->tss);   /* no I/O bitmap */

    ci->gdt[0] = 0;
    ci->gdt[__HYPERVISOR_CS32 >> 3] = 0x00cf9b000000ffffUL;
    ci->gdt[__HYPERVISOR_CS >> 3] = 0x00af9b000000ffffUL;
    ci->gdt[__HYPERVISOR_DS >> 3] = 0x00cf93000000ffffUL;
    /* 64-bit available TSS, type 9 (SDM Vol. 3A, 7.2.3). */
    ci->gdt[TSS_SELECTOR >> 3] =
        (sizeof(ci->tss) - 1) | ((tss & 0xffffffUL) << 16) |
        (0x89UL << 40) | (((tss >> 24) & 0xff) << 56);
    ci->gdt[(TSS_SELECTOR >> 3) + 1] = tss >> 32;

    for ( unsigned int v = 0; v < 256; v++ )
    {
        u8 ist = v == 8 ? IST_DF : (v == 2 || v == 18) ? IST_NMI_MCE : 0;

        set_gate(&ci->idt[v], (unsigned long)vector_stubs + v * 16, ist);
    }

    gdtr.limit = sizeof(ci->gdt) - 1;
    gdtr.base = (unsigned long)ci->gdt;
    idtr.limit = sizeof(ci->idt) - 1;
    idtr.base = (unsigned long)ci->idt;

    __asm__ __volatile__ (
        "lgdt %0\n\t"
        /* Reload CS through a far return to pick up the new GDT. */
        "pushq %2\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "mov %3, %%ds\n\t"
        "mov %3, %%es\n\t"
        "mov %3, %%ss\n\t"
        "lidt %1\n\t"
        "ltr %w4"
        :: "m" (gdtr), "m" (idtr), "i" (__HYPERVISOR_CS),
           "r" (__HYPERVISOR_DS), "r" (TSS_SELECTOR)
        : "rax", "memory" );

    wrmsr(MSR_GS_BASE, (unsigned long)ci);
}
