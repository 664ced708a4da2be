/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between the p2m's entry points (p2m.c), its table walks (p2m-pt.c) and
 * the entry formats the walks write (p2m-ept.c for VMX, p2m-npt.c for
 * SVM).  Private to arch/x86/mm.
 *
 * p2m.c checks arguments, takes the lock, picks the leaf size and owns
 * table-page allocation; p2m-pt.c reads and writes the tables, in the
 * format p2m->format names.  Every p2m_pt_*() function expects p2m->lock
 * to be held and p2m->root to be set.
 */
#ifndef ARCH_X86_MM_P2M_H
#define ARCH_X86_MM_P2M_H

#include <asm/p2m.h>

#define P2M_NR_TYPES    (p2m_grant_map_ro + 1)

/*
 * An entry format, as the bits of each kind of entry.  Both formats are
 * four-level with 512 entries a table, so the walks need nothing else:
 * they build and decode entries from these fields alone.
 *
 * An entry is present to the p2m if the CPU sees it as present, or if it
 * records a type: p2m_reserved leaves are recorded yet not present to
 * the CPU.  An entry that is 0 is not present to either.
 */
struct p2m_pt_format {
    u64 present;                /* any of these: present to the CPU */
    u64 table;                  /* a non-leaf entry: these | address */
    u64 leaf[P2M_NR_TYPES];     /* a leaf of each type: these | address |
                                   type (| superpage) */
    u64 superpage;              /* PDPTE/PDE: maps 1 GiB / 2 MiB */
    u64 addr_mask;              /* the frame or table address */
    u64 type_mask;              /* bits the CPU ignores, holding the type */
    unsigned int type_shift;
    u64 no_mfn;                 /* p2m_reserved leaf without a frame */
    /*
     * Bits the CPU may set in entries of its own accord (accessed and
     * dirty flags): an entry that differs from another only in these
     * maps the same thing.
     */
    u64 cpu_set;
};

extern const struct p2m_pt_format p2m_ept_format;
extern const struct p2m_pt_format p2m_npt_format;

/* The EPTP value for a 4-level EPT walk of the table at root_maddr. */
u64 ept_make_eptp(paddr_t root_maddr);

/*
 * Table pages allocated before an update starts, so that the update
 * itself cannot fail half-way.  The pages are zeroed and already counted
 * in nr_table_pages; they are chained through their first word.
 */
struct p2m_reserve {
    u64 *head;
    unsigned long nr;
};

/* Takes a zeroed table page from r; r must not be empty. */
u64 *p2m_take_table(struct p2m_reserve *r);
/* Returns a table page that is no longer reachable to the heap. */
void p2m_free_table(struct p2m_domain *p2m, u64 *table);

/*
 * How many table pages mapping [gfn, gfn + 2^order) with leaves of
 * 2^leaf_order frames needs beyond what exists; remove says the range
 * is being unmapped (which needs tables only to split larger leaves).
 */
unsigned long p2m_pt_tables_needed(const struct p2m_domain *p2m, gfn_t gfn,
                                   unsigned int order,
                                   unsigned int leaf_order, bool remove);

/*
 * Writes the range with leaves of 2^leaf_order frames (or removes it if
 * t is p2m_invalid), taking exactly p2m_pt_tables_needed() pages from r.
 * Returns whether an entry that was present has changed.
 */
bool p2m_pt_update(struct p2m_domain *p2m, struct p2m_reserve *r,
                   gfn_t gfn, mfn_t mfn, unsigned int order,
                   unsigned int leaf_order, p2m_type_t t);

/* As p2m_get_entry(), but *order may exceed PAGE_ORDER_1G for a hole. */
mfn_t p2m_pt_lookup(const struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                    unsigned int *order);

/* As p2m_for_each_entry(). */
int p2m_pt_for_each(const struct p2m_domain *p2m, p2m_entry_fn_t *fn,
                    void *ctx);

/* Frees every table page, the root included. */
void p2m_pt_free_tables(struct p2m_domain *p2m);

#endif /* ARCH_X86_MM_P2M_H */
