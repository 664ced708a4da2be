/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time ACPI: the tables we need to enumerate CPUs (MADT) and to
 * power the machine off (FADT, and \_S5 in the DSDT).  Every table is
 * checked for length and checksum before use; a bad one is skipped with
 * a warning rather than trusted.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/acpi.h>
#include <asm/page.h>
#include <asm/shutdown.h>

#define MAX_TABLE_LEN   (16U << 20)

struct acpi_rsdp {
    char signature[8];
    u8 checksum;
    char oem_id[6];
    u8 revision;
    u32 rsdt_address;
    u32 length;             /* ACPI 2.0+ from here */
    u64 xsdt_address;
    u8 ext_checksum;
    u8 reserved[3];
} __packed;

struct acpi_gas {
    u8 space_id, bit_width, bit_offset, access_size;
    u64 address;
} __packed;

u32 x86_cpu_to_apicid[NR_CPUS];
unsigned int nr_cpu_ids = 1;

static u8 checksum(const void *p, size_t len)
{
    const u8 *b = p;
    u8 sum = 0;

    while ( len-- )
        sum += *b++;
    return sum;
}

static const struct acpi_table_header *map_table(paddr_t pa)
{
    const struct acpi_table_header *h = maddr_to_virt(pa);

    if ( !pa || h->length < sizeof(*h) || h->length > MAX_TABLE_LEN )
        return NULL;
    if ( checksum(h, h->length) )
    {
        printk(XENLOG_WARNING "ACPI: bad checksum in %.4s at %#lx\n",
               h->signature, (unsigned long)pa);
        return NULL;
    }
    return h;
}

static const struct acpi_rsdp *scan_rsdp(paddr_t start, paddr_t len)
{
    for ( paddr_t pa = start; pa + 20 <= start + len; pa += 16 )
    {
        const struct acpi_rsdp *r = maddr_to_virt(pa);

        if ( !memcmp(r->signature, "RSD PTR ", 8) && !checksum(r, 20) )
            return r;
    }
    return NULL;
}

static const struct acpi_rsdp *find_rsdp(const struct boot_info *bi)
{
    const struct acpi_rsdp *r;
    paddr_t ebda;

    if ( bi->have_rsdp )
    {
        r = (const void *)bi->rsdp;
        if ( !memcmp(r->signature, "RSD PTR ", 8) && !checksum(r, 20) )
            return r;
        printk(XENLOG_WARNING "ACPI: loader's RSDP copy is invalid\n");
    }
    if ( bi->efi )
        return NULL;            /* no legacy BIOS areas to scan */

    ebda = (paddr_t)*(const u16 *)maddr_to_virt(0x40e) << 4;
    if ( ebda >= 0x80000 && ebda < 0xa0000 && (r = scan_rsdp(ebda, 1024)) )
        return r;
    return scan_rsdp(0xe0000, 0x20000);
}

static void parse_madt(const struct acpi_table_header *madt, u32 bsp)
{
    const u8 *p = (const u8 *)madt + sizeof(*madt) + 8;
    const u8 *end = (const u8 *)madt + madt->length;
    unsigned int n = 1;

    x86_cpu_to_apicid[0] = bsp;
    while ( p + 2 <= end && p[1] >= 2 && p + p[1] <= end )
    {
        u32 id = ~0U, flags = 0;

        if ( p[0] == 0 && p[1] >= 8 )           /* processor local APIC */
        {
            id = p[3];
            flags = *(const u32 *)(p + 4);
        }
        else if ( p[0] == 9 && p[1] >= 16 )     /* processor x2APIC */
        {
            id = *(const u32 *)(p + 4);
            flags = *(const u32 *)(p + 8);
        }
        p += p[1];

        if ( id == ~0U || !(flags & 1) || id == bsp )
            continue;
        if ( n == NR_CPUS )
        {
            printk(XENLOG_WARNING "ACPI: more than %u CPUs; ignoring "
                   "APIC %u\n", NR_CPUS, id);
            continue;
        }
        x86_cpu_to_apicid[n++] = id;
    }
    nr_cpu_ids = n;
    printk("ACPI: MADT lists %u enabled CPU%s\n", n, n == 1 ? "" : "s");
}

/*
 * The \_S5 object in the DSDT: "_S5_" then a PackageOp (0x12) whose
 * first two elements are SLP_TYPa and SLP_TYPb (ACPI 6.4, 7.4.2).  Each
 * element is a ZeroOp, OneOp or BytePrefix (0x0a) followed by a byte.
 */
