/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * panic(): the last resort when the hypervisor itself is broken.  It
 * stops the other CPUs, says why on the console and powers off with the
 * "panic" marker, so that a test run fails at once instead of hanging.
 */
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/shutdown.h>
#include <asm/system.h>

static int panicking = -1;      /* CPU that owns the panic, or -1 */

void panic(const char *fmt, ...)
{
    int me = smp_processor_id(), owner = -1;
    char buf[256];
    va_list args;

    local_irq_disable();

    /* A second CPU panicking at the same time just stops. */
    if ( !__atomic_compare_exchange_n(&panicking, &owner, me, false,
                                      __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) )
    {
        if ( owner != me )
            for ( ; ; )
                halt();
        /* Recursive panic: skip the printing that may have failed. */
        machine_power_off("panic");
    }

    console_force_unlock();
    va_start(args, fmt);
    vsnprintf(buf, sizeof(buf), fmt, args);
    va_end(args);

    printk(XENLOG_ERR "****************************************\n");
    printk(XENLOG_ERR "PANIC on CPU %d: %s\n", me, buf);
    printk(XENLOG_ERR "****************************************\n");

    machine_power_off("panic");
}
