/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMX backend behind hvm_function_table: exit decoding into the
 * vendor-neutral struct hvm_exit, event injection at entry, register
 * access and the scheduler hooks.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vmx.h>
#include <asm/hvm/vmx/vmcs.h>
#include <asm/hvm/vmx/vmx.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <public/hvm/hvm_vcpu.h>

/* Raw exit counters, per VMX basic exit reason, over all vCPUs. */
static u64 vmx_exit_counts[VMX_NR_EXIT_REASONS];

/*
 * Decoding: VMX basic exit reason -> neutral reason, plus whether the
 * exit qualification and instruction length are meaningful for it
 * (reading them costs a VMREAD each, so only where needed).
 */
struct vmx_exit_desc {
    enum hvm_exit_reason reason;
    bool qual;
    bool insn_len;
    const char *name;
};

#define D(vmx, hvm, q, l) \
    [EXIT_REASON_##vmx] = { HVM_EXIT_##hvm, q, l, #vmx }
static const struct vmx_exit_desc vmx_exit_table[VMX_NR_EXIT_REASONS] = {
    D(EXCEPTION_NMI,       EXCEPTION,      true,  true),
    D(EXTERNAL_INTERRUPT,  EXT_INTR,       false, false),
    D(TRIPLE_FAULT,        TRIPLE_FAULT,   false, false),
    D(INIT,                INIT,           false, false),
    D(SIPI,                SIPI,           true,  false),
    D(PENDING_VIRT_INTR,   INTR_WINDOW,    false, false),
    D(CPUID,               CPUID,          false, true),
    D(HLT,                 HLT,            false, true),
    D(VMCALL,              HYPERCALL,      false, true),
    D(VMCLEAR,             VIRT_INSN,      false, true),
    D(VMLAUNCH,            VIRT_INSN,      false, true),
    D(VMPTRLD,             VIRT_INSN,      false, true),
    D(VMPTRST,             VIRT_INSN,      false, true),
    D(VMREAD,              VIRT_INSN,      false, true),
    D(VMRESUME,            VIRT_INSN,      false, true),
    D(VMWRITE,             VIRT_INSN,      false, true),
    D(VMXOFF,              VIRT_INSN,      false, true),
    D(VMXON,               VIRT_INSN,      false, true),
    D(INVEPT,              VIRT_INSN,      false, true),
    D(INVVPID,             VIRT_INSN,      false, true),
    D(VMFUNC,              VIRT_INSN,      false, true),
    D(CR_ACCESS,           CR_ACCESS,      true,  true),
    D(IO_INSTRUCTION,      IO,             true,  true),
    D(MSR_READ,            MSR_READ,       false, true),
    D(MSR_WRITE,           MSR_WRITE,      false, true),
    D(INVALID_GUEST_STATE, INVALID_STATE,  true,  false),
    D(MWAIT_INSTRUCTION,   UNKNOWN,        false, true),
    D(MONITOR_INSTRUCTION, UNKNOWN,        false, true),
    D(PAUSE_INSTRUCTION,   PAUSE,          false, true),
    D(EPT_VIOLATION,       NPF,            true,  true),
    D(EPT_MISCONFIG,       NPT_MISCONFIG,  false, false),
    D(PREEMPTION_TIMER,    PREEMPT_TIMER,  false, false),
    D(WBINVD,              WBINVD,         false, true),
    D(XSETBV,              XSETBV,         false, true),
};
#undef D

static const char *vmx_exit_name(unsigned int r)
{
    if ( r < ARRAY_SIZE(vmx_exit_table) && vmx_exit_table[r].name )
        return vmx_exit_table[r].name;
    return "unnamed";
}

/* Guest register order used by the exit qualifications (SDM table 28-3). */
static const u8 vmx_gpr_to_regs[16] = {
    /* rax rcx rdx rbx rsp rbp rsi rdi r8..r15, as guest_regs indexes */
    0, 2, 3, 1, 0xff, 6, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14,
};

static void decode_exit(struct hvm_exit *e, u32 raw)
{
    unsigned int basic = raw & 0xffff;
    const struct vmx_exit_desc *d;
    u64 q = 0;

    memset(e, 0, sizeof(*e));
    e->vendor_reason = basic;
    if ( basic >= ARRAY_SIZE(vmx_exit_table) )
    {
        e->reason = HVM_EXIT_UNKNOWN;
        return;
    }
    d = &vmx_exit_table[basic];
    e->reason = d->reason;
    if ( d->qual )
        e->qualification = q = vmread(EXIT_QUALIFICATION);
    if ( d->insn_len )
        e->insn_len = vmread(VM_EXIT_INSTRUCTION_LEN);

    switch ( e->reason )
    {
    case HVM_EXIT_IO:
        /* SDM table 28-5. */
        e->u.io.bytes = (q & 7) + 1;
        e->u.io.in = q & (1U << 3);
        e->u.io.string = q & (1U << 4);
        e->u.io.rep = q & (1U << 5);
        e->u.io.port = q >> 16;
        break;

    case HVM_EXIT_NPF:
        /* SDM table 28-7. */
        e->u.npf.gpa = vmread(GUEST_PHYSICAL_ADDRESS);
        e->u.npf.read = q & 1;
        e->u.npf.write = q & 2;
        e->u.npf.fetch = q & 4;
        e->u.npf.gla_valid = q & (1U << 7);
        if ( e->u.npf.gla_valid )
            e->u.npf.gla = vmread(GUEST_LINEAR_ADDRESS);
        break;

    case HVM_EXIT_CR_ACCESS:
        /* SDM table 28-3: only MOV to/from CRn becomes a neutral exit. */
        e->u.cr.cr = q & 15;
        e->u.cr.write = ((q >> 4) & 3) == 0;
        e->u.cr.gpr = vmx_gpr_to_regs[(q >> 8) & 15];
        if ( ((q >> 4) & 3) > 1 )
            e->reason = HVM_EXIT_UNKNOWN;       /* CLTS, LMSW */
        break;

    case HVM_EXIT_EXCEPTION:
    {
        u32 info = vmread(VM_EXIT_INTR_INFO);

        e->u.exc.vector = info & INTR_INFO_VECTOR_MASK;
        e->u.exc.has_error_code = info & INTR_INFO_DELIVER_CODE;
        if ( e->u.exc.has_error_code )
            e->u.exc.error_code = vmread(VM_EXIT_INTR_ERROR_CODE);
        break;
    }

    default:
        break;
    }
}

/*
 * Re-queues an event that was being delivered when the exit happened
 * (SDM Vol. 3C, 28.2.4), so that it is not lost.
 */
static void requeue_idt_vectoring(struct vcpu *v)
{
    u32 info = vmread(IDT_VECTORING_INFO);
    struct hvm_event *ev = &v->arch.hvm.pending_event;

    if ( !(info & INTR_INFO_VALID) || ev->pending )
        return;
    ev->pending = true;
    ev->vector = info & INTR_INFO_VECTOR_MASK;
    ev->type = (info >> INTR_INFO_TYPE_SHIFT) & 7;
    ev->has_error_code = info & INTR_INFO_DELIVER_CODE;
    if ( ev->has_error_code )
        ev->error_code = vmread(IDT_VECTORING_ERROR_CODE);
    if ( ev->type == HVM_EVENT_SW_INTR || ev->type == HVM_EVENT_SW_EXC ||
         ev->type == 5 /* privileged software exception */ )
        ev->insn_len = vmread(VM_EXIT_INSTRUCTION_LEN);
}

void vmx_vmexit_handler(void)
{
    struct vcpu *v = current;
    struct hvm_exit e;
    u32 raw = vmread(VM_EXIT_REASON);

    v->arch.hvm.u.vmx.launched = true;
    if ( (raw & 0xffff) < VMX_NR_EXIT_REASONS )
        vmx_exit_counts[raw & 0xffff]++;
    v->nr_exits++;

    /*
     * An NMI that arrived in guest mode exits with reason 0 and type NMI
     * (SDM Vol. 3C, 27.2.2); it is the host's, not the guest's.  NMI
     * exiting leaves NMIs unblocked after the exit, so handle it here.
     */
    if ( (raw & 0xffff) == 0 &&
         ((vmread(VM_EXIT_INTR_INFO) >> INTR_INFO_TYPE_SHIFT) & 7) ==
         HVM_EVENT_NMI )
    {
        requeue_idt_vectoring(v);
        do_nmi(NULL);
        local_irq_enable();
        return;
    }

    decode_exit(&e, raw);
    if ( e.reason != HVM_EXIT_INVALID_STATE )
        requeue_idt_vectoring(v);

    /* Host interrupts (including the one that caused this exit). */
    local_irq_enable();
    hvm_handle_exit(v, &e);
}

void vmx_vmentry_failure(void)
{
    struct vcpu *v = current;
    unsigned long err = vmread(VM_INSTRUCTION_ERROR);

    vmx_vmcs_dump(v);
    domain_crash(v->domain, "VM entry failed: VM-instruction error %lu",
                 err);
}

struct vmentry_info {
    struct guest_regs *regs;
    unsigned long launched;
};

static void inject_pending_event(struct vcpu *v)
{
    struct hvm_event *ev = &v->arch.hvm.pending_event;
    u32 info;

    if ( !ev->pending )
        return;
    ev->pending = false;
    info = INTR_INFO_VALID | ((u32)ev->type << INTR_INFO_TYPE_SHIFT) |
           ev->vector;
    if ( ev->has_error_code )
    {
        info |= INTR_INFO_DELIVER_CODE;
        vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, ev->error_code);
    }
    if ( ev->type == HVM_EVENT_SW_INTR || ev->type == HVM_EVENT_SW_EXC ||
         ev->type == 5 )
        vmwrite(VM_ENTRY_INSTRUCTION_LEN, ev->insn_len);
    else if ( ev->type == HVM_EVENT_HW_EXC && ev->vector == 14 )
        write_cr2(ev->cr2);     /* CR2 is not in the VMCS: load it now */
    vmwrite(VM_ENTRY_INTR_INFO, info);
}

