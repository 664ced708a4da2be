/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lengths of intercepted instructions, for CPUs without NRIPS.
 *
 * With NRIPS the VMCB holds the next RIP after every intercepted
 * instruction (APM Vol. 2, 15.7.1).  Without it (QEMU's SVM), we must
 * find the length ourselves before moving RIP past the instruction.  Only
 * a few fixed-opcode instructions are completed that way, so rather than
 * a decoder we fetch the bytes at CS:RIP, skip the prefixes, and check
 * that the opcode is the one the exit code promises: anything else (a
 * page the guest changed under us, an unreadable RIP) is refused, and
 * the caller crashes the domain rather than skip the wrong length.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/svm/svm.h>

#define MAX_INSN_LEN    15

static const struct {
    u8 len;
    u8 bytes[3];
} opcodes[SVM_INSN_NR] = {
    [SVM_INSN_HLT]     = { 1, { 0xf4 } },
    [SVM_INSN_CPUID]   = { 2, { 0x0f, 0xa2 } },
    [SVM_INSN_RDMSR]   = { 2, { 0x0f, 0x32 } },
    [SVM_INSN_WRMSR]   = { 2, { 0x0f, 0x30 } },
    [SVM_INSN_VMMCALL] = { 3, { 0x0f, 0x01, 0xd9 } },
    [SVM_INSN_XSETBV]  = { 3, { 0x0f, 0x01, 0xd1 } },
    [SVM_INSN_WBINVD]  = { 2, { 0x0f, 0x09 } },
    [SVM_INSN_INVD]    = { 2, { 0x0f, 0x08 } },
};

/* Legacy prefixes (SDM Vol. 2A, 2.1.1), and REX in 64-bit mode. */
static bool is_prefix(u8 b, bool long_mode)
{
    switch ( b )
    {
    case 0xf0: case 0xf2: case 0xf3:
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
    case 0x66: case 0x67:
        return true;
    }
    return long_mode && (b & 0xf0) == 0x40;
}

/*
 * Decoding walks the guest's page tables, which costs more than the rest
 * of a hypercall.  So the last result is kept, keyed by the linear
 * address of the instruction, CR3 and the instruction the exit names.
 * Were the guest to rewrite its own code there into a longer form of the
 * same instruction, only the guest itself would resume at the wrong
 * place.
 */
static unsigned int remember(struct svm_vcpu *svm, const struct vmcb *vmcb,
                             unsigned long linear, enum svm_insn insn,
                             unsigned int len)
{
    svm->insn_rip = linear;
    svm->insn_cr3 = vmcb->cr3;
    svm->insn_kind = insn;
    svm->insn_len = len;
    return len;
}

unsigned int svm_insn_len(struct vcpu *v, enum svm_insn insn)
{
    struct svm_vcpu *svm = &v->arch.hvm.u.svm;
    const struct vmcb *vmcb = svm->vmcb;
    unsigned long rip = vmcb->rip;
    u8 buf[MAX_INSN_LEN];
    unsigned int n, i;
    bool long_mode;

    if ( svm_bsp_caps.nrips )
        return vmcb->nextrip - rip;
    if ( insn >= SVM_INSN_NR )
        return 0;

    long_mode = hvm_funcs->guest_mode(v) == 8;

    if ( !long_mode )
        rip = (u32)(rip + vmcb->cs.base);
    if ( svm->insn_len && svm->insn_rip == rip &&
         svm->insn_cr3 == vmcb->cr3 && svm->insn_kind == insn )
        return svm->insn_len;

    /* Read what we can: the instruction may end just before a hole. */
    for ( n = MAX_INSN_LEN; n > 0; n-- )
        if ( !hvm_copy_from_guest(buf, rip, n) )
            break;

    for ( i = 0; i < n && is_prefix(buf[i], long_mode); i++ )
        continue;
    if ( i + opcodes[insn].len > n ||
         memcmp(&buf[i], opcodes[insn].bytes, opcodes[insn].len) )
        return 0;
    return remember(svm, vmcb, rip, insn, i + opcodes[insn].len);
}
