/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH domU builder (see xenguest.h): plan the layout from the kernel
 * and the arguments alone, check free memory, then create the domain,
 * give it memory, write its contents through foreign mappings, offer it
 * a console ring, give the hypervisor its memory map and start vCPU 0 at
 * the kernel's entry, on either PVH entry ABI (as dom0_build.c does).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenguest.h"
#include "xg_private.h"
#include <xen/libelf.h>
#include <asm/e820.h>
#include <asm/hvm/acpi.h>
#include <asm/hvm/hypercall_page.h>
#include <asm/hvm/start_info.h>
#include <public/hvm/params.h>
#include <public/io/console.h>
#include <public/xen.h>

#define PAGE            4096UL
#define LOW_PAGES       (XG_LOW_RAM_END / PAGE)
#define HIGH_START_PFN  (XG_HIGH_RAM_START / PAGE)
#define SPECIAL_PAGES   ((XG_SPECIAL_END - XG_SPECIAL_START) / PAGE)
#define GIB             (1ULL << 30)
#define MIB2            (2ULL << 20)
/* Frames mapped at once while writing the guest: 4 MiB. */
#define MAP_WINDOW      1024U

static uint64_t page_up(uint64_t x)
{
    return (x + PAGE - 1) & ~(uint64_t)(PAGE - 1);
}

