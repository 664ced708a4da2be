/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#include <asm/regs.h>

void do_trap_or_irq(struct cpu_user_regs *regs);
void do_nmi(struct cpu_user_regs *regs);
void show_registers(const struct cpu_user_regs *regs);
void show_stack_trace(unsigned long rip, unsigned long rbp);

#endif /* ASM_X86_TRAPS_H */
