/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domain and vCPU lifecycle: creation, pausing, shutdown with a reason,
 * crashing (a misbehaving guest ends up here, never in panic()), and
 * destruction, which gives back every page the domain held.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/physmap.h>
#include <xen/quiesce.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/shutdown.h>
#include <asm/xstate.h>
#include <public/sched.h>

struct domain *domain_list;
struct domain *hardware_domain;
static DEFINE_SPINLOCK(domlist_lock);

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff",
    [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",
    [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog",
    [SHUTDOWN_soft_reset] = "soft_reset",
};

const char *shutdown_reason_name(unsigned int reason)
{
    if ( reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason] )
        return shutdown_names[reason];
    return "unknown";
}

struct domain *get_domain_by_id(domid_t domid)
{
    struct domain *d;

    for_each_domain ( d )
        if ( d->domain_id == domid && !d->is_dying )
            return d;
    return NULL;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id)
{
    struct vcpu *v;
    int rc;

    if ( vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id] )
        return NULL;
    v = xzalloc(struct vcpu);
    if ( !v )
        return NULL;
    v->vcpu_id = vcpu_id;
    v->domain = d;
    v->processor = vcpu_id % num_online_cpus();
    v->pause_flags = VPF_down;
    v->vcpu_info_mfn = INVALID_MFN;
    if ( vcpu_id < XEN_LEGACY_MAX_VCPUS )
        v->vcpu_info = &d->shared_info->vcpu_info[vcpu_id];

    rc = xstate_alloc(v);
    if ( !rc )
    {
        rc = hvm_funcs->vcpu_initialise(v);
        if ( rc )
            xstate_free(v);
    }
    if ( rc )
    {
        xfree(v);
        return NULL;
    }
    vcpu_init_timers(v);
    vlapic_init(v);
    d->vcpu[vcpu_id] = v;
    sched_add_vcpu(v);
    return v;
}

struct domain *domain_create(domid_t domid, bool privileged,
                             unsigned int max_vcpus, int *errp)
{
    struct domain *d;
    int rc = -ENOMEM;

    if ( !hvm_enabled() )
    {
        *errp = -EOPNOTSUPP;
        return NULL;
    }
    if ( domid > DOMID_MAX || max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS )
    {
        *errp = -EINVAL;
        return NULL;
    }
    if ( get_domain_by_id(domid) )
    {
        *errp = -EEXIST;
        return NULL;
    }

    d = xzalloc(struct domain);
    if ( !d )
        goto fail;
    d->domain_id = domid;
    d->is_privileged = privileged;
    d->max_vcpus = max_vcpus;
    d->shutdown_code = SHUTDOWN_CODE_NONE;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->page_alloc_lock);
    spin_lock_init(&d->console_lock);
    spin_lock_init(&d->foreign_lock);

    d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
    d->shared_info = alloc_xenheap_pages(0, 0);
    if ( !d->vcpu || !d->shared_info )
        goto fail;
    memset(d->shared_info, 0, PAGE_SIZE);
    /* Every port masked until the guest says otherwise. */
    memset(d->shared_info->evtchn_mask, 0xff,
           sizeof(d->shared_info->evtchn_mask));
    for ( unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++ )
        d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
    /* Wall clock at system time 0; version even: consistent. */
    domain_update_wallclock(d);

    rc = evtchn_init(d, EVTCHN_DEFAULT_PORTS);
    if ( rc )
        goto fail;
    rc = gnttab_init(d);
    if ( rc )
        goto fail;

    /*
     * The tables are in the format the CPU walks, with only the leaf
     * sizes it can walk (another would be an EPT misconfiguration).
     */
    d->arch.p2m.format = hvm_funcs->p2m_format;
    d->arch.p2m.large_2m = hvm_funcs->hap_capabilities &
                           HVM_HAP_SUPERPAGE_2MB;
    d->arch.p2m.large_1g = hvm_funcs->hap_capabilities &
                           HVM_HAP_SUPERPAGE_1GB;
    rc = p2m_init(&d->arch.p2m);
    if ( rc )
        goto fail;

    spin_lock(&domlist_lock);
    d->next_in_list = domain_list;
    /* Lookups walk the list unlocked: link before publishing. */
    smp_wmb();
    domain_list = d;
    spin_unlock(&domlist_lock);
    *errp = 0;
    return d;

 fail:
    if ( d )
    {
        evtchn_destroy(d);
        gnttab_destroy(d);
        if ( d->shared_info )
            free_xenheap_pages(d->shared_info, 0);
        xfree(d->vcpu);
        xfree(d);
    }
    *errp = rc;
    return NULL;
}

void domain_pause(struct domain *d)
{
    __atomic_add_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST);
}

void domain_unpause(struct domain *d)
{
    struct vcpu *v;

    if ( __atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST) == 0 )
        for_each_vcpu ( d, v )
            vcpu_wake(v);
}