static int __attribute__((format(printf, 4, 5)))
fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
    va_list ap;

    if ( errlen )
    {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

uint64_t xg_pvh_pages_needed(uint64_t memory_kb)
{
    return memory_kb / 4 + XG_EXTRA_PAGES;
}

static int gpa_is_ram(const struct xg_pvh_layout *l, uint64_t s, uint64_t len)
{
    uint64_t e = s + len;

    if ( e < s )
        return 0;
    return e <= XG_ACPI_START || (s >= XG_HIGH_RAM_START && e <= l->ram_end);
}

/* Takes len bytes, page-aligned, from *next, which must stay RAM. */
static int take(const struct xg_pvh_layout *l, uint64_t *next, uint64_t len,
                uint64_t *gpa)
{
    uint64_t at = page_up(*next);

    if ( len > l->ram_end || !gpa_is_ram(l, at, len) )
        return -ENOMEM;
    *gpa = at;
    *next = at + page_up(len);
    return 0;
}

/* What the 64-bit PVH entry ABI needs of a kernel (dom0_build.c's). */
static const struct {
    unsigned int nr;
    const char *name;
} long64_features[] = {
    { XENFEAT_writable_descriptor_tables, "writable_descriptor_tables" },
    { XENFEAT_auto_translated_physmap, "auto_translated_physmap" },
    { XENFEAT_supervisor_mode_kernel, "supervisor_mode_kernel" },
    { XENFEAT_hvm_callback_vector, "hvm_callback_vector" },
};

/* The 64-bit ABI: FEATURES, VIRT_BASE and ENTRY. */
static int check_long64(const struct elf_dom_parms *parms, char *err,
                        size_t errlen)
{
    for ( unsigned int i = 0;
          i < sizeof(long64_features) / sizeof(long64_features[0]); i++ )
        if ( !elf_xen_feature_get(long64_features[i].nr,
                                  parms->f_supported) )
            return fail(err, errlen, -EOPNOTSUPP, "the kernel has no "
                        "XEN_ELFNOTE_PHYS32_ENTRY note, and lacks the "
                        "feature '%s' the 64-bit PVH entry ABI requires "
                        "(FEATURES \"%s\"): refusing to build it",
                        long64_features[i].name, parms->features);
    if ( parms->virt_base == UNSET_ADDR || parms->virt_entry == UNSET_ADDR )
        return fail(err, errlen, -EINVAL, "the kernel has no entry: "
                    "neither a XEN_ELFNOTE_PHYS32_ENTRY note nor the "
                    "VIRT_BASE and ENTRY notes of the 64-bit PVH ABI");
    /* One L2 of 2 MiB pages maps the bootstrap area. */
    if ( parms->virt_base & (MIB2 - 1) )
        return fail(err, errlen, -EINVAL, "the kernel's VIRT_BASE %#llx is "
                    "not 2 MiB aligned",
                    (unsigned long long)parms->virt_base);
    return 0;
}

static int read_kernel(const struct xg_pvh_args *a, struct elf_binary *elf,
                       struct elf_dom_parms *parms, char *err, size_t errlen)
{
    int rc;

    xg_log_reset();
    rc = elf_init(elf, a->kernel, a->kernel_size);
    if ( rc )
        return fail(err, errlen, -ENOEXEC, "the kernel is not a usable "
                    "x86-64 ELF image%s%s", xg_last_log[0] ? ": " : "",
                    xg_last_log);
    xg_log_reset();
    rc = elf_xen_parse(elf, parms);
    if ( rc == -ENOENT )
        return fail(err, errlen, -EINVAL, "the kernel has no Xen ELF notes: "
                    "not a PVH kernel");
    if ( rc )
        return fail(err, errlen, -EINVAL, "the kernel's Xen ELF notes are "
                    "malformed%s%s", xg_last_log[0] ? ": " : "",
                    xg_last_log);
    if ( !parms->has_phys32_entry )
        return check_long64(parms, err, errlen);
    if ( parms->phys32_entry >> 32 )
        return fail(err, errlen, -EINVAL, "the kernel's PHYS32_ENTRY %#llx "
                    "is above 4 GiB",
                    (unsigned long long)parms->phys32_entry);
    return 0;
}

/* The start info block's arguments (hvm/start_info.c), rsdp aside. */
static void start_info_args(const struct xg_pvh_args *a,
                            const struct xg_pvh_layout *l,
                            struct hvm_modlist_entry *mod,
                            struct e820entry *map,
                            struct pvh_start_info_args *sa)
{
    *mod = (struct hvm_modlist_entry){
        .paddr = l->ramdisk_gpa, .size = a->ramdisk_size,
    };
    for ( unsigned int i = 0; i < XG_NR_MEMMAP; i++ )
        map[i] = (struct e820entry){ l->memmap[i].addr, l->memmap[i].size,
                                     l->memmap[i].type };
    *sa = (struct pvh_start_info_args){
        .cmdline = a->cmdline ? a->cmdline : "",
        .mods = mod,
        .nr_mods = a->ramdisk ? 1 : 0,
        .map = map,
        .nr_map = XG_NR_MEMMAP,
        .flags = 0,                 /* unprivileged, not the initdomain */
    };
}

/* Where a kernel segment goes: its paddr, or vaddr - VIRT_BASE. */
static uint64_t seg_gpa(const struct xg_pvh_layout *l, const struct elf_seg *s)
{
    return l->long64 ? s->vaddr - l->virt_base : s->paddr;
}

static size_t start_info_size(const struct xg_pvh_args *a)
{
    struct xg_pvh_layout l = { 0 };
    struct hvm_modlist_entry mod;
    struct e820entry map[XG_NR_MEMMAP];
    struct pvh_start_info_args sa;

    start_info_args(a, &l, &mod, map, &sa);
    return pvh_start_info_size(&sa);
}

static int plan_long64(const struct xg_pvh_args *a, struct xg_pvh_layout *l,
                       const struct elf_dom_parms *parms, uint64_t next,
                       char *err, size_t errlen);
static void set_memmap(struct xg_pvh_layout *l);

int xg_pvh_plan(const struct xg_pvh_args *a, struct xg_pvh_layout *l,
                char *err, size_t errlen)
{
    struct elf_binary elf;
    struct elf_dom_parms parms;
    size_t cmdlen = strlen(a->cmdline ? a->cmdline : "") + 1;
    uint64_t next;
    unsigned int n, loaded = 0;
    int rc;

    memset(l, 0, sizeof(*l));
    if ( a->max_vcpus < 1 || a->max_vcpus > 255 )
        return fail(err, errlen, -EINVAL, "%u vCPUs: between 1 and 255 are "
                    "supported (the MADT's 8-bit APIC ids)", a->max_vcpus);
    if ( a->memory_kb < XG_MIN_MEMORY_KB || a->memory_kb % 4 )
        return fail(err, errlen, -EINVAL, "memory %llu KiB: at least %lu "
                    "KiB, in whole pages, is needed",
                    (unsigned long long)a->memory_kb, XG_MIN_MEMORY_KB);
    l->nr_pages = a->memory_kb / 4;
    if ( l->nr_pages - LOW_PAGES >
         (XG_SPECIAL_START - XG_HIGH_RAM_START) / PAGE )
        return fail(err, errlen, -EINVAL, "memory %llu MiB: at most %lu MiB "
                    "is supported (no RAM above 4 GiB yet)",
                    (unsigned long long)(a->memory_kb >> 10),
                    (XG_SPECIAL_START - (XG_HIGH_RAM_START -
                                         XG_LOW_RAM_END)) >> 20);
    l->ram_end = XG_HIGH_RAM_START + (l->nr_pages - LOW_PAGES) * PAGE;

    if ( (rc = read_kernel(a, &elf, &parms, err, errlen)) != 0 )
        return rc;
    l->long64 = !parms.has_phys32_entry;
    l->entry = l->long64 ? parms.virt_entry : parms.phys32_entry;
    l->virt_base = l->long64 ? parms.virt_base : 0;
    l->hypercall_gpa = XG_NO_HYPERCALL_PAGE;
    if ( l->long64 && cmdlen > MAX_GUEST_CMDLINE )
        return fail(err, errlen, -EINVAL, "the command line (%zu bytes) is "
                    "longer than the 64-bit PVH ABI's start_info holds "
                    "(%u)", cmdlen - 1, MAX_GUEST_CMDLINE - 1);

    n = elf_phdr_count(&elf);
    l->kernel_start = UINT64_MAX;
    for ( unsigned int i = 0; i < n; i++ )
    {
        struct elf_seg s;
        uint64_t gpa;

        xg_log_reset();
        rc = elf_get_load_seg(&elf, i, &s);
        if ( rc == -ENOENT )
            continue;
        if ( rc )
            return fail(err, errlen, -EINVAL, "kernel program header %u is "
                        "corrupt%s%s", i, xg_last_log[0] ? ": " : "",
                        xg_last_log);
        if ( !s.memsz )
            continue;
        gpa = seg_gpa(l, &s);
        if ( !gpa_is_ram(l, gpa, s.memsz) )
            return fail(err, errlen, -EINVAL, "kernel segment %u [%#llx, "
                        "+%#llx) is outside the domain's RAM (%llu MiB)", i,
                        (unsigned long long)gpa,
                        (unsigned long long)s.memsz,
                        (unsigned long long)(a->memory_kb >> 10));
        if ( gpa < l->kernel_start )
            l->kernel_start = gpa;
        if ( gpa + s.memsz > l->kernel_end )
            l->kernel_end = gpa + s.memsz;
        loaded++;
    }
    if ( !loaded )
        return fail(err, errlen, -EINVAL, "the kernel has no loadable "
                    "segment");
    if ( l->entry - l->virt_base < l->kernel_start ||
         l->entry - l->virt_base >= l->kernel_end )
        return fail(err, errlen, -EINVAL, "the kernel's %s %#llx is "
                    "outside its segments",
                    l->long64 ? "ENTRY" : "PHYS32_ENTRY",
                    (unsigned long long)l->entry);

    /* After the kernel: the ramdisk, then the start-of-day data. */
    next = l->kernel_end;
    if ( a->ramdisk &&
         take(l, &next, a->ramdisk_size, &l->ramdisk_gpa) )
        return fail(err, errlen, -ENOMEM, "no room for the ramdisk (%zu "
                    "KiB) after the kernel in %llu MiB of memory",
                    a->ramdisk_size >> 10,
                    (unsigned long long)(a->memory_kb >> 10));
    set_memmap(l);
    if ( l->long64 )
        return plan_long64(a, l, &parms, next, err, errlen);

    l->info_len = start_info_size(a);
    if ( !l->info_len || take(l, &next, l->info_len, &l->info_gpa) )
        return fail(err, errlen, -ENOMEM, "no room for the start info "
                    "after the kernel and ramdisk in %llu MiB of memory",
                    (unsigned long long)(a->memory_kb >> 10));
    if ( l->info_gpa + l->info_len > GIB )
        return fail(err, errlen, -ENOMEM, "the start info would sit above "
                    "1 GiB (at %#llx): the kernel and ramdisk are too big",
                    (unsigned long long)l->info_gpa);
    /* hvm/start_info.c puts the command line last in the block. */
    l->cmdline_gpa = l->info_gpa + l->info_len - cmdlen;
    return 0;
}

/* After the kernel and ramdisk: start_info, page tables, stack. */
static int plan_long64(const struct xg_pvh_args *a, struct xg_pvh_layout *l,
                       const struct elf_dom_parms *parms, uint64_t next,
                       char *err, size_t errlen)
{
    uint64_t vb = l->virt_base;

    if ( parms->virt_hypercall != UNSET_ADDR )
    {
        uint64_t hc = parms->virt_hypercall - vb;

        /* Inside the kernel's pages: nothing else is written there. */
        if ( (hc & (PAGE - 1)) || hc < (l->kernel_start & ~(PAGE - 1)) ||
             hc >= page_up(l->kernel_end) || !gpa_is_ram(l, hc, PAGE) )
            return fail(err, errlen, -EINVAL, "the kernel's HYPERCALL_PAGE "
                        "%#llx is not a page of its own image",
                        (unsigned long long)parms->virt_hypercall);
        l->hypercall_gpa = hc;
    }
    if ( take(l, &next, PAGE, &l->si_gpa) )
        return fail(err, errlen, -ENOMEM, "no room for the start info "
                    "after the kernel and ramdisk in %llu MiB of memory",
                    (unsigned long long)(a->memory_kb >> 10));
    /* The page tables map everything up to and including the stack. */
    l->pt_end = (page_up(next) + (XG_NR_PT_FRAMES + XG_STACK_PAGES) * PAGE +
                 MIB2 - 1) & ~(MIB2 - 1);
    if ( l->pt_end > GIB )
        return fail(err, errlen, -ENOMEM, "the boot page tables would have "
                    "to map beyond 1 GiB (to %#llx): the kernel and ramdisk "
                    "are too big", (unsigned long long)l->pt_end);
    /* One L4 and one L3 entry: the area must not cross 1 GiB. */
    if ( ((vb ^ (vb + l->pt_end - 1)) >> 30) != 0 )
        return fail(err, errlen, -EINVAL, "the kernel's VIRT_BASE %#llx "
                    "+ %#llx crosses a 1 GiB boundary",
                    (unsigned long long)vb, (unsigned long long)l->pt_end);
    if ( take(l, &next, XG_NR_PT_FRAMES * PAGE, &l->pt_gpa) ||
         take(l, &next, XG_STACK_PAGES * PAGE, &l->stack_gpa) )
        return fail(err, errlen, -ENOMEM, "no room for the boot page tables "
                    "and stack after the kernel and ramdisk in %llu MiB of "
                    "memory", (unsigned long long)(a->memory_kb >> 10));
    return 0;
}

/* The memory map of both ABIs: dom0_build.c's, plus the special pages. */
static void set_memmap(struct xg_pvh_layout *l)
{
    l->memmap[0] = (struct hvm_memmap_table_entry){
        0, XG_ACPI_START, XEN_HVM_MEMMAP_TYPE_RAM, 0 };
    l->memmap[1] = (struct hvm_memmap_table_entry){
        XG_ACPI_START, XG_LOW_RAM_END - XG_ACPI_START,
        XEN_HVM_MEMMAP_TYPE_ACPI, 0 };
    l->memmap[2] = (struct hvm_memmap_table_entry){
        XG_LOW_RAM_END, XG_HIGH_RAM_START - XG_LOW_RAM_END,
        XEN_HVM_MEMMAP_TYPE_RESERVED, 0 };
    l->memmap[3] = (struct hvm_memmap_table_entry){
        XG_HIGH_RAM_START, l->ram_end - XG_HIGH_RAM_START,
        XEN_HVM_MEMMAP_TYPE_RAM, 0 };
    l->memmap[4] = (struct hvm_memmap_table_entry){
        XG_SPECIAL_START, XG_SPECIAL_END - XG_SPECIAL_START,
        XEN_HVM_MEMMAP_TYPE_RESERVED, 0 };
}

/* ------------------------------------------------------------ writing */

struct builder {
    xc_interface *xch;
    domid_t domid;
    unsigned int rewrites;      /* windows that needed writing again */
    uint64_t first_rewrite;     /* the first of them */
    uint64_t bad_gpa;           /* where a write never arrived */
    xen_pfn_t gfns[MAP_WINDOW];
};

/* Whether p[0 .. len) holds anything but zeroes. */
static int memchr_inv_zero(const uint8_t *p, uint64_t len)
{
    for ( uint64_t i = 0; i < len; i++ )
        if ( p[i] )
            return 1;
    return 0;
}

/* Attempts at one window before the write counts as lost. */
#define WRITE_TRIES     4

/*
 * Copies or checks one window: nr frames from gpa's, chunk bytes.  With
 * held, a mapping whose check failed stays mapped in *held (the caller
 * unmaps it later).
 */
static int window(struct builder *b, uint64_t gpa, unsigned int nr,
                  const uint8_t *s, uint64_t chunk, int check,
                  uint8_t **held)
{
    uint64_t off = gpa & (PAGE - 1);
    uint8_t *map;
    int rc = 0;

    for ( unsigned int i = 0; i < nr; i++ )
        b->gfns[i] = gpa / PAGE + i;
    map = xc_map_foreign_pages(b->xch, b->domid, b->gfns, nr, &rc);
    if ( !map )
        return rc;
    if ( !check )
    {
        if ( s )
            memcpy(map + off, s, chunk);
        else
            memset(map + off, 0, chunk);
    }
    else if ( s ? memcmp(map + off, s, chunk) != 0
                : memchr_inv_zero(map + off, chunk) )
        rc = 1;
    if ( held && rc == 1 )
        *held = map;            /* a failed reader's */
    else
        xc_unmap_foreign(b->xch, map, nr);
    return rc;
}

/*
 * Copies len bytes of src (NULL: zeroes) to the guest at gpa, then reads
 * them back through a new mapping.  A write that did not reach the
 * domain's frames (seen under Bochs: see pvh-readme, "What is missing")
 * is written again, while the failed reading mapping stays held so
 * that dom0 maps the next attempt at other frames of its own, up to
 * WRITE_TRIES times; the retries are counted, and a window never read
 * back right is an error.
 */
static int guest_write(struct builder *b, uint64_t gpa, const void *src,
                       uint64_t len)
{
    const uint8_t *s = src;

    while ( len )
    {
        uint64_t off = gpa & (PAGE - 1);
        uint64_t pages = (off + len + PAGE - 1) / PAGE;
        unsigned int nr = pages < MAP_WINDOW ? pages : MAP_WINDOW;
        uint64_t chunk = (uint64_t)nr * PAGE - off;
        uint8_t *held[WRITE_TRIES] = { NULL };
        unsigned int nheld = 0, t;
        int rc = 0;

        if ( chunk > len )
            chunk = len;
        for ( t = 0; t < WRITE_TRIES; t++ )
        {
            /*
             * The reader most likely got the frames the writer just gave
             * back; holding a failed reader's makes the next writer use
             * others.
             */
            if ( (rc = window(b, gpa, nr, s, chunk, 0, NULL)) != 0 ||
                 (rc = window(b, gpa, nr, s, chunk, 1,
                              &held[nheld])) != 1 )
                break;
            nheld++;
            if ( !b->rewrites++ )
                b->first_rewrite = gpa;
        }
        for ( unsigned int i = 0; i < nheld; i++ )
            xc_unmap_foreign(b->xch, held[i], nr);
        if ( t == WRITE_TRIES )
        {
            b->bad_gpa = gpa;
            return -EIO;
        }
        if ( rc )
            return rc;
        if ( s )
            s += chunk;
        gpa += chunk;
        len -= chunk;
    }
    return 0;
}

static int populate(struct builder *b, const struct xg_pvh_layout *l)
{
    /* [0, 1M) with the hole, [1M, end), the console ring's page. */
    uint64_t high = l->nr_pages - LOW_PAGES;
    uint64_t nr = HIGH_START_PFN + high + 1;
    xen_pfn_t *gfns = malloc(nr * sizeof(*gfns));
    uint64_t i = 0;
    int rc;

    if ( !gfns )
        return -ENOMEM;
    for ( uint64_t g = 0; g < HIGH_START_PFN + high; g++ )
        gfns[i++] = g;
    gfns[i++] = XG_CONSOLE_GFN;
    rc = xc_domain_populate_physmap(b->xch, b->domid, gfns, i);
    free(gfns);
    return rc;
}

static int load_kernel(struct builder *b, const struct xg_pvh_args *a,
                       const struct xg_pvh_layout *l)
{
    struct elf_binary elf;
    unsigned int n;
    int rc;

    /* Checked by xg_pvh_plan(): cannot fail here. */
    if ( elf_init(&elf, a->kernel, a->kernel_size) )
        return -ENOEXEC;
    n = elf_phdr_count(&elf);
    for ( unsigned int i = 0; i < n; i++ )
    {
        struct elf_seg s;

        if ( elf_get_load_seg(&elf, i, &s) || !s.memsz )
            continue;
        if ( (rc = guest_write(b, seg_gpa(l, &s), elf.image + s.offset,
                               s.filesz)) != 0 ||
             (rc = guest_write(b, seg_gpa(l, &s) + s.filesz, NULL,
                               s.memsz - s.filesz)) != 0 )
            return rc;
    }
    return 0;
}

/* The ACPI page the memory map names (both ABIs); *rsdp its RSDP. */
static int write_acpi(struct builder *b, const struct xg_pvh_args *a,
                      uint64_t *rsdp)
{
    uint8_t acpi[PAGE];

    memset(acpi, 0, sizeof(acpi));
    if ( !pvh_acpi_build(acpi, sizeof(acpi), XG_ACPI_START, a->max_vcpus,
                         rsdp) )
        return -ENOSPC;
    return guest_write(b, XG_ACPI_START, acpi, sizeof(acpi));
}

/* The PHYS32 ABI's hvm_start_info block. */
static int write_start_info(struct builder *b, const struct xg_pvh_args *a,
                            const struct xg_pvh_layout *l, uint64_t rsdp)
{
    uint8_t *block = calloc(1, l->info_len);
    struct hvm_modlist_entry mod;
    struct e820entry map[XG_NR_MEMMAP];
    struct pvh_start_info_args sa;
    int rc = -EINVAL;

    if ( !block )
        return -ENOMEM;
    start_info_args(a, l, &mod, map, &sa);
    sa.rsdp = rsdp;
    if ( pvh_start_info_build(block, l->info_len, l->info_gpa, &sa) ==
         l->info_len )
        rc = guest_write(b, l->info_gpa, block, l->info_len);
    free(block);
    return rc;
}

/* The hypervisor's copy of the memory map (XENMEM_memory_map). */
static int set_memory_map(struct builder *b, const struct xg_pvh_layout *l)
{
    struct xc_e820entry map[XG_NR_MEMMAP];

    for ( unsigned int i = 0; i < XG_NR_MEMMAP; i++ )
        map[i] = (struct xc_e820entry){ l->memmap[i].addr,
                                        l->memmap[i].size,
                                        l->memmap[i].type };
    return xc_domain_set_memory_map(b->xch, b->domid, map, XG_NR_MEMMAP);
}

/*
 * The hypercall instruction of this CPU: dom0 sees the host's CPUID
 * vendor, and the hypervisor intercepts vmmcall on AMD (SVM) and vmcall
 * on Intel (VMX).
 */
static enum hvm_hypercall_insn host_hypercall_insn(void)
{
    unsigned int a, b, c, d;

    if ( __get_cpuid(0, &a, &b, &c, &d) &&
         ((b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163) ||
          (b == 0x6f677948 && d == 0x6e65476e && c == 0x656e6975)) )
        return HVM_HYPERCALL_VMMCALL;   /* AuthenticAMD, HygonGenuine */
    return HVM_HYPERCALL_VMCALL;
}

/*
 * The 64-bit ABI's start-of-day data: start_info, the page tables
 * (VIRT_BASE + x -> x, 2 MiB pages, as dom0_build.c's build_pagetables),
 * a zeroed stack and the hypercall page.
 */
static int write_long64(struct builder *b, const struct xg_pvh_args *a,
                        const struct xg_pvh_layout *l, uint32_t port)
{
    uint64_t vb = l->virt_base;
    struct start_info *si = calloc(1, sizeof(*si));
    uint64_t *pt = calloc(XG_NR_PT_FRAMES, PAGE);
    uint8_t *hc = malloc(PAGE);
    int rc = -ENOMEM;

    if ( !si || !pt || !hc )
        goto out;

    snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
    si->nr_pages = xg_pvh_pages_needed(a->memory_kb);
    si->flags = 0;                      /* unprivileged, not initdomain */
    si->console.domU.mfn = XG_CONSOLE_GFN;
    si->console.domU.evtchn = port;
    si->pt_base = vb + l->pt_gpa;
    si->nr_pt_frames = XG_NR_PT_FRAMES;
    if ( a->ramdisk )
    {
        si->flags |= SIF_MOD_START_PFN;
        si->mod_start = l->ramdisk_gpa / PAGE;
        si->mod_len = a->ramdisk_size;
    }
    /* Its length was checked by xg_pvh_plan(). */
    snprintf(si->cmd_line, sizeof(si->cmd_line), "%s",
             a->cmdline ? a->cmdline : "");

    pt[(vb >> 39) & 511] = (l->pt_gpa + PAGE) | 0x3;    /* present, RW */
    pt[512 + ((vb >> 30) & 511)] = (l->pt_gpa + 2 * PAGE) | 0x3;
    for ( uint64_t pa = 0; pa < l->pt_end; pa += MIB2 )
        pt[1024 + (((vb + pa) >> 21) & 511)] = pa | 0x83;  /* 2 MiB */

    if ( (rc = guest_write(b, l->si_gpa, si, sizeof(*si))) != 0 ||
         (rc = guest_write(b, l->si_gpa + sizeof(*si), NULL,
                           PAGE - sizeof(*si))) != 0 ||
         (rc = guest_write(b, l->pt_gpa, pt, XG_NR_PT_FRAMES * PAGE)) != 0 ||
         (rc = guest_write(b, l->stack_gpa, NULL,
                           XG_STACK_PAGES * PAGE)) != 0 )
        goto out;
    if ( l->hypercall_gpa != XG_NO_HYPERCALL_PAGE )
    {
        hvm_hypercall_page_build(hc, host_hypercall_insn());
        rc = guest_write(b, l->hypercall_gpa, hc, PAGE);
    }

 out:
    free(hc);
    free(pt);
    free(si);
    return rc;
}

static int setup_console(struct builder *b, uint32_t *port)
{
    int rc;

    /* Fresh frames need not be zero: the ring's indices must start so. */
    if ( (rc = guest_write(b, XG_CONSOLE_GFN * PAGE, NULL, PAGE)) != 0 ||
         (rc = xc_evtchn_alloc_unbound(b->xch, b->domid, 0, port)) != 0 ||
         (rc = xc_hvm_param_set(b->xch, b->domid, HVM_PARAM_CONSOLE_PFN,
                                XG_CONSOLE_GFN)) != 0 ||
         (rc = xc_hvm_param_set(b->xch, b->domid, HVM_PARAM_CONSOLE_EVTCHN,
                                *port)) != 0 )
        return rc;
    return 0;
}

static int start_vcpu0(struct builder *b, const struct xg_pvh_layout *l)
{
    /* The PVH boot ABI: flat 32-bit protected mode, paging off. */
    struct vcpu_hvm_context ctx = { .mode = VCPU_HVM_MODE_32B };
    struct vcpu_hvm_x86_32 *r = &ctx.cpu_regs.x86_32;

    if ( l->long64 )
    {
        /*
         * Long mode on our page tables: the hypervisor sets CR0, CR4,
         * EFER and the flat 64-bit segments itself (VMX set_initial_state)
         * and takes RIP, RSP, RSI, RFLAGS and CR3 from here; these are
         * what it would set, for the record.
         */
        struct vcpu_hvm_x86_64 *q = &ctx.cpu_regs.x86_64;

        ctx.mode = VCPU_HVM_MODE_64B;
        q->rip = l->entry;
        q->rsi = l->virt_base + l->si_gpa;
        q->rsp = l->virt_base + l->stack_gpa + XG_STACK_PAGES * PAGE;
        q->rflags = 0x2;
        q->cr3 = l->pt_gpa;
        q->cr0 = 0x80000011;                    /* PG, ET, PE */
        q->cr4 = 0x20;                          /* PAE */
        q->efer = 0x501;                        /* LMA, LME, SCE */
        return xc_vcpu_setcontext(b->xch, b->domid, 0, &ctx);
    }

    r->eip = l->entry;
    r->ebx = l->info_gpa;
    r->eflags = 0x2;
    r->cr0 = 0x1;                               /* PE */
    r->cs_limit = r->ds_limit = r->ss_limit = r->es_limit = ~0U;
    r->cs_ar = 0xc9b;                           /* code, 32-bit, 4K */
    r->ds_ar = r->ss_ar = r->es_ar = 0xc93;     /* data */
    r->tr_limit = 0x67;
    r->tr_ar = 0x8b;                            /* busy 32-bit TSS */
    return xc_vcpu_setcontext(b->xch, b->domid, 0, &ctx);
}

int xg_pvh_build(xc_interface *xch, const struct xg_pvh_args *a,
                 struct xg_pvh_result *res, char *err, size_t errlen)
{
    struct xen_domctl_createdomain cfg = {
        .flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
        .max_vcpus = a->max_vcpus,
        .max_evtchn_port = 1023,
        .max_grant_frames = 32,
        .max_maptrack_frames = 1024,
    };
    struct xen_sysctl_physinfo pi;
    struct builder *b;
    struct xg_pvh_layout *l = &res->layout;
    uint64_t needed, rsdp;
    domid_t domid = 0;
    const char *step;
    int rc;

    memset(res, 0, sizeof(*res));
    if ( (rc = xg_pvh_plan(a, l, err, errlen)) != 0 )
        return rc;

    /* Refuse before creating anything: p2m tables need a little too. */
    needed = xg_pvh_pages_needed(a->memory_kb);
    if ( (rc = xc_physinfo(xch, &pi)) != 0 )
        return fail(err, errlen, rc, "cannot read the host's free memory: "
                    "%s", xc_strerror(rc));
    if ( needed + needed / 256 + 16 > pi.free_pages )
        return fail(err, errlen, -ENOMEM, "memory %llu MiB is larger than "
                    "the hypervisor's free memory (%llu MiB)",
                    (unsigned long long)(a->memory_kb >> 10),
                    (unsigned long long)(pi.free_pages >> 8));

    if ( (rc = xc_domain_create(xch, &domid, &cfg)) != 0 )
        return fail(err, errlen, rc, "cannot create the domain: %s",
                    xc_strerror(rc));
    b = calloc(1, sizeof(*b));
    if ( !b )
    {
        rc = -ENOMEM;
        step = "allocating the builder";
        goto out;
    }
    b->xch = xch;
    b->domid = domid;
    b->bad_gpa = UINT64_MAX;

    step = "setting its maximum memory";
    rc = xc_domain_setmaxmem(xch, domid, (needed - 1 + SPECIAL_PAGES) * 4);
    if ( rc )
        goto out;
    step = "allocating its memory";
    if ( (rc = populate(b, l)) != 0 )
        goto out;
    step = "loading the kernel";
    if ( (rc = load_kernel(b, a, l)) != 0 )
        goto out;
    step = "loading the ramdisk";
    if ( a->ramdisk &&
         (rc = guest_write(b, l->ramdisk_gpa, a->ramdisk,
                           a->ramdisk_size)) != 0 )
        goto out;
    step = "writing the ACPI tables";
    if ( (rc = write_acpi(b, a, &rsdp)) != 0 )
        goto out;
    step = "setting up the console ring";
    if ( (rc = setup_console(b, &res->console_port)) != 0 )
        goto out;
    step = l->long64 ? "writing the start info, page tables and hypercall "
                       "page"
                     : "writing the start info";
    if ( (rc = l->long64 ? write_long64(b, a, l, res->console_port)
                         : write_start_info(b, a, l, rsdp)) != 0 )
        goto out;
    step = "setting its memory map";
    if ( (rc = set_memory_map(b, l)) != 0 )
        goto out;
    step = "setting vCPU 0's state";
    if ( (rc = start_vcpu0(b, l)) != 0 )
        goto out;
    res->domid = domid;
    res->rewrites = b->rewrites;
    res->first_rewrite_gpa = b->first_rewrite;
    free(b);
    return 0;

 out:
    if ( rc == -EIO && b && b->bad_gpa != UINT64_MAX )
        fail(err, errlen, rc, "domain %u: %s failed: what was written "
             "through a foreign mapping at %#llx did not reach its memory "
             "(read back different %u times)", domid, step,
             (unsigned long long)b->bad_gpa, WRITE_TRIES);
    else
        fail(err, errlen, rc, "domain %u: %s failed: %s", domid, step,
             xc_strerror(rc));
    free(b);
    /* Leave nothing behind. */
    xc_domain_destroy(xch, domid);
    return rc;
}