/*
 * Arms the VMX-preemption timer (SDM Vol. 3C, 26.5.1) for this CPU's next
 * timer deadline.  An external interrupt exits the guest anyway, but a
 * guest spinning with interrupts off must not keep the CPU past its own
 * timers: some implementations (Bochs) then hold the interrupt pending
 * and no exit comes.  The timer counts TSC >> shift (SDM 25.5.1), so
 * round up: an early exit would only re-enter at once.
 */
static void arm_preemption_timer(void)
{
    u64 deadline = this_cpu_info()->timer_deadline_tsc, now, ticks;
    unsigned int shift = vmx_ctls.preempt_timer_shift;

    if ( !(vmx_ctls.pin & PIN_BASED_PREEMPT_TIMER) )
        return;
    now = rdtsc();
    if ( !deadline )
        ticks = ~0ULL;
    else if ( (s64)(deadline - now) <= 0 )
        ticks = 0;
    else
        ticks = ((deadline - now) >> shift) +
                !!((deadline - now) & ((1ULL << shift) - 1));
    vmwrite(VMX_PREEMPTION_TIMER_VALUE,
            ticks > 0xffffffffULL ? 0xffffffffU : (u32)ticks);
}

struct vmentry_info vmx_prepare_entry(void);
struct vmentry_info vmx_prepare_entry(void)
{
    struct vcpu *v = current;
    struct vmx_vcpu *vmx = &v->arch.hvm.u.vmx;
    struct p2m_domain *p2m = &v->domain->arch.p2m;
    unsigned int cpu = smp_processor_id();

