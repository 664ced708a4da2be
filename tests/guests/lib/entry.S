/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception entry stubs, the ring-3 excursion and the hypercall page.
 * 64-bit code shared by both entry ABIs.
 */
#include <guest/layout.h>

/*
 * One stub per vector: push a zero where the processor pushes no error
 * code, so that every frame has the same layout (struct cpu_regs), then
 * the vector number.
 */
.macro exc_stub vec, has_err
        .balign 16
exc_stub_\vec:
        .if !\has_err
        pushq   $0
        .endif
        pushq   $\vec
        jmp     trap_common
.endm

        .text
        exc_stub 0, 0
        exc_stub 1, 0
        exc_stub 2, 0
        exc_stub 3, 0
        exc_stub 4, 0
        exc_stub 5, 0
        exc_stub 6, 0
        exc_stub 7, 0
        exc_stub 8, 1
        exc_stub 9, 0
        exc_stub 10, 1
        exc_stub 11, 1
        exc_stub 12, 1
        exc_stub 13, 1
        exc_stub 14, 1
        exc_stub 15, 0
        exc_stub 16, 0
        exc_stub 17, 1
        exc_stub 18, 0
        exc_stub 19, 0
        exc_stub 20, 0
        exc_stub 21, 1
        exc_stub 22, 0
        exc_stub 23, 0
        exc_stub 24, 0
        exc_stub 25, 0
        exc_stub 26, 0
        exc_stub 27, 0
        exc_stub 28, 0
        exc_stub 29, 1
        exc_stub 30, 1
        exc_stub 31, 0
        exc_stub 0x80, 0

/* The event-channel upcall (HVM_PARAM_CALLBACK_IRQ), an interrupt. */
        .balign 16
exc_stub_callback_vec:
        pushq   $0
        pushq   $EVTCHN_CALLBACK_VECTOR
        jmp     trap_common

trap_common:
        push    %rax
        push    %rcx
        push    %rdx
        push    %rbx
        push    %rbp
        push    %rsi
        push    %rdi
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        /*
         * The processor aligned RSP to 16 before its 5-word frame; with
         * our 17 words on top RSP is 16-byte aligned again for the call.
         */
        mov     %rsp, %rdi
        cld
        call    trap_dispatch
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rdi
        pop     %rsi
        pop     %rbp
        pop     %rbx
        pop     %rdx
        pop     %rcx
        pop     %rax
        add     $16, %rsp               /* vector and error code */
        iretq

/* Addresses of the stubs, indexed by vector, for the IDT set-up. */
        .section .rodata, "a", @progbits
        .balign 8
        .globl exc_stubs
exc_stubs:
        .irp    vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
                16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        .quad   exc_stub_\vec
        .endr
        .globl exc_stub_syscall, exc_stub_callback
exc_stub_syscall:
        .quad   exc_stub_0x80
exc_stub_callback:
        .quad   exc_stub_callback_vec

/*
 * uint64_t user_enter(uint64_t rip, uint64_t rsp)
 *
 * Drops to CPL 3 at rip with stack rsp.  The way back is trap_dispatch()
 * rewriting the frame of whatever event ends the excursion (int $0x80,
 * or an exception at CPL 3) into a return to user_return at CPL 0, with
 * RSP = user_kernel_rsp and RAX = the value to return.
 */
        .text
        .globl user_enter, user_return
user_enter:
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, user_kernel_rsp(%rip)
        pushq   $GDT_USER_DS            /* SS */
        pushq   %rsi                    /* RSP */
        pushq   $0x2                    /* RFLAGS: IF clear, IOPL 0 */
        pushq   $GDT_USER_CS            /* CS */
        pushq   %rdi                    /* RIP */
        iretq

user_return:
        /* The drop to CPL 3 nulled the kernel's data selectors. */
        mov     $GDT_KERNEL_DS, %ecx
        mov     %ecx, %ds
        mov     %ecx, %es
        mov     %ecx, %fs
        mov     %ecx, %gs
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        ret

/*
 * A secondary vCPU's first instructions (smp.c brings it up).  It starts
 * in long mode on our page tables with flat CS and DS from the hidden
 * segment state, GDTR and IDTR empty, RSP = its stack and RDI = its
 * struct percpu: load our GDT before any segment reload, and our IDT
 * before anything can fault.
 */
        .text
        .globl smp_secondary_entry
smp_secondary_entry:
        cld
        lgdt    gdt_desc(%rip)
        pushq   $GDT_KERNEL_CS
        lea     1f(%rip), %rax
        pushq   %rax
        lretq
1:      mov     $GDT_KERNEL_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs               /* GS base: smp_secondary_start() */
        lidt    idt_desc(%rip)
        and     $-16, %rsp
        call    smp_secondary_start
2:      cli
        hlt
        jmp     2b

/*
 * The code run at CPL 3, on a page of its own that the window maps
 * user-accessible: a hypercall (PVH only takes them from the kernel, so
 * it must fail with -EPERM), then back to the kernel with the result.
 */
        .section .text.user, "ax", @progbits
        .balign PAGE_SIZE
        .globl user_page
user_page:
        mov     $17, %eax               /* __HYPERVISOR_xen_version */
        xor     %edi, %edi              /* XENVER_version */
1:      vmcall                          /* vmmcall on AMD: patched */
        .pushsection .hypercall_sites, "a"
        .balign 8
        .quad   1b
        .popsection
        int     $0x80
        ud2
        .balign PAGE_SIZE, 0xcc

/*
 * The hypercall page.  int3 until filled in, so that calling a stub that
 * is missing traps at once rather than running into the next one.
 */
        .section .text.hypercall_page, "ax", @progbits
        .balign PAGE_SIZE
        .globl hypercall_page_area
hypercall_page_area:
        .fill   PAGE_SIZE, 1, 0xcc

        .bss
        .balign 8
        .globl user_kernel_rsp
user_kernel_rsp:
        .quad   0

        .section .note.GNU-stack, "", @progbits
