/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH domU builder (tools/libs/guest) and xl's console backend
 * (tools/xl/xl_create.c) against a fake hypervisor that keeps the new
 * domain's memory: the layout, hvm_start_info, memory map, ACPI tables,
 * console parameters and vCPU state the builder leaves there, its
 * refusals (hostile ELF images, too much memory) before anything is
 * created, its clean-up when a step fails after creation, and the
 * console reader against a hostile ring.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <public/elfnote.h>
#include <public/memory.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/console.h>

#include "xenguest.h"
#include "xl.h"

/* ------------------------------------------------------ the fake */

#define PG          4096UL
#define NR_GFNS     (1UL << 20)         /* 4 GiB of guest frames */
#define FAKE_DOMID  7
#define FAKE_PORT   5
#define MAX_MAPS    8

static struct fake {
    uint8_t **page;                     /* the domain's frames, or NULL */
    unsigned long populated;
    int created, destroyed, unpaused;
    struct xen_domctl_createdomain cfg;
    uint64_t max_memkb;
    struct vcpu_hvm_context ctx;
    int ctx_set;
    uint64_t params[HVM_NR_PARAMS];
    uint64_t free_pages;
    unsigned long populate_limit;       /* 0: none */
    int fail_map;                       /* maps that fail from now */
    int drop_writes;                    /* unmaps that lose the writes */
    int shutdown;                       /* getdomaininfo says shut down */
    struct { void *p; xen_pfn_t gfn[1024]; unsigned int nr; } map[MAX_MAPS];
} fk;

static uint8_t *gpage(uint64_t gfn)
{
    return gfn < NR_GFNS ? fk.page[gfn] : NULL;
}

/* Copies out of guest memory; fails the test on a hole. */
static void gread(uint64_t gpa, void *dst, size_t len)
{
    uint8_t *d = dst;

    while ( len )
    {
        uint8_t *p = gpage(gpa / PG);
        size_t off = gpa % PG, n = PG - off < len ? PG - off : len;

        if ( !p )
            fail_msg("guest read at %#llx: not populated",
                     (unsigned long long)gpa);
        memcpy(d, p + off, n);
        d += n;
        gpa += n;
        len -= n;
    }
}

static long fake_domctl(struct xen_domctl *op)
{
    switch ( op->cmd )
    {
    case XEN_DOMCTL_createdomain:
        fk.created++;
        fk.cfg = op->u.createdomain;
        op->domain = FAKE_DOMID;
        return 0;
    case XEN_DOMCTL_getdomaininfo:
        if ( !fk.created || fk.destroyed || op->domain != FAKE_DOMID )
            return -ESRCH;
        memset(&op->u.getdomaininfo, 0, sizeof(op->u.getdomaininfo));
        op->u.getdomaininfo.domain = FAKE_DOMID;
        op->u.getdomaininfo.flags = fk.shutdown ? XEN_DOMINF_shutdown : 0;
        return 0;
    }
    if ( op->domain != FAKE_DOMID || !fk.created || fk.destroyed )
        return -ESRCH;
    switch ( op->cmd )
    {
    case XEN_DOMCTL_max_mem:
        fk.max_memkb = op->u.max_mem.max_memkb;
        return 0;
    case XEN_DOMCTL_setvcpucontext:
        assert_int_equal(op->u.vcpucontext.vcpu, 0);
        memcpy(&fk.ctx, (void *)(uintptr_t)op->u.vcpucontext.ctxt,
               sizeof(fk.ctx));
        fk.ctx_set = 1;
        return 0;
    case XEN_DOMCTL_unpausedomain:
        fk.unpaused++;
        return 0;
    case XEN_DOMCTL_destroydomain:
        fk.destroyed++;
        return 0;
    }
    return -ENOSYS;
}

