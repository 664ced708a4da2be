/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH domain builder for dom0.  It reads the kernel's Xen ELF notes
 * and builds the guest for one of the two PVH entry ABIs:
 *
 *  - XEN_ELFNOTE_PHYS32_ENTRY (preferred when present): 32-bit protected
 *    mode, paging off, EBX = an hvm_start_info (version 1) below 1 GiB;
 *  - the original 64-bit PVH entry: the kernel must support
 *    writable_descriptor_tables, auto_translated_physmap,
 *    supervisor_mode_kernel and hvm_callback_vector; it starts in long
 *    mode on page tables we build, RSI = a start_info.
 *
 * Guest-physical layout: RAM at [0, 640K) and [1M, end); the kernel at
 * its load addresses; after it, page-aligned: the extra modules, then the
 * start-of-day data (and, for the 64-bit ABI, page tables and a stack).
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/libelf.h>
#include <xen/memory.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/dom0_build.h>
#include <asm/e820.h>
#include <asm/hvm/acpi.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/start_info.h>
#include <asm/page.h>
#include <public/hvm/start_info.h>
#include <public/xen.h>

/* "dom0_mem=<size>": dom0's RAM (default: all but a reserve). */
static unsigned long __initdata opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);

#define ACPI_START      0x9f000UL       /* one page of ACPI tables */
#define LOW_RAM_END     0xa0000UL       /* 640 KiB */
#define HIGH_RAM_START  0x100000UL      /* 1 MiB */
/*
 * Special pages, where Xen's toolstack puts them: the 8 pages below
 * 0xff000000, reserved in the memory map (guests map them with ioremap,
 * which refuses RAM).  Only the console ring is used.
 */
#define SPECIAL_START   0xfeff8000UL
#define SPECIAL_END     0xff000000UL
#define CONSOLE_GFN     ((SPECIAL_END >> PAGE_SHIFT) - 1)
#define GB(x)           ((unsigned long)(x) << 30)
#define MB(x)           ((unsigned long)(x) << 20)

static const unsigned int pvh_required_features[] = {
    XENFEAT_writable_descriptor_tables,
    XENFEAT_auto_translated_physmap,
    XENFEAT_supervisor_mode_kernel,
    XENFEAT_hvm_callback_vector,
};
static const char *const pvh_required_names[] = {
    "writable_descriptor_tables", "auto_translated_physmap",
    "supervisor_mode_kernel", "hvm_callback_vector",
};

struct builder {
    struct domain *d;
    const struct pvh_build_args *args;
    struct elf_binary elf;
    struct elf_dom_parms parms;
    unsigned long ram_end;          /* guest-physical end of RAM */
    unsigned long load_offset;      /* gpa = ELF address - load_offset */
    bool use_vaddr;                 /* 64-bit ABI: place by vaddr */
    paddr_t kernel_end;
    paddr_t alloc;                  /* next free gpa after the kernel */
};

static unsigned long dom0_pages(void)
{
    unsigned long avail = avail_heap_pages();
    unsigned long reserve = max(avail / 16, MB(16) >> PAGE_SHIFT);

    if ( opt_dom0_mem )
        return min(opt_dom0_mem >> PAGE_SHIFT, avail);
    return avail > reserve ? avail - reserve : avail / 2;
}

static u32 start_flags(const struct builder *b)
{
    return b->args->initdomain ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
}

static bool gpa_is_ram(const struct builder *b, paddr_t s, paddr_t len)
{
    paddr_t e = s + len;

    if ( e < s )
        return false;
    return e <= ACPI_START || (s >= HIGH_RAM_START && e <= b->ram_end);
}

/* The guest's ACPI tables, in the page the memory map calls ACPI. */
static int build_acpi(struct builder *b, u64 *rsdp)
{
    void *page = hvm_map_gfn(b->d, ACPI_START >> PAGE_SHIFT, true);

    if ( !page ||
         !pvh_acpi_build(page, PAGE_SIZE, ACPI_START, b->d->max_vcpus, rsdp) )
    {
        printk(XENLOG_ERR "d%u: cannot build ACPI tables for %u vCPUs\n",
               b->d->domain_id, b->d->max_vcpus);
        return -ENOSPC;
    }
    return 0;
}

