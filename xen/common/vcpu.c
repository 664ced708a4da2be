/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VCPUOP_*: operations a guest performs on its own vCPUs: bringing them
 * up and down, their vcpu_info and runstate areas, and their timers.
 */
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/page.h>
#include <public/arch-x86/xen-x86_64.h>
#include <public/hvm/hvm_vcpu.h>
#include <public/vcpu.h>

/*
 * Writes the pvclock (vcpu_time_info) of v.  The version is odd while
 * we write, so a guest reading concurrently retries (Xen's protocol).
 */
void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_info *vi = v->vcpu_info;
    struct vcpu_time_info *t;
    u32 mul;
    s8 shift;
    u64 tsc;

    if ( !vi )
        return;
    t = &vi->time;
    time_pvclock_params(&mul, &shift);
    tsc = rdtsc();

    WRITE_ONCE(t->version, t->version + 1);     /* odd: in progress */
    smp_wmb();
    t->tsc_timestamp = tsc;
    t->system_time = tsc_to_stime(tsc);
    t->tsc_to_system_mul = mul;
    t->tsc_shift = shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
    smp_wmb();
    WRITE_ONCE(t->version, t->version + 1);     /* even: consistent */
}

static void singleshot_fired(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

/*
 * The next expiry stays on the period's phase, but periods already past
 * (the pCPU was busy, or delivering a tick costs more than a period) are
 * merged into the event just sent, as Xen does: catching up one period
 * at a time could keep a pCPU in its timer softirq for ever, starving
 * every vCPU queued there.  Guests read the time from pvclock, not by
 * counting ticks.
 */
static void periodic_fired(void *data)
{
    struct vcpu *v = data;
    s_time_t period = v->periodic_period, now, next;

    send_guest_vcpu_virq(v, VIRQ_TIMER);
    if ( !period )
        return;
    next = v->periodic_timer.expires + period;
    now = NOW();
    if ( next <= now )
        next += ((now - next) / period + 1) * period;
    set_timer(&v->periodic_timer, next);
}

void vcpu_init_timers(struct vcpu *v)
{
    init_timer(&v->singleshot_timer, singleshot_fired, v, v->processor);
    init_timer(&v->periodic_timer, periodic_fired, v, v->processor);
}

void vcpu_kill_timers(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
    stop_timer(&v->periodic_timer);
}

/* set_timer_op: an absolute system time, 0 to cancel (one-shot). */
long do_set_timer_op(u64 timeout)
{
    struct vcpu *v = current;

    if ( timeout == 0 )
        stop_timer(&v->singleshot_timer);
    else if ( set_timer(&v->singleshot_timer, (s_time_t)timeout) )
        return -ENOMEM;
    return 0;
}

/*
 * VCPUOP_register_vcpu_info: the guest moves a vCPU's vcpu_info into a
 * page of its own choosing (needed beyond the 32 slots in shared_info).
 * The frame stays owned by the domain for its lifetime, so the pointer
 * we keep is never left dangling into someone else's memory.
 */
static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
    struct domain *d = v->domain;
    struct vcpu_register_vcpu_info info;
    struct vcpu_info *new;
    u8 *page;

    if ( hvm_copy_from_guest(&info, arg, sizeof(info)) )
        return -EFAULT;
    if ( info.rsvd || info.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
         (info.offset & 7) )
        return -EINVAL;
    if ( v->vcpu_info_mfn != INVALID_MFN )
        return -EINVAL;                 /* only once, as in Xen */
    page = hvm_map_gfn(d, info.mfn, true);
    if ( !page )
        return -EINVAL;

    new = (struct vcpu_info *)(page + info.offset);
    if ( v->vcpu_info )
        memcpy(new, v->vcpu_info, sizeof(*new));
    else
    {
        memset(new, 0, sizeof(*new));
        new->evtchn_upcall_mask = 1;
    }
    smp_wmb();
    v->vcpu_info = new;
    v->vcpu_info_mfn = virt_to_mfn(page);
    update_vcpu_system_time(v);
    /* Events raised while it had nowhere to go are delivered now. */
    evtchn_check_pending(v);
    return 0;
}

