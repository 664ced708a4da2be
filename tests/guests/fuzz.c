/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random hypercalls: the hypervisor must survive them, answer each with
 * a value or a -errno, and never touch guest memory it was not pointed
 * at.
 *
 * Command line: seed=<n> (default 1), count=<n> (default 10000),
 * verbose=1 (print every call).  The seed is printed first, so a failing
 * run can be replayed exactly.
 *
 * The kernel only ever hands the hypervisor memory it can spare:
 *
 *  - the scratch area, 2 pages mapped through the low window with
 *    unmapped pages on either side, so that no length or count can carry
 *    a hypervisor access from it into anything else;
 *  - the p2m area, 16 pages of its bss it never touches after boot,
 *    whose frame numbers are the only ones given to calls that change
 *    the physmap (XENMEM_add_to_physmap and friends, decrease_reservation,
 *    populate_physmap, exchange, remove_from_physmap).
 *
 * Every other address is unmapped (restrict_mappings() leaves only the
 * image and the window) or is the image itself; values that name the
 * image - as a virtual address, a guest-physical address or a frame -
 * are replaced before use, in the arguments and in every word of the
 * scratch area, which the hypervisor may fill with anything.
 *
 * Calls that change the domain's state on purpose are left out, as
 * other tests cover them: SCHEDOP_block, shutdown, poll,
 * remote_shutdown, shutdown_code and watchdog; VCPUOP_initialise, down
 * and send_nmi; HVMOP_set_param of HVM_PARAM_CALLBACK_IRQ.  Calls
 * through which a privileged domain may legitimately damage itself or
 * the machine (multicall, platform_op, sysctl, domctl, kexec, ...) only
 * get pointers that fault, or a structure with a wrong interface
 * version.
 */
#include <guest/test.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>

const char test_name[] = "fuzz";

#define SCRATCH_PAGES   2
#define SCRATCH_SIZE    (SCRATCH_PAGES * PAGE_SIZE)
#define SCRATCH_WORDS   (SCRATCH_SIZE / 8)
/* Extent lists live at the very end, so reading past them faults. */
#define TAIL_WORDS      64
#define TAIL_OFF        (SCRATCH_SIZE - TAIL_WORDS * 8)
/* Error arrays (add_to_physmap_batch) go here, structures below. */
#define ERRS_OFF        (SCRATCH_SIZE / 2)
#define FILL_WORDS      64

#define P2M_PAGES       16
#define P2M_MAX_ORDER   4           /* 2^4 = P2M_PAGES */

static uint8_t scratch[SCRATCH_SIZE] __aligned(PAGE_SIZE);
static uint8_t p2m_area[P2M_PAGES * PAGE_SIZE]
    __aligned(P2M_PAGES * PAGE_SIZE);

/* The scratch area as the hypervisor sees it: through the window. */
static uint64_t scratch_va;
static uint64_t p2m_gfn;

/* What must never be handed over (see sanitize()). */
static uint64_t image_va_lo, image_va_hi;
static uint64_t image_pa_lo, image_pa_hi;
static uint64_t image_gfn_lo, image_gfn_hi;

struct xen_memory_exchange {
    struct xen_memory_reservation in, out;
    xen_ulong_t nr_exchanged;
};

#define XENMEM_exchange             11
#define XENMEM_set_pod_target       16
#define XENMEM_paging_op            20
#define XENMEM_access_op            21
#define XENMEM_sharing_op           22
#define XENMEM_acquire_resource     28

#define PHYSDEVOP_irq_status_query  5
#define PHYSDEVOP_apic_read         8
#define PHYSDEVOP_eoi               12
#define PHYSDEVOP_map_pirq          13
#define PHYSDEVOP_unmap_pirq        14
#define PHYSDEVOP_get_free_pirq     23

#define __HYPERVISOR_mca            48
#define __HYPERVISOR_paging_domctl_cont 49

/* ------------------------------------------------------------------ */

static uint64_t rng_state;

/* xorshift64 (Marsaglia): tiny, and the same sequence on every run. */
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t rnd_below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

static void *scratch_kva(uint64_t va)
{
    return scratch + (va - scratch_va);
}

static bool is_scratch(uint64_t v)
{
    return v >= scratch_va && v - scratch_va < SCRATCH_SIZE;
}

static uint64_t scratch_ptr(void)
{
    return scratch_va + 8 * rnd_below(SCRATCH_WORDS);
}

