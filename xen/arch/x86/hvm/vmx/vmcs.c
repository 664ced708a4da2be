/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMX capabilities, VMXON, and the VMCS of a PVH vCPU.
 *
 * A PVH guest here needs VMX with EPT (the hypervisor owns the guest
 * physmap), VPID (no TLB flush on every world switch), unrestricted guest
 * (the PHYS32 entry starts in protected mode with paging off) and the
 * preemption timer.  Every CPU must offer the same as the boot CPU.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vmx.h>
#include <asm/hvm/vmx/vmcs.h>
#include <asm/hvm/vmx/vmx.h>
#include <asm/mm.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

struct vmx_controls vmx_ctls;
struct vmx_caps vmx_bsp_caps;

/* Shared by every vCPU: all MSRs and ports exit unless opened below. */
static u8 *msr_bitmap, *io_bitmap;
static paddr_t msr_bitmap_pa, io_bitmap_pa;

/* VPIDs: 0 belongs to the host (SDM Vol. 3C, 29.1). */
static u16 next_vpid = 1;

/*
 * The allowed-1 settings of a control are the high 32 bits of its
 * capability MSR, the required-1 settings the low 32 (SDM Vol. 3D, A.3).
 */
static u32 allowed1(u32 msr)
{
    u64 v;

    return rdmsr_safe(msr, &v) ? 0 : (u32)(v >> 32);
}

void vmx_probe(struct vmx_caps *c)
{
    u64 basic, fc;
    u32 pin, proc, proc2 = 0;
    bool true_ctls;

    memset(c, 0, sizeof(*c));
    if ( !(cpuid_ecx(1) & (1U << 5)) )
        return;

    /*
     * IA32_FEATURE_CONTROL: VMXON outside SMX must be allowed.  Firmware
     * normally locks it; if it left it unlocked we enable and lock it
     * (SDM Vol. 3C, 24.7).
     */
    if ( rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &fc) )
        return;
    if ( !(fc & FEATURE_CONTROL_LOCK) )
    {
        fc |= FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON;
        wrmsr(MSR_IA32_FEATURE_CONTROL, fc);
    }
    if ( !(fc & FEATURE_CONTROL_VMXON) )
        return;

    if ( rdmsr_safe(MSR_IA32_VMX_BASIC, &basic) )
        return;
    c->vmx = true;
    c->revision_id = basic & 0x7fffffff;
    true_ctls = basic & VMX_BASIC_TRUE_CTLS;

    pin = allowed1(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED
                             : MSR_IA32_VMX_PINBASED_CTLS);
    proc = allowed1(true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED
                              : MSR_IA32_VMX_PROCBASED_CTLS);
    if ( proc & CPU_BASED_ACTIVATE_SECONDARY )
        proc2 = allowed1(MSR_IA32_VMX_PROCBASED_CTLS2);

    c->preemption_timer = pin & PIN_BASED_PREEMPT_TIMER;
    c->ept = proc2 & SECONDARY_EXEC_ENABLE_EPT;
    c->vpid = proc2 & SECONDARY_EXEC_ENABLE_VPID;
    c->unrestricted_guest = proc2 & SECONDARY_EXEC_UNRESTRICTED;
}

/*
 * Picks a control value: every bit in 'need' (failing if not allowed),
 * every bit in 'want' that is allowed, and every bit the CPU requires.
 */
static int adjust_controls(const char *name, u32 need, u32 want, u32 msr,
                           u32 *out)
{
    u64 v;
    u32 required, allowed, ctl;

    if ( rdmsr_safe(msr, &v) )
        return -ENODEV;
    required = (u32)v;
    allowed = (u32)(v >> 32);
    ctl = ((need | want) & allowed) | required;
    if ( (ctl & need) != need )
    {
        printk(XENLOG_ERR "VMX: %s controls lack %#x\n", name,
               need & ~ctl);
        return -ENODEV;
    }
    *out = ctl;
    return 0;
}

