/* SPDX-License-Identifier: GPL-2.0-only */
/* Processor access helpers for the test kernels. */
#ifndef GUEST_X86_H
#define GUEST_X86_H

#include <stdint.h>

/* Exception vectors. */
#define X86_EXC_DE      0
#define X86_EXC_DB      1
#define X86_EXC_NMI     2
#define X86_EXC_BP      3
#define X86_EXC_OF      4
#define X86_EXC_BR      5
#define X86_EXC_UD      6
#define X86_EXC_NM      7
#define X86_EXC_DF      8
#define X86_EXC_TS      10
#define X86_EXC_NP      11
#define X86_EXC_SS      12
#define X86_EXC_GP      13
#define X86_EXC_PF      14
#define X86_EXC_MF      16
#define X86_EXC_AC      17
#define X86_EXC_MC      18
#define X86_EXC_XM      19
#define X86_EXC_VE      20
#define X86_EXC_CP      21
#define X86_NR_EXC      32

/* The ring-3 test's way back into the kernel: a DPL 3 gate. */
#define X86_VEC_SYSCALL 0x80

/* Page-fault error code bits. */
#define PFEC_PRESENT    (1u << 0)
#define PFEC_WRITE      (1u << 1)
#define PFEC_USER       (1u << 2)

#define X86_EFLAGS_IF   (1u << 9)

#define X86_CR0_PE      (1ul << 0)
#define X86_CR0_ET      (1ul << 4)
#define X86_CR0_NE      (1ul << 5)
#define X86_CR0_WP      (1ul << 16)
#define X86_CR0_PG      (1ul << 31)
#define X86_CR4_PAE     (1ul << 5)

#define MSR_EFER        0xc0000080
#define MSR_GS_BASE     0xc0000101
#define EFER_SCE        (1ul << 0)
#define EFER_LME        (1ul << 8)
#define EFER_LMA        (1ul << 10)

#define X86_CPUID1_ECX_VMX          (1u << 5)
#define X86_CPUID1_ECX_HYPERVISOR   (1u << 31)

struct cpuid_regs {
    uint32_t a, b, c, d;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r;

    asm volatile ( "cpuid"
                   : "=a" (r.a), "=b" (r.b), "=c" (r.c), "=d" (r.d)
                   : "a" (leaf), "c" (sub) );
    return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile ( "wrmsr"
                   :: "c" (msr), "a" ((uint32_t)val),
                      "d" ((uint32_t)(val >> 32))
                   : "memory" );
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) );
    return ((uint64_t)hi << 32) | lo;
}

/* The TSC, not read before earlier instructions have completed. */
static inline uint64_t rdtsc_ordered(void)
{
    uint32_t lo, hi;

    asm volatile ( "lfence; rdtsc" : "=a" (lo), "=d" (hi) :: "memory" );
    return ((uint64_t)hi << 32) | lo;
}

static inline unsigned long read_cr0(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr0, %0" : "=r" (v) );
    return v;
}

static inline void write_cr0(unsigned long v)
{
    asm volatile ( "mov %0, %%cr0" :: "r" (v) : "memory" );
}

static inline unsigned long read_cr2(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr2, %0" : "=r" (v) );
    return v;
}

static inline unsigned long read_cr3(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr3, %0" : "=r" (v) );
    return v;
}

static inline unsigned long read_cr4(void)
{
    unsigned long v;

    asm volatile ( "mov %%cr4, %0" : "=r" (v) );
    return v;
}

static inline void write_cr3(unsigned long v)
{
    asm volatile ( "mov %0, %%cr3" :: "r" (v) : "memory" );
}

static inline void invlpg(const void *va)
{
    asm volatile ( "invlpg (%0)" :: "r" (va) : "memory" );
}

static inline unsigned long read_flags(void)
{
    unsigned long f;

    asm volatile ( "pushf; pop %0" : "=r" (f) );
    return f;
}

static inline void __attribute__((__noreturn__)) halt_forever(void)
{
    for ( ; ; )
        asm volatile ( "cli; hlt" ::: "memory" );
}

#endif /* GUEST_X86_H */
