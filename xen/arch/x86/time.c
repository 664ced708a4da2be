/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time: the TSC is the clock, calibrated at boot against the PIT; each
 * CPU's local APIC timer provides the one-shot interrupt, in TSC-deadline
 * mode when the CPU has it (SDM Vol. 3A, 10.5.4.1), else in one-shot
 * mode with a count calibrated against the TSC.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/system.h>

#define PIT_HZ          1193182
#define CALIBRATE_MS    50

unsigned long cpu_khz;
static u64 boot_tsc;
static u32 tsc_to_ns_mul;       /* ns = tsc * mul >> 32 ... */
static unsigned int tsc_to_ns_shift; /* ... << shift */
static bool tsc_deadline;
static u64 apic_timer_per_ms;   /* one-shot mode: APIC ticks per ms */

/* Counts TSC ticks across CALIBRATE_MS of PIT channel 2. */
static u64 calibrate_against_pit(void)
{
    const unsigned int count = PIT_HZ * CALIBRATE_MS / 1000;
    u64 start, end;

    /* Channel 2 gate on, speaker off (port 0x61 bits 0 and 1). */
    outb((inb(0x61) & ~0x02) | 0x01, 0x61);
    /* Channel 2, lobyte/hibyte, mode 0 (interrupt on terminal count). */
    outb(0xb0, 0x43);
    outb(count & 0xff, 0x42);
    outb(count >> 8, 0x42);

    start = rdtsc();
    while ( !(inb(0x61) & 0x20) )   /* OUT2 goes high at terminal count */
        cpu_relax();
    end = rdtsc();
    return end - start;
}

void init_tsc_calibration(void)
{
    u64 ticks = calibrate_against_pit();
    u64 hz = ticks * (1000 / CALIBRATE_MS);

    cpu_khz = hz / 1000;
    if ( !cpu_khz )
        panic("TSC calibration failed: the TSC does not advance");
    boot_tsc = rdtsc();

    /*
     * Pick mul/shift so that ns = (tsc * mul) >> (32 - shift) keeps 32
     * bits of precision: mul = 10^9 * 2^(32 - shift) / hz, with the
     * smallest shift that keeps mul below 2^32.
     */
    for ( tsc_to_ns_shift = 0; tsc_to_ns_shift < 32; tsc_to_ns_shift++ )
    {
        u64 mul = (1000000000ULL << (32 - tsc_to_ns_shift)) / hz;

        if ( mul <= 0xffffffffULL )
        {
            tsc_to_ns_mul = mul;
            break;
        }
    }

    printk("Detected %lu.%03lu MHz processor.\n", cpu_khz / 1000,
           cpu_khz % 1000);
}

s_time_t tsc_to_stime(u64 tsc)
{
    u64 delta = tsc - boot_tsc;

    return (s_time_t)(((unsigned __int128)delta * tsc_to_ns_mul) >>
                      (32 - tsc_to_ns_shift));
}

s_time_t NOW(void)
{
    return tsc_to_stime(rdtsc());
}

void time_pvclock_params(u32 *mul, s8 *shift)
{
    *mul = tsc_to_ns_mul;
    *shift = tsc_to_ns_shift;
}

/*
 * The CMOS real-time clock (ports 0x70/0x71), read once at boot to give
 * guests their wall clock.  We wait for the end of an update cycle and
 * accept two identical consecutive reads.
 */
u64 boot_wallclock_sec;
static u32 boot_wallclock_nsec;
static DEFINE_SPINLOCK(wallclock_lock);

/*
 * Copies the wall clock into d's shared_info, with wc_version odd while
 * the fields change, so that a reader retries across an update.
 */
void domain_update_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    unsigned long flags;

    spin_lock_irqsave(&wallclock_lock, flags);
    WRITE_ONCE(s->wc_version, s->wc_version + 1);
    smp_wmb();
    s->wc_sec = (u32)boot_wallclock_sec;
    s->wc_sec_hi = boot_wallclock_sec >> 32;
    s->wc_nsec = boot_wallclock_nsec;
    smp_wmb();
    WRITE_ONCE(s->wc_version, s->wc_version + 1);
    spin_unlock_irqrestore(&wallclock_lock, flags);
}