int vmx_probe_and_setup(void)
{
    u64 basic = rdmsr(MSR_IA32_VMX_BASIC), misc, ept_cap;
    bool true_ctls = basic & VMX_BASIC_TRUE_CTLS;
    int rc;

    vmx_ctls.revision_id = basic & 0x7fffffff;
    rc = adjust_controls("pin-based",
                         PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING,
                         PIN_BASED_PREEMPT_TIMER,
                         true_ctls ? MSR_IA32_VMX_TRUE_PINBASED
                                   : MSR_IA32_VMX_PINBASED_CTLS,
                         &vmx_ctls.pin);
    if ( !rc )
        rc = adjust_controls("processor-based",
                             CPU_BASED_HLT_EXITING |
                             CPU_BASED_ACTIVATE_IO_BITMAP |
                             CPU_BASED_ACTIVATE_MSR_BITMAP |
                             CPU_BASED_MWAIT_EXITING |
                             CPU_BASED_MONITOR_EXITING |
                             CPU_BASED_ACTIVATE_SECONDARY,
                             0,
                             true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED
                                       : MSR_IA32_VMX_PROCBASED_CTLS,
                             &vmx_ctls.proc);
    if ( !rc )
        rc = adjust_controls("secondary",
                             SECONDARY_EXEC_ENABLE_EPT |
                             SECONDARY_EXEC_ENABLE_VPID |
                             SECONDARY_EXEC_UNRESTRICTED,
                             SECONDARY_EXEC_ENABLE_RDTSCP |
                             SECONDARY_EXEC_ENABLE_INVPCID |
                             SECONDARY_EXEC_XSAVES,
                             MSR_IA32_VMX_PROCBASED_CTLS2, &vmx_ctls.proc2);
    if ( !rc )
        rc = adjust_controls("VM-exit",
                             VM_EXIT_IA32E_MODE | VM_EXIT_SAVE_GUEST_EFER |
                             VM_EXIT_LOAD_HOST_EFER,
                             VM_EXIT_SAVE_GUEST_PAT | VM_EXIT_LOAD_HOST_PAT,
                             true_ctls ? MSR_IA32_VMX_TRUE_EXIT
                                       : MSR_IA32_VMX_EXIT_CTLS,
                             &vmx_ctls.exit);
    if ( !rc )
        rc = adjust_controls("VM-entry", VM_ENTRY_LOAD_GUEST_EFER,
                             VM_ENTRY_LOAD_GUEST_PAT,
                             true_ctls ? MSR_IA32_VMX_TRUE_ENTRY
                                       : MSR_IA32_VMX_ENTRY_CTLS,
                             &vmx_ctls.entry);
    if ( rc )
        return rc;

    /* CR3 accesses must not exit: the guest owns its page tables. */
    if ( vmx_ctls.proc & (CPU_BASED_CR3_LOAD_EXITING |
                          CPU_BASED_CR3_STORE_EXITING) )
    {
        printk(XENLOG_ERR "VMX: CR3 exiting cannot be turned off\n");
        return -ENODEV;
    }

    vmx_ctls.cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
    vmx_ctls.cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
    vmx_ctls.cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
    vmx_ctls.cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
    misc = rdmsr(MSR_IA32_VMX_MISC);
    vmx_ctls.preempt_timer_shift = misc & 0x1f;

    /* EPT/VPID capabilities (SDM Vol. 3D, A.10). */
    ept_cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
    if ( !(ept_cap & (1ULL << 6)) || !(ept_cap & (1ULL << 14)) )
    {
        printk(XENLOG_ERR "VMX: EPT lacks 4-level walks or WB tables\n");
        return -ENODEV;
    }
    vmx_ctls.ept_2m = ept_cap & (1ULL << 16);
    vmx_ctls.ept_1g = ept_cap & (1ULL << 17);
    vmx_ctls.invept_single = ept_cap & (1ULL << 25);
    vmx_ctls.invvpid_single = ept_cap & (1ULL << 41);

    /* One MSR bitmap and one I/O bitmap (A and B), all bits set. */
    msr_bitmap = alloc_xenheap_pages(0, 0);
    io_bitmap = alloc_xenheap_pages(1, 0);
    if ( !msr_bitmap || !io_bitmap )
        return -ENOMEM;
    memset(msr_bitmap, 0xff, PAGE_SIZE);
    memset(io_bitmap, 0xff, 2 * PAGE_SIZE);
    msr_bitmap_pa = virt_to_maddr(msr_bitmap);
    io_bitmap_pa = virt_to_maddr(io_bitmap);

    printk("VMX: EPT%s%s, VPID, unrestricted guest, preemption timer "
           "(TSC >> %u)\n", vmx_ctls.ept_2m ? " 2M" : "",
           vmx_ctls.ept_1g ? " 1G" : "", vmx_ctls.preempt_timer_shift);
    return 0;
}