static long fake_hypercall(void *priv, uint64_t op, const uint64_t arg[5])
{
    switch ( op )
    {
    case __HYPERVISOR_domctl:
        return fake_domctl((void *)(uintptr_t)arg[0]);
    case __HYPERVISOR_sysctl:
    {
        struct xen_sysctl *s = (void *)(uintptr_t)arg[0];

        if ( s->cmd != XEN_SYSCTL_physinfo )
            return -ENOSYS;
        memset(&s->u.physinfo, 0, sizeof(s->u.physinfo));
        s->u.physinfo.total_pages = 1UL << 20;
        s->u.physinfo.free_pages = fk.free_pages;
        return 0;
    }
    case __HYPERVISOR_memory_op:
    {
        struct xen_memory_reservation *r = (void *)(uintptr_t)arg[1];
        const xen_pfn_t *g = (void *)(uintptr_t)r->extent_start;

        assert_int_equal(arg[0], XENMEM_populate_physmap);
        assert_int_equal(r->domid, FAKE_DOMID);
        assert_int_equal(r->extent_order, 0);
        for ( xen_ulong_t i = 0; i < r->nr_extents; i++ )
        {
            if ( fk.populate_limit && fk.populated >= fk.populate_limit )
                return i;
            assert_true(g[i] < NR_GFNS);
            assert_null(fk.page[g[i]]);
            /* Not zeroed: the builder must clear what needs it. */
            fk.page[g[i]] = malloc(PG);
            assert_non_null(fk.page[g[i]]);
            memset(fk.page[g[i]], 0xa5, PG);
            fk.populated++;
        }
        return r->nr_extents;
    }
    case __HYPERVISOR_event_channel_op:
    {
        struct evtchn_alloc_unbound *a = (void *)(uintptr_t)arg[1];

        assert_int_equal(arg[0], EVTCHNOP_alloc_unbound);
        assert_int_equal(a->dom, FAKE_DOMID);
        assert_int_equal(a->remote_dom, 0);
        a->port = FAKE_PORT;
        return 0;
    }
    case __HYPERVISOR_hvm_op:
    {
        struct xen_hvm_param *p = (void *)(uintptr_t)arg[1];

        if ( p->domid != FAKE_DOMID || !fk.created || fk.destroyed )
            return -ESRCH;
        assert_true(p->index < HVM_NR_PARAMS);
        if ( arg[0] == HVMOP_set_param )
            fk.params[p->index] = p->value;
        else
            p->value = fk.params[p->index];
        return 0;
    }
    }
    return -ENOSYS;
}

static void *fake_alloc(void *priv, size_t size)
{
    void *p = aligned_alloc(PG, size);

    if ( p )
        memset(p, 0, size);
    return p;
}

static void fake_free(void *priv, void *p, size_t size)
{
    free(p);
}

/* A copy of the frames, written back at unmap: a mapping's effect. */
static void *fake_map(void *priv, domid_t dom, const xen_pfn_t *gfns,
                      int *err, unsigned int nr, int *rc)
{
    unsigned int slot;
    uint8_t *p;

    if ( fk.fail_map )
    {
        *rc = -EFAULT;
        return NULL;
    }
    assert_int_equal(dom, FAKE_DOMID);
    assert_true(nr >= 1 && nr <= 1024);
    for ( slot = 0; slot < MAX_MAPS && fk.map[slot].p; slot++ )
        ;
    assert_true(slot < MAX_MAPS);
    p = aligned_alloc(PG, nr * PG);
    assert_non_null(p);
    for ( unsigned int i = 0; i < nr; i++ )
    {
        uint8_t *src = gpage(gfns[i]);

        err[i] = src ? 0 : -EFAULT;
        memcpy(p + i * PG, src ? src : (uint8_t *)p, src ? PG : 0);
        fk.map[slot].gfn[i] = gfns[i];
    }
    fk.map[slot].p = p;
    fk.map[slot].nr = nr;
    return p;
}

static void fake_unmap(void *priv, void *addr, unsigned int nr)
{
    for ( unsigned int s = 0; s < MAX_MAPS; s++ )
        if ( fk.map[s].p == addr )
        {
            assert_int_equal(fk.map[s].nr, nr);
            /* A write through a stale translation: lost. */
            if ( fk.drop_writes && fk.drop_writes-- )
                nr = 0;
            for ( unsigned int i = 0; i < nr; i++ )
                if ( gpage(fk.map[s].gfn[i]) )
                    memcpy(gpage(fk.map[s].gfn[i]),
                           (uint8_t *)addr + i * PG, PG);
            free(addr);
            fk.map[s].p = NULL;
            return;
        }
    fail_msg("unmapping something not mapped");
}