    hvm_entry_softirqs_then_prepare(v);

    /*
     * EPT-derived translations are tagged with the EPTP and survive on a
     * CPU: flush when the p2m lost or narrowed a mapping since we last
     * ran, and when we run where we did not last run (SDM 29.4.3.1).
     */
    if ( vmx->ept_synced_cpu != (int)cpu ||
         vmx->ept_generation != READ_ONCE(p2m->generation) )
    {
        vmx->ept_generation = READ_ONCE(p2m->generation);
        invept(vmx_ctls.invept_single ? INVEPT_SINGLE_CONTEXT
                                      : INVEPT_ALL_CONTEXT, p2m->eptp);
        if ( vmx->ept_synced_cpu != (int)cpu )
            invvpid(vmx_ctls.invvpid_single ? INVVPID_SINGLE_CONTEXT
                                            : INVVPID_ALL_CONTEXT,
                    vmx->vpid);
        vmx->ept_synced_cpu = cpu;
    }

    inject_pending_event(v);
    arm_preemption_timer();

    return (struct vmentry_info){ &v->arch.hvm.regs, vmx->launched };
}

static void __attribute__((__noreturn__)) vmx_do_resume(void)
{
    extern const char vmx_asm_do_vmentry[];

    vmx_load_vmcs(current);
    hvm_enter_on_fresh_stack(vmx_asm_do_vmentry);
}

