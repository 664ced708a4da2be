/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_X86_APIC_H
#define ASM_X86_APIC_H

#include <xen/types.h>

/* Local APIC registers, as xAPIC MMIO offsets (SDM Vol. 3A, 10.4.1). */
#define APIC_ID         0x020
#define APIC_LVR        0x030
#define APIC_TASKPRI    0x080
#define APIC_EOI        0x0b0
#define APIC_LDR        0x0d0
#define APIC_DFR        0x0e0
#define APIC_SPIV       0x0f0
#define  APIC_SPIV_ENABLE   (1U << 8)
#define APIC_ESR        0x280
#define APIC_ICR        0x300
#define APIC_ICR2       0x310
#define APIC_LVTT       0x320
#define APIC_LVTTHMR    0x330
#define APIC_LVTPC      0x340
#define APIC_LVT0       0x350
#define APIC_LVT1       0x360
#define APIC_LVTERR     0x370
#define APIC_TMICT      0x380
#define APIC_TMCCT      0x390
#define APIC_TDCR       0x3e0

#define APIC_LVT_MASKED         (1U << 16)
#define APIC_TIMER_ONESHOT      (0U << 17)
#define APIC_TIMER_TSC_DEADLINE (2U << 17)

#define APIC_DM_FIXED   0x00000
#define APIC_DM_NMI     0x00400
#define APIC_DM_INIT    0x00500
#define APIC_DM_STARTUP 0x00600
#define APIC_ICR_BUSY   0x01000
#define APIC_INT_ASSERT 0x04000
#define APIC_INT_LEVELTRIG 0x08000
#define APIC_DEST_SELF  0x40000
#define APIC_DEST_ALLBUT 0xc0000

extern bool x2apic_enabled;

u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 val);
/* Sends an IPI: icr_low holds vector, delivery mode and shorthand. */
void apic_send_ipi(u32 dest_apic_id, u32 icr_low);
u32 get_apic_id(void);

void init_bsp_apic(void);       /* choose x2APIC/xAPIC, mask the 8259 */
void setup_local_apic(void);    /* every CPU */

static inline void ack_APIC_irq(void)
{
    apic_write(APIC_EOI, 0);
}

#endif /* ASM_X86_APIC_H */