/* Pushes what the unmapped copy of a mapping holds into the guest. */
static void fake_sync(void)
{
    for ( unsigned int s = 0; s < MAX_MAPS; s++ )
        for ( unsigned int i = 0; fk.map[s].p && i < fk.map[s].nr; i++ )
            if ( gpage(fk.map[s].gfn[i]) )
                memcpy(gpage(fk.map[s].gfn[i]),
                       (uint8_t *)fk.map[s].p + i * PG, PG);
}

static const struct xc_backend fake_backend = {
    .hypercall = fake_hypercall,
    .alloc = fake_alloc,
    .free = fake_free,
    .map_foreign = fake_map,
    .unmap_foreign = fake_unmap,
};

static int setup(void **state)
{
    uint8_t **pages = calloc(NR_GFNS, sizeof(*pages));

    assert_non_null(pages);
    memset(&fk, 0, sizeof(fk));
    fk.page = pages;
    fk.free_pages = 1UL << 18;          /* 1 GiB */
    return 0;
}

static int teardown(void **state)
{
    for ( unsigned long i = 0; i < NR_GFNS; i++ )
        free(fk.page[i]);
    free(fk.page);
    for ( unsigned int s = 0; s < MAX_MAPS; s++ )
        assert_null(fk.map[s].p);
    return 0;
}

/* ------------------------------------------------------ a test kernel */

#define K_PADDR     0x200000UL
#define K_FILESZ    0x2100UL
#define K_MEMSZ     0x5000UL
#define K_ENTRY     (K_PADDR + 0x40)
#define K_DATA      0x1000UL             /* file offset of the segment */

/* An ELF64 executable: one PT_LOAD, one PT_NOTE of Xen notes. */
static size_t make_kernel(uint8_t *buf, size_t size, int phys32)
{
    Elf64_Ehdr *eh = (void *)buf;
    Elf64_Phdr *ph = (void *)(buf + sizeof(*eh));
    size_t note_off = 0x200, n = note_off;

    assert_true(size >= K_DATA + K_FILESZ);
    memset(buf, 0, size);
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = K_ENTRY;
    eh->e_phoff = sizeof(*eh);
    eh->e_ehsize = sizeof(*eh);
    eh->e_phentsize = sizeof(*ph);
    eh->e_phnum = 2;

    /* "Xen" notes: GUEST_OS, then (if asked) PHYS32_ENTRY. */
    {
        struct { uint32_t namesz, descsz, type; char name[4]; } nh;
        uint32_t entry = K_ENTRY;

        nh = (typeof(nh)){ 4, 8, XEN_ELFNOTE_GUEST_OS, "Xen" };
        memcpy(buf + n, &nh, sizeof(nh));
        memcpy(buf + n + sizeof(nh), "linux\0\0", 8);
        n += sizeof(nh) + 8;
        if ( phys32 )
        {
            nh = (typeof(nh)){ 4, 4, XEN_ELFNOTE_PHYS32_ENTRY, "Xen" };
            memcpy(buf + n, &nh, sizeof(nh));
            memcpy(buf + n + sizeof(nh), &entry, 4);
            n += sizeof(nh) + 4;
        }
    }
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
                          .p_offset = K_DATA, .p_vaddr = K_PADDR,
                          .p_paddr = K_PADDR, .p_filesz = K_FILESZ,
                          .p_memsz = K_MEMSZ, .p_align = PG };
    ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = note_off,
                          .p_filesz = n - note_off, .p_align = 4 };
    for ( size_t i = 0; i < K_FILESZ; i++ )
        buf[K_DATA + i] = (uint8_t)(i * 7 + 1);
    return K_DATA + K_FILESZ;
}

static uint8_t kernel[K_DATA + K_FILESZ];
static uint8_t ramdisk[5000];

static struct xg_pvh_args args(size_t ksize)
{
    for ( size_t i = 0; i < sizeof(ramdisk); i++ )
        ramdisk[i] = (uint8_t)(i ^ 0x5a);
    return (struct xg_pvh_args){
        .kernel = kernel, .kernel_size = ksize,
        .ramdisk = ramdisk, .ramdisk_size = sizeof(ramdisk),
        .cmdline = "console=hvc0 root=/dev/ram0",
        .memory_kb = 16 * 1024,
        .max_vcpus = 2,
    };
}

