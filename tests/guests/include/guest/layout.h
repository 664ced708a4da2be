/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Addresses, selectors and sizes shared by the entry code (assembly) and
 * the C library of the PVH test kernels.  The linker scripts repeat the
 * load addresses; keep them in step.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define PAGE_SHIFT          12
#define PAGE_SIZE           4096

/* Both kernels are loaded at guest-physical 1 MiB. */
#define KERNEL_PHYS_BASE    0x100000

/*
 * The 64-bit (2013) PVH kernel runs in the top 2 GiB, VIRT_BASE + x
 * mapping guest-physical x; the PHYS32 kernel runs identity-mapped.
 */
#define PV64_VIRT_BASE      0xffffffff80000000
#ifdef ABI_PV64
#define VIRT_OFFSET         PV64_VIRT_BASE
#else
#define VIRT_OFFSET         0
#endif

/* GDT layout (the same for both entry ABIs). */
#define GDT_KERNEL_CS       0x08
#define GDT_KERNEL_DS       0x10
#define GDT_USER_DS         0x1b        /* index 3, RPL 3 */
#define GDT_USER_CS         0x23        /* index 4, RPL 3 */
#define GDT_TSS             0x28        /* indexes 5 and 6 */
#define GDT_ENTRIES         8

/*
 * A 2 MiB window of 4 KiB mappings at 256 GiB, away from everything
 * else either kernel maps, so that whatever lies next to a page in it is
 * unmapped: the ring-3 test's code and stack live here, and the fuzzer's
 * scratch area, whose neighbours must fault.
 */
#define LOW_WINDOW_VA       0x0000004000000000
#define LOW_WINDOW_PDPT_IDX 256
#define WINDOW_SLOT_USER_CODE   16
#define WINDOW_SLOT_USER_STACK  18
#define WINDOW_SLOT_SCRATCH     64

/* Page-table entry bits. */
#define PTE_P               0x001
#define PTE_RW              0x002
#define PTE_US              0x004
#define PTE_PS              0x080

#define BOOT_STACK_SIZE     16384
#define TRAP_STACK_SIZE     8192

/*
 * The vector the hypervisor injects for event-channel upcalls once the
 * kernel sets HVM_PARAM_CALLBACK_IRQ (lib/events.c).
 */
#define EVTCHN_CALLBACK_VECTOR  0xf3

/* Hypercall page: 32-byte stubs, stub n at offset 32 * n. */
#define HYPERCALL_STUB_SIZE 32

#endif /* GUEST_LAYOUT_H */
