/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory access for hypercalls: a software walk of the guest's page
 * tables (SDM Vol. 3A, 4.4 and 4.5), each table read through the p2m, so
 * that a guest can only ever name its own RAM.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/msr-index.h>
#include <asm/page.h>
#include <asm/p2m.h>
#include <asm/processor.h>

#define PTE_P       (1ULL << 0)
#define PTE_RW      (1ULL << 1)
#define PTE_PS      (1ULL << 7)
#define PTE_ADDR    0x000ffffffffff000ULL

void *hvm_map_gfn(struct domain *d, unsigned long gfn, bool write)
{
    p2m_type_t t;
    mfn_t mfn = p2m_get_entry(&d->arch.p2m, gfn, &t, NULL);

    if ( mfn == INVALID_MFN )
        return NULL;
    if ( t != p2m_ram_rw && !(t == p2m_ram_ro && !write) )
        return NULL;
    return mfn_to_virt(mfn);
}

static int read_pte(struct domain *d, paddr_t gpa, u64 *pte)
{
    const u8 *p = hvm_map_gfn(d, gpa >> PAGE_SHIFT, false);

    if ( !p )
        return -EFAULT;
    *pte = *(const u64 *)(p + (gpa & (PAGE_SIZE - 8)));
    return 0;
}

/* Translates one linear address of the current vCPU. */
static int translate(struct vcpu *v, unsigned long gva, bool write,
                     paddr_t *gpa)
{
    struct domain *d = v->domain;
    unsigned long cr0 = hvm_get_reg(v, HVM_REG_CR0);
    unsigned long cr4 = hvm_get_reg(v, HVM_REG_CR4);
    u64 efer = hvm_get_reg(v, HVM_REG_EFER);
    bool wp = cr0 & X86_CR0_WP;
    paddr_t table;
    u64 pte = 0;
    int level, shift;

    if ( !(cr0 & X86_CR0_PG) )
    {
        *gpa = gva & 0xffffffffUL;
        return 0;
    }

    if ( !(efer & EFER_LMA) || !(cr4 & X86_CR4_PAE) )
        return -EFAULT;         /* 32-bit paging: hypercalls refuse it */

    /* Non-canonical addresses never translate (SDM 3.3.7.1). */
    if ( (long)gva >> 47 != 0 && (long)gva >> 47 != -1 )
        return -EFAULT;

    table = hvm_get_reg(v, HVM_REG_CR3) & PTE_ADDR;
    for ( level = 4, shift = 39; level >= 1; level--, shift -= 9 )
    {
        paddr_t entry = table + (((gva >> shift) & 511) << 3);

        if ( read_pte(d, entry, &pte) || !(pte & PTE_P) )
            return -EFAULT;
        if ( write && wp && !(pte & PTE_RW) )
            return -EFAULT;
        if ( level <= 3 && (pte & PTE_PS) )
        {
            u64 mask = (1ULL << shift) - 1;

            *gpa = ((pte & PTE_ADDR) & ~mask) | (gva & mask);
            return 0;
        }
        table = pte & PTE_ADDR;
    }
    *gpa = table | (gva & (PAGE_SIZE - 1));
    return 0;
}

/*
 * Walks [gva, gva + len) page by page; with 'buf' non-NULL also copies
 * (to the guest when 'to_guest').  Nothing is copied unless the whole
 * range translates, so a fault leaves guest memory untouched.  Ranges of
 * up to MAX_FAST_PAGES pages (nearly every hypercall argument) are
 * translated once and the mappings reused for the copy; longer ones are
 * checked in a first pass and translated again while copying.
 */
#define MAX_FAST_PAGES 4

static int walk_range(unsigned long gva, size_t len, bool write,
                      void *buf, bool to_guest)
{
    struct vcpu *v = current;
    u8 *maps[MAX_FAST_PAGES];
    unsigned int nr = 0;
    bool fast;

    if ( len == 0 )
        return 0;
    if ( gva + len < gva )
        return -EFAULT;
    fast = ((gva & (PAGE_SIZE - 1)) + len + PAGE_SIZE - 1) / PAGE_SIZE <=
           MAX_FAST_PAGES;

    for ( int pass = 0; pass < 2; pass++ )
    {
        unsigned long va = gva;
        size_t done = 0;

        if ( pass == 1 && !buf )
            break;
        for ( unsigned int i = 0; done < len; i++ )
        {
            size_t chunk = min((size_t)(PAGE_SIZE - (va & (PAGE_SIZE - 1))),
                               len - done);
            u8 *p;

            if ( pass == 1 && fast )
                p = maps[i];
            else
            {
                paddr_t gpa;

                if ( translate(v, va, write, &gpa) )
                    return -EFAULT;
                p = hvm_map_gfn(v->domain, gpa >> PAGE_SHIFT, write);
                if ( !p )
                    return -EFAULT;
                p += gpa & (PAGE_SIZE - 1);
                if ( fast )
                    maps[nr++] = p;
            }
            if ( pass == 1 )
            {
                if ( to_guest )
                    memcpy(p, (u8 *)buf + done, chunk);
                else
                    memcpy((u8 *)buf + done, p, chunk);
            }
            va += chunk;
            done += chunk;
        }
    }
    return 0;
}

int hvm_check_guest_range(unsigned long gva, size_t len, bool write)
{
    return walk_range(gva, len, write, NULL, false);
}

int hvm_copy_from_guest(void *dst, unsigned long gva, size_t len)
{
    return walk_range(gva, len, false, dst, false);
}

int hvm_copy_to_guest(unsigned long gva, const void *src, size_t len)
{
    return walk_range(gva, len, true, (void *)src, true);
}

static int phys_access(struct domain *d, paddr_t gpa, const void *src,
                       size_t len)
{
    while ( len )
    {
        size_t off = gpa & (PAGE_SIZE - 1);
        size_t chunk = min((size_t)(PAGE_SIZE - off), len);
        u8 *p = hvm_map_gfn(d, gpa >> PAGE_SHIFT, true);

        if ( !p )
            return -EFAULT;
        if ( src )
        {
            memcpy(p + off, src, chunk);
            src = (const u8 *)src + chunk;
        }
        else
            memset(p + off, 0, chunk);
        gpa += chunk;
        len -= chunk;
    }
    return 0;
}

int hvm_copy_to_guest_phys(struct domain *d, paddr_t gpa, const void *src,
                           size_t len)
{
    return phys_access(d, gpa, src, len);
}

int hvm_clear_guest_phys(struct domain *d, paddr_t gpa, size_t len)
{
    return phys_access(d, gpa, NULL, len);
}
