/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 reader and Xen ELF note parser (see xen/libelf.h).
 *
 * Conventions that keep this safe on a hostile image:
 *  - a range (off, len) from the image is accepted only if
 *    off <= size && len <= size - off, which cannot overflow;
 *  - data is copied out with memcpy(), never dereferenced in place, so
 *    unaligned headers are harmless;
 *  - the image is x86-64 and so is the hypervisor, so multi-byte fields
 *    are read in host (little-endian) order.
 */

#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/libelf.h>

#define elf_err(rc, fmt, ...) ({                                        \
    printk(XENLOG_ERR "ELF: " fmt "\n", ##__VA_ARGS__);                 \
    (rc);                                                               \
})

static bool range_ok(const struct elf_binary *elf, uint64_t off,
                     uint64_t len)
{
    return off <= elf->size && len <= elf->size - off;
}

static void read_phdr(const struct elf_binary *elf, unsigned int idx,
                      Elf64_Phdr *ph)
{
    memcpy(ph, elf->image + elf->ehdr.e_phoff + (uint64_t)idx * sizeof(*ph),
           sizeof(*ph));
}

static void read_shdr(const struct elf_binary *elf, unsigned int idx,
                      Elf64_Shdr *sh)
{
    memcpy(sh, elf->image + elf->ehdr.e_shoff + (uint64_t)idx * sizeof(*sh),
           sizeof(*sh));
}

