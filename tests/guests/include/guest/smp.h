/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary vCPUs for the test kernels.
 *
 * Every vCPU has a struct percpu, which its GS base points at (vCPU 0's
 * is set up before test_main() runs).  smp_start_cpu() brings a vCPU up
 * with VCPUOP_initialise and VCPUOP_up: it starts in long mode on the
 * kernel's page tables with a stack of its own, loads the kernel's GDT
 * and IDT, and calls fn(id) with interrupts disabled.  When fn returns,
 * the vCPU takes itself down (VCPUOP_down); bringing it up again makes
 * it take itself down again.
 *
 * The context VCPUOP_initialise takes depends on the entry ABI: struct
 * vcpu_hvm_context in its 64-bit mode for PHYS32 kernels, struct
 * vcpu_guest_context for the 64-bit PVH ABI.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/atomic.h>

#define SMP_MAX_CPUS        8
#define SMP_STACK_SIZE      16384

struct percpu {
    struct percpu *self;            /* %gs:0 */
    unsigned int id;                /* the vCPU id */
    void (*fn)(unsigned int id);
    uint64_t stack_top;
    /* Times the secondary entry code ran, and whether fn returned. */
    unsigned int entered;
    bool done;
    /* Event callbacks taken on this vCPU. */
    uint64_t upcalls;
};

extern struct percpu percpu[SMP_MAX_CPUS];

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;

    asm volatile ( "mov %%gs:0, %0" : "=r" (p) );
    return p;
}

static inline unsigned int smp_processor_id(void)
{
    return this_cpu()->id;
}

/* Points GS base at percpu[id] (the library does it for vCPU 0). */
void percpu_init(unsigned int id);

/*
 * VCPUOP_initialise of vCPU id to run fn(id) on its own stack; the
 * hypercall's result.  smp_start_cpu() follows it with VCPUOP_up.
 */
long smp_initialise_cpu(unsigned int id, void (*fn)(unsigned int id));
long smp_start_cpu(unsigned int id, void (*fn)(unsigned int id));

/* VCPUOP_up, VCPUOP_down and VCPUOP_is_up. */
long vcpu_up(unsigned int id);
long vcpu_down(unsigned int id);
long vcpu_is_up(unsigned int id);

#endif /* GUEST_SMP_H */
