/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Vendor-neutral HVM: choosing the backend, the PVH hypercall table and
 * its entry checks, HVMOP_*, and event injection.
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/xen.h>

const struct hvm_function_table *hvm_funcs;

/* Each CPU has at most one of the two; the other's probe says "no". */
void hvm_enable(void)
{
    const struct hvm_function_table *fns = start_vmx();

    if ( !fns )
        fns = start_svm();
    if ( !fns )
        return;
    hvm_funcs = fns;
    printk("HVM: %s enabled\n", fns->name);
}

int hvm_cpu_up(void)
{
    int rc;

    if ( !hvm_funcs )
        return 0;
    rc = hvm_funcs->cpu_up();
    if ( rc )
        printk(XENLOG_WARNING "HVM: CPU%u cannot run guests (%d)\n",
               smp_processor_id(), rc);
    return rc;
}

int hvm_set_vcpu_state(struct vcpu *v, const struct hvm_initial_state *s)
{
    if ( s->mode != HVM_START_PROT32 && s->mode != HVM_START_LONG64 &&
         s->mode != HVM_START_REAL16 )
        return -EINVAL;
    hvm_funcs->set_initial_state(v, s);
    return 0;
}

void hvm_start_at_sipi(struct vcpu *v, u8 vector)
{
    struct hvm_initial_state st = {
        .mode = HVM_START_REAL16, .cs_sel = vector << 8,
    };

    while ( READ_ONCE(v->is_running) )
        cpu_relax();
    if ( hvm_set_vcpu_state(v, &st) )
        return;
    v->is_initialised = true;
    if ( __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST) &
         VPF_down )
        vcpu_wake(v);
}

void hvm_fill_hypercall_page(void *page)
{
    hvm_hypercall_page_build(page, hvm_funcs->hypercall_insn);
}

void hvm_load_initial_regs(struct vcpu *v, const struct hvm_initial_state *s)
{
    struct guest_regs *r = &v->arch.hvm.regs;

    memset(r, 0, sizeof(*r));
    r->rax = s->rax;
    r->rbx = s->rbx;
    r->rcx = s->rcx;
    r->rdx = s->rdx;
    r->rsi = s->rsi;
    r->rdi = s->rdi;
    r->rbp = s->rbp;
    v->arch.hvm.pending_event.pending = false;
}

void __attribute__((__noreturn__)) hvm_enter_on_fresh_stack(const void *stub)
{
    /* Nothing below us survives the entry: start from an empty stack. */
    __asm__ __volatile__ ( "mov %0, %%rsp; jmp *%1"
                           :: "r" (this_cpu_info()->stack_top),
                              "r" (stub) : "memory" );
    __builtin_unreachable();
}

void hvm_inject_exception(struct vcpu *v, unsigned int vector,
                          int error_code)
{
    struct hvm_event *ev = &v->arch.hvm.pending_event;

    ev->pending = true;
    ev->type = HVM_EVENT_HW_EXC;
    ev->vector = vector;
    ev->has_error_code = error_code >= 0;
    ev->error_code = error_code >= 0 ? error_code : 0;
}

/*
 * HVMOP_set_param / get_param.  A PVH guest sets only the callback
 * vector; it may read the parameters the builder filled in.  The
 * toolstack sets a domain's console and store parameters as it builds it.
 */
static long hvmop_param(unsigned long op, unsigned long arg)
{
    struct xen_hvm_param p;
    struct domain *d;
    long err = 0;

    if ( hvm_copy_from_guest(&p, arg, sizeof(p)) )
        return -EFAULT;
    if ( (d = get_target_domain(p.domid, &err)) == NULL )
        return err;
    if ( p.index >= HVM_NR_PARAMS )
        return -EINVAL;

    if ( op == HVMOP_set_param && d != current->domain )
    {
        /* The toolstack (policy.c let it this far) naming its backends. */
        switch ( p.index )
        {
        case HVM_PARAM_STORE_PFN:
        case HVM_PARAM_STORE_EVTCHN:
        case HVM_PARAM_CONSOLE_PFN:
        case HVM_PARAM_CONSOLE_EVTCHN:
            d->arch.hvm_params[p.index] = p.value;
            return 0;
        }
        return -EINVAL;
    }

    if ( op == HVMOP_set_param )
    {
        u64 type = p.value >> HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT;

        if ( p.index != HVM_PARAM_CALLBACK_IRQ )
            return -EINVAL;
        /* Only "vector" delivery exists for PVH; 0 turns it off. */
        if ( p.value && (type != HVM_PARAM_CALLBACK_TYPE_VECTOR ||
                         (p.value & 0xff) < 0x10 ||
                         (p.value & ~((0xffULL << 56) | 0xff))) )
            return -EINVAL;
        d->arch.hvm_params[p.index] = p.value;
        return 0;
    }

    switch ( p.index )
    {
    case HVM_PARAM_CALLBACK_IRQ:
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
        p.value = d->arch.hvm_params[p.index];
        return hvm_copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }
    return -EINVAL;
}