static int find_s5(const struct acpi_table_header *dsdt, u16 *a, u16 *b)
{
    const u8 *p = (const u8 *)dsdt + sizeof(*dsdt);
    const u8 *end = (const u8 *)dsdt + dsdt->length;
    u16 vals[2];

    for ( ; p + 4 < end; p++ )
    {
        if ( memcmp(p, "_S5_", 4) )
            continue;
        p += 4;
        if ( p >= end || *p++ != 0x12 )
            return -ENOENT;
        if ( p >= end )
            return -ENOENT;
        p += ((*p >> 6) & 3) + 1;               /* PkgLength */
        p++;                                    /* NumElements */
        for ( unsigned int i = 0; i < 2; i++ )
        {
            if ( p >= end )
                return -ENOENT;
            if ( *p == 0x0a && p + 1 < end )
            {
                vals[i] = p[1];
                p += 2;
            }
            else if ( *p == 0x00 || *p == 0x01 )
                vals[i] = *p++;
            else
                return -ENOENT;
        }
        *a = vals[0];
        *b = vals[1];
        return 0;
    }
    return -ENOENT;
}

static void parse_fadt(const struct acpi_table_header *fadt)
{
    const u8 *f = (const u8 *)fadt;
    const struct acpi_table_header *dsdt = NULL;
    u32 pm1a = 0, pm1b = 0;
    u16 typa, typb;

    if ( fadt->length >= 72 )
    {
        pm1a = *(const u32 *)(f + 64);
        pm1b = *(const u32 *)(f + 68);
    }
    if ( fadt->length >= 148 && *(const u64 *)(f + 140) )
        dsdt = map_table(*(const u64 *)(f + 140));
    else if ( fadt->length >= 44 )
        dsdt = map_table(*(const u32 *)(f + 40));

    if ( !pm1a || pm1a > 0xffff || pm1b > 0xffff || !dsdt ||
         find_s5(dsdt, &typa, &typb) )
    {
        printk(XENLOG_WARNING "ACPI: no usable S5 (soft-off) data\n");
        return;
    }
    acpi_set_poweroff(pm1a, pm1b, typa & 7, typb & 7);
    printk("ACPI: S5 via PM1a_CNT %#x, SLP_TYP %u\n", pm1a, typa & 7);
}

int acpi_boot_init(const struct boot_info *bi, u32 bsp_apic_id)
{
    const struct acpi_rsdp *rsdp = find_rsdp(bi);
    const struct acpi_table_header *root;
    unsigned int entry_size, nr;
    bool have_madt = false;

    x86_cpu_to_apicid[0] = bsp_apic_id;
    if ( !rsdp )
    {
        printk(XENLOG_WARNING "ACPI: no RSDP found; one CPU only\n");
        return -ENODEV;
    }

    if ( rsdp->revision >= 2 && rsdp->xsdt_address &&
         (root = map_table(rsdp->xsdt_address)) )
        entry_size = 8;
    else if ( (root = map_table(rsdp->rsdt_address)) )
        entry_size = 4;
    else
    {
        printk(XENLOG_WARNING "ACPI: no valid XSDT or RSDT\n");
        return -EINVAL;
    }
    printk("ACPI: RSDP rev %u, %.4s at %#lx (%.6s)\n", rsdp->revision,
           root->signature, (unsigned long)virt_to_maddr(root),
           rsdp->oem_id);

    nr = (root->length - sizeof(*root)) / entry_size;
    for ( unsigned int i = 0; i < nr; i++ )
    {
        const u8 *e = (const u8 *)(root + 1) + i * entry_size;
        paddr_t pa = entry_size == 8 ? *(const u64 *)e : *(const u32 *)e;
        const struct acpi_table_header *t = map_table(pa);

        if ( !t )
            continue;
        printk("ACPI: %.4s %#010lx %06x (r%u %.6s)\n", t->signature,
               (unsigned long)pa, t->length, t->revision, t->oem_id);
        if ( !memcmp(t->signature, "APIC", 4) )
        {
            parse_madt(t, bsp_apic_id);
            have_madt = true;
        }
        else if ( !memcmp(t->signature, "FACP", 4) )
            parse_fadt(t);
    }

    if ( !have_madt )
        printk(XENLOG_WARNING "ACPI: no MADT; one CPU only\n");
    return 0;
}
