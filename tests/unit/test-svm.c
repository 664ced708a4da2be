/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SVM backend's pure parts: ASID hand-out (hvm/svm/asid.c) and the
 * instruction lengths found without NRIPS (hvm/svm/insn_len.c), included
 * so that the tests control the CPU's capabilities and state.
 *
 * A guest linear address is a host pointer here (shim/guest.c), so a
 * VMCB's RIP points at a host buffer holding the instruction bytes.
 */
#include "unit.h"

#include <sys/mman.h>

#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/svm/svm.h>

#include "../../xen/arch/x86/hvm/svm/asid.c"
#include "../../xen/arch/x86/hvm/svm/insn_len.c"

struct svm_caps svm_bsp_caps;
static struct svm_cpu cpus[NR_CPUS];

struct svm_cpu *svm_this_cpu(void)
{
    return &cpus[smp_processor_id()];
}

static unsigned int mode = 8;

static unsigned int fake_guest_mode(struct vcpu *v)
{
    return mode;
}

static const struct hvm_function_table fake_funcs = {
    .guest_mode = fake_guest_mode,
};
const struct hvm_function_table *hvm_funcs = &fake_funcs;

static struct domain dom;
static struct vcpu vcpu;
static struct vmcb vmcb __attribute__((__aligned__(4096)));

static int setup(void **state)
{
    memset(cpus, 0, sizeof(cpus));
    memset(&dom, 0, sizeof(dom));
    memset(&vcpu, 0, sizeof(vcpu));
    memset(&vmcb, 0, sizeof(vmcb));
    vcpu.domain = &dom;
    vcpu.arch.hvm.u.svm.vmcb = &vmcb;
    vcpu.arch.hvm.u.svm.asid_cpu = -1;
    dom.arch.p2m.generation = 1;
    svm_bsp_caps = (struct svm_caps){ .svm = true, .npt = true,
                                      .nr_asids = 16 };
    unit_cpu = 0;
    unit_set_current(&vcpu);
    mode = 8;
    return 0;
}

/* ----- ASIDs ----- */

static void test_asid_first_entry_flushes(void **state)
{
    svm_asid_assign(&vcpu);
    assert_int_equal(vmcb.asid, 1);
    assert_int_equal(vmcb.tlb_control, SVM_TLB_FLUSH_ALL);

    /* Nothing changed: the same ASID, and no flush. */
    svm_asid_assign(&vcpu);
    assert_int_equal(vmcb.asid, 1);
    assert_int_equal(vmcb.tlb_control, SVM_TLB_NOTHING);
}

static void test_asid_p2m_change_takes_fresh_one(void **state)
{
    svm_asid_assign(&vcpu);
    dom.arch.p2m.generation++;
    svm_asid_assign(&vcpu);
    /* A fresh ASID holds no stale translation: no flush needed. */
    assert_int_equal(vmcb.asid, 2);
    assert_int_equal(vmcb.tlb_control, SVM_TLB_NOTHING);
}

static void test_asid_other_cpu(void **state)
{
    svm_asid_assign(&vcpu);
    unit_cpu = 1;
    svm_asid_assign(&vcpu);
    assert_int_equal(vcpu.arch.hvm.u.svm.asid_cpu, 1);
    assert_int_equal(vmcb.asid, 1);             /* CPU 1's first */
    assert_int_equal(vmcb.tlb_control, SVM_TLB_FLUSH_ALL);

    /* Back on CPU 0: its old ASID may hold stale entries, take another. */
    unit_cpu = 0;
    svm_asid_assign(&vcpu);
    assert_int_equal(vmcb.asid, 2);
}

static void test_asid_exhaustion_starts_generation(void **state)
{
    struct vcpu other = { .domain = &dom };
    struct vmcb other_vmcb;

    memset(&other_vmcb, 0, sizeof(other_vmcb));
    other.arch.hvm.u.svm.vmcb = &other_vmcb;
    other.arch.hvm.u.svm.asid_cpu = -1;
    svm_bsp_caps.nr_asids = 4;                  /* ASIDs 1..3 */

    svm_asid_assign(&other);
    assert_int_equal(other_vmcb.asid, 1);
    for ( unsigned int asid = 1; asid <= 3; asid++ )
    {
        dom.arch.p2m.generation++;
        svm_asid_assign(&vcpu);
        if ( asid < 3 )
        {
            assert_int_equal(vmcb.asid, asid + 1);
            assert_int_equal(vmcb.tlb_control, SVM_TLB_NOTHING);
        }
    }
    /* The fourth wanted ASID wrapped: a new generation and a full flush. */
    assert_int_equal(vmcb.asid, 1);
    assert_int_equal(vmcb.tlb_control, SVM_TLB_FLUSH_ALL);
    /* The other vCPU's ASID 1 is from the old generation: it moves on. */
    svm_asid_assign(&other);
    assert_int_equal(other_vmcb.asid, 2);
    assert_int_equal(cpus[0].asid_generation, 2);
}

/* ----- instruction lengths ----- */

/*
 * Below 4 GiB (MAP_32BIT): outside 64-bit mode the linear address is
 * CS.base + RIP truncated to 32 bits.
 */
static u8 *code;

