/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O from PVH guests.  No device is emulated on ports: reads return
 * all-ones, as from an empty bus, and writes are dropped.  String forms
 * are completed the same way so that the guest makes progress.
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/acpi.h>
#include <asm/hvm/guest_access.h>
#include <asm/hvm/hvm.h>
#include <asm/system.h>
#include <public/sched.h>

#define X86_EFLAGS_DF (1UL << 10)

/*
 * The ports the guest's FADT names (asm/hvm/acpi.h): writing SLP_TYP 5
 * with SLP_EN to the sleep control register is ACPI soft-off; the reset
 * value to the reset register is a reboot.
 */
static bool acpi_port_write(struct vcpu *v, u16 port, u32 val)
{
    switch ( port )
    {
    case PVH_ACPI_SLEEP_CONTROL:
        if ( (val & (1U << 5)) && ((val >> 2) & 7) == PVH_ACPI_S5_TYPE )
        {
            printk("d%uv%u: ACPI soft-off\n", v->domain->domain_id,
                   v->vcpu_id);
            domain_shutdown(v->domain, SHUTDOWN_poweroff);
        }
        return true;

    case PVH_ACPI_RESET_PORT:
        if ( (val & 0xff) == PVH_ACPI_RESET_VALUE )
        {
            printk("d%uv%u: ACPI reset\n", v->domain->domain_id,
                   v->vcpu_id);
            domain_shutdown(v->domain, SHUTDOWN_reboot);
        }
        return true;
    }
    return false;
}

void hvm_io_intercept(struct vcpu *v, const struct hvm_exit *e)
{
    struct guest_regs *r = &v->arch.hvm.regs;
    unsigned int bytes = e->u.io.bytes;

    if ( !e->u.io.string )
    {
        if ( !e->u.io.in && acpi_port_write(v, e->u.io.port, r->rax) )
        {
            hvm_skip_insn(v, e);
            return;
        }
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
