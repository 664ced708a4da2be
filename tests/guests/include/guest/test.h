/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test framework of the PVH test kernels.
 *
 * A test is one C file defining
 *
 *     const char test_name[] = "hypercalls";
 *     void test_main(void) { ... }
 *
 * The library enters it with long mode, its own GDT, IDT, TSS, stack and
 * page tables set up, then calls test_finish() when test_main() returns.
 *
 * EXPECT_*() count one check each and on failure print
 *
 *     FAIL: <file>:<line>: <expression> (got <X>, want <Y>)
 *
 * and evaluate to whether the check passed.  test_finish() prints exactly
 * one of
 *
 *     RESULT: <name> PASS (<n> checks)
 *     RESULT: <name> FAIL (<f> of <n> checks failed)
 *
 * and powers the domain off with SCHEDOP_shutdown(SHUTDOWN_poweroff).
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <guest/errno.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/traps.h>
#include <guest/x86.h>
#include <public/hvm/start_info.h>
#include <public/sched.h>

extern const char test_name[];
void test_main(void);

/* Counted atomically: checks may run on several vCPUs at once. */
extern unsigned int test_checks, test_failures;
#define TEST_COUNT(c)   __atomic_add_fetch(&(c), 1, __ATOMIC_RELAXED)

enum expect_kind {
    EXPECT_KIND_EQ,
    EXPECT_KIND_TRUE,
    EXPECT_KIND_ERR,
};

void expect_report(const char *file, int line, const char *expr,
                   int64_t got, int64_t want, enum expect_kind kind);

#define EXPECT_EQ(a, b) ({                                              \
    int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                       \
    TEST_COUNT(test_checks);                                            \
    if ( a_ != b_ )                                                     \
        expect_report(__FILE__, __LINE__, #a " == " #b, a_, b_,        \
                      EXPECT_KIND_EQ);                                  \
    a_ == b_;                                                           \
})

#define EXPECT_TRUE(c) ({                                               \
    bool c_ = (c);                                                      \
    TEST_COUNT(test_checks);                                            \
    if ( !c_ )                                                          \
        expect_report(__FILE__, __LINE__, #c, 0, 1, EXPECT_KIND_TRUE);  \
    c_;                                                                 \
})

/* rc must be the given negative errno (e.g. -EFAULT). */
#define EXPECT_ERR(rc, err) ({                                          \
    int64_t r_ = (int64_t)(rc), e_ = (int64_t)(err);                    \
    TEST_COUNT(test_checks);                                            \
    if ( r_ != e_ )                                                     \
        expect_report(__FILE__, __LINE__, #rc " == " #err, r_, e_,     \
                      EXPECT_KIND_ERR);                                 \
    r_ == e_;                                                           \
})

/* Counts one failed check with a message of its own. */
void test_fail(const char *fmt, ...) __printf(1, 2);

/* Prints the result line; whether the test passed. */
bool test_report(void);

/* Prints the result line and powers off (or halts if that fails). */
void __noreturn test_finish(void);

/*
 * Called just before an unexpected exception ends the test; a test may
 * define it to say what it was doing.
 */
void test_crash_hook(void);

/* Shuts the domain down with a SHUTDOWN_* reason; returns on failure. */
long shutdown_domain(unsigned int reason);

/* The kernel's command line (possibly empty, never NULL). */
const char *test_cmdline(void);

/*
 * Finds "key=value" among the blank-separated words of the command line
 * and copies value (NUL-terminated, truncated to fit) into val.
 */
bool cmdline_get(const char *key, char *val, size_t size);

/* key=<decimal or 0x-prefixed hex number>, or def if absent or bad. */
uint64_t cmdline_get_ulong(const char *key, uint64_t def);

/* What the kernel was started with, saved before anything changed it. */
struct boot_state {
    /* PHYS32: hvm_start_info copied out of guest memory, if found. */
    bool have_hvm_start_info;
    struct hvm_start_info hvm_start_info;
    struct hvm_memmap_table_entry memmap[32];
    unsigned int memmap_entries;        /* copied into memmap[] */
    int32_t hypercall32_rc;             /* EAX from the 32-bit vmcall */

    /* LONG64: start_info copied from RSI. */
    bool have_start_info;
    struct start_info start_info;
    uint64_t start_info_va;             /* RSI */

    /* Registers at entry. */
    uint64_t entry_flags, entry_cr3, entry_rsp;
    uint16_t entry_cs, entry_ds, entry_ss;
    uint16_t entry_gdt_limit, entry_idt_limit;
};
extern struct boot_state boot_state;

/* Leaf base of the hypervisor CPUID leaves (0 if none was found). */
extern uint32_t xen_cpuid_base;

/*
 * The hypercall page held the stubs before the kernel did anything
 * (the 64-bit ABI: filled in by the domain builder); writing its address
 * to the hypercall MSR (PHYS32 only) raised an exception.
 */
extern bool hypercall_page_prefilled, hypercall_page_msr_faulted;

/* Whether stub nr of the hypercall page is "mov $nr, %eax; vmcall; ret". */
bool hypercall_stub_ok(unsigned int nr);

/*
 * Maps guest-physical page pa at LOW_WINDOW_VA + slot * PAGE_SIZE with
 * the given PTE_* flags (0 unmaps), and returns that address.
 */
void *window_map(unsigned int slot, uint64_t pa, uint64_t flags);

static inline void *window_va(unsigned int slot)
{
    return (void *)(LOW_WINDOW_VA + (uint64_t)slot * PAGE_SIZE);
}

/*
 * Unmaps every guest-physical page outside the image (and the window),
 * so that only the kernel's own memory stays mapped; the fuzzer's
 * pointers then either hit its scratch area, its own (forbidden) image
 * or fault.
 */
void restrict_mappings(void);

/* A checksum of a range, for "did anything change" checks. */
uint64_t checksum(const void *p, size_t len);

/* Checksums of the GDT, IDT and TSS, and of every page table. */
uint64_t desc_tables_checksum(void);
uint64_t page_tables_checksum(void);

#endif /* GUEST_TEST_H */
