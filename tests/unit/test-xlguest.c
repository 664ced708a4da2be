/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH domU builder (tools/libs/guest) and xl's console backend
 * (tools/xl/xl_create.c) against a fake hypervisor that keeps the new
 * domain's memory: the layout, hvm_start_info, memory map, ACPI tables,
 * console parameters and vCPU state the builder leaves there (for both
 * PVH entry ABIs: the 64-bit one's start_info, page tables, stack and
 * hypercall page too), the memory map it gives the hypervisor, its
 * refusals (hostile ELF images, too much memory) before anything is
 * created, its clean-up when a step fails after creation, and the
 * console reader against a hostile ring.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
#include <public/xen.h>

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
    uint8_t e820[8][20];                /* XENMEM_set_memory_map's */
    unsigned int nr_e820;
    struct {
        void *p;
        uint8_t *orig;          /* the frames as mapped, to see writes */
        xen_pfn_t gfn[1024];
        unsigned int nr;
    } map[MAX_MAPS];
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

        if ( arg[0] == XENMEM_set_memory_map )
        {
            struct xen_foreign_memory_map *m = (void *)(uintptr_t)arg[1];

            assert_int_equal(m->domid, FAKE_DOMID);
            assert_true(m->map.nr_entries <= 8);
            memcpy(fk.e820, (void *)(uintptr_t)m->map.buffer,
                   m->map.nr_entries * 20);
            fk.nr_e820 = m->map.nr_entries;
            return 0;
        }
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
    fk.map[slot].orig = malloc(nr * PG);
    assert_non_null(fk.map[slot].orig);
    memcpy(fk.map[slot].orig, p, nr * PG);
    return p;
}

