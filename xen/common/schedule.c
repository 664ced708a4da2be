/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simple round-robin scheduler: one run queue per pCPU, a fixed time
 * slice enforced by a per-CPU timer, and an idle vCPU per pCPU that runs
 * the idle loop when nothing else can.  A vCPU stays on the pCPU it was
 * placed on (v->processor).
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/timer.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/smpboot.h>
#include <public/sched.h>

#define SLICE_NS MILLISECS(10)

struct sched_cpu {
    spinlock_t lock;
    struct vcpu *head, *tail;
    struct timer slice_timer;
};

static struct sched_cpu sched_cpus[NR_CPUS];
static struct vcpu idle_vcpus[NR_CPUS];
static struct domain idle_domain = { .domain_id = DOMID_IDLE };

static void runq_insert(struct sched_cpu *sc, struct vcpu *v)
{
    if ( v->on_runq || v->is_idle )
        return;
    v->on_runq = true;
    v->runq_next = NULL;
    if ( sc->tail )
        sc->tail->runq_next = v;
    else
        sc->head = v;
    sc->tail = v;
}

static struct vcpu *runq_pop_runnable(struct sched_cpu *sc)
{
    struct vcpu **pv = &sc->head, *prev = NULL;

    for ( ; *pv; prev = *pv, pv = &(*pv)->runq_next )
    {
        struct vcpu *v = *pv;

        if ( !vcpu_runnable(v) )
            continue;
        *pv = v->runq_next;
        if ( sc->tail == v )
            sc->tail = prev;
        v->on_runq = false;
        v->runq_next = NULL;
        return v;
    }
    return NULL;
}

static void slice_expired(void *data)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void sched_init_cpu(unsigned int cpu)
{
    struct sched_cpu *sc = &sched_cpus[cpu];
    struct vcpu *idle = &idle_vcpus[cpu];

    spin_lock_init(&sc->lock);
    init_timer(&sc->slice_timer, slice_expired, NULL, cpu);
    idle->vcpu_id = cpu;
    idle->domain = &idle_domain;
    idle->processor = cpu;
    idle->is_idle = true;
    idle->is_running = true;
    per_cpu_info(cpu)->idle_vcpu = idle;
    per_cpu_info(cpu)->curr_vcpu = idle;
}

void scheduler_init(void)
{
    open_softirq(SCHEDULE_SOFTIRQ, schedule);
    sched_init_cpu(0);
}

void sched_add_vcpu(struct vcpu *v)
{
    /* Nothing to do until it is woken: it starts down (VPF_down). */
}

void vcpu_wake(struct vcpu *v)
{
    struct sched_cpu *sc = &sched_cpus[v->processor];
    unsigned long flags;

    spin_lock_irqsave(&sc->lock, flags);
    if ( vcpu_runnable(v) && !v->is_running )
        runq_insert(sc, v);
    spin_unlock_irqrestore(&sc->lock, flags);
    cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

/* Makes v stop running soon; it stays off the CPU until woken. */
void vcpu_sleep(struct vcpu *v)
{
    __atomic_or_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    if ( v->is_running )
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    __atomic_or_fetch(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_yield(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void __attribute__((__noreturn__)) reset_stack_and_call(void (*fn)(void))
{
    __asm__ __volatile__ ( "mov %0, %%rsp; call *%1"
                           :: "r" (this_cpu_info()->stack_top), "r" (fn)
                           : "memory" );
    __builtin_unreachable();
}

static void __attribute__((__noreturn__)) continue_idle(void)
{
    idle_loop();
}

void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_cpu *sc = &sched_cpus[cpu];
    struct vcpu *prev = current, *next;
    s_time_t now = NOW();
    unsigned long flags;

    spin_lock_irqsave(&sc->lock, flags);
    if ( !prev->is_idle && vcpu_runnable(prev) )
        runq_insert(sc, prev);
    next = runq_pop_runnable(sc);
    if ( !next )
        next = per_cpu_info(cpu)->idle_vcpu;
    spin_unlock_irqrestore(&sc->lock, flags);

    if ( !next->is_idle )
        set_timer(&sc->slice_timer, now + SLICE_NS);
    else
        stop_timer(&sc->slice_timer);

    if ( next == prev )
        return;

    if ( !prev->is_idle )
    {
        prev->runtime += now - prev->slice_start;
        hvm_funcs->ctxt_switch_from(prev);
    }
    prev->is_running = false;

    next->is_running = true;
    next->slice_start = now;
    this_cpu_info()->curr_vcpu = next;

    if ( next->is_idle )
        reset_stack_and_call(continue_idle);

    hvm_funcs->ctxt_switch_to(next);
    reset_stack_and_call(hvm_funcs->do_resume);
}

void start_scheduling(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
    idle_loop();
}

long do_sched_op(unsigned int cmd, unsigned long arg)
{
    struct vcpu *v = current;

    switch ( cmd )
    {
    case SCHEDOP_yield:
        vcpu_yield();
        return 0;

    case SCHEDOP_block:
        vcpu_block();
        return 0;

    case SCHEDOP_shutdown:
    case SCHEDOP_shutdown_code:
    {
        struct sched_shutdown s;

        if ( hvm_copy_from_guest(&s, arg, sizeof(s)) )
            return -EFAULT;
        if ( s.reason > SHUTDOWN_MAX )
            return -EINVAL;
        if ( cmd == SCHEDOP_shutdown_code )
        {
            /* Recorded now, acted on at the next shutdown. */
            v->domain->shutdown_code = s.reason;
            printk("d%u: shutdown code %s recorded\n",
                   v->domain->domain_id, shutdown_reason_name(s.reason));
            return 0;
        }
        domain_shutdown(v->domain, s.reason);
        return 0;
    }
    }
    return -ENOSYS;
}
