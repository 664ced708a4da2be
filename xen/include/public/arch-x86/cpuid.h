/* SPDX-License-Identifier: MIT */
/* The hypervisor CPUID leaves (base 0x40000000). */
#ifndef XEN_PUBLIC_ARCH_X86_CPUID_H
#define XEN_PUBLIC_ARCH_X86_CPUID_H

#define XEN_CPUID_FIRST_LEAF    0x40000000
#define XEN_CPUID_LEAF(i)       (XEN_CPUID_FIRST_LEAF + (i))

/* Leaf 0: EBX, ECX, EDX spell "XenVMMXenVMM". */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558  /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d  /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e  /* "nVMM" */

/* Leaf 4 (HVM features), EAX bits. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT  (1u << 0)
#define XEN_HVM_CPUID_X2APIC_VIRT       (1u << 1)
#define XEN_HVM_CPUID_IOMMU_MAPPINGS    (1u << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT   (1u << 3)
#define XEN_HVM_CPUID_DOMID_PRESENT     (1u << 4)

#endif /* XEN_PUBLIC_ARCH_X86_CPUID_H */
