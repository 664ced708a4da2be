/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomics, interrupt-flag helpers and a spinlock for test kernels that
 * run on several vCPUs at once.
 */
#ifndef GUEST_ATOMIC_H
#define GUEST_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/x86.h>

#define READ_ONCE(x)        __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)    __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define atomic_read(p)      __atomic_load_n(p, __ATOMIC_SEQ_CST)
#define atomic_set(p, v)    __atomic_store_n(p, v, __ATOMIC_SEQ_CST)
#define atomic_inc(p)       __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST)
#define atomic_add(p, v)    __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST)
#define atomic_xchg(p, v)   __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)

#define barrier()           asm volatile ( "" ::: "memory" )
#define smp_mb()            __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Raises *p to v unless it is already higher; returns the old value. */
static inline uint64_t atomic_max_u64(uint64_t *p, uint64_t v)
{
    uint64_t old = __atomic_load_n(p, __ATOMIC_SEQ_CST);

    while ( old < v &&
            !__atomic_compare_exchange_n(p, &old, v, false,
                                         __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST) )
        ;
    return old;
}

static inline void cpu_relax(void)
{
    asm volatile ( "pause" ::: "memory" );
}

static inline void local_irq_disable(void)
{
    asm volatile ( "cli" ::: "memory" );
}

static inline void local_irq_enable(void)
{
    asm volatile ( "sti" ::: "memory" );
}

static inline bool irqs_enabled(void)
{
    return read_flags() & X86_EFLAGS_IF;
}

static inline unsigned long local_irq_save(void)
{
    unsigned long flags = read_flags();

    local_irq_disable();
    return flags;
}

static inline void local_irq_restore(unsigned long flags)
{
    if ( flags & X86_EFLAGS_IF )
        local_irq_enable();
}

/*
 * Lets an interrupt that is due in: STI's shadow holds interrupts off
 * for one more instruction, so "sti; cli" would let none in.
 */
static inline void local_irq_window(void)
{
    asm volatile ( "sti; nop; cli" ::: "memory" );
}

/*
 * Enables interrupts and halts, with no window in between: STI holds
 * interrupts off for one more instruction, so an event that is already
 * due is taken after HLT has blocked the vCPU, which it then wakes.
 */
static inline void safe_halt(void)
{
    asm volatile ( "sti; hlt" ::: "memory" );
}

typedef struct {
    uint32_t locked;
} spinlock_t;

#define SPINLOCK_INIT { 0 }

/* Interrupts stay off while the lock is held: event handlers print too. */
static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = local_irq_save();

    while ( __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) )
        while ( __atomic_load_n(&l->locked, __ATOMIC_RELAXED) )
            cpu_relax();
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
    local_irq_restore(flags);
}

#endif /* GUEST_ATOMIC_H */
