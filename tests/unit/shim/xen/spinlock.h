/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for xen/spinlock.h.  Tests are single-threaded, and a
 * test that provokes BUG() leaves the function by longjmp() with its
 * lock still taken, so real locks would deadlock the next test.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <xen/types.h>
#include <asm/system.h>

typedef struct spinlock {
    int unused;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
    (void)l;
}

static inline void spin_lock(spinlock_t *l)
{
    (void)l;
}

static inline bool spin_trylock(spinlock_t *l)
{
    (void)l;
    return true;
}

static inline void spin_unlock(spinlock_t *l)
{
    (void)l;
}

static inline bool spin_is_locked(const spinlock_t *l)
{
    (void)l;
    return false;
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