static int build(const struct xg_pvh_args *a, struct xg_pvh_result *res,
                 char *err, size_t errlen)
{
    xc_interface *xch = xc_open_backend(&fake_backend, NULL);
    int rc;

    assert_non_null(xch);
    err[0] = 0;
    rc = xg_pvh_build(xch, a, res, err, errlen);
    xc_close(xch);
    return rc;
}

/* ------------------------------------------------------ tests */

static void test_build(void **state)
{
    size_t ksize = make_kernel(kernel, sizeof(kernel), 1);
    struct xg_pvh_args a = args(ksize);
    struct xg_pvh_result res;
    struct hvm_start_info si;
    struct hvm_modlist_entry mod;
    struct hvm_memmap_table_entry map[XG_NR_MEMMAP];
    uint8_t seg[K_MEMSZ], rd[sizeof(ramdisk)], acpi[PG];
    uint64_t nr = 16 * 256;
    char err[256], cmd[64];
    struct xencons_interface ring;

    assert_int_equal(build(&a, &res, err, sizeof(err)), 0);
    assert_int_equal(res.domid, FAKE_DOMID);
    assert_int_equal(fk.created, 1);
    assert_int_equal(fk.destroyed, 0);
    assert_int_equal(fk.unpaused, 0);  /* the caller's decision */
    assert_int_equal(fk.cfg.flags, XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap);
    assert_int_equal(fk.cfg.max_vcpus, 2);
    /* RAM, the legacy hole, the 8 special pages. */
    assert_int_equal(fk.max_memkb, (nr + 96 + 8) * 4);
    /* [0, 1M) hole included, [1M, end), the console page. */
    assert_int_equal(fk.populated, 256 + (nr - 160) + 1);
    assert_non_null(gpage(0xfefff));
    assert_null(gpage(0xfeff8));
    assert_non_null(gpage(0xa0));       /* the hole is backed */
    assert_int_equal(res.layout.ram_end, 0x100000 + (nr - 160) * PG);
    assert_null(gpage(res.layout.ram_end / PG));

    /* The kernel at its physical address, its bss cleared. */
    gread(K_PADDR, seg, sizeof(seg));
    for ( size_t i = 0; i < K_MEMSZ; i++ )
        assert_int_equal(seg[i], i < K_FILESZ ? (uint8_t)(i * 7 + 1) : 0);

    /* vCPU 0: flat 32-bit protected mode at the PHYS32 entry. */
    assert_true(fk.ctx_set);
    assert_int_equal(fk.ctx.mode, VCPU_HVM_MODE_32B);
    assert_int_equal(fk.ctx.cpu_regs.x86_32.eip, K_ENTRY);
    assert_int_equal(fk.ctx.cpu_regs.x86_32.cr0 & 0x80000001, 1);
    assert_int_equal(fk.ctx.cpu_regs.x86_32.cs_base, 0);
    assert_int_equal(fk.ctx.cpu_regs.x86_32.ebx, res.layout.info_gpa);

    /* hvm_start_info, below 1 GiB, after kernel, ramdisk, cmdline. */
    gread(res.layout.info_gpa, &si, sizeof(si));
    assert_int_equal(si.magic, XEN_HVM_START_MAGIC_VALUE);
    assert_int_equal(si.version, 1);
    assert_int_equal(si.flags, 0);
    assert_int_equal(si.nr_modules, 1);
    assert_int_equal(si.rsdp_paddr, XG_ACPI_START);
    assert_int_equal(si.memmap_entries, 5);
    assert_true(res.layout.ramdisk_gpa >= K_PADDR + K_MEMSZ);
    assert_int_equal(res.layout.ramdisk_gpa % PG, 0);
    assert_true(res.layout.info_gpa >= res.layout.ramdisk_gpa +
                                       sizeof(ramdisk));
    /* The command line ends the block (hvm/start_info.c). */
    assert_int_equal(si.cmdline_paddr, res.layout.cmdline_gpa);
    assert_true(si.cmdline_paddr > res.layout.info_gpa);
    assert_true(res.layout.info_gpa + res.layout.info_len < 1UL << 30);
    gread(si.cmdline_paddr, cmd, sizeof("console=hvc0 root=/dev/ram0"));
    assert_string_equal(cmd, "console=hvc0 root=/dev/ram0");
    gread(si.modlist_paddr, &mod, sizeof(mod));
    assert_int_equal(mod.paddr, res.layout.ramdisk_gpa);
    assert_int_equal(mod.size, sizeof(ramdisk));
    assert_int_equal(mod.cmdline_paddr, 0);
    gread(mod.paddr, rd, sizeof(rd));
    assert_memory_equal(rd, ramdisk, sizeof(rd));

    gread(si.memmap_paddr, map, sizeof(map));
    assert_int_equal(map[0].addr, 0);
    assert_int_equal(map[0].size, 0x9f000);
    assert_int_equal(map[0].type, XEN_HVM_MEMMAP_TYPE_RAM);
    assert_int_equal(map[1].addr, 0x9f000);
    assert_int_equal(map[1].size, 0x1000);
    assert_int_equal(map[1].type, XEN_HVM_MEMMAP_TYPE_ACPI);
    assert_int_equal(map[2].addr, 0xa0000);
    assert_int_equal(map[2].size, 0x60000);
    assert_int_equal(map[2].type, XEN_HVM_MEMMAP_TYPE_RESERVED);
    assert_int_equal(map[3].addr, 0x100000);
    assert_int_equal(map[3].addr + map[3].size, res.layout.ram_end);
    assert_int_equal(map[3].type, XEN_HVM_MEMMAP_TYPE_RAM);
    assert_int_equal(map[4].addr, 0xfeff8000);
    assert_int_equal(map[4].size, 0x8000);
    assert_int_equal(map[4].type, XEN_HVM_MEMMAP_TYPE_RESERVED);

    /* ACPI: the RSDP, and a MADT with a local APIC per vCPU. */
    gread(XG_ACPI_START, acpi, sizeof(acpi));
    assert_memory_equal(acpi, "RSD PTR ", 8);
    assert_non_null(memmem(acpi, sizeof(acpi), "APIC", 4));
    {
        const uint8_t *madt = memmem(acpi, sizeof(acpi), "APIC", 4);
        uint32_t len;

        memcpy(&len, madt + 4, 4);
        assert_int_equal(len, 44 + 2 * 8);
    }

    /* The console: a zeroed ring, its gfn and port in the params. */
    gread(XG_CONSOLE_GFN * PG, &ring, sizeof(ring));
    assert_int_equal(ring.out_cons | ring.out_prod | ring.in_cons |
                     ring.in_prod, 0);
    assert_int_equal(fk.params[HVM_PARAM_CONSOLE_PFN], 0xfefff);
    assert_int_equal(fk.params[HVM_PARAM_CONSOLE_EVTCHN], FAKE_PORT);
    assert_int_equal(res.console_port, FAKE_PORT);
    assert_int_equal(fk.params[HVM_PARAM_STORE_PFN], 0);  /* no xenstore */
}