/*
 * MSR bitmap layout (SDM Vol. 3C, 25.6.9): read-low, read-high,
 * write-low, write-high, 1 KiB each; low covers 0..0x1fff, high covers
 * 0xc0000000..0xc0001fff.  A clear bit lets the access through.
 */
void vmx_msr_passthrough(u32 msr, bool read, bool write)
{
    unsigned int base, bit;

    if ( msr <= 0x1fff )
    {
        base = 0;
        bit = msr;
    }
    else if ( msr >= 0xc0000000 && msr <= 0xc0001fff )
    {
        base = 1024;
        bit = msr - 0xc0000000;
    }
    else
        return;

    if ( read )
        msr_bitmap[base + bit / 8] &= ~(1U << (bit % 8));
    if ( write )
        msr_bitmap[base + 2048 + bit / 8] &= ~(1U << (bit % 8));
}

int vmx_cpu_enable(void)
{
    struct cpu_info *ci = this_cpu_info();
    u64 cr0 = read_cr0(), cr4 = read_cr4();

    /* CR0 and CR4 must meet the fixed bits before VMXON (SDM 24.8). */
    if ( (cr0 & vmx_ctls.cr0_fixed0) != vmx_ctls.cr0_fixed0 ||
         (cr0 & ~vmx_ctls.cr0_fixed1) )
    {
        printk(XENLOG_ERR "CPU%u: CR0 %#lx violates VMX fixed bits\n",
               ci->cpu_id, (unsigned long)cr0);
        return -EINVAL;
    }
    write_cr4(cr4 | X86_CR4_VMXE);

    if ( !ci->vmxon_region )
    {
        ci->vmxon_region = alloc_xenheap_pages(0, 0);
        if ( !ci->vmxon_region )
            return -ENOMEM;
        ci->vmxon_pa = virt_to_maddr(ci->vmxon_region);
    }
    memset(ci->vmxon_region, 0, PAGE_SIZE);
    *(u32 *)ci->vmxon_region = vmx_ctls.revision_id;

    if ( !vmx_on(ci->vmxon_pa) )
    {
        printk(XENLOG_ERR "CPU%u: VMXON failed\n", ci->cpu_id);
        write_cr4(cr4);
        return -EIO;
    }
    return 0;
}

static void seg_write(unsigned int sel_field, u16 sel, u32 limit,
                      u32 ar, u64 base)
{
    /* Selector, limit, AR and base fields are laid out in parallel. */
    unsigned int idx = (sel_field - GUEST_ES_SELECTOR) / 2;

    vmwrite(sel_field, sel);
    vmwrite(GUEST_ES_LIMIT + idx * 2, limit);
    vmwrite(GUEST_ES_AR_BYTES + idx * 2, ar);
    vmwrite(GUEST_ES_BASE + idx * 2, base);
}

/* Host state that is the same on every CPU. */
static void write_host_constant_state(void)
{
    extern const char vmx_asm_vmexit_handler[];

    vmwrite(HOST_CR0, read_cr0());
    vmwrite(HOST_CR3, idle_pg_table_pa);
    vmwrite(HOST_CR4, read_cr4());
    vmwrite(HOST_CS_SELECTOR, __HYPERVISOR_CS);
    vmwrite(HOST_SS_SELECTOR, __HYPERVISOR_DS);
    vmwrite(HOST_DS_SELECTOR, __HYPERVISOR_DS);
    vmwrite(HOST_ES_SELECTOR, __HYPERVISOR_DS);
    vmwrite(HOST_FS_SELECTOR, 0);
    vmwrite(HOST_GS_SELECTOR, 0);
    vmwrite(HOST_TR_SELECTOR, TSS_SELECTOR);
    vmwrite(HOST_FS_BASE, 0);
    vmwrite(HOST_SYSENTER_CS, 0);
    vmwrite(HOST_SYSENTER_ESP, 0);
    vmwrite(HOST_SYSENTER_EIP, 0);
    vmwrite(HOST_EFER, rdmsr(MSR_EFER));
    if ( vmx_ctls.exit & VM_EXIT_LOAD_HOST_PAT )
        vmwrite(HOST_PAT, rdmsr(0x277));
    vmwrite(HOST_RIP, (unsigned long)vmx_asm_vmexit_handler);
}

