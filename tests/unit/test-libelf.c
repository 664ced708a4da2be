/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ELF64 reader and Xen notes (xen/common/libelf.c), on small images
 * assembled in memory by the helpers below.
 */
#include "unit.h"

#include <xen/errno.h>
#include <xen/libelf.h>

#define IMG_SIZE    0x2000
#define NOTES_OFF   0x200
#define SHDR_OFF    0x1c00

static uint8_t img[IMG_SIZE + 16] __attribute__((aligned(16)));
static uint8_t notes[0x800];
static size_t notes_len;

static Elf64_Ehdr *ehdr(void)
{
    return (Elf64_Ehdr *)img;
}

static Elf64_Phdr *phdr(unsigned int i)
{
    return (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr)) + i;
}

static Elf64_Shdr *shdr(unsigned int i)
{
    return (Elf64_Shdr *)(img + SHDR_OFF) + i;
}

/*
 * Appends a note to notes[], padding name and desc to end on align bytes
 * from the start of notes[] (the segment), as binutils lays notes out.
 */
static void add_note_raw(const char *name, uint32_t namesz, uint32_t type,
                         const void *desc, uint32_t descsz, size_t align)
{
    Elf64_Nhdr nh = { .n_namesz = namesz, .n_descsz = descsz,
                      .n_type = type };

    memcpy(notes + notes_len, &nh, sizeof(nh));
    notes_len += sizeof(nh);
    memcpy(notes + notes_len, name, namesz);
    notes_len = ROUNDUP(notes_len + namesz, align);
    memcpy(notes + notes_len, desc, descsz);
    notes_len = ROUNDUP(notes_len + descsz, align);
}

static void add_note(uint32_t type, const void *desc, uint32_t descsz)
{
    add_note_raw("Xen", 4, type, desc, descsz, 4);
}

static void add_str(uint32_t type, const char *s)
{
    add_note(type, s, strlen(s) + 1);
}

static void add_u32(uint32_t type, uint32_t v)
{
    add_note(type, &v, sizeof(v));
}

static void add_u64(uint32_t type, uint64_t v)
{
    add_note(type, &v, sizeof(v));
}

/*
 * An x86-64 executable with two PT_LOAD segments and, if notes were
 * added, a PT_NOTE segment (or, with in_section, a SHT_NOTE section).
 */
static void build(bool in_section)
{
    Elf64_Ehdr *eh = ehdr();

    memset(img, 0, sizeof(img));
    memcpy(eh->e_ident, "\x7f" "ELF", 4);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0xffffffff81000000UL;
    eh->e_phoff = sizeof(Elf64_Ehdr);
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 2;

    *phdr(0) = (Elf64_Phdr){
        .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000,
        .p_vaddr = 0xffffffff81000000UL, .p_paddr = 0x1000000,
        .p_filesz = 0x800, .p_memsz = 0x2000, .p_align = 0x1000,
    };
    *phdr(1) = (Elf64_Phdr){
        .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = 0x1800,
        .p_vaddr = 0xffffffff81200000UL, .p_paddr = 0x1200000,
        .p_filesz = 0x100, .p_memsz = 0x100, .p_align = 0x1000,
    };

    if ( !notes_len )
        return;
    memcpy(img + NOTES_OFF, notes, notes_len);

    if ( !in_section )
    {
        eh->e_phnum = 3;
        *phdr(2) = (Elf64_Phdr){
            .p_type = PT_NOTE, .p_flags = PF_R, .p_offset = NOTES_OFF,
            .p_filesz = notes_len, .p_memsz = notes_len, .p_align = 4,
        };
        return;
    }

    eh->e_shoff = SHDR_OFF;
    eh->e_shentsize = sizeof(Elf64_Shdr);
    eh->e_shnum = 2;
    *shdr(1) = (Elf64_Shdr){
        .sh_type = SHT_NOTE, .sh_offset = NOTES_OFF, .sh_size = notes_len,
        .sh_addralign = 4,
    };
}

static int setup(void **state)
{
    notes_len = 0;
    memset(notes, 0, sizeof(notes));
    unit_log_reset();
    return 0;
}

static int init(struct elf_binary *elf)
{
    return elf_init(elf, img, IMG_SIZE);
}

static int parse(struct elf_dom_parms *p)
{
    struct elf_binary elf;

    assert_int_equal(init(&elf), 0);
    return elf_xen_parse(&elf, p);
}

