/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SVM capabilities, the shared permission maps, and the VMCB of a PVH
 * vCPU.
 *
 * A PVH guest here needs SVM with nested paging (the hypervisor owns the
 * guest physmap).  Unlike VMX there is no "unrestricted guest" to ask
 * for: an SVM guest may run in real mode or with paging off by design.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>
#include <asm/mm.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

struct svm_caps svm_bsp_caps;

/* Shared by every vCPU: all MSRs and ports are intercepted unless opened. */
static u8 *msrpm, *iopm;
static paddr_t msrpm_pa, iopm_pa;

#define MSRPM_ORDER     1       /* 8 KiB (APM Vol. 2, 15.11) */
#define IOPM_ORDER      2       /* 12 KiB used (15.10.1) */

#define CHECK_OFFSET(f, off) \
    BUILD_BUG_ON(offsetof(struct vmcb, f) != (off))

static void __attribute__((__unused__)) vmcb_layout_checks(void)
{
    CHECK_OFFSET(iopm_base_pa, 0x040);
    CHECK_OFFSET(asid, 0x058);
    CHECK_OFFSET(tlb_control, 0x05c);
    CHECK_OFFSET(vintr, 0x060);
    CHECK_OFFSET(exitcode, 0x070);
    CHECK_OFFSET(exitintinfo, 0x088);
    CHECK_OFFSET(np_enable, 0x090);
    CHECK_OFFSET(eventinj, 0x0a8);
    CHECK_OFFSET(n_cr3, 0x0b0);
    CHECK_OFFSET(clean_bits, 0x0c0);
    CHECK_OFFSET(nextrip, 0x0c8);
    CHECK_OFFSET(es, 0x400);
    CHECK_OFFSET(tr, 0x490);
    CHECK_OFFSET(cpl, 0x4cb);
    CHECK_OFFSET(efer, 0x4d0);
    CHECK_OFFSET(cr4, 0x548);
    CHECK_OFFSET(rip, 0x578);
    CHECK_OFFSET(rsp, 0x5d8);
    CHECK_OFFSET(rax, 0x5f8);
    CHECK_OFFSET(kernel_gs_base, 0x620);
    CHECK_OFFSET(cr2, 0x640);
    CHECK_OFFSET(g_pat, 0x668);
    BUILD_BUG_ON(sizeof(struct vmcb) != PAGE_SIZE);
}

void svm_probe(struct svm_caps *c)
{
    struct cpuid_regs r;
    u64 vm_cr;

    memset(c, 0, sizeof(*c));
    cpuid_count(0x80000000, 0, &r);
    if ( r.eax < 0x8000000a )
        return;
    cpuid_count(0x80000001, 0, &r);
    c->page1g = r.edx & (1U << 26);
    if ( !(r.ecx & (1U << 2)) )
        return;
    /* Firmware may have disabled and locked SVM (APM Vol. 2, 15.30.1). */
    if ( rdmsr_safe(MSR_VM_CR, &vm_cr) || (vm_cr & VM_CR_SVMDIS) )
        return;
    c->svm = true;
    cpuid_count(0x8000000a, 0, &r);
    c->nr_asids = r.ebx;
    c->npt = r.edx & SVM_FEATURE_NPT;
    c->nrips = r.edx & SVM_FEATURE_NRIPS;
}

/*
 * MSR permission map (APM Vol. 2, 15.11): two bits per MSR, read then
 * write, in three 2 KiB ranges for 0..0x1fff, 0xc0000000.. and
 * 0xc0010000..; a clear bit lets the access through.
 */
static void msr_passthrough(u32 msr)
{
    unsigned int base, bit;

    if ( msr <= 0x1fff )
        base = 0;
    else if ( msr >= 0xc0000000 && msr <= 0xc0001fff )
        base = 0x800;
    else
        return;
    bit = (msr & 0x1fff) * 2;
    msrpm[base + bit / 8] &= ~(3U << (bit % 8));
}

/*
 * The guest owns these while it runs: VMLOAD/VMSAVE and VMRUN move them
 * with the VMCB.  EFER (SVME must stay set under the guest) and PAT (the
 * guest's is G_PAT with nested paging) stay intercepted.
 */
static const u32 passthrough_msrs[] = {
    MSR_FS_BASE, MSR_GS_BASE, MSR_SHADOW_GS_BASE,
    MSR_STAR, MSR_LSTAR, 0xc0000083 /* CSTAR */, 0xc0000084 /* SFMASK */,
    0x174, 0x175, 0x176 /* SYSENTER_CS/ESP/EIP */,
};

int svm_setup_bitmaps(void)
{
    msrpm = alloc_xenheap_pages(MSRPM_ORDER, 0);
    iopm = alloc_xenheap_pages(IOPM_ORDER, 0);
    if ( !msrpm || !iopm )
        return -ENOMEM;
    memset(msrpm, 0xff, PAGE_SIZE << MSRPM_ORDER);
    memset(iopm, 0xff, PAGE_SIZE << IOPM_ORDER);
    for ( unsigned int i = 0; i < ARRAY_SIZE(passthrough_msrs); i++ )
        msr_passthrough(passthrough_msrs[i]);
    msrpm_pa = virt_to_maddr(msrpm);
    iopm_pa = virt_to_maddr(iopm);
    return 0;
}

