/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writes the generated seed inputs of the fuzzers into corpus/<fuzzer>/
 * under the directory given (make -C tests/fuzz seeds).  Each seed is a
 * small, valid (or nearly valid) input that reaches deep into its parser
 * straight away; the fuzzers mutate from there.  The output is the same
 * on every run, so regenerating leaves the committed files unchanged.
 * Files not written here (a real guest kernel, regression inputs) are
 * left alone.
 */
#include <xen/libelf.h>
#include <asm/bootinfo.h>
#include <asm/e820.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *out_dir;

struct buf {
    uint8_t d[16384];
    size_t len;
};

static void need(const struct buf *b, size_t n)
{
    if ( n > sizeof(b->d) - b->len )
    {
        fprintf(stderr, "mkseeds: seed too large\n");
        exit(1);
    }
}

static void put(struct buf *b, const void *p, size_t n)
{
    need(b, n);
    memcpy(b->d + b->len, p, n);
    b->len += n;
}

static void put32(struct buf *b, uint32_t v)
{
    put(b, &v, sizeof(v));
}

static void put64(struct buf *b, uint64_t v)
{
    put(b, &v, sizeof(v));
}

static void pad_to(struct buf *b, size_t align)
{
    size_t n = (align - b->len % align) % align;

    need(b, n);
    memset(b->d + b->len, 0, n);
    b->len += n;
}

static void write_seed(const char *fuzzer, const char *name,
                       const void *data, size_t len)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", out_dir, fuzzer);
    if ( mkdir(path, 0755) && errno != EEXIST )
    {
        perror(path);
        exit(1);
    }
    snprintf(path, sizeof(path), "%s/%s/%s", out_dir, fuzzer, name);
    f = fopen(path, "wb");
    if ( !f || fwrite(data, 1, len, f) != len || fclose(f) )
    {
        perror(path);
        exit(1);
    }
}

/* ------------------------------------------------------------ ELF */

struct note_opts {
    size_t align;               /* 4, or 8 for an 8-aligned segment */
    uint32_t namesz;            /* 4 ("Xen\0") or 3 ("Xen") */
};

static void note(struct buf *b, const struct note_opts *o, const char *name,
                 uint32_t namesz, uint32_t type, const void *desc,
                 uint32_t descsz)
{
    Elf64_Nhdr nh = { .n_namesz = namesz, .n_descsz = descsz,
                      .n_type = type };

    put(b, &nh, sizeof(nh));
    put(b, name, namesz);
    pad_to(b, o->align);
    put(b, desc, descsz);
    pad_to(b, o->align);
}

static void xen_str(struct buf *b, const struct note_opts *o, uint32_t type,
                    const char *s)
{
    note(b, o, "Xen", o->namesz, type, s, strlen(s) + 1);
}

static void xen_u32(struct buf *b, const struct note_opts *o, uint32_t type,
                    uint32_t v)
{
    note(b, o, "Xen", o->namesz, type, &v, sizeof(v));
}

static void xen_u64(struct buf *b, const struct note_opts *o, uint32_t type,
                    uint64_t v)
{
    note(b, o, "Xen", o->namesz, type, &v, sizeof(v));
}

