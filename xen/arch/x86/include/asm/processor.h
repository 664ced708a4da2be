/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_PROCESSOR_H
#define ASM_X86_PROCESSOR_H

#define X86_CR0_PE      0x00000001
#define X86_CR0_MP      0x00000002
#define X86_CR0_ET      0x00000010
#define X86_CR0_NE      0x00000020
#define X86_CR0_WP      0x00010000
#define X86_CR0_PG      0x80000000

#define X86_CR4_PAE     0x00000020
#define X86_CR4_PGE     0x00000080
#define X86_CR4_OSFXSR  0x00000200
#define X86_CR4_OSXMMEXCPT 0x00000400
#define X86_CR4_OSXSAVE 0x00040000
#define X86_CR4_VMXE    0x00002000

/* Selectors of the hypervisor's GDT (see desc.c). */
#define __HYPERVISOR_CS32   0x08
#define __HYPERVISOR_CS     0x10
#define __HYPERVISOR_DS     0x18
#define TSS_SELECTOR        0x20    /* 16-byte descriptor: 0x20 and 0x28 */
#define GDT_ENTRIES         6

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct cpuid_regs {
    u32 eax, ebx, ecx, edx;
};

static inline void cpuid_count(u32 leaf, u32 sub, struct cpuid_regs *r)
{
    __asm__ __volatile__ ( "cpuid"
                           : "=a" (r->eax), "=b" (r->ebx),
                             "=c" (r->ecx), "=d" (r->edx)
                           : "0" (leaf), "2" (sub) );
}

static inline void cpuid(u32 leaf, struct cpuid_regs *r)
{
    cpuid_count(leaf, 0, r);
}

static inline u32 cpuid_ecx(u32 leaf)
{
    struct cpuid_regs r;

    cpuid(leaf, &r);
    return r.ecx;
}

static inline u32 cpuid_edx(u32 leaf)
{
    struct cpuid_regs r;

    cpuid(leaf, &r);
    return r.edx;
}

static inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;

    __asm__ __volatile__ ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) );
    return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
    __asm__ __volatile__ ( "wrmsr" :: "c" (msr), "a" ((u32)val),
                           "d" ((u32)(val >> 32)) : "memory" );
}

/*
 * rdmsr that survives a #GP (an MSR the CPU lacks): returns -EFAULT-like
 * failure instead of crashing, through the exception fixup table.
 */
int rdmsr_safe(u32 msr, u64 *val);

static inline u64 rdtsc(void)
{
    u32 lo, hi;

    __asm__ __volatile__ ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((u64)hi << 32) | lo;
}

#define DEFINE_CR_ACCESS(n)                                             \
static inline unsigned long read_cr##n(void)                            \
{                                                                       \
    unsigned long v;                                                    \
    __asm__ __volatile__ ( "mov %%cr" #n ", %0" : "=r" (v) );           \
    return v;                                                           \
}                                                                       \
static inline void write_cr##n(unsigned long v)                         \
{                                                                       \
    __asm__ __volatile__ ( "mov %0, %%cr" #n :: "r" (v) : "memory" );   \
}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(2)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)
#undef DEFINE_CR_ACCESS

static inline void invlpg(const void *va)
{
    __asm__ __volatile__ ( "invlpg (%0)" :: "r" (va) : "memory" );
}

static inline void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}

#endif /* !__ASSEMBLY__ */
#endif /* ASM_X86_PROCESSOR_H */
