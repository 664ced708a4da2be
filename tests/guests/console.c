/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The console ring of a boot-time domU (public/io/console.h), served by
 * the hypervisor until a toolstack does: HVM_PARAM_CONSOLE_PFN names a
 * page in a reserved part of the memory map, HVM_PARAM_CONSOLE_EVTCHN a
 * port whose other end is the backend.  The kernel writes lines to the
 * ring, which the log must show as "(dN) ..." (the harness checks the
 * lines marked below), and checks that the backend consumes everything,
 * signals back, and survives indices the guest corrupted.
 */
#include <guest/atomic.h>
#include <guest/events.h>
#include <guest/test.h>
#include <guest/time.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/console.h>
#include <public/memory.h>

const char test_name[] = "console";

#define RING_SLOT       32
#define E820_RAM        1
#define E820_RESERVED   2
#define WAIT_NS         (5 * NSEC_PER_SEC)

struct memmap_entry {
    uint64_t addr, size;
    uint32_t type;
} __attribute__((packed));

static volatile struct xencons_interface *ring;
static evtchn_port_t port;
static volatile unsigned int notified;

static void ring_event(evtchn_port_t p, void *data)
{
    notified++;
}

static uint64_t get_param(unsigned int index, long *rc)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };

    *rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);
    return p.value;
}

/* The type of the memory-map entry holding gpa, or 0 if none does. */
static uint32_t memmap_type(uint64_t gpa)
{
    static struct memmap_entry map[32];
    struct xen_memory_map m = { .nr_entries = 32,
                                .buffer = (uint64_t)map };

    if ( !EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_memory_map, &m), 0) )
        return 0;
    for ( unsigned int i = 0; i < m.nr_entries; i++ )
        if ( gpa >= map[i].addr && gpa - map[i].addr < map[i].size )
            return map[i].type;
    return 0;
}

/* Waits until the backend consumed everything; false on timeout. */
static bool wait_drained(void)
{
    uint64_t until = now_ns() + WAIT_NS;

    while ( ring->out_cons != ring->out_prod )
    {
        if ( now_ns() > until )
            return false;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return true;
}

/* Queues s, waiting for room as hvc_xen does; false on timeout. */
static bool ring_write(const char *s)
{
    size_t len = strlen(s);

    while ( len )
    {
        XENCONS_RING_IDX cons = ring->out_cons, prod = ring->out_prod;
        uint64_t until = now_ns() + WAIT_NS;

        while ( prod - cons >= sizeof(ring->out) )
        {
            if ( now_ns() > until )
                return false;
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            cons = ring->out_cons;
        }
        while ( len && prod - cons < sizeof(ring->out) )
        {
            ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *s++;
            len--;
        }
        __atomic_thread_fence(__ATOMIC_RELEASE);
        ring->out_prod = prod;
        evtchn_send(port);
    }
    return true;
}

void test_main(void)
{
    struct evtchn_status st;
    uint64_t pfn, ev;
    unsigned int before;
    char line[64];
    long rc;

    pfn = get_param(HVM_PARAM_CONSOLE_PFN, &rc);
    EXPECT_EQ(rc, 0);
    ev = get_param(HVM_PARAM_CONSOLE_EVTCHN, &rc);
    EXPECT_EQ(rc, 0);
    if ( !EXPECT_TRUE(pfn != 0) || !EXPECT_TRUE(ev != 0) )
        return;
    port = ev;
    printk("console: ring at pfn %#lx, port %u\n", (unsigned long)pfn,
           port);

    /* ioremap() refuses RAM: the ring must sit in a reserved range. */
    EXPECT_EQ(memmap_type(pfn << PAGE_SHIFT), E820_RESERVED);
    /* No xenstore yet: STORE_PFN stays 0, so xenbus stays off. */
    EXPECT_EQ(get_param(HVM_PARAM_STORE_PFN, &rc), 0);

    /* The guest may not move its console. */
    {
        struct xen_hvm_param p = { .domid = DOMID_SELF,
                                   .index = HVM_PARAM_CONSOLE_PFN,
                                   .value = 0x1000 };

        EXPECT_TRUE(HYPERVISOR_hvm_op(HVMOP_set_param, &p) < 0);
        EXPECT_EQ(get_param(HVM_PARAM_CONSOLE_PFN, &rc), pfn);
    }

    EXPECT_EQ(evtchn_status(DOMID_SELF, port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(st.u.interdomain.dom, DOMID_XEN);

    if ( !EXPECT_EQ(events_init(), 0) )
        return;
    evtchn_set_handler(port, ring_event, NULL);
    EXPECT_EQ(evtchn_unmask(port), 0);
    local_irq_enable();             /* the upcall counts the events */
    ring = window_map(RING_SLOT, pfn << PAGE_SHIFT, PTE_P | PTE_RW);

    /* Harness: "(dN) console ring: hello". */
    before = notified;
    EXPECT_TRUE(ring_write("console ring: hello\n"));
    EXPECT_TRUE(wait_drained());
    EXPECT_TRUE(notified > before);

    /* More than the ring holds, in lines, with flow control. */
    for ( unsigned int i = 0; i < 100; i++ )
    {
        snprintf(line, sizeof(line), "console ring: line %u of 100\n",
                 i + 1);
        if ( !EXPECT_TRUE(ring_write(line)) )
            break;
    }
    EXPECT_TRUE(wait_drained());

    /* A producer 2^31 ahead: the backend must skip, not read past. */
    ring->out_prod = ring->out_cons + 0x80000000U;
    EXPECT_EQ(evtchn_send(port), 0);
    EXPECT_TRUE(wait_drained());
    /* Harness: "(dN) console ring: after bad indices". */
    EXPECT_TRUE(ring_write("console ring: after bad indices\n"));
    EXPECT_TRUE(wait_drained());

    /* Once closed, sending on it is refused and nothing else breaks. */
    EXPECT_EQ(evtchn_close(port), 0);
    EXPECT_ERR(evtchn_send(port), -EINVAL);
}
