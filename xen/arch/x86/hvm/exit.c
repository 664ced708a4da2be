/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dispatch of decoded VM exits.  One table, indexed by the neutral exit
 * reason and bounds-checked, says what handles each; an exit nobody
 * handles crashes the domain (with a dump of its state), never the host.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/quiesce.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <asm/hvm/hvm.h>
#include <asm/processor.h>
#include <asm/xstate.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/vlapic.h>
#include <public/hvm/params.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>

typedef void (*hvm_exit_handler_t)(struct vcpu *v, const struct hvm_exit *e);

static void exit_nothing(struct vcpu *v, const struct hvm_exit *e)
{
    /* External interrupts: the host IDT took them when we enabled IRQs. */
}

static void exit_intr_window(struct vcpu *v, const struct hvm_exit *e)
{
    /* The guest can take an interrupt: entry will inject it. */
    hvm_funcs->set_interrupt_window(v, false);
}

static void exit_triple_fault(struct vcpu *v, const struct hvm_exit *e)
{
    domain_crash(v->domain, "triple fault");
}

static void exit_cpuid(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    struct cpuid_regs c;

    guest_cpuid(v, r->rax, r->rcx, &c);
    r->rax = c.eax;
    r->rbx = c.ebx;
    r->rcx = c.ecx;
    r->rdx = c.edx;
    hvm_skip_insn(v, e);
}

/*
 * HLT with interrupts enabled waits for an event.  With interrupts off
 * nothing can ever wake the vCPU: like Xen, take it down, and once no
 * vCPU of the domain is left up, the domain has powered itself off.
 */
static void exit_hlt(struct vcpu *v, const struct hvm_exit *e)
{
    struct domain *d = v->domain;
    struct vcpu *o;

    hvm_skip_insn(v, e);
    if ( hvm_get_reg(v, HVM_REG_RFLAGS) & X86_EFLAGS_IF )
    {
        vcpu_block();
        return;
    }

    printk("d%uv%u: HLT with interrupts disabled: vCPU down\n",
           d->domain_id, v->vcpu_id);
    __atomic_or_fetch(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST);
    raise_softirq(SCHEDULE_SOFTIRQ);
    for_each_vcpu ( d, o )
        if ( !(READ_ONCE(o->pause_flags) & VPF_down) )
            return;
    printk("d%u: all vCPUs offline: powering off\n", d->domain_id);
    domain_shutdown(d, SHUTDOWN_poweroff);
}

static void exit_msr_read(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    u64 val;

    if ( guest_rdmsr(v, r->rcx, &val) )
    {
        hvm_inject_exception(v, 13, 0);
        return;
    }
    r->rax = (u32)val;
    r->rdx = val >> 32;
    hvm_skip_insn(v, e);
}

static void exit_msr_write(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    u64 val = ((r->rdx & 0xffffffff) << 32) | (r->rax & 0xffffffff);

    if ( guest_wrmsr(v, r->rcx, val) )
    {
        hvm_inject_exception(v, 13, 0);
        return;
    }
    hvm_skip_insn(v, e);
}

static void exit_npf(struct vcpu *v, const struct hvm_exit *e)
{
    domain_crash(v->domain,
                 "nested page fault: %s of guest-physical %#lx (outside "
                 "its memory), linear %#lx",
                 e->u.npf.fetch ? "fetch" : e->u.npf.write ? "write"
                                                           : "read",
                 (unsigned long)e->u.npf.gpa,
                 e->u.npf.gla_valid ? (unsigned long)e->u.npf.gla : 0UL);
}

static u64 guest_reg_value(struct vcpu *v, unsigned int idx)
{
    return ((const u64 *)&v->arch.hvm.regs)[idx];
}

/* MOV to CR0/CR4 that touched a hypervisor-owned bit. */
static void exit_cr_access(struct vcpu *v, const struct hvm_exit *e)
{
    u64 val;

    if ( !e->u.cr.write || e->u.cr.gpr == 0xff ||
         (e->u.cr.cr != 0 && e->u.cr.cr != 4) )
    {
        domain_crash(v->domain, "unexpected CR%u access (qual %#lx)",
                     e->u.cr.cr, (unsigned long)e->qualification);
        return;
    }
    val = guest_reg_value(v, e->u.cr.gpr);
    if ( e->u.cr.cr == 4 && (val & X86_CR4_VMXE) )
    {
        hvm_inject_exception(v, 13, 0);     /* no nested VMX */
        return;
    }
    hvm_set_reg(v, e->u.cr.cr == 0 ? HVM_REG_CR0 : HVM_REG_CR4, val);
    hvm_skip_insn(v, e);
}