/* Takes len bytes, page-aligned, from the free area after the kernel. */
static int take(struct builder *b, size_t len, paddr_t *gpa)
{
    paddr_t at = ROUNDUP(b->alloc, PAGE_SIZE);

    if ( !gpa_is_ram(b, at, len) )
        return -ENOMEM;
    *gpa = at;
    b->alloc = at + ROUNDUP(len, PAGE_SIZE);
    return 0;
}

static int setup_memory(struct builder *b)
{
    struct domain *d = b->d;
    unsigned long nr = b->args->nr_pages, low = LOW_RAM_END >> PAGE_SHIFT;
    int rc;

    if ( nr < (MB(4) >> PAGE_SHIFT) )
    {
        printk(XENLOG_ERR "d%u: only %lu KiB of memory for it\n",
               d->domain_id, nr << (PAGE_SHIFT - 10));
        return -ENOMEM;
    }
    /* The legacy hole is backed too: allow for its 96 pages. */
    d->max_pages = nr + ((HIGH_RAM_START - LOW_RAM_END) >> PAGE_SHIFT);
    b->ram_end = HIGH_RAM_START + ((nr - low) << PAGE_SHIFT);
    if ( b->ram_end > SPECIAL_START )
    {
        /* RAM above the 4 GiB hole is not laid out yet. */
        printk(XENLOG_ERR "d%u: %lu MiB of memory: at most %lu MiB is "
               "supported\n", d->domain_id, nr >> (20 - PAGE_SHIFT),
               (SPECIAL_START - (HIGH_RAM_START - LOW_RAM_END)) >> 20);
        return -EINVAL;
    }

    /*
     * The legacy hole [640K, 1M) is backed by zeroed pages, though the
     * memory map calls it reserved: kernels scan it for BIOS ROMs and DMI
     * tables, and must find nothing there rather than fault.
     */
    rc = guest_physmap_populate(d, 0, HIGH_RAM_START >> PAGE_SHIFT);
    if ( !rc )
        rc = guest_physmap_populate(d, HIGH_RAM_START >> PAGE_SHIFT,
                                    nr - low);
    if ( rc )
    {
        printk(XENLOG_ERR "d%u: cannot allocate %lu MiB (%d)\n",
               d->domain_id, nr >> (20 - PAGE_SHIFT), rc);
        return rc;
    }

    d->arch.e820[0] = (struct e820entry){ 0, ACPI_START, E820_RAM };
    d->arch.e820[1] = (struct e820entry){ ACPI_START,
                                          LOW_RAM_END - ACPI_START,
                                          E820_ACPI };
    d->arch.e820[2] = (struct e820entry){ LOW_RAM_END,
                                          HIGH_RAM_START - LOW_RAM_END,
                                          E820_RESERVED };
    d->arch.e820[3] = (struct e820entry){ HIGH_RAM_START,
                                          b->ram_end - HIGH_RAM_START,
                                          E820_RAM };
    d->arch.nr_e820 = 4;
    if ( !b->args->initdomain )
    {
        /* dom0 writes its console with console_io instead. */
        d->arch.e820[4] = (struct e820entry){ SPECIAL_START,
                                              SPECIAL_END - SPECIAL_START,
                                              E820_RESERVED };
        d->arch.nr_e820 = 5;
        rc = console_ring_init(d, CONSOLE_GFN);
        if ( rc )
        {
            printk(XENLOG_ERR "d%u: cannot set up its console ring (%d)\n",
                   d->domain_id, rc);
            return rc;
        }
    }
    printk("d%u: %lu MiB of RAM (%lu pages)\n", d->domain_id,
           nr >> (20 - PAGE_SHIFT), nr);
    return 0;
}

static int check_features(const struct builder *b)
{
    for ( unsigned int i = 0; i < ARRAY_SIZE(pvh_required_features); i++ )
        if ( !elf_xen_feature_get(pvh_required_features[i],
                                  b->parms.f_supported) )
        {
            printk(XENLOG_ERR "d%u: kernel lacks required PVH feature "
                   "'%s' (FEATURES: \"%s\"): refusing to build it\n",
                   b->d->domain_id, pvh_required_names[i],
                   b->parms.features);
            return -EINVAL;
        }
    return 0;
}

