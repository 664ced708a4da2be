/* SPDX-License-Identifier: GPL-2.0-only */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#define INITIAL_HEAP 64

struct timer_heap {
    spinlock_t lock;
    struct timer **heap;        /* heap[1..size]; heap[0] unused */
    unsigned int size, cap;
};

static struct timer_heap timer_heaps[NR_CPUS];

static void heap_swap(struct timer **h, unsigned int a, unsigned int b)
{
    struct timer *t = h[a];

    h[a] = h[b];
    h[b] = t;
    h[a]->heap_idx = a;
    h[b]->heap_idx = b;
}

static void sift_up(struct timer **h, unsigned int i)
{
    for ( ; i > 1 && h[i]->expires < h[i / 2]->expires; i /= 2 )
        heap_swap(h, i, i / 2);
}

static void sift_down(struct timer **h, unsigned int size, unsigned int i)
{
    for ( ; ; )
    {
        unsigned int c = 2 * i;

        if ( c > size )
            break;
        if ( c + 1 <= size && h[c + 1]->expires < h[c]->expires )
            c++;
        if ( h[i]->expires <= h[c]->expires )
            break;
        heap_swap(h, i, c);
        i = c;
    }
}

static void heap_remove(struct timer_heap *th, struct timer *t)
{
    unsigned int i = t->heap_idx;

    t->heap_idx = 0;
    if ( i != th->size )
    {
        th->heap[i] = th->heap[th->size];
        th->heap[i]->heap_idx = i;
        th->size--;
        sift_down(th->heap, th->size, i);
        sift_up(th->heap, i);
    }
    else
        th->size--;
}

static int heap_grow(struct timer_heap *th)
{
    unsigned int cap = th->cap ? th->cap * 2 : INITIAL_HEAP;
    struct timer **h = xmalloc_array(struct timer *, cap + 1);

    if ( !h )
        return -ENOMEM;
    if ( th->heap )
    {
        memcpy(h, th->heap, (th->size + 1) * sizeof(*h));
        xfree(th->heap);
    }
    th->heap = h;
    th->cap = cap;
    return 0;
}

static void program_earliest(struct timer_heap *th)
{
    /* 0 means "no timer" to the hardware: an expiry at or before 0 is
     * due now, so ask for the earliest time that is not 0. */
    reprogram_timer(th->size ? max(th->heap[1]->expires, (s_time_t)1) : 0);
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
                unsigned int cpu)
{
    memset(t, 0, sizeof(*t));
    t->function = fn;
    t->data = data;
    t->cpu = cpu;
}

int set_timer(struct timer *t, s_time_t expires)
{
    struct timer_heap *th = &timer_heaps[t->cpu];
    unsigned long flags;
    int rc = 0;

    spin_lock_irqsave(&th->lock, flags);
    if ( t->heap_idx )
        heap_remove(th, t);
    if ( th->size == th->cap && (rc = heap_grow(th)) != 0 )
        goto out;
    t->expires = expires;
    th->heap[++th->size] = t;
    t->heap_idx = th->size;
    sift_up(th->heap, th->size);

    if ( t->heap_idx == 1 )
    {
        if ( t->cpu == smp_processor_id() )
            program_earliest(th);
        else
            cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ);
    }
 out:
    spin_unlock_irqrestore(&th->lock, flags);
    return rc;
}

void stop_timer(struct timer *t)
{
    struct timer_heap *th = &timer_heaps[t->cpu];
    unsigned long flags;

    spin_lock_irqsave(&th->lock, flags);
    if ( t->heap_idx )
        heap_remove(th, t);
    spin_unlock_irqrestore(&th->lock, flags);
}

void migrate_timer(struct timer *t, unsigned int cpu)
{
    struct timer_heap *th = &timer_heaps[t->cpu];
    unsigned long flags;
    bool active;

    if ( t->cpu == cpu )
        return;
    spin_lock_irqsave(&th->lock, flags);
    active = t->heap_idx != 0;
    if ( active )
        heap_remove(th, t);
    t->cpu = cpu;
    spin_unlock_irqrestore(&th->lock, flags);
    if ( active )
        set_timer(t, t->expires);
}

bool timer_is_active(const struct timer *t)
{
    return READ_ONCE(t->heap_idx) != 0;
}

/* Runs every expired timer on this CPU, then re-arms the hardware. */
static void timer_softirq_action(void)
{
    struct timer_heap *th = &timer_heaps[smp_processor_id()];
    unsigned long flags;

    spin_lock_irqsave(&th->lock, flags);
    while ( th->size && th->heap[1]->expires <= NOW() )
    {
        struct timer *t = th->heap[1];

        heap_remove(th, t);
        /* The handler may re-arm its own timer: drop the lock. */
        spin_unlock_irqrestore(&th->lock, flags);
        t->function(t->data);
        spin_lock_irqsave(&th->lock, flags);
    }
    program_earliest(th);
    spin_unlock_irqrestore(&th->lock, flags);
}

void timer_cpu_init(unsigned int cpu)
{
    struct timer_heap *th = &timer_heaps[cpu];

    spin_lock_init(&th->lock);
    if ( !th->heap && heap_grow(th) )
        panic("No memory for CPU%u's timer heap", cpu);
}

void timer_init(void)
{
    open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
    timer_cpu_init(0);
}
