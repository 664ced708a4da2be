/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Powering the machine off.  ACPI S5 through the FADT's PM1 control
 * registers is the real path (ACPI 6.4, 4.8.3.2.1: SLP_TYP | SLP_EN);
 * the emulators' own exit ports follow for machines whose ACPI we could
 * not use, and a halt loop ends it if all of them fail.
 */
#include <xen/console.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/io.h>
#include <asm/shutdown.h>
#include <asm/system.h>

#define SLP_EN (1U << 13)

static u16 pm1a_cnt_port, pm1b_cnt_port, s5_typa, s5_typb;

void acpi_set_poweroff(u16 pm1a_cnt, u16 pm1b_cnt, u16 slp_typa,
                       u16 slp_typb)
{
    pm1a_cnt_port = pm1a_cnt;
    pm1b_cnt_port = pm1b_cnt;
    s5_typa = slp_typa;
    s5_typb = slp_typb;
}

void machine_power_off(const char *kind)
{
    static const char bochs_shutdown[] = "Shutdown";
    char line[48];
    int n;

    local_irq_disable();
    smp_send_stop();

    n = snprintf(line, sizeof(line), "XEN-EXIT: %s\n", kind);
    console_write_raw(line, n);
    /* Emulators drop what is still in the UART when the power goes. */
    console_flush();

    if ( pm1a_cnt_port )
    {
        outw((s5_typa << 10) | SLP_EN, pm1a_cnt_port);
        if ( pm1b_cnt_port )
            outw((s5_typb << 10) | SLP_EN, pm1b_cnt_port);
    }

    /* Bochs: the string "Shutdown" on port 0x8900 ends the simulation. */
    for ( const char *p = bochs_shutdown; *p; p++ )
        outb(*p, 0x8900);
    /* QEMU's isa-debug-exit device, when configured at 0xf4. */
    outb(0, 0xf4);

    for ( ; ; )
        halt();
}
