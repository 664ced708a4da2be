/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simple round-robin scheduler: one run queue per pCPU, a fixed time
 * slice enforced by a per-CPU timer (host timer interrupts force a VM
 * exit, so a guest is preempted without its cooperation), an idle vCPU
 * per pCPU, and work stealing: a pCPU about to go idle takes a runnable
 * vCPU queued on another pCPU, so N vCPUs spread over M pCPUs.
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/timer.h>
#include <asm/apic.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/irq.h>
#include <asm/smpboot.h>
#include <asm/xstate.h>
#include <public/sched.h>

#define SLICE_NS MILLISECS(10)

static bool test_bit_ul(const unsigned long *map, unsigned int bit)
{
    return READ_ONCE(map[bit / (8 * sizeof(long))]) &
           (1UL << (bit % (8 * sizeof(long))));
}

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

        /* Not one still running on another pCPU (it is being stolen). */
        if ( !vcpu_runnable(v) || (v->is_running && v != current) )
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

static void poll_timeout(void *data);

static void slice_expired(void *data)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void event_check_interrupt(struct cpu_user_regs *regs)
{
    /* Nothing to do: the IPI only forces an exit or a wakeup. */
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
    set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
    sched_init_cpu(0);
}

void sched_add_vcpu(struct vcpu *v)
{
    init_timer(&v->poll_timer, poll_timeout, v, v->processor);
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = NOW();
}

void vcpu_runstate_change(struct vcpu *v, int new_state, s_time_t now)
{
    struct vcpu_runstate_info *rs = &v->runstate;

    if ( rs->state == new_state )
        return;
    if ( now > (s_time_t)rs->state_entry_time )
        rs->time[rs->state] += now - rs->state_entry_time;
    rs->state = new_state;
    rs->state_entry_time = now;
    v->runstate_dirty = true;
}

static int idle_state(const struct vcpu *v)
{
    if ( READ_ONCE(v->pause_flags) & VPF_down )
        return RUNSTATE_offline;
    if ( READ_ONCE(v->pause_flags) & VPF_blocked )
        return RUNSTATE_blocked;
    return RUNSTATE_runnable;
}

void vcpu_wake(struct vcpu *v)
{
    unsigned int cpu = READ_ONCE(v->processor);
    struct sched_cpu *sc = &sched_cpus[cpu];
    unsigned long flags;

    bool queued = false;

    spin_lock_irqsave(&sc->lock, flags);
    if ( vcpu_runnable(v) && !v->is_running )
    {
        runq_insert(sc, v);
        vcpu_runstate_change(v, RUNSTATE_runnable, NOW());
        queued = true;
    }
    spin_unlock_irqrestore(&sc->lock, flags);
    cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);

    /* Its pCPU is busy: an idle pCPU, if any, comes to steal it. */
    if ( queued && !is_idle_vcpu(READ_ONCE(per_cpu_info(cpu)->curr_vcpu)) )
    {
        unsigned int other;

        for_each_online_cpu ( other )
            if ( other != cpu &&
                 is_idle_vcpu(READ_ONCE(per_cpu_info(other)->curr_vcpu)) )
            {
                cpu_raise_softirq(other, SCHEDULE_SOFTIRQ);
                break;
            }
    }
}

/* Makes v stop running soon; it stays off the CPU until unpaused. */
void vcpu_sleep(struct vcpu *v)
{
    __atomic_add_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST);
    if ( v->is_running )
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
}

bool local_events_need_delivery(const struct vcpu *v)
{
    const struct vcpu_info *vi = READ_ONCE(v->vcpu_info);

    return vi && READ_ONCE(vi->evtchn_upcall_pending);
}

/* What may end a HLT or SCHEDOP_block: events, or an APIC interrupt. */
static bool vcpu_has_wakeup(struct vcpu *v)
{
    return local_events_need_delivery(v) || hvm_has_pending_interrupt(v);
}

