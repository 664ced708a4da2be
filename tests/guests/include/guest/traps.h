/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions in the test kernels.
 *
 * Every exception vector has a handler.  A test that means to cause one
 * arms a one-shot expectation first; the handler then records what
 * happened and resumes the test instead of failing it:
 *
 *     struct trap_info t;
 *     unsigned long at;
 *
 *     trap_expect(0);
 *     asm volatile ( "1: ud2\n"
 *                    "2: lea 1b(%%rip), %0\n"
 *                    _ASM_EXTABLE(1b, 2b)
 *                    : "=r" (at) :: "memory" );
 *     EXPECT_TRUE(trap_taken(&t));
 *     EXPECT_EQ(t.vector, X86_EXC_UD);
 *     EXPECT_EQ(t.rip, at);
 *
 * The handler resumes at the fixup the exception table gives for the
 * faulting RIP, or, for an instruction without an entry, at the pushed
 * RIP plus the skip length passed to trap_expect() (0 for traps such as
 * int3, which push the address of the next instruction already).
 *
 * An exception nobody expected prints the vector, RIP, error code and
 * CR2 and ends the test as failed.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdbool.h>
#include <stdint.h>

/* The frame the exception entry code builds, lowest address first. */
struct cpu_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
    uint64_t vector, error_code;
    /* Pushed by the processor. */
    uint64_t rip, cs, rflags, rsp, ss;
};

struct trap_info {
    unsigned int vector;
    uint64_t error_code;        /* 0 for vectors without one */
    uint64_t cr2;               /* read at entry for every vector */
    uint64_t rip;               /* as pushed by the processor */
};

/* Adds an exception-table entry: a fault at insn resumes at fixup. */
#define _ASM_EXTABLE(insn, fixup)                       \
    ".pushsection .ex_table, \"a\"\n\t"                 \
    ".balign 8\n\t"                                     \
    ".quad " #insn ", " #fixup "\n\t"                   \
    ".popsection\n\t"

void trap_expect(unsigned int skip);
bool trap_taken(struct trap_info *t);

/* Called by the entry code with the saved frame; may edit it. */
void trap_dispatch(struct cpu_regs *regs);

/*
 * Runs code at CPL 3 (a page mapped user-accessible), with RSP = stack.
 * The excursion ends when the code does "int $0x80" or takes any
 * exception; the vector that ended it and the RAX it had are returned.
 */
struct user_exit {
    unsigned int vector;
    uint64_t rax;
    uint64_t rip;
    uint64_t error_code;
};
struct user_exit user_run(uint64_t rip, uint64_t rsp);

/* Names for the exception vectors ("#PF"), or "vec" for others. */
const char *trap_name(unsigned int vector);

#endif /* GUEST_TRAPS_H */
