/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypercall fuzzer (fuzz.c, unchanged) as an unprivileged domU that
 * dom0 watches (isolation.c, d<N>=fuzz): the same command line (seed=,
 * count=), the same checks and result line ("RESULT: fuzz ...").
 *
 * Once the calls are done it tells dom0, through the one port dom0
 * offers it (dom0's last: see isolation.h), found by trying dom0's
 * ports from the top.  Nothing of the event machinery is set up before
 * that: the random calls could undo any of it, and only hypercalls are
 * needed to bind and send.  The result line comes first, so that it is
 * in the log when dom0 ends the run.
 */
#define test_main fuzz_main
#include "fuzz.c"
#undef test_main

#include <guest/events.h>
#include "isolation.h"

void test_main(void);

void test_main(void)
{
    evtchn_port_t p, local = 0;
    long rc = -EINVAL;

    fuzz_main();

    for ( p = ISOLATION_NR_PORTS - 1; p > 0; p-- )
    {
        rc = evtchn_bind_interdomain(0, p, &local);
        if ( rc != -EINVAL )
            break;
    }
    if ( EXPECT_EQ(rc, 0) )
        printk("fuzz: dom0's port %u is ours as port %u\n", p, local);

    test_report();
    if ( !rc )
        evtchn_send(local);
    shutdown_domain(SHUTDOWN_poweroff);
    halt_forever();
}
