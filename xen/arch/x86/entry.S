/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception and interrupt entry.  Every vector has a 16-byte stub that
 * makes the frame uniform (a dummy error code where the CPU pushes none,
 * SDM Vol. 3A, table 6-1) and pushes its vector number; the common path
 * saves the general registers as a struct cpu_user_regs and calls C.
 */
#include <xen/config.h>

        .text
        .balign 16
        .globl  vector_stubs
vector_stubs:
        .set    vec, 0
        .rept   256
        .balign 16
        .if (vec == 8 || vec == 10 || vec == 11 || vec == 12 || \
             vec == 13 || vec == 14 || vec == 17 || vec == 21 || \
             vec == 29 || vec == 30)
        .else
        pushq   $0
        .endif
        pushq   $vec
        jmp     common_entry
        .set    vec, vec + 1
        .endr

common_entry:
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        cld
        mov     %rsp, %rdi
        /* A frame record that stack traces can follow into the caller. */
        mov     %rsp, %rbp
        call    do_trap_or_irq
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $16, %rsp               /* vector and error code */
        iretq

/*
 * rdmsr_safe(msr, *val): 0, or -EFAULT if the rdmsr raised #GP.  The
 * exception table entry sends the #GP handler to the fixup label.
 */
        .globl  rdmsr_safe
rdmsr_safe:
        mov     %edi, %ecx
1:      rdmsr
        shl     $32, %rdx
        or      %rdx, %rax
        mov     %rax, (%rsi)
        xor     %eax, %eax
        ret
2:      mov     $-14, %eax
        ret
        .section .ex_table, "a", @progbits
        .balign 8
        .quad   1b, 2b
        .previous