/* Host state that differs per CPU: rewritten when the VMCS moves. */
static void write_host_percpu_state(void)
{
    struct cpu_info *ci = this_cpu_info();

    vmwrite(HOST_GS_BASE, (unsigned long)ci);
    vmwrite(HOST_TR_BASE, (unsigned long)&ci->tss);
    vmwrite(HOST_GDTR_BASE, (unsigned long)ci->gdt);
    vmwrite(HOST_IDTR_BASE, (unsigned long)ci->idt);
}

static void construct_vmcs(struct vcpu *v)
{
    struct vmx_vcpu *vmx = &v->arch.hvm.u.vmx;
    struct p2m_domain *p2m = &v->domain->arch.p2m;

    vmwrite(PIN_BASED_VM_EXEC_CONTROL, vmx_ctls.pin);
    vmwrite(CPU_BASED_VM_EXEC_CONTROL, vmx_ctls.proc);
    vmwrite(SECONDARY_VM_EXEC_CONTROL, vmx_ctls.proc2);
    vmwrite(VM_EXIT_CONTROLS, vmx_ctls.exit);
    vmwrite(VM_ENTRY_CONTROLS, vmx_ctls.entry);
    vmwrite(VM_EXIT_MSR_STORE_COUNT, 0);
    vmwrite(VM_EXIT_MSR_LOAD_COUNT, 0);
    vmwrite(VM_ENTRY_MSR_LOAD_COUNT, 0);
    vmwrite(VM_ENTRY_INTR_INFO, 0);
    vmwrite(CR3_TARGET_COUNT, 0);

    vmwrite(MSR_BITMAP, msr_bitmap_pa);
    vmwrite(IO_BITMAP_A, io_bitmap_pa);
    vmwrite(IO_BITMAP_B, io_bitmap_pa + PAGE_SIZE);
    vmwrite(EPT_POINTER, p2m->eptp);
    vmwrite(VIRTUAL_PROCESSOR_ID, vmx->vpid);
    vmwrite(VMCS_LINK_POINTER, ~0UL);

    /* Guest exceptions go straight to the guest's own IDT. */
    vmwrite(EXCEPTION_BITMAP, 0);
    vmwrite(PAGE_FAULT_ERROR_CODE_MASK, 0);
    vmwrite(PAGE_FAULT_ERROR_CODE_MATCH, 0);

    /*
     * CR0.NE and CR4.VMXE must stay set under VMX (fixed bits, SDM Vol.
     * 3D, A.7/A.8) but are no business of the guest: the hypervisor owns
     * them and the guest reads its own values from the shadows.  PE and
     * PG are free under unrestricted guest.
     */
    vmwrite(CR0_GUEST_HOST_MASK, X86_CR0_NE);
    vmwrite(CR4_GUEST_HOST_MASK, X86_CR4_VMXE);

    write_host_constant_state();
    write_host_percpu_state();
    vmwrite(HOST_RSP, (unsigned long)(&v->arch.hvm.regs + 1));

    vmwrite(GUEST_IA32_DEBUGCTL, 0);
    vmwrite(GUEST_DR7, 0x400);
    vmwrite(GUEST_PENDING_DBG_EXCEPTIONS, 0);
    vmwrite(GUEST_INTERRUPTIBILITY_INFO, 0);
    vmwrite(GUEST_ACTIVITY_STATE, 0);
    vmwrite(GUEST_SYSENTER_CS, 0);
    vmwrite(GUEST_SYSENTER_ESP, 0);
    vmwrite(GUEST_SYSENTER_EIP, 0);
    vmwrite(GUEST_PAT, 0x0007040600070406ULL);  /* power-on default */
    vmwrite(VMX_PREEMPTION_TIMER_VALUE, 0);
    vmwrite(TSC_OFFSET, 0);

    /* A valid, if minimal, state until the builder sets the real one. */
    seg_write(GUEST_LDTR_SELECTOR, 0, 0, 0x10000, 0);   /* unusable */
    seg_write(GUEST_TR_SELECTOR, 0, 0x67, 0x8b, 0);
    vmwrite(GUEST_GDTR_BASE, 0);
    vmwrite(GUEST_GDTR_LIMIT, 0);
    vmwrite(GUEST_IDTR_BASE, 0);
    vmwrite(GUEST_IDTR_LIMIT, 0);
}

