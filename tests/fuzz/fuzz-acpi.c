/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest ACPI builder (xen/arch/x86/hvm/acpi_build.c).  The input
 * picks the vCPU count, the buffer size and the guest-physical base; the
 * buffer is exactly that size on the heap, so ASan catches a write past
 * it.  The builder must refuse exactly when the tables cannot fit or the
 * count is out of range, and otherwise the tables must be what a guest
 * walks: RSDP -> XSDT -> FADT (-> DSDT) and MADT, each inside what was
 * used, checksummed, with one enabled local APIC per vCPU.
 */
#include "fuzz.h"

#include <asm/acpi.h>
#include <asm/hvm/acpi.h>

struct input {
    uint32_t nr_vcpus;
    uint16_t len;
    uint64_t base;
} __attribute__((packed));

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    while ( len-- )
        s += *p++;
    return s;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/* The table the guest finds at gpa: inside [0, used), checksummed. */
static const uint8_t *table_at(const uint8_t *buf, size_t used,
                               uint64_t base, uint64_t gpa, const char *sig)
{
    uint64_t off = gpa - base;
    const uint8_t *t = buf + off;
    uint32_t len;

    fuzz_check(off < used && used - off >= sizeof(struct acpi_table_header));
    len = rd32(t + 4);
    fuzz_check(len >= sizeof(struct acpi_table_header) && len <= used - off);
    fuzz_check(!memcmp(t, sig, 4));
    fuzz_check(sum(t, len) == 0);
    return t;
}

/* Bytes the tables need for n vCPUs (what the builder lays out). */
static size_t needed(unsigned int n)
{
    uint8_t probe[4096];
    uint64_t rsdp;

    return pvh_acpi_build(probe, sizeof(probe), 0, n, &rsdp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { 0 };
    const uint8_t *xsdt, *fadt, *madt;
    uint64_t rsdp_gpa = 0x1234;
    uint8_t *buf;
    size_t used;

    memcpy(&in, data, size < sizeof(in) ? size : sizeof(in));
    buf = malloc(in.len ? in.len : 1);
    fuzz_check(buf);
    memset(buf, 0xa5, in.len);

    used = pvh_acpi_build(buf, in.len, in.base, in.nr_vcpus, &rsdp_gpa);
    if ( !in.nr_vcpus || in.nr_vcpus > 255 )
    {
        fuzz_check(used == 0);
        goto out;
    }
    fuzz_check(used == 0 ? needed(in.nr_vcpus) > in.len
                         : used == needed(in.nr_vcpus));
    if ( !used )
        goto out;
    fuzz_check(used <= in.len);
    fuzz_check(rsdp_gpa == in.base);

    /* RSDP (ACPI 6.4, 5.2.5): both checksums, revision 2, the XSDT. */
    fuzz_check(!memcmp(buf, "RSD PTR ", 8));
    fuzz_check(sum(buf, 20) == 0 && sum(buf, 36) == 0);
    fuzz_check(buf[15] == 2 && rd32(buf + 20) == 36);
    xsdt = table_at(buf, used, in.base, rd64(buf + 24), "XSDT");
    fuzz_check(rd32(xsdt + 4) == sizeof(struct acpi_table_header) + 16);

    fadt = table_at(buf, used, in.base,
                    rd64(xsdt + sizeof(struct acpi_table_header)), "FACP");
    madt = table_at(buf, used, in.base,
                    rd64(xsdt + sizeof(struct acpi_table_header) + 8),
                    "APIC");
    /* FADT: hardware-reduced, and both DSDT pointers at the DSDT. */
    fuzz_check(rd32(fadt + 112) & (1U << 20));
    fuzz_check((uint64_t)rd32(fadt + 40) == (uint32_t)rd64(fadt + 140));
    table_at(buf, used, in.base, rd64(fadt + 140), "DSDT");

    /* MADT: one enabled local APIC per vCPU, ids 0..n-1, nothing else. */
    fuzz_check(rd32(madt + 4) == 44 + 8 * in.nr_vcpus);
    for ( uint32_t i = 0; i < in.nr_vcpus; i++ )
    {
        const uint8_t *l = madt + 44 + 8 * i;

        fuzz_check(l[0] == 0 && l[1] == 8 && l[2] == i && l[3] == i);
        fuzz_check(rd32(l + 4) == 1);
    }

 out:
    free(buf);
    return 0;
}
