/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The benchmark kernel, booted by scripts/bench ("make bench"; see
 * "Benchmarks" in README.md).  One image, three roles, chosen on its
 * command line:
 *
 *   role=main   (dom0; the default) measures, prints one BENCH line per
 *               figure (guest/bench.h), then the RESULT line, and powers
 *               off;
 *   role=pong   (a boot-time domU) offers port 1 to dom0 and answers
 *               every event on it with one back, on its vCPU vcpu=<n>
 *               (default 0): the ping-pong's peer;
 *   role=idle   (a boot-time domU) blocks for ever: a domain that costs
 *               only what the hypervisor keeps for it.
 *
 * role=main also takes
 *
 *   set=all|micro|pingpong|none   the figures to measure (default all)
 *   iters=<n>     samples per figure, after the warm-up (default 2000)
 *   warmup=<n>    iterations run first and not counted (default 200)
 *   peer=<domid>  the pong domain (default 1)
 *   where=<word>  added to the ping-pong figure's name ("same-pcpu")
 *
 * Every sample is a difference of two guest TSC readings (lfence; rdtsc).
 * The micro figures run on vCPU 0 alone:
 *
 *   tsc-read                two TSC reads back to back: the floor of
 *                           every other figure
 *   hypercall-null-vmcall   xen_version(XENVER_version) with vmcall inline
 *   hypercall-null-page     the same through the hypercall page's stub
 *   hypercall-copyout-16B   xen_version(XENVER_extraversion): the null
 *                           hypercall plus a 16-byte copy to the guest,
 *                           the price of a hypercall argument in memory
 *   exit-cpuid              CPUID leaf 0x40000000 (the hypervisor's)
 *   exit-rdmsr              RDMSR of IA32_MISC_ENABLE, which the
 *                           hypervisor intercepts and emulates
 *   evtchn-send-self        EVTCHNOP_send on an IPI port bound to this
 *                           vCPU, up to the first instruction of the
 *                           callback-vector handler
 *   timer-singleshot-late-halted / -busy
 *                           lateness of a singleshot timer: the TSC at
 *                           the handler's first instruction minus the
 *                           deadline in TSC ticks, while the vCPU waits in
 *                           HLT (blocked) or spins with interrupts on; the
 *                           deadline (TIMER_DELTA_NS ahead) lies well past
 *                           the return of the hypercall that sets it
 *
 * The timer's deadline is programmed in system time (ns) and converted
 * to TSC ticks with the vCPU's pvclock, whose scale is exact in both
 * directions: the guest reads the TSC and the pvclock together (now_tsc,
 * now_ns), sets the timer for now_ns + TIMER_DELTA_NS, and takes as the
 * deadline now_tsc + ((TIMER_DELTA_NS << 32) / mul) >> shift (<< -shift
 * for a negative shift), the inverse of the pvclock's
 * ns = ((ticks << shift) * mul) >> 32.  now_ns is rounded down, so the
 * deadline so found may be early by up to one tick.
 *
 * The ping-pong: dom0 binds to the pong domain's port, then sends and
 * waits (SCHEDOP_poll on its port, masked: no upcall) until the answer
 * is pending; one sample is the round trip, both sides blocking between
 * events.  Where the two vCPUs run (different pCPUs, or one) is the
 * configuration's business: scripts/bench names it with where=.  The
 * BENCH+ line adds answered_in_send=<k>: the round trips whose
 * answer was pending as soon as dom0's send returned, i.e. the peer ran
 * while dom0 was in the hypervisor, which is the mark of a shared pCPU.
 */
#include <guest/bench.h>
#include <guest/smp.h>
#include <guest/test.h>
#include <public/arch-x86/cpuid.h>
#include <public/event_channel.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>

const char test_name[] = "bench";

/* The library's own event handler has another vector (0xf3). */
#define BENCH_CALLBACK_VECTOR   0xf4
#define MSR_IA32_MISC_ENABLE    0x000001a0
#define TIMER_DELTA_NS          500000ULL       /* 500 us */
#define PONG_PORT               2       /* after its console ring (1) */
#define BIND_TIMEOUT_NS         30000000000ULL  /* 30 s for the peer */
#define NSEC_PER_SEC            1000000000ULL

#define WORD_BITS               (sizeof(xen_ulong_t) * 8)
#define NR_PORTS_TRACKED        64

static unsigned int iters = 2000, warmup = 200;
static int64_t samples[BENCH_MAX_SAMPLES];

/* ----- shared_info and the event-channel bitmaps ----- */

static uint8_t shared_info_area[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct shared_info *si;

static long map_shared_info(void)
{
    struct xen_add_to_physmap xatp = {
        .domid = DOMID_SELF,
        .space = XENMAPSPACE_shared_info,
        .idx = 0,
        .gpfn = virt_to_gfn(shared_info_area),
    };
    long rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);

    if ( !rc )
        si = (struct shared_info *)shared_info_area;
    return rc;
}

static xen_ulong_t port_bit(evtchn_port_t port)
{
    return (xen_ulong_t)1 << (port % WORD_BITS);
}

static bool port_pending(evtchn_port_t port)
{
    return __atomic_load_n(&si->evtchn_pending[port / WORD_BITS],
                           __ATOMIC_SEQ_CST) & port_bit(port);
}

static void port_clear_pending(evtchn_port_t port)
{
    __atomic_fetch_and(&si->evtchn_pending[port / WORD_BITS],
                       ~port_bit(port), __ATOMIC_SEQ_CST);
}

static void port_mask(evtchn_port_t port)
{
    __atomic_fetch_or(&si->evtchn_mask[port / WORD_BITS], port_bit(port),
                      __ATOMIC_SEQ_CST);
}

static long evtchn_op(unsigned int cmd, void *arg)
{
    return hypercall_direct(__HYPERVISOR_event_channel_op, cmd,
                            (unsigned long)arg, 0, 0, 0);
}

static long port_send(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return evtchn_op(EVTCHNOP_send, &s);
}

static long port_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = { .port = port };

    return evtchn_op(EVTCHNOP_unmask, &u);
}

