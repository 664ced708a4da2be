/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_SHUTDOWN_H
#define ASM_X86_SHUTDOWN_H

#include <xen/compiler.h>

/*
 * Ends the run: prints the line "XEN-EXIT: <kind>" that test harnesses
 * wait for, then powers the machine off.  kind is "poweroff", "reboot",
 * "panic" or "novmx".
 */
void __noreturn machine_power_off(const char *kind);

/* ACPI S5 parameters, found by the ACPI table parser if present. */
void acpi_set_poweroff(u16 pm1a_cnt, u16 pm1b_cnt, u16 slp_typa,
                       u16 slp_typb);

#endif /* ASM_X86_SHUTDOWN_H */
