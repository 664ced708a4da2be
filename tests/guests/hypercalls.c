/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PVH hypercall interface as a dom0 kernel sees it: the entry state,
 * CPUID, the hypercall page, and for each hypercall PVH has, its good
 * path and its error paths (bad pointers, bad sub-ops, other domains).
 */
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>
#include <public/features.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>

const char test_name[] = "hypercalls";

/*
 * Addresses that are not mapped in either ABI's page tables (PML4 slots
 * 224 and 1), and one in the hypervisor's half of the address space.
 */
#define UNMAPPED_VA     0x0000700000000000UL
#define UNMAPPED_VA2    0x0000008000000000UL
#define HYPERVISOR_VA   0xffff830000000000UL

#define MSR_UNKNOWN     0x12345678

/* XENMEM_memory_map fills in Xen's (packed, 20-byte) e820 entries. */
struct e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __packed;
#define E820_RAM        1

/* Pages of our own that the hypervisor may map things over. */
static uint8_t shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t vcpu_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint8_t spare_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static char buf[1024];

#ifndef ABI_PV64
/* Whether hvm_start_info's memory map says RAM at guest-physical pa. */
static bool memmap_is_ram(uint64_t pa)
{
    for ( unsigned int i = 0; i < boot_state.memmap_entries; i++ )
    {
        const struct hvm_memmap_table_entry *e = &boot_state.memmap[i];

        if ( e->type == XEN_HVM_MEMMAP_TYPE_RAM && pa >= e->addr &&
             pa - e->addr < e->size )
            return true;
    }
    return false;
}
#endif

static void test_boot_state(void)
{
    const struct boot_state *b = &boot_state;

#ifdef ABI_PV64
    const struct start_info *si = &b->start_info;
    uint64_t pt_base_pa = si->pt_base - PV64_VIRT_BASE;
    uint64_t area_end = PV64_VIRT_BASE + si->nr_pages * PAGE_SIZE;

    if ( !EXPECT_TRUE(b->have_start_info) )
        return;
    printk("start_info at %#lx: magic \"%.32s\", nr_pages %lu, flags %#x, "
           "pt_base %#lx (%lu frames)\n", b->start_info_va, si->magic,
           si->nr_pages, si->flags, si->pt_base, si->nr_pt_frames);
    printk("entry: cs %#x ds %#x ss %#x gdtr limit %u idtr limit %u "
           "rsp %#lx cr3 %#lx rflags %#lx\n", b->entry_cs, b->entry_ds,
           b->entry_ss, b->entry_gdt_limit, b->entry_idt_limit,
           b->entry_rsp, b->entry_cr3, b->entry_flags);

    EXPECT_TRUE(!strncmp(si->magic, "xen-3.0-x86_64", 14));
    EXPECT_EQ(si->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN),
              SIF_PRIVILEGED | SIF_INITDOMAIN);
    EXPECT_TRUE(si->nr_pages > 0);
    EXPECT_TRUE(memchr(si->cmd_line, '\0', sizeof(si->cmd_line)) != NULL);

    EXPECT_EQ(b->entry_cs, 0x10);
    EXPECT_EQ(b->entry_ds, 0x18);
    EXPECT_EQ(b->entry_ss, 0x18);
    EXPECT_EQ(b->entry_gdt_limit, 0);
    EXPECT_EQ(b->entry_idt_limit, 0);

    /* Bootstrap area: image, start_info, page tables, boot stack. */
    EXPECT_TRUE(b->start_info_va >= (uint64_t)_image_end);
    EXPECT_TRUE(si->pt_base > b->start_info_va);
    EXPECT_TRUE(si->nr_pt_frames >= 1);
    EXPECT_EQ(b->entry_cr3 & ~0xfffUL, pt_base_pa);
    EXPECT_TRUE(b->entry_rsp > si->pt_base);
    EXPECT_TRUE(b->entry_rsp <= area_end);