static long port_close(evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    port_mask(port);
    return evtchn_op(EVTCHNOP_close, &c);
}

/* SCHEDOP_poll's argument, in Xen's layout. */
struct bench_poll {
    uint64_t ports;             /* evtchn_port_t[] */
    uint32_t nr_ports;
    uint32_t pad;
    uint64_t timeout;           /* absolute system time; 0: none */
};

/* Blocks until *port is pending (at once if it already is). */
static long port_poll(evtchn_port_t *port)
{
    struct bench_poll p = { .ports = (uint64_t)port, .nr_ports = 1 };

    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

/* ----- the callback vector ----- */

/*
 * The entry stub reads the TSC before anything else, then calls
 * bench_upcall() with the caller-saved registers saved.  Nine pushes
 * after the processor's five keep RSP 16-byte aligned at the call.
 */
uint64_t bench_upcall_tsc;
void bench_upcall(void);
extern char bench_upcall_entry[];

asm ( "    .text\n"
      "    .balign 16\n"
      "bench_upcall_entry:\n"
      "    push %rax\n"
      "    push %rdx\n"
      "    lfence\n"
      "    rdtsc\n"
      "    shl $32, %rdx\n"
      "    or %rdx, %rax\n"
      "    mov %rax, bench_upcall_tsc(%rip)\n"
      "    push %rcx\n"
      "    push %rsi\n"
      "    push %rdi\n"
      "    push %r8\n"
      "    push %r9\n"
      "    push %r10\n"
      "    push %r11\n"
      "    cld\n"
      "    call bench_upcall\n"
      "    pop %r11\n"
      "    pop %r10\n"
      "    pop %r9\n"
      "    pop %r8\n"
      "    pop %rdi\n"
      "    pop %rsi\n"
      "    pop %rcx\n"
      "    pop %rdx\n"
      "    pop %rax\n"
      "    iretq\n" );

/* Per port: upcalls that found it pending, and the TSC of the latest. */
static uint64_t port_count[NR_PORTS_TRACKED];
static uint64_t port_tsc[NR_PORTS_TRACKED];
static uint64_t stray_events;

/* The 2-level scan, for vCPU 0 (the only one the benchmark runs on). */
void bench_upcall(void)
{
    struct vcpu_info *vi = &si->vcpu_info[0];
    uint64_t tsc = bench_upcall_tsc;
    xen_ulong_t sel, bits;

    do {
        __atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
        sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
                                  __ATOMIC_SEQ_CST);
        while ( sel )
        {
            unsigned int w = __builtin_ctzl(sel);

            sel &= sel - 1;
            bits = __atomic_load_n(&si->evtchn_pending[w], __ATOMIC_SEQ_CST) &
                   ~__atomic_load_n(&si->evtchn_mask[w], __ATOMIC_SEQ_CST);
            while ( bits )
            {
                evtchn_port_t port = w * WORD_BITS + __builtin_ctzl(bits);

                bits &= bits - 1;
                port_clear_pending(port);
                if ( port < NR_PORTS_TRACKED )
                {
                    port_tsc[port] = tsc;
                    __atomic_store_n(&port_count[port], port_count[port] + 1,
                                     __ATOMIC_SEQ_CST);
                }
                else
                    stray_events++;
            }
        }
    } while ( __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST) );
}