/* Refusals before anything is created, each with its message. */
static void refused(const struct xg_pvh_args *a, const char *msg)
{
    struct xg_pvh_result res;
    char err[512];
    int rc = build(a, &res, err, sizeof(err));

    assert_true(rc < 0);
    if ( !strstr(err, msg) )
        fail_msg("error \"%s\" lacks \"%s\"", err, msg);
    assert_int_equal(fk.created, 0);
    assert_int_equal(fk.populated, 0);
}

static void test_refused(void **state)
{
    size_t ksize = make_kernel(kernel, sizeof(kernel), 1);
    struct xg_pvh_args a = args(ksize);
    Elf64_Phdr *ph = (void *)(kernel + sizeof(Elf64_Ehdr));

    fk.free_pages = 1000;
    refused(&a, "larger than the hypervisor's free memory");
    fk.free_pages = 1UL << 18;

    a.memory_kb = 1024;
    refused(&a, "at least 4096 KiB");
    a.memory_kb = 8ULL << 30;
    refused(&a, "at most");
    a = args(ksize);
    a.max_vcpus = 0;
    refused(&a, "vCPUs");
    a = args(ksize);

    /* Hostile or unsuitable images. */
    a.kernel_size = 40;
    refused(&a, "not a usable x86-64 ELF image");
    a.kernel_size = ksize;
    memcpy(kernel, "\177ELG", 4);
    refused(&a, "not a usable x86-64 ELF image");

    make_kernel(kernel, sizeof(kernel), 0);
    refused(&a, "no XEN_ELFNOTE_PHYS32_ENTRY note");

    make_kernel(kernel, sizeof(kernel), 1);
    ph[1].p_type = PT_NULL;             /* no notes at all */
    refused(&a, "no Xen ELF notes");

    make_kernel(kernel, sizeof(kernel), 1);
    ph[1].p_filesz = 0x100000;          /* notes beyond the image */
    refused(&a, "malformed");

    make_kernel(kernel, sizeof(kernel), 1);
    {
        uint32_t big = 0xfffffff0;      /* a note's descsz */

        memcpy(kernel + 0x200 + 4, &big, 4);
    }
    refused(&a, "malformed");

    make_kernel(kernel, sizeof(kernel), 1);
    ph[0].p_filesz = 0x100000;          /* data beyond the image */
    ph[0].p_memsz = 0x100000;
    refused(&a, "corrupt");

    make_kernel(kernel, sizeof(kernel), 1);
    ph[0].p_paddr = 0x40000000;         /* beyond 16 MiB of RAM */
    refused(&a, "outside the domain's RAM");

    make_kernel(kernel, sizeof(kernel), 1);
    ph[0].p_paddr = 0xa0000;            /* in the legacy hole */
    refused(&a, "outside the domain's RAM");

    make_kernel(kernel, sizeof(kernel), 1);
    a.ramdisk_size = 15 << 20;          /* no room after the kernel */
    refused(&a, "no room for the ramdisk");
}