/* vcpu_guest_context: the original 64-bit PVH ABI (LONG64 domains). */
static long initialise_pv64(struct vcpu *v, unsigned long arg)
{
    static struct vcpu_guest_context ctxt;   /* 5 KiB: not on the stack */
    static DEFINE_SPINLOCK(ctxt_lock);
    struct hvm_initial_state st = { .mode = HVM_START_LONG64 };
    const struct cpu_user_regs *r = &ctxt.user_regs;
    long rc = 0;

    spin_lock(&ctxt_lock);
    if ( hvm_copy_from_guest(&ctxt, arg, sizeof(ctxt)) )
    {
        rc = -EFAULT;
        goto out;
    }
    /*
     * PVH rules (as in the design note): no GDT frames, LDT or kernel
     * stack switch; selectors are the guest's business once it runs.
     */
    if ( ctxt.gdt_ents || ctxt.ldt_ents || ctxt.ldt_base ||
         ctxt.kernel_ss || ctxt.kernel_sp || r->cs || r->ss || r->ds ||
         r->es || r->fs || r->gs )
    {
        rc = -EINVAL;
        goto out;
    }
    st.rip = r->rip;
    st.rsp = r->rsp;
    st.rbx = r->rbx;
    st.rsi = r->rsi;
    st.rdi = r->rdi;
    st.rax = r->rax;
    st.rcx = r->rcx;
    st.rdx = r->rdx;
    st.rbp = r->rbp;
    st.rflags = r->rflags;
    st.cr3 = ctxt.ctrlreg[3];
    st.fs_base = ctxt.fs_base;
    st.gs_base = ctxt.gs_base_kernel;
    st.shadow_gs_base = ctxt.gs_base_user;
 out:
    spin_unlock(&ctxt_lock);
    if ( !rc )
        rc = hvm_set_vcpu_state(v, &st);
    return rc;
}

/* vcpu_hvm_context: the PVH boot ABI (PHYS32 domains). */
static long initialise_hvm(struct vcpu *v, unsigned long arg)
{
    struct vcpu_hvm_context ctx;
    struct hvm_initial_state st = { 0 };

    if ( hvm_copy_from_guest(&ctx, arg, sizeof(ctx)) )
        return -EFAULT;

    switch ( ctx.mode )
    {
    case VCPU_HVM_MODE_32B:
    {
        const struct vcpu_hvm_x86_32 *r = &ctx.cpu_regs.x86_32;

        /* Flat segments only, as the PVH boot ABI starts. */
        if ( r->cs_base || r->ds_base || r->ss_base || r->es_base ||
             (r->cr0 & X86_CR0_PG) || r->efer )
            return -EINVAL;
        st.mode = HVM_START_PROT32;
        st.rax = r->eax; st.rcx = r->ecx; st.rdx = r->edx;
        st.rbx = r->ebx; st.rsp = r->esp; st.rbp = r->ebp;
        st.rsi = r->esi; st.rdi = r->edi;
        st.rip = r->eip;
        st.rflags = r->eflags;
        break;
    }

    case VCPU_HVM_MODE_64B:
    {
        const struct vcpu_hvm_x86_64 *r = &ctx.cpu_regs.x86_64;

        st.mode = HVM_START_LONG64;
        st.rax = r->rax; st.rcx = r->rcx; st.rdx = r->rdx;
        st.rbx = r->rbx; st.rsp = r->rsp; st.rbp = r->rbp;
        st.rsi = r->rsi; st.rdi = r->rdi;
        st.rip = r->rip;
        st.rflags = r->rflags;
        st.cr3 = r->cr3;
        break;
    }

    default:
        return -EINVAL;
    }
    return hvm_set_vcpu_state(v, &st);
}

long vcpu_set_hvm_context(struct vcpu *v, unsigned long ctx)
{
    return initialise_hvm(v, ctx);
}

static long vcpu_initialise(struct vcpu *v, unsigned long arg)
{
    long rc;

    /* Only a vCPU that is down has a state we may replace. */
    if ( !(READ_ONCE(v->pause_flags) & VPF_down) )
        return -EEXIST;
    /*
     * Just downed, it may still be on its pCPU with its VMCS loaded
     * there: wait until that pCPU has switched away (the down request
     * already kicked it) before touching its state from here.
     */
    while ( READ_ONCE(v->is_running) )
        cpu_relax();
    rc = v->domain->arch.entry_abi == PVH_ENTRY_LONG64
         ? initialise_pv64(v, arg) : initialise_hvm(v, arg);
    if ( !rc )
        v->is_initialised = true;
    return rc;
}