/*
 * The VMCB's packed attributes are descriptor bits 47:40 in 7:0 and bits
 * 55:52 in 11:8 (APM Vol. 2, 15.5.1); VMX's access rights put the latter
 * at 15:12.  The start states are written in the VMX form used
 * throughout the SDM tables.
 */
static u16 seg_attr(u32 vmx_ar)
{
    return (vmx_ar & 0xff) | ((vmx_ar >> 4) & 0xf00);
}

static void seg_set(struct vmcb_seg *s, u16 sel, u32 limit, u32 ar,
                    u64 base)
{
    s->sel = sel;
    s->limit = limit;
    s->attr = seg_attr(ar);
    s->base = base;
}

static void construct_vmcb(struct vcpu *v)
{
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;

    memset(vmcb, 0, sizeof(*vmcb));

    /*
     * Host interrupts, NMIs and SMIs always exit, whatever the guest's
     * IF (V_INTR_MASKING).  The guest keeps its own exceptions, CRs and
     * DRs.  Everything that would let it reach SVM itself, and what we
     * must emulate, exits.
     */
    vmcb->intercepts1 = SVM_INTERCEPT1_INTR | SVM_INTERCEPT1_NMI |
                        SVM_INTERCEPT1_SMI | SVM_INTERCEPT1_VINTR |
                        SVM_INTERCEPT1_CPUID | SVM_INTERCEPT1_INVD |
                        SVM_INTERCEPT1_HLT | SVM_INTERCEPT1_INVLPGA |
                        SVM_INTERCEPT1_IOIO | SVM_INTERCEPT1_MSR |
                        SVM_INTERCEPT1_TASK_SWITCH |
                        SVM_INTERCEPT1_SHUTDOWN;
    vmcb->intercepts2 = SVM_INTERCEPT2_VMRUN | SVM_INTERCEPT2_VMMCALL |
                        SVM_INTERCEPT2_VMLOAD | SVM_INTERCEPT2_VMSAVE |
                        SVM_INTERCEPT2_STGI | SVM_INTERCEPT2_CLGI |
                        SVM_INTERCEPT2_SKINIT | SVM_INTERCEPT2_RDTSCP |
                        SVM_INTERCEPT2_WBINVD | SVM_INTERCEPT2_MONITOR |
                        SVM_INTERCEPT2_MWAIT | SVM_INTERCEPT2_XSETBV;
    vmcb->iopm_base_pa = iopm_pa;
    vmcb->msrpm_base_pa = msrpm_pa;
    vmcb->vintr = SVM_VINTR_MASKING;
    vmcb->np_enable = 1;
    vmcb->n_cr3 = v->domain->arch.p2m.root_maddr;
    /* ASID 0 is the host's; the real one is assigned at each entry. */
    vmcb->asid = 1;

    vmcb->dr7 = 0x400;
    vmcb->dr6 = 0xffff0ff0;
    vmcb->g_pat = 0x0007040600070406ULL;   /* power-on default */
    vmcb->efer = EFER_SVME;
    vmcb->cr0 = X86_CR0_ET;
    vmcb->rflags = 0x2;
    seg_set(&vmcb->ldtr, 0, 0, 0, 0);
    seg_set(&vmcb->tr, 0, 0x67, 0x8b, 0);
}

int svm_create_vmcb(struct vcpu *v)
{
    struct svm_vcpu *svm = &v->arch.hvm.u.svm;

    svm->vmcb = alloc_xenheap_pages(0, 0);
    if ( !svm->vmcb )
        return -ENOMEM;
    svm->vmcb_pa = virt_to_maddr(svm->vmcb);
    svm->asid_cpu = -1;
    construct_vmcb(v);
    return 0;
}

void svm_destroy_vmcb(struct vcpu *v)
{
    struct svm_vcpu *svm = &v->arch.hvm.u.svm;

    if ( !svm->vmcb )
        return;
    free_xenheap_pages(svm->vmcb, 0);
    svm->vmcb = NULL;
}

/*
 * Segment state at a vCPU's start (the same as the VMX backend's, SDM
 * Vol. 3C table 25-2 access rights): flat data, a CS per mode, and a
 * busy TSS.
 */
static void set_segments(struct vmcb *vmcb, u32 cs_ar, u16 fs_gs_sel)
{
    struct vmcb_seg *data[] = { &vmcb->ds, &vmcb->es, &vmcb->ss };

    seg_set(&vmcb->cs, 0x10, 0xffffffff, cs_ar, 0);
    for ( unsigned int i = 0; i < ARRAY_SIZE(data); i++ )
        seg_set(data[i], 0x18, 0xffffffff, 0xc093, 0);
    seg_set(&vmcb->fs, fs_gs_sel, 0xffffffff, 0xc093, 0);
    seg_set(&vmcb->gs, fs_gs_sel, 0xffffffff, 0xc093, 0);
    seg_set(&vmcb->tr, 0x20, 0x67, 0x8b, 0);
}

