/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shuts the domain down the way the command line says, so that the boot
 * test can check how the hypervisor ends the run:
 *
 *   reason=poweroff | reboot | crash     SCHEDOP_shutdown with that reason
 *   reason=code=crash                    SCHEDOP_shutdown_code(crash), then
 *                                        SCHEDOP_shutdown(poweroff): the
 *                                        code set first is what counts
 *
 * Nothing is printed after "shutdown test: requesting <reason>" unless
 * the request fails.
 */
#include <guest/test.h>

const char test_name[] = "shutdown";

static const struct {
    const char *name;
    unsigned int reason;
} reasons[] = {
    { "poweroff", SHUTDOWN_poweroff },
    { "reboot", SHUTDOWN_reboot },
    { "crash", SHUTDOWN_crash },
};

void test_main(void)
{
    struct sched_shutdown code = { .reason = SHUTDOWN_crash };
    char arg[32];
    unsigned int i;
    long rc;

    if ( !cmdline_get("reason", arg, sizeof(arg)) )
    {
        test_fail("no reason= on the command line");
        return;
    }

    if ( !strcmp(arg, "code=crash") )
    {
        printk("shutdown test: requesting %s\n", arg);
        rc = HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &code);
        if ( !EXPECT_EQ(rc, 0) )
            return;
        rc = shutdown_domain(SHUTDOWN_poweroff);
        test_fail("SCHEDOP_shutdown(poweroff) after the crash code "
                  "returned %ld", rc);
        return;
    }

    for ( i = 0; i < ARRAY_SIZE(reasons); i++ )
    {
        if ( strcmp(arg, reasons[i].name) )
            continue;
        printk("shutdown test: requesting %s\n", arg);
        rc = shutdown_domain(reasons[i].reason);
        test_fail("SCHEDOP_shutdown(%s) returned %ld", arg, rc);
        return;
    }

    test_fail("unknown reason=%s", arg);
}
