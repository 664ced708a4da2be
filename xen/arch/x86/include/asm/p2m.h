/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2m: a domain's typed map from guest frames to machine frames,
 * which the CPU walks as the domain's HAP tables: EPT on VMX, nested page
 * tables (NPT) on SVM, as p2m->format says.
 *
 * Locking: every function takes p2m->lock itself; none may be called
 * with it held (so not from a p2m_for_each_entry() callback).
 *
 * TLB coherency is the caller's business.  An operation that removes,
 * narrows or changes an existing translation, or frees a table page,
 * bumps p2m->generation once it has written the tables.  Until every
 * logical processor that may hold translations from these tables has
 * flushed its guest-physical translations (INVEPT on VMX: SDM Vol. 3C,
 * 28.3.3 "Invalidating Cached Translation Information", and 30.3; a TLB
 * flush of the domain's ASID on SVM: AMD APM Vol. 2, 15.16 "TLB
 * Control"), a vCPU may still reach the old frame.  So:
 *
 *  - each CPU must flush before a VM entry with these tables if p2m has
 *    changed since that CPU last flushed it (either flush acts on the
 *    executing logical processor only);
 *  - before the frames behind an old translation are reused, every CPU
 *    running a vCPU of the domain must have left guest mode (kicked);
 *  - table pages are freed at once, inside the call, when a 2M or 1G
 *    mapping or removal replaces a range that held smaller leaves.  A
 *    CPU in guest mode may still walk them through its paging-structure
 *    caches, so make such changes only while no vCPU of the domain can
 *    be in guest mode (domain paused, or not yet started).
 *
 * The same holds for p2m_teardown(): every CPU that ran the domain must
 * have flushed (INVEPT all-context or single-context with this eptp; on
 * SVM, the domain's ASIDs) before the root page can become another
 * domain's root.
 */
#ifndef ASM_X86_P2M_H
#define ASM_X86_P2M_H

#include <xen/types.h>
#include <xen/spinlock.h>

typedef enum {
    p2m_invalid = 0,      /* nothing mapped: guest access -> EPT violation
                             or nested page fault */
    p2m_ram_rw,           /* guest RAM, read/write/execute */
    p2m_ram_ro,           /* guest RAM, read/execute only */
    p2m_mmio_direct,      /* machine MMIO passed through, uncached */
    p2m_reserved,         /* reserved: recorded, but not accessible */
    /*
     * Another domain's frame, mapped through a grant: the guest may use
     * it like RAM, but the hypervisor's guest-memory helpers refuse it,
     * so that nothing but the grant code ever reaches a foreign frame.
     */
    p2m_grant_map_rw,
    p2m_grant_map_ro,
} p2m_type_t;

#define PAGE_ORDER_4K   0
#define PAGE_ORDER_2M   9
#define PAGE_ORDER_1G   18

/*
 * Four-level EPT and nested paging translate 48-bit guest-physical
 * addresses, so guest frames lie below 2^36.  An entry of either holds a
 * machine address of at most 52 bits, so machine frames lie below 2^40.
 */
#define P2M_GFN_BITS    36
#define P2M_MFN_BITS    40

/* The entry format of the tables, for the CPU that walks them. */
enum p2m_format {
    P2M_FORMAT_EPT = 0,   /* Intel EPT, VMX (SDM Vol. 3C, 28.2.2) */
    P2M_FORMAT_NPT,       /* AMD nested paging, SVM: long-mode page
                             tables (APM Vol. 2, 15.25) */
};

struct p2m_domain {
    spinlock_t lock;
    u64 *root;                 /* PML4 table, via the direct map */
    u64 root_maddr;            /* its machine address: SVM's nCR3 value */
    u64 eptp;                  /* EPT only (0 for NPT): EPT pointer value
                                  for the VMCS (WB, 4-level, A/D off) */
    unsigned long nr_table_pages;  /* page-table pages held, root included */
    /*
     * Bumped whenever a translation is removed, narrowed or changed, or
     * a table page freed: the VMX or SVM code flushes when it sees a new
     * value.  Starts at 1.  Written under the lock, after the tables;
     * readers need not take the lock.
     */
    unsigned long generation;
    gfn_t max_mapped_gfn;      /* highest gfn ever mapped (never lowered) */
    unsigned long nr_entries[3];   /* leaf mappings per order index (4K,
                                      2M, 1G), for stats */
    /*
     * Set by the caller before p2m_init(), which keeps it, and never
     * changed afterwards: the tables are written in this format.  A
     * zero-filled p2m_domain is EPT.
     */
    enum p2m_format format;
    /*
     * Leaf sizes the CPU supports.  EPT: IA32_VMX_EPT_VPID_CAP bits 16
     * and 17, and a large leaf the CPU lacks is an EPT misconfiguration.
     * NPT: 2M always, 1G with CPUID 8000_0001h EDX[26] (Page1GB).  Set by
     * the caller, before or after p2m_init(), which keeps them.  Requests
     * for a larger order are built from smaller leaves.
     */
    bool large_1g;
    bool large_2m;
};

/*
 * Allocates the root table and fills in root_maddr and, for EPT, eptp.
 * Returns 0, -EINVAL for an unknown format, or -ENOMEM.  Initialises
 * every field but format, large_1g and large_2m.
 */
int p2m_init(struct p2m_domain *p2m);

/*
 * Frees every table page (not the mapped frames: walk the map with
 * p2m_for_each_entry() first to release those).  Safe on a p2m whose
 * p2m_init() failed, on a zero-filled one, and twice.
 */
void p2m_teardown(struct p2m_domain *p2m);

/*
 * Maps [gfn, gfn + 2^order) to [mfn, mfn + 2^order) with type t.
 * order is PAGE_ORDER_4K, _2M or _1G; gfn and mfn are aligned to it;
 * gfn < 2^P2M_GFN_BITS, mfn < 2^P2M_MFN_BITS.  t == p2m_invalid removes
 * the range (mfn ignored); t == p2m_reserved also accepts INVALID_MFN.
 * Whatever was mapped in the range before is replaced, and a larger
 * leaf only partly covered is split, keeping the rest of its mappings.
 *
 * Returns 0, -EINVAL for bad arguments (or a p2m without tables), or
 * -ENOMEM: then nothing has changed.
 */
int p2m_set_entry(struct p2m_domain *p2m, gfn_t gfn, mfn_t mfn,
                  unsigned int order, p2m_type_t t);

/* p2m_set_entry(p2m, gfn, INVALID_MFN, order, p2m_invalid). */
int p2m_remove_entry(struct p2m_domain *p2m, gfn_t gfn, unsigned int order);

/*
 * Returns the frame that gfn maps to, and in *t its type and in *order
 * the order of the leaf that maps it.  For an unmapped gfn: INVALID_MFN,
 * p2m_invalid, and the order (at most PAGE_ORDER_1G) of an aligned
 * unmapped range containing it, so that a scan can skip ahead.  A
 * p2m_reserved entry recorded without a frame gives INVALID_MFN with
 * t == p2m_reserved.  t and order may be NULL.
 */
mfn_t p2m_get_entry(struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                    unsigned int *order);

typedef int p2m_entry_fn_t(void *ctx, gfn_t gfn, mfn_t mfn,
                           unsigned int order, p2m_type_t t);

/*
 * Calls fn for each leaf mapping (first gfn, first mfn, order, type) in
 * ascending gfn order, p2m_reserved ones included.  Stops early if fn
 * returns non-zero and returns that value; else returns 0.  Used to
 * free guest RAM at domain destruction and to print stats.
 *
 * fn runs with p2m->lock held: it must not call back into this p2m, and
 * should be quick.  Freeing the frame it is given is fine.
 */
int p2m_for_each_entry(struct p2m_domain *p2m, p2m_entry_fn_t *fn,
                       void *ctx);

/* printk()s a summary: leaves per order, table pages, generation. */
void p2m_dump(struct p2m_domain *p2m);

#endif /* ASM_X86_P2M_H */
