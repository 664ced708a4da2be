/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_DOMAIN_H
#define ASM_X86_DOMAIN_H

#include <xen/types.h>
#include <asm/e820.h>
#include <asm/hvm/vcpu.h>
#include <asm/p2m.h>
#include <public/hvm/params.h>

/* How the guest kernel is entered (the two PVH ABIs). */
enum pvh_entry_abi {
    PVH_ENTRY_PHYS32,       /* XEN_ELFNOTE_PHYS32_ENTRY + hvm_start_info */
    PVH_ENTRY_LONG64,       /* original PVH: 64-bit entry + start_info */
};

struct arch_domain {
    struct p2m_domain p2m;
    u64 hvm_params[HVM_NR_PARAMS];
    enum pvh_entry_abi entry_abi;
    /* The guest's memory map, as XENMEM_memory_map reports it. */
    struct e820entry e820[16];
    unsigned int nr_e820;
};

struct arch_vcpu {
    struct hvm_vcpu hvm;
};

#endif /* ASM_X86_DOMAIN_H */
