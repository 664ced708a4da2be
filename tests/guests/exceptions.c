/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's own IDT handles its exceptions: the hypervisor must let
 * #UD, #GP, #PF, #DE and #BP raised by guest instructions reach the
 * guest's handlers with the right vector, error code, CR2 and RIP, and
 * let the guest resume afterwards.
 */
#include <guest/test.h>

const char test_name[] = "exceptions";

/* Addresses nothing maps, in either ABI's page tables. */
#define UNMAPPED_VA     0x0000700000000123UL
#define NONCANONICAL_VA 0x8000000000000000UL

static unsigned int handled;
static struct trap_info t;

/* Checks the recorded exception (left in t); false if there was none. */
static bool check_trap(const char *what, unsigned int vector,
                       uint64_t error_code, uint64_t rip)
{
    if ( !EXPECT_TRUE(trap_taken(&t)) )
    {
        printk("  no exception from %s\n", what);
        return false;
    }
    handled++;
    printk("  %s: %s error code %#lx at %#lx, cr2 %#lx\n",
           what, trap_name(t.vector), t.error_code, t.rip, t.cr2);
    EXPECT_EQ(t.vector, vector);
    EXPECT_EQ(t.error_code, error_code);
    EXPECT_EQ(t.rip, rip);
    return true;
}

static void test_ud(void)
{
    uint64_t at;

    /* Resumed through the exception table. */
    trap_expect(0);
    asm volatile ( "1: ud2\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=r" (at) :: "memory" );
    check_trap("ud2", X86_EXC_UD, 0, at);

    /* Resumed by skipping the two-byte instruction. */
    trap_expect(2);
    asm volatile ( "lea 1f(%%rip), %0\n\t"
                   "1: ud2"
                   : "=r" (at) :: "memory" );
    check_trap("ud2 (skipped)", X86_EXC_UD, 0, at);
}

static void test_gp(void)
{
    uint64_t at, val, addr = NONCANONICAL_VA;
    uint16_t ds;

    /* A selector beyond the GDT limit: #GP with the selector. */
    trap_expect(0);
    asm volatile ( "1: mov %w1, %%ds\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=r" (at) : "r" (0xfff8) : "memory" );
    check_trap("mov $0xfff8, %ds", X86_EXC_GP, 0xfff8, at);

    /* The TSS is a system segment, not data: #GP with its selector. */
    trap_expect(0);
    asm volatile ( "1: mov %w1, %%ds\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=r" (at) : "r" (GDT_TSS) : "memory" );
    check_trap("mov $tss, %ds", X86_EXC_GP, GDT_TSS, at);

    asm volatile ( "mov %%ds, %0" : "=r" (ds) );
    EXPECT_EQ(ds, GDT_KERNEL_DS);

    /* A non-canonical address: #GP(0). */
    trap_expect(0);
    asm volatile ( "1: mov (%2), %1\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at), "=&r" (val) : "r" (addr) : "memory" );
    check_trap("non-canonical read", X86_EXC_GP, 0, at);
}

static void pf_read(const char *what, uint64_t addr, uint64_t error_code)
{
    uint64_t at, val;

    trap_expect(0);
    asm volatile ( "1: mov (%2), %1\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at), "=&r" (val) : "r" (addr) : "memory" );
    if ( check_trap(what, X86_EXC_PF, error_code, at) )
        EXPECT_EQ(t.cr2, addr);
}

static void pf_write(const char *what, uint64_t addr, uint64_t error_code)
{
    uint64_t at;

    trap_expect(0);
    asm volatile ( "movzbl (%1), %%eax\n\t"
                   "1: movb %%al, (%1)\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at) : "r" (addr) : "rax", "memory" );
    if ( check_trap(what, X86_EXC_PF, error_code, at) )
        EXPECT_EQ(t.cr2, addr);
}

static void test_pf(void)
{
    uint64_t at;

    pf_read("read of an unmapped address", UNMAPPED_VA, 0);
    pf_read("read of NULL", 0, 0);

    trap_expect(0);
    asm volatile ( "1: movb $0, (%1)\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at) : "r" (UNMAPPED_VA) : "memory" );
    if ( check_trap("write to an unmapped address", X86_EXC_PF,
                    PFEC_WRITE, at) )
        EXPECT_EQ(t.cr2, UNMAPPED_VA);

    /*
     * The ring-3 code page is mapped read-only: with CR0.WP a kernel
     * write faults as present + write (the byte written is the one
     * already there, in case it does not).
     */
    pf_write("write to a read-only page",
             (uint64_t)window_va(WINDOW_SLOT_USER_CODE),
             PFEC_PRESENT | PFEC_WRITE);
}

static void test_de(void)
{
    uint64_t at;
    uint32_t a = 1, d = 0;

    trap_expect(0);
    asm volatile ( "1: divl %3\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at), "+a" (a), "+d" (d) : "c" (0) : "memory" );
    check_trap("division by zero", X86_EXC_DE, 0, at);

    /* INT_MIN / -1 does not fit: #DE as well. */
    a = 0x80000000;
    d = 0xffffffff;
    trap_expect(0);
    asm volatile ( "1: idivl %3\n\t"
                   "2: lea 1b(%%rip), %0\n\t"
                   _ASM_EXTABLE(1b, 2b)
                   : "=&r" (at), "+a" (a), "+d" (d) : "c" (-1) : "memory" );
    check_trap("division overflow", X86_EXC_DE, 0, at);
}

static void test_bp(void)
{
    uint64_t after, rbx, r12, r15;

    /*
     * int3 is a trap: the pushed RIP is the next instruction, where the
     * handler resumes (skip 0).  Registers must come back unchanged.
     */
    trap_expect(0);
    asm volatile ( "mov %4, %%rbx\n\t"
                   "mov %4, %%r12\n\t"
                   "not %%r12\n\t"
                   "mov %4, %%r15\n\t"
                   "neg %%r15\n\t"
                   "int3\n\t"
                   "1: lea 1b(%%rip), %0\n\t"
                   "mov %%rbx, %1\n\t"
                   "mov %%r12, %2\n\t"
                   "mov %%r15, %3"
                   : "=&r" (after), "=&r" (rbx), "=&r" (r12), "=&r" (r15)
                   : "r" (0x0123456789abcdefUL)
                   : "rbx", "r12", "r15", "memory" );
    check_trap("int3", X86_EXC_BP, 0, after);
    EXPECT_EQ(rbx, 0x0123456789abcdefUL);
    EXPECT_EQ(r12, ~0x0123456789abcdefUL);
    EXPECT_EQ(r15, -0x0123456789abcdefUL);

    /* The DPL 3 gate taken from ring 0, also a trap. */
    trap_expect(0);
    asm volatile ( "int $0x80\n\t"
                   "1: lea 1b(%%rip), %0"
                   : "=r" (after) :: "memory" );
    check_trap("int $0x80", X86_VEC_SYSCALL, 0, after);
}

void test_main(void)
{
    /* Arming alone records nothing. */
    trap_expect(0);
    EXPECT_TRUE(!trap_taken(NULL));

    test_ud();
    test_gp();
    test_pf();
    test_de();
    test_bp();

    printk("exceptions: %u handled and resumed\n", handled);
    EXPECT_EQ(handled, 13);
}