/* A step failing after createdomain: the domain is destroyed. */
static void test_cleanup(void **state)
{
    size_t ksize = make_kernel(kernel, sizeof(kernel), 1);
    struct xg_pvh_args a = args(ksize);
    struct xg_pvh_result res;
    char err[512];

    fk.populate_limit = 100;
    assert_int_equal(build(&a, &res, err, sizeof(err)), -ENOMEM);
    assert_non_null(strstr(err, "allocating its memory failed"));
    assert_int_equal(fk.created, 1);
    assert_int_equal(fk.destroyed, 1);
    assert_int_equal(fk.ctx_set, 0);
}

static void test_cleanup_map(void **state)
{
    size_t ksize = make_kernel(kernel, sizeof(kernel), 1);
    struct xg_pvh_args a = args(ksize);
    struct xg_pvh_result res;
    char err[512];

    fk.fail_map = 1;
    assert_true(build(&a, &res, err, sizeof(err)) < 0);
    assert_non_null(strstr(err, "loading the kernel failed"));
    assert_int_equal(fk.destroyed, 1);
}

/* Writes lost through a mapping are read back, redone, or refused. */
static void test_lost_writes(void **state)
{
    size_t ksize = make_kernel(kernel, sizeof(kernel), 1);
    struct xg_pvh_args a = args(ksize);
    struct xg_pvh_result res;
    uint8_t seg[K_FILESZ];
    char err[512];

    fk.drop_writes = 1;                 /* the kernel's first window */
    assert_int_equal(build(&a, &res, err, sizeof(err)), 0);
    assert_int_equal(res.rewrites, 1);
    assert_int_equal(res.first_rewrite_gpa, K_PADDR);
    gread(K_PADDR, seg, sizeof(seg));
    assert_memory_equal(seg, kernel + K_DATA, sizeof(seg));
    teardown(state);
    setup(state);

    fk.drop_writes = 1000;              /* every time */
    assert_int_equal(build(&a, &res, err, sizeof(err)), -EIO);
    assert_non_null(strstr(err, "did not reach its memory"));
    assert_int_equal(fk.destroyed, 1);
}

/* Random corruption of the image: refused or built, never a crash. */
static void test_fuzz(void **state)
{
    static uint8_t orig[sizeof(kernel)];
    size_t ksize = make_kernel(orig, sizeof(orig), 1);
    unsigned int seed = 12345;

    for ( unsigned int round = 0; round < 300; round++ )
    {
        struct xg_pvh_args a;
        struct xg_pvh_layout l;
        char err[512];
        int rc;

        memcpy(kernel, orig, sizeof(kernel));
        for ( unsigned int k = 0; k < 1 + round % 8; k++ )
        {
            size_t at = rand_r(&seed) % (round % 2 ? 0x300 : ksize);

            kernel[at] = (uint8_t)rand_r(&seed);
        }
        a = args(ksize - (round % 5 == 4 ? rand_r(&seed) % ksize : 0));
        rc = xg_pvh_plan(&a, &l, err, sizeof(err));
        if ( rc )
            assert_true(err[0] != 0);
        else
        {
            assert_true(l.info_gpa + l.info_len <= 1UL << 30);
            assert_true(l.kernel_end <= l.ram_end);
        }
    }
}

