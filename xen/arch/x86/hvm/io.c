/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O from PVH guests.  No device is emulated on ports: reads return
 * all-ones, as from an empty bus, and writes are dropped.  String forms
 * are completed the same way so that the guest makes progress.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/system.h>

#define X86_EFLAGS_DF (1UL << 10)

void hvm_io_intercept(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    unsigned int bytes = e->u.io.bytes;

    if ( !e->u.io.string )
    {
        if ( e->u.io.in )
        {
            u64 mask = bytes == 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;

            /* Sizes below 4 bytes keep the upper bits of RAX (SDM IN). */
            if ( bytes == 4 )
                r->rax = 0xffffffffUL;
            else
                r->rax |= mask;
        }
        hvm_skip_insn(v, e);
        return;
    }

    {
        unsigned long count = e->u.io.rep ? r->rcx : 1;
        long step = (hvm_get_reg(v, HVM_REG_RFLAGS) & X86_EFLAGS_DF)
                    ? -(long)bytes : (long)bytes;
        static const u8 ones[8] = { 0xff, 0xff, 0xff, 0xff,
                                    0xff, 0xff, 0xff, 0xff };

        /* Bounded per exit; a long REP resumes where it stopped. */
        for ( unsigned int i = 0; count && i < 4096; i++, count-- )
        {
            if ( e->u.io.in )
            {
                if ( hvm_copy_to_guest(r->rdi, ones, bytes) )
                {
                    hvm_inject_exception(v, 14, 2);
                    return;
                }
                r->rdi += step;
            }
            else
                r->rsi += step;
        }
        if ( e->u.io.rep )
            r->rcx = count;
        if ( !count )
            hvm_skip_insn(v, e);
    }
}
