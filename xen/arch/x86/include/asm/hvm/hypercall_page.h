/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall page a guest asks for (through the MSR that CPUID leaf
 * base + 2 names) or that the 64-bit PVH ABI hands it ready-made: 128
 * stubs, 32 bytes apart, each "mov $nr, %eax; <insn>; ret".  The
 * instruction is the one this CPU's virtualisation intercepts.
 */
#ifndef ASM_X86_HVM_HYPERCALL_PAGE_H
#define ASM_X86_HVM_HYPERCALL_PAGE_H

#include <xen/types.h>

enum hvm_hypercall_insn {
    HVM_HYPERCALL_VMCALL,       /* Intel VMX: 0f 01 c1 */
    HVM_HYPERCALL_VMMCALL,      /* AMD SVM: 0f 01 d9 */
};

#define HVM_HYPERCALL_STUB_SIZE 32

/* Fills a 4 KiB page; bytes between the stubs are int3. */
void hvm_hypercall_page_build(u8 *page, enum hvm_hypercall_insn insn);

#endif /* ASM_X86_HVM_HYPERCALL_PAGE_H */