/* ------------------------------------------------------ xl console */

static char console_out[8192];

static int run_console(unsigned long polls, const char *ring_out,
                       XENCONS_RING_IDX cons, XENCONS_RING_IDX prod,
                       char *errs, size_t errsize)
{
    struct xencons_interface *r;
    FILE *out = fmemopen(console_out, sizeof(console_out), "w");
    FILE *err = fmemopen(errs, errsize, "w");
    struct xl_env env = { .out = out, .err = err, .in_fd = -1,
                          .console_max_polls = polls };
    xc_interface *xch = xc_open_backend(&fake_backend, NULL);
    int st;

    memset(console_out, 0, sizeof(console_out));
    memset(errs, 0, errsize);
    fk.created = 1;
    fk.params[HVM_PARAM_CONSOLE_PFN] = XG_CONSOLE_GFN;
    if ( !fk.page[XG_CONSOLE_GFN] )
        fk.page[XG_CONSOLE_GFN] = calloc(1, PG);
    r = (void *)fk.page[XG_CONSOLE_GFN];
    memset(r, 0, sizeof(*r));
    for ( size_t i = 0; ring_out[i]; i++ )
        r->out[(cons + i) % sizeof(r->out)] = ring_out[i];
    r->out_cons = cons;
    r->out_prod = prod;
    st = xl_console_run(&env, xch, FAKE_DOMID);
    fake_sync();
    xc_close(xch);
    fclose(out);
    fclose(err);
    return st;
}

static void test_console(void **state)
{
    struct xencons_interface *r;
    char errs[512];

    /* Wrapping around the end of out[]. */
    assert_int_equal(run_console(1, "hello\n", 2046, 2046 + 6, errs,
                                 sizeof(errs)), 0);
    assert_string_equal(console_out, "hello\n");
    r = (void *)fk.page[XG_CONSOLE_GFN];
    assert_int_equal(r->out_cons, 2046 + 6);

    /* Indices claiming more than the ring: skipped, said once. */
    assert_int_equal(run_console(3, "junk", 0, 5000, errs, sizeof(errs)), 0);
    assert_string_equal(console_out, "");
    assert_non_null(strstr(errs, "indices are out of range"));
    r = (void *)fk.page[XG_CONSOLE_GFN];
    assert_int_equal(r->out_cons, 5000);
    assert_int_equal(run_console(1, "x", 10, 9, errs, sizeof(errs)), 0);
    assert_non_null(strstr(errs, "out of range"));

    /* The console ends when the domain shuts down. */
    fk.shutdown = 1;
    assert_int_equal(run_console(0, "bye\n", 0, 4, errs, sizeof(errs)), 0);
    assert_string_equal(console_out, "bye\n");
    fk.shutdown = 0;

    /* A domain without a ring. */
    fk.created = 1;
    fk.params[HVM_PARAM_CONSOLE_PFN] = 0;
    {
        FILE *err = fmemopen(errs, sizeof(errs), "w");
        struct xl_env env = { .out = stdout, .err = err, .in_fd = -1 };
        xc_interface *xch = xc_open_backend(&fake_backend, NULL);

        assert_int_equal(xl_console_run(&env, xch, FAKE_DOMID), 1);
        xc_close(xch);
        fclose(err);
        assert_non_null(strstr(errs, "has no console ring"));
    }
}

/* ------------------------------------------------------ xl create */

static xc_interface *fake_open(int *err)
{
    return xc_open_backend(&fake_backend, NULL);
}

