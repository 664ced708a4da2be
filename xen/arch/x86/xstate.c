/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Switching guest FPU/SSE/XSAVE state between vCPUs (SDM Vol. 1, 13).
 *
 * Saving and restoring are done with XCR0 set to every feature a guest
 * may have (XSTATE_GUEST_MASK), so that components a guest has not yet
 * enabled are also reset from its own (initially clean) area: a guest
 * that enables AVX later never sees another guest's registers.  The
 * save area (one page) holds x87, SSE and AVX state with room to spare.
 * Without XSAVE, FXSAVE covers x87 and SSE, which is all such a CPU has.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/processor.h>
#include <asm/xstate.h>

u64 xstate_host_features;
static bool have_xsave;

static u64 xgetbv0(void)
{
    u32 lo, hi;

    __asm__ __volatile__ ( "xgetbv" : "=a" (lo), "=d" (hi) : "c" (0) );
    return ((u64)hi << 32) | lo;
}

static void xsetbv(u64 val)
{
    __asm__ __volatile__ ( "xsetbv" :: "a" ((u32)val), "d" ((u32)(val >> 32)),
                           "c" (0) );
}

void xstate_init_cpu(void)
{
    unsigned long cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    struct cpuid_regs r;

    have_xsave = cpuid_ecx(1) & (1U << 26);
    if ( have_xsave )
    {
        write_cr4(cr4 | X86_CR4_OSXSAVE);
        cpuid_count(0xd, 0, &r);
        xstate_host_features = ((u64)r.edx << 32) | r.eax;
        xsetbv(1);                      /* x87 only while we run */
    }
    else
        write_cr4(cr4);
}

int xstate_alloc(struct vcpu *v)
{
    u8 *area = alloc_xenheap_pages(0, 0);

    if ( !area )
        return -ENOMEM;
    /* Header XSTATE_BV = 0: every component in its initial state. */
    memset(area, 0, PAGE_SIZE);
    *(u16 *)(area + 0) = 0x37f;         /* FCW after FNINIT */
    *(u32 *)(area + 24) = 0x1f80;       /* MXCSR: all exceptions masked */
    v->arch.hvm.xsave_area = area;
    v->arch.hvm.xcr0 = 1;               /* x87, the architectural reset */
    return 0;
}

void xstate_free(struct vcpu *v)
{
    if ( v->arch.hvm.xsave_area )
        free_xenheap_pages(v->arch.hvm.xsave_area, 0);
    v->arch.hvm.xsave_area = NULL;
}

void xstate_save(struct vcpu *v)
{
    void *area = v->arch.hvm.xsave_area;

    if ( have_xsave )
    {
        /*
         * XCR0 is the guest's while it runs.  XSETBV always exits on
         * VMX and its SVM intercept keeps us informed on AMD hardware,
         * but an emulated SVM (QEMU's) lets the guest write XCR0
         * unseen: take the register itself as the truth.
         */
        v->arch.hvm.xcr0 = xgetbv0();
        xsetbv(xstate_host_features & XSTATE_GUEST_MASK);
        __asm__ __volatile__ ( "xsave64 %0" : "=m" (*(u8 (*)[PAGE_SIZE])area)
                               : "a" (~0U), "d" (~0U) : "memory" );
        xsetbv(1);
    }
    else
        __asm__ __volatile__ ( "fxsave64 %0"
                               : "=m" (*(u8 (*)[512])area) :: "memory" );
}

void xstate_restore(struct vcpu *v)
{
    void *area = v->arch.hvm.xsave_area;

    if ( have_xsave )
    {
        xsetbv(xstate_host_features & XSTATE_GUEST_MASK);
        __asm__ __volatile__ ( "xrstor64 %0"
                               :: "m" (*(u8 (*)[PAGE_SIZE])area),
                                  "a" (~0U), "d" (~0U) : "memory" );
        xsetbv(v->arch.hvm.xcr0);
    }
    else
        __asm__ __volatile__ ( "fxrstor64 %0"
                               :: "m" (*(u8 (*)[512])area) : "memory" );
}

int xstate_set_xcr0(struct vcpu *v, u64 val)
{
    /* x87 always; AVX needs SSE; nothing the CPU lacks (SDM 13.3). */
    if ( !have_xsave || !(val & 1) ||
         (val & ~(xstate_host_features & XSTATE_GUEST_MASK)) ||
         ((val & 4) && !(val & 2)) )
        return -EINVAL;
    xsetbv(val);
    v->arch.hvm.xcr0 = val;
    return 0;
}
