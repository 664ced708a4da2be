/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Multiboot2 header and the 32-bit entry point.
 *
 * GRUB enters here in 32-bit protected mode with paging off (Multiboot2
 * spec, section 3.3: EAX = 0x36d76289, EBX = physical address of the boot
 * information).  The image is linked in the top 2 GiB but runs here at its
 * load address, so every symbol is used through sym_phys().  We switch to
 * long mode on static boot page tables that map the low 4 GiB three times:
 * identity (for this code and the AP trampoline), at DIRECTMAP_VIRT_START
 * and at XEN_VIRT_START, then jump to the linked address and call C.
 */
#include <xen/config.h>
#include <asm/processor.h>
#include <asm/msr-index.h>

#define sym_phys(s)     ((s) - XEN_VIRT_START)

#define MB2_HEADER_MAGIC    0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define MB2_ARCH_I386       0

#define PTE_FLAGS   0x003           /* present, writable */
#define PDE_2M      0x083           /* present, writable, 2 MiB page */

        .section .text.header, "ax", @progbits
        .code32

        .balign 8
mb2_header:
        .long   MB2_HEADER_MAGIC
        .long   MB2_ARCH_I386
        .long   mb2_header_end - mb2_header
        .long   -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + \
                  (mb2_header_end - mb2_header))
        /* Entry address tag (type 3): jump to the physical entry. */
        .balign 8
        .short  3, 0
        .long   12
        .long   sym_phys(start)
        /* Module alignment tag (type 6): page-aligned modules. */
        .balign 8
        .short  6, 0
        .long   8
        /* End tag. */
        .balign 8
        .short  0, 0
        .long   8
mb2_header_end:

        .globl  start
start:
        cli
        cld
        mov     $sym_phys(boot_stack_top), %esp
        mov     %ebx, %ebp              /* multiboot2 info: cpuid clobbers */

        cmp     $MB2_BOOTLOADER_MAGIC, %eax
        mov     $sym_phys(msg_not_mb2), %esi
        jne     early_fail

        /* The first timestamp of the run, for the boot-time benchmark. */
        rdtsc
        mov     %eax, sym_phys(boot_tsc_start)
        mov     %edx, sym_phys(boot_tsc_start) + 4

        /* Long mode (CPUID 0x80000001 EDX bit 29) is a hard requirement. */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        mov     $sym_phys(msg_no_lm), %esi
        jb      early_fail
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     early_fail
        mov     %edx, %edi              /* keep: bit 20 is NX */

        /* CR4.PAE, then CR3 = boot_l4. */
        mov     $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $sym_phys(boot_l4), %eax
        mov     %eax, %cr3

        /* EFER.LME, and NXE when the CPU has NX. */
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        bt      $20, %edi
        jnc     1f
        or      $EFER_NXE, %eax
1:      wrmsr

        /* Paging on: we are now in IA-32e compatibility mode. */
        mov     $(X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | \
                  X86_CR0_WP | X86_CR0_PG), %eax
        mov     %eax, %cr0

        lgdt    sym_phys(boot_gdt_desc)
        ljmp    $__HYPERVISOR_CS, $sym_phys(start64_low)

/*
 * Print the string at %esi on COM1 (polled, 8n1 as left by the
 * firmware) and stop: there is no console yet to report through.
 */
early_fail:
        mov     $0x3fd, %dx
2:      in      %dx, %al
        test    $0x20, %al
        jz      2b
        lodsb
        test    %al, %al
        jz      3f
        mov     $0x3f8, %dx
        out     %al, %dx
        mov     $0x3fd, %dx
        jmp     2b
3:      hlt
        jmp     3b

        .code64
start64_low:
        /* Still at the load address: move to the linked address. */
        movabs  $start64_high, %rax
        jmp     *%rax

        .section .text.entry, "ax", @progbits
start64_high:
        mov     $__HYPERVISOR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        movabs  $boot_stack_top, %rsp
        lgdt    boot_gdt_desc64(%rip)

        mov     %ebp, %edi              /* multiboot2 info, physical */
        xor     %ebp, %ebp              /* terminates stack traces */
        call    __start_xen
        ud2

        .section .rodata, "a", @progbits
msg_not_mb2:
        .asciz  "Xen: not started by a multiboot2 loader\r\n"
msg_no_lm:
        .asciz  "Xen: this CPU has no long mode (x86-64)\r\n"

        .section .data, "aw", @progbits
        .balign 8
        .globl  boot_gdt
boot_gdt:
        .quad   0
        .quad   0x00cf9b000000ffff      /* 0x08: 32-bit code, flat */
        .quad   0x00af9b000000ffff      /* 0x10: 64-bit code */
        .quad   0x00cf93000000ffff      /* 0x18: data, flat */
boot_gdt_end:

        .balign 8
        .globl  boot_tsc_start
boot_tsc_start:
        .quad   0

boot_gdt_desc:
        .word   boot_gdt_end - boot_gdt - 1
        .long   sym_phys(boot_gdt)
        .balign 8
boot_gdt_desc64:
        .word   boot_gdt_end - boot_gdt - 1
        .quad   boot_gdt

/*
 * Boot page tables.  boot_l2 maps the low 4 GiB with 2 MiB pages;
 * boot_l3 points at its four pages; boot_l4 uses boot_l3 at slot 0
 * (identity), at the direct map and, through boot_l3_high, at
 * XEN_VIRT_START (PML4 slot 511, PDPT slot 510 = low 1 GiB).
 */
        .section .data.page_aligned, "aw", @progbits
        .balign PAGE_SIZE
        .globl  boot_l4
boot_l4:
        .quad   sym_phys(boot_l3) + PTE_FLAGS
        .fill   ((DIRECTMAP_VIRT_START >> 39) & 511) - 1, 8, 0
        .quad   sym_phys(boot_l3) + PTE_FLAGS
        .fill   510 - ((DIRECTMAP_VIRT_START >> 39) & 511), 8, 0
        .quad   sym_phys(boot_l3_high) + PTE_FLAGS

        .balign PAGE_SIZE
boot_l3:
        .quad   sym_phys(boot_l2) + 0 * PAGE_SIZE + PTE_FLAGS
        .quad   sym_phys(boot_l2) + 1 * PAGE_SIZE + PTE_FLAGS
        .quad   sym_phys(boot_l2) + 2 * PAGE_SIZE + PTE_FLAGS
        .quad   sym_phys(boot_l2) + 3 * PAGE_SIZE + PTE_FLAGS
        .fill   508, 8, 0

        .balign PAGE_SIZE
boot_l3_high:
        .fill   510, 8, 0
        .quad   sym_phys(boot_l2) + PTE_FLAGS
        .quad   0

        .balign PAGE_SIZE
boot_l2:
        .set    i, 0
        .rept   2048
        .quad   (i << 21) + PDE_2M
        .set    i, i + 1
        .endr

        .section .bss.page_aligned, "aw", @nobits
        .balign PAGE_SIZE
        .globl  boot_stack, boot_stack_top
boot_stack:
        .skip   STACK_SIZE
boot_stack_top:
