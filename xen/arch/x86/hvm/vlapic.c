/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The x2APIC model (see asm/hvm/vlapic.h).  Register numbers are MSR
 * 0x800 + (xAPIC offset >> 4).  Interrupts it accepts are fixed, edge:
 * they go into IRR and the entry path injects the highest one when the
 * guest can take it; EOI needs no bookkeeping for edge interrupts.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>
#include <asm/msr-index.h>

#define X2APIC_ID       0x802
#define X2APIC_VERSION  0x803
#define X2APIC_TPR      0x808
#define X2APIC_PPR      0x80a
#define X2APIC_EOI      0x80b
#define X2APIC_LDR      0x80d
#define X2APIC_SVR      0x80f
#define X2APIC_ISR0     0x810
#define X2APIC_TMR0     0x818
#define X2APIC_IRR0     0x820
#define X2APIC_ESR      0x828
#define X2APIC_LVT_CMCI 0x82f
#define X2APIC_ICR      0x830
#define X2APIC_LVT_TIMER 0x832
#define X2APIC_LVT_ERR  0x837
#define X2APIC_TMICT    0x838
#define X2APIC_TMCCT    0x839
#define X2APIC_TDCR     0x83e
#define X2APIC_SELF_IPI 0x83f

#define LVT_MASKED      (1U << 16)
#define BITS_PER_UL     (8 * sizeof(unsigned long))

static struct vlapic *vcpu_vlapic(struct vcpu *v)
{
    return &v->arch.hvm.vlapic;
}

void vlapic_init(struct vcpu *v)
{
    struct vlapic *l = vcpu_vlapic(v);

    memset(l, 0, sizeof(*l));
    /* Enabled and already in x2APIC mode, as the guest's firmware would
     * leave it for a kernel that has no MMIO APIC to use. */
    l->apic_base = 0xfee00000UL | APIC_BASE_ENABLE | APIC_BASE_EXTD |
                   (v->vcpu_id == 0 ? APIC_BASE_BSP : 0);
    l->svr = 0xff;
    for ( unsigned int i = 0; i < ARRAY_SIZE(l->lvt); i++ )
        l->lvt[i] = LVT_MASKED;
}

static void set_irr(struct vcpu *v, unsigned int vector)
{
    struct vlapic *l = vcpu_vlapic(v);

    __atomic_or_fetch(&l->irr[vector / BITS_PER_UL],
                      1UL << (vector % BITS_PER_UL), __ATOMIC_SEQ_CST);
    WRITE_ONCE(l->irr_nonempty, true);
    vcpu_kick(v);
}

int vlapic_highest_irr(struct vcpu *v)
{
    struct vlapic *l = vcpu_vlapic(v);

    if ( !READ_ONCE(l->irr_nonempty) )
        return -1;
    for ( int w = ARRAY_SIZE(l->irr) - 1; w >= 0; w-- )
    {
        unsigned long x = READ_ONCE(l->irr[w]);

        if ( x )
            return w * BITS_PER_UL + (BITS_PER_UL - 1 - __builtin_clzl(x));
    }
    /* Empty: clear the hint, then look once more for a racing set_irr. */
    WRITE_ONCE(l->irr_nonempty, false);
    smp_mb();
    for ( unsigned int w = 0; w < ARRAY_SIZE(l->irr); w++ )
        if ( READ_ONCE(l->irr[w]) )
        {
            WRITE_ONCE(l->irr_nonempty, true);
            return vlapic_highest_irr(v);
        }
    return -1;
}

void vlapic_ack(struct vcpu *v, unsigned int vector)
{
    __atomic_and_fetch(&vcpu_vlapic(v)->irr[vector / BITS_PER_UL],
                       ~(1UL << (vector % BITS_PER_UL)), __ATOMIC_SEQ_CST);
}

/* INIT: the target waits for a SIPI; SIPI: it starts in real mode. */
static void deliver_startup(struct vcpu *t, u32 mode, u8 vector)
{
    struct vlapic *l = vcpu_vlapic(t);

    if ( mode == 5 )
    {
        if ( t != current && (READ_ONCE(t->pause_flags) & VPF_down) )
            l->init_received = true;
        return;
    }
    if ( !l->init_received || t == current )
        return;
    l->init_received = false;
    hvm_start_at_sipi(t, vector);
}

/* ICR write (SDM 10.12.9): destination is a full x2APIC id (vCPU id). */
static int write_icr(struct vcpu *v, u64 val)
{
    struct domain *d = v->domain;
    u32 dest = val >> 32, mode = (val >> 8) & 7, shorthand = (val >> 18) & 3;
    u8 vector = val & 0xff;
    struct vcpu *t;

    bool logical = (val >> 11) & 1;

    if ( mode != 0 && mode != 5 && mode != 6 )
        return 0;               /* NMI, SMI, lowest priority: ignored */
    if ( mode == 0 && vector < 16 )
        return 0;               /* illegal vector: dropped */

    for_each_vcpu ( d, t )
    {
        bool hit;

        switch ( shorthand )
        {
        case 1: hit = t == v; break;            /* self */
        case 2: hit = true; break;              /* all including self */
        case 3: hit = t != v; break;            /* all excluding self */
        default:
            if ( dest == 0xffffffffU )
                hit = true;
            else if ( logical )
                /* Cluster mode (SDM 10.12.10.2): cluster in 31:16,
                 * a bit per member in 15:0, as in our LDR. */
                hit = (dest >> 16) == (t->vcpu_id >> 4) &&
                      (dest & (1U << (t->vcpu_id & 15)));
            else
                hit = t->vcpu_id == dest;
            break;
        }
        if ( !hit )
            continue;
        if ( mode == 0 )
            set_irr(t, vector);
        else
            deliver_startup(t, mode, vector);
    }
    return 0;
}

int vlapic_rdmsr(struct vcpu *v, u32 msr, u64 *val)
{
    struct vlapic *l = vcpu_vlapic(v);

    if ( msr == MSR_IA32_APIC_BASE )
    {
        *val = l->apic_base;
        return 0;
    }

    switch ( msr )
    {
    case X2APIC_ID:         *val = v->vcpu_id; return 0;
    case X2APIC_VERSION:    *val = 0x00050014; return 0;  /* 6 LVTs */
    case X2APIC_TPR:        *val = l->tpr; return 0;
    case X2APIC_PPR:        *val = l->tpr; return 0;
    case X2APIC_LDR:
        *val = ((v->vcpu_id >> 4) << 16) | (1U << (v->vcpu_id & 15));
        return 0;
    case X2APIC_SVR:        *val = l->svr; return 0;
    case X2APIC_ESR:        *val = l->esr; return 0;
    case X2APIC_ICR:        *val = 0; return 0;
    case X2APIC_TMICT:      *val = l->timer_icr; return 0;
    case X2APIC_TMCCT:      *val = 0; return 0;
    case X2APIC_TDCR:       *val = l->timer_dcr; return 0;
    }
    if ( msr >= X2APIC_ISR0 && msr < X2APIC_ISR0 + 8 )
    {
        *val = 0;
        return 0;
    }
    if ( msr >= X2APIC_TMR0 && msr < X2APIC_TMR0 + 8 )
    {
        *val = 0;
        return 0;
    }
    if ( msr >= X2APIC_IRR0 && msr < X2APIC_IRR0 + 8 )
    {
        unsigned int bit = (msr - X2APIC_IRR0) * 32;

        *val = (READ_ONCE(l->irr[bit / BITS_PER_UL]) >>
                (bit % BITS_PER_UL)) & 0xffffffffU;
        return 0;
    }
    if ( msr >= X2APIC_LVT_CMCI && msr <= X2APIC_LVT_ERR &&
         msr != X2APIC_ICR && msr != X2APIC_ICR + 1 )
    {
        *val = l->lvt[msr == X2APIC_LVT_CMCI ? 0 : msr - X2APIC_LVT_TIMER + 1];
        return 0;
    }
    return -EINVAL;
}

int vlapic_wrmsr(struct vcpu *v, u32 msr, u64 val)
{
    struct vlapic *l = vcpu_vlapic(v);

    if ( msr == MSR_IA32_APIC_BASE )
    {
        /* Only x2APIC mode exists: leaving it is not supported. */
        if ( (val & (APIC_BASE_ENABLE | APIC_BASE_EXTD)) !=
             (APIC_BASE_ENABLE | APIC_BASE_EXTD) )
            return -EINVAL;
        l->apic_base = (l->apic_base & APIC_BASE_BSP) |
                       (val & ~APIC_BASE_BSP & ~0xffUL);
        return 0;
    }

    switch ( msr )
    {
    case X2APIC_TPR:        l->tpr = val & 0xff; return 0;
    case X2APIC_EOI:        return 0;
    case X2APIC_SVR:        l->svr = val & 0x13ff; return 0;
    case X2APIC_ESR:        l->esr = 0; return 0;
    case X2APIC_ICR:        return write_icr(v, val);
    case X2APIC_TMICT:      l->timer_icr = val; return 0;
    case X2APIC_TDCR:       l->timer_dcr = val & 0xb; return 0;
    case X2APIC_SELF_IPI:
        if ( (val & 0xff) >= 16 )
            set_irr(v, val & 0xff);
        return 0;
    }
    if ( msr >= X2APIC_LVT_CMCI && msr <= X2APIC_LVT_ERR &&
         msr != X2APIC_ICR && msr != X2APIC_ICR + 1 )
    {
        l->lvt[msr == X2APIC_LVT_CMCI ? 0 : msr - X2APIC_LVT_TIMER + 1] =
            val & 0x1f7ff;
        return 0;
    }
    return -EINVAL;
}