static unsigned int len_of(const u8 *bytes, size_t n, enum svm_insn insn)
{
    memset(code, 0x90, 64);
    memcpy(code, bytes, n);
    vmcb.rip = (unsigned long)code;
    return svm_insn_len(&vcpu, insn);
}

static void test_insn_plain(void **state)
{
    static const u8 vmmcall[] = { 0x0f, 0x01, 0xd9 };
    static const u8 cpuid[] = { 0x0f, 0xa2 };
    static const u8 hlt[] = { 0xf4 };
    static const u8 wrmsr[] = { 0x0f, 0x30 };

    assert_int_equal(len_of(vmmcall, sizeof(vmmcall), SVM_INSN_VMMCALL), 3);
    vcpu.arch.hvm.u.svm.insn_len = 0;
    assert_int_equal(len_of(cpuid, sizeof(cpuid), SVM_INSN_CPUID), 2);
    vcpu.arch.hvm.u.svm.insn_len = 0;
    assert_int_equal(len_of(hlt, sizeof(hlt), SVM_INSN_HLT), 1);
    vcpu.arch.hvm.u.svm.insn_len = 0;
    assert_int_equal(len_of(wrmsr, sizeof(wrmsr), SVM_INSN_WRMSR), 2);
}

static void test_insn_prefixes(void **state)
{
    /* Operand size, segment override and REX before the opcode. */
    static const u8 cpuid[] = { 0x66, 0x2e, 0x48, 0x0f, 0xa2 };

    assert_int_equal(len_of(cpuid, sizeof(cpuid), SVM_INSN_CPUID), 5);

    /* Outside 64-bit mode 0x48 is an instruction (dec), not a REX. */
    mode = 4;
    vcpu.arch.hvm.u.svm.insn_len = 0;
    assert_int_equal(len_of(cpuid, sizeof(cpuid), SVM_INSN_CPUID), 0);
    assert_int_equal(len_of(cpuid + 3, 2, SVM_INSN_CPUID), 2);

    /* Real mode: the linear address is CS.base + IP. */
    mode = 0;
    vcpu.arch.hvm.u.svm.insn_len = 0;
    len_of(cpuid + 3, 2, SVM_INSN_CPUID);
    vmcb.cs.base = 0x100;
    vmcb.rip = (unsigned long)code - 0x100;
    assert_int_equal(svm_insn_len(&vcpu, SVM_INSN_CPUID), 2);
    vmcb.cs.base = 0;
}

static void test_insn_mismatch_refused(void **state)
{
    static const u8 vmcall[] = { 0x0f, 0x01, 0xc1 };
    static const u8 cpuid[] = { 0x0f, 0xa2 };

    /* Not the instruction the exit code names: no length at all. */
    assert_int_equal(len_of(vmcall, sizeof(vmcall), SVM_INSN_VMMCALL), 0);
    assert_int_equal(len_of(cpuid, sizeof(cpuid), SVM_INSN_RDMSR), 0);
    assert_int_equal(len_of(cpuid, sizeof(cpuid), SVM_INSN_NR), 0);
}

static void test_insn_unreadable(void **state)
{
    unit_guest_fault = true;
    vmcb.rip = (unsigned long)code;
    assert_int_equal(svm_insn_len(&vcpu, SVM_INSN_HLT), 0);
    unit_guest_fault = false;
}

static void test_insn_cache(void **state)
{
    static const u8 vmmcall[] = { 0x66, 0x0f, 0x01, 0xd9 };

    assert_int_equal(len_of(vmmcall, sizeof(vmmcall), SVM_INSN_VMMCALL), 4);
    /* Same place, same CR3, same exit: the remembered length. */
    unit_guest_fault = true;
    assert_int_equal(svm_insn_len(&vcpu, SVM_INSN_VMMCALL), 4);
    /* Another address space or another instruction: decoded again. */
    vmcb.cr3 = 0x1000;
    assert_int_equal(svm_insn_len(&vcpu, SVM_INSN_VMMCALL), 0);
    unit_guest_fault = false;
    vmcb.cr3 = 0;
    assert_int_equal(svm_insn_len(&vcpu, SVM_INSN_HLT), 0);
}

static void test_insn_nrips(void **state)
{
    svm_bsp_caps.nrips = true;
    vmcb.rip = 0x1000;
    vmcb.nextrip = 0x1003;
    unit_guest_fault = true;            /* nothing is fetched */
    assert_int_equal(svm_insn_len(&vcpu, SVM_INSN_VMMCALL), 3);
    unit_guest_fault = false;
    svm_bsp_caps.nrips = false;
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if ( code == MAP_FAILED )
        return 1;

    const struct CMUnitTest tests[] = {
        T(test_asid_first_entry_flushes),
        T(test_asid_p2m_change_takes_fresh_one),
        T(test_asid_other_cpu),
        T(test_asid_exhaustion_starts_generation),
        T(test_insn_plain),
        T(test_insn_prefixes),
        T(test_insn_mismatch_refused),
        T(test_insn_unreadable),
        T(test_insn_cache),
        T(test_insn_nrips),
    };

    return cmocka_run_group_tests_name("svm", tests, NULL, NULL);
}
