/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF notes named "Xen", for the notes-*.S files:
 *
 *     elfnote_str TYPE, "string"    a NUL-terminated string
 *     elfnote_long TYPE, VALUE        a 4-byte number
 *     elfnote_quad TYPE, VALUE        an 8-byte number
 *     elfnote_begin TYPE              a note whose descriptor is whatever
 *     ...                             is emitted up to elfnote_end
 *     elfnote_end
 */
#ifndef GUEST_NOTES_H
#define GUEST_NOTES_H

.macro elfnote_begin type
        .balign 4
        .long   2f - 1f                 /* namesz */
        .long   4f - 3f                 /* descsz */
        .long   \type
1:      .asciz  "Xen"
2:      .balign 4
3:
.endm

.macro elfnote_end
4:      .balign 4
.endm

/* gas drops the quotes of a macro argument: put them back. */
.macro elfnote_str type, str
        elfnote_begin \type
        .asciz  "\str"
        elfnote_end
.endm

.macro elfnote_long type, value
        elfnote_begin \type
        .long   \value
        elfnote_end
.endm

.macro elfnote_quad type, value
        elfnote_begin \type
        .quad   \value
        elfnote_end
.endm

#endif /* GUEST_NOTES_H */