/*
 * Segment state at a vCPU's start (access rights as in SDM Vol. 3C,
 * table 25-2): flat data everywhere, and a CS and TR per mode.
 */
static void set_segments(u32 cs_ar, u16 fs_gs_sel)
{
    static const unsigned int data[] = {
        GUEST_DS_SELECTOR, GUEST_ES_SELECTOR, GUEST_SS_SELECTOR,
    };

    seg_write(GUEST_CS_SELECTOR, 0x10, 0xffffffff, cs_ar, 0);
    for ( unsigned int i = 0; i < ARRAY_SIZE(data); i++ )
        seg_write(data[i], 0x18, 0xffffffff, 0xc093, 0);
    seg_write(GUEST_FS_SELECTOR, fs_gs_sel, 0xffffffff, 0xc093, 0);
    seg_write(GUEST_GS_SELECTOR, fs_gs_sel, 0xffffffff, 0xc093, 0);
    seg_write(GUEST_TR_SELECTOR, 0x20, 0x67, 0x8b, 0);   /* busy TSS */
}

/* PVH boot ABI: flat 32-bit CS (D=1) and data, a 32-bit TSS. */
void vmx_set_segments_flat32(void)
{
    set_segments(0xc09b, 0x18);
}

/* Real mode after a SIPI (SDM Vol. 3A, 9.1.1 and 8.4.4.1). */
void vmx_set_segments_real16(u16 cs_sel)
{
    static const unsigned int data[] = {
        GUEST_DS_SELECTOR, GUEST_ES_SELECTOR, GUEST_SS_SELECTOR,
        GUEST_FS_SELECTOR, GUEST_GS_SELECTOR,
    };

    seg_write(GUEST_CS_SELECTOR, cs_sel, 0xffff, 0x9b, (u64)cs_sel << 4);
    for ( unsigned int i = 0; i < ARRAY_SIZE(data); i++ )
        seg_write(data[i], 0, 0xffff, 0x93, 0);
    seg_write(GUEST_TR_SELECTOR, 0, 0xffff, 0x8b, 0);
}

/* Original PVH: 64-bit CS (L=1), flat data, null FS/GS. */
void vmx_set_segments_long64(void)
{
    set_segments(0xa09b, 0);
}

int vmx_create_vmcs(struct vcpu *v)
{
    struct vmx_vcpu *vmx = &v->arch.hvm.u.vmx;

    vmx->vmcs = alloc_xenheap_pages(0, 0);
    if ( !vmx->vmcs )
        return -ENOMEM;
    memset(vmx->vmcs, 0, PAGE_SIZE);
    *(u32 *)vmx->vmcs = vmx_ctls.revision_id;
    vmx->vmcs_pa = virt_to_maddr(vmx->vmcs);
    vmx->active_cpu = -1;
    vmx->launched = false;
    vmx->ept_synced_cpu = -1;
    vmx->vpid = next_vpid++;
    if ( next_vpid == 0 )
        next_vpid = 1;          /* wrapped: the reuse is flushed below */

    /* Build it on this CPU, then leave it clear for whoever runs it. */
    if ( !vmx_clear(vmx->vmcs_pa) || !vmx_ptrld(vmx->vmcs_pa) )
    {
        free_xenheap_pages(vmx->vmcs, 0);
        vmx->vmcs = NULL;
        return -EIO;
    }
    construct_vmcs(v);
    vmx_clear(vmx->vmcs_pa);
    this_cpu_info()->loaded_vmcs = NULL;
    /*
     * A toolstack creating domains does so from a hypercall: its own
     * VMCS must be current again before it goes back to its guest.
     */
    if ( !is_idle_vcpu(current) && current->arch.hvm.u.vmx.vmcs )
        vmx_load_vmcs(current);
    return 0;
}