static uint64_t upcalls_on(evtchn_port_t port)
{
    return __atomic_load_n(&port_count[port], __ATOMIC_SEQ_CST);
}

struct idt_gate {
    uint16_t offset0, selector;
    uint8_t ist, type;
    uint16_t offset1;
    uint32_t offset2, reserved;
} __packed;

struct idt_ptr {
    uint16_t limit;
    uint64_t base;
} __packed;

/* Points IDT entry vec at fn: a present 64-bit interrupt gate, DPL 0. */
static bool install_gate(unsigned int vec, const void *fn)
{
    uint64_t a = (uint64_t)fn;
    struct idt_ptr idtr;
    struct idt_gate *g;

    asm volatile ( "sidt %0" : "=m" (idtr) );
    if ( (vec + 1) * sizeof(*g) - 1 > idtr.limit )
        return false;
    g = (struct idt_gate *)idtr.base + vec;
    g->offset0 = a;
    g->selector = GDT_KERNEL_CS;
    g->ist = 0;
    g->type = 0x8e;
    g->offset1 = a >> 16;
    g->offset2 = a >> 32;
    g->reserved = 0;
    return true;
}

static long set_callback_vector(unsigned int vector)
{
    struct xen_hvm_param p = {
        .domid = DOMID_SELF,
        .index = HVM_PARAM_CALLBACK_IRQ,
        .value = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR <<
                  HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) | vector,
    };

    return HYPERVISOR_hvm_op(HVMOP_set_param, &p);
}

static void irq_enable(void)
{
    asm volatile ( "sti" ::: "memory" );
}

static void irq_disable(void)
{
    asm volatile ( "cli" ::: "memory" );
}

/* ----- the pvclock ----- */

struct clock {
    uint64_t tsc;               /* a TSC reading ... */
    uint64_t ns;                /* ... and the system time it stands for */
    uint32_t mul;
    int8_t shift;
};

static void clock_read(struct clock *c)
{
    const struct vcpu_time_info *t = &si->vcpu_info[0].time;
    uint64_t stamp, system_time, delta;
    uint32_t v;

    for ( ; ; )
    {
        v = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
        stamp = __atomic_load_n(&t->tsc_timestamp, __ATOMIC_RELAXED);
        system_time = __atomic_load_n(&t->system_time, __ATOMIC_RELAXED);
        c->mul = __atomic_load_n(&t->tsc_to_system_mul, __ATOMIC_RELAXED);
        c->shift = __atomic_load_n(&t->tsc_shift, __ATOMIC_RELAXED);
        c->tsc = bench_tsc();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if ( !(v & 1) &&
             __atomic_load_n(&t->version, __ATOMIC_RELAXED) == v )
            break;
    }
    delta = c->tsc - stamp;
    delta = c->shift < 0 ? delta >> -c->shift : delta << c->shift;
    c->ns = system_time +
            (uint64_t)(((unsigned __int128)delta * c->mul) >> 32);
}

