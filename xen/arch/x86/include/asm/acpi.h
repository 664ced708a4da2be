/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_ACPI_H
#define ASM_X86_ACPI_H

#include <xen/types.h>
#include <asm/bootinfo.h>

struct acpi_table_header {
    char signature[4];
    u32 length;
    u8 revision;
    u8 checksum;
    char oem_id[6];
    char oem_table_id[8];
    u32 oem_revision;
    char creator_id[4];
    u32 creator_revision;
} __attribute__((__packed__));

/* CPUs found in the MADT, boot CPU first. */
extern u32 x86_cpu_to_apicid[NR_CPUS];

/*
 * Finds the RSDP (from the loader, else by the BIOS scan of ACPI 6.4,
 * 5.2.5.1), walks the XSDT/RSDT, and reads the MADT and the FADT.
 * Returns 0, or a negative errno when there is no usable ACPI: the
 * caller then runs on the boot CPU alone.
 */
int acpi_boot_init(const struct boot_info *bi, u32 bsp_apic_id);

#endif /* ASM_X86_ACPI_H */
