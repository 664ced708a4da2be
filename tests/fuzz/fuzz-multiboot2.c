/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The multiboot2 information parser (xen/arch/x86/multiboot2.c).  It
 * reads the block through maddr_to_virt(), which the shim's asm/page.h
 * resolves in the test arena, so the arena is pointed at a heap copy of
 * the input: ASan then catches any read past the block.
 *
 * The block's first word is its total size, which the parser has to
 * trust (nothing else says how big the block is).  A size larger than
 * the input is cut down to the input, so that the block really is as
 * long as it claims; the copy is exactly that long.
 */
#include "fuzz.h"

#include <xen/errno.h>
#include <asm/bootinfo.h>
#include <asm/page.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct boot_info bi;
    uint32_t total;
    size_t len;
    uint8_t *block;
    unsigned int i;
    int rc;

    if ( size < sizeof(total) )
        return 0;
    memcpy(&total, data, sizeof(total));
    if ( total > size )
        total = size;
    len = max((size_t)total, sizeof(total));

    block = malloc(len);
    if ( !block )
        abort();
    memcpy(block, data, len);
    memcpy(block, &total, sizeof(total));
    unit_arena = block;
    unit_arena_size = len;

    unit_log_reset();
    memset(&bi, 0, sizeof(bi));
    rc = multiboot2_parse(0, &bi);

    fuzz_check(rc == 0 || rc == -EINVAL);
    if ( rc == 0 )
        fuzz_check(bi.mbi_start == 0 && bi.mbi_end == total);
    fuzz_check(bi.nr_modules <= MAX_BOOT_MODULES);
    fuzz_check(bi.nr_mmap <= E820MAX);
    fuzz_check_str(bi.cmdline);
    fuzz_check_str(bi.loader);
    for ( i = 0; i < bi.nr_modules; i++ )
        fuzz_check_str(bi.mods[i].cmdline);

    unit_arena = NULL;
    unit_arena_size = 0;
    free(block);

    return 0;
}