/* TSC ticks in ns (below 2^32) of system time: the pvclock's inverse. */
static uint64_t clock_ns_to_ticks(const struct clock *c, uint64_t ns)
{
    uint64_t t = (ns << 32) / c->mul;

    return c->shift < 0 ? t << -c->shift : t >> c->shift;
}

/* ----- the figures ----- */

static void bench_tsc_read(void)
{
    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1 = bench_tsc();

        if ( i >= 0 )
            samples[i] = t1 - t0;
    }
    bench_report("tsc-read", "ticks", samples, iters, NULL);
}

static void bench_hypercalls(void)
{
    long want = cpuid(XEN_CPUID_LEAF(1)).a, rc = 0;
    static char extra[16];

    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1;

        rc = hypercall_direct(__HYPERVISOR_xen_version, XENVER_version,
                              0, 0, 0, 0);
        t1 = bench_tsc();
        if ( i >= 0 )
            samples[i] = t1 - t0;
    }
    if ( EXPECT_EQ(rc, want) )
        bench_report("hypercall-null-vmcall", "ticks", samples, iters, NULL);

    if ( !EXPECT_TRUE(hypercall_stub_ok(__HYPERVISOR_xen_version)) )
        return;
    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1;

        rc = hypercall_page(__HYPERVISOR_xen_version, XENVER_version,
                            0, 0, 0, 0);
        t1 = bench_tsc();
        if ( i >= 0 )
            samples[i] = t1 - t0;
    }
    if ( EXPECT_EQ(rc, want) )
        bench_report("hypercall-null-page", "ticks", samples, iters, NULL);

    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1;

        rc = hypercall_direct(__HYPERVISOR_xen_version, XENVER_extraversion,
                              (unsigned long)extra, 0, 0, 0);
        t1 = bench_tsc();
        if ( i >= 0 )
            samples[i] = t1 - t0;
    }
    if ( EXPECT_EQ(rc, 0) )
        bench_report("hypercall-copyout-16B", "ticks", samples, iters, NULL);
}

static uint64_t bench_rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) : "memory" );
    return ((uint64_t)hi << 32) | lo;
}

static void bench_exits(void)
{
    struct cpuid_regs r = { 0 };
    uint64_t val = 0;

    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1;

        r = cpuid(XEN_CPUID_FIRST_LEAF);
        t1 = bench_tsc();
        if ( i >= 0 )
            samples[i] = t1 - t0;
    }
    if ( EXPECT_EQ(r.b, XEN_CPUID_SIGNATURE_EBX) )
        bench_report("exit-cpuid", "ticks", samples, iters, NULL);

    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1;

        val = bench_rdmsr(MSR_IA32_MISC_ENABLE);
        t1 = bench_tsc();
        if ( i >= 0 )
            samples[i] = t1 - t0;
    }
    /* Bit 0: fast strings, which the hypervisor reports. */
    if ( EXPECT_EQ(val & 1, 1) )
        bench_report("exit-rdmsr", "ticks", samples, iters, NULL);
}

/* Upcalls on BENCH_CALLBACK_VECTOR, to bench_upcall_entry: whether set. */
static bool events_setup(void)
{
    if ( !EXPECT_TRUE(install_gate(BENCH_CALLBACK_VECTOR,
                                   bench_upcall_entry)) )
        return false;
    return EXPECT_EQ(set_callback_vector(BENCH_CALLBACK_VECTOR), 0);
}

static void bench_send_self(void)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };
    evtchn_port_t port;

    if ( !EXPECT_EQ(evtchn_op(EVTCHNOP_bind_ipi, &b), 0) )
        return;
    port = b.port;
    if ( !EXPECT_TRUE(port < NR_PORTS_TRACKED) ||
         !EXPECT_EQ(port_unmask(port), 0) )
        return;

    /* Interrupts on: the upcall comes as the hypercall returns. */
    irq_enable();
    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t c0 = upcalls_on(port), t0 = bench_tsc();

        port_send(port);
        if ( upcalls_on(port) == c0 )
        {
            irq_disable();
            test_fail("evtchn-send-self: no upcall after the send "
                      "(iteration %d)", i);
            port_close(port);
            return;
        }
        if ( i >= 0 )
            samples[i] = port_tsc[port] - t0;
    }
    irq_disable();
    bench_report("evtchn-send-self", "ticks", samples, iters, NULL);
    EXPECT_EQ(port_close(port), 0);
}