/* XSETBV: the guest's XCR0 is live while it runs; the host uses none. */
static void exit_xsetbv(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    u64 val = ((r->rdx & 0xffffffff) << 32) | (r->rax & 0xffffffff);

    if ( r->rcx != 0 || xstate_set_xcr0(v, val) )
    {
        hvm_inject_exception(v, 13, 0);
        return;
    }
    hvm_skip_insn(v, e);
}

/* Armed for this CPU's next timer: run the timers as the IRQ would. */
static void exit_preempt(struct vcpu *v, const struct hvm_exit *e)
{
    raise_softirq(TIMER_SOFTIRQ);
}

static void exit_skip(struct vcpu *v, const struct hvm_exit *e)
{
    hvm_skip_insn(v, e);
}

static void exit_virt_insn(struct vcpu *v, const struct hvm_exit *e)
{
    hvm_inject_exception(v, 6, HVM_NO_ERROR_CODE);   /* #UD */
}

static void exit_invalid_state(struct vcpu *v, const struct hvm_exit *e)
{
    domain_crash(v->domain, "VM entry refused the guest state");
}

static const struct {
    hvm_exit_handler_t fn;
    const char *name;
} hvm_exit_handlers[HVM_EXIT_NR] = {
    [HVM_EXIT_EXT_INTR]      = { exit_nothing,       "external interrupt" },
    [HVM_EXIT_INTR_WINDOW]   = { exit_intr_window,   "interrupt window" },
    [HVM_EXIT_TRIPLE_FAULT]  = { exit_triple_fault,  "triple fault" },
    [HVM_EXIT_CPUID]         = { exit_cpuid,         "CPUID" },
    [HVM_EXIT_HLT]           = { exit_hlt,           "HLT" },
    [HVM_EXIT_HYPERCALL]     = { hvm_do_hypercall,   "hypercall" },
    [HVM_EXIT_IO]            = { hvm_io_intercept,   "I/O" },
    [HVM_EXIT_MSR_READ]      = { exit_msr_read,      "MSR read" },
    [HVM_EXIT_MSR_WRITE]     = { exit_msr_write,     "MSR write" },
    [HVM_EXIT_NPF]           = { exit_npf,           "nested page fault" },
    [HVM_EXIT_PREEMPT_TIMER] = { exit_preempt,       "preemption timer" },
    [HVM_EXIT_CR_ACCESS]     = { exit_cr_access,     "CR access" },
    [HVM_EXIT_XSETBV]        = { exit_xsetbv,        "XSETBV" },
    [HVM_EXIT_PAUSE]         = { exit_skip,          "PAUSE" },
    [HVM_EXIT_WBINVD]        = { exit_skip,          "WBINVD" },
    [HVM_EXIT_VIRT_INSN]     = { exit_virt_insn,     "VMX/SVM instruction" },
    [HVM_EXIT_INVALID_STATE] = { exit_invalid_state, "invalid state" },
};

static u64 hvm_exit_counts[HVM_EXIT_NR];

void hvm_handle_exit(struct vcpu *v, const struct hvm_exit *e)
{
    unsigned int r = e->reason;

    if ( r >= HVM_EXIT_NR || !hvm_exit_handlers[r].fn )
    {
        domain_crash(v->domain, "unhandled VM exit (neutral %u, vendor "
                     "reason %u, qualification %#lx)", r, e->vendor_reason,
                     (unsigned long)e->qualification);
        return;
    }
    hvm_exit_counts[r]++;
    hvm_exit_handlers[r].fn(v, e);
}

void hvm_dump_exit_stats(void)
{
    printk("VM exits by reason:\n");
    for ( unsigned int r = 0; r < HVM_EXIT_NR; r++ )
        if ( hvm_exit_counts[r] )
            printk("  %-20s %lu\n", hvm_exit_handlers[r].name,
                   (unsigned long)hvm_exit_counts[r]);
}

