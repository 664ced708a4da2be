/* SPDX-License-Identifier: GPL-2.0-only */
/* pvclock, wall clock and vCPU timers (see guest/time.h). */
#include <guest/atomic.h>
#include <guest/events.h>
#include <guest/smp.h>
#include <guest/time.h>

uint64_t pvclock_read(const struct vcpu_time_info *t, uint32_t *version)
{
    uint32_t v, mul;
    uint64_t tsc, stamp, system_time, delta;
    int8_t shift;

    for ( ; ; )
    {
        v = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
        if ( v & 1 )
        {
            cpu_relax();
            continue;
        }
        stamp = READ_ONCE(t->tsc_timestamp);
        system_time = READ_ONCE(t->system_time);
        mul = READ_ONCE(t->tsc_to_system_mul);
        shift = READ_ONCE(t->tsc_shift);
        tsc = rdtsc_ordered();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if ( __atomic_load_n(&t->version, __ATOMIC_RELAXED) == v )
            break;
    }

    delta = tsc - stamp;
    if ( shift < 0 )
        delta >>= -shift;
    else
        delta <<= shift;
    if ( version )
        *version = v;
    return system_time + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t now_ns(void)
{
    return pvclock_read(&vcpu_info_of(smp_processor_id())->time, NULL);
}

void spin_until(uint64_t until)
{
    while ( now_ns() < until )
        cpu_relax();
}

void wallclock_read(uint64_t *sec, uint32_t *nsec, uint32_t *version)
{
    const struct shared_info *s = shared_info;
    uint32_t v;

    do {
        while ( (v = __atomic_load_n(&s->wc_version, __ATOMIC_ACQUIRE)) & 1 )
            cpu_relax();
        *sec = ((uint64_t)READ_ONCE(s->wc_sec_hi) << 32) |
               READ_ONCE(s->wc_sec);
        *nsec = READ_ONCE(s->wc_nsec);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ( __atomic_load_n(&s->wc_version, __ATOMIC_RELAXED) != v );
    if ( version )
        *version = v;
}

long vcpu_set_singleshot(uint64_t timeout_abs_ns, uint32_t flags)
{
    struct vcpu_set_singleshot_timer t = {
        .timeout_abs_ns = timeout_abs_ns,
        .flags = flags,
    };

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer,
                              smp_processor_id(), &t);
}

long vcpu_stop_singleshot(void)
{
    return HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer,
                              smp_processor_id(), NULL);
}

long vcpu_set_periodic(uint64_t period_ns)
{
    struct vcpu_set_periodic_timer t = { .period_ns = period_ns };

    return HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, smp_processor_id(),
                              &t);
}

long vcpu_stop_periodic(void)
{
    return HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, smp_processor_id(),
                              NULL);
}
