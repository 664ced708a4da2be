/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linker script for the hypervisor image.  The image is linked in the
 * top 2 GiB of the address space and loaded by GRUB at XEN_LOAD_PADDR;
 * each output section's load address is its virtual address minus
 * XEN_VIRT_START.  Sections are page-aligned so that text, read-only
 * data and writable data can be mapped with distinct permissions.
 */
#include <xen/config.h>

#undef i386
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

PHDRS
{
    text PT_LOAD FLAGS(5);
    rodata PT_LOAD FLAGS(4);
    data PT_LOAD FLAGS(6);
}

SECTIONS
{
    . = XEN_VIRT_START + XEN_LOAD_PADDR;
    _start = .;

    .text : AT(ADDR(.text) - XEN_VIRT_START)
    {
        _stext = .;
        *(.text.header)          /* multiboot2 header: first 32 KiB */
        *(.text.entry)
        *(.text .text.*)
        *(.init.text)
        . = ALIGN(PAGE_SIZE);
        _etext = .;
    } :text

    .rodata : AT(ADDR(.rodata) - XEN_VIRT_START)
    {
        _srodata = .;
        *(.rodata .rodata.*)
        . = ALIGN(8);
        __setup_start = .;
        *(.init.setup)
        __setup_end = .;
        . = ALIGN(8);
        __start_ex_table = .;
        *(.ex_table)
        __stop_ex_table = .;
        . = ALIGN(8);
        __trampoline_start = .;
        *(.trampoline)
        __trampoline_end = .;
        . = ALIGN(PAGE_SIZE);
        _erodata = .;
    } :rodata

    .data : AT(ADDR(.data) - XEN_VIRT_START)
    {
        _sdata = .;
        *(.data.page_aligned)
        *(.data .data.*)
        *(.init.data)
    } :data

    /*
     * Symbol table for stack traces (text symbols only).  It follows all
     * code, so that its size never moves a function between the two link
     * passes; only .bss, which it does not describe, moves.
     */
    .symtab_xen : AT(ADDR(.symtab_xen) - XEN_VIRT_START)
    {
        . = ALIGN(8);
        *(.xen_symbols)
    } :data

    .bss (NOLOAD) : AT(ADDR(.bss) - XEN_VIRT_START)
    {
        . = ALIGN(PAGE_SIZE);
        __bss_start = .;
        *(.bss.page_aligned)
        *(.bss .bss.*)
        *(COMMON)
        . = ALIGN(PAGE_SIZE);
        __bss_end = .;
    } :data

    _end = .;

    /DISCARD/ :
    {
        *(.comment)
        *(.note.*)
        *(.eh_frame)
    }
}
