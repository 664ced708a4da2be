/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_IRQ_H
#define ASM_X86_IRQ_H

#include <asm/regs.h>

/* Vectors the hypervisor itself uses (high priority classes on top). */
#define FIRST_DYNAMIC_VECTOR    0x30
#define TIMER_VECTOR            0xf0
#define EVENT_CHECK_VECTOR      0xf1    /* IPI: re-check softirqs */
#define ERROR_APIC_VECTOR       0xfe
#define SPURIOUS_APIC_VECTOR    0xff

typedef void (*irq_handler_t)(struct cpu_user_regs *regs);

/* Installs the handler for a vector on every CPU (the IDT stubs are
 * shared; dispatch is through this table). */
void set_irq_handler(unsigned int vector, irq_handler_t handler);
void do_IRQ(struct cpu_user_regs *regs);

#endif /* ASM_X86_IRQ_H */
