/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest FPU, SSE and extended (XSAVE) state.  The hypervisor itself never
 * uses any of it, so a guest's state stays live in the registers while it
 * runs and is only saved and restored when another vCPU takes the pCPU.
 */
#ifndef ASM_X86_XSTATE_H
#define ASM_X86_XSTATE_H

#include <xen/types.h>

struct vcpu;

extern u64 xstate_host_features;    /* XCR0 bits the CPU supports */

/* XCR0 bits a guest may enable: x87, SSE, AVX. */
#define XSTATE_GUEST_MASK   0x7ULL

void xstate_init_cpu(void);          /* every CPU: CR4 bits, XCR0 */
int xstate_alloc(struct vcpu *v);    /* the save area, in init state */
void xstate_free(struct vcpu *v);
void xstate_save(struct vcpu *v);
void xstate_restore(struct vcpu *v);
/* Validates and loads a guest's XSETBV; -EINVAL means #GP. */
int xstate_set_xcr0(struct vcpu *v, u64 val);

#endif /* ASM_X86_XSTATE_H */