static int vmx_vcpu_initialise(struct vcpu *v)
{
    return vmx_create_vmcs(v);
}

static void vmx_vcpu_destroy(struct vcpu *v)
{
    vmx_destroy_vmcs(v);
}

static void vmx_set_initial_state(struct vcpu *v,
                                  const struct hvm_initial_state *s)
{
    u32 entry = vmx_ctls.entry & ~VM_ENTRY_IA32E_MODE;
    bool other = v != current;
    u64 cr0, cr4, efer;

    /* Borrow this CPU to write v's VMCS, then give it back. */
    vmx_load_vmcs(v);
    hvm_load_initial_regs(v, s);
    v->arch.hvm.msr_shadow_gs_base = s->shadow_gs_base;

    if ( s->mode == HVM_START_LONG64 )
    {
        cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
        cr4 = X86_CR4_PAE;
        efer = EFER_SCE | EFER_LME | EFER_LMA;
        entry |= VM_ENTRY_IA32E_MODE;
        vmx_set_segments_long64();
        vmwrite(GUEST_CR3, s->cr3);
    }
    else if ( s->mode == HVM_START_REAL16 )
    {
        cr0 = X86_CR0_ET;
        cr4 = 0;
        efer = 0;
        vmx_set_segments_real16(s->cs_sel);
        vmwrite(GUEST_CR3, 0);
    }
    else
    {
        cr0 = X86_CR0_PE | X86_CR0_ET;
        cr4 = 0;
        efer = 0;
        vmx_set_segments_flat32();
        vmwrite(GUEST_CR3, 0);
    }

    /* The guest sees NE as set; it is forced on in the real CR0. */
    vmwrite(CR0_READ_SHADOW, cr0 | X86_CR0_NE);
    vmwrite(GUEST_CR0, cr0 | X86_CR0_NE);
    vmwrite(CR4_READ_SHADOW, cr4);
    vmwrite(GUEST_CR4, cr4 | X86_CR4_VMXE);
    vmwrite(GUEST_EFER, efer);
    v->arch.hvm.guest_efer = efer;
    vmwrite(VM_ENTRY_CONTROLS, entry);
    vmwrite(GUEST_RIP, s->rip);
    vmwrite(GUEST_RSP, s->rsp);
    /* Bit 1 is fixed; VM and TF make no sense at a vCPU's start. */
    vmwrite(GUEST_RFLAGS, (s->rflags & ~((1UL << 17) | (1UL << 8))) | 0x2);
    vmwrite(GUEST_FS_BASE, s->fs_base);
    vmwrite(GUEST_GS_BASE, s->gs_base);
    /* Real mode's IDT is the IVT at 0 (limit 0xffff); otherwise empty. */
    vmwrite(GUEST_GDTR_BASE, 0);
    vmwrite(GUEST_GDTR_LIMIT, s->mode == HVM_START_REAL16 ? 0xffff : 0);
    vmwrite(GUEST_IDTR_BASE, 0);
    vmwrite(GUEST_IDTR_LIMIT, s->mode == HVM_START_REAL16 ? 0xffff : 0);
    vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
    vmwrite(GUEST_ACTIVITY_STATE, 0);
    vmwrite(VM_ENTRY_INTR_INFO, 0);

    if ( other )
    {
        vmx_clear_vmcs(v);
        if ( !is_idle_vcpu(current) )
            vmx_load_vmcs(current);
    }
}

