/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vendor-neutral face of hardware virtualisation.  Exactly one vendor
 * backend (VMX today) fills in the function table at boot; common code
 * calls only through it and never names a vendor.
 */
#ifndef ASM_X86_HVM_HVM_H
#define ASM_X86_HVM_HVM_H

#include <xen/types.h>

struct hvm_function_table {
    const char *name;
    /*
     * Brings virtualisation up on the calling CPU (capability check,
     * and later VMXON).  Returns 0, or -errno if this CPU cannot host
     * guests.
     */
    int (*cpu_up)(void);
};

extern const struct hvm_function_table *hvm_funcs;

static inline bool hvm_enabled(void)
{
    return hvm_funcs != NULL;
}

/* Boot CPU: picks the vendor backend, if any, and brings it up. */
void hvm_enable(void);
/* Secondary CPUs: the same backend, on this CPU. */
int hvm_cpu_up(void);

/* Vendor entry points: return the table, or NULL if unusable here. */
const struct hvm_function_table *start_vmx(void);

#endif /* ASM_X86_HVM_HVM_H */