static long vcpu_up(struct vcpu *v)
{
    if ( !v->is_initialised )
        return -EINVAL;
    if ( __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST) &
         VPF_down )
        vcpu_wake(v);
    return 0;
}

/* Down, then up again later, resumes where it stopped (vCPU hotplug). */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct vcpu *o;
    unsigned int up = 0;

    for_each_vcpu ( d, o )
        if ( o != v && !(READ_ONCE(o->pause_flags) & VPF_down) )
            up++;
    if ( !up )
        return -EBUSY;                  /* the last one: use shutdown */
    __atomic_or_fetch(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST);
    vcpu_runstate_change(v, RUNSTATE_offline, NOW());
    if ( v == current )
        raise_softirq(SCHEDULE_SOFTIRQ);
    else if ( v->is_running )
        cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
    return 0;
}

static long set_singleshot(struct vcpu *v, unsigned long arg)
{
    struct vcpu_set_singleshot_timer t;

    if ( v != current )
        return -EINVAL;
    if ( hvm_copy_from_guest(&t, arg, sizeof(t)) )
        return -EFAULT;
    if ( (t.flags & VCPU_SSHOTTMR_future) &&
         (s_time_t)t.timeout_abs_ns < NOW() )
        return -ETIME;
    return set_timer(&v->singleshot_timer, t.timeout_abs_ns) ? -ENOMEM : 0;
}

#define MIN_PERIOD MICROSECS(100)

static long set_periodic(struct vcpu *v, unsigned long arg)
{
    struct vcpu_set_periodic_timer t;

    if ( hvm_copy_from_guest(&t, arg, sizeof(t)) )
        return -EFAULT;
    if ( t.period_ns < MIN_PERIOD || t.period_ns > (u64)STIME_MAX / 2 )
        return -EINVAL;
    v->periodic_period = t.period_ns;
    return set_timer(&v->periodic_timer, NOW() + t.period_ns) ? -ENOMEM : 0;
}

static long register_runstate(struct vcpu *v, unsigned long arg)
{
    struct vcpu_register_runstate_memory_area area;

    if ( hvm_copy_from_guest(&area, arg, sizeof(area)) )
        return -EFAULT;
    /* Checked now against the caller's address space; 0 unregisters. */
    if ( area.addr && hvm_check_guest_range(area.addr,
                                            sizeof(v->runstate), true) )
        return -EFAULT;
    v->runstate_guest = area.addr;
    v->runstate_dirty = true;
    if ( v == current && area.addr )
        hvm_copy_to_guest(area.addr, &v->runstate, sizeof(v->runstate));
    return 0;
}

long do_vcpu_op(unsigned int cmd, unsigned int vcpuid, unsigned long arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if ( vcpuid >= d->max_vcpus )
        return -ENOENT;
    if ( (v = d->vcpu[vcpuid]) == NULL )
    {
        if ( cmd != VCPUOP_initialise )
            return -ENOENT;
        if ( (v = vcpu_create(d, vcpuid)) == NULL )
            return -ENOMEM;
    }

    switch ( cmd )
    {
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);

    case VCPUOP_up:
        return vcpu_up(v);

    case VCPUOP_down:
        return vcpu_down(v);

    case VCPUOP_is_up:
        return !(READ_ONCE(v->pause_flags) & VPF_down);

    case VCPUOP_get_runstate_info:
    {
        struct vcpu_runstate_info rs = v->runstate;

        /* Bring the current state's time up to now; as in Xen,
         * state_entry_time stays when the state last changed. */
        rs.time[rs.state] += NOW() - rs.state_entry_time;
        return hvm_copy_to_guest(arg, &rs, sizeof(rs)) ? -EFAULT : 0;
    }

    case VCPUOP_register_runstate_memory_area:
        return register_runstate(v, arg);

    case VCPUOP_set_periodic_timer:
        return set_periodic(v, arg);

    case VCPUOP_stop_periodic_timer:
        v->periodic_period = 0;
        stop_timer(&v->periodic_timer);
        return 0;

    case VCPUOP_set_singleshot_timer:
        return set_singleshot(v, arg);

    case VCPUOP_stop_singleshot_timer:
        if ( v != current )
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;

    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    }
    return -ENOSYS;
}