long do_hvm_op(unsigned long op, unsigned long arg)
{
    switch ( op )
    {
    case HVMOP_set_param:
    case HVMOP_get_param:
        return hvmop_param(op, arg);

    case HVMOP_pagetable_dying:
        return 0;               /* a hint for shadow paging: none here */
    }
    return -ENOSYS;
}

/*
 * The hypercalls a PVH guest has, and who may make them.  This table is
 * the one place that says so: anything absent (the PV MMU and trap-table
 * calls among them, as PVH guests use native page tables and IDT)
 * returns -ENOSYS.  Arguments arrive in RDI, RSI, RDX, R10, R8.
 */
enum hypercall_perm {
    HC_ANY,                     /* every domain */
    HC_PRIV,                    /* privileged (control) domains only */
};

struct hypercall_entry {
    long (*call)(const unsigned long *a);
    const char *name;
    enum hypercall_perm perm;
};

#define THUNK2(fn, t0, t1)                                              \
    static long call_##fn(const unsigned long *a)                       \
    { return do_##fn((t0)a[0], (t1)a[1]); }
#define THUNK3(fn, t0, t1, t2)                                          \
    static long call_##fn(const unsigned long *a)                       \
    { return do_##fn((t0)a[0], (t1)a[1], (t2)a[2]); }

THUNK3(console_io, unsigned int, unsigned long, unsigned long)
THUNK2(xen_version, unsigned int, unsigned long)
THUNK2(sched_op, unsigned int, unsigned long)
THUNK2(memory_op, unsigned long, unsigned long)
THUNK3(vcpu_op, unsigned int, unsigned int, unsigned long)
THUNK2(hvm_op, unsigned long, unsigned long)
THUNK2(event_channel_op, int, unsigned long)
THUNK3(grant_table_op, unsigned int, unsigned long, unsigned int)
THUNK2(vm_assist, unsigned int, unsigned int)

static long call_domctl(const unsigned long *a)
{
    return do_domctl(a[0]);
}

static long call_sysctl(const unsigned long *a)
{
    return do_sysctl(a[0]);
}

static long call_platform_op(const unsigned long *a)
{
    return do_platform_op(a[0]);
}

static long call_set_timer_op(const unsigned long *a)
{
    return do_set_timer_op(a[0]);
}

#define HYPERCALL(fn, perm) \
    [__HYPERVISOR_##fn] = { call_##fn, #fn, perm }

static const struct hypercall_entry pvh_hypercall64_table[NR_hypercalls] = {
    HYPERCALL(platform_op,  HC_PRIV),
    HYPERCALL(memory_op,    HC_ANY),
    HYPERCALL(set_timer_op, HC_ANY),
    HYPERCALL(xen_version,  HC_ANY),
    HYPERCALL(console_io,   HC_ANY),
    HYPERCALL(vm_assist,    HC_ANY),
    HYPERCALL(vcpu_op,      HC_ANY),
    HYPERCALL(sched_op,     HC_ANY),
    HYPERCALL(event_channel_op, HC_ANY),
    HYPERCALL(grant_table_op, HC_ANY),
    HYPERCALL(hvm_op,       HC_ANY),
    HYPERCALL(sysctl,       HC_PRIV),
    HYPERCALL(domctl,       HC_PRIV),
};

static u64 hypercall_counts[NR_hypercalls];

void hvm_do_hypercall(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    unsigned long nr = r->rax;
    const struct hypercall_entry *h;
    unsigned long args[5];

    /* Past the vmcall first: a handler may deschedule us. */
    hvm_skip_insn(v, e);
    v->nr_hypercalls++;

    /* Only the guest kernel may call, and only from 64-bit code. */
    if ( hvm_funcs->get_cpl(v) != 0 )
    {
        r->rax = -EPERM;
        return;
    }
    if ( hvm_funcs->guest_mode(v) != 8 )
    {
        r->rax = -ENOSYS;
        return;
    }
    if ( nr >= NR_hypercalls || !pvh_hypercall64_table[nr].call )
    {
        r->rax = -ENOSYS;
        return;
    }
    h = &pvh_hypercall64_table[nr];
    if ( h->perm == HC_PRIV && !v->domain->is_privileged )
    {
        r->rax = -EPERM;
        return;
    }

    hypercall_counts[nr]++;
    args[0] = r->rdi;
    args[1] = r->rsi;
    args[2] = r->rdx;
    args[3] = r->r10;
    args[4] = r->r8;
    r->rax = h->call(args);
}

void hvm_dump_hypercall_stats(void)
{
    printk("Hypercalls by number:\n");
    for ( unsigned int i = 0; i < NR_hypercalls; i++ )
        if ( hypercall_counts[i] )
            printk("  %2u %-14s %lu\n", i, pvh_hypercall64_table[i].name,
                   (unsigned long)hypercall_counts[i]);
}