static long set_singleshot(uint64_t deadline_ns)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline_ns };

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

/* One figure of timer lateness; halted: wait in HLT, else spin. */
static void bench_timer(evtchn_port_t port, bool halted)
{
    const char *name = halted ? "timer-singleshot-late-halted"
                              : "timer-singleshot-late-busy";

    irq_enable();
    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t c0 = upcalls_on(port), deadline_tsc, give_up;
        struct clock c;
        long rc;

        clock_read(&c);
        deadline_tsc = c.tsc + clock_ns_to_ticks(&c, TIMER_DELTA_NS);
        give_up = c.tsc + 1000 * clock_ns_to_ticks(&c, TIMER_DELTA_NS);
        rc = set_singleshot(c.ns + TIMER_DELTA_NS);
        if ( rc )
        {
            irq_disable();
            test_fail("%s: VCPUOP_set_singleshot_timer returned %ld", name,
                      rc);
            return;
        }
        if ( halted )
        {
            /*
             * STI; HLT: an upcall due now is taken in the HLT.  The NOP
             * keeps the CLI out of the STI shadow should the hypervisor
             * resume us with that shadow still set, which would hold the
             * upcall off for good.
             */
            for ( ; ; )
            {
                irq_disable();
                if ( upcalls_on(port) != c0 )
                    break;
                asm volatile ( "sti; hlt; nop" ::: "memory" );
            }
            irq_enable();
        }
        else
        {
            while ( upcalls_on(port) == c0 && bench_tsc() < give_up )
                ;
            if ( upcalls_on(port) == c0 )
            {
                irq_disable();
                test_fail("%s: no timer event within %lu ticks", name,
                          (unsigned long)(give_up - c.tsc));
                return;
            }
        }
        if ( i >= 0 )
            samples[i] = (int64_t)(port_tsc[port] - deadline_tsc);
    }
    irq_disable();
    bench_report(name, "ticks", samples, iters, NULL);
}

static void bench_timers(void)
{
    struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = 0 };
    evtchn_port_t port;

    if ( !EXPECT_EQ(evtchn_op(EVTCHNOP_bind_virq, &b), 0) )
        return;
    port = b.port;
    if ( !EXPECT_TRUE(port < NR_PORTS_TRACKED) ||
         !EXPECT_EQ(port_unmask(port), 0) )
        return;
    bench_timer(port, true);
    bench_timer(port, false);
    EXPECT_EQ(port_close(port), 0);
}

static void bench_micro(void)
{
    bench_tsc_read();
    bench_hypercalls();
    bench_exits();
    if ( !events_setup() )
        return;
    bench_send_self();
    bench_timers();
    EXPECT_EQ(stray_events, 0);
}

