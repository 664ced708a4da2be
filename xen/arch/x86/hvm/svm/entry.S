/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMRUN and #VMEXIT.
 *
 * svm_prepare_entry() runs with interrupts off and returns this CPU's
 * struct svm_entry_frame: the VMCB, the host save area and the vCPU's
 * struct guest_regs.  VMRUN itself loads and saves the guest's RAX, RSP,
 * RIP, RFLAGS and control registers from the VMCB; the other general
 * registers are ours to load and save, and VMLOAD/VMSAVE move the state
 * VMRUN leaves alone (FS, GS, TR, LDTR and the syscall MSRs, APM Vol. 2,
 * 15.5.2).
 *
 * GIF is clear from CLGI until STGI: host interrupts and NMIs stay
 * pending meanwhile (APM Vol. 2, 15.17), so nothing runs on the host
 * with the guest's GS base.  The STI makes a host interrupt that arrives
 * in guest mode exit it (the INTR intercept with V_INTR_MASKING looks at
 * the host's IF, 15.21.1); it is taken once we set IF again in C.
 */
#include <xen/config.h>

        .text
        .globl  svm_asm_do_vmentry
svm_asm_do_vmentry:
        call    svm_prepare_entry
        push    %rax                    /* the frame, for the exit path */
        mov     16(%rax), %r15          /* struct guest_regs */
        mov     (%rax), %rax            /* VMCB */
        mov     8(%r15), %rbx
        mov     16(%r15), %rcx
        mov     24(%r15), %rdx
        mov     32(%r15), %rsi
        mov     40(%r15), %rdi
        mov     48(%r15), %rbp
        mov     56(%r15), %r8
        mov     64(%r15), %r9
        mov     72(%r15), %r10
        mov     80(%r15), %r11
        mov     88(%r15), %r12
        mov     96(%r15), %r13
        mov     104(%r15), %r14
        mov     112(%r15), %r15
        clgi
        sti
        vmload  %rax
        vmrun   %rax
        vmsave  %rax
        /* RSP and RAX are the host's again; the rest are the guest's. */
        push    %r15
        mov     8(%rsp), %r15
        mov     16(%r15), %r15
        mov     %rbx, 8(%r15)
        mov     %rcx, 16(%r15)
        mov     %rdx, 24(%r15)
        mov     %rsi, 32(%r15)
        mov     %rdi, 40(%r15)
        mov     %rbp, 48(%r15)
        mov     %r8, 56(%r15)
        mov     %r9, 64(%r15)
        mov     %r10, 72(%r15)
        mov     %r11, 80(%r15)
        mov     %r12, 88(%r15)
        mov     %r13, 96(%r15)
        mov     %r14, 104(%r15)
        popq    112(%r15)
        pop     %rax
        mov     8(%rax), %rax           /* host save area */
        vmload  %rax                    /* our GS base, TR, ... */
        cli
        stgi
        xor     %ebp, %ebp
        call    svm_vmexit_handler
        jmp     svm_asm_do_vmentry