#else
    const struct hvm_start_info *hsi = &b->hvm_start_info;

    if ( !EXPECT_TRUE(b->have_hvm_start_info) )
        return;
    printk("hvm_start_info: magic %#x version %u flags %#x, %u memmap "
           "entries, %u modules, rsdp %#lx; entry eflags %#lx\n",
           hsi->magic, hsi->version, hsi->flags, hsi->memmap_entries,
           hsi->nr_modules, hsi->rsdp_paddr, b->entry_flags);

    EXPECT_EQ(hsi->magic, XEN_HVM_START_MAGIC_VALUE);
    EXPECT_TRUE(hsi->version >= 1);
    EXPECT_EQ(hsi->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN),
              SIF_PRIVILEGED | SIF_INITDOMAIN);
    EXPECT_TRUE(b->memmap_entries >= 1);
    EXPECT_TRUE(memmap_is_ram(virt_to_phys(_image_start)));
    EXPECT_TRUE(memmap_is_ram(virt_to_phys(_image_end) - 1));
    EXPECT_EQ(b->entry_flags & X86_EFLAGS_IF, 0);

    /* The vmcall made in 32-bit protected mode, before long mode. */
    EXPECT_ERR(b->hypercall32_rc, -ENOSYS);
#endif
}

static void test_cpuid(void)
{
    struct cpuid_regs r = cpuid(XEN_CPUID_FIRST_LEAF);

    EXPECT_EQ(r.b, XEN_CPUID_SIGNATURE_EBX);
    EXPECT_EQ(r.c, XEN_CPUID_SIGNATURE_ECX);
    EXPECT_EQ(r.d, XEN_CPUID_SIGNATURE_EDX);
    EXPECT_TRUE(r.a >= XEN_CPUID_LEAF(2));
    EXPECT_EQ(xen_cpuid_base, XEN_CPUID_FIRST_LEAF);

    r = cpuid(XEN_CPUID_LEAF(1));
    printk("CPUID %#x: version %u.%u\n", XEN_CPUID_LEAF(1), r.a >> 16,
           r.a & 0xffff);
    EXPECT_TRUE(r.a >> 16 >= 4);

    r = cpuid(XEN_CPUID_LEAF(2));
    EXPECT_TRUE(r.a >= 1);                  /* hypercall pages */
    EXPECT_EQ(r.b, 0x40000000);             /* the MSR */

    r = cpuid(1);
    EXPECT_EQ(r.c & X86_CPUID1_ECX_VMX, 0);
    EXPECT_EQ(r.c & X86_CPUID1_ECX_HYPERVISOR, X86_CPUID1_ECX_HYPERVISOR);
}

static void test_hypercall_page(void)
{
    static const char msg[] = "console_io: a line written through the "
                              "hypercall page\n";
    int first_bad = -1;
    unsigned int i;
    long direct, page;

#ifdef ABI_PV64
    /* This ABI has the builder fill the page named by the ELF note. */
    EXPECT_TRUE(hypercall_page_prefilled);
#else
    /* The kernel asked for it through the MSR, at start of day. */
    EXPECT_TRUE(!hypercall_page_msr_faulted);
#endif

    /*
     * Every stub is "mov $i, %eax; vmcall; ret", except that the iret
     * stub may be something else (Xen makes it ud2): PVH has no iret.
     */
    for ( i = 0; i < PAGE_SIZE / HYPERCALL_STUB_SIZE; i++ )
        if ( i != __HYPERVISOR_iret && !hypercall_stub_ok(i) &&
             first_bad < 0 )
            first_bad = i;
    EXPECT_EQ(first_bad, -1);
    if ( first_bad >= 0 )
        return;                 /* calling through the page would crash */

    direct = hypercall_direct(__HYPERVISOR_xen_version, XENVER_version,
                              0, 0, 0, 0);
    page = hypercall_page(__HYPERVISOR_xen_version, XENVER_version,
                          0, 0, 0, 0);
    EXPECT_EQ(page, direct);

    EXPECT_ERR(hypercall_page(50, 0, 0, 0, 0, 0), -ENOSYS);
    EXPECT_ERR(hypercall_page(63, 0, 0, 0, 0, 0), -ENOSYS);
    EXPECT_EQ(hypercall_page(__HYPERVISOR_console_io, CONSOLEIO_write,
                             sizeof(msg) - 1, (unsigned long)msg, 0, 0), 0);
}

