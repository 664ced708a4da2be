/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's page tables.  The boot tables from head.S map only
 * the low 4 GiB; here we build the permanent ones:
 *  - a direct map of all of physical memory, non-executable, with 1 GiB
 *    pages when the CPU has them (CPUID 0x80000001 EDX[26]), else 2 MiB;
 *  - the image at XEN_VIRT_START with 4 KiB pages, so that text is
 *    read-only and executable and everything else is non-executable;
 *  - nothing at all below the direct map, so that a stray low pointer
 *    (NULL included) faults.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/mm.h>
#include <asm/msr-index.h>
#include <asm/page.h>
#include <asm/processor.h>

paddr_t idle_pg_table_pa;

extern const char _start[], _etext[], _erodata[], _end[];

static u64 nx_bit;

static u64 *alloc_table(void)
{
    /* Until we switch, only the low 4 GiB are mapped (head.S). */
    mfn_t mfn = alloc_boot_pages_below(1, 1, 1UL << (32 - PAGE_SHIFT));
    u64 *t;

    if ( mfn == INVALID_MFN )
        panic("Out of memory building page tables");
    t = mfn_to_virt(mfn);
    memset(t, 0, PAGE_SIZE);
    return t;
}

static u64 table_entry(const u64 *t)
{
    return virt_to_maddr(t) | _PAGE_PRESENT | _PAGE_RW;
}

static u64 *next_table(u64 *t, unsigned int idx)
{
    if ( !(t[idx] & _PAGE_PRESENT) )
        t[idx] = table_entry(alloc_table());
    return maddr_to_virt(t[idx] & PADDR_MASK);
}

static void map_directmap(u64 *l4, paddr_t end)
{
    bool gb_pages = cpuid_edx(0x80000001) & (1U << 26);
    u64 *l3 = next_table(l4, l4_table_offset(DIRECTMAP_VIRT_START));
    u64 flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE | nx_bit;

    if ( end > DIRECTMAP_SIZE )
        panic("RAM beyond %lu GiB is not supported", DIRECTMAP_SIZE >> 30);

    for ( paddr_t pa = 0; pa < end; pa += 1UL << L3_PAGETABLE_SHIFT )
    {
        unsigned int i3 = l3_table_offset(DIRECTMAP_VIRT_START + pa);

        if ( gb_pages )
        {
            l3[i3] = pa | flags;
            continue;
        }
        u64 *l2 = next_table(l3, i3);
        for ( unsigned int i2 = 0; i2 < PAGETABLE_ENTRIES; i2++ )
            l2[i2] = (pa + ((paddr_t)i2 << L2_PAGETABLE_SHIFT)) | flags;
    }
}

static void map_image(u64 *l4)
{
    unsigned long va;

    for ( va = (unsigned long)_start; va < (unsigned long)_end;
          va += PAGE_SIZE )
    {
        u64 *l3 = next_table(l4, l4_table_offset(va));
        u64 *l2 = next_table(l3, l3_table_offset(va));
        u64 *l1 = next_table(l2, l2_table_offset(va));
        u64 flags = _PAGE_PRESENT | _PAGE_GLOBAL;

        if ( va >= (unsigned long)_etext )
            flags |= nx_bit;
        if ( va >= (unsigned long)_erodata )
            flags |= _PAGE_RW;
        l1[l1_table_offset(va)] = virt_to_maddr((void *)va) | flags;
    }
}

void setup_pagetables(paddr_t map_end)
{
    u64 *l4;

    if ( rdmsr(MSR_EFER) & EFER_NXE )
        nx_bit = _PAGE_NX;

    l4 = alloc_table();
    map_directmap(l4, ROUNDUP(map_end, 1UL << L3_PAGETABLE_SHIFT));
    map_image(l4);

    idle_pg_table_pa = virt_to_maddr(l4);
    write_cr4(read_cr4() | X86_CR4_PGE);
    write_cr3(idle_pg_table_pa);
}

void setup_frametable(unsigned long max_pfn)
{
    unsigned long bytes = max_pfn * sizeof(struct page_info);
    unsigned long nr = DIV_ROUND_UP(bytes, PAGE_SIZE);
    mfn_t mfn = alloc_boot_pages(nr, 1);

    if ( mfn == INVALID_MFN )
        panic("Cannot allocate the frame table (%lu pages)", nr);
    frame_table = mfn_to_virt(mfn);
    memset(frame_table, 0, nr * PAGE_SIZE);
    max_page = max_pfn;
}
