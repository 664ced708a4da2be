/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Entry for the PVH boot ABI (XEN_ELFNOTE_PHYS32_ENTRY).
 *
 * We arrive in 32-bit protected mode with paging off, flat CS/DS/ES/SS,
 * EBX = physical address of the hvm_start_info, interrupts off and no
 * stack.  The kernel runs identity-mapped at its load address, so link
 * addresses are physical addresses here.
 */
#include <guest/layout.h>

/* public/xen.h is C only: __HYPERVISOR_xen_version. */
#define HYPERCALL_XEN_VERSION 17

#define MSR_EFER        0xc0000080
#define EFER_LME        (1 << 8)
#define X86_CR0_PE      (1 << 0)
#define X86_CR0_WP      (1 << 16)
#define X86_CR0_PG      (1 << 31)
#define X86_CR4_PAE     (1 << 5)

        .section .text.entry, "ax", @progbits
        .code32
        .globl entry_phys32
entry_phys32:
        cld
        /* Kept in .data: the bss is about to be cleared. */
        mov     %ebx, boot_hvm_start_info_pa

        /* The builder need not have zeroed the bss; clear it ourselves. */
        mov     $__bss_start, %edi
        mov     $__bss_end, %ecx
        sub     %edi, %ecx
        xor     %eax, %eax
        rep stosb

        mov     $(boot_stack + BOOT_STACK_SIZE), %esp
        pushfl
        popl    boot_entry_flags

        /*
         * One hypercall from 32-bit mode: PVH hypercalls are for 64-bit
         * callers only, so this must fail with -ENOSYS.  The C code
         * checks the saved EAX later.
         */
        xor     %eax, %eax
        cpuid
        mov     $HYPERCALL_XEN_VERSION, %eax
        xor     %esi, %esi
        xor     %edi, %edi
        cmp     $0x68747541, %ebx       /* "Auth": AMD takes vmmcall */
        mov     $0, %ebx
        mov     $0, %ecx
        mov     $0, %edx
        je      1f
        vmcall
        jmp     2f
1:      vmmcall
2:      mov     %eax, boot_hypercall32_rc

        /*
         * Long mode: our GDT (its 64-bit code segment), PAE paging with
         * the static identity tables below, EFER.LME, then paging on.
         */
        lgdt    gdt_desc

        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4

        mov     $boot_pml4, %eax
        mov     %eax, %cr3

        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        wrmsr

        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
        mov     %eax, %cr0

        ljmp    $GDT_KERNEL_CS, $1f

        .code64
1:      mov     $GDT_KERNEL_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        mov     $(boot_stack + BOOT_STACK_SIZE), %rsp

        call    lib_start
        /* lib_start() does not return; stop here if it ever does. */
2:      cli
        hlt
        jmp     2b

/*
 * What the entry state was, for the C code (in .data, not the bss,
 * because they are written before the bss is cleared).
 */
        .data
        .balign 8
        .globl boot_hvm_start_info_pa, boot_entry_flags
        .globl boot_hypercall32_rc
boot_hvm_start_info_pa:
        .long   0
boot_entry_flags:
        .long   0
boot_hypercall32_rc:
        .long   0

/*
 * Identity page tables for the low 4 GiB, built at assembly time so
 * that no code runs before paging needs them.  2 MiB pages, except the
 * first 2 MiB: 4 KiB pages there leave page 0 unmapped, so that NULL
 * faults, and let restrict_mappings() unmap around the image.
 *
 * PML4[0] carries PTE_US because the low window (user pages) hangs off
 * the same PDPT; the identity PDs below do not, so they stay supervisor.
 */
        .section .data.page_tables, "aw", @progbits
        .balign PAGE_SIZE
        .globl boot_pml4, boot_pdpt_low, ident_pd, ident_pt
boot_pml4:
        .quad   boot_pdpt_low + (PTE_P | PTE_RW | PTE_US)
        .fill   511, 8, 0

boot_pdpt_low:
        .quad   ident_pd + 0 * PAGE_SIZE + (PTE_P | PTE_RW)
        .quad   ident_pd + 1 * PAGE_SIZE + (PTE_P | PTE_RW)
        .quad   ident_pd + 2 * PAGE_SIZE + (PTE_P | PTE_RW)
        .quad   ident_pd + 3 * PAGE_SIZE + (PTE_P | PTE_RW)
        .fill   508, 8, 0

ident_pd:
        .quad   ident_pt + (PTE_P | PTE_RW)
        .set    addr, 0x200000
        .rept   4 * 512 - 1
        .quad   addr + (PTE_P | PTE_RW | PTE_PS)
        .set    addr, addr + 0x200000
        .endr

ident_pt:
        .quad   0
        .set    addr, PAGE_SIZE
        .rept   511
        .quad   addr + (PTE_P | PTE_RW)
        .set    addr, addr + PAGE_SIZE
        .endr

        .section .note.GNU-stack, "", @progbits
