/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Extended FPU state: a guest turns on XSAVE and AVX the way Linux does
 * (CR4.OSXSAVE, then XSETBV), uses the YMM registers from its own code,
 * and finds them unchanged after it has blocked in the hypervisor (the
 * vCPU was switched out and back, so its state went through the
 * hypervisor's save area).  Refused XCR0 values take #GP.
 */
#include <guest/events.h>
#include <guest/test.h>
#include <guest/time.h>

const char test_name[] = "xstate";

#define X86_CR4_OSFXSR      (1ul << 9)
#define X86_CR4_OSXMMEXCPT  (1ul << 10)
#define X86_CR4_OSXSAVE     (1ul << 18)
#define XSTATE_X87          (1ull << 0)
#define XSTATE_SSE          (1ull << 1)
#define XSTATE_YMM          (1ull << 2)

static struct trap_info t;

static void write_cr4(unsigned long v)
{
    asm volatile ( "mov %0, %%cr4" :: "r" (v) : "memory" );
}

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;

    asm volatile ( "xgetbv" : "=a" (lo), "=d" (hi) : "c" (0) );
    return ((uint64_t)hi << 32) | lo;
}

/* XSETBV of XCR0; true if it raised #GP (the exception table skips it). */
static bool xsetbv0_faults(uint64_t val)
{
    trap_expect(0);
    asm volatile ( "1: xsetbv\n\t"
                   "2:\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   :: "a" ((uint32_t)val), "d" ((uint32_t)(val >> 32)),
                      "c" (0) : "memory" );
    return trap_taken(&t) && t.vector == X86_EXC_GP;
}

/* ymm7 = *in; and back out, as two 32-byte stores. */
static bool ymm7_load(const uint8_t in[32])
{
    trap_expect(0);
    asm volatile ( "1: vmovdqu (%0), %%ymm7\n\t"
                   "2:\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   :: "r" (in) : "memory" );
    if ( trap_taken(&t) )
    {
        printk("  vmovdqu raised %s at %#lx\n", trap_name(t.vector), t.rip);
        return false;
    }
    return true;
}

static void ymm7_store(uint8_t out[32])
{
    asm volatile ( "vmovdqu %%ymm7, (%0)" :: "r" (out) : "memory" );
}

/* xmm/ymm arithmetic: out = a ^ b through vxorps on YMM registers. */
static void ymm_xor(const uint8_t a[32], const uint8_t b[32], uint8_t out[32])
{
    asm volatile ( "vmovdqu (%0), %%ymm0\n\t"
                   "vmovdqu (%1), %%ymm1\n\t"
                   "vxorps %%ymm0, %%ymm1, %%ymm2\n\t"
                   "vmovdqu %%ymm2, (%2)"
                   :: "r" (a), "r" (b), "r" (out) : "memory" );
}

static void test_avx(void)
{
    uint8_t a[32], b[32], x[32], back[32];
    evtchn_port_t port;
    bool ok = true;

    for ( unsigned int i = 0; i < 32; i++ )
    {
        a[i] = 0x11 * i + 3;
        b[i] = 0xa5 ^ (i * 7);
    }
    if ( !EXPECT_TRUE(ymm7_load(a)) )
        return;
    ymm_xor(a, b, x);
    for ( unsigned int i = 0; i < 32; i++ )
        ok &= x[i] == (a[i] ^ b[i]);
    EXPECT_TRUE(ok);

    /*
     * Block for 2 ms on a port nobody signals: the vCPU leaves its pCPU
     * for the idle vCPU and comes back through the hypervisor's save
     * and restore of its extended state.
     */
    if ( !EXPECT_EQ(evtchn_alloc_unbound(DOMID_SELF, 0, &port), 0) )
        return;
    sched_poll(&port, 1, now_ns() + 2 * NSEC_PER_MSEC);
    memset(back, 0, sizeof(back));
    ymm7_store(back);
    EXPECT_EQ(memcmp(back, a, sizeof(a)), 0);
    EXPECT_EQ(xgetbv0(), XSTATE_X87 | XSTATE_SSE | XSTATE_YMM);
}

void test_main(void)
{
    struct cpuid_regs r = cpuid(1), d;
    uint64_t offered;

    if ( !(r.c & (1u << 26)) )
    {
        printk("xstate: CPUID offers no XSAVE: nothing to test\n");
        EXPECT_EQ(r.c & (1u << 28), 0);         /* no AVX without it */
        return;
    }
    EXPECT_EQ(r.c & (1u << 27), 0);             /* OSXSAVE: CR4 is clear */

    write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
              X86_CR4_OSXSAVE);
    r = cpuid(1);
    EXPECT_TRUE(r.c & (1u << 27));              /* mirrors CR4.OSXSAVE */
    EXPECT_EQ(xgetbv0(), XSTATE_X87);

    d = cpuid_count(0xd, 0);
    offered = ((uint64_t)d.d << 32) | d.a;
    printk("xstate: XCR0 may hold %#lx, area %u bytes\n", offered, d.c);
    EXPECT_TRUE(offered & XSTATE_X87);
    EXPECT_TRUE(offered & XSTATE_SSE);

    /* x87 is mandatory, YMM needs SSE, and nothing beyond the offer. */
    EXPECT_TRUE(xsetbv0_faults(0));
    EXPECT_TRUE(xsetbv0_faults(XSTATE_SSE));
    EXPECT_TRUE(xsetbv0_faults(XSTATE_X87 | XSTATE_YMM));
    EXPECT_TRUE(xsetbv0_faults(offered | (1ull << 62)));
    EXPECT_EQ(xgetbv0(), XSTATE_X87);

    if ( !(r.c & (1u << 28)) || !(offered & XSTATE_YMM) )
    {
        printk("xstate: CPUID offers no AVX: YMM checks not run\n");
        return;
    }
    EXPECT_TRUE(!xsetbv0_faults(XSTATE_X87 | XSTATE_SSE | XSTATE_YMM));
    EXPECT_EQ(xgetbv0(), XSTATE_X87 | XSTATE_SSE | XSTATE_YMM);
    if ( !EXPECT_EQ(events_init(), 0) )
        return;
    test_avx();
}