int elf_init(struct elf_binary *elf, const void *image, size_t size)
{
    Elf64_Ehdr *eh = &elf->ehdr;

    memset(elf, 0, sizeof(*elf));

    if ( !image || size < sizeof(*eh) )
        return elf_err(-EINVAL, "image too small for an ELF header");

    elf->image = image;
    elf->size = size;
    memcpy(eh, image, sizeof(*eh));

    if ( eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
         eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F' )
        return elf_err(-ENOEXEC, "not an ELF image");
    if ( eh->e_ident[EI_CLASS] != ELFCLASS64 )
        return elf_err(-ENOEXEC, "not a 64-bit ELF image");
    if ( eh->e_ident[EI_DATA] != ELFDATA2LSB )
        return elf_err(-ENOEXEC, "not a little-endian ELF image");
    if ( eh->e_ident[EI_VERSION] != EV_CURRENT ||
         eh->e_version != EV_CURRENT )
        return elf_err(-ENOEXEC, "unknown ELF version");
    if ( eh->e_machine != EM_X86_64 )
        return elf_err(-ENOEXEC, "not an x86-64 image (machine %u)",
                       eh->e_machine);
    if ( eh->e_type != ET_EXEC )
        return elf_err(-ENOEXEC, "not an executable (type %u)", eh->e_type);

    if ( eh->e_ehsize != sizeof(Elf64_Ehdr) )
        return elf_err(-EINVAL, "bad ELF header size %u", eh->e_ehsize);

    if ( eh->e_phnum == 0 )
        return elf_err(-EINVAL, "no program headers");
    if ( eh->e_phentsize != sizeof(Elf64_Phdr) )
        return elf_err(-EINVAL, "bad program header size %u",
                       eh->e_phentsize);
    /* e_phnum is 16 bits, so the product cannot overflow. */
    if ( !range_ok(elf, eh->e_phoff,
                   (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)) )
        return elf_err(-EINVAL, "program headers outside the image");

    /* Section headers are optional, but if present they must be sane. */
    if ( eh->e_shnum )
    {
        if ( eh->e_shentsize != sizeof(Elf64_Shdr) )
            return elf_err(-EINVAL, "bad section header size %u",
                           eh->e_shentsize);
        if ( !range_ok(elf, eh->e_shoff,
                       (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)) )
            return elf_err(-EINVAL, "section headers outside the image");
    }

    return 0;
}

unsigned int elf_phdr_count(const struct elf_binary *elf)
{
    return elf->ehdr.e_phnum;
}

int elf_get_load_seg(const struct elf_binary *elf, unsigned int idx,
                     struct elf_seg *out)
{
    Elf64_Phdr ph;

    if ( idx >= elf->ehdr.e_phnum )
        return elf_err(-EINVAL, "no program header %u", idx);

    read_phdr(elf, idx, &ph);
    if ( ph.p_type != PT_LOAD )
        return -ENOENT;

    if ( ph.p_filesz > ph.p_memsz )
        return elf_err(-EINVAL, "segment %u: file size above memory size",
                       idx);
    if ( ph.p_filesz && !range_ok(elf, ph.p_offset, ph.p_filesz) )
        return elf_err(-EINVAL, "segment %u: data outside the image", idx);
    if ( ph.p_paddr + ph.p_memsz < ph.p_paddr ||
         ph.p_vaddr + ph.p_memsz < ph.p_vaddr )
        return elf_err(-EINVAL, "segment %u: address range wraps", idx);

    out->paddr = ph.p_paddr;
    out->vaddr = ph.p_vaddr;
    out->filesz = ph.p_filesz;
    out->memsz = ph.p_memsz;
    out->offset = ph.p_offset;
    out->flags = ph.p_flags;

    return 0;
}

int elf_load_range(const struct elf_binary *elf, uint64_t *lo, uint64_t *hi)
{
    uint64_t low = UNSET_ADDR, high = 0;
    unsigned int i;

    for ( i = 0; i < elf_phdr_count(elf); i++ )
    {
        struct elf_seg seg;
        int rc = elf_get_load_seg(elf, i, &seg);

        if ( rc == -ENOENT )
            continue;
        if ( rc )
            return rc;
        if ( seg.memsz == 0 )
            continue;

        low = min(low, seg.paddr);
        high = max(high, seg.paddr + seg.memsz);
    }

    if ( low == UNSET_ADDR )
        return -ENOENT;

    *lo = low;
    *hi = high;
    return 0;
}

/* ---------------------------------------------------------------------
 * Xen notes
 */

/* Names as in public/features.h, indexed by XENFEAT_ number. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables]       = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap]    = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel]     = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb]        = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad]  = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist]             = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits]      = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector]        = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock]           = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs]                  = "hvm_pirqs",
    [XENFEAT_dom0]                       = "dom0",
    [XENFEAT_grant_map_identity]         = "grant_map_identity",
    [XENFEAT_memory_op_vnode_supported]  = "memory_op_vnode_supported",
    [XENFEAT_ARM_SMCCC_supported]        = "ARM_SMCCC_supported",
    [XENFEAT_linux_rsdp_unrestricted]    = "linux_rsdp_unrestricted",
    [XENFEAT_direct_mapped]              = "direct_mapped",
    [XENFEAT_not_direct_mapped]          = "not_direct_mapped",
};

int elf_xen_feature_lookup(const char *name)
{
    unsigned int i;

    BUILD_BUG_ON(ARRAY_SIZE(feature_names) > 32 * XENFEAT_NR_SUBMAPS);

    if ( !name )
        return -1;

    for ( i = 0; i < ARRAY_SIZE(feature_names); i++ )
        if ( feature_names[i] && !strcmp(name, feature_names[i]) )
            return i;

    return -1;
}

static void set_feature(uint32_t *map, unsigned int nr)
{
    map[nr / 32] |= 1U << (nr % 32);
}

/*
 * Copies a string note into dst, stopping at the first NUL, the end of
 * the note or the end of dst, whichever comes first: the note need not
 * be terminated.  Control characters become '?' so that printing the
 * result cannot upset the console.
 */
static void copy_str(char *dst, size_t dstsize, const uint8_t *src,
                     size_t len)
{
    size_t n;

    for ( n = 0; n < len && n + 1 < dstsize && src[n] != '\0'; n++ )
        dst[n] = (src[n] < 0x20 || src[n] >= 0x7f) ? '?' : src[n];
    dst[n] = '\0';
}

static int parse_features(const uint8_t *s, size_t len,
                          struct elf_dom_parms *parms)
{
    char name[64];
    size_t pos = 0;

    while ( pos < len && s[pos] != '\0' )
    {
        size_t start = pos, n;
        bool required = false;
        int nr;

        while ( pos < len && s[pos] != '\0' && s[pos] != '|' )
            pos++;
        n = pos - start;
        if ( pos < len && s[pos] == '|' )
            pos++;

        if ( n && s[start] == '!' )
        {
            required = true;
            start++;
            n--;
        }
        if ( n == 0 )
            continue;

        copy_str(name, sizeof(name), s + start, n);
        /* A name cut short by the buffer must not match a real one. */
        nr = n < sizeof(name) ? elf_xen_feature_lookup(name) : -1;
        if ( nr < 0 )
        {
            printk(XENLOG_INFO "ELF: unknown Xen feature '%s' ignored\n",
                   name);
            continue;
        }

        /* Anything the kernel requires it evidently also supports. */
        set_feature(parms->f_supported, nr);
        if ( required )
            set_feature(parms->f_required, nr);
    }

    return 0;
}

static int note_numeric(const uint8_t *desc, uint32_t descsz,
                        unsigned int type, uint64_t *val)
{
    uint32_t v32;

    switch ( descsz )
    {
    case 4:
        memcpy(&v32, desc, sizeof(v32));
        *val = v32;
        return 0;
    case 8:
        memcpy(val, desc, sizeof(*val));
        return 0;
    default:
        return elf_err(-EINVAL, "Xen note %u: bad numeric size %u",
                       type, descsz);
    }
}

static int xen_note(unsigned int type, const uint8_t *desc, uint32_t descsz,
                    struct elf_dom_parms *parms)
{
    char str[ELF_XEN_STR_MAX];
    uint64_t val;
    uint32_t word;
    unsigned int i;
    int rc = 0;

    switch ( type )
    {
    case XEN_ELFNOTE_ENTRY:
        rc = note_numeric(desc, descsz, type, &parms->virt_entry);
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        rc = note_numeric(desc, descsz, type, &parms->virt_hypercall);
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        rc = note_numeric(desc, descsz, type, &parms->virt_base);
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        rc = note_numeric(desc, descsz, type, &parms->elf_paddr_offset);
        break;
    case XEN_ELFNOTE_HV_START_LOW:
        rc = note_numeric(desc, descsz, type, &parms->virt_hv_start_low);
        break;
    case XEN_ELFNOTE_INIT_P2M:
        rc = note_numeric(desc, descsz, type, &parms->p2m_base);
        break;

    case XEN_ELFNOTE_MOD_START_PFN:
        rc = note_numeric(desc, descsz, type, &val);
        if ( !rc )
            parms->unmapped_initrd = val != 0;
        break;

    case XEN_ELFNOTE_SUSPEND_CANCEL:
        /* Only checked: nothing here depends on it yet. */
        rc = note_numeric(desc, descsz, type, &val);
        break;

    case XEN_ELFNOTE_PHYS32_ENTRY:
        rc = note_numeric(desc, descsz, type, &val);
        if ( rc )
            break;
        /* The guest starts in 32-bit mode: the entry must be reachable. */
        if ( val > 0xffffffffU )
            return elf_err(-EINVAL, "PHYS32_ENTRY %lx above 4 GiB",
                           (unsigned long)val);
        parms->phys32_entry = val;
        parms->has_phys32_entry = true;
        break;

    case XEN_ELFNOTE_XEN_VERSION:
        copy_str(parms->xen_ver, sizeof(parms->xen_ver), desc, descsz);
        break;
    case XEN_ELFNOTE_GUEST_OS:
        copy_str(parms->guest_os, sizeof(parms->guest_os), desc, descsz);
        break;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_str(parms->guest_ver, sizeof(parms->guest_ver), desc, descsz);
        break;
    case XEN_ELFNOTE_LOADER:
        copy_str(parms->loader, sizeof(parms->loader), desc, descsz);
        break;
    case XEN_ELFNOTE_PAE_MODE:
        copy_str(parms->pae_mode, sizeof(parms->pae_mode), desc, descsz);
        break;

    case XEN_ELFNOTE_BSD_SYMTAB:
        copy_str(str, sizeof(str), desc, descsz);
        parms->bsd_symtab = !strcmp(str, "yes");
        break;

    case XEN_ELFNOTE_FEATURES:
        copy_str(parms->features, sizeof(parms->features), desc, descsz);
        rc = parse_features(desc, descsz, parms);
        break;

    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        if ( descsz == 0 || descsz % 4 )
            return elf_err(-EINVAL, "SUPPORTED_FEATURES: bad size %u",
                           descsz);
        /* Words beyond the features we know of carry nothing for us. */
        for ( i = 0; i < descsz / 4 && i < XENFEAT_NR_SUBMAPS; i++ )
        {
            memcpy(&word, desc + 4 * i, sizeof(word));
            parms->f_supported[i] |= word;
        }
        break;

    default:
        /* L1_MFN_VALID (PV only) and note types newer than us. */
        break;
    }

    return rc;
}

static uint64_t note_align(uint64_t v, uint64_t align)
{
    return (v + align - 1) & ~(align - 1);
}

/*
 * Walks the notes in image[off .. off + len), already checked to lie in
 * the image.  Notes are padded to 4 bytes, or to 8 in a segment aligned
 * to 8 (as some toolchains emit for 64-bit notes): the name and the
 * descriptor each end on such a boundary counted from the start of the
 * segment, so the descriptor itself is aligned (as binutils reads them).
 * Every size is compared with the bytes left, by subtraction, so that
 * huge values cannot overflow.
 */
static int parse_notes(const struct elf_binary *elf, uint64_t off,
                       uint64_t len, uint64_t align,
                       struct elf_dom_parms *parms)
{
    uint64_t pos = off, end = off + len;
    uint64_t a = align == 8 ? 8 : 4;

    while ( end - pos >= sizeof(Elf64_Nhdr) )
    {
        Elf64_Nhdr nh;
        const uint8_t *name;
        uint64_t rem, npad, dpad, desc;

        memcpy(&nh, elf->image + pos, sizeof(nh));
        rem = end - pos - sizeof(nh);
        name = elf->image + pos + sizeof(nh);

        /* The header is 12 bytes: with a == 8 it affects the padding. */
        npad = note_align(sizeof(nh) + nh.n_namesz, a) - sizeof(nh);
        dpad = note_align(nh.n_descsz, a);
        if ( nh.n_namesz > rem ||
             (nh.n_descsz && (npad > rem || nh.n_descsz > rem - npad)) )
            return elf_err(-EINVAL, "note sizes %u/%u exceed the segment",
                           nh.n_namesz, nh.n_descsz);

        desc = pos + sizeof(nh) + min(npad, rem);

        /* The name is "Xen", with or without its terminating NUL. */
        if ( (nh.n_namesz == 4 && !memcmp(name, "Xen", 4)) ||
             (nh.n_namesz == 3 && !memcmp(name, "Xen", 3)) )
        {
            int rc = xen_note(nh.n_type, elf->image + desc, nh.n_descsz,
                              parms);

            if ( rc )
                return rc;
            parms->nr_notes++;
        }

        /* The last note may lack its trailing padding. */
        if ( dpad >= end - desc )
            break;
        pos = desc + dpad;
    }

    return 0;
}

int elf_xen_parse(const struct elf_binary *elf, struct elf_dom_parms *parms)
{
    bool have_pt_note = false;
    unsigned int i;
    int rc;

    memset(parms, 0, sizeof(*parms));
    parms->virt_base = UNSET_ADDR;
    parms->virt_entry = UNSET_ADDR;
    parms->virt_hypercall = UNSET_ADDR;
    parms->elf_paddr_offset = UNSET_ADDR;
    parms->virt_hv_start_low = UNSET_ADDR;
    parms->p2m_base = UNSET_ADDR;

    for ( i = 0; i < elf->ehdr.e_phnum; i++ )
    {
        Elf64_Phdr ph;

        read_phdr(elf, i, &ph);
        if ( ph.p_type != PT_NOTE )
            continue;

        have_pt_note = true;
        if ( !range_ok(elf, ph.p_offset, ph.p_filesz) )
            return elf_err(-EINVAL, "note segment %u outside the image", i);
        rc = parse_notes(elf, ph.p_offset, ph.p_filesz, ph.p_align, parms);
        if ( rc )
            return rc;
    }

    /* Images linked without PT_NOTE still have their note sections. */
    for ( i = 0; !have_pt_note && i < elf->ehdr.e_shnum; i++ )
    {
        Elf64_Shdr sh;

        read_shdr(elf, i, &sh);
        if ( sh.sh_type != SHT_NOTE )
            continue;

        if ( !range_ok(elf, sh.sh_offset, sh.sh_size) )
            return elf_err(-EINVAL, "note section %u outside the image", i);
        rc = parse_notes(elf, sh.sh_offset, sh.sh_size, sh.sh_addralign,
                         parms);
        if ( rc )
            return rc;
    }

    return parms->nr_notes ? 0 : -ENOENT;
}