static int load_kernel(struct builder *b)
{
    unsigned int n = elf_phdr_count(&b->elf);
    bool any = false;

    for ( unsigned int i = 0; i < n; i++ )
    {
        struct elf_seg s;
        paddr_t gpa;

        if ( elf_get_load_seg(&b->elf, i, &s) )
            continue;
        gpa = (b->use_vaddr ? s.vaddr : s.paddr) - b->load_offset;
        if ( !gpa_is_ram(b, gpa, s.memsz) )
        {
            printk(XENLOG_ERR "d%u: kernel segment %u [%#lx, +%#lx) is "
                   "outside its RAM\n", b->d->domain_id, i,
                   (unsigned long)gpa, (unsigned long)s.memsz);
            return -EINVAL;
        }
        if ( hvm_copy_to_guest_phys(b->d, gpa, b->elf.image + s.offset,
                                    s.filesz) ||
             hvm_clear_guest_phys(b->d, gpa + s.filesz,
                                  s.memsz - s.filesz) )
            return -EFAULT;
        b->kernel_end = max(b->kernel_end, (paddr_t)(gpa + s.memsz));
        any = true;
    }
    if ( !any )
    {
        printk(XENLOG_ERR "d%u: kernel has no loadable segment\n",
               b->d->domain_id);
        return -EINVAL;
    }
    b->alloc = ROUNDUP(b->kernel_end, PAGE_SIZE);
    return 0;
}

/* Copies extra module i into guest RAM; returns its gpa in *gpa. */
static int load_module(struct builder *b, unsigned int i, paddr_t *gpa)
{
    const struct boot_module *m = b->args->mods[i];
    int rc = take(b, m->size, gpa);

    if ( rc )
    {
        printk(XENLOG_ERR "d%u: no room for module %u (%lu KiB)\n",
               b->d->domain_id, i, (unsigned long)(m->size >> 10));
        return rc;
    }
    return hvm_copy_to_guest_phys(b->d, *gpa, maddr_to_virt(m->start),
                                  m->size);
}

static int build_phys32(struct builder *b, struct hvm_initial_state *st)
{
    const struct pvh_build_args *a = b->args;
    unsigned int nr_mods = a->nr_mods;
    struct hvm_modlist_entry mods[MAX_BOOT_MODULES];
    struct pvh_start_info_args sa = {
        .cmdline = a->cmdline,
        .mods = mods,
        .nr_mods = nr_mods,
        .map = b->d->arch.e820,
        .nr_map = b->d->arch.nr_e820,
        .flags = start_flags(b),
    };
    paddr_t info_gpa;
    size_t info_len;
    void *info;
    int rc;

    for ( unsigned int i = 0; i < nr_mods; i++ )
    {
        paddr_t gpa, mcmd;
        size_t len = strlen(a->mods[i]->cmdline) + 1;

        if ( (rc = load_module(b, i, &gpa)) != 0 ||
             (rc = take(b, len, &mcmd)) != 0 ||
             (rc = hvm_copy_to_guest_phys(b->d, mcmd, a->mods[i]->cmdline,
                                          len)) )
            return rc;
        mods[i] = (struct hvm_modlist_entry){
            .paddr = gpa, .size = a->mods[i]->size,
            .cmdline_paddr = mcmd,
        };
    }

    if ( (rc = build_acpi(b, &sa.rsdp)) != 0 )
        return rc;

    /* start_info, module list, memory map and command line, < 1 GiB. */
    info_len = pvh_start_info_size(&sa);
    if ( !info_len )
        return -EINVAL;
    if ( (rc = take(b, info_len, &info_gpa)) != 0 )
        return rc;
    if ( info_gpa + info_len > GB(1) )
    {
        printk(XENLOG_ERR "d%u: start info would sit above 1 GiB\n",
               b->d->domain_id);
        return -ENOMEM;
    }
    info = xmalloc_bytes(info_len);
    if ( !info )
        return -ENOMEM;
    if ( pvh_start_info_build(info, info_len, info_gpa, &sa) != info_len )
        rc = -EINVAL;
    else if ( hvm_copy_to_guest_phys(b->d, info_gpa, info, info_len) )
        rc = -EFAULT;
    xfree(info);
    if ( rc )
        return rc;

    st->mode = HVM_START_PROT32;
    st->rip = b->parms.phys32_entry;
    st->rbx = info_gpa;
    printk("d%u: PHYS32 entry %#lx, hvm_start_info at %#lx\n",
           b->d->domain_id, (unsigned long)st->rip, (unsigned long)info_gpa);
    return 0;
}