void settime(u64 secs, u32 nsecs, s_time_t system_time)
{
    u64 ns = secs * NSEC_PER_SEC + nsecs - system_time;
    unsigned long flags;
    struct domain *d;

    /* The wall clock at system time 0, which every domain is given. */
    spin_lock_irqsave(&wallclock_lock, flags);
    boot_wallclock_sec = ns / NSEC_PER_SEC;
    boot_wallclock_nsec = ns % NSEC_PER_SEC;
    spin_unlock_irqrestore(&wallclock_lock, flags);

    for_each_domain ( d )
        domain_update_wallclock(d);
}

static unsigned int cmos_read(unsigned int reg)
{
    outb(reg, 0x70);
    return inb(0x71);
}

static unsigned int bcd(unsigned int v, bool binary)
{
    return binary ? v : (v & 15) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static u64 days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
    static const unsigned int before[] = {
        0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
    };
    u64 days = (u64)(y - 1970) * 365 + before[m - 1] + d - 1;

    days += (y - 1969) / 4 - (y - 1901) / 100 + (y - 1601) / 400;
    if ( m > 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) )
        days++;
    return days;
}

void init_wallclock(void)
{
    unsigned int sec, min, hour, day, mon, year, b, tries = 0;
    unsigned int prev[6] = { ~0U };
    bool binary, h12;

    do {
        while ( (cmos_read(0x0a) & 0x80) && ++tries < 1000000 )
            cpu_relax();
        sec = cmos_read(0x00);
        min = cmos_read(0x02);
        hour = cmos_read(0x04);
        day = cmos_read(0x07);
        mon = cmos_read(0x08);
        year = cmos_read(0x09);
        if ( prev[0] == sec && prev[1] == min && prev[2] == hour &&
             prev[3] == day && prev[4] == mon && prev[5] == year )
            break;
        prev[0] = sec; prev[1] = min; prev[2] = hour;
        prev[3] = day; prev[4] = mon; prev[5] = year;
    } while ( ++tries < 2000000 );

    b = cmos_read(0x0b);
    binary = b & 4;
    h12 = !(b & 2);
    sec = bcd(sec, binary);
    min = bcd(min, binary);
    day = bcd(day, binary);
    mon = bcd(mon, binary);
    year = bcd(year, binary) + 2000;
    if ( h12 && (hour & 0x80) )
        hour = (bcd(hour & 0x7f, binary) % 12) + 12;
    else
        hour = bcd(hour & 0x7f, binary);

    if ( mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 ||
         min > 59 || sec > 60 )
    {
        printk(XENLOG_WARNING "RTC: implausible time; wall clock at 0\n");
        return;
    }
    boot_wallclock_sec = days_since_epoch(year, mon, day) * 86400 +
                         hour * 3600 + min * 60 + sec -
                         (u64)(NOW() / 1000000000);
    printk("RTC: %04u-%02u-%02u %02u:%02u:%02u UTC\n", year, mon, day,
           hour, min, sec);
}

/*
 * The inverse of tsc_to_stime(): the first TSC count (relative to boot)
 * at which NOW() reads at least ns.  It must round up and use the very
 * same scale as NOW(): a deadline even slightly early makes the timer
 * interrupt find nothing due and re-arm for a time already past, and the
 * CPU spins in that loop instead of running its guest.  Computed as
 * ceil((ns << (32 - shift)) / mul) by long division in 32-bit limbs, as
 * there is no 128-bit division in the kernel.
 */