/* Every Xen note type libelf knows, as a PV and PVH kernel has them. */
static void full_notes(struct buf *b, const struct note_opts *o)
{
    static const uint8_t build_id[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

    note(b, o, "GNU", 4, 3, build_id, sizeof(build_id));
    xen_str(b, o, XEN_ELFNOTE_GUEST_OS, "linux");
    xen_str(b, o, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    xen_str(b, o, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    xen_str(b, o, XEN_ELFNOTE_LOADER, "generic");
    xen_str(b, o, XEN_ELFNOTE_PAE_MODE, "yes");
    xen_str(b, o, XEN_ELFNOTE_BSD_SYMTAB, "yes");
    xen_u64(b, o, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL);
    xen_u64(b, o, XEN_ELFNOTE_ENTRY, 0xffffffff80100000ULL);
    xen_u64(b, o, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff80101000ULL);
    xen_u64(b, o, XEN_ELFNOTE_PADDR_OFFSET, 0);
    xen_u64(b, o, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL);
    xen_u64(b, o, XEN_ELFNOTE_INIT_P2M, 0xffffea0000000000ULL);
    xen_u32(b, o, XEN_ELFNOTE_MOD_START_PFN, 1);
    xen_u32(b, o, XEN_ELFNOTE_SUSPEND_CANCEL, 1);
    xen_u32(b, o, XEN_ELFNOTE_L1_MFN_VALID, 1);
    xen_u32(b, o, XEN_ELFNOTE_PHYS32_ENTRY, 0x100000);
    xen_u32(b, o, XEN_ELFNOTE_SUPPORTED_FEATURES,
            (1U << XENFEAT_dom0) | (1U << XENFEAT_hvm_callback_vector));
    xen_str(b, o, XEN_ELFNOTE_FEATURES,
            "!writable_page_tables|auto_translated_physmap|"
            "hvm_callback_vector|supervisor_mode_kernel|no_such_feature");
}

enum note_place { NOTES_NONE, NOTES_PHDR, NOTES_SECTION };

/*
 * An x86-64 executable: headers, a text and a data segment (with bss),
 * then the notes (if any) and, for NOTES_SECTION, a section header
 * table with a null section and the SHT_NOTE section.
 */
static void elf_image(const char *name, enum note_place place,
                      const struct buf *notes, uint64_t note_align)
{
    static const uint8_t text[] = {
        0xfa,                   /* cli */
        0xf4,                   /* hlt */
        0xeb, 0xfd,             /* jmp to the hlt */
    };
    struct buf b = { .len = 0 };
    Elf64_Ehdr eh = { .e_type = ET_EXEC };
    Elf64_Phdr ph[3] = { { 0 } };
    Elf64_Shdr sh[2] = { { 0 } };
    unsigned int nr_ph = place == NOTES_PHDR ? 3 : 2;
    uint64_t text_off, data_off, note_off = 0;

    memcpy(eh.e_ident, "\x7f" "ELF", 4);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_entry = 0xffffffff80100000ULL;
    eh.e_phoff = sizeof(eh);
    eh.e_ehsize = sizeof(eh);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = nr_ph;

    text_off = sizeof(eh) + nr_ph * sizeof(Elf64_Phdr);
    text_off = (text_off + 15) & ~15ULL;
    data_off = text_off + 16;
    if ( place != NOTES_NONE )
        note_off = data_off + 16;

    ph[0].p_type = PT_LOAD;
    ph[0].p_flags = PF_R | PF_X;
    ph[0].p_offset = text_off;
    ph[0].p_vaddr = 0xffffffff80100000ULL;
    ph[0].p_paddr = 0x100000;
    ph[0].p_filesz = sizeof(text);
    ph[0].p_memsz = sizeof(text);
    ph[0].p_align = 16;

    ph[1].p_type = PT_LOAD;
    ph[1].p_flags = PF_R | PF_W;
    ph[1].p_offset = data_off;
    ph[1].p_vaddr = 0xffffffff80101000ULL;
    ph[1].p_paddr = 0x101000;
    ph[1].p_filesz = 16;
    ph[1].p_memsz = 0x3000;     /* bss beyond the file data */
    ph[1].p_align = 16;

    if ( place == NOTES_PHDR )
    {
        ph[2].p_type = PT_NOTE;
        ph[2].p_flags = PF_R;
        ph[2].p_offset = note_off;
        ph[2].p_filesz = notes->len;
        ph[2].p_memsz = notes->len;
        ph[2].p_align = note_align;
    }

    if ( place == NOTES_SECTION )
    {
        eh.e_shoff = (note_off + notes->len + 7) & ~7ULL;
        eh.e_shentsize = sizeof(Elf64_Shdr);
        eh.e_shnum = 2;
        sh[1].sh_type = SHT_NOTE;
        sh[1].sh_offset = note_off;
        sh[1].sh_size = notes->len;
        sh[1].sh_addralign = note_align;
    }

    put(&b, &eh, sizeof(eh));
    put(&b, ph, nr_ph * sizeof(*ph));
    pad_to(&b, 16);
    put(&b, text, sizeof(text));
    pad_to(&b, 16);
    put64(&b, 0x0123456789abcdefULL);
    put64(&b, 0xfedcba9876543210ULL);
    if ( place != NOTES_NONE )
        put(&b, notes->d, notes->len);
    if ( place == NOTES_SECTION )
    {
        pad_to(&b, 8);
        put(&b, sh, sizeof(sh));
    }

    write_seed("libelf", name, b.d, b.len);
}

static void libelf_seeds(void)
{
    const struct note_opts a4 = { .align = 4, .namesz = 4 };
    const struct note_opts a8 = { .align = 8, .namesz = 3 };
    struct buf notes = { .len = 0 };

    full_notes(&notes, &a4);
    elf_image("pt-note.elf", NOTES_PHDR, &notes, 4);
    elf_image("shf-note.elf", NOTES_SECTION, &notes, 4);

    notes.len = 0;
    full_notes(&notes, &a8);
    elf_image("pt-note-align8.elf", NOTES_PHDR, &notes, 8);

    /* The least a PVH kernel needs. */
    notes.len = 0;
    xen_u32(&notes, &a4, XEN_ELFNOTE_PHYS32_ENTRY, 0x100000);
    elf_image("pvh-minimal.elf", NOTES_PHDR, &notes, 4);

    notes.len = 0;
    elf_image("no-notes.elf", NOTES_NONE, &notes, 4);
}

/* ------------------------------------------------------- command line */

static void params_seed(const char *name, const char *cmdline)
{
    write_seed("params", name, cmdline, strlen(cmdline));
}

static void params_seeds(void)
{
    char buf[1024];
    size_t n;

    params_seed("typical",
                "flag dash-name under-score=yes uint=0x10 "
                "ulong=18446744073709551615 size=16M str=abc tiny= "
                "custom=abc,def");
    params_seed("negated",
                "no-flag no-dash_name no-custom no-real no-real=1 "
                "no-uint no-flag=1 flag=maybe");
    params_seed("numbers",
                "uint=010 uint=0x ulong=0XfF uint=4294967296 "
                "ulong=18446744073709551616 uint=-1 size=4k size=0 "
                "size=12b size=1T size=17179869184G size=3Q size=");
    params_seed("whitespace",
                "  \tflag\r\nuint=7\t\tcustom=xbad  unknown=1 unknown "
                "str=exactly7 str=eight888 str");

    /* Over-long values and names: cut, reported, never overflowing. */
    n = snprintf(buf, sizeof(buf), "str=");
    memset(buf + n, 's', 300);
    n += 300;
    n += snprintf(buf + n, sizeof(buf) - n, " custom=");
    memset(buf + n, 'c', 300);
    n += 300;
    n += snprintf(buf + n, sizeof(buf) - n, " ");
    memset(buf + n, 'n', 70);
    n += 70;
    n += snprintf(buf + n, sizeof(buf) - n, "=1 uint=");
    memset(buf + n, '9', 256);
    n += 256;
    buf[n] = '\0';
    params_seed("long", buf);
}

/* --------------------------------------------------------------- e820 */

static void e820_seed(const char *name, const struct e820entry *map,
                      unsigned int nr)
{
    write_seed("e820", name, map, nr * sizeof(*map));
}

#define E(a, s, t) { .addr = (a), .size = (s), .type = (t) }

static void e820_seeds(void)
{
    /* As SeaBIOS reports a 4 GiB QEMU machine. */
    static const struct e820entry bios[] = {
        E(0, 0x9fc00, E820_RAM),
        E(0x9fc00, 0x400, E820_RESERVED),
        E(0xf0000, 0x10000, E820_RESERVED),
        E(0x100000, 0xbfee0000, E820_RAM),
        E(0xbffe0000, 0x20000, E820_RESERVED),
        E(0xfeffc000, 0x4000, E820_RESERVED),
        E(0xfffc0000, 0x40000, E820_RESERVED),
        E(0x100000000ULL, 0x40000000, E820_RAM),
    };
    /* Unsorted and overlapping, with every type and then some. */
    static const struct e820entry messy[] = {
        E(0x100000, 0x7f00000, E820_RAM),
        E(0, 0xa0000, E820_RAM),
        E(0x7fe0000, 0x20000, E820_ACPI),
        E(0x7ff0000, 0x20000, E820_NVS),
        E(0x400000, 0x100000, E820_UNUSABLE),
        E(0x380000, 0x100000, E820_PMEM),
        E(0x9f000, 0x2000, E820_RESERVED),
        E(0x200000, 0x1000, E820_DISABLED),
        E(0x200800, 0x1000, 12),
        E(0x200800, 0x800, 8),
        E(0x300000, 0, E820_RESERVED),
        E(0xfffffffffffff000ULL, 0x2000, E820_RAM),
        E(0x100000, 0x7f00000, E820_RAM),
    };
    /* RAM not on page boundaries, and touching entries to merge. */
    static const struct e820entry ragged[] = {
        E(0x800, 0x9f400, E820_RAM),
        E(0x9fc00, 0x400, E820_RESERVED),
        E(0x100000, 0x80000, E820_RAM),
        E(0x180000, 0x80123, E820_RAM),
        E(0x200123, 0x100, E820_ACPI),
        E(0x200223, 0x5fddd, E820_RAM),
        E(0xfffffffffffff800ULL, 0x7ff, E820_RAM),
    };
    struct e820entry holes[E820MAX];
    unsigned int i;

    e820_seed("bios", bios, ARRAY_SIZE(bios));
    e820_seed("messy", messy, ARRAY_SIZE(messy));
    e820_seed("ragged", ragged, ARRAY_SIZE(ragged));

    /* A full map whose holes split RAM into more than E820MAX pieces. */
    holes[0] = (struct e820entry)E(0, 0x40000000, E820_RAM);
    for ( i = 1; i < E820MAX; i++ )
        holes[i] = (struct e820entry)E(i * 0x100000ULL, 0x1800,
                                       i % 2 ? E820_RESERVED : E820_ACPI);
    e820_seed("split-overflow", holes, E820MAX);

    /* A full map that fits: alternating RAM and reserved. */
    for ( i = 0; i < E820MAX; i++ )
        holes[i] = (struct e820entry)E(i * 0x100000ULL, 0x100000,
                                       i % 2 ? E820_RESERVED : E820_RAM);
    e820_seed("full", holes, E820MAX);
}

/* ---------------------------------------------------------- multiboot2 */

static void mb2_tag_start(struct buf *b, size_t *start, uint32_t type)
{
    pad_to(b, 8);
    *start = b->len;
    put32(b, type);
    put32(b, 0);                /* size, filled in by mb2_tag_end() */
}

static void mb2_tag_end(struct buf *b, size_t start)
{
    uint32_t size = b->len - start;

    memcpy(b->d + start + 4, &size, sizeof(size));
}

static void mb2_string(struct buf *b, uint32_t type, const char *s)
{
    size_t t;

    mb2_tag_start(b, &t, type);
    put(b, s, strlen(s) + 1);
    mb2_tag_end(b, t);
}

static void mb2_module(struct buf *b, uint32_t start, uint32_t end,
                       const char *cmdline)
{
    size_t t;

    mb2_tag_start(b, &t, 3);
    put32(b, start);
    put32(b, end);
    put(b, cmdline, strlen(cmdline) + 1);
    mb2_tag_end(b, t);
}

static void mb2_mmap(struct buf *b, uint32_t entry_size)
{
    static const struct { uint64_t addr, len; uint32_t type; } map[] = {
        { 0, 0x9fc00, 1 },
        { 0x9fc00, 0x400, 2 },
        { 0xf0000, 0x10000, 2 },
        { 0x100000, 0x7ee0000, 1 },
        { 0x7fe0000, 0x20000, 3 },
        { 0xfffc0000, 0x40000, 2 },
    };
    unsigned int i;
    size_t t;

    mb2_tag_start(b, &t, 6);
    put32(b, entry_size);
    put32(b, 0);                /* entry_version */
    for ( i = 0; i < ARRAY_SIZE(map); i++ )
    {
        size_t e = b->len;

        put64(b, map[i].addr);
        put64(b, map[i].len);
        put32(b, map[i].type);
        put32(b, 0);
        while ( b->len < e + entry_size )
            put(b, "", 1);
    }
    mb2_tag_end(b, t);
}

static void mb2_rsdp(struct buf *b, uint32_t type, unsigned int len)
{
    uint8_t rsdp[36] = "RSD PTR ";
    size_t t;

    rsdp[15] = type == 15 ? 2 : 0;          /* revision */
    mb2_tag_start(b, &t, type);
    put(b, rsdp, len);
    mb2_tag_end(b, t);
}

static void mb2_empty(struct buf *b, uint32_t type, unsigned int len)
{
    size_t t;

    mb2_tag_start(b, &t, type);
    while ( b->len < t + 8 + len )
        put(b, "", 1);
    mb2_tag_end(b, t);
}

static void mb2_finish(struct buf *b, const char *name, bool end_tag)
{
    uint32_t total;

    if ( end_tag )
        mb2_empty(b, 0, 0);
    total = b->len;
    memcpy(b->d, &total, sizeof(total));
    write_seed("multiboot2", name, b->d, b->len);
}

static void mb2_header(struct buf *b)
{
    b->len = 0;
    put32(b, 0);                /* total_size, set by mb2_finish() */
    put32(b, 0);                /* reserved */
}

static void multiboot2_seeds(void)
{
    static struct buf b;
    unsigned int i;

    /* As GRUB hands it over on a BIOS machine. */
    mb2_header(&b);
    mb2_string(&b, 1, "console=com1 com1=115200,8n1 loglvl=all");
    mb2_string(&b, 2, "GRUB 2.06");
    mb2_module(&b, 0x1000000, 0x1400000, "/boot/vmlinuz root=/dev/sda1");
    mb2_module(&b, 0x1400000, 0x1800000, "/boot/initrd.img");
    mb2_empty(&b, 4, 8);        /* basic meminfo: not used */
    mb2_empty(&b, 5, 12);       /* boot device: not used */
    mb2_mmap(&b, 24);
    mb2_rsdp(&b, 14, 20);
    mb2_finish(&b, "grub-bios", true);

    /* UEFI: EFI tags, both RSDPs, 8-byte padded mmap entries. */
    mb2_header(&b);
    mb2_string(&b, 2, "GRUB 2.06");
    mb2_string(&b, 1, "");
    mb2_empty(&b, 12, 8);       /* EFI64 system table */
    mb2_empty(&b, 20, 8);       /* EFI64 image handle */
    mb2_empty(&b, 18, 0);       /* boot services not exited */
    mb2_empty(&b, 17, 56);      /* EFI memory map */
    mb2_rsdp(&b, 15, 36);
    mb2_rsdp(&b, 14, 20);
    mb2_mmap(&b, 32);
    mb2_module(&b, 0x2000000, 0x2000000, "");
    mb2_finish(&b, "grub-uefi", true);

    /* More modules than are kept, and no end tag. */
    mb2_header(&b);
    for ( i = 0; i < MAX_BOOT_MODULES + 2; i++ )
        mb2_module(&b, 0x1000000 + i * 0x1000, 0x1001000 + i * 0x1000,
                   "module");
    mb2_empty(&b, 99, 5);       /* unknown tag */
    mb2_finish(&b, "many-modules", false);

    /* Entries 28 bytes apart, so most are not 8-byte aligned. */
    mb2_header(&b);
    mb2_mmap(&b, 28);
    mb2_finish(&b, "mmap-entry-size-28", true);

    /*
     * Regression: the last tag is an mmap whose entry_size wrapped the
     * 32-bit loop bound, so entries were read from beyond the tag and
     * the block.
     */
    mb2_header(&b);
    {
        size_t t;

        mb2_tag_start(&b, &t, 6);
        put32(&b, 0xfffffff8);
        put32(&b, 0);
        mb2_tag_end(&b, t);
    }
    mb2_finish(&b, "mmap-entry-size-wrap", false);
}

/* -------------------------------------------------------------- xl.cfg */

static void xlcfg_seed(const char *name, const char *text)
{
    write_seed("xlcfg", name, text, strlen(text));
}

static void xlcfg_seeds(void)
{
    xlcfg_seed("typical",
               "# A PVH guest\n"
               "name = \"guest-1\"\n"
               "type = \"pvh\"\n"
               "kernel = \"/boot/vmlinuz\"\n"
               "ramdisk = '/boot/initrd.img'\n"
               "cmdline = \"console=hvc0 quiet\"\n"
               "memory = 512\n"
               "maxmem = 0x400\n"
               "vcpus = 2\n"
               "maxvcpus = 4\n"
               "on_poweroff = \"destroy\"\n"
               "on_reboot = \"restart\"\n"
               "on_crash = \"coredump-destroy\"\n");
    xlcfg_seed("lists",
               "name='l'; pvh=1; kernel='k'\n"
               "disk = [ 'phy:/dev/vg/a,xvda,w',\n"
               "         # a comment inside\n"
               "         \"file:/b.img,xvdb,r\" , ]\n"
               "cpus = [0, 0x1, 010]\n"
               "empty = []\n"
               "vnuma = [ [ 'pnode=0', 'size=512' ], [], [[1]] ]\n"
               "vif = []\n");
    xlcfg_seed("escapes",
               "name = \"it's \\\"q\\\" \\a\\b\\f\\n\\r\\t\\v\\\\\"\n"
               "kernel = '\\x41\\x7a\\101\\60\\0101 \\' \\\"'\n"
               "extra = \"\xc3\xa9t\xc3\xa9 # ; not a comment\"\n"
               "root = \"/dev/xvda1\"\r\n"
               "type = \"pvh\"\n");
    xlcfg_seed("numbers",
               "name = 123\ntype = 'pvh'\nkernel = 'k'\n"
               "memory = \"0x80\"\nmaxmem = 9223372036854775807\n"
               "vcpus = 064\nmaxvcpus = 0\npvh = 1\n"
               "memory = 0X7fffffffffffffff\n");
    xlcfg_seed("near-valid",
               "name = \"bad\"\ntype = \"pv\"\nkernel = 'k'\n"
               "memory = 128\nmaxmem = 64\non_crash = 'explode'\n"
               "builder = 'hvm'\nfoo = 1\n"
               "disk = [ 'a',\n  'b'\n");
    xlcfg_seed("overrides",
               "memory=256\n"
               "name='from-command-line'\n"
               "extra = 'init=/bin/sh'\n"
               "vcpus=2;maxvcpus=1\n"
               "type='pvh'\nkernel='k'\n");
}

/* fuzz-acpi: nr_vcpus (u32), buffer length (u16), base (u64). */
static void acpi_seed(const char *name, uint32_t vcpus, uint16_t len,
                      uint64_t base)
{
    struct buf b = { 0 };

    put32(&b, vcpus);
    put(&b, &len, sizeof(len));
    put64(&b, base);
    write_seed("acpi", name, b.d, b.len);
}

static void acpi_seeds(void)
{
    acpi_seed("dom0-page", 2, 4096, 0x9f000);
    acpi_seed("max-vcpus", 255, 4096, 0x9f000);
    acpi_seed("too-small", 4, 300, 0x9f000);
    acpi_seed("high-base", 1, 1024, 0xfffffffffffff000ULL);
}

/*
 * fuzz-start-info: base, rsdp (u64), flags (u32), buffer length (u16),
 * module and memory-map counts (u8), the entries, the command line.
 */
static void start_info_seed(const char *name, uint16_t len,
                            unsigned int nr_mods, unsigned int nr_map,
                            const char *cmdline)
{
    struct buf b = { 0 };
    uint8_t n8;

    put64(&b, 0x14a000);
    put64(&b, 0x9f000);
    put32(&b, 3);                           /* privileged, initdomain */
    put(&b, &len, sizeof(len));
    n8 = nr_mods;
    put(&b, &n8, 1);
    n8 = nr_map;
    put(&b, &n8, 1);
    for ( unsigned int i = 0; i < nr_mods; i++ )
    {
        put64(&b, 0x200000 + i * 0x100000);     /* paddr */
        put64(&b, 0x1000);                      /* size */
        put64(&b, 0x149000 + i * 0x10);         /* cmdline_paddr */
        put64(&b, 0);
    }
    for ( unsigned int i = 0; i < nr_map; i++ )
    {
        struct e820entry e = { i * 0x100000ULL, 0x100000, 1 + i % 3 };

        put(&b, &e, sizeof(e));
    }
    put(&b, cmdline, strlen(cmdline));
    write_seed("start-info", name, b.d, b.len);
}

static void start_info_seeds(void)
{
    start_info_seed("dom0", 4096, 1, 4, "console=hvc0 earlyprintk=xen");
    start_info_seed("no-modules", 4096, 0, 5, "");
    start_info_seed("too-small", 100, 2, 4, "root=/dev/xvda");
    start_info_seed("many-modules", 8192, 70, 2, "x");
}

int main(int argc, char **argv)
{
    if ( argc != 2 )
    {
        fprintf(stderr, "usage: mkseeds CORPUS-DIR\n");
        return 1;
    }
    out_dir = argv[1];
    if ( mkdir(out_dir, 0755) && errno != EEXIST )
    {
        perror(out_dir);
        return 1;
    }

    libelf_seeds();
    params_seeds();
    e820_seeds();
    multiboot2_seeds();
    xlcfg_seeds();
    acpi_seeds();
    start_info_seeds();

    return 0;
}
