/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_SMPBOOT_H
#define ASM_X86_SMPBOOT_H

/* Reserves the real-mode start-up page; needs the boot allocator. */
void smp_reserve_trampoline(void);
/* Starts every CPU the MADT listed; returns the number online. */
unsigned int smp_boot_cpus(void);

void __attribute__((__noreturn__)) idle_loop(void);

#endif /* ASM_X86_SMPBOOT_H */