static void test_xen_version(void)
{
    long v = HYPERVISOR_xen_version(XENVER_version, NULL);
    struct xen_feature_info fi;
    long rc;

    printk("XENVER_version: %lu.%lu\n", (unsigned long)v >> 16, v & 0xffff);
    EXPECT_TRUE(v >> 16 >= 4);
    EXPECT_EQ(v, cpuid(XEN_CPUID_LEAF(1)).a);

    memset(buf, 0xff, sizeof(buf));
    rc = HYPERVISOR_xen_version(XENVER_extraversion, buf);
    EXPECT_EQ(rc, 0);
    if ( EXPECT_TRUE(memchr(buf, '\0', sizeof(xen_extraversion_t))) )
        printk("XENVER_extraversion: \"%s\"\n", buf);

    memset(buf, 0xff, sizeof(buf));
    rc = HYPERVISOR_xen_version(XENVER_capabilities, buf);
    EXPECT_EQ(rc, 0);
    if ( EXPECT_TRUE(memchr(buf, '\0', sizeof(xen_capabilities_info_t))) )
    {
        printk("XENVER_capabilities: \"%s\"\n", buf);
        EXPECT_TRUE(strstr(buf, "hvm-3.0-x86_64") != NULL);
    }

    memset(buf, 0xff, sizeof(buf));
    rc = HYPERVISOR_xen_version(XENVER_changeset, buf);
    EXPECT_EQ(rc, 0);
    if ( EXPECT_TRUE(memchr(buf, '\0', sizeof(xen_changeset_info_t))) )
    {
        printk("XENVER_changeset: \"%s\"\n", buf);
        EXPECT_TRUE(buf[0] != '\0');
    }

    fi.submap_idx = 0;
    fi.submap = 0;
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    EXPECT_EQ(rc, 0);
    printk("XENVER_get_features[0]: %#x\n", fi.submap);
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_writable_descriptor_tables));
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_auto_translated_physmap));
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_supervisor_mode_kernel));
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_hvm_callback_vector));

    fi.submap_idx = 1000;
    EXPECT_ERR(HYPERVISOR_xen_version(XENVER_get_features, &fi), -EINVAL);

    EXPECT_ERR(HYPERVISOR_xen_version(XENVER_extraversion, NULL), -EFAULT);
    EXPECT_ERR(HYPERVISOR_xen_version(1000, buf), -ENOSYS);
}

static void test_absent_hypercalls(void)
{
    /* Numbers nothing is behind, in and beyond the table. */
    static const unsigned long unknown[] = { 50, 63, 64, 1000, ~0UL };
    /* PV calls that PVH (native page tables and IDT) does not have. */
    static const unsigned long pv_only[] = {
        __HYPERVISOR_set_trap_table, __HYPERVISOR_mmu_update,
        __HYPERVISOR_set_gdt, __HYPERVISOR_stack_switch,
        __HYPERVISOR_set_callbacks, __HYPERVISOR_update_va_mapping,
        __HYPERVISOR_iret,
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(unknown); i++ )
        if ( !EXPECT_ERR(hypercall_direct(unknown[i], 0, 0, 0, 0, 0),
                         -ENOSYS) )
            printk("  (hypercall %#lx)\n", unknown[i]);

    for ( i = 0; i < ARRAY_SIZE(pv_only); i++ )
        if ( !EXPECT_ERR(hypercall_direct(pv_only[i], 0, 0, 0, 0, 0),
                         -ENOSYS) )
            printk("  (hypercall %lu)\n", pv_only[i]);
}

static void test_console_io(void)
{
    static const char msg[] = "console_io: a line written directly\n";

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg),
              0);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 5, NULL), -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 5,
                                     (void *)UNMAPPED_VA), -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 5,
                                     (void *)UNMAPPED_VA2), -EFAULT);
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 5,
                                     (void *)HYPERVISOR_VA), -EFAULT);
    /* A mapped start is not enough: the whole range must be ours. */
    EXPECT_ERR(HYPERVISOR_console_io(CONSOLEIO_write, 1UL << 40, msg),
               -EFAULT);

    EXPECT_ERR(HYPERVISOR_console_io(7, sizeof(msg) - 1, msg), -ENOSYS);

    /* dom0 may read the console; nothing asked for, nothing read. */
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0, buf), 0);
}

