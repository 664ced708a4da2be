/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Making hypercalls: RAX = number, arguments in RDI, RSI, RDX, R10, R8,
 * result (a negative errno on failure) in RAX.
 *
 * hypercall_direct() executes vmcall inline (HYPERCALL_INSN: each site
 * becomes vmmcall at boot on AMD, see hypercall_sites_patch());
 * hypercall_page() calls the
 * hypercall page's stub for the number, which must have been filled in
 * (by the domain builder for the 64-bit ABI, through the MSR otherwise).
 * Both tell the compiler that the hypervisor may change every argument
 * register, as Xen's debug builds do to catch guests relying on them.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <guest/layout.h>
#include <public/xen.h>

extern uint8_t hypercall_page_area[PAGE_SIZE];

/*
 * A vmcall whose address is recorded in .hypercall_sites: on a CPU that
 * intercepts vmmcall instead (AMD SVM; vmcall raises #UD there), the
 * library rewrites each site before the first hypercall.
 */
#define HYPERCALL_INSN                          \
    "1: vmcall\n\t"                             \
    ".pushsection .hypercall_sites, \"a\"\n\t"  \
    ".balign 8\n\t"                             \
    ".quad 1b\n\t"                              \
    ".popsection"

/* Whether this CPU wants vmmcall (set before any hypercall). */
extern bool hypercall_vmmcall;

static inline long hypercall_direct(unsigned long nr, unsigned long a1,
                                    unsigned long a2, unsigned long a3,
                                    unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm ( "r10" ) = a4;
    register unsigned long r8 asm ( "r8" ) = a5;
    unsigned long rax = nr;

    asm volatile ( HYPERCALL_INSN
                   : "+a" (rax), "+D" (a1), "+S" (a2), "+d" (a3),
                     "+r" (r10), "+r" (r8)
                   :
                   : "rcx", "r9", "r11", "memory" );
    return rax;
}

static inline long hypercall_page(unsigned long nr, unsigned long a1,
                                  unsigned long a2, unsigned long a3,
                                  unsigned long a4, unsigned long a5)
{
    register unsigned long r10 asm ( "r10" ) = a4;
    register unsigned long r8 asm ( "r8" ) = a5;
    unsigned long rax;
    void *stub = &hypercall_page_area[nr * HYPERCALL_STUB_SIZE];

    /* The stub sets EAX itself; RAX is only an output here. */
    asm volatile ( "call *%[stub]"
                   : "=a" (rax), "+D" (a1), "+S" (a2), "+d" (a3),
                     "+r" (r10), "+r" (r8), [stub] "+c" (stub)
                   :
                   : "r9", "r11", "memory" );
    return rax;
}

/* Shorthands for the calls the tests make most. */
static inline long HYPERVISOR_xen_version(unsigned int cmd, void *arg)
{
    return hypercall_direct(__HYPERVISOR_xen_version, cmd,
                            (unsigned long)arg, 0, 0, 0);
}

static inline long HYPERVISOR_console_io(unsigned int cmd,
                                         unsigned long count,
                                         const void *buf)
{
    return hypercall_direct(__HYPERVISOR_console_io, cmd, count,
                            (unsigned long)buf, 0, 0);
}

static inline long HYPERVISOR_sched_op(unsigned int cmd, void *arg)
{
    return hypercall_direct(__HYPERVISOR_sched_op, cmd,
                            (unsigned long)arg, 0, 0, 0);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return hypercall_direct(__HYPERVISOR_memory_op, cmd,
                            (unsigned long)arg, 0, 0, 0);
}

static inline long HYPERVISOR_hvm_op(unsigned int op, void *arg)
{
    return hypercall_direct(__HYPERVISOR_hvm_op, op, (unsigned long)arg,
                            0, 0, 0);
}

static inline long HYPERVISOR_vcpu_op(unsigned int cmd, unsigned int vcpu,
                                      void *arg)
{
    return hypercall_direct(__HYPERVISOR_vcpu_op, cmd, vcpu,
                            (unsigned long)arg, 0, 0);
}

#endif /* GUEST_HYPERCALL_H */
