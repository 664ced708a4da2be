/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Between the format-independent p2m code (p2m.c) and the code that
 * knows the EPT entry format (p2m-ept.c).  Private to arch/x86/mm.
 *
 * p2m.c checks arguments, takes the lock, picks the leaf size and owns
 * table-page allocation; p2m-ept.c reads and writes the tables.  Every
 * function here expects p2m->lock to be held and p2m->root to be set.
 */
#ifndef ARCH_X86_MM_P2M_H
#define ARCH_X86_MM_P2M_H

#include <asm/p2m.h>

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

/* The EPTP value for a 4-level walk of the table at root_maddr. */
u64 ept_make_eptp(paddr_t root_maddr);

/*
 * How many table pages mapping [gfn, gfn + 2^order) with leaves of
 * 2^leaf_order frames needs beyond what exists; remove says the range
 * is being unmapped (which needs tables only to split larger leaves).
 */
unsigned long ept_tables_needed(const struct p2m_domain *p2m, gfn_t gfn,
                                unsigned int order, unsigned int leaf_order,
                                bool remove);

/*
 * Writes the range with leaves of 2^leaf_order frames (or removes it if
 * t is p2m_invalid), taking exactly ept_tables_needed() pages from r.
 * Returns whether an entry that was present has changed.
 */
bool ept_update(struct p2m_domain *p2m, struct p2m_reserve *r, gfn_t gfn,
                mfn_t mfn, unsigned int order, unsigned int leaf_order,
                p2m_type_t t);

mfn_t ept_lookup(const struct p2m_domain *p2m, gfn_t gfn, p2m_type_t *t,
                 unsigned int *order);

int ept_walk(const struct p2m_domain *p2m, p2m_entry_fn_t *fn, void *ctx);

/* Frees every table page, the root included. */
void ept_free_tables(struct p2m_domain *p2m);

#endif /* ARCH_X86_MM_P2M_H */