static void test_valid_image(void **state)
{
    struct elf_binary elf;
    struct elf_seg seg;
    uint64_t lo, hi;

    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    build(false);

    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_phdr_count(&elf), 3);
    assert_true(elf_entry(&elf) == 0xffffffff81000000UL);

    assert_int_equal(elf_get_load_seg(&elf, 0, &seg), 0);
    assert_int_equal(seg.paddr, 0x1000000);
    assert_true(seg.vaddr == 0xffffffff81000000UL);
    assert_int_equal(seg.filesz, 0x800);
    assert_int_equal(seg.memsz, 0x2000);
    assert_int_equal(seg.offset, 0x1000);
    assert_int_equal(seg.flags, PF_R | PF_X);
    assert_int_equal(elf_get_load_seg(&elf, 2, &seg), -ENOENT);

    assert_int_equal(elf_load_range(&elf, &lo, &hi), 0);
    assert_int_equal(lo, 0x1000000);
    assert_int_equal(hi, 0x1200100);
    assert_string_equal(unit_log, "");
}

static void test_truncated_header(void **state)
{
    struct elf_binary elf;

    build(false);
    assert_int_equal(elf_init(&elf, img, sizeof(Elf64_Ehdr) - 1), -EINVAL);
    assert_log_contains(XENLOG_ERR "ELF: image too small");
    assert_int_equal(elf_init(&elf, NULL, IMG_SIZE), -EINVAL);
}

static void test_not_x86_64_exec(void **state)
{
    struct elf_binary elf;

    build(false);
    img[1] = 'e';
    assert_int_equal(init(&elf), -ENOEXEC);

    build(false);
    ehdr()->e_ident[EI_CLASS] = 1;
    assert_int_equal(init(&elf), -ENOEXEC);

    build(false);
    ehdr()->e_ident[EI_DATA] = 2;
    assert_int_equal(init(&elf), -ENOEXEC);

    build(false);
    ehdr()->e_machine = 3;
    assert_int_equal(init(&elf), -ENOEXEC);
    assert_log_contains("not an x86-64 image (machine 3)");

    build(false);
    ehdr()->e_type = 3;                     /* ET_DYN */
    assert_int_equal(init(&elf), -ENOEXEC);
}

static void test_bad_header_sizes(void **state)
{
    struct elf_binary elf;

    build(false);
    ehdr()->e_phentsize = 32;
    assert_int_equal(init(&elf), -EINVAL);

    build(false);
    ehdr()->e_ehsize = 52;
    assert_int_equal(init(&elf), -EINVAL);

    build(false);
    ehdr()->e_phnum = 0;
    assert_int_equal(init(&elf), -EINVAL);

    build(false);
    ehdr()->e_shnum = 1;
    ehdr()->e_shentsize = 40;
    ehdr()->e_shoff = SHDR_OFF;
    assert_int_equal(init(&elf), -EINVAL);
}

static void test_phdrs_out_of_bounds(void **state)
{
    struct elf_binary elf;

    build(false);
    ehdr()->e_phoff = IMG_SIZE - sizeof(Elf64_Phdr);    /* 2nd one out */
    assert_int_equal(init(&elf), -EINVAL);
    assert_log_contains("program headers outside the image");

    /* phoff + size wraps around to a small number. */
    build(false);
    ehdr()->e_phoff = ~0UL - sizeof(Elf64_Phdr) + 2;
    assert_int_equal(init(&elf), -EINVAL);

    /* The table is fine but the image was cut short. */
    build(false);
    assert_int_equal(elf_init(&elf, img, sizeof(Elf64_Ehdr) + 100), -EINVAL);
}

static void test_shdrs_out_of_bounds(void **state)
{
    struct elf_binary elf;

    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    build(true);
    ehdr()->e_shnum = 200;
    assert_int_equal(init(&elf), -EINVAL);

    build(true);
    ehdr()->e_shoff = ~0UL - 8;
    assert_int_equal(init(&elf), -EINVAL);
}

static void test_segment_offset_overflow(void **state)
{
    struct elf_binary elf;
    struct elf_seg seg;
    uint64_t lo, hi;

    build(false);
    phdr(1)->p_offset = ~0UL - 0xff;        /* offset + filesz wraps */
    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_get_load_seg(&elf, 1, &seg), -EINVAL);
    assert_int_equal(elf_load_range(&elf, &lo, &hi), -EINVAL);
    assert_log_contains("segment 1: data outside the image");

    build(false);
    phdr(1)->p_offset = IMG_SIZE - 0xff;    /* one byte past the end */
    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_get_load_seg(&elf, 1, &seg), -EINVAL);

    build(false);
    phdr(1)->p_offset = IMG_SIZE - 0x100;   /* exactly to the end */
    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_get_load_seg(&elf, 1, &seg), 0);
}