/*
 * Page tables for the 64-bit ABI: virt_base + x -> x for the whole
 * bootstrap area, with 2 MiB pages (one L4, one L3, one L2: < 1 GiB).
 */
static int build_pagetables(struct builder *b, paddr_t end, paddr_t *l4_gpa)
{
    u64 vb = b->parms.virt_base;
    paddr_t l4, l3, l2;
    u64 e;
    int rc;

    if ( end > GB(1) )
        return -ENOMEM;
    if ( (rc = take(b, PAGE_SIZE, &l4)) || (rc = take(b, PAGE_SIZE, &l3)) ||
         (rc = take(b, PAGE_SIZE, &l2)) )
        return rc;

    e = l3 | 0x3;       /* present, writable */
    rc = hvm_copy_to_guest_phys(b->d, l4 + ((vb >> 39) & 511) * 8, &e, 8);
    e = l2 | 0x3;
    rc = rc ?: hvm_copy_to_guest_phys(b->d, l3 + ((vb >> 30) & 511) * 8,
                                      &e, 8);
    for ( paddr_t pa = 0; !rc && pa < end; pa += MB(2) )
    {
        e = pa | 0x83;  /* present, writable, 2 MiB */
        rc = hvm_copy_to_guest_phys(b->d,
                                    l2 + (((vb + pa) >> 21) & 511) * 8,
                                    &e, 8);
    }
    *l4_gpa = l4;
    return rc;
}

static int build_long64(struct builder *b, struct hvm_initial_state *st)
{
    const struct pvh_build_args *a = b->args;
    u64 vb = b->parms.virt_base;
    struct start_info si = { .flags = start_flags(b) };
    paddr_t mod_gpa = 0, si_gpa, l4, stack;
    int rc;

    if ( a->nr_mods )
    {
        if ( a->nr_mods > 1 )
            printk(XENLOG_WARNING "d%u: the 64-bit PVH ABI passes one "
                   "module; ignoring %u more\n", b->d->domain_id,
                   a->nr_mods - 1);
        if ( (rc = load_module(b, 0, &mod_gpa)) != 0 )
            return rc;
        si.flags |= SIF_MOD_START_PFN;
        si.mod_start = mod_gpa >> PAGE_SHIFT;
        si.mod_len = a->mods[0]->size;
    }

    if ( (rc = take(b, PAGE_SIZE, &si_gpa)) != 0 )
        return rc;
    /* Page tables cover everything up to and including the stack. */
    rc = build_pagetables(b, ROUNDUP(b->alloc + 5 * PAGE_SIZE, MB(2)), &l4);
    if ( rc || (rc = take(b, 2 * PAGE_SIZE, &stack)) != 0 )
        return rc ?: -ENOMEM;

    if ( b->parms.virt_hypercall != UNSET_ADDR )
    {
        paddr_t hc = b->parms.virt_hypercall - vb;
        void *page = gpa_is_ram(b, hc, PAGE_SIZE) && !(hc & ~PAGE_MASK)
                     ? hvm_map_gfn(b->d, hc >> PAGE_SHIFT, true) : NULL;

        if ( !page )
        {
            printk(XENLOG_ERR "d%u: bad HYPERCALL_PAGE %#lx\n",
                   b->d->domain_id, (unsigned long)b->parms.virt_hypercall);
            return -EINVAL;
        }
        hvm_fill_hypercall_page(page);
    }

    snprintf(si.magic, sizeof(si.magic), "xen-3.0-x86_64");
    si.nr_pages = b->d->tot_pages;
    si.pt_base = vb + l4;
    si.nr_pt_frames = 3;
    strlcpy(si.cmd_line, a->cmdline, sizeof(si.cmd_line));
    if ( hvm_copy_to_guest_phys(b->d, si_gpa, &si, sizeof(si)) )
        return -EFAULT;

    st->mode = HVM_START_LONG64;
    st->rip = b->parms.virt_entry;
    st->rsi = vb + si_gpa;
    st->rsp = vb + stack + 2 * PAGE_SIZE;
    st->cr3 = l4;
    printk("d%u: 64-bit PVH entry %#lx, start_info at %#lx\n",
           b->d->domain_id, (unsigned long)st->rip, (unsigned long)st->rsi);
    return 0;
}

