/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH domU builder (see xenguest.h): plan the layout from the kernel
 * and the arguments alone, check free memory, then create the domain,
 * give it memory, write its contents through foreign mappings, offer it
 * a console ring and start vCPU 0 at the PHYS32 entry.
 */
#define _GNU_SOURCE
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
#include <asm/hvm/start_info.h>
#include <public/hvm/params.h>
#include <public/io/console.h>

#define PAGE            4096UL
#define LOW_PAGES       (XG_LOW_RAM_END / PAGE)
#define HIGH_START_PFN  (XG_HIGH_RAM_START / PAGE)
#define SPECIAL_PAGES   ((XG_SPECIAL_END - XG_SPECIAL_START) / PAGE)
#define GIB             (1ULL << 30)
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
        return fail(err, errlen, -EOPNOTSUPP, "the kernel has no "
                    "XEN_ELFNOTE_PHYS32_ENTRY note (the PVH 32-bit entry): "
                    "xl create builds only that entry ABI, not the 64-bit "
                    "PVH one (FEATURES \"%s\")", parms->features);
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

static size_t start_info_size(const struct xg_pvh_args *a)
{
    struct xg_pvh_layout l = { 0 };
    struct hvm_modlist_entry mod;
    struct e820entry map[XG_NR_MEMMAP];
    struct pvh_start_info_args sa;

    start_info_args(a, &l, &mod, map, &sa);
    return pvh_start_info_size(&sa);
}

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
    l->entry = parms.phys32_entry;

    n = elf_phdr_count(&elf);
    l->kernel_start = UINT64_MAX;
    for ( unsigned int i = 0; i < n; i++ )
    {
        struct elf_seg s;

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
        if ( !gpa_is_ram(l, s.paddr, s.memsz) )
            return fail(err, errlen, -EINVAL, "kernel segment %u [%#llx, "
                        "+%#llx) is outside the domain's RAM (%llu MiB)", i,
                        (unsigned long long)s.paddr,
                        (unsigned long long)s.memsz,
                        (unsigned long long)(a->memory_kb >> 10));
        if ( s.paddr < l->kernel_start )
            l->kernel_start = s.paddr;
        if ( s.paddr + s.memsz > l->kernel_end )
            l->kernel_end = s.paddr + s.memsz;
        loaded++;
    }
    if ( !loaded )
        return fail(err, errlen, -EINVAL, "the kernel has no loadable "
                    "segment");
    if ( l->entry < l->kernel_start || l->entry >= l->kernel_end )
        return fail(err, errlen, -EINVAL, "the kernel's PHYS32_ENTRY %#llx "
                    "is outside its segments",
                    (unsigned long long)l->entry);

    /* After the kernel: the ramdisk, then the start info block. */
    next = l->kernel_end;
    if ( a->ramdisk &&
         take(l, &next, a->ramdisk_size, &l->ramdisk_gpa) )
        return fail(err, errlen, -ENOMEM, "no room for the ramdisk (%zu "
                    "KiB) after the kernel in %llu MiB of memory",
                    a->ramdisk_size >> 10,
                    (unsigned long long)(a->memory_kb >> 10));
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
    return 0;
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

/* Copies or checks one window: nr frames from gpa's, chunk bytes. */
static int window(struct builder *b, uint64_t gpa, unsigned int nr,
                  const uint8_t *s, uint64_t chunk, int check)
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
    xc_unmap_foreign(b->xch, map, nr);
    return rc;
}

/*
 * Copies len bytes of src (NULL: zeroes) to the guest at gpa, then reads
 * them back through a new mapping: a write that did not reach the
 * domain's frames (a stale translation in dom0) is written once more,
 * and counted; a second miss is an error.
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
        int rc;

        if ( chunk > len )
            chunk = len;
        if ( (rc = window(b, gpa, nr, s, chunk, 0)) != 0 )
            return rc;
        if ( (rc = window(b, gpa, nr, s, chunk, 1)) == 1 )
        {
            if ( !b->rewrites++ )
                b->first_rewrite = gpa;
            if ( (rc = window(b, gpa, nr, s, chunk, 0)) != 0 )
                return rc;
            if ( (rc = window(b, gpa, nr, s, chunk, 1)) == 1 )
            {
                b->bad_gpa = gpa;
                return -EIO;
            }
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

static int load_kernel(struct builder *b, const struct xg_pvh_args *a)
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
        if ( (rc = guest_write(b, s.paddr, elf.image + s.offset,
                               s.filesz)) != 0 ||
             (rc = guest_write(b, s.paddr + s.filesz, NULL,
                               s.memsz - s.filesz)) != 0 )
            return rc;
    }
    return 0;
}

static int write_start_info(struct builder *b, const struct xg_pvh_args *a,
                            const struct xg_pvh_layout *l)
{
    uint8_t *block = calloc(1, l->info_len);
    uint8_t acpi[PAGE];
    struct hvm_modlist_entry mod;
    struct e820entry map[XG_NR_MEMMAP];
    struct pvh_start_info_args sa;
    uint64_t rsdp;
    int rc;

    if ( !block )
        return -ENOMEM;
    memset(acpi, 0, sizeof(acpi));
    start_info_args(a, l, &mod, map, &sa);
    if ( !pvh_acpi_build(acpi, sizeof(acpi), XG_ACPI_START, a->max_vcpus,
                         &rsdp) )
    {
        free(block);
        return -ENOSPC;
    }
    sa.rsdp = rsdp;
    if ( pvh_start_info_build(block, l->info_len, l->info_gpa, &sa) !=
         l->info_len )
    {
        free(block);
        return -EINVAL;
    }
    rc = guest_write(b, XG_ACPI_START, acpi, sizeof(acpi));
    if ( !rc )
        rc = guest_write(b, l->info_gpa, block, l->info_len);
    free(block);
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
    uint64_t needed;
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
    if ( (rc = load_kernel(b, a)) != 0 )
        goto out;
    step = "loading the ramdisk";
    if ( a->ramdisk &&
         (rc = guest_write(b, l->ramdisk_gpa, a->ramdisk,
                           a->ramdisk_size)) != 0 )
        goto out;
    step = "writing the start info and ACPI tables";
    if ( (rc = write_start_info(b, a, l)) != 0 )
        goto out;
    step = "setting up the console ring";
    if ( (rc = setup_console(b, &res->console_port)) != 0 )
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
             "(read back different twice)", domid, step,
             (unsigned long long)b->bad_gpa);
    else
        fail(err, errlen, rc, "domain %u: %s failed: %s", domid, step,
             xc_strerror(rc));
    free(b);
    /* Leave nothing behind. */
    xc_domain_destroy(xch, domid);
    return rc;
}
