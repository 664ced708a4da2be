/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reads the multiboot2 boot information (Multiboot2 spec, section 3.6):
 * a size-prefixed list of 8-byte aligned tags.  Every tag's size is
 * checked against the block before it is read.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <asm/bootinfo.h>
#include <asm/page.h>

#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1
#define MB2_TAG_LOADER      2
#define MB2_TAG_MODULE      3
#define MB2_TAG_MMAP        6
#define MB2_TAG_EFI64       12
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15
#define MB2_TAG_EFI_MMAP    17
#define MB2_TAG_EFI_BS      18
#define MB2_TAG_EFI64_IH    20

struct mb2_tag {
    u32 type;
    u32 size;
};

struct mb2_module {
    u32 type, size;
    u32 mod_start, mod_end;
    char cmdline[];
};

struct mb2_mmap {
    u32 type, size;
    u32 entry_size, entry_version;
    u8 entries[];
};

struct mb2_mmap_entry {
    u64 addr, len;
    u32 type, zero;
};

struct boot_info boot_info;

static void copy_string(char *dst, size_t dst_size, const char *src,
                        size_t src_max)
{
    size_t n = strnlen(src, src_max);

    if ( n >= dst_size )
        n = dst_size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int multiboot2_parse(paddr_t mbi_pa, struct boot_info *bi)
{
    const u8 *mbi = maddr_to_virt(mbi_pa);
    u32 total = *(const u32 *)mbi;
    u32 off = 8;

    if ( total < 16 || total > (1U << 20) )
        return -EINVAL;
    bi->mbi_start = mbi_pa;
    bi->mbi_end = mbi_pa + total;

    while ( off + sizeof(struct mb2_tag) <= total )
    {
        const struct mb2_tag *tag = (const void *)(mbi + off);

        if ( tag->size < sizeof(*tag) || tag->size > total - off )
            return -EINVAL;

        switch ( tag->type )
        {
        case MB2_TAG_END:
            return 0;

        case MB2_TAG_CMDLINE:
            copy_string(bi->cmdline, sizeof(bi->cmdline),
                        (const char *)(tag + 1), tag->size - sizeof(*tag));
            break;

        case MB2_TAG_LOADER:
            copy_string(bi->loader, sizeof(bi->loader),
                        (const char *)(tag + 1), tag->size - sizeof(*tag));
            break;

        case MB2_TAG_MODULE:
        {
            const struct mb2_module *m = (const void *)tag;
            struct boot_module *bm;

            if ( tag->size < sizeof(*m) || m->mod_end < m->mod_start )
                return -EINVAL;
            if ( bi->nr_modules == MAX_BOOT_MODULES )
            {
                printk(XENLOG_WARNING "Too many boot modules: ignoring "
                       "those beyond %u\n", MAX_BOOT_MODULES);
                break;
            }
            bm = &bi->mods[bi->nr_modules++];
            bm->start = m->mod_start;
            bm->size = m->mod_end - m->mod_start;
            copy_string(bm->cmdline, sizeof(bm->cmdline), m->cmdline,
                        tag->size - sizeof(*m));
            break;
        }

        case MB2_TAG_MMAP:
        {
            const struct mb2_mmap *mm = (const void *)tag;

            if ( tag->size < sizeof(*mm) ||
                 mm->entry_size < sizeof(struct mb2_mmap_entry) )
                return -EINVAL;
            /* e <= tag->size throughout, so the bound cannot wrap. */
            for ( u32 e = sizeof(*mm); mm->entry_size <= tag->size - e;
                  e += mm->entry_size )
            {
                struct mb2_mmap_entry me;

                if ( bi->nr_mmap == E820MAX )
                    break;
                /* entry_size need not keep entries 8-byte aligned. */
                memcpy(&me, (const u8 *)tag + e, sizeof(me));
                bi->mmap[bi->nr_mmap].addr = me.addr;
                bi->mmap[bi->nr_mmap].size = me.len;
                bi->mmap[bi->nr_mmap].type = me.type;
                bi->nr_mmap++;
            }
            break;
        }

        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW:
        {
            u32 len = tag->size - sizeof(*tag);

            /* Prefer the ACPI 2.0+ RSDP when both are present. */
            if ( bi->have_rsdp && tag->type == MB2_TAG_ACPI_OLD )
                break;
            if ( len > sizeof(bi->rsdp) )
                len = sizeof(bi->rsdp);
            memcpy(bi->rsdp, tag + 1, len);
            bi->have_rsdp = len >= 20;
            break;
        }

        case MB2_TAG_EFI64:
        case MB2_TAG_EFI_MMAP:
        case MB2_TAG_EFI_BS:
        case MB2_TAG_EFI64_IH:
            bi->efi = true;
            break;
        }

        off += ROUNDUP(tag->size, 8U);
    }
    return 0;
}