static void vmx_get_vcpu_context(struct vcpu *v, struct vcpu_hvm_x86_64 *c)
{
    const struct guest_regs *r = &v->arch.hvm.regs;
    bool other = v != current;

    /* As in vmx_set_initial_state(): borrow this CPU for v's VMCS. */
    if ( other )
        vmx_load_vmcs(v);
    c->rax = r->rax;
    c->rcx = r->rcx;
    c->rdx = r->rdx;
    c->rbx = r->rbx;
    c->rbp = r->rbp;
    c->rsi = r->rsi;
    c->rdi = r->rdi;
    c->rsp = vmread(GUEST_RSP);
    c->rip = vmread(GUEST_RIP);
    c->rflags = vmread(GUEST_RFLAGS);
    c->cr0 = (vmread(GUEST_CR0) & ~X86_CR0_NE) |
             (vmread(CR0_READ_SHADOW) & X86_CR0_NE);
    c->cr3 = vmread(GUEST_CR3);
    c->cr4 = (vmread(GUEST_CR4) & ~X86_CR4_VMXE) |
             (vmread(CR4_READ_SHADOW) & X86_CR4_VMXE);
    c->efer = v->arch.hvm.guest_efer;
    if ( other )
    {
        vmx_clear_vmcs(v);
        if ( !is_idle_vcpu(current) )
            vmx_load_vmcs(current);
    }
}

/* The syscall MSRs are passed through: swap them with the vCPU. */
static void vmx_ctxt_switch_from(struct vcpu *v)
{
    struct hvm_vcpu *h = &v->arch.hvm;

    h->msr_star = rdmsr(MSR_STAR);
    h->msr_lstar = rdmsr(MSR_LSTAR);
    h->msr_cstar = rdmsr(0xc0000083);
    h->msr_syscall_mask = rdmsr(0xc0000084);
    h->msr_shadow_gs_base = rdmsr(MSR_SHADOW_GS_BASE);
    h->guest_cr2 = read_cr2();
    /* Eager VMCLEAR: the vCPU may next run on another CPU. */
    vmx_clear_vmcs(v);
}

static void vmx_ctxt_switch_to(struct vcpu *v)
{
    struct hvm_vcpu *h = &v->arch.hvm;

    wrmsr(MSR_STAR, h->msr_star);
    wrmsr(MSR_LSTAR, h->msr_lstar);
    wrmsr(0xc0000083, h->msr_cstar);
    wrmsr(0xc0000084, h->msr_syscall_mask);
    wrmsr(MSR_SHADOW_GS_BASE, h->msr_shadow_gs_base);
    write_cr2(h->guest_cr2);
}

static unsigned long vmx_get_reg(struct vcpu *v, enum hvm_reg r)
{
    ASSERT(v == current);
    switch ( r )
    {
    case HVM_REG_RIP:       return vmread(GUEST_RIP);
    case HVM_REG_RSP:       return vmread(GUEST_RSP);
    case HVM_REG_RFLAGS:    return vmread(GUEST_RFLAGS);
    /*
     * The guest sees the shadow only for the bits we own (the mask); the
     * rest is the real register, which it changes without exits.
     */
    case HVM_REG_CR0:
        return (vmread(GUEST_CR0) & ~X86_CR0_NE) |
               (vmread(CR0_READ_SHADOW) & X86_CR0_NE);
    case HVM_REG_CR2:       return read_cr2();
    case HVM_REG_CR3:       return vmread(GUEST_CR3);
    case HVM_REG_CR4:
        return (vmread(GUEST_CR4) & ~X86_CR4_VMXE) |
               (vmread(CR4_READ_SHADOW) & X86_CR4_VMXE);
    case HVM_REG_EFER:      return vmread(GUEST_EFER);
    case HVM_REG_FS_BASE:   return vmread(GUEST_FS_BASE);
    case HVM_REG_GS_BASE:   return vmread(GUEST_GS_BASE);
    case HVM_REG_SHADOW_GS_BASE: return rdmsr(MSR_SHADOW_GS_BASE);
    case HVM_REG_SYSENTER_CS:  return vmread(GUEST_SYSENTER_CS);
    case HVM_REG_SYSENTER_ESP: return vmread(GUEST_SYSENTER_ESP);
    case HVM_REG_SYSENTER_EIP: return vmread(GUEST_SYSENTER_EIP);
    case HVM_REG_PAT:       return vmread(GUEST_PAT);
    }
    return 0;
}

/*
 * A MOV to CR0 that reached us (it changed the host-owned NE bit).  We
 * complete it ourselves, including the IA-32e mode switch that the CPU
 * would have done (SDM Vol. 3A, 9.8.5).
 */
