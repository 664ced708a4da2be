/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Local APIC access.  x2APIC mode (registers as MSRs, SDM Vol. 3A, 10.12)
 * is used whenever the CPU has it; otherwise the xAPIC page is reached
 * through the direct map.
 */
#include <xen/lib.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/msr-index.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/system.h>

bool x2apic_enabled;
static volatile u32 *xapic_mmio;

u32 apic_read(unsigned int reg)
{
    if ( x2apic_enabled )
        return rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
    return xapic_mmio[reg / 4];
}

void apic_write(unsigned int reg, u32 val)
{
    if ( x2apic_enabled )
        wrmsr(MSR_X2APIC_FIRST + (reg >> 4), val);
    else
        xapic_mmio[reg / 4] = val;
}

u32 get_apic_id(void)
{
    u32 id = apic_read(APIC_ID);

    return x2apic_enabled ? id : id >> 24;
}

void apic_send_ipi(u32 dest, u32 icr_low)
{
    if ( x2apic_enabled )
    {
        /* One 64-bit write; the destination is a full 32-bit ID. */
        wrmsr(MSR_X2APIC_FIRST + (APIC_ICR >> 4),
              ((u64)dest << 32) | icr_low);
        return;
    }

    while ( apic_read(APIC_ICR) & APIC_ICR_BUSY )
        cpu_relax();
    apic_write(APIC_ICR2, dest << 24);
    apic_write(APIC_ICR, icr_low);
}

static void enable_apic_mode(void)
{
    u64 base = rdmsr(MSR_IA32_APIC_BASE);

    base |= APIC_BASE_ENABLE;
    if ( x2apic_enabled )
        base |= APIC_BASE_EXTD;
    wrmsr(MSR_IA32_APIC_BASE, base);
}

void init_bsp_apic(void)
{
    u64 base = rdmsr(MSR_IA32_APIC_BASE);

    /* The local APIC takes over from the legacy 8259 PICs. */
    outb(0xff, 0x21);
    outb(0xff, 0xa1);

    x2apic_enabled = cpuid_ecx(1) & (1U << 21);
    xapic_mmio = maddr_to_virt(base & PADDR_MASK);
    printk("Using APIC in %s mode\n", x2apic_enabled ? "x2APIC" : "xAPIC");
}

void setup_local_apic(void)
{
    enable_apic_mode();

    if ( !x2apic_enabled )
    {
        /* Flat logical mode is unused, but keep the state defined. */
        apic_write(APIC_DFR, 0xffffffffU);
        apic_write(APIC_LDR, 0);
    }
    apic_write(APIC_TASKPRI, 0);
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_LVT0, APIC_LVT_MASKED);
    apic_write(APIC_LVT1, APIC_LVT_MASKED);
    apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
    ack_APIC_irq();
}
