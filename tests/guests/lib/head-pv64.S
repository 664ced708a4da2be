/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry for the original (2013) 64-bit PVH ABI (XEN_ELFNOTE_ENTRY).
 *
 * We arrive in long mode on the builder's page tables, which map
 * VIRT_BASE + x to guest-physical x over the bootstrap area, with
 * RSI = start_info, RSP = a stack at the end of the bootstrap area,
 * CS = 0x10 and DS/SS = 0x18 whose descriptors exist only in the hidden
 * segment state: GDTR and IDTR are empty.  So load our own GDT before
 * any segment reload, and our IDT before anything can fault.
 */
#include <guest/layout.h>

        .section .text.entry, "ax", @progbits
        .code64
        .globl entry_pv64
entry_pv64:
        cld
        /* The entry state, for the tests to check; .data, not bss. */
        mov     %rsi, boot_start_info_va(%rip)
        mov     %rsp, boot_entry_rsp(%rip)
        mov     %cr3, %rax
        mov     %rax, boot_entry_cr3(%rip)
        mov     %cs, boot_entry_cs(%rip)
        mov     %ds, boot_entry_ds(%rip)
        mov     %ss, boot_entry_ss(%rip)
        sgdt    boot_entry_gdtr(%rip)
        sidt    boot_entry_idtr(%rip)
        pushfq
        popq    boot_entry_flags(%rip)

        /* The builder need not have zeroed the bss; clear it ourselves. */
        lea     __bss_start(%rip), %rdi
        lea     __bss_end(%rip), %rcx
        sub     %rdi, %rcx
        xor     %eax, %eax
        rep stosb

        lgdt    gdt_desc(%rip)
        /* A far return is the way to load CS in 64-bit mode. */
        pushq   $GDT_KERNEL_CS
        lea     1f(%rip), %rax
        pushq   %rax
        lretq
1:      mov     $GDT_KERNEL_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs

        lea     boot_stack + BOOT_STACK_SIZE(%rip), %rsp

        /*
         * Our own page tables (below): they map the same kernel range as
         * the builder's, plus the low window with user-accessible pages,
         * and nothing else, so the tests know exactly what is mapped.
         */
        lea     boot_pml4(%rip), %rax
        mov     $PV64_VIRT_BASE, %rcx
        sub     %rcx, %rax
        mov     %rax, %cr3

        call    lib_start
2:      cli
        hlt
        jmp     2b

        .data
        .balign 8
        .globl boot_start_info_va, boot_entry_rsp, boot_entry_cr3
        .globl boot_entry_flags, boot_entry_cs, boot_entry_ds
        .globl boot_entry_ss, boot_entry_gdtr, boot_entry_idtr
boot_start_info_va:
        .quad   0
boot_entry_rsp:
        .quad   0
boot_entry_cr3:
        .quad   0
boot_entry_flags:
        .quad   0
boot_entry_cs:
        .word   0
boot_entry_ds:
        .word   0
boot_entry_ss:
        .word   0
        .balign 8
boot_entry_gdtr:                /* limit (2 bytes), base (8 bytes) */
        .fill   16, 1, 0
boot_entry_idtr:
        .fill   16, 1, 0

/*
 * VIRT_BASE + x -> x for the first GiB (2 MiB pages; the kernel and its
 * bootstrap area are far smaller), and the low window's PDPT, filled in
 * by the C code.  Entries hold physical addresses: link address minus
 * VIRT_BASE.
 */
#define PHYS(sym) ((sym) - PV64_VIRT_BASE)

        .section .data.page_tables, "aw", @progbits
        .balign PAGE_SIZE
        .globl boot_pml4, boot_pdpt_low, kern_pd
boot_pml4:
        .quad   PHYS(boot_pdpt_low) + (PTE_P | PTE_RW | PTE_US)
        .fill   510, 8, 0
        .quad   PHYS(kern_pdpt) + (PTE_P | PTE_RW)

boot_pdpt_low:
        .fill   512, 8, 0

kern_pdpt:                      /* VIRT_BASE is PDPT slot 510 of 511 */
        .fill   510, 8, 0
        .quad   PHYS(kern_pd) + (PTE_P | PTE_RW)
        .quad   0

kern_pd:
        .set    addr, 0
        .rept   512
        .quad   addr + (PTE_P | PTE_RW | PTE_PS)
        .set    addr, addr + 0x200000
        .endr

        .section .note.GNU-stack, "", @progbits
