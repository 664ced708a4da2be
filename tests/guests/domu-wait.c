/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A dom0 that only waits: it binds VIRQ_DOM_EXC, which the hypervisor
 * raises whenever another domain shuts down or crashes, and waits for
 * it, so that a boot-time domU (a Linux kernel, the console test) runs
 * to its end before the machine powers off.
 *
 * Command line: timeout=<s> (default 900, of pvclock time): the domU
 * must have shut down by then.  One event is all it waits for: events on
 * a port coalesce, and without domctl dom0 cannot tell which domain it
 * was, so run one domU with it.
 */
#include <guest/events.h>
#include <guest/test.h>
#include <guest/time.h>

const char test_name[] = "domu-wait";

void test_main(void)
{
    uint64_t timeout = cmdline_get_ulong("timeout", 900) * NSEC_PER_SEC;
    uint64_t start, until;
    evtchn_port_t port;

    if ( !EXPECT_EQ(events_init(), 0) ||
         !EXPECT_EQ(evtchn_bind_virq(VIRQ_DOM_EXC, 0, &port), 0) )
        return;

    /*
     * The port stays masked and interrupts off: SCHEDOP_poll wakes on
     * its pending bit alone, and nothing else can end the poll early.
     */
    EXPECT_TRUE(evtchn_is_masked(port));
    start = now_ns();
    until = start + timeout;
    while ( !evtchn_is_pending(port) && now_ns() < until )
        sched_poll(&port, 1, until);

    if ( EXPECT_TRUE(evtchn_is_pending(port)) )
        printk("domu-wait: VIRQ_DOM_EXC after %lu ms\n",
               (unsigned long)((now_ns() - start) / 1000000));
}