static uint64_t p2m_rnd_gfn(unsigned int order)
{
    return p2m_gfn + (rnd_below(P2M_PAGES >> order) << order);
}

/* Pointers that must fault: NULL, unmapped, the hypervisor's, wild. */
static uint64_t bad_ptr(void)
{
    switch ( rnd_below(4) )
    {
    case 0:
        return 0;
    case 1:                     /* PML4 slots 1-255: nothing there */
        return (1UL << 39) + rnd_below((1UL << 47) - (1UL << 39));
    case 2:                     /* where Xen keeps itself */
        return 0xffff800000000000UL + rnd_below(1UL << 43);
    default:                    /* mostly non-canonical */
        return rnd() | (1UL << 63);
    }
}

static uint16_t rnd_domid(void)
{
    switch ( rnd_below(6) )
    {
    case 0:
    case 1:
    case 2:
        return DOMID_SELF;
    case 3:
        return 0;               /* ourselves, by number */
    case 4:
        return rnd_below(16);
    default:
        return rnd();
    }
}

/* Any value: a pointer of some kind, or a scalar of some size. */
static uint64_t rnd_value(void)
{
    switch ( rnd_below(12) )
    {
    case 0:
    case 1:
        return scratch_ptr();
    case 2:
    case 3:
        return bad_ptr();
    case 4:
        return rnd_below(64);
    case 5:
        return -(1 + rnd_below(64));
    case 6:
        return (uint32_t)rnd();
    case 7:
        return rnd();
    case 8:
        return p2m_rnd_gfn(0);
    case 9:
        return rnd_domid();
    case 10:
        return 1UL << rnd_below(64);
    default:
        return (int64_t)(rnd_below(42) - 2);
    }
}

/*
 * Whatever names the image - a virtual address that maps it (pv64: the
 * whole GiB above VIRT_BASE), a guest-physical address in it, one of its
 * frames - or a page of the window other than the scratch area is
 * replaced by a scratch pointer or a p2m frame.  Scratch pointers are
 * kept, 8-byte aligned so that no field read through them straddles two
 * sanitised words.
 */
static uint64_t sanitize(uint64_t v)
{
    if ( is_scratch(v) )
        return v & ~7UL;
    if ( v >= p2m_gfn && v < p2m_gfn + P2M_PAGES )
        return v;
    if ( (v >= image_va_lo && v < image_va_hi) ||
         (v >= image_pa_lo && v < image_pa_hi) ||
         (v >= image_gfn_lo && v < image_gfn_hi) ||
         (v >= LOW_WINDOW_VA && v < LOW_WINDOW_VA + (2UL << 20)) )
        return rnd_below(2) ? scratch_ptr() : p2m_rnd_gfn(0);
    return v;
}

static void sanitize_scratch(void)
{
    uint64_t *w = (uint64_t *)scratch;

    for ( unsigned int i = 0; i < SCRATCH_WORDS; i++ )
        w[i] = sanitize(w[i]);
}

/* Fresh random input in the words at a scratch pointer. */
static void fill_at(uint64_t va)
{
    uint64_t *w = scratch_kva(va & ~7UL);
    uint64_t *end = (uint64_t *)(scratch + SCRATCH_SIZE);

    for ( unsigned int i = 0; i < FILL_WORDS && w + i < end; i++ )
        w[i] = sanitize(rnd_value());
}

/* The tail: p2m frames, aligned for extents of 2^order pages. */
static void fill_tail(unsigned int order)
{
    uint64_t *w = (uint64_t *)(scratch + TAIL_OFF);

    if ( order > P2M_MAX_ORDER )
        order = 0;
    for ( unsigned int i = 0; i < TAIL_WORDS; i++ )
        w[i] = p2m_rnd_gfn(order);
}

static uint64_t tail_ptr(void)
{
    return scratch_va + TAIL_OFF + 8 * rnd_below(TAIL_WORDS);
}

/* A structure's place: below ERRS_OFF, with room for size bytes. */
static uint64_t struct_ptr(size_t size)
{
    return scratch_va + 8 * rnd_below((ERRS_OFF - size) / 8);
}

static uint64_t rnd_count(uint64_t typical)
{
    switch ( rnd_below(8) )
    {
    case 0:
        return 0;
    case 1:
        return rnd();
    case 2:
        return (uint32_t)rnd();
    default:
        return rnd_below(typical + 1);
    }
}

