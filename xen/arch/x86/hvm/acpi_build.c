/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest ACPI tables (ACPI 6.4: 5.2.5 RSDP, 5.2.8 XSDT, 5.2.9 FADT,
 * 5.2.12 MADT).  The FADT declares hardware-reduced ACPI (no PM1 blocks,
 * no PM timer, no SCI), so the guest puts itself to S5 through the sleep
 * control register and resets through the reset register, both ports we
 * trap.  Pure logic: buffer in, tables out.
 */
#include <xen/lib.h>
#include <asm/acpi.h>
#include <asm/hvm/acpi.h>

struct acpi_gas {
    u8 space_id;                /* 1: system I/O */
    u8 bit_width;
    u8 bit_offset;
    u8 access_size;             /* 1: byte */
    u64 address;
} __packed;

struct acpi_rsdp {
    char signature[8];
    u8 checksum;
    char oem_id[6];
    u8 revision;
    u32 rsdt_address;
    u32 length;
    u64 xsdt_address;
    u8 extended_checksum;
    u8 reserved[3];
} __packed;

/* FADT, revision 5 layout (268 bytes): the fields we set are named. */
struct acpi_fadt {
    struct acpi_table_header h;
    u32 firmware_ctrl;
    u32 dsdt;
    u8 reserved0;
    u8 preferred_pm_profile;
    u8 legacy_fields[63];       /* SCI_INT .. CENTURY: unused when reduced */
    u16 iapc_boot_arch;
    u8 reserved1;
    u32 flags;
    struct acpi_gas reset_reg;
    u8 reset_value;
    u16 arm_boot_arch;
    u8 minor_version;
    u64 x_firmware_ctrl;
    u64 x_dsdt;
    struct acpi_gas x_legacy[8];    /* X_PM1a_EVT_BLK .. X_GPE1_BLK */
    struct acpi_gas sleep_control;
    struct acpi_gas sleep_status;
} __packed;

#define FADT_RESET_REG_SUP      (1U << 10)
#define FADT_HW_REDUCED_ACPI    (1U << 20)
#define IAPC_VGA_NOT_PRESENT    (1U << 2)
#define IAPC_CMOS_RTC_NOT_PRESENT (1U << 5)

struct acpi_madt {
    struct acpi_table_header h;
    u32 lapic_address;
    u32 flags;
} __packed;

struct madt_lapic {
    u8 type;                    /* 0: processor local APIC */
    u8 length;
    u8 acpi_processor_id;
    u8 apic_id;
    u32 flags;                  /* bit 0: enabled */
} __packed;

/* AML: Name (_S5, Package () { 5, 5, 0, 0 }) (ACPI 6.4, 20.2). */
static const u8 dsdt_aml[] = {
    0x08, '_', 'S', '5', '_',               /* NameOp "_S5_" */
    0x12, 0x08, 0x04,                       /* PackageOp, len 8, 4 items */
    0x0a, PVH_ACPI_S5_TYPE,                 /* BytePrefix 5: SLP_TYPa */
    0x0a, PVH_ACPI_S5_TYPE,                 /* SLP_TYPb */
    0x00, 0x00,                             /* ZeroOp, ZeroOp */
};

static u8 checksum(const void *p, size_t len)
{
    const u8 *b = p;
    u8 sum = 0;

    while ( len-- )
        sum += *b++;
    return (u8)-sum;
}

static void fill_header(struct acpi_table_header *h, const char *sig, u32 len,
                        u8 rev)
{
    memcpy(h->signature, sig, 4);
    h->length = len;
    h->revision = rev;
    memcpy(h->oem_id, "XenPVH", 6);
    memcpy(h->oem_table_id, "PVH     ", 8);
    h->oem_revision = 1;
    memcpy(h->creator_id, "XPVH", 4);
    h->creator_revision = 1;
    h->checksum = 0;
    h->checksum = checksum(h, len);
}

static struct acpi_gas io_gas(u16 port)
{
    return (struct acpi_gas){ .space_id = 1, .bit_width = 8,
                              .access_size = 1, .address = port };
}

