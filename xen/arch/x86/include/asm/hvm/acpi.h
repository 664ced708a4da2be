/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ACPI tables the hypervisor builds for a PVH guest: RSDP, XSDT, a MADT
 * with one local APIC per vCPU (no IOAPIC), a hardware-reduced FADT and
 * a DSDT holding only \_S5, so that power-off and reset reach trapped
 * I/O ports and from there the domain's shutdown path.
 */
#ifndef ASM_X86_HVM_ACPI_H
#define ASM_X86_HVM_ACPI_H

#include <xen/types.h>

/* Trapped ports named by the FADT. */
#define PVH_ACPI_SLEEP_CONTROL  0x4e0
#define PVH_ACPI_SLEEP_STATUS   0x4e1
#define PVH_ACPI_RESET_PORT     0x4e2
#define PVH_ACPI_RESET_VALUE    0x01
#define PVH_ACPI_S5_TYPE        5       /* SLP_TYP in \_S5 */

/*
 * Writes the tables into buf (at most len bytes), which the guest will
 * see at guest-physical address base.  Returns the size used, or 0 if
 * len is too small.  *rsdp gets the RSDP's guest-physical address.
 */
size_t pvh_acpi_build(void *buf, size_t len, u64 base, unsigned int nr_vcpus,
                      u64 *rsdp);

#endif /* ASM_X86_HVM_ACPI_H */