/*
 * Event delivery for PVH: no emulated LAPIC.  While the guest's
 * vcpu_info says an upcall is pending and it registered a callback
 * vector (HVM_PARAM_CALLBACK_IRQ, type "vector"), inject that vector as
 * an external interrupt as soon as the guest can take one; until then,
 * ask for an exit when it can (the interrupt window).  The guest's
 * handler clears evtchn_upcall_pending: no EOI is involved.
 */
static void deliver_callback(struct vcpu *v)
{
    u64 cb = v->domain->arch.hvm_params[HVM_PARAM_CALLBACK_IRQ];
    struct hvm_event *ev = &v->arch.hvm.pending_event;
    int vec = -1, irr = vlapic_highest_irr(v);

    if ( (cb >> HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) ==
         HVM_PARAM_CALLBACK_TYPE_VECTOR && local_events_need_delivery(v) )
        vec = cb & 0xff;
    /* Of the callback and the vLAPIC's IRR, the higher vector first. */
    if ( irr > vec )
        vec = irr;
    if ( vec < 0 )
        return;
    if ( ev->pending || !hvm_funcs->interrupts_enabled(v) )
    {
        hvm_funcs->set_interrupt_window(v, true);
        return;
    }
    if ( vec == irr )
        vlapic_ack(v, vec);
    ev->pending = true;
    ev->type = HVM_EVENT_EXT_INTR;
    ev->vector = vec;
    ev->has_error_code = false;
    v->nr_upcalls++;
}

bool hvm_has_pending_interrupt(struct vcpu *v)
{
    return vlapic_highest_irr(v) >= 0;
}

/*
 * Copies v's runstate to the guest's area.  Other vCPUs may read it
 * meanwhile (steal time); with the runstate update flag assist they are
 * told, through XEN_RUNSTATE_UPDATE in state_entry_time, to retry.
 */
static void update_runstate_area(struct vcpu *v)
{
    unsigned long entry_time = v->runstate_guest +
        offsetof(struct vcpu_runstate_info, state_entry_time);
    bool flag = READ_ONCE(v->domain->vm_assist) &
                (1UL << VMASST_TYPE_runstate_update_flag);
    struct vcpu_runstate_info rs = v->runstate;

    if ( flag )
    {
        /* Flag first, then the body (still flagged), then unflag. */
        rs.state_entry_time |= XEN_RUNSTATE_UPDATE;
        if ( hvm_copy_to_guest(entry_time, &rs.state_entry_time, 8) )
            return;
        smp_wmb();
    }
    if ( hvm_copy_to_guest(v->runstate_guest, &rs, sizeof(rs)) || !flag )
        return;
    smp_wmb();
    rs.state_entry_time &= ~XEN_RUNSTATE_UPDATE;
    hvm_copy_to_guest(entry_time, &rs.state_entry_time, 8);
}

/* Boot benchmark: ticks from the multiboot entry to dom0's first insn. */
static void note_first_entry(struct vcpu *v)
{
    extern u64 boot_tsc_start;
    static bool done;

    if ( done || !v->domain->is_hardware_domain || v->vcpu_id )
        return;
    done = true;
    printk("BENCH xen-boot-to-dom0 value=%lu unit=ticks\n",
           (unsigned long)(rdtsc() - boot_tsc_start));
}

void hvm_entry_softirqs_then_prepare(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    for ( ; ; )
    {
        local_irq_disable();
        if ( !softirq_pending(cpu) )
            break;
        local_irq_enable();
        do_softirq();           /* may switch to another vCPU for good */
    }
    hvm_prepare_entry(v);
}

/* Runs with interrupts off just before every VM entry. */
void hvm_prepare_entry(struct vcpu *v)
{
    quiesce_point();
    note_first_entry(v);
    if ( unlikely(v->time_dirty) )
    {
        v->time_dirty = false;
        update_vcpu_system_time(v);
    }
    if ( unlikely(v->runstate_dirty) )
    {
        v->runstate_dirty = false;
        if ( v->runstate_guest )
            update_runstate_area(v);
    }
    deliver_callback(v);
}