static void print_domain_stats(struct domain *d)
{
    struct vcpu *v;

    for_each_vcpu ( d, v )
        printk("d%uv%u: %lu exits, %lu hypercalls, %lu ms run\n",
               d->domain_id, v->vcpu_id, (unsigned long)v->nr_exits,
               (unsigned long)v->nr_hypercalls,
               (unsigned long)(v->runtime / 1000000));
    hvm_dump_exit_stats();
    hvm_funcs->dump_exit_stats();
    hvm_dump_hypercall_stats();
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    struct vcpu *v;
    unsigned long flags;

    spin_lock_irqsave(&d->lock, flags);
    if ( d->is_shutting_down )
    {
        spin_unlock_irqrestore(&d->lock, flags);
        return;
    }
    d->is_shutting_down = true;
    /* A code recorded by SCHEDOP_shutdown_code takes precedence. */
    if ( d->shutdown_code != SHUTDOWN_CODE_NONE )
        reason = d->shutdown_code;
    d->shutdown_code = reason;
    spin_unlock_irqrestore(&d->lock, flags);

    printk("Domain %u shut down: reason %s\n", d->domain_id,
           shutdown_reason_name(reason));

    /* Stop every vCPU: they never run again until destroyed. */
    for_each_vcpu ( d, v )
    {
        vcpu_sleep(v);
        vcpu_kill_timers(v);
    }

    if ( d->is_hardware_domain )
    {
        print_domain_stats(d);
        if ( reason == SHUTDOWN_crash || reason == SHUTDOWN_watchdog )
            printk(XENLOG_ERR "Hardware domain d%u crashed: stopping the "
                   "machine\n", d->domain_id);
        machine_power_off(shutdown_reason_name(reason));
    }
    else if ( hardware_domain )
        /* dom0's toolstack learns of it the way Xen's does. */
        send_guest_global_virq(hardware_domain, VIRQ_DOM_EXC);
}

void domain_crash_fn(struct domain *d, const char *fmt, ...)
{
    struct vcpu *v = current;
    char buf[160];
    va_list args;

    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);

    if ( v->domain == d && !is_idle_vcpu(v) )
    {
        printk(XENLOG_ERR "d%uv%u crash: %s (RIP %#lx)\n", d->domain_id,
               v->vcpu_id, buf, hvm_get_reg(v, HVM_REG_RIP));
        hvm_funcs->dump_guest_state(v);
    }
    else
        printk(XENLOG_ERR "d%u crash: %s\n", d->domain_id, buf);

    domain_shutdown(d, SHUTDOWN_crash);
    /* If we were running the crashed domain, run something else now. */
    if ( v->domain == d )
        raise_softirq(SCHEDULE_SOFTIRQ);
}

bool domain_destroy(struct domain *d)
{
    struct domain **pd;
    struct vcpu *v;
    unsigned long flags;
    bool was_dying;

    spin_lock_irqsave(&d->lock, flags);
    was_dying = d->is_dying;
    d->is_dying = true;
    spin_unlock_irqrestore(&d->lock, flags);
    if ( was_dying )
        return false;

    /*
     * Unlinked and dying, no lookup finds it any more; once every CPU
     * has passed a quiescent point, none still holds it from an earlier
     * one (quiesce.c), and it can go.
     */
    spin_lock(&domlist_lock);
    for ( pd = &domain_list; *pd; pd = &(*pd)->next_in_list )
        if ( *pd == d )
        {
            *pd = d->next_in_list;
            break;
        }
    spin_unlock(&domlist_lock);
    synchronize_quiescent();

    evtchn_destroy(d);
    for_each_vcpu ( d, v )
    {
        vcpu_sleep(v);
        /* Its VMCS may only be cleared once its pCPU has let go of it. */
        while ( READ_ONCE(v->is_running) )
            cpu_relax();
        vcpu_kill_timers(v);
        hvm_funcs->vcpu_destroy(v);
        xstate_free(v);
    }
    /*
     * Before any of d's pages goes: other domains' mappings of them are
     * removed, and the pins d's own mappings hold are dropped.
     */
    gnttab_destroy(d);
    /*
     * Nor through a foreign mapping; and a mapper's vCPU in guest mode
     * may still hold a translation to a frame either took away, until
     * it next leaves guest mode (quiesce.c).
     */
    physmap_revoke_foreign(d);
    synchronize_quiescent();

    p2m_teardown(&d->arch.p2m);
    while ( d->page_list )
    {
        struct page_info *pg = d->page_list;

        d->page_list = pg->next;
        free_domheap_pages(pg, pg->order);
    }
    for_each_vcpu ( d, v )
        xfree(v);
    free_xenheap_pages(d->shared_info, 0);
    console_ring_destroy(d);
    physmap_destroy(d);
    xfree(d->vcpu);
    xfree(d);
    return true;
}

/*
 * vm_assist: of Xen's assists only the runstate update flag means
 * anything to a PVH guest (the others concern PV page tables and
 * segments), so it is the only one accepted, as Xen does for HVM.
 */
#define PVH_VM_ASSIST_MASK (1UL << VMASST_TYPE_runstate_update_flag)

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if ( type >= 8 * sizeof(d->vm_assist) || !(PVH_VM_ASSIST_MASK & (1UL << type)) )
        return -EINVAL;

    switch ( cmd )
    {
    case VMASST_CMD_enable:
        __atomic_or_fetch(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_and_fetch(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
        return 0;
    }
    return -ENOSYS;
}