static void vmx_set_cr0(struct vcpu *v, unsigned long val)
{
    u64 old = vmread(GUEST_CR0), efer = vmread(GUEST_EFER);
    u32 entry = vmread(VM_ENTRY_CONTROLS);

    if ( (val & X86_CR0_PG) && !(old & X86_CR0_PG) && (efer & EFER_LME) )
    {
        if ( !(vmread(GUEST_CR4) & X86_CR4_PAE) )
        {
            hvm_inject_exception(v, 13, 0);
            return;
        }
        efer |= EFER_LMA;
        entry |= VM_ENTRY_IA32E_MODE;
    }
    else if ( !(val & X86_CR0_PG) && (old & X86_CR0_PG) )
    {
        efer &= ~EFER_LMA;
        entry &= ~VM_ENTRY_IA32E_MODE;
    }
    vmwrite(GUEST_EFER, efer);
    vmwrite(VM_ENTRY_CONTROLS, entry);
    vmwrite(CR0_READ_SHADOW, val);
    vmwrite(GUEST_CR0, val | X86_CR0_NE);
}

static void vmx_set_reg(struct vcpu *v, enum hvm_reg r, unsigned long val)
{
    ASSERT(v == current);
    switch ( r )
    {
    case HVM_REG_RIP:
    {
        u32 intr = vmread(GUEST_INTERRUPTIBILITY_INFO);

        vmwrite(GUEST_RIP, val);
        /*
         * The instruction we completed for the guest ends any STI or
         * MOV-SS shadow (SDM Vol. 3C, 25.4.2): left set, an interrupt
         * due after "sti; hlt" would wait for the next STI.
         */
        if ( intr & (INTR_SHADOW_STI | INTR_SHADOW_MOV_SS) )
            vmwrite(GUEST_INTERRUPTIBILITY_INFO,
                    intr & ~(INTR_SHADOW_STI | INTR_SHADOW_MOV_SS));
        break;
    }
    case HVM_REG_RSP:       vmwrite(GUEST_RSP, val); break;
    case HVM_REG_RFLAGS:    vmwrite(GUEST_RFLAGS, val); break;
    case HVM_REG_CR0:       vmx_set_cr0(v, val); break;
    case HVM_REG_CR2:       write_cr2(val); break;
    case HVM_REG_CR3:       vmwrite(GUEST_CR3, val); break;
    case HVM_REG_CR4:
        vmwrite(CR4_READ_SHADOW, val);
        vmwrite(GUEST_CR4, val | X86_CR4_VMXE);
        break;
    case HVM_REG_EFER:      vmwrite(GUEST_EFER, val); break;
    case HVM_REG_FS_BASE:   vmwrite(GUEST_FS_BASE, val); break;
    case HVM_REG_GS_BASE:   vmwrite(GUEST_GS_BASE, val); break;
    case HVM_REG_SHADOW_GS_BASE: wrmsr(MSR_SHADOW_GS_BASE, val); break;
    case HVM_REG_SYSENTER_CS:  vmwrite(GUEST_SYSENTER_CS, val); break;
    case HVM_REG_SYSENTER_ESP: vmwrite(GUEST_SYSENTER_ESP, val); break;
    case HVM_REG_SYSENTER_EIP: vmwrite(GUEST_SYSENTER_EIP, val); break;
    case HVM_REG_PAT:       vmwrite(GUEST_PAT, val); break;
    }
}