static void fake_unmap(void *priv, void *addr, unsigned int nr)
{
    for ( unsigned int s = 0; s < MAX_MAPS; s++ )
        if ( fk.map[s].p == addr )
        {
            assert_int_equal(fk.map[s].nr, nr);
            /*
             * Only frames written through this mapping reach the guest
             * (a reading mapping must not put back what it saw); a write
             * through a stale translation is lost.
             */
            if ( memcmp(addr, fk.map[s].orig, (size_t)nr * PG) &&
                 fk.drop_writes && fk.drop_writes-- )
                nr = 0;
            for ( unsigned int i = 0; i < nr; i++ )
                if ( gpage(fk.map[s].gfn[i]) &&
                     memcmp((uint8_t *)addr + i * PG,
                            fk.map[s].orig + i * PG, PG) )
                    memcpy(gpage(fk.map[s].gfn[i]),
                           (uint8_t *)addr + i * PG, PG);
            free(fk.map[s].orig);
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
/* The 64-bit ABI's: VIRT_BASE, and the hypercall page in the image. */
#define K_VB        0xffffffff80000000UL
#define K_HCALL     (K_PADDR + 0x1000)
#define K_FEATURES  "writable_descriptor_tables|auto_translated_physmap|" \
                    "supervisor_mode_kernel|hvm_callback_vector"

/* make_kernel()'s kinds: Xen notes besides GUEST_OS. */
#define K_NONE      0                   /* no entry at all */
#define K_PHYS32    1                   /* PHYS32_ENTRY */
#define K_LONG64    2                   /* FEATURES, VIRT_BASE, ENTRY, ... */
#define K_NO_ENTRY  4                   /* with K_LONG64: ENTRY left out */

/* FEATURES for K_LONG64 kernels. */
static const char *k_features = K_FEATURES;

static size_t add_note(uint8_t *buf, size_t n, uint32_t type,
                       const void *desc, uint32_t descsz)
{
    struct { uint32_t namesz, descsz, type; char name[4]; } nh =
        { 4, descsz, type, "Xen" };

    memcpy(buf + n, &nh, sizeof(nh));
    memcpy(buf + n + sizeof(nh), desc, descsz);
    return n + sizeof(nh) + ((descsz + 3) & ~3U);
}

/* An ELF64 executable: one PT_LOAD, one PT_NOTE of Xen notes. */
static size_t make_kernel(uint8_t *buf, size_t size, int kind)
{
    Elf64_Ehdr *eh = (void *)buf;
    Elf64_Phdr *ph = (void *)(buf + sizeof(*eh));
    size_t note_off = 0x200, n = note_off;
    uint64_t vb = kind & K_LONG64 ? K_VB : 0;
    int phys32 = kind & K_PHYS32;

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
    if ( kind & K_LONG64 )
    {
        uint64_t v;

        n = add_note(buf, n, XEN_ELFNOTE_FEATURES, k_features,
                     strlen(k_features) + 1);
        v = K_VB;
        n = add_note(buf, n, XEN_ELFNOTE_VIRT_BASE, &v, 8);
        v = K_VB + K_ENTRY;
        if ( !(kind & K_NO_ENTRY) )
            n = add_note(buf, n, XEN_ELFNOTE_ENTRY, &v, 8);
        v = K_VB + K_HCALL;
        n = add_note(buf, n, XEN_ELFNOTE_HYPERCALL_PAGE, &v, 8);
        assert_true(n <= K_DATA);
        eh->e_entry = K_VB + K_ENTRY;
    }
    ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
                          .p_offset = K_DATA, .p_vaddr = vb + K_PADDR,
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

/* The hypervisor was given the memory map map[] (20-byte e820). */
static void check_e820(const struct hvm_memmap_table_entry *map)
{
    assert_int_equal(fk.nr_e820, XG_NR_MEMMAP);
    for ( unsigned int i = 0; i < XG_NR_MEMMAP; i++ )
    {
        uint64_t addr, size;
        uint32_t type;

        memcpy(&addr, fk.e820[i], 8);
        memcpy(&size, fk.e820[i] + 8, 8);
        memcpy(&type, fk.e820[i] + 16, 4);
        assert_int_equal(addr, map[i].addr);
        assert_int_equal(size, map[i].size);
        assert_int_equal(type, map[i].type);
    }
}

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
    check_e820(map);
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

/* ------------------------------------------------------ 64-bit ABI */

/* Walks the guest's 4-level page tables from cr3: va's gpa, or ~0. */
static uint64_t walk(uint64_t cr3, uint64_t va)
{
    uint64_t e, table = cr3;

    for ( int shift = 39; shift >= 21; shift -= 9 )
    {
        gread(table + ((va >> shift) & 511) * 8, &e, 8);
        if ( !(e & 1) )
            return ~0ULL;
        /* Every level writable; 2 MiB pages at the L2. */
        assert_int_equal(e & 2, 2);
        if ( shift == 21 )
        {
            assert_int_equal(e & 0x80, 0x80);
            return (e & 0xffffffe00000ULL) + (va & 0x1fffff);
        }
        assert_int_equal(e & 0x80, 0);
        table = e & 0xffffffffff000ULL;
    }
    return ~0ULL;
}

/* Checked apart from the builder's own test: the CPUID vendor string. */
static bool host_is_amd(void)
{
    unsigned int a, b, c, d;
    char vendor[13] = "";

    if ( !__get_cpuid(0, &a, &b, &c, &d) )
        return false;
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    return !strcmp(vendor, "AuthenticAMD") || !strcmp(vendor, "HygonGenuine");
}

static void test_long64(void **state)
{
    size_t ksize = make_kernel(kernel, sizeof(kernel), K_LONG64);
    struct xg_pvh_args a = args(ksize);
    struct xg_pvh_result res;
    const struct xg_pvh_layout *l = &res.layout;
    const struct vcpu_hvm_x86_64 *r = &fk.ctx.cpu_regs.x86_64;
    struct start_info si;
    struct hvm_memmap_table_entry map[XG_NR_MEMMAP];
    uint8_t seg[K_MEMSZ], page[PG], stack[2 * PG];
    char err[256];

    assert_int_equal(build(&a, &res, err, sizeof(err)), 0);
    assert_int_equal(fk.destroyed, 0);
    assert_true(l->long64);
    assert_int_equal(l->virt_base, K_VB);
    assert_int_equal(l->entry, K_VB + K_ENTRY);

    /* The segment at vaddr - VIRT_BASE, its bss cleared. */
    gread(K_PADDR, seg, sizeof(seg));
    for ( size_t i = 0; i < K_MEMSZ; i++ )
        if ( i < 0x1000 || i >= 0x2000 )    /* the hypercall page aside */
            assert_int_equal(seg[i], i < K_FILESZ ? (uint8_t)(i * 7 + 1)
                                                  : 0);

    /* After the kernel, page-aligned: ramdisk, start_info, tables, stack. */
    assert_true(l->ramdisk_gpa >= K_PADDR + K_MEMSZ);
    assert_int_equal(l->si_gpa, (l->ramdisk_gpa + sizeof(ramdisk) + PG - 1) &
                                ~(PG - 1));
    assert_int_equal(l->pt_gpa, l->si_gpa + PG);
    assert_int_equal(l->stack_gpa, l->pt_gpa + 3 * PG);
    assert_int_equal(l->pt_end % (2UL << 20), 0);
    assert_true(l->pt_end >= l->stack_gpa + 2 * PG);
    assert_int_equal(l->info_gpa, 0);

    /* start_info. */
    gread(l->si_gpa, &si, sizeof(si));
    assert_string_equal(si.magic, "xen-3.0-x86_64");
    assert_int_equal(si.nr_pages, xg_pvh_pages_needed(a.memory_kb));
    assert_int_equal(si.flags, SIF_MOD_START_PFN);   /* a domU: no priv */
    assert_int_equal(si.mod_start, l->ramdisk_gpa / PG);
    assert_int_equal(si.mod_len, sizeof(ramdisk));
    assert_int_equal(si.pt_base, K_VB + l->pt_gpa);
    assert_int_equal(si.nr_pt_frames, 3);
    assert_int_equal(si.store_mfn, 0);
    assert_int_equal(si.console.domU.mfn, XG_CONSOLE_GFN);
    assert_int_equal(si.console.domU.evtchn, FAKE_PORT);
    assert_string_equal(si.cmd_line, "console=hvc0 root=/dev/ram0");
    gread(si.mod_start * PG, seg, sizeof(ramdisk));
    assert_memory_equal(seg, ramdisk, sizeof(ramdisk));

    /* vCPU 0: long mode at ENTRY. */
    assert_true(fk.ctx_set);
    assert_int_equal(fk.ctx.mode, VCPU_HVM_MODE_64B);
    assert_int_equal(r->rip, K_VB + K_ENTRY);
    assert_int_equal(r->rsi, K_VB + l->si_gpa);
    assert_int_equal(r->rsp, K_VB + l->stack_gpa + 2 * PG);
    assert_int_equal(r->cr3, l->pt_gpa);
    assert_int_equal(r->rflags & 0x200, 0);         /* IF clear */

    /* Page tables: VIRT_BASE + x -> x over [0, pt_end), nothing else. */
    assert_int_equal(walk(r->cr3, r->rip), K_ENTRY);
    assert_int_equal(walk(r->cr3, r->rsi), l->si_gpa);
    assert_int_equal(walk(r->cr3, r->rsp - 8), l->stack_gpa + 2 * PG - 8);
    assert_int_equal(walk(r->cr3, K_VB), 0);
    assert_int_equal(walk(r->cr3, K_VB + l->pt_end - 1), l->pt_end - 1);
    assert_int_equal(walk(r->cr3, K_VB + l->pt_end), ~0ULL);
    assert_int_equal(walk(r->cr3, 0), ~0ULL);
    /* One L4 entry, one L3 entry: the three frames start_info names. */
    for ( unsigned int t = 0; t < 2; t++ )
    {
        unsigned int used = 0;

        gread(l->pt_gpa + t * PG, page, PG);
        for ( unsigned int i = 0; i < 512; i++ )
            used += page[i * 8] != 0;
        assert_int_equal(used, 1);
    }
    gread(l->stack_gpa, stack, sizeof(stack));
    for ( size_t i = 0; i < sizeof(stack); i++ )
        assert_int_equal(stack[i], 0);

    /*
     * The hypercall page: "mov $i, %eax; vmcall; ret" every 32 bytes,
     * vmmcall (0f 01 d9) where the CPU is AMD's, as dom0 would see.
     */
    gread(K_HCALL, page, PG);
    for ( unsigned int i = 0; i < PG / 32; i++ )
    {
        const uint8_t stub[9] = {
            0xb8, i, 0, 0, 0, 0x0f, 0x01, host_is_amd() ? 0xd9 : 0xc1, 0xc3,
        };

        assert_memory_equal(page + i * 32, stub, sizeof(stub));
        for ( unsigned int j = sizeof(stub); j < 32; j++ )
            assert_int_equal(page[i * 32 + j], 0xcc);
    }

    /* Console and memory map as for the 32-bit entry. */
    assert_int_equal(fk.params[HVM_PARAM_CONSOLE_PFN], 0xfefff);
    assert_int_equal(fk.params[HVM_PARAM_CONSOLE_EVTCHN], FAKE_PORT);
    assert_int_equal(fk.params[HVM_PARAM_STORE_PFN], 0);
    memcpy(map, l->memmap, sizeof(map));
    check_e820(map);
    assert_int_equal(map[3].addr + map[3].size, l->ram_end);
}

/* The 64-bit ABI's refusals: features, entry, hostile notes. */
static void test_long64_refused(void **state)
{
    static const char *const names[] = {
        "writable_descriptor_tables", "auto_translated_physmap",
        "supervisor_mode_kernel", "hvm_callback_vector",
    };
    size_t ksize = make_kernel(kernel, sizeof(kernel), K_LONG64);
    struct xg_pvh_args a = args(ksize);
    Elf64_Phdr *ph = (void *)(kernel + sizeof(Elf64_Ehdr));
    char feat[256], msg[64];

    /* Each required feature missing in turn: named. */
    for ( unsigned int i = 0; i < 4; i++ )
    {
        feat[0] = 0;
        for ( unsigned int j = 0; j < 4; j++ )
            if ( j != i )
                snprintf(feat + strlen(feat), sizeof(feat) - strlen(feat),
                         "%s%s", feat[0] ? "|" : "", names[j]);
        k_features = feat;
        make_kernel(kernel, sizeof(kernel), K_LONG64);
        snprintf(msg, sizeof(msg), "lacks the feature '%s'", names[i]);
        refused(&a, msg);
    }
    k_features = K_FEATURES;

    /* Neither entry: no PHYS32_ENTRY, no ENTRY. */
    make_kernel(kernel, sizeof(kernel), K_LONG64 | K_NO_ENTRY);
    refused(&a, "neither a XEN_ELFNOTE_PHYS32_ENTRY note nor");
    /* No notes but GUEST_OS: no entry, no features. */
    make_kernel(kernel, sizeof(kernel), K_NONE);
    refused(&a, "no XEN_ELFNOTE_PHYS32_ENTRY note");

    /* Segments below VIRT_BASE, or beyond RAM. */
    make_kernel(kernel, sizeof(kernel), K_LONG64);
    ph[0].p_vaddr = 0x200000;
    refused(&a, "outside the domain's RAM");
    make_kernel(kernel, sizeof(kernel), K_LONG64);
    ph[0].p_vaddr = K_VB + 0x40000000;
    refused(&a, "outside the domain's RAM");

    /* ENTRY and HYPERCALL_PAGE outside the image. */
    make_kernel(kernel, sizeof(kernel), K_LONG64);
    ph[0].p_vaddr += 0x10000;
    refused(&a, "ENTRY");
    make_kernel(kernel, sizeof(kernel), K_LONG64);
    ph[0].p_vaddr -= 0x2000;            /* the page is past the end */
    ph[0].p_memsz = 0x3000;
    ph[0].p_filesz = 0x2100;
    refused(&a, "HYPERCALL_PAGE");

    /* A command line start_info cannot hold. */
    make_kernel(kernel, sizeof(kernel), K_LONG64);
    {
        static char longcmd[1100];

        memset(longcmd, 'x', sizeof(longcmd) - 1);
        a.cmdline = longcmd;
        refused(&a, "longer than");
        a.cmdline = args(ksize).cmdline;
    }

    /* With PHYS32_ENTRY too, the 32-bit entry is chosen. */
    make_kernel(kernel, sizeof(kernel), K_LONG64 | K_PHYS32);
    {
        struct xg_pvh_layout l;
        char err[256];

        assert_int_equal(xg_pvh_plan(&a, &l, err, sizeof(err)), 0);
        assert_false(l.long64);
        assert_int_equal(l.entry, K_ENTRY);
    }
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
    static uint8_t orig[2][sizeof(kernel)];
    size_t ksize = make_kernel(orig[0], sizeof(kernel), K_PHYS32);
    unsigned int seed = 12345;

    /* Every third round: a kernel of the 64-bit entry. */
    assert_int_equal(make_kernel(orig[1], sizeof(kernel), K_LONG64), ksize);
    for ( unsigned int round = 0; round < 450; round++ )
    {
        struct xg_pvh_args a;
        struct xg_pvh_layout l;
        char err[512];
        int rc;

        memcpy(kernel, orig[round % 3 == 2], sizeof(kernel));
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
            if ( l.long64 )
            {
                assert_true(l.pt_end <= 1UL << 30);
                assert_true(l.stack_gpa + 2 * PG <= l.pt_end);
                assert_true(l.stack_gpa + 2 * PG <= l.ram_end);
                assert_true(l.hypercall_gpa == XG_NO_HYPERCALL_PAGE ||
                            l.hypercall_gpa + PG <= l.si_gpa);
            }
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
        cmocka_unit_test_setup_teardown(test_long64, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long64_refused, setup,
                                        teardown),
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
