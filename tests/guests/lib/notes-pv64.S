/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF notes of a 64-bit (2013 ABI) PVH kernel: a PV kernel's notes plus
 * the four features the builder requires of a PVH guest.  Built a second
 * time with NO_CALLBACK_VECTOR for the kernel that the builder must
 * refuse because hvm_callback_vector is missing.
 */
#include <guest/layout.h>
#include <public/elfnote.h>
#include "notes.h"

        .section .note.Xen, "a", @note
        elfnote_str XEN_ELFNOTE_GUEST_OS, "PVHtest"
        elfnote_str XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
        elfnote_str XEN_ELFNOTE_LOADER, "generic"
        elfnote_quad XEN_ELFNOTE_VIRT_BASE, PV64_VIRT_BASE
        elfnote_quad XEN_ELFNOTE_ENTRY, entry_pv64
        elfnote_quad XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page_area

        elfnote_begin XEN_ELFNOTE_FEATURES
        .ascii  "writable_descriptor_tables|auto_translated_physmap|"
        .ascii  "supervisor_mode_kernel"
#ifndef NO_CALLBACK_VECTOR
        .ascii  "|hvm_callback_vector"
#endif
        .byte   0
        elfnote_end

        .section .note.GNU-stack, "", @progbits