/* CPL is SS.DPL (SDM Vol. 3C, 26.3.1.5 keeps it consistent). */
static unsigned int vmx_get_cpl(struct vcpu *v)
{
    return (vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
}

static unsigned int vmx_guest_mode(struct vcpu *v)
{
    unsigned long cs_ar = vmread(GUEST_CS_AR_BYTES);

    if ( !(vmread(GUEST_CR0) & X86_CR0_PE) )
        return 0;
    if ( (vmread(GUEST_EFER) & EFER_LMA) && (cs_ar & (1U << 13)) )
        return 8;
    return (cs_ar & (1U << 14)) ? 4 : 2;
}

static bool vmx_interrupts_enabled(struct vcpu *v)
{
    return (vmread(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
           !(vmread(GUEST_INTERRUPTIBILITY_INFO) &
             (INTR_SHADOW_STI | INTR_SHADOW_MOV_SS));
}

static void vmx_set_interrupt_window(struct vcpu *v, bool on)
{
    u32 proc = vmread(CPU_BASED_VM_EXEC_CONTROL);

    if ( on )
        proc |= CPU_BASED_VIRTUAL_INTR_PENDING;
    else
        proc &= ~CPU_BASED_VIRTUAL_INTR_PENDING;
    vmwrite(CPU_BASED_VM_EXEC_CONTROL, proc);
}

static void vmx_dump_guest_state(struct vcpu *v)
{
    vmx_vmcs_dump(v);
}

static void vmx_dump_exit_stats(void)
{
    printk("VMX exits by basic reason:\n");
    for ( unsigned int r = 0; r < VMX_NR_EXIT_REASONS; r++ )
        if ( vmx_exit_counts[r] )
            printk("  %2u %-22s %lu\n", r, vmx_exit_name(r),
                   (unsigned long)vmx_exit_counts[r]);
}

static const char *yn(bool b)
{
    return b ? "yes" : "no";
}

/* Probes this CPU, says what it found, and whether PVH can run here. */
static bool probe_and_print(struct vmx_caps *c)
{
    vmx_probe(c);
    printk("CPU%u: VMX: vmx=%s ept=%s vpid=%s unrestricted_guest=%s "
           "preemption_timer=%s\n", smp_processor_id(), yn(c->vmx),
           yn(c->ept), yn(c->vpid), yn(c->unrestricted_guest),
           yn(c->preemption_timer));
    return c->vmx && c->ept && c->vpid && c->unrestricted_guest &&
           c->preemption_timer;
}

static int vmx_cpu_up(void)
{
    struct vmx_caps c;

    /* Every CPU must match the boot CPU: guests may run on any of them. */
    if ( !probe_and_print(&c) || c.revision_id != vmx_bsp_caps.revision_id )
        return -ENODEV;
    return vmx_cpu_enable();
}

static struct hvm_function_table vmx_function_table = {
    .name = "VMX",
    .p2m_format = P2M_FORMAT_EPT,
    .hypercall_insn = HVM_HYPERCALL_VMCALL,
    .cpu_up = vmx_cpu_up,
    .vcpu_initialise = vmx_vcpu_initialise,
    .vcpu_destroy = vmx_vcpu_destroy,
    .set_initial_state = vmx_set_initial_state,
    .ctxt_switch_from = vmx_ctxt_switch_from,
    .ctxt_switch_to = vmx_ctxt_switch_to,
    .do_resume = vmx_do_resume,
    .get_reg = vmx_get_reg,
    .get_vcpu_context = vmx_get_vcpu_context,
    .set_reg = vmx_set_reg,
    .get_cpl = vmx_get_cpl,
    .guest_mode = vmx_guest_mode,
    .interrupts_enabled = vmx_interrupts_enabled,
    .set_interrupt_window = vmx_set_interrupt_window,
    .dump_guest_state = vmx_dump_guest_state,
    .dump_exit_stats = vmx_dump_exit_stats,
};

/* MSRs whose guest values live in the VMCS or are swapped by us. */
static const u32 passthrough_msrs[] = {
    MSR_FS_BASE, MSR_GS_BASE, MSR_SHADOW_GS_BASE, MSR_EFER,
    MSR_STAR, MSR_LSTAR, 0xc0000083 /* CSTAR */, 0xc0000084 /* SFMASK */,
    0x174, 0x175, 0x176 /* SYSENTER_CS/ESP/EIP */, 0x277 /* PAT */,
};

const struct hvm_function_table *start_vmx(void)
{
    struct vmx_caps *c = &vmx_bsp_caps;

    BUILD_BUG_ON(offsetof(struct cpu_info, stack_top) != 16);
    BUILD_BUG_ON(offsetof(struct hvm_vcpu, regs) != 0);

    if ( !probe_and_print(c) )
        return NULL;
    if ( vmx_probe_and_setup() || vmx_cpu_enable() )
        return NULL;
    for ( unsigned int i = 0; i < ARRAY_SIZE(passthrough_msrs); i++ )
        vmx_msr_passthrough(passthrough_msrs[i], true, true);
    vmx_function_table.hap_capabilities =
        (vmx_ctls.ept_2m ? HVM_HAP_SUPERPAGE_2MB : 0) |
        (vmx_ctls.ept_1g ? HVM_HAP_SUPERPAGE_1GB : 0);
    return &vmx_function_table;
}
