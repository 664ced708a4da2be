/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From the entry code to test_main(): descriptor tables, the boot
 * information, the hypercall page, the low window.
 */
#include <guest/smp.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>

#ifdef ABI_PV64
const char abi_name[] = "pv64";
#else
const char abi_name[] = "phys32";
#endif

/* Stacks: the kernel's, and the one the TSS gives for CPL 3 -> 0. */
uint8_t boot_stack[BOOT_STACK_SIZE] __aligned(PAGE_SIZE);
static uint8_t trap_stack[TRAP_STACK_SIZE] __aligned(16);

/*
 * The GDT: flat 64-bit code and data for the kernel and for ring 3
 * (accessed bits preset, so the processor never writes them), and the
 * TSS descriptor, whose base is only known at run time.
 */
uint64_t gdt[GDT_ENTRIES] __aligned(16) = {
    [GDT_KERNEL_CS >> 3] = 0x00af9b000000ffff,
    [GDT_KERNEL_DS >> 3] = 0x00cf93000000ffff,
    [GDT_USER_DS >> 3]   = 0x00cff3000000ffff,
    [GDT_USER_CS >> 3]   = 0x00affb000000ffff,
};

/* lgdt operand; the PHYS32 entry loads it in 32-bit mode too. */
struct __packed desc_ptr {
    uint16_t limit;
    uint64_t base;
};
struct desc_ptr gdt_desc = { sizeof(gdt) - 1, (uint64_t)gdt };

struct __packed idt_entry {
    uint16_t offset0;
    uint16_t selector;
    uint8_t ist;
    uint8_t type;               /* P, DPL, gate type */
    uint16_t offset1;
    uint32_t offset2;
    uint32_t reserved;
};
static struct idt_entry idt[256] __aligned(16);

struct __packed tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};
static struct tss64 tss __aligned(16);

/* The low window: one PD and one page table under PDPT slot 256. */
static uint64_t win_pd[512] __aligned(PAGE_SIZE);
static uint64_t win_pt[512] __aligned(PAGE_SIZE);

extern uint64_t boot_pdpt_low[512];
extern const uint64_t exc_stubs[X86_NR_EXC], exc_stub_syscall;
extern const uint64_t exc_stub_callback;
extern char user_page[], page_tables_start[], page_tables_end[];

struct boot_state boot_state;
uint32_t xen_cpuid_base;
bool hypercall_page_prefilled, hypercall_page_msr_faulted;

static char cmdline[1024];

const char *test_cmdline(void)
{
    return cmdline;
}

static void set_gate(unsigned int vec, uint64_t handler, unsigned int dpl)
{
    struct idt_entry *e = &idt[vec];

    e->offset0 = handler;
    e->selector = GDT_KERNEL_CS;
    e->ist = 0;
    e->type = 0x8e | (dpl << 5);        /* present, 64-bit interrupt gate */
    e->offset1 = handler >> 16;
    e->offset2 = handler >> 32;
    e->reserved = 0;
}

/* lidt operand; secondary vCPUs load the same IDT. */
struct desc_ptr idt_desc = { sizeof(idt) - 1, (uint64_t)idt };

