/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks: ticket locks, so that waiters are served in order and no
 * CPU starves under contention.  The _irqsave variants also mask local
 * interrupts, for locks that interrupt handlers take.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>
#include <asm/system.h>

typedef struct spinlock {
    volatile u16 head;          /* ticket being served */
    volatile u16 tail;          /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
    u16 me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

    while ( __atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me )
        cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
    u16 head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    u16 expect = head;

    return __atomic_compare_exchange_n(&l->tail, &expect, (u16)(head + 1),
                                       false, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, (u16)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    return l->head != l->tail;
}

#define spin_lock_irqsave(l, flags) do {                                \
    local_irq_save(flags);                                              \
    spin_lock(l);                                                       \
} while ( 0 )

#define spin_unlock_irqrestore(l, flags) do {                           \
    spin_unlock(l);                                                     \
    local_irq_restore(flags);                                           \
} while ( 0 )

#endif /* XEN_SPINLOCK_H */