u64 ns_to_tsc(s_time_t ns)
{
    unsigned int k = 32 - tsc_to_ns_shift;
    u64 hi, lo, q_hi, q_lo, r;

    if ( ns <= 0 )
        return 0;
    /* N = ns << k as hi:lo (k <= 32, ns < 2^63). */
    hi = k ? (u64)ns >> (64 - k) : 0;
    lo = (u64)ns << k;

    /* Each step divides (r << 32 | 32 new bits), r < mul < 2^32. */
    q_hi = hi / tsc_to_ns_mul;
    r = hi % tsc_to_ns_mul;
    /* Two more 32-bit steps for the low word. */
    {
        u64 part = (r << 32) | (lo >> 32);
        u64 q1 = part / tsc_to_ns_mul;

        r = part % tsc_to_ns_mul;
        part = (r << 32) | (lo & 0xffffffffU);
        q_lo = (q1 << 32) | (part / tsc_to_ns_mul);
        r = part % tsc_to_ns_mul;
    }
    if ( q_hi )
        return ~0ULL;                   /* beyond any TSC: never */
    return q_lo + (r != 0);
}

void udelay(unsigned long usecs)
{
    u64 end = rdtsc() + (u64)usecs * cpu_khz / 1000;

    while ( (s64)(rdtsc() - end) < 0 )
        cpu_relax();
}

void mdelay(unsigned long msecs)
{
    udelay(msecs * 1000);
}

static void timer_interrupt(struct cpu_user_regs *regs)
{
    raise_softirq(TIMER_SOFTIRQ);
}

void reprogram_timer(s_time_t deadline)
{
    u64 ticks = deadline ? ns_to_tsc(deadline) : 0;

    /*
     * Kept for the HVM entry path, which arms a guest-mode timer for the
     * same instant (a guest may run with interrupts off).
     */
    this_cpu_info()->timer_deadline_tsc =
        !deadline ? 0 : ticks > ~0ULL - boot_tsc ? ~0ULL : boot_tsc + ticks;

    if ( tsc_deadline )
    {
        /* Writing 0 disarms the deadline timer; never wrap past it. */
        wrmsr(MSR_IA32_TSC_DEADLINE, this_cpu_info()->timer_deadline_tsc);
        return;
    }

    if ( !deadline )
    {
        apic_write(APIC_TMICT, 0);
        return;
    }

    s_time_t delta = deadline - NOW();
    u64 count;

    if ( delta < MICROSECS(1) )
        delta = MICROSECS(1);
    count = (u64)(delta / 1000000) * apic_timer_per_ms +
            (u64)(delta % 1000000) * apic_timer_per_ms / 1000000;
    if ( count == 0 )
        count = 1;
    if ( count > 0xffffffffULL )
        count = 0xffffffffULL;       /* fires early; the heap re-arms */
    apic_write(APIC_TMICT, count);
}

/* One-shot mode only: APIC timer ticks per ms, measured with the TSC. */
static u64 calibrate_apic_timer(void)
{
    u64 tsc_end;
    u32 left;

    apic_write(APIC_TDCR, 0xb);                 /* divide by 1 */
    apic_write(APIC_LVTT, APIC_LVT_MASKED | TIMER_VECTOR);
    apic_write(APIC_TMICT, 0xffffffffU);
    tsc_end = rdtsc() + cpu_khz * 10;           /* 10 ms */
    while ( (s64)(rdtsc() - tsc_end) < 0 )
        cpu_relax();
    left = apic_read(APIC_TMCCT);
    apic_write(APIC_TMICT, 0);
    return (0xffffffffULL - left) / 10;
}

void init_apic_timer(void)
{
    if ( smp_processor_id() == 0 )
    {
        tsc_deadline = cpuid_ecx(1) & (1U << 24);
        if ( !tsc_deadline )
        {
            apic_timer_per_ms = calibrate_apic_timer();
            if ( !apic_timer_per_ms )
                panic("Local APIC timer does not count");
        }
        set_irq_handler(TIMER_VECTOR, timer_interrupt);
        printk("Timer: local APIC in %s mode\n",
               tsc_deadline ? "TSC-deadline" : "one-shot");
    }
    else if ( !tsc_deadline )
        apic_write(APIC_TDCR, 0xb);

    apic_write(APIC_LVTT, TIMER_VECTOR |
               (tsc_deadline ? APIC_TIMER_TSC_DEADLINE : APIC_TIMER_ONESHOT));
}