static void desc_init(void)
{
    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    unsigned int i;

    for ( i = 0; i < X86_NR_EXC; i++ )
        set_gate(i, exc_stubs[i], 0);
    /* DPL 3, so that ring-3 code may raise it with "int $0x80". */
    set_gate(X86_VEC_SYSCALL, exc_stub_syscall, 3);
    set_gate(EVTCHN_CALLBACK_VECTOR, exc_stub_callback, 0);
    asm volatile ( "lidt %0" :: "m" (idt_desc) );

    tss.rsp[0] = (uint64_t)trap_stack + sizeof(trap_stack);
    tss.iomap_base = sizeof(tss);       /* no I/O bitmap */

    /* A 16-byte system descriptor: type 9 (available 64-bit TSS). */
    gdt[GDT_TSS >> 3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                        (0x89ULL << 40) | ((limit >> 16) << 48) |
                        ((base >> 24 & 0xff) << 56);
    gdt[(GDT_TSS >> 3) + 1] = base >> 32;
    asm volatile ( "ltr %w0" :: "r" (GDT_TSS) );
}

#ifdef ABI_PV64

extern uint64_t boot_start_info_va, boot_entry_rsp, boot_entry_cr3;
extern uint64_t boot_entry_flags;
extern uint16_t boot_entry_cs, boot_entry_ds, boot_entry_ss;
extern struct desc_ptr boot_entry_gdtr, boot_entry_idtr;

static void boot_info_init(void)
{
    struct boot_state *b = &boot_state;
    const struct start_info *si = (const void *)boot_start_info_va;

    b->entry_flags = boot_entry_flags;
    b->entry_cr3 = boot_entry_cr3;
    b->entry_rsp = boot_entry_rsp;
    b->entry_cs = boot_entry_cs;
    b->entry_ds = boot_entry_ds;
    b->entry_ss = boot_entry_ss;
    b->entry_gdt_limit = boot_entry_gdtr.limit;
    b->entry_idt_limit = boot_entry_idtr.limit;
    b->start_info_va = boot_start_info_va;

    /*
     * Our page tables map the first GiB above VIRT_BASE; the builder
     * puts start_info right after the image, so a pointer outside that
     * range is a builder bug that the tests report, not something to
     * dereference.
     */
    if ( boot_start_info_va < (uint64_t)_image_end ||
         boot_start_info_va > PV64_VIRT_BASE + (1UL << 30) - sizeof(*si) )
    {
        printk("start_info pointer %#lx outside the bootstrap area\n",
               boot_start_info_va);
        return;
    }

    b->start_info = *si;
    b->have_start_info = true;
    memcpy(cmdline, si->cmd_line, sizeof(cmdline) - 1);
    cmdline[sizeof(cmdline) - 1] = '\0';
}

#else /* PHYS32 */

extern uint32_t boot_hvm_start_info_pa, boot_entry_flags;
extern int32_t boot_hypercall32_rc;

/* Identity mapped: the low 4 GiB, except page 0 (so that NULL faults). */
static const void *phys_ptr(uint64_t pa, uint64_t len)
{
    if ( pa < PAGE_SIZE || pa >= (1UL << 32) || len > (1UL << 32) - pa )
        return NULL;
    return (const void *)pa;
}

static void boot_info_init(void)
{
    struct boot_state *b = &boot_state;
    const struct hvm_start_info *hsi;
    const struct hvm_memmap_table_entry *mm;
    const char *cl;

    b->entry_flags = boot_entry_flags;
    b->hypercall32_rc = boot_hypercall32_rc;

    hsi = phys_ptr(boot_hvm_start_info_pa, sizeof(*hsi));
    if ( !hsi )
    {
        printk("hvm_start_info at %#x is not addressable\n",
               boot_hvm_start_info_pa);
        return;
    }
    b->hvm_start_info = *hsi;
    b->have_hvm_start_info = true;

    /* Copied now: restrict_mappings() may unmap the originals later. */
    if ( hsi->version >= 1 )
    {
        unsigned int n = hsi->memmap_entries;

        if ( n > ARRAY_SIZE(b->memmap) )
            n = ARRAY_SIZE(b->memmap);
        mm = phys_ptr(hsi->memmap_paddr, n * sizeof(*mm));
        if ( mm )
        {
            memcpy(b->memmap, mm, n * sizeof(*mm));
            b->memmap_entries = n;
        }
    }

    cl = phys_ptr(hsi->cmdline_paddr, 1);
    if ( cl )
    {
        size_t n = strnlen(cl, sizeof(cmdline) - 1);

        memcpy(cmdline, cl, n);
        cmdline[n] = '\0';
    }
}

#endif /* ABI_PV64 */

/*
 * The hypervisor's CPUID leaves may sit at any 0x100 step above
 * 0x40000000 (another hypervisor's first); look for Xen's signature.
 */
static void find_xen_cpuid_base(void)
{
    uint32_t base;

    for ( base = XEN_CPUID_FIRST_LEAF; base < 0x40010000; base += 0x100 )
    {
        struct cpuid_regs r = cpuid(base);

        if ( r.b == XEN_CPUID_SIGNATURE_EBX &&
             r.c == XEN_CPUID_SIGNATURE_ECX &&
             r.d == XEN_CPUID_SIGNATURE_EDX && r.a >= base + 2 )
        {
            xen_cpuid_base = base;
            return;
        }
    }
}

bool hypercall_vmmcall;

/*
 * AMD's CPUs (and Hygon's) take vmmcall (0f 01 d9) where Intel's take
 * vmcall (0f 01 c1); the hypervisor shows the host's vendor.  Rewrite the
 * last byte of every inline vmcall before the first hypercall runs.
 */
static void hypercall_sites_patch(void)
{
    extern const uint64_t __start_hypercall_sites[];
    extern const uint64_t __stop_hypercall_sites[];
    struct cpuid_regs r = cpuid(0);

    hypercall_vmmcall = (r.b == 0x68747541 && r.d == 0x69746e65 &&
                         r.c == 0x444d4163) ||      /* AuthenticAMD */
                        (r.b == 0x6f677948 && r.d == 0x6e65476e &&
                         r.c == 0x656e6975);        /* HygonGenuine */
    if ( !hypercall_vmmcall )
        return;
    for ( const uint64_t *s = __start_hypercall_sites;
          s < __stop_hypercall_sites; s++ )
        ((uint8_t *)*s)[2] = 0xd9;
}

bool hypercall_stub_ok(unsigned int nr)
{
    const uint8_t *p = &hypercall_page_area[nr * HYPERCALL_STUB_SIZE];
    /* mov $nr, %eax; vmcall (or vmmcall); ret */
    const uint8_t want[] = {
        0xb8, nr, nr >> 8, nr >> 16, nr >> 24, 0x0f, 0x01,
        hypercall_vmmcall ? 0xd9 : 0xc1, 0xc3,
    };

    return nr < PAGE_SIZE / HYPERCALL_STUB_SIZE &&
           !memcmp(p, want, sizeof(want));
}

static void hypercall_page_init(void)
{
    /* Whether the builder filled it (the 64-bit ABI promises that). */
    hypercall_page_prefilled = hypercall_stub_ok(__HYPERVISOR_xen_version);

#ifndef ABI_PV64
    /*
     * The PVH boot ABI leaves it to the kernel: write the page's
     * guest-physical address to the MSR that leaf base + 2 names.  A
     * #GP here is for the hypercalls test to report; the other tests
     * do not use the page and go on.
     */
    if ( xen_cpuid_base )
    {
        uint32_t msr = cpuid(xen_cpuid_base + 2).b;
        uint64_t gpa = virt_to_phys(hypercall_page_area);

        trap_expect(0);
        asm volatile ( "1: wrmsr\n\t"
                       "2:\n\t"
                       _ASM_EXTABLE(1b, 2b)
                       :: "c" (msr), "a" ((uint32_t)gpa),
                          "d" ((uint32_t)(gpa >> 32))
                       : "memory" );
        hypercall_page_msr_faulted = trap_taken(NULL);
    }
#endif
}

void *window_map(unsigned int slot, uint64_t pa, uint64_t flags)
{
    void *va = window_va(slot);

    win_pt[slot] = flags ? (pa & ~(uint64_t)(PAGE_SIZE - 1)) | flags : 0;
    invlpg(va);
    return va;
}

static void window_init(void)
{
    static uint8_t user_stack[PAGE_SIZE] __aligned(PAGE_SIZE);

    boot_pdpt_low[LOW_WINDOW_PDPT_IDX] =
        virt_to_phys(win_pd) | PTE_P | PTE_RW | PTE_US;
    win_pd[0] = virt_to_phys(win_pt) | PTE_P | PTE_RW | PTE_US;

    /* Ring-3 test: its code (read-only) and a stack page. */
    window_map(WINDOW_SLOT_USER_CODE, virt_to_phys(user_page),
               PTE_P | PTE_US);
    window_map(WINDOW_SLOT_USER_STACK, virt_to_phys(user_stack),
               PTE_P | PTE_RW | PTE_US);
}

void restrict_mappings(void)
{
    uint64_t lo = virt_to_phys(_image_start), hi = virt_to_phys(_image_end);
    unsigned int i;

#ifdef ABI_PV64
    extern uint64_t kern_pd[512];

    /* The image lies in the first 2 MiB page (the linker checks). */
    for ( i = 1; i < 512; i++ )
        kern_pd[i] = 0;
    (void)lo;
    (void)hi;
#else
    extern uint64_t ident_pd[4 * 512], ident_pt[512];

    /* The first 2 MiB are 4 KiB pages, and hold the whole image. */
    for ( i = 0; i < 512; i++ )
        if ( (uint64_t)i * PAGE_SIZE < lo || (uint64_t)i * PAGE_SIZE >= hi )
            ident_pt[i] = 0;
    for ( i = 1; i < 4 * 512; i++ )
        ident_pd[i] = 0;
#endif
    write_cr3(read_cr3());
}

uint64_t checksum(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint64_t sum = 0;

    /* Position-dependent, so that swapped bytes show up too. */
    for ( size_t i = 0; i < len; i++ )
        sum = (sum << 5 | sum >> 59) ^ (b[i] + i);
    return sum;
}

uint64_t desc_tables_checksum(void)
{
    return checksum(gdt, sizeof(gdt)) ^ checksum(idt, sizeof(idt)) ^
           checksum(&tss, sizeof(tss));
}

/*
 * Page-table entries with the Accessed and Dirty bits (5 and 6) masked
 * out: the CPU sets those itself as the kernel touches memory.
 */
static uint64_t pte_checksum(const void *p, size_t len)
{
    const uint64_t *e = p;
    uint64_t sum = 0;

    for ( size_t i = 0; i < len / 8; i++ )
        sum = (sum << 5 | sum >> 59) ^ ((e[i] & ~0x60ULL) + i);
    return sum;
}

uint64_t page_tables_checksum(void)
{
    return pte_checksum(page_tables_start,
                        page_tables_end - page_tables_start) ^
           pte_checksum(win_pd, sizeof(win_pd)) ^
           pte_checksum(win_pt, sizeof(win_pt));
}

void __noreturn lib_start(void);
void __noreturn lib_start(void)
{
    hypercall_sites_patch();
    desc_init();
    percpu_init(0);
    /* Kernel writes to read-only pages fault (the builder may not set it). */
    write_cr0(read_cr0() | X86_CR0_WP);
    boot_info_init();
    find_xen_cpuid_base();
    hypercall_page_init();
    window_init();

    printk("test %s (%s) starting; command line \"%s\"\n",
           test_name, abi_name, cmdline);
    test_main();
    test_finish();
}