static void test_sched_op(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    EXPECT_ERR(HYPERVISOR_sched_op(99, NULL), -ENOSYS);
}

static void test_memory_op(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = virt_to_gfn(shared_info_page),
    };
    static struct e820_entry map[16];
    struct xen_memory_map mm = {
        .nr_entries = ARRAY_SIZE(map),
        .buffer = (uint64_t)map,
    };
    uint64_t image_lo = virt_to_phys(_image_start);
    uint64_t image_last = virt_to_phys(_image_end) - 1;
    bool lo_in_ram = false, last_in_ram = false;
    domid_t domid;
    unsigned int i;
    long rc;

    /* shared_info over a page of our bss, then read through it. */
    rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
    if ( EXPECT_EQ(rc, 0) )
    {
        const volatile struct shared_info *s = (void *)shared_info_page;
        uint32_t tv = s->vcpu_info[0].time.version, wv = s->wc_version;

        printk("shared_info at gfn %#lx: vcpu0 time version %u, "
               "wc_version %u\n", xatp.gpfn, tv, wv);
        EXPECT_EQ(tv & 1, 0);
        EXPECT_EQ(wv & 1, 0);
    }

    xatp.space = 99;
    xatp.gpfn = virt_to_gfn(spare_page);
    EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), -EINVAL);

    rc = HYPERVISOR_memory_op(XENMEM_memory_map, &mm);
    EXPECT_EQ(rc, 0);
    EXPECT_TRUE(mm.nr_entries >= 1 && mm.nr_entries <= ARRAY_SIZE(map));
    for ( i = 0; i < mm.nr_entries && i < ARRAY_SIZE(map); i++ )
    {
        const struct e820_entry *e = &map[i];

        printk("  memory map: %#014lx - %#014lx type %u\n",
               e->addr, e->addr + e->size, e->type);
        if ( e->type != E820_RAM )
            continue;
        if ( image_lo >= e->addr && image_lo - e->addr < e->size )
            lo_in_ram = true;
        if ( image_last >= e->addr && image_last - e->addr < e->size )
            last_in_ram = true;
    }
    EXPECT_TRUE(lo_in_ram);
    EXPECT_TRUE(last_in_ram);

    rc = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    printk("XENMEM_maximum_ram_page: %#lx\n", rc);
    EXPECT_TRUE(rc >= (long)(image_last >> PAGE_SHIFT));

    domid = DOMID_SELF;
    rc = HYPERVISOR_memory_op(XENMEM_current_reservation, &domid);
    printk("XENMEM_current_reservation: %ld pages\n", rc);
    EXPECT_TRUE(rc > 0);

    domid = 7;
    EXPECT_ERR(HYPERVISOR_memory_op(XENMEM_current_reservation, &domid),
               -ESRCH);
}

static void test_hvm_op(void)
{
    const uint64_t callback = (2ULL << HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) |
                              0xf3;
    struct xen_hvm_param p = {
        .domid = DOMID_SELF,
        .index = HVM_PARAM_CALLBACK_IRQ,
        .value = callback,
    };

    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_set_param, &p), 0);
    p.value = 0;
    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_get_param, &p), 0);
    EXPECT_EQ(p.value, callback);

    p.index = 1000;
    EXPECT_ERR(HYPERVISOR_hvm_op(HVMOP_get_param, &p), -EINVAL);

    p.domid = 5;
    p.index = HVM_PARAM_CALLBACK_IRQ;
    p.value = callback;
    EXPECT_ERR(HYPERVISOR_hvm_op(HVMOP_set_param, &p), -ESRCH);
}