static void test_filesz_above_memsz(void **state)
{
    struct elf_binary elf;
    struct elf_seg seg;

    build(false);
    phdr(0)->p_filesz = 0x2001;
    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_get_load_seg(&elf, 0, &seg), -EINVAL);
    assert_log_contains("segment 0: file size above memory size");
}

static void test_segment_wraps_or_missing(void **state)
{
    struct elf_binary elf;
    struct elf_seg seg;
    uint64_t lo, hi;

    build(false);
    phdr(0)->p_paddr = ~0UL - 0xfff;
    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_get_load_seg(&elf, 0, &seg), -EINVAL);
    assert_int_equal(elf_get_load_seg(&elf, 2, &seg), -EINVAL);

    build(false);
    phdr(0)->p_type = PT_NOTE + 100;
    phdr(1)->p_memsz = 0;
    phdr(1)->p_filesz = 0;
    assert_int_equal(init(&elf), 0);
    assert_int_equal(elf_load_range(&elf, &lo, &hi), -ENOENT);
}

static void test_xen_notes(void **state)
{
    struct elf_dom_parms p;

    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    add_str(XEN_ELFNOTE_GUEST_VERSION, "6.1");
    add_str(XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    add_str(XEN_ELFNOTE_LOADER, "generic");
    add_str(XEN_ELFNOTE_BSD_SYMTAB, "yes");
    add_u64(XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000UL);
    add_u64(XEN_ELFNOTE_ENTRY, 0xffffffff81000000UL);
    add_u64(XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff81001000UL);
    add_u32(XEN_ELFNOTE_PADDR_OFFSET, 0);
    add_u32(XEN_ELFNOTE_PHYS32_ENTRY, 0x1000000);
    add_u32(XEN_ELFNOTE_MOD_START_PFN, 1);
    add_u32(99, 5);                         /* unknown: ignored */
    build(false);

    assert_int_equal(parse(&p), 0);
    assert_string_equal(p.guest_os, "linux");
    assert_string_equal(p.guest_ver, "6.1");
    assert_string_equal(p.xen_ver, "xen-3.0");
    assert_string_equal(p.loader, "generic");
    assert_true(p.bsd_symtab);
    assert_true(p.virt_base == 0xffffffff80000000UL);
    assert_true(p.virt_entry == 0xffffffff81000000UL);
    assert_true(p.virt_hypercall == 0xffffffff81001000UL);
    assert_int_equal(p.elf_paddr_offset, 0);
    assert_true(p.has_phys32_entry);
    assert_int_equal(p.phys32_entry, 0x1000000);
    assert_true(p.unmapped_initrd);
    assert_true(p.p2m_base == UNSET_ADDR);
    assert_int_equal(p.nr_notes, 12);
}

static void test_features_string(void **state)
{
    struct elf_dom_parms p;

    add_str(XEN_ELFNOTE_FEATURES,
            "writable_page_tables|!auto_translated_physmap|bogus_feature|"
            "!dom0||hvm_callback_vector|");
    build(false);

    assert_int_equal(parse(&p), 0);
    assert_int_equal(p.f_supported[0],
                     (1U << XENFEAT_writable_page_tables) |
                     (1U << XENFEAT_auto_translated_physmap) |
                     (1U << XENFEAT_dom0) |
                     (1U << XENFEAT_hvm_callback_vector));
    assert_int_equal(p.f_required[0],
                     (1U << XENFEAT_auto_translated_physmap) |
                     (1U << XENFEAT_dom0));
    assert_true(elf_xen_feature_get(XENFEAT_dom0, p.f_required));
    assert_false(elf_xen_feature_get(XENFEAT_hvm_callback_vector,
                                     p.f_required));
    assert_log_contains("unknown Xen feature 'bogus_feature' ignored");
    assert_int_equal(strncmp(p.features, "writable_page_tables|!", 22), 0);
}

static void test_features_unterminated(void **state)
{
    static const char f[] = "!dom0|hvm_pirqs";
    struct elf_dom_parms p;

    /* No NUL, and the name must not run on into the padding. */
    add_note(XEN_ELFNOTE_FEATURES, f, sizeof(f) - 1);
    build(false);

    assert_int_equal(parse(&p), 0);
    assert_int_equal(p.f_supported[0],
                     (1U << XENFEAT_dom0) | (1U << XENFEAT_hvm_pirqs));
    assert_int_equal(p.f_required[0], 1U << XENFEAT_dom0);
}

static void test_supported_features_bitmap(void **state)
{
    struct elf_dom_parms p;
    uint32_t words[2] = { (1U << XENFEAT_hvm_safe_pvclock) | 1U, ~0U };

    add_str(XEN_ELFNOTE_FEATURES, "dom0");
    add_note(XEN_ELFNOTE_SUPPORTED_FEATURES, words, sizeof(words));
    build(false);

    assert_int_equal(parse(&p), 0);
    assert_int_equal(p.f_supported[0],
                     (1U << XENFEAT_hvm_safe_pvclock) | 1U |
                     (1U << XENFEAT_dom0));
    assert_int_equal(p.f_required[0], 0);

    setup(NULL);
    add_note(XEN_ELFNOTE_SUPPORTED_FEATURES, words, 3);
    build(false);
    assert_int_equal(parse(&p), -EINVAL);
}

static void test_phys32_entry(void **state)
{
    struct elf_dom_parms p;
    uint16_t two = 1;

    add_u32(XEN_ELFNOTE_PHYS32_ENTRY, 0x100000);
    build(false);
    assert_int_equal(parse(&p), 0);
    assert_true(p.has_phys32_entry);
    assert_int_equal(p.phys32_entry, 0x100000);

    setup(NULL);
    add_u64(XEN_ELFNOTE_PHYS32_ENTRY, 0xfffff000UL);
    build(false);
    assert_int_equal(parse(&p), 0);
    assert_int_equal(p.phys32_entry, 0xfffff000UL);

    setup(NULL);
    add_u64(XEN_ELFNOTE_PHYS32_ENTRY, 0x100000000UL);
    build(false);
    assert_int_equal(parse(&p), -EINVAL);

    setup(NULL);
    add_note(XEN_ELFNOTE_PHYS32_ENTRY, &two, sizeof(two));
    build(false);
    assert_int_equal(parse(&p), -EINVAL);
    assert_log_contains("Xen note 18: bad numeric size 2");
}

static void test_no_phys32_entry(void **state)
{
    struct elf_dom_parms p;

    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    build(false);
    assert_int_equal(parse(&p), 0);
    assert_false(p.has_phys32_entry);
    assert_true(p.virt_entry == UNSET_ADDR);
}

static void test_unterminated_strings(void **state)
{
    struct elf_dom_parms p;
    char longname[40];

    memset(longname, 'L', sizeof(longname));
    add_note(XEN_ELFNOTE_GUEST_OS, longname, sizeof(longname));
    add_note(XEN_ELFNOTE_LOADER, "gen\x01ric", 7);
    add_note(XEN_ELFNOTE_GUEST_VERSION, "", 0);
    build(false);

    assert_int_equal(parse(&p), 0);
    assert_int_equal(strlen(p.guest_os), ELF_XEN_STR_MAX - 1);
    assert_int_equal(strspn(p.guest_os, "L"), ELF_XEN_STR_MAX - 1);
    assert_string_equal(p.loader, "gen?ric");
    assert_string_equal(p.guest_ver, "");
}

static void test_bad_note_sizes(void **state)
{
    struct elf_dom_parms p;
    Elf64_Nhdr *nh;

    /* namesz far beyond the segment */
    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    build(false);
    nh = (Elf64_Nhdr *)(img + NOTES_OFF);
    nh->n_namesz = 0xfffffff0U;
    assert_int_equal(parse(&p), -EINVAL);
    assert_log_contains("note sizes");

    /* descsz one byte too many */
    build(false);
    nh->n_descsz = notes_len - sizeof(*nh) - 4 + 1;
    assert_int_equal(parse(&p), -EINVAL);

    /* descsz that would wrap a 32-bit sum */
    build(false);
    nh->n_descsz = 0xfffffffcU;
    assert_int_equal(parse(&p), -EINVAL);

    /* the note segment itself lies outside the image */
    build(false);
    phdr(2)->p_offset = IMG_SIZE - 4;
    assert_int_equal(parse(&p), -EINVAL);
    build(false);
    phdr(2)->p_offset = ~0UL - 2;
    assert_int_equal(parse(&p), -EINVAL);
}

static void test_numeric_bad_size(void **state)
{
    struct elf_dom_parms p;
    uint8_t six[6] = { 0 };

    add_note(XEN_ELFNOTE_ENTRY, six, sizeof(six));
    build(false);
    assert_int_equal(parse(&p), -EINVAL);
}

static void test_other_notes_ignored(void **state)
{
    struct elf_dom_parms p;
    uint32_t v = 0x12345678;

    add_note_raw("GNU", 4, 3, &v, sizeof(v), 4);
    add_note_raw("Xe", 3, XEN_ELFNOTE_GUEST_OS, "x", 2, 4);
    build(false);
    assert_int_equal(parse(&p), -ENOENT);

    add_note_raw("Xen", 3, XEN_ELFNOTE_GUEST_OS, "bsd", 4, 4);
    build(false);
    assert_int_equal(parse(&p), 0);
    assert_string_equal(p.guest_os, "bsd");
    assert_int_equal(p.nr_notes, 1);
}

static void test_notes_in_section(void **state)
{
    struct elf_dom_parms p;

    add_str(XEN_ELFNOTE_GUEST_OS, "netbsd");
    add_u32(XEN_ELFNOTE_PHYS32_ENTRY, 0x200000);
    build(true);

    assert_int_equal(parse(&p), 0);
    assert_string_equal(p.guest_os, "netbsd");
    assert_int_equal(p.phys32_entry, 0x200000);

    shdr(1)->sh_size = IMG_SIZE;            /* runs past the end */
    assert_int_equal(parse(&p), -EINVAL);
}

static void test_notes_align8(void **state)
{
    struct elf_dom_parms p;
    uint64_t entry = 0x300000;

    add_note_raw("Xen", 4, XEN_ELFNOTE_GUEST_OS, "linux", 6, 8);
    add_note_raw("Xen", 4, XEN_ELFNOTE_PHYS32_ENTRY, &entry, 8, 8);
    /* Descriptors at 16 and 40: 8-aligned, right after the names. */
    assert_int_equal(notes_len, 48);
    build(false);
    phdr(2)->p_align = 8;

    assert_int_equal(parse(&p), 0);
    assert_string_equal(p.guest_os, "linux");
    assert_int_equal(p.phys32_entry, 0x300000);
}

static void test_unaligned_image(void **state)
{
    struct elf_binary elf;
    struct elf_dom_parms p;
    struct elf_seg seg;

    add_str(XEN_ELFNOTE_GUEST_OS, "linux");
    add_u64(XEN_ELFNOTE_ENTRY, 0xffffffff81000000UL);
    build(false);
    memmove(img + 1, img, IMG_SIZE);

    assert_int_equal(elf_init(&elf, img + 1, IMG_SIZE), 0);
    assert_int_equal(elf_get_load_seg(&elf, 1, &seg), 0);
    assert_int_equal(seg.paddr, 0x1200000);
    assert_int_equal(elf_xen_parse(&elf, &p), 0);
    assert_true(p.virt_entry == 0xffffffff81000000UL);
}

static void test_feature_lookup(void **state)
{
    assert_int_equal(elf_xen_feature_lookup("writable_page_tables"), 0);
    assert_int_equal(elf_xen_feature_lookup("dom0"), XENFEAT_dom0);
    assert_int_equal(elf_xen_feature_lookup("ARM_SMCCC_supported"), 14);
    assert_int_equal(elf_xen_feature_lookup("not_direct_mapped"), 17);
    assert_int_equal(elf_xen_feature_lookup("dom"), -1);
    assert_int_equal(elf_xen_feature_lookup(""), -1);
    assert_int_equal(elf_xen_feature_lookup(NULL), -1);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_valid_image),
        T(test_truncated_header),
        T(test_not_x86_64_exec),
        T(test_bad_header_sizes),
        T(test_phdrs_out_of_bounds),
        T(test_shdrs_out_of_bounds),
        T(test_segment_offset_overflow),
        T(test_filesz_above_memsz),
        T(test_segment_wraps_or_missing),
        T(test_xen_notes),
        T(test_features_string),
        T(test_features_unterminated),
        T(test_supported_features_bitmap),
        T(test_phys32_entry),
        T(test_no_phys32_entry),
        T(test_unterminated_strings),
        T(test_bad_note_sizes),
        T(test_numeric_bad_size),
        T(test_other_notes_ignored),
        T(test_notes_in_section),
        T(test_notes_align8),
        T(test_unaligned_image),
        T(test_feature_lookup),
    };

    return cmocka_run_group_tests_name("libelf", tests, NULL, NULL);
}
