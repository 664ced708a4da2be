/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF notes of a PVH boot ABI kernel.  XEN_ELFNOTE_PHYS32_ENTRY is the
 * one that matters: its presence says "start me in 32-bit protected
 * mode at this physical address".
 */
#include <public/elfnote.h>
#include "notes.h"

        .section .note.Xen, "a", @note
        elfnote_str XEN_ELFNOTE_GUEST_OS, "PVHtest"
        elfnote_long XEN_ELFNOTE_PHYS32_ENTRY, entry_phys32

        .section .note.GNU-stack, "", @progbits
