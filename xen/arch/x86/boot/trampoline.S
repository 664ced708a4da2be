/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Application-processor start-up.  The bytes between trampoline_start and
 * trampoline_end are copied to a page below 1 MiB; a STARTUP IPI with that
 * page's vector starts an AP there in real mode (SDM Vol. 3A, 8.4.4.1:
 * CS = vector << 8, IP = 0).  The code is position independent: it finds
 * its own base from CS and patches the two addresses that must be
 * absolute, then climbs to long mode on the boot page tables, whose slot 0
 * identity-maps the low 4 GiB, and jumps to ap_start64 at its linked
 * address.
 */
#include <xen/config.h>
#include <asm/processor.h>
#include <asm/msr-index.h>

#define T(s)    ((s) - trampoline_start)

        .section .trampoline, "a", @progbits
        .code16
        .globl  trampoline_start, trampoline_end
        .globl  trampoline_cr3, trampoline_efer
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        xor     %ebx, %ebx
        mov     %cs, %bx
        shl     $4, %ebx                /* our physical base */

        mov     %ebx, %eax
        add     $T(tramp_gdt), %eax
        mov     %eax, T(tramp_gdt_desc) + 2
        mov     %ebx, %eax
        add     $T(tramp32), %eax
        mov     %eax, T(tramp32_ptr)

        lgdtl   T(tramp_gdt_desc)
        mov     %cr0, %eax
        or      $X86_CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   *T(tramp32_ptr)

        .code32
tramp32:
        mov     $0x18, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        /* The top of our own page is the only stack we know is RAM. */
        lea     PAGE_SIZE(%ebx), %esp

        mov     $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     T(trampoline_cr3)(%ebx), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      T(trampoline_efer)(%ebx), %eax
        wrmsr
        mov     $(X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | \
                  X86_CR0_WP | X86_CR0_PG), %eax
        mov     %eax, %cr0

        lea     T(tramp64)(%ebx), %eax
        push    $0x10
        push    %eax
        lret

        .code64
tramp64:
        movabs  $ap_start64, %rax
        jmp     *%rax

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9b000000ffff      /* 0x08: 32-bit code, flat */
        .quad   0x00af9b000000ffff      /* 0x10: 64-bit code */
        .quad   0x00cf93000000ffff      /* 0x18: data, flat */
tramp_gdt_end:
tramp_gdt_desc:
        .word   tramp_gdt_end - tramp_gdt - 1
        .long   0                       /* patched: linear base */
tramp32_ptr:
        .long   0                       /* patched: linear tramp32 */
        .word   0x08
        .balign 4
trampoline_cr3:
        .long   0                       /* written by the BSP */
trampoline_efer:
        .long   0                       /* EFER bits to set: LME, NXE */
trampoline_end:

/*
 * Long mode at the linked address.  The BSP has put the real page-table
 * root and this CPU's stack in ap_boot_cr3 and ap_boot_stack.
 */
        .text
        .globl  ap_start64
ap_start64:
        mov     $__HYPERVISOR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     ap_boot_cr3(%rip), %rax
        mov     %rax, %cr3
        mov     ap_boot_stack(%rip), %rsp
        xor     %ebp, %ebp
        call    start_secondary
        ud2
