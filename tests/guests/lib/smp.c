/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs: per-vCPU data, stacks, and the VCPUOP_initialise
 * context of each entry ABI.  (Not test.h: the 64-bit PV context header
 * has a struct trap_info of its own.)
 */
#include <guest/errno.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>
#include <public/vcpu.h>
#ifdef ABI_PV64
#include <public/arch-x86/xen-x86_64.h>
#else
#include <public/hvm/hvm_vcpu.h>
#endif

struct percpu percpu[SMP_MAX_CPUS];
static uint8_t stacks[SMP_MAX_CPUS][SMP_STACK_SIZE] __aligned(PAGE_SIZE);

/* The entry code (entry.S) and where it goes once it has a GDT and IDT. */
extern char smp_secondary_entry[];
void __noreturn smp_secondary_start(struct percpu *p);

void percpu_init(unsigned int id)
{
    struct percpu *p = &percpu[id];

    p->self = p;
    p->id = id;
    wrmsr(MSR_GS_BASE, (uint64_t)p);
}

void __noreturn smp_secondary_start(struct percpu *p)
{
    percpu_init(p->id);
    /* Kernel writes to read-only pages fault, as on vCPU 0. */
    write_cr0(read_cr0() | X86_CR0_WP);
    atomic_inc(&p->entered);
    p->fn(p->id);
    atomic_set(&p->done, true);
    for ( ; ; )
        if ( vcpu_down(p->id) )
            safe_halt();        /* the last one up: cannot go down */
}

long vcpu_up(unsigned int id)
{
    return HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
}

long vcpu_down(unsigned int id)
{
    return HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

long vcpu_is_up(unsigned int id)
{
    return HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL);
}

long smp_initialise_cpu(unsigned int id, void (*fn)(unsigned int id))
{
    struct percpu *p;

    if ( id == 0 || id >= SMP_MAX_CPUS )
        return -EINVAL;
    p = &percpu[id];
    p->self = p;
    p->id = id;
    p->fn = fn;
    p->stack_top = (uint64_t)stacks[id] + SMP_STACK_SIZE;
    p->done = false;
    smp_mb();

#ifdef ABI_PV64
    {
        /* 5 KiB: not on the stack.  Only vCPU 0 starts others. */
        static struct vcpu_guest_context ctxt;

        memset(&ctxt, 0, sizeof(ctxt));
        ctxt.flags = VGCF_in_kernel | VGCF_online;
        ctxt.user_regs.rip = (uint64_t)smp_secondary_entry;
        ctxt.user_regs.rsp = p->stack_top;
        ctxt.user_regs.rdi = (uint64_t)p;
        ctxt.user_regs.rflags = 0x2;
        ctxt.ctrlreg[3] = read_cr3();
        ctxt.gs_base_kernel = (uint64_t)p;
        return HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &ctxt);
    }
#else
    {
        struct vcpu_hvm_context ctx;

        memset(&ctx, 0, sizeof(ctx));
        ctx.mode = VCPU_HVM_MODE_64B;
        ctx.cpu_regs.x86_64.rip = (uint64_t)smp_secondary_entry;
        ctx.cpu_regs.x86_64.rsp = p->stack_top;
        ctx.cpu_regs.x86_64.rdi = (uint64_t)p;
        ctx.cpu_regs.x86_64.rflags = 0x2;
        ctx.cpu_regs.x86_64.cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
        ctx.cpu_regs.x86_64.cr3 = read_cr3();
        ctx.cpu_regs.x86_64.cr4 = X86_CR4_PAE;
        ctx.cpu_regs.x86_64.efer = EFER_LME | EFER_LMA | EFER_SCE;
        return HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &ctx);
    }
#endif
}

long smp_start_cpu(unsigned int id, void (*fn)(unsigned int id))
{
    long rc = smp_initialise_cpu(id, fn);

    return rc ? rc : vcpu_up(id);
}