static void build_reservation(struct xen_memory_reservation *r)
{
    r->extent_start = tail_ptr();
    r->nr_extents = rnd_count(TAIL_WORDS);
    /* Orders that fit the p2m area, or ones no hypervisor accepts. */
    if ( rnd_below(16) )
        r->extent_order = rnd_below(P2M_MAX_ORDER + 1);
    else
        r->extent_order = 32 + rnd_below(1UL << 31);
    r->mem_flags = rnd_below(2) ? 0 : (uint32_t)rnd();
    r->domid = rnd_domid();
    fill_tail(r->extent_order);
}

/*
 * memory_op sub-ops that change the physmap get a well-formed structure
 * whose frames are all p2m frames; the others keep their random one.
 * Padding is zeroed: a field written into a random word must not leave
 * a pointer-looking remainder.
 */
static void build_memory_op(unsigned int op, uint64_t *arg)
{
    switch ( op )
    {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
    {
        struct xen_memory_reservation *r;

        *arg = struct_ptr(sizeof(*r));
        r = scratch_kva(*arg);
        memset(r, 0, sizeof(*r));
        build_reservation(r);
        return;
    }

    case XENMEM_exchange:
    {
        struct xen_memory_exchange *x;
        unsigned int order;

        *arg = struct_ptr(sizeof(*x));
        x = scratch_kva(*arg);
        memset(x, 0, sizeof(*x));
        build_reservation(&x->in);
        order = x->in.extent_order;
        build_reservation(&x->out);
        /* Both lists share the tail: align it for the larger order. */
        fill_tail(order > x->out.extent_order ? order : x->out.extent_order);
        x->nr_exchanged = rnd_below(4) ? 0 : rnd();
        return;
    }

    case XENMEM_add_to_physmap:
    {
        struct xen_add_to_physmap *a;
        unsigned int size = 0;

        *arg = struct_ptr(sizeof(*a));
        a = scratch_kva(*arg);
        memset(a, 0, sizeof(*a));
        a->domid = rnd_domid();
        a->space = rnd_below(8) ? rnd_below(XENMAPSPACE_dev_mmio + 2)
                                : (uint32_t)rnd();
        if ( a->space == XENMAPSPACE_gmfn_range )
            size = rnd_below(P2M_PAGES / 2 + 1);
        a->size = size;
        if ( a->space == XENMAPSPACE_shared_info ||
             a->space == XENMAPSPACE_grant_table )
            a->idx = rnd_below(4) ? rnd_below(4) : rnd();
        else
            a->idx = p2m_gfn + rnd_below(P2M_PAGES - size);
        a->gpfn = p2m_gfn + rnd_below(P2M_PAGES - size);
        return;
    }

    case XENMEM_add_to_physmap_batch:
    {
        struct xen_add_to_physmap_batch *b;

        *arg = struct_ptr(sizeof(*b));
        b = scratch_kva(*arg);
        memset(b, 0, sizeof(*b));
        b->domid = rnd_domid();
        b->space = rnd_below(8) ? rnd_below(XENMAPSPACE_dev_mmio + 2)
                                : rnd();
        b->size = rnd_count(TAIL_WORDS);
        b->foreign_domid = rnd_domid();
        b->idxs = tail_ptr();
        b->gpfns = tail_ptr();
        b->errs = scratch_va + ERRS_OFF + 8 * rnd_below(32);
        fill_tail(0);
        return;
    }

    case XENMEM_remove_from_physmap:
    {
        struct xen_remove_from_physmap *x;

        *arg = struct_ptr(sizeof(*x));
        x = scratch_kva(*arg);
        memset(x, 0, sizeof(*x));
        x->domid = rnd_domid();
        x->gpfn = p2m_rnd_gfn(0);
        return;
    }
    }
}

/* ------------------------------------------------------------------ */

struct call {
    uint64_t nr;
    uint64_t a[5];
};

static struct call cur;
static unsigned long cur_index;
static bool in_call;

static void print_call(const char *prefix, unsigned long i,
                       const struct call *c)
{
    printk("%s#%lu: hypercall %lu (%#lx, %#lx, %#lx, %#lx, %#lx)\n",
           prefix, i, c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
}

void test_crash_hook(void)
{
    if ( in_call )
        print_call("fuzz: during ", cur_index, &cur);
}

static void no_scratch_args(struct call *c)
{
    for ( unsigned int i = 0; i < 5; i++ )
        if ( is_scratch(c->a[i]) )
            c->a[i] = bad_ptr();
}

static bool in_list(unsigned int v, const uint8_t *list, size_t n)
{
    for ( size_t i = 0; i < n; i++ )
        if ( list[i] == v )
            return true;
    return false;
}
#define IN(v, ...) ({                                                   \
    static const uint8_t l_[] = { __VA_ARGS__ };                        \
    in_list(v, l_, sizeof(l_));                                         \
})