/* Real mode after a SIPI (SDM Vol. 3A, 9.1.1; APM Vol. 2, 14.1.3). */
static void set_segments_real16(struct vmcb *vmcb, u16 cs_sel)
{
    struct vmcb_seg *data[] = {
        &vmcb->ds, &vmcb->es, &vmcb->ss, &vmcb->fs, &vmcb->gs,
    };

    seg_set(&vmcb->cs, cs_sel, 0xffff, 0x9b, (u64)cs_sel << 4);
    for ( unsigned int i = 0; i < ARRAY_SIZE(data); i++ )
        seg_set(data[i], 0, 0xffff, 0x93, 0);
    seg_set(&vmcb->tr, 0, 0xffff, 0x8b, 0);
}

void svm_write_initial_state(struct vcpu *v,
                             const struct hvm_initial_state *s)
{
    struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;
    bool real = s->mode == HVM_START_REAL16;
    u64 efer = 0;

    hvm_load_initial_regs(v, s);
    vmcb->eventinj = 0;
    vmcb->interrupt_shadow = 0;
    vmcb->vintr = SVM_VINTR_MASKING;

    if ( s->mode == HVM_START_LONG64 )
    {
        vmcb->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
        vmcb->cr4 = X86_CR4_PAE;
        vmcb->cr3 = s->cr3;
        efer = EFER_SCE | EFER_LME | EFER_LMA;
        set_segments(vmcb, 0xa09b, 0);
    }
    else if ( real )
    {
        vmcb->cr0 = X86_CR0_ET;
        vmcb->cr4 = 0;
        vmcb->cr3 = 0;
        set_segments_real16(vmcb, s->cs_sel);
    }
    else
    {
        vmcb->cr0 = X86_CR0_PE | X86_CR0_ET;
        vmcb->cr4 = 0;
        vmcb->cr3 = 0;
        set_segments(vmcb, 0xc09b, 0x18);
    }

    v->arch.hvm.guest_efer = efer;
    vmcb->efer = efer | EFER_SVME;
    vmcb->cpl = 0;
    vmcb->rip = s->rip;
    vmcb->rsp = s->rsp;
    /* Bit 1 is fixed; VM and TF make no sense at a vCPU's start. */
    vmcb->rflags = (s->rflags & ~((1UL << 17) | (1UL << 8))) | 0x2;
    vmcb->fs.base = s->fs_base;
    vmcb->gs.base = s->gs_base;
    vmcb->kernel_gs_base = s->shadow_gs_base;
    /* Real mode's IDT is the IVT at 0 (limit 0xffff); otherwise empty. */
    vmcb->gdtr.base = vmcb->idtr.base = 0;
    vmcb->gdtr.limit = vmcb->idtr.limit = real ? 0xffff : 0;
    vmcb->cr2 = 0;
}

static const char *const seg_names[] = {
    "es", "cs", "ss", "ds", "fs", "gs", "gdtr", "ldtr", "idtr", "tr",
};

void svm_vmcb_dump(struct vcpu *v)
{
    const struct vmcb *vmcb = v->arch.hvm.u.svm.vmcb;
    const struct vmcb_seg *seg = &vmcb->es;

    printk("*** Guest state of d%uv%u (VMCB) ***\n", v->domain->domain_id,
           v->vcpu_id);
    printk("RIP = %016lx  RSP = %016lx  RFLAGS = %016lx  CPL = %u\n",
           (unsigned long)vmcb->rip, (unsigned long)vmcb->rsp,
           (unsigned long)vmcb->rflags, vmcb->cpl);
    printk("CR0 = %016lx  CR3 = %016lx  CR4 = %016lx\n",
           (unsigned long)vmcb->cr0, (unsigned long)vmcb->cr3,
           (unsigned long)vmcb->cr4);
    printk("CR2 = %016lx  EFER = %016lx  nCR3 = %016lx  ASID = %u\n",
           (unsigned long)vmcb->cr2, (unsigned long)vmcb->efer,
           (unsigned long)vmcb->n_cr3, vmcb->asid);
    for ( unsigned int i = 0; i < ARRAY_SIZE(seg_names); i++ )
        printk("%-4s: sel=%04x attr=%03x limit=%08x base=%016lx\n",
               seg_names[i], seg[i].sel, seg[i].attr, seg[i].limit,
               (unsigned long)seg[i].base);
    printk("Exit code = %#lx  info1 = %#lx  info2 = %#lx\n",
           (unsigned long)vmcb->exitcode, (unsigned long)vmcb->exitinfo1,
           (unsigned long)vmcb->exitinfo2);
    printk("Exit int info = %#lx  event inj = %#lx  vintr = %#lx  "
           "shadow = %lu\n", (unsigned long)vmcb->exitintinfo,
           (unsigned long)vmcb->eventinj, (unsigned long)vmcb->vintr,
           (unsigned long)vmcb->interrupt_shadow);
}
