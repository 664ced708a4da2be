/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for asm/system.h: a test process may not touch the
 * interrupt flag, and is single-threaded, so these do nothing.
 */
#ifndef ASM_X86_SYSTEM_H
#define ASM_X86_SYSTEM_H

#include <xen/types.h>

#define X86_EFLAGS_IF   (1UL << 9)

static inline void cpu_relax(void)
{
}

static inline unsigned long read_rflags(void)
{
    return X86_EFLAGS_IF;
}

static inline void local_irq_disable(void)
{
}

static inline void local_irq_enable(void)
{
}

static inline bool local_irq_is_enabled(void)
{
    return true;
}

#define local_irq_save(flags)       ((flags) = read_rflags())
#define local_irq_restore(flags)    ((void)(flags))

static inline void halt(void)
{
}

#define smp_mb()  __sync_synchronize()
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#endif /* ASM_X86_SYSTEM_H */
