/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMX capability discovery.  A PVH guest here needs VMX with EPT (the
 * hypervisor owns the guest physmap), VPID (no TLB flush on every world
 * switch), unrestricted guest (the PHYS32 entry starts in protected mode
 * with paging off) and the preemption timer (to bound a vCPU's slice).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vmx.h>
#include <asm/msr-index.h>
#include <asm/processor.h>

static struct vmx_caps bsp_caps;

/*
 * The allowed-1 settings of a control are the high 32 bits of its
 * capability MSR (SDM Vol. 3C, A.3.1).  With "true" controls available
 * (IA32_VMX_BASIC[55]) the TRUE_* MSRs are the authoritative ones.
 */
static u32 allowed1(u32 msr)
{
    u64 v;

    return rdmsr_safe(msr, &v) ? 0 : (u32)(v >> 32);
}

static void vmx_probe(struct vmx_caps *c)
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
     * (SDM Vol. 3C, 23.7).
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

static const char *yn(bool b)
{
    return b ? "yes" : "no";
}

static void vmx_print(const struct vmx_caps *c)
{
    printk("CPU%u: VMX: vmx=%s ept=%s vpid=%s unrestricted_guest=%s "
           "preemption_timer=%s\n", smp_processor_id(), yn(c->vmx),
           yn(c->ept), yn(c->vpid), yn(c->unrestricted_guest),
           yn(c->preemption_timer));
}

static bool vmx_usable(const struct vmx_caps *c)
{
    return c->vmx && c->ept && c->vpid && c->unrestricted_guest &&
           c->preemption_timer;
}

static int vmx_cpu_up(void)
{
    struct vmx_caps c;

    vmx_probe(&c);
    vmx_print(&c);
    /* Every CPU must match the boot CPU: guests may run on any of them. */
    if ( !vmx_usable(&c) || c.revision_id != bsp_caps.revision_id )
        return -ENODEV;
    return 0;
}

static const struct hvm_function_table vmx_function_table = {
    .name = "VMX",
    .cpu_up = vmx_cpu_up,
};

const struct hvm_function_table *start_vmx(void)
{
    vmx_probe(&bsp_caps);
    vmx_print(&bsp_caps);
    if ( !vmx_usable(&bsp_caps) )
        return NULL;
    return &vmx_function_table;
}