int pvh_construct(struct domain *d, const struct pvh_build_args *args)
{
    const struct boot_module *k = args->kernel;
    struct builder b = { .d = d, .args = args };
    struct hvm_initial_state st = { 0 };
    struct vcpu *v;
    int rc;

    printk("d%u: kernel %lu KiB at %#lx, command line \"%s\"\n",
           d->domain_id, (unsigned long)(k->size >> 10),
           (unsigned long)k->start, args->cmdline);

    if ( (rc = elf_init(&b.elf, maddr_to_virt(k->start), k->size)) != 0 )
    {
        printk(XENLOG_ERR "d%u: the kernel is not an x86-64 ELF image\n",
               d->domain_id);
        return rc;
    }
    rc = elf_xen_parse(&b.elf, &b.parms);
    if ( rc && rc != -ENOENT )
        return rc;
    printk("d%u: Xen notes: GUEST_OS \"%s\", FEATURES \"%s\"%s\n",
           d->domain_id, b.parms.guest_os, b.parms.features,
           b.parms.has_phys32_entry ? ", PHYS32_ENTRY" : "");

    if ( b.parms.has_phys32_entry )
        d->arch.entry_abi = PVH_ENTRY_PHYS32;
    else if ( rc == -ENOENT )
    {
        printk(XENLOG_ERR "d%u: kernel has no Xen ELF notes: not a PVH "
               "kernel\n", d->domain_id);
        return -EINVAL;
    }
    else
    {
        if ( (rc = check_features(&b)) != 0 )
            return rc;
        if ( b.parms.virt_base == UNSET_ADDR ||
             b.parms.virt_entry == UNSET_ADDR )
        {
            printk(XENLOG_ERR "d%u: 64-bit PVH kernel lacks VIRT_BASE or "
                   "ENTRY notes\n", d->domain_id);
            return -EINVAL;
        }
        d->arch.entry_abi = PVH_ENTRY_LONG64;
        b.use_vaddr = true;
        b.load_offset = b.parms.virt_base;
    }

    if ( (rc = setup_memory(&b)) != 0 || (rc = load_kernel(&b)) != 0 )
        return rc;

    rc = d->arch.entry_abi == PVH_ENTRY_PHYS32 ? build_phys32(&b, &st)
                                               : build_long64(&b, &st);
    if ( rc )
        return rc;

    /* Every vCPU exists from the start (down), so that INIT-SIPI-SIPI
     * and VCPUOP_initialise can reach any of them. */
    for ( unsigned int i = 0; i < d->max_vcpus; i++ )
        if ( !vcpu_create(d, i) )
            return -ENOMEM;
    v = d->vcpu[0];
    rc = hvm_set_vcpu_state(v, &st);
    if ( rc )
        return rc;
    v->is_initialised = true;
    __atomic_and_fetch(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
    vcpu_wake(v);
    return 0;
}

/*
 * dom0: boot module 0 is its kernel, with module 0's command line; every
 * further module not claimed by a boot-time domU is passed on to it.
 */
int dom0_construct_pvh(struct domain *d, const struct boot_info *bi,
                       const bool *claimed)
{
    struct pvh_build_args a = {
        .kernel = &bi->mods[0],
        .cmdline = bi->mods[0].cmdline,
        .nr_pages = dom0_pages(),
        .initdomain = true,
    };

    for ( unsigned int i = 1; i < bi->nr_modules; i++ )
        if ( !claimed[i] )
            a.mods[a.nr_mods++] = &bi->mods[i];
    return pvh_construct(d, &a);
}
