/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ELF reader and Xen note parser (xen/common/libelf.c) on arbitrary
 * images, as a domain builder would use them: elf_init(), every program
 * header through elf_get_load_seg(), elf_load_range() and
 * elf_xen_parse().  The image is libFuzzer's buffer, which is exactly
 * size bytes long, so ASan catches any read outside it.
 */
#include "fuzz.h"

#include <xen/errno.h>
#include <xen/libelf.h>

static volatile uint8_t sink;

/* Everything elf_load_range() must agree with, worked out segment-wise. */
struct expect_range {
    int rc;
    uint64_t lo, hi;
};

static void check_segments(const struct elf_binary *elf, const uint8_t *data,
                           size_t size, struct expect_range *want)
{
    unsigned int i, nr = elf_phdr_count(elf);
    struct elf_seg seg;
    int rc;

    want->rc = -ENOENT;
    want->lo = UNSET_ADDR;
    want->hi = 0;

    for ( i = 0; i < nr; i++ )
    {
        rc = elf_get_load_seg(elf, i, &seg);
        if ( rc == -ENOENT )
            continue;
        if ( rc )
        {
            fuzz_check(rc == -EINVAL);
            want->rc = -EINVAL;
            continue;
        }

        fuzz_check(seg.filesz <= seg.memsz);
        fuzz_check(seg.paddr + seg.memsz >= seg.paddr);
        fuzz_check(seg.vaddr + seg.memsz >= seg.vaddr);
        if ( seg.filesz )
        {
            fuzz_check(seg.offset <= size && seg.filesz <= size - seg.offset);
            /* What a builder would copy: both ends must be readable. */
            sink = data[seg.offset] ^ data[seg.offset + seg.filesz - 1];
        }

        if ( seg.memsz && want->rc != -EINVAL )
        {
            want->rc = 0;
            want->lo = min(want->lo, seg.paddr);
            want->hi = max(want->hi, seg.paddr + seg.memsz);
        }
    }

    fuzz_check(elf_get_load_seg(elf, nr, &seg) == -EINVAL);
}

static void check_parms(const struct elf_dom_parms *p, int rc)
{
    unsigned int i;

    fuzz_check(rc == 0 || rc == -ENOENT || rc == -EINVAL);
    if ( rc == 0 )
        fuzz_check(p->nr_notes > 0);

    fuzz_check_str(p->guest_os);
    fuzz_check_str(p->guest_ver);
    fuzz_check_str(p->xen_ver);
    fuzz_check_str(p->loader);
    fuzz_check_str(p->pae_mode);
    fuzz_check_str(p->features);

    if ( p->has_phys32_entry )
        fuzz_check(p->phys32_entry <= 0xffffffffU);

    /* A required feature is always a supported one too. */
    for ( i = 0; i < XENFEAT_NR_SUBMAPS; i++ )
        fuzz_check((p->f_required[i] & ~p->f_supported[i]) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_binary elf;
    struct elf_dom_parms parms;
    struct expect_range want;
    uint64_t lo = 0, hi = 0;
    int rc;

    unit_log_reset();

    rc = elf_init(&elf, data, size);
    if ( rc )
    {
        fuzz_check(rc == -ENOEXEC || rc == -EINVAL);
        return 0;
    }
    fuzz_check(elf.image == data && elf.size == size);
    fuzz_check(elf_phdr_count(&elf) > 0);

    check_segments(&elf, data, size, &want);

    rc = elf_load_range(&elf, &lo, &hi);
    fuzz_check(rc == want.rc);
    if ( rc == 0 )
        fuzz_check(lo == want.lo && hi == want.hi && lo < hi);

    rc = elf_xen_parse(&elf, &parms);
    check_parms(&parms, rc);

    return 0;
}
