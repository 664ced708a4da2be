/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VM entry and exit.
 *
 * Exit: the VMCS's HOST_RSP points just past the vCPU's struct guest_regs,
 * so the pushes below store the guest's general registers straight into
 * it (rax lands at the lowest address, matching the struct).  We then
 * move to this CPU's hypervisor stack, taken from struct cpu_info, and
 * call C.  Nothing on the hypervisor stack survives a VM entry: every
 * entry starts from an empty stack.
 *
 * Entry: vmx_prepare_entry() runs with interrupts off and returns the
 * register block in %rax and "already launched" in %rdx (a two-word
 * struct is returned in RAX:RDX by the SysV ABI).  The movs that reload
 * the guest registers leave the flags of our test intact.
 */
#include <xen/config.h>

#define CPUINFO_stack_top 16

        .text
        .globl  vmx_asm_vmexit_handler
vmx_asm_vmexit_handler:
        push    %r15
        push    %r14
        push    %r13
        push    %r12
        push    %r11
        push    %r10
        push    %r9
        push    %r8
        push    %rbp
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rbx
        push    %rax
        mov     %gs:CPUINFO_stack_top, %rsp
        xor     %ebp, %ebp
        call    vmx_vmexit_handler
        /* fall through */

        .globl  vmx_asm_do_vmentry
vmx_asm_do_vmentry:
        call    vmx_prepare_entry
        test    %rdx, %rdx
        mov     8(%rax), %rbx
        mov     16(%rax), %rcx
        mov     24(%rax), %rdx
        mov     32(%rax), %rsi
        mov     40(%rax), %rdi
        mov     48(%rax), %rbp
        mov     56(%rax), %r8
        mov     64(%rax), %r9
        mov     72(%rax), %r10
        mov     80(%rax), %r11
        mov     88(%rax), %r12
        mov     96(%rax), %r13
        mov     104(%rax), %r14
        mov     112(%rax), %r15
        mov     (%rax), %rax
        jz      1f
        vmresume
        jmp     2f
1:      vmlaunch
        /* Only reached if the entry itself failed. */
2:      mov     %gs:CPUINFO_stack_top, %rsp
        xor     %ebp, %ebp
        call    vmx_vmentry_failure
        jmp     vmx_asm_do_vmentry