static void bench_pingpong(void)
{
    domid_t peer = cmdline_get_ulong("peer", 1);
    struct evtchn_bind_interdomain b;
    char where[32] = "", name[64], extra[64];
    unsigned int early = 0;
    evtchn_port_t port;
    uint64_t give_up;
    struct clock c;
    long rc;

    cmdline_get("where", where, sizeof(where));
    snprintf(name, sizeof(name), "evtchn-pingpong%s%s", where[0] ? "-" : "",
             where);

    /* The peer offers its first port to us once it has booted. */
    clock_read(&c);
    give_up = c.ns + BIND_TIMEOUT_NS;
    for ( ; ; )
    {
        b.remote_dom = peer;
        b.remote_port = PONG_PORT;
        rc = evtchn_op(EVTCHNOP_bind_interdomain, &b);
        if ( !rc )
            break;
        clock_read(&c);
        if ( c.ns > give_up )
        {
            test_fail("%s: cannot bind to d%u port %u (%ld) after %llu s",
                      name, peer, PONG_PORT, rc,
                      BIND_TIMEOUT_NS / NSEC_PER_SEC);
            return;
        }
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    port = b.local_port;
    printk("bench: bound to d%u port %u as port %u\n", peer, PONG_PORT, port);

    /* The bind's own (spurious) event. */
    port_clear_pending(port);
    for ( int i = -(int)warmup; i < (int)iters; i++ )
    {
        uint64_t t0 = bench_tsc(), t1;
        bool answered;

        rc = port_send(port);
        if ( rc )
        {
            test_fail("%s: EVTCHNOP_send returned %ld", name, rc);
            return;
        }
        answered = port_pending(port);
        while ( !port_pending(port) )
            port_poll(&port);
        t1 = bench_tsc();
        port_clear_pending(port);
        if ( i >= 0 )
        {
            samples[i] = t1 - t0;
            early += answered;
        }
    }
    /*
     * An answer already there when our send returns means the peer ran
     * while we were in the hypervisor: on our pCPU, in all likelihood.
     */
    snprintf(extra, sizeof(extra), "answered_in_send=%u", early);
    bench_report(name, "ticks", samples, iters, extra);
}

static evtchn_port_t pong_port;

/* The pong itself, on vCPU id; never returns. */
static void pong_loop(unsigned int id)
{
    printk("bench: pong: answering on vCPU %u\n", id);
    for ( ; ; )
    {
        if ( !port_pending(pong_port) )
        {
            port_poll(&pong_port);
            continue;
        }
        port_clear_pending(pong_port);
        port_send(pong_port);
    }
}

/*
 * role=pong: answer each event from dom0, on vCPU vcpu=<n> (default 0;
 * the hypervisor first places vCPU n of every domain on pCPU n modulo
 * their number); never returns.
 */
static void __noreturn pong_main(void)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 0 };
    unsigned int vcpu = cmdline_get_ulong("vcpu", 0);
    long rc;

    rc = map_shared_info();
    if ( !rc )
        rc = evtchn_op(EVTCHNOP_alloc_unbound, &a);
    if ( rc )
    {
        test_fail("pong: setting up its port failed (%ld)", rc);
        test_finish();
    }
    pong_port = a.port;
    printk("bench: pong: port %u offered to d0%s\n", pong_port,
           pong_port == PONG_PORT ? "" : " (not the port d0 expects)");
    if ( vcpu == 0 )
        pong_loop(0);
    rc = smp_start_cpu(vcpu, pong_loop);
    if ( rc )
    {
        test_fail("pong: cannot start vCPU %u (%ld)", vcpu, rc);
        test_finish();
    }
    for ( ; ; )
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* role=idle: nothing will ever wake it. */
static void __noreturn idle_main(void)
{
    printk("bench: idle: blocking for ever\n");
    for ( ; ; )
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

void test_main(void)
{
    char role[16] = "main", set[16] = "all";
    long rc;

    cmdline_get("role", role, sizeof(role));
    if ( !strcmp(role, "pong") )
        pong_main();
    if ( !strcmp(role, "idle") )
        idle_main();
    if ( strcmp(role, "main") )
    {
        test_fail("unknown role=%s", role);
        return;
    }

    cmdline_get("set", set, sizeof(set));
    iters = cmdline_get_ulong("iters", iters);
    warmup = cmdline_get_ulong("warmup", warmup);
    if ( iters < 1 || iters > BENCH_MAX_SAMPLES || warmup > 1000000 )
    {
        test_fail("iters=%u must be 1 to %u, warmup=%u at most 1000000",
                  iters, BENCH_MAX_SAMPLES, warmup);
        return;
    }
    printk("bench: set=%s, %u samples per figure after %u warm-up "
           "iterations\n", set, iters, warmup);

    rc = map_shared_info();
    if ( !EXPECT_EQ(rc, 0) )
        return;

    if ( !strcmp(set, "all") || !strcmp(set, "micro") )
        bench_micro();
    if ( !strcmp(set, "all") || !strcmp(set, "pingpong") )
        bench_pingpong();
    if ( strcmp(set, "all") && strcmp(set, "micro") &&
         strcmp(set, "pingpong") && strcmp(set, "none") )
        test_fail("unknown set=%s", set);
}
