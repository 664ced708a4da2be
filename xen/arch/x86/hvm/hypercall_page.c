/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Building the hypercall page.  Pure logic, shared with the toolstack's
 * domain builder, which fills the page for 64-bit-ABI kernels itself.
 */
#include <xen/lib.h>
#include <asm/hvm/hypercall_page.h>

#define PAGE_BYTES  4096

void hvm_hypercall_page_build(u8 *page, enum hvm_hypercall_insn insn)
{
    /* Intel's vmcall and AMD's vmmcall differ in their ModRM byte only. */
    u8 modrm = insn == HVM_HYPERCALL_VMMCALL ? 0xd9 : 0xc1;

    /* int3 between the stubs: a call into the gaps traps at once. */
    memset(page, 0xcc, PAGE_BYTES);
    for ( unsigned int i = 0; i < PAGE_BYTES / HVM_HYPERCALL_STUB_SIZE;
          i++ )
    {
        u8 *p = page + i * HVM_HYPERCALL_STUB_SIZE;

        p[0] = 0xb8;                    /* mov $i, %eax */
        p[1] = i;
        p[2] = p[3] = p[4] = 0;
        p[5] = 0x0f;
        p[6] = 0x01;
        p[7] = modrm;
        p[8] = 0xc3;                    /* ret */
    }
}