/*
 * Applies the rules above to a random call.  Sub-ops are matched on
 * their low byte (memory_op: 6 bits), so that a hypervisor truncating
 * the argument differently cannot turn a harmless number into one of
 * them.  Returns false if the call must be drawn again.
 */
static bool make_safe(struct call *c)
{
    unsigned int op = c->a[0] & 0xff;
    uint32_t *u32;

    switch ( c->nr )
    {
    case __HYPERVISOR_sched_op_compat:
    case __HYPERVISOR_sched_op:
        /* block, shutdown, poll, remote_shutdown, shutdown_code, watchdog */
        if ( op >= 1 && op <= 6 )
            return false;
        break;

    case __HYPERVISOR_vcpu_op:
        if ( IN(op, VCPUOP_initialise, VCPUOP_down, VCPUOP_send_nmi) )
            return false;
        /* Areas the hypervisor keeps writing to, at any time. */
        if ( IN(op, VCPUOP_register_runstate_memory_area,
                VCPUOP_register_vcpu_time_memory_area) )
            no_scratch_args(c);
        break;

    case __HYPERVISOR_hvm_op:
        /*
         * Acting on ranges of our own frames (modified_memory,
         * set_mem_type, set_mem_access), injecting traps, MSIs (an NMI
         * among them), or switching p2m views (altp2m).
         */
        if ( IN(op, 7, 8, 12, 14, 16, 25) )
            no_scratch_args(c);
        if ( op == HVMOP_set_param && is_scratch(c->a[1]) &&
             c->a[1] - scratch_va + 16 <= SCRATCH_SIZE )
        {
            u32 = (uint32_t *)((uint8_t *)scratch_kva(c->a[1]) + 4);
            if ( *u32 == HVM_PARAM_CALLBACK_IRQ )
                *u32 = 1 + rnd_below(HVM_NR_PARAMS + 8);
        }
        break;

    case __HYPERVISOR_memory_op:
        op = c->a[0] & 0x3f;
        if ( IN(op, XENMEM_set_pod_target, XENMEM_paging_op,
                XENMEM_access_op, XENMEM_sharing_op,
                XENMEM_acquire_resource) )
            no_scratch_args(c);
        else if ( is_scratch(c->a[1]) )
            build_memory_op(op, &c->a[1]);
        break;

    case __HYPERVISOR_physdev_op:
        /* A dom0 may reprogram the IO-APIC and reset devices: no. */
        if ( !IN(op, PHYSDEVOP_irq_status_query, PHYSDEVOP_apic_read,
                 PHYSDEVOP_eoi, PHYSDEVOP_map_pirq, PHYSDEVOP_unmap_pirq,
                 PHYSDEVOP_get_free_pirq) )
            no_scratch_args(c);
        break;

    case __HYPERVISOR_console_io:
        if ( op == CONSOLEIO_write && is_scratch(c->a[2]) )
        {
            /* Whole lines only, so as not to garble the log. */
            static const char line[] = "fuzz: console_io write\n";

            c->a[2] = struct_ptr(sizeof(line));
            memcpy(scratch_kva(c->a[2]), line, sizeof(line) - 1);
            c->a[1] = sizeof(line) - 1;
        }
        break;

    case __HYPERVISOR_platform_op:
    case __HYPERVISOR_sysctl:
    case __HYPERVISOR_domctl:
        /* Management calls: only with an interface version no one has. */
        if ( is_scratch(c->a[0]) && c->a[0] - scratch_va + 8 <= SCRATCH_SIZE )
        {
            u32 = (uint32_t *)((uint8_t *)scratch_kva(c->a[0]) + 4);
            *u32 = 0xbad00000 | rnd_below(0x100000);
        }
        break;

    case __HYPERVISOR_multicall:
    case __HYPERVISOR_physdev_op_compat:
    case __HYPERVISOR_xsm_op:
    case __HYPERVISOR_kexec_op:
    case __HYPERVISOR_tmem_op:
    case __HYPERVISOR_argo_op:
    case __HYPERVISOR_xenpmu_op:
    case __HYPERVISOR_dm_op:
    case __HYPERVISOR_mca:
    case __HYPERVISOR_paging_domctl_cont:
        no_scratch_args(c);
        break;
    }
    return true;
}

