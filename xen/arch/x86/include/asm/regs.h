/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_REGS_H
#define ASM_X86_REGS_H

#include <xen/types.h>

/*
 * The frame entry.S builds on every exception and interrupt: the general
 * registers it pushes, then the vector and error code, then the frame the
 * CPU pushed (SDM Vol. 3A, 6.14.2).
 */
struct cpu_user_regs {
    u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    u64 rax, rcx, rdx, rsi, rdi;
    u64 vector;
    u64 error_code;
    u64 rip, cs, rflags, rsp, ss;
};

#endif /* ASM_X86_REGS_H */