size_t pvh_acpi_build(void *buf, size_t len, u64 base, unsigned int nr_vcpus,
                      u64 *rsdp_gpa)
{
    size_t off_xsdt = ROUNDUP(sizeof(struct acpi_rsdp), 16UL);
    size_t xsdt_len = sizeof(struct acpi_table_header) + 2 * sizeof(u64);
    size_t off_fadt = ROUNDUP(off_xsdt + xsdt_len, 16UL);
    size_t off_dsdt = ROUNDUP(off_fadt + sizeof(struct acpi_fadt), 16UL);
    size_t dsdt_len = sizeof(struct acpi_table_header) + sizeof(dsdt_aml);
    size_t off_madt = ROUNDUP(off_dsdt + dsdt_len, 16UL);
    size_t madt_len = sizeof(struct acpi_madt) +
                      nr_vcpus * sizeof(struct madt_lapic);
    size_t total = off_madt + madt_len;
    u8 *p = buf;
    struct acpi_rsdp *rsdp = buf;
    struct acpi_table_header *xsdt = (void *)(p + off_xsdt);
    struct acpi_fadt *fadt = (void *)(p + off_fadt);
    struct acpi_table_header *dsdt = (void *)(p + off_dsdt);
    struct acpi_madt *madt = (void *)(p + off_madt);
    u64 entries[2] = { base + off_fadt, base + off_madt };

    /* Local APIC ids are vCPU ids; type-0 entries carry 8-bit ids. */
    if ( total > len || nr_vcpus == 0 || nr_vcpus > 255 )
        return 0;
    memset(buf, 0, total);

    memcpy(p + off_dsdt + sizeof(*dsdt), dsdt_aml, sizeof(dsdt_aml));
    fill_header(dsdt, "DSDT", dsdt_len, 2);

    fadt->preferred_pm_profile = 0;         /* unspecified */
    fadt->iapc_boot_arch = IAPC_VGA_NOT_PRESENT | IAPC_CMOS_RTC_NOT_PRESENT;
    fadt->flags = FADT_HW_REDUCED_ACPI | FADT_RESET_REG_SUP;
    fadt->reset_reg = io_gas(PVH_ACPI_RESET_PORT);
    fadt->reset_value = PVH_ACPI_RESET_VALUE;
    fadt->minor_version = 0;
    fadt->dsdt = base + off_dsdt;
    fadt->x_dsdt = base + off_dsdt;
    fadt->sleep_control = io_gas(PVH_ACPI_SLEEP_CONTROL);
    fadt->sleep_status = io_gas(PVH_ACPI_SLEEP_STATUS);
    fill_header(&fadt->h, "FACP", sizeof(*fadt), 5);

    madt->lapic_address = 0xfee00000;
    madt->flags = 0;                        /* no 8259 PICs */
    for ( unsigned int i = 0; i < nr_vcpus; i++ )
    {
        struct madt_lapic *l = (void *)(p + off_madt + sizeof(*madt) +
                                        i * sizeof(*l));

        l->type = 0;
        l->length = sizeof(*l);
        l->acpi_processor_id = i;
        l->apic_id = i;
        l->flags = 1;
    }
    fill_header(&madt->h, "APIC", madt_len, 4);

    memcpy(xsdt + 1, entries, sizeof(entries));
    fill_header(xsdt, "XSDT", xsdt_len, 1);

    memcpy(rsdp->signature, "RSD PTR ", 8);
    memcpy(rsdp->oem_id, "XenPVH", 6);
    rsdp->revision = 2;
    rsdp->length = sizeof(*rsdp);
    rsdp->xsdt_address = base + off_xsdt;
    rsdp->checksum = checksum(rsdp, 20);
    rsdp->extended_checksum = checksum(rsdp, sizeof(*rsdp));

    BUILD_BUG_ON(sizeof(struct acpi_fadt) != 268);
    *rsdp_gpa = base;
    return total;
}
