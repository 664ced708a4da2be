/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hvm_start_info builder (xen/arch/x86/hvm/start_info.c).  The input
 * gives the block's guest-physical base, the buffer size, the flags, the
 * RSDP, up to 64 modules and 128 memory-map entries, and a command line
 * (the rest of the input, terminated here as the builder requires).  The
 * buffer is exactly that size on the heap, so ASan catches a write past
 * it.  The builder must refuse exactly when the block does not fit or
 * would wrap; otherwise, read back as a guest does from the pointers in
 * hvm_start_info, everything must lie in the block and equal the input.
 */
#include "fuzz.h"

#include <asm/e820.h>
#include <asm/hvm/start_info.h>

struct header {
    uint64_t base;
    uint64_t rsdp;
    uint32_t flags;
    uint16_t len;
    uint8_t nr_mods;
    uint8_t nr_map;
} __attribute__((packed));

static struct hvm_modlist_entry mods[256];
static struct e820entry map[256];

/* Takes n bytes of input into p (zero-filled past its end). */
static void take(void *p, size_t n, const uint8_t **data, size_t *size)
{
    size_t k = *size < n ? *size : n;

    memset(p, 0, n);
    memcpy(p, *data, k);
    *data += k;
    *size -= k;
}

/* The offset of gpa in a block of used bytes at base, which must hold n. */
static size_t inside(uint64_t gpa, uint64_t base, size_t used, size_t n)
{
    uint64_t off = gpa - base;

    fuzz_check(off <= used && used - off >= n);
    return off;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct header h;
    struct pvh_start_info_args a = { 0 };
    struct hvm_start_info si;
    char *cmdline;
    uint8_t *buf;
    size_t used, want, off;

    take(&h, sizeof(h), &data, &size);
    for ( unsigned int i = 0; i < h.nr_mods; i++ )
        take(&mods[i], sizeof(mods[i]), &data, &size);
    for ( unsigned int i = 0; i < h.nr_map; i++ )
        take(&map[i], sizeof(map[i]), &data, &size);
    cmdline = malloc(size + 1);
    fuzz_check(cmdline);
    memcpy(cmdline, data, size);
    cmdline[size] = '\0';

    a.cmdline = cmdline;
    a.mods = mods;
    a.nr_mods = h.nr_mods;
    a.map = map;
    a.nr_map = h.nr_map;
    a.flags = h.flags;
    a.rsdp = h.rsdp;

    buf = malloc(h.len ? h.len : 1);
    fuzz_check(buf);
    memset(buf, 0xa5, h.len);
    used = pvh_start_info_build(buf, h.len, h.base, &a);

    want = h.nr_mods > 64 || h.nr_map > 128 ? 0
           : sizeof(si) + h.nr_mods * sizeof(mods[0]) +
             h.nr_map * sizeof(struct hvm_memmap_table_entry) +
             strlen(cmdline) + 1;
    fuzz_check(pvh_start_info_size(&a) == want);
    if ( !want || want > h.len || h.base + want < h.base )
    {
        fuzz_check(used == 0);
        goto out;
    }
    fuzz_check(used == want);

    memcpy(&si, buf, sizeof(si));
    fuzz_check(si.magic == XEN_HVM_START_MAGIC_VALUE && si.version == 1);
    fuzz_check(si.flags == h.flags && si.rsdp_paddr == h.rsdp);
    fuzz_check(si.nr_modules == h.nr_mods);
    fuzz_check(si.memmap_entries == h.nr_map);

    if ( h.nr_mods )
    {
        off = inside(si.modlist_paddr, h.base, used,
                     h.nr_mods * sizeof(mods[0]));
        fuzz_check(!memcmp(buf + off, mods, h.nr_mods * sizeof(mods[0])));
    }
    else
        fuzz_check(si.modlist_paddr == 0);

    off = inside(si.memmap_paddr, h.base, used,
                 h.nr_map * sizeof(struct hvm_memmap_table_entry));
    for ( unsigned int i = 0; i < h.nr_map; i++ )
    {
        struct hvm_memmap_table_entry e;

        memcpy(&e, buf + off + i * sizeof(e), sizeof(e));
        fuzz_check(e.addr == map[i].addr && e.size == map[i].size &&
                   e.type == map[i].type && e.reserved == 0);
    }

    off = inside(si.cmdline_paddr, h.base, used, strlen(cmdline) + 1);
    fuzz_check(!strcmp((char *)buf + off, cmdline));

 out:
    free(buf);
    free(cmdline);
    return 0;
}