static void test_vm_assist(void)
{
    /* Only the runstate update flag means anything to a PVH guest. */
    EXPECT_EQ(hypercall_direct(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                               VMASST_TYPE_runstate_update_flag, 0, 0, 0),
              0);
    EXPECT_EQ(hypercall_direct(__HYPERVISOR_vm_assist, VMASST_CMD_disable,
                               VMASST_TYPE_runstate_update_flag, 0, 0, 0),
              0);
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                                VMASST_TYPE_writable_pagetables, 0, 0, 0),
               -EINVAL);
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                                VMASST_TYPE_m2p_strict, 0, 0, 0), -EINVAL);
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                                64, 0, 0, 0), -EINVAL);
    EXPECT_ERR(hypercall_direct(__HYPERVISOR_vm_assist, 2,
                                VMASST_TYPE_runstate_update_flag, 0, 0, 0),
               -ENOSYS);
    /*
     * With it on, the area is written with XEN_RUNSTATE_UPDATE set only
     * while the hypervisor is at it: a reader on the vCPU itself never
     * sees the flag, and sees the times move on.
     */
    EXPECT_EQ(hypercall_direct(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
                               VMASST_TYPE_runstate_update_flag, 0, 0, 0),
              0);
    {
        static struct vcpu_runstate_info rs;
        struct vcpu_register_runstate_memory_area ra = {
            .addr = (uint64_t)&rs,
        };
        uint64_t t0;

        if ( EXPECT_EQ(HYPERVISOR_vcpu_op(
                           VCPUOP_register_runstate_memory_area, 0, &ra),
                       0) )
        {
            EXPECT_EQ(rs.state, RUNSTATE_running);
            EXPECT_EQ(rs.state_entry_time & XEN_RUNSTATE_UPDATE, 0);
            t0 = rs.time[RUNSTATE_running];
            for ( unsigned int i = 0; i < 10; i++ )
                HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            EXPECT_EQ(rs.state_entry_time & XEN_RUNSTATE_UPDATE, 0);
            EXPECT_TRUE(rs.time[RUNSTATE_running] >= t0);
            ra.addr = 0;
            EXPECT_EQ(HYPERVISOR_vcpu_op(
                          VCPUOP_register_runstate_memory_area, 0, &ra), 0);
        }
    }
}

static void test_vcpu_op(void)
{
    struct vcpu_register_vcpu_info info = {
        .mfn = virt_to_gfn(vcpu_info_page),
        .offset = 4090,
    };
    const volatile struct vcpu_info *vi;

    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL), 1);
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_is_up, 63, NULL), -ENOENT);

    /* First the one that must fail: only one registration succeeds. */
    EXPECT_ERR(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info),
               -EINVAL);

    info.offset = 64;
    if ( EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info),
                   0) )
    {
        vi = (const volatile void *)(vcpu_info_page + 64);
        printk("vcpu_info at gfn %#lx + 64: time version %u\n",
               info.mfn, vi->time.version);
        EXPECT_EQ(vi->time.version & 1, 0);
    }
}

static void test_msr(void)
{
    struct trap_info t;
    uint32_t lo, hi;
    uint64_t at;

    /* The hypervisor must inject #GP for an MSR it does not know. */
    trap_expect(0);
    asm volatile ( "1: rdmsr\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at), "=a" (lo), "=d" (hi)
                   : "c" (MSR_UNKNOWN) : "memory" );
    if ( EXPECT_TRUE(trap_taken(&t)) )
    {
        EXPECT_EQ(t.vector, X86_EXC_GP);
        EXPECT_EQ(t.error_code, 0);
        EXPECT_EQ(t.rip, at);
    }
}

static void test_user_mode(void)
{
    struct user_exit u;

    /*
     * The user page does: xen_version(XENVER_version) by vmcall, then
     * int $0x80 carrying RAX back.  Hypercalls from CPL 3 are refused.
     */
    u = user_run((uint64_t)window_va(WINDOW_SLOT_USER_CODE),
                 (uint64_t)window_va(WINDOW_SLOT_USER_STACK) + PAGE_SIZE);
    printk("ring 3: ended by %s (vector %u) at %#lx with rax %ld\n",
           trap_name(u.vector), u.vector, u.rip, (long)u.rax);
    EXPECT_EQ(u.vector, X86_VEC_SYSCALL);
    EXPECT_ERR(u.rax, -EPERM);
}

void test_main(void)
{
    test_boot_state();
    test_cpuid();
    test_hypercall_page();
    test_xen_version();
    test_absent_hypercalls();
    test_console_io();
    test_sched_op();
    test_memory_op();
    test_hvm_op();
    test_vm_assist();
    test_vcpu_op();
    test_msr();
    test_user_mode();
}
