/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SVM backend behind hvm_function_table: exit decoding into the
 * vendor-neutral struct hvm_exit, event injection at VMRUN, register
 * access and the per-CPU enable.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/mm.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <public/hvm/hvm_vcpu.h>

static struct svm_cpu svm_cpus[NR_CPUS];
static struct svm_entry_frame svm_frames[NR_CPUS];

struct svm_cpu *svm_this_cpu(void)
{
    return &svm_cpus[smp_processor_id()];
}

/*
 * Decoding: SVM exit code -> neutral reason, and which instruction an
 * exit that completes one must find the length of (NRIPS aside).  The
 * codes that matter are dense below 0x90; the nested page fault (0x400)
 * gets the slot after them.
 */
#define SVM_NR_DENSE_EXITS  0x90
#define SVM_NPF_SLOT        SVM_NR_DENSE_EXITS
#define SVM_NR_EXIT_SLOTS   (SVM_NR_DENSE_EXITS + 1)

struct svm_exit_desc {
    enum hvm_exit_reason reason;
    enum svm_insn insn;         /* SVM_INSN_NR: no instruction to skip */
    const char *name;
};

#define D(code, hvm, insn) \
    [SVM_EXIT_##code] = { HVM_EXIT_##hvm, SVM_INSN_##insn, #code }
static const struct svm_exit_desc svm_exit_table[SVM_NR_EXIT_SLOTS] = {
    D(INTR,         EXT_INTR,       NR),
    D(NMI,          EXT_INTR,       NR),    /* the host's: taken at STGI */
    D(SMI,          EXT_INTR,       NR),
    D(VINTR,        INTR_WINDOW,    NR),
    D(CPUID,        CPUID,          CPUID),
    D(INVD,         WBINVD,         INVD),
    D(HLT,          HLT,            HLT),
    D(INVLPGA,      VIRT_INSN,      NR),
    D(IOIO,         IO,             NR),    /* exitinfo2 is the next RIP */
    D(MSR,          MSR_READ,       RDMSR), /* or write: see decode_exit */
    D(TASK_SWITCH,  UNKNOWN,        NR),
    D(SHUTDOWN,     TRIPLE_FAULT,   NR),
    D(VMRUN,        VIRT_INSN,      NR),
    D(VMMCALL,      HYPERCALL,      VMMCALL),
    D(VMLOAD,       VIRT_INSN,      NR),
    D(VMSAVE,       VIRT_INSN,      NR),
    D(STGI,         VIRT_INSN,      NR),
    D(CLGI,         VIRT_INSN,      NR),
    D(SKINIT,       VIRT_INSN,      NR),
    D(RDTSCP,       VIRT_INSN,      NR),
    D(WBINVD,       WBINVD,         WBINVD),
    D(MONITOR,      UNKNOWN,        NR),
    D(MWAIT,        UNKNOWN,        NR),
    D(XSETBV,       XSETBV,         XSETBV),
    [SVM_NPF_SLOT] = { HVM_EXIT_NPF, SVM_INSN_NR, "NPF" },
};
#undef D

/* Raw exit counters, per slot, over all vCPUs; [SVM_NR_EXIT_SLOTS]: other. */
static u64 svm_exit_counts[SVM_NR_EXIT_SLOTS + 1];

static unsigned int exit_slot(u64 code)
{
    if ( code < SVM_NR_DENSE_EXITS )
        return code;
    if ( code == SVM_EXIT_NPF )
        return SVM_NPF_SLOT;
    return SVM_NR_EXIT_SLOTS;
}

static void decode_exit(struct vcpu *v, struct hvm_exit *e)
{
    const struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;
    unsigned int slot = exit_slot(vmcb->exitcode);
    const struct svm_exit_desc *d;
    u64 info1 = vmcb->exitinfo1;

    memset(e, 0, sizeof(*e));
    e->vendor_reason = vmcb->exitcode;
    e->qualification = info1;
    if ( vmcb->exitcode == SVM_EXIT_INVALID )
    {
        e->reason = HVM_EXIT_INVALID_STATE;
        return;
    }
    if ( slot >= SVM_NR_EXIT_SLOTS || !svm_exit_table[slot].name )
    {
        e->reason = HVM_EXIT_UNKNOWN;
        return;
    }
    d = &svm_exit_table[slot];
    e->reason = d->reason;

    switch ( e->reason )
    {
    case HVM_EXIT_IO:
        /* APM Vol. 2, 15.10.2: IOIO always gives the next RIP. */
        e->u.io.in = info1 & SVM_IOIO_IN;
        e->u.io.string = info1 & SVM_IOIO_STR;
        e->u.io.rep = info1 & SVM_IOIO_REP;
        e->u.io.bytes = (info1 >> SVM_IOIO_SIZE_SHIFT) & 7;
        if ( e->u.io.bytes == 3 || e->u.io.bytes > 4 )
            e->u.io.bytes = 4;
        e->u.io.port = info1 >> SVM_IOIO_PORT_SHIFT;
        e->insn_len = vmcb->exitinfo2 - vmcb->rip;
        return;

    case HVM_EXIT_MSR_READ:
        if ( info1 == 1 )
        {
            e->reason = HVM_EXIT_MSR_WRITE;
            e->insn_len = svm_insn_len(v, SVM_INSN_WRMSR);
            return;
        }
        break;

    case HVM_EXIT_NPF:
        e->u.npf.gpa = vmcb->exitinfo2;
        e->u.npf.write = info1 & SVM_NPF_WRITE;
        e->u.npf.fetch = info1 & SVM_NPF_FETCH;
        e->u.npf.read = !e->u.npf.write && !e->u.npf.fetch;
        return;

    default:
        break;
    }

    if ( d->insn != SVM_INSN_NR )
    {
        e->insn_len = svm_insn_len(v, d->insn);
        /* Skipping a wrong length would run the guest from mid-insn. */
        if ( !e->insn_len )
        {
            svm_vmcb_dump(v);
            e->reason = HVM_EXIT_UNKNOWN;
        }
    }
}

/*
 * Re-queues an event that was being delivered when the exit happened
 * (APM Vol. 2, 15.7.2), so that it is not lost.  A software interrupt,
 * INT3 or INTO is left alone: RIP still points at the instruction, which
 * raises it again when the guest resumes, and re-injecting it would need
 * the next RIP that only NRIPS gives.
 */
static void requeue_exitintinfo(struct vcpu *v)
{
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;
    struct hvm_event *ev = &v->arch.hvm.pending_event;
    u64 info = vmcb->exitintinfo;
    unsigned int type = (info >> SVM_EVENT_TYPE_SHIFT) & 7;
    u8 vector = info & SVM_EVENT_VECTOR_MASK;

    if ( !(info & SVM_EVENT_VALID) || ev->pending )
        return;
    if ( type == SVM_EVENT_TYPE_SWINT ||
         (type == SVM_EVENT_TYPE_EXC && (vector == 3 || vector == 4)) )
        return;
    ev->pending = true;
    ev->vector = vector;
    ev->type = type == SVM_EVENT_TYPE_NMI ? HVM_EVENT_NMI :
               type == SVM_EVENT_TYPE_EXC ? HVM_EVENT_HW_EXC
                                          : HVM_EVENT_EXT_INTR;
    ev->has_error_code = info & SVM_EVENT_ERROR_VALID;
    ev->error_code = info >> 32;
    if ( ev->type == HVM_EVENT_HW_EXC && vector == 14 )
        ev->cr2 = vmcb->cr2;
}

void svm_vmexit_handler(void)
{
    struct vcpu *v = current;
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;
    struct hvm_exit e;

    /*
     * VMRUN keeps the guest's RAX in the VMCB; common code finds every
     * general register in guest_regs, so RAX lives there while we run.
     */
    v->arch.hvm.regs.rax = vmcb->rax;
    svm_exit_counts[exit_slot(vmcb->exitcode)]++;
    v->nr_exits++;
    /* What VMRUN injected is delivered (or back in exitintinfo). */
    vmcb->eventinj = 0;

    decode_exit(v, &e);
    if ( e.reason != HVM_EXIT_INVALID_STATE )
        requeue_exitintinfo(v);

    /* Host interrupts (including the one that caused this exit). */
    local_irq_enable();
    if ( e.reason == HVM_EXIT_INVALID_STATE )
        svm_vmcb_dump(v);
    hvm_handle_exit(v, &e);
}

static void inject_pending_event(struct vcpu *v)
{
    struct hvm_event *ev = &v->arch.hvm.pending_event;
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;
    u64 inj;

    if ( !ev->pending )
        return;
    ev->pending = false;
    switch ( ev->type )
    {
    case HVM_EVENT_NMI:
        inj = SVM_EVENT_TYPE_NMI;
        break;
    case HVM_EVENT_HW_EXC:
    case HVM_EVENT_SW_EXC:
        inj = SVM_EVENT_TYPE_EXC;
        break;
    case HVM_EVENT_SW_INTR:
        inj = SVM_EVENT_TYPE_SWINT;
        break;
    default:
        inj = SVM_EVENT_TYPE_INTR;
        break;
    }
    inj = (inj << SVM_EVENT_TYPE_SHIFT) | ev->vector | SVM_EVENT_VALID;
    if ( ev->has_error_code )
        inj |= SVM_EVENT_ERROR_VALID | ((u64)ev->error_code << 32);
    if ( ev->type == HVM_EVENT_HW_EXC && ev->vector == 14 )
        vmcb->cr2 = ev->cr2;
    vmcb->eventinj = inj;
}

struct svm_entry_frame *svm_prepare_entry(void)
{
    struct vcpu *v = current;
    struct svm_vcpu *svm = &v->arch.hvm.u.svm;
    unsigned int cpu = smp_processor_id();
    struct svm_entry_frame *f = &svm_frames[cpu];

    hvm_entry_softirqs_then_prepare(v);
    svm_asid_assign(v);
    inject_pending_event(v);
    /* Nothing in the VMCB may be taken from a cache (APM 15.15.3). */
    svm->vmcb->clean_bits = 0;
    svm->vmcb->rax = v->arch.hvm.regs.rax;

    f->vmcb_pa = svm->vmcb_pa;
    f->host_vmcb_pa = svm_cpus[cpu].host_vmcb_pa;
    f->regs = &v->arch.hvm.regs;
    return f;
}

static void __attribute__((__noreturn__)) svm_do_resume(void)
{
    extern const char svm_asm_do_vmentry[];

    hvm_enter_on_fresh_stack(svm_asm_do_vmentry);
}

static void svm_get_vcpu_context(struct vcpu *v, struct vcpu_hvm_x86_64 *c)
{
    const struct guest_regs *r = &v->arch.hvm.regs;
    const struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    c->rax = r->rax;
    c->rcx = r->rcx;
    c->rdx = r->rdx;
    c->rbx = r->rbx;
    c->rbp = r->rbp;
    c->rsi = r->rsi;
    c->rdi = r->rdi;
    c->rsp = vmcb->rsp;
    c->rip = vmcb->rip;
    c->rflags = vmcb->rflags;
    c->cr0 = vmcb->cr0;
    c->cr3 = vmcb->cr3;
    c->cr4 = vmcb->cr4;
    c->efer = v->arch.hvm.guest_efer;
}

/*
 * Everything the guest owns travels in its VMCB (VMRUN, VMLOAD and
 * VMSAVE move it), so a switch has nothing to swap by hand.
 */
static void svm_ctxt_switch_from(struct vcpu *v)
{
}

static void svm_ctxt_switch_to(struct vcpu *v)
{
}

static unsigned long svm_get_reg(struct vcpu *v, enum hvm_reg r)
{
    const struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    switch ( r )
    {
    case HVM_REG_RIP:       return vmcb->rip;
    case HVM_REG_RSP:       return vmcb->rsp;
    case HVM_REG_RFLAGS:    return vmcb->rflags;
    case HVM_REG_CR0:       return vmcb->cr0;
    case HVM_REG_CR2:       return vmcb->cr2;
    case HVM_REG_CR3:       return vmcb->cr3;
    case HVM_REG_CR4:       return vmcb->cr4;
    /* The guest's EFER, without the SVME that VMRUN requires. */
    case HVM_REG_EFER:      return vmcb->efer & ~EFER_SVME;
    case HVM_REG_FS_BASE:   return vmcb->fs.base;
    case HVM_REG_GS_BASE:   return vmcb->gs.base;
    case HVM_REG_SHADOW_GS_BASE: return vmcb->kernel_gs_base;
    case HVM_REG_SYSENTER_CS:  return vmcb->sysenter_cs;
    case HVM_REG_SYSENTER_ESP: return vmcb->sysenter_esp;
    case HVM_REG_SYSENTER_EIP: return vmcb->sysenter_eip;
    case HVM_REG_PAT:       return vmcb->g_pat;
    }
    return 0;
}

static void svm_set_reg(struct vcpu *v, enum hvm_reg r, unsigned long val)
{
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    switch ( r )
    {
    case HVM_REG_RIP:
        vmcb->rip = val;
        /* The instruction we completed ends any STI or MOV-SS shadow. */
        vmcb->interrupt_shadow = 0;
        break;
    case HVM_REG_RSP:       vmcb->rsp = val; break;
    case HVM_REG_RFLAGS:    vmcb->rflags = val; break;
    case HVM_REG_CR0:       vmcb->cr0 = val; break;
    case HVM_REG_CR2:       vmcb->cr2 = val; break;
    case HVM_REG_CR3:       vmcb->cr3 = val; break;
    case HVM_REG_CR4:       vmcb->cr4 = val; break;
    case HVM_REG_EFER:
        v->arch.hvm.guest_efer = val;
        vmcb->efer = val | EFER_SVME;
        break;
    case HVM_REG_FS_BASE:   vmcb->fs.base = val; break;
    case HVM_REG_GS_BASE:   vmcb->gs.base = val; break;
    case HVM_REG_SHADOW_GS_BASE: vmcb->kernel_gs_base = val; break;
    case HVM_REG_SYSENTER_CS:  vmcb->sysenter_cs = val; break;
    case HVM_REG_SYSENTER_ESP: vmcb->sysenter_esp = val; break;
    case HVM_REG_SYSENTER_EIP: vmcb->sysenter_eip = val; break;
    case HVM_REG_PAT:       vmcb->g_pat = val; break;
    }
}

static unsigned int svm_get_cpl(struct vcpu *v)
{
    return v->arch.hvm.u.svm.vmcb->cpl & 3;
}

/* CS attributes: L is bit 9 and D/B bit 10 in the packed form. */
static unsigned int svm_guest_mode(struct vcpu *v)
{
    const struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    if ( !(vmcb->cr0 & X86_CR0_PE) )
        return 0;
    if ( (vmcb->efer & EFER_LMA) && (vmcb->cs.attr & (1U << 9)) )
        return 8;
    return (vmcb->cs.attr & (1U << 10)) ? 4 : 2;
}

static bool svm_interrupts_enabled(struct vcpu *v)
{
    const struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    return (vmcb->rflags & X86_EFLAGS_IF) && !(vmcb->interrupt_shadow & 1);
}

/*
 * A virtual interrupt that ignores the TPR, with the VINTR intercept on,
 * exits as soon as the guest could take it (APM Vol. 2, 15.21.4); it is
 * never delivered, as we take it down at that exit.
 */
static void svm_set_interrupt_window(struct vcpu *v, bool on)
{
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    if ( on )
        vmcb->vintr |= SVM_VINTR_IRQ | SVM_VINTR_IGN_TPR |
                       (0xfULL << SVM_VINTR_PRIO_SHIFT);
    else
        vmcb->vintr &= ~SVM_VINTR_IRQ;
}

static void svm_dump_exit_stats(void)
{
    printk("SVM exits by exit code:\n");
    for ( unsigned int s = 0; s < SVM_NR_EXIT_SLOTS; s++ )
        if ( svm_exit_counts[s] )
            printk("  %#5x %-22s %lu\n",
                   s == SVM_NPF_SLOT ? SVM_EXIT_NPF : s,
                   svm_exit_table[s].name ?: "unnamed",
                   (unsigned long)svm_exit_counts[s]);
    if ( svm_exit_counts[SVM_NR_EXIT_SLOTS] )
        printk("  other                        %lu\n",
               (unsigned long)svm_exit_counts[SVM_NR_EXIT_SLOTS]);
}

static const char *yn(bool b)
{
    return b ? "yes" : "no";
}

/* Probes this CPU, says what it found, and whether PVH can run here. */
static bool probe_and_print(struct svm_caps *c)
{
    svm_probe(c);
    printk("CPU%u: SVM: svm=%s npt=%s nrips=%s asids=%u\n",
           smp_processor_id(), yn(c->svm), yn(c->npt), yn(c->nrips),
           c->nr_asids);
    return c->svm && c->npt && c->nr_asids > 1;
}

/*
 * EFER.SVME on, the host save area named, and the host's own
 * VMLOAD/VMSAVE state captured once: nothing in it changes later.
 */
static int svm_cpu_enable(void)
{
    struct svm_cpu *c = svm_this_cpu();

    if ( !c->hsave )
    {
        c->hsave = alloc_xenheap_pages(0, 0);
        c->host_vmcb = alloc_xenheap_pages(0, 0);
        if ( !c->hsave || !c->host_vmcb )
            return -ENOMEM;
        memset(c->hsave, 0, PAGE_SIZE);
        memset(c->host_vmcb, 0, PAGE_SIZE);
        c->host_vmcb_pa = virt_to_maddr(c->host_vmcb);
    }
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, virt_to_maddr(c->hsave));
    __asm__ __volatile__ ( "vmsave %0" :: "a" (c->host_vmcb_pa)
                           : "memory" );
    return 0;
}