/* xl create on a temporary kernel and configuration file. */
static int create(const char *dir, const char *run, const char *cfg_extra,
                  int paused, char *errs, size_t errsize)
{
    char kpath[96], cpath[96], cfg[512];
    FILE *err = fmemopen(errs, errsize, "w");
    struct xl_env env = { .out = stdout, .err = err, .open = fake_open,
                          .run_dir = run, .in_fd = -1 };
    size_t ksize = make_kernel(kernel, sizeof(kernel), 1);
    FILE *f;
    int st;

    snprintf(kpath, sizeof(kpath), "%s/kernel", dir);
    snprintf(cpath, sizeof(cpath), "%s/vm.cfg", dir);
    f = fopen(kpath, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(kernel, 1, ksize, f), ksize);
    fclose(f);
    snprintf(cfg, sizeof(cfg), "name = \"vm1\"\npvh = 1\nkernel = \"%s\"\n"
             "memory = 16\nvcpus = 2\n%s", kpath, cfg_extra);
    f = fopen(cpath, "w");
    assert_non_null(f);
    fputs(cfg, f);
    fclose(f);
    memset(errs, 0, errsize);
    st = xl_create(&env, cpath, NULL, 0, paused, 0);
    fclose(err);
    unlink(kpath);
    unlink(cpath);
    return st;
}

static void test_xl_create(void **state)
{
    char dir[] = "/tmp/test-xlguest.XXXXXX", errs[1024], name[64];
    char run[64];
    struct xl_env env = { .run_dir = run };

    assert_non_null(mkdtemp(dir));
    /* The registry's directory is made as needed. */
    snprintf(run, sizeof(run), "%s/run/xl", dir);
    assert_int_equal(create(dir, run, "colour = \"red\"\n", 1, errs,
                            sizeof(errs)), 0);
    assert_non_null(strstr(errs, "Parsing config from "));
    assert_non_null(strstr(errs, "unknown key 'colour'"));
    assert_non_null(strstr(errs, "Started domain vm1 (id=7), paused"));
    assert_int_equal(fk.created, 1);
    assert_int_equal(fk.unpaused, 0);
    assert_int_equal(fk.cfg.max_vcpus, 2);
    assert_int_equal(xl_name_get(&env, 7, name, sizeof(name)), 0);
    assert_string_equal(name, "vm1");

    /* The name is taken while domain 7 lives. */
    assert_int_equal(create(dir, run, "", 0, errs, sizeof(errs)), 1);
    assert_non_null(strstr(errs, "already exists"));
    assert_int_equal(fk.created, 1);
    xl_name_remove(&env, 7);

    /* Too much memory: refused, nothing created. */
    fk.created = 0;
    fk.free_pages = 100;
    assert_int_equal(create(dir, run, "", 0, errs, sizeof(errs)), 1);
    assert_non_null(strstr(errs, "larger than the hypervisor's free"));
    assert_int_equal(fk.created, 0);
    assert_int_equal(rmdir(run), 0);
    snprintf(run, sizeof(run), "%s/run", dir);
    assert_int_equal(rmdir(run), 0);
    assert_int_equal(rmdir(dir), 0);
}

/* ------------------------------------------------------ names */

static void test_names(void **state)
{
    char dir[] = "/tmp/test-xlguest.XXXXXX", path[64], name[64];
    struct xl_env env = { .in_fd = -1 };
    domid_t id = 0;
    FILE *f;

    assert_non_null(mkdtemp(dir));
    env.run_dir = dir;
    assert_int_equal(xl_name_lookup(&env, "vm1", &id), -1);
    snprintf(path, sizeof(path), "%s/12", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("vm1\n", f);
    fclose(f);
    assert_int_equal(xl_name_lookup(&env, "vm1", &id), 0);
    assert_int_equal(id, 12);
    assert_int_equal(xl_name_get(&env, 12, name, sizeof(name)), 0);
    assert_string_equal(name, "vm1");
    assert_int_equal(xl_name_get(&env, 13, name, sizeof(name)), -1);
    xl_name_remove(&env, 12);
    assert_int_equal(xl_name_lookup(&env, "vm1", &id), -1);
    /* Without a registry nothing is named. */
    env.run_dir = NULL;
    assert_int_equal(xl_name_get(&env, 12, name, sizeof(name)), -1);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_build, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cleanup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cleanup_map, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lost_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fuzz, setup, teardown),
        cmocka_unit_test_setup_teardown(test_console, setup, teardown),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_xl_create, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
