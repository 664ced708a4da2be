/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only way hypercall handlers touch guest memory.  Pointers a guest
 * passes are linear addresses in its own address space; these helpers
 * translate them through the guest's page tables and the domain's p2m,
 * and succeed only for guest RAM.  Every failure is -EFAULT, and nothing
 * is copied unless the whole range translates.
 */
#ifndef ASM_X86_HVM_GUEST_ACCESS_H
#define ASM_X86_HVM_GUEST_ACCESS_H

#include <xen/types.h>

struct vcpu;
struct domain;

/* Between the current vCPU's linear address space and the hypervisor. */
int hvm_copy_from_guest(void *dst, unsigned long gva, size_t len);
int hvm_copy_to_guest(unsigned long gva, const void *src, size_t len);
/* Checks that [gva, gva + len) translates (writable if 'write'). */
int hvm_check_guest_range(unsigned long gva, size_t len, bool write);

/* Guest-physical access, for the domain builder and shared pages. */
void *hvm_map_gfn(struct domain *d, unsigned long gfn, bool write);
int hvm_copy_to_guest_phys(struct domain *d, paddr_t gpa, const void *src,
                           size_t len);
int hvm_clear_guest_phys(struct domain *d, paddr_t gpa, size_t len);

#endif /* ASM_X86_HVM_GUEST_ACCESS_H */