static int svm_cpu_up(void)
{
    struct svm_caps c;

    /* Every CPU must match the boot CPU: guests may run on any of them. */
    if ( !probe_and_print(&c) || c.nrips != svm_bsp_caps.nrips ||
         c.nr_asids < svm_bsp_caps.nr_asids )
        return -ENODEV;
    return svm_cpu_enable();
}

static struct hvm_function_table svm_function_table = {
    .name = "SVM",
    .p2m_format = P2M_FORMAT_NPT,
    .hypercall_insn = HVM_HYPERCALL_VMMCALL,
    .cpu_up = svm_cpu_up,
    .vcpu_initialise = svm_create_vmcb,
    .vcpu_destroy = svm_destroy_vmcb,
    .set_initial_state = svm_write_initial_state,
    .ctxt_switch_from = svm_ctxt_switch_from,
    .ctxt_switch_to = svm_ctxt_switch_to,
    .do_resume = svm_do_resume,
    .get_reg = svm_get_reg,
    .get_vcpu_context = svm_get_vcpu_context,
    .set_reg = svm_set_reg,
    .get_cpl = svm_get_cpl,
    .guest_mode = svm_guest_mode,
    .interrupts_enabled = svm_interrupts_enabled,
    .set_interrupt_window = svm_set_interrupt_window,
    .dump_guest_state = svm_vmcb_dump,
    .dump_exit_stats = svm_dump_exit_stats,
};

const struct hvm_function_table *start_svm(void)
{
    struct svm_caps *c = &svm_bsp_caps;

    if ( !probe_and_print(c) )
        return NULL;
    if ( svm_setup_bitmaps() || svm_cpu_enable() )
        return NULL;
    /* Nested tables are long-mode tables: 2M always, 1G if the host has. */
    svm_function_table.hap_capabilities = HVM_HAP_SUPERPAGE_2MB |
        (c->page1g ? HVM_HAP_SUPERPAGE_1GB : 0);
    printk("SVM: NPT 2M%s, %u ASIDs, %s\n", c->page1g ? " 1G" : "",
           c->nr_asids, c->nrips ? "NRIPS"
                                 : "no NRIPS (instruction lengths decoded)");
    return &svm_function_table;
}