/* Numbers beyond the table: the hypervisor must answer -ENOSYS. */
static uint64_t out_of_range_nr(void)
{
    static const uint64_t nrs[] = {
        64, 65, 127, 128, 255, 256, 0x1000, 0x7fffffff, 0x80000000,
        0xffffffff, (1UL << 32) + __HYPERVISOR_xen_version,
        (1UL << 32) + __HYPERVISOR_sched_op, 1UL << 63, ~0UL,
    };
    uint64_t i = rnd_below(ARRAY_SIZE(nrs) + 1);

    /* One time in ARRAY_SIZE + 1, any number from 64 up. */
    return i < ARRAY_SIZE(nrs) ? nrs[i] : rnd() | 64;
}

/*
 * The hypercalls a PVH guest on Xen has reason to make, numbered by the
 * public ABI.  Drawn three times in four, so that most calls get past
 * the table and into sub-op decoding; the other draws cover 0-63 evenly,
 * where most numbers must answer -ENOSYS.
 */
static uint64_t pvh_nr(void)
{
    static const uint8_t nrs[] = {
        __HYPERVISOR_platform_op, __HYPERVISOR_memory_op,
        __HYPERVISOR_multicall, __HYPERVISOR_set_timer_op,
        __HYPERVISOR_xen_version, __HYPERVISOR_console_io,
        __HYPERVISOR_grant_table_op, __HYPERVISOR_vm_assist,
        __HYPERVISOR_vcpu_op, __HYPERVISOR_sched_op,
        __HYPERVISOR_event_channel_op, __HYPERVISOR_physdev_op,
        __HYPERVISOR_hvm_op, __HYPERVISOR_sysctl, __HYPERVISOR_domctl,
    };

    return rnd_below(4) ? nrs[rnd_below(ARRAY_SIZE(nrs))] : rnd_below(64);
}

static void make_call(struct call *c)
{
    unsigned int i;

    for ( ; ; )
    {
        if ( rnd_below(32) )
        {
            c->nr = pvh_nr();
            c->a[0] = rnd_below(8) ? (uint64_t)(int64_t)(rnd_below(42) - 2)
                                   : rnd_value();
        }
        else
        {
            /*
             * A number the hypervisor must reject whatever it does with
             * the upper bits; sub-op 0 (harmless everywhere) in case it
             * does not.
             */
            c->nr = out_of_range_nr();
            c->a[0] = 0;
        }
        for ( i = 1; i < 5; i++ )
            c->a[i] = rnd_value();
        for ( i = 0; i < 5; i++ )
            c->a[i] = sanitize(c->a[i]);
        if ( c->nr >= 64 )
            no_scratch_args(c);

        /* Fresh input at every scratch pointer, then the rules. */
        for ( i = 0; i < 5; i++ )
            if ( is_scratch(c->a[i]) )
                fill_at(c->a[i]);
        if ( make_safe(c) )
            return;
    }
}

/* ------------------------------------------------------------------ */

static unsigned long nr_zero, nr_positive, nr_other_negative;
static unsigned long nr_errno[128];
static uint64_t answered;           /* bitmap: numbers not -ENOSYS */
static unsigned long bad_results, bad_out_of_range;

static void account(const struct call *c, unsigned long i, long rc)
{
    if ( rc < -MAX_ERRNO )
    {
        if ( bad_results++ < 10 )
        {
            print_call("fuzz: bad result from ", i, c);
            printk("fuzz:   returned %#lx, neither a value nor -errno\n",
                   (unsigned long)rc);
        }
    }
    if ( c->nr >= 64 && rc != -ENOSYS )
    {
        if ( bad_out_of_range++ < 10 )
        {
            print_call("fuzz: out-of-range number accepted: ", i, c);
            printk("fuzz:   returned %ld, not -ENOSYS\n", rc);
        }
    }

    if ( c->nr < 64 && rc != -ENOSYS )
        answered |= 1UL << c->nr;

    if ( rc == 0 )
        nr_zero++;
    else if ( rc > 0 )
        nr_positive++;
    else if ( rc > -(long)ARRAY_SIZE(nr_errno) )
        nr_errno[-rc]++;
    else
        nr_other_negative++;
}