void vmx_destroy_vmcs(struct vcpu *v)
{
    struct vmx_vcpu *vmx = &v->arch.hvm.u.vmx;

    if ( !vmx->vmcs )
        return;
    vmx_clear_vmcs(v);
    free_xenheap_pages(vmx->vmcs, 0);
    vmx->vmcs = NULL;
}

void vmx_clear_vmcs(struct vcpu *v)
{
    struct vmx_vcpu *vmx = &v->arch.hvm.u.vmx;

    /* Only the CPU holding a VMCS may clear it; we clear eagerly when
     * leaving a CPU, so that is always the current one. */
    if ( vmx->active_cpu < 0 )
        return;
    BUG_ON(vmx->active_cpu != (int)smp_processor_id());
    vmx_clear(vmx->vmcs_pa);
    if ( this_cpu_info()->loaded_vmcs == vmx->vmcs )
        this_cpu_info()->loaded_vmcs = NULL;
    vmx->active_cpu = -1;
    vmx->launched = false;
}

void vmx_load_vmcs(struct vcpu *v)
{
    struct vmx_vcpu *vmx = &v->arch.hvm.u.vmx;
    unsigned int cpu = smp_processor_id();

    if ( this_cpu_info()->loaded_vmcs == vmx->vmcs )
        return;
    if ( !vmx_ptrld(vmx->vmcs_pa) )
        panic("VMPTRLD of d%uv%u's VMCS failed", v->domain->domain_id,
              v->vcpu_id);
    this_cpu_info()->loaded_vmcs = vmx->vmcs;
    if ( vmx->active_cpu != (int)cpu )
    {
        write_host_percpu_state();
        vmx->active_cpu = cpu;
    }
}

static const char *const seg_names[] = {
    "es", "cs", "ss", "ds", "fs", "gs", "ldtr", "tr",
};

void vmx_vmcs_dump(struct vcpu *v)
{
    printk("*** Guest state of d%uv%u (VMCS) ***\n", v->domain->domain_id,
           v->vcpu_id);
    printk("RIP = %016lx  RSP = %016lx  RFLAGS = %016lx\n",
           vmread(GUEST_RIP), vmread(GUEST_RSP), vmread(GUEST_RFLAGS));
    printk("CR0 = %016lx  CR3 = %016lx  CR4 = %016lx\n",
           vmread(GUEST_CR0), vmread(GUEST_CR3), vmread(GUEST_CR4));
    printk("CR0 shadow = %016lx  CR4 shadow = %016lx  EFER = %016lx\n",
           vmread(CR0_READ_SHADOW), vmread(CR4_READ_SHADOW),
           vmread(GUEST_EFER));
    for ( unsigned int i = 0; i < ARRAY_SIZE(seg_names); i++ )
        printk("%-4s: sel=%04lx attr=%05lx limit=%08lx base=%016lx\n",
               seg_names[i], vmread(GUEST_ES_SELECTOR + i * 2),
               vmread(GUEST_ES_AR_BYTES + i * 2),
               vmread(GUEST_ES_LIMIT + i * 2),
               vmread(GUEST_ES_BASE + i * 2));
    printk("gdtr: limit=%08lx base=%016lx  idtr: limit=%08lx base=%016lx\n",
           vmread(GUEST_GDTR_LIMIT), vmread(GUEST_GDTR_BASE),
           vmread(GUEST_IDTR_LIMIT), vmread(GUEST_IDTR_BASE));
    printk("Interruptibility = %08lx  ActivityState = %08lx\n",
           vmread(GUEST_INTERRUPTIBILITY_INFO), vmread(GUEST_ACTIVITY_STATE));
    printk("Entry controls = %08lx  Exit reason = %08lx  qual = %016lx\n",
           vmread(VM_ENTRY_CONTROLS), vmread(VM_EXIT_REASON),
           vmread(EXIT_QUALIFICATION));
    printk("IDT vectoring info = %08lx  Exit intr info = %08lx\n",
           vmread(IDT_VECTORING_INFO), vmread(VM_EXIT_INTR_INFO));
}