void vcpu_kick(struct vcpu *v)
{
    WRITE_ONCE(v->poll_active, false);
    if ( __atomic_fetch_and(&v->pause_flags, ~VPF_blocked,
                            __ATOMIC_SEQ_CST) & VPF_blocked )
    {
        vcpu_wake(v);
        return;
    }
    /* Running elsewhere: an IPI forces the exit that delivers events. */
    if ( READ_ONCE(v->is_running) && v->processor != smp_processor_id() )
        apic_send_ipi(per_cpu_info(v->processor)->apic_id,
                      EVENT_CHECK_VECTOR);
}

static void poll_wake(struct vcpu *v)
{
    if ( !__atomic_exchange_n(&v->poll_active, false, __ATOMIC_SEQ_CST) )
        return;
    stop_timer(&v->poll_timer);
    vcpu_kick(v);
}

void evtchn_wake_pollers(struct domain *d, unsigned int port)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        if ( READ_ONCE(v->poll_active) &&
             (v->poll_port < 0 || (unsigned int)v->poll_port == port) )
            poll_wake(v);
}

static void poll_timeout(void *data)
{
    poll_wake(data);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
    vcpu_kick(v);
}

void vcpu_block(void)
{
    struct vcpu *v = current;

    __atomic_or_fetch(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    /* An event that raced with us must not be slept through. */
    if ( vcpu_has_wakeup(v) )
        __atomic_and_fetch(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    else
        raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_yield(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
}

static void __noreturn reset_stack_and_call(void (*fn)(void))
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

/* About to idle: take a runnable vCPU queued on another pCPU. */
static struct vcpu *steal_work(unsigned int me)
{
    unsigned int cpu;

    for_each_online_cpu ( cpu )
    {
        struct sched_cpu *sc = &sched_cpus[cpu];
        struct vcpu *v;
        unsigned long flags;

        if ( cpu == me || !READ_ONCE(sc->head) )
            continue;
        spin_lock_irqsave(&sc->lock, flags);
        v = runq_pop_runnable(sc);
        spin_unlock_irqrestore(&sc->lock, flags);
        if ( v )
            return v;
    }
    return NULL;
}

/* The vCPU now belongs to this pCPU: its timers follow it. */
static void vcpu_move_to(struct vcpu *v, unsigned int cpu)
{
    if ( v->processor == cpu )
        return;
    WRITE_ONCE(v->processor, cpu);
    migrate_timer(&v->singleshot_timer, cpu);
    migrate_timer(&v->periodic_timer, cpu);
    migrate_timer(&v->poll_timer, cpu);
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
    spin_unlock_irqrestore(&sc->lock, flags);

    if ( !next )
        next = steal_work(cpu);
    if ( !next )
        next = per_cpu_info(cpu)->idle_vcpu;

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
        xstate_save(prev);
        vcpu_runstate_change(prev, idle_state(prev), now);
    }
    WRITE_ONCE(prev->is_running, false);
    /*
     * A wake-up that came while prev still looked like it was running
     * did not queue it (vcpu_wake skips running vCPUs): look again now
     * that it is off the pCPU, so that no event is slept through.
     */
    smp_mb();
    if ( !prev->is_idle && vcpu_runnable(prev) && !READ_ONCE(prev->on_runq) )
        vcpu_wake(prev);

    if ( !next->is_idle )
        vcpu_move_to(next, cpu);
    next->is_running = true;
    next->slice_start = now;
    this_cpu_info()->curr_vcpu = next;

    if ( next->is_idle )
        reset_stack_and_call(continue_idle);

    vcpu_runstate_change(next, RUNSTATE_running, now);
    next->time_dirty = true;
    xstate_restore(next);
    hvm_funcs->ctxt_switch_to(next);
    reset_stack_and_call(hvm_funcs->do_resume);
}

void start_scheduling(void)
{
    raise_softirq(SCHEDULE_SOFTIRQ);
    idle_loop();
}

/* struct sched_poll, as in Xen's public sched.h. */
struct sched_poll {
    u64 ports;                  /* guest pointer to evtchn_port_t[] */
    u32 nr_ports;
    u32 pad;
    u64 timeout;                /* absolute system time, 0: none */
};

#define POLL_MAX_PORTS 128

/*
 * SCHEDOP_poll: block until one of the given ports is pending (masked or
 * not) or the timeout passes.  We announce the poll before looking at
 * the ports, so an event that arrives in between still wakes us.
 */
static long do_poll(struct vcpu *v, unsigned long arg)
{
    struct domain *d = v->domain;
    struct sched_poll sp;
    u32 port = 0;

    if ( hvm_copy_from_guest(&sp, arg, sizeof(sp)) )
        return -EFAULT;
    if ( sp.nr_ports == 0 || sp.nr_ports > POLL_MAX_PORTS )
        return -EINVAL;

    v->poll_port = -1;
    if ( sp.nr_ports == 1 )
    {
        if ( hvm_copy_from_guest(&port, sp.ports, sizeof(port)) )
            return -EFAULT;
        v->poll_port = port;
    }
    __atomic_or_fetch(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    WRITE_ONCE(v->poll_active, true);
    smp_mb();

    for ( u32 i = 0; i < sp.nr_ports; i++ )
    {
        long rc = 0;

        if ( hvm_copy_from_guest(&port, sp.ports + i * sizeof(port),
                                 sizeof(port)) )
            rc = -EFAULT;
        else if ( port >= d->max_evtchns )
            rc = -EINVAL;
        else if ( test_bit_ul(d->shared_info->evtchn_pending, port) )
            rc = 1;
        if ( rc )
        {
            WRITE_ONCE(v->poll_active, false);
            __atomic_and_fetch(&v->pause_flags, ~VPF_blocked,
                               __ATOMIC_SEQ_CST);
            return rc < 0 ? rc : 0;
        }
    }

    /*
     * As in Xen: an upcall already pending ends the poll at once, or a
     * guest polling with interrupts off could sleep through the very
     * event another vCPU waits for it to handle.
     */
    if ( vcpu_has_wakeup(v) )
    {
        WRITE_ONCE(v->poll_active, false);
        __atomic_and_fetch(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return 0;
    }

    if ( sp.timeout )
        set_timer(&v->poll_timer, sp.timeout);
    raise_softirq(SCHEDULE_SOFTIRQ);
    return 0;
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

    case SCHEDOP_poll:
        return do_poll(v, arg);

    case SCHEDOP_remote_shutdown:
    {
        struct sched_remote_shutdown rs;
        struct domain *d;
        long err = 0;

        if ( hvm_copy_from_guest(&rs, arg, sizeof(rs)) )
            return -EFAULT;
        if ( rs.reason > SHUTDOWN_MAX )
            return -EINVAL;
        /* Another domain only for the toolstack (policy.c). */
        if ( (d = get_target_domain(rs.domain_id, &err)) == NULL )
            return err;
        printk("d%u: shut down by d%u: %s\n", d->domain_id,
               v->domain->domain_id, shutdown_reason_name(rs.reason));
        domain_shutdown(d, rs.reason);
        return 0;
    }

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
            /* Recorded now, reported with the next shutdown. */
            v->domain->shutdown_code = s.reason;
            printk("d%u: shutdown code %s recorded\n",
                   v->domain->domain_id, shutdown_reason_name(s.reason));
            return 0;
        }
        if ( v->domain->shutdown_code != SHUTDOWN_CODE_NONE )
            printk("d%uv%u requested shutdown: %s (recorded code %s wins)\n",
                   v->domain->domain_id, v->vcpu_id,
                   shutdown_reason_name(s.reason),
                   shutdown_reason_name(v->domain->shutdown_code));
        else
            printk("d%uv%u requested shutdown: %s\n", v->domain->domain_id,
                   v->vcpu_id, shutdown_reason_name(s.reason));
        domain_shutdown(v->domain, s.reason);
        return 0;
    }
    }
    return -ENOSYS;
}