static void print_summary(unsigned long calls)
{
    unsigned int i;

    printk("fuzz: %lu calls: %lu returned 0, %lu a positive value\n",
           calls, nr_zero, nr_positive);
    for ( i = 1; i < ARRAY_SIZE(nr_errno); i++ )
    {
        const char *name = errno_name(i);

        if ( nr_errno[i] )
            printk("fuzz:   -%-3u %-12s %lu\n", i, name ? name : "?",
                   nr_errno[i]);
    }
    if ( nr_other_negative )
        printk("fuzz:   other negative %lu\n", nr_other_negative);

    printk("fuzz: hypercalls that answered other than -ENOSYS:");
    for ( i = 0; i < 64; i++ )
        if ( answered & (1UL << i) )
            printk(" %u", i);
    printk("\n");
}

static uint64_t code_checksum(void)
{
    return checksum(_text_start, _rodata_end - _text_start);
}

void test_main(void)
{
    uint64_t seed = cmdline_get_ulong("seed", 1);
    unsigned long count = cmdline_get_ulong("count", 10000);
    bool verbose = cmdline_get_ulong("verbose", 0);
    uint64_t code_before, pt_before, desc_before, cr3_before;
    long version_before, rc;
    unsigned long i;
    unsigned int slot;

    printk("fuzz: seed=%lu count=%lu\n", seed, count);
    rng_state = seed ? seed : 1;    /* xorshift is stuck at 0 */

    for ( slot = 0; slot < SCRATCH_PAGES; slot++ )
        window_map(WINDOW_SLOT_SCRATCH + slot,
                   virt_to_phys(scratch + slot * PAGE_SIZE),
                   PTE_P | PTE_RW);
    scratch_va = (uint64_t)window_va(WINDOW_SLOT_SCRATCH);
    p2m_gfn = virt_to_gfn(p2m_area);

    image_pa_lo = virt_to_phys(_image_start);
    image_pa_hi = virt_to_phys(_image_end);
    image_gfn_lo = image_pa_lo >> PAGE_SHIFT;
    image_gfn_hi = (image_pa_hi + PAGE_SIZE - 1) >> PAGE_SHIFT;
#ifdef ABI_PV64
    image_va_lo = PV64_VIRT_BASE;
    image_va_hi = PV64_VIRT_BASE + (1UL << 30);
#else
    image_va_lo = image_pa_lo;
    image_va_hi = image_pa_hi;
#endif
    printk("fuzz: scratch at %#lx (gfn %#lx), p2m area gfns %#lx-%#lx, "
           "image gfns %#lx-%#lx\n", scratch_va, virt_to_gfn(scratch),
           p2m_gfn, p2m_gfn + P2M_PAGES - 1, image_gfn_lo,
           image_gfn_hi - 1);

    restrict_mappings();
    for ( i = 0; i < SCRATCH_WORDS; i++ )
        ((uint64_t *)scratch)[i] = sanitize(rnd_value());

    code_before = code_checksum();
    pt_before = page_tables_checksum();
    desc_before = desc_tables_checksum();
    cr3_before = read_cr3();
    version_before = HYPERVISOR_xen_version(XENVER_version, NULL);

    for ( i = 0; i < count; i++ )
    {
        make_call(&cur);
        cur_index = i;
        if ( verbose )
            print_call("fuzz: ", i, &cur);

        in_call = true;
        rc = hypercall_direct(cur.nr, cur.a[0], cur.a[1], cur.a[2],
                              cur.a[3], cur.a[4]);
        in_call = false;

        if ( verbose )
            printk("fuzz:   -> %ld\n", rc);
        account(&cur, i, rc);
        /* Whatever the hypervisor wrote is input for the next calls. */
        sanitize_scratch();

        if ( (i + 1) % 1000 == 0 )
            printk("fuzz: %lu/%lu calls\n", i + 1, count);
    }

    print_summary(i);

    EXPECT_EQ(i, count);
    EXPECT_EQ(bad_results, 0);
    EXPECT_EQ(bad_out_of_range, 0);
    EXPECT_EQ(code_checksum(), code_before);
    EXPECT_EQ(page_tables_checksum(), pt_before);
    EXPECT_EQ(desc_tables_checksum(), desc_before);
    EXPECT_EQ(read_cr3(), cr3_before);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), version_before);
}
