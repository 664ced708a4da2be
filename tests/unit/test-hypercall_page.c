/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypercall page builder (xen/arch/x86/hvm/hypercall_page.c). */
#include "unit.h"

#include <asm/hvm/hypercall_page.h>

static u8 page[4096];

/*
 * Every stub is "mov $i, %eax; <insn>; ret" with the vendor's 3-byte
 * instruction, then int3 up to the next stub.
 */
static void check_page(const u8 insn[3])
{
    for ( unsigned int i = 0; i < 4096 / 32; i++ )
    {
        const u8 *p = page + i * 32;
        const u8 want[9] = {
            0xb8, i, 0, 0, 0, insn[0], insn[1], insn[2], 0xc3,
        };

        assert_memory_equal(p, want, sizeof(want));
        for ( unsigned int j = sizeof(want); j < 32; j++ )
            assert_int_equal(p[j], 0xcc);
    }
}

static void test_vmcall(void **state)
{
    static const u8 vmcall[3] = { 0x0f, 0x01, 0xc1 };

    memset(page, 0x5a, sizeof(page));
    hvm_hypercall_page_build(page, HVM_HYPERCALL_VMCALL);
    check_page(vmcall);
}

static void test_vmmcall(void **state)
{
    static const u8 vmmcall[3] = { 0x0f, 0x01, 0xd9 };

    memset(page, 0x5a, sizeof(page));
    hvm_hypercall_page_build(page, HVM_HYPERCALL_VMMCALL);
    check_page(vmmcall);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vmcall),
        cmocka_unit_test(test_vmmcall),
    };

    return cmocka_run_group_tests_name("hypercall_page", tests, NULL, NULL);
}
