/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for what guest-facing hypervisor code relies on: which
 * vCPU is current, the guest-memory copy helpers, and the arch hook that
 * makes a vCPU notice new events.
 *
 * A guest linear address is a host pointer here: tests pass
 * (unsigned long)&arg.  As with an unmapped page, an access fails with
 * -EFAULT if it touches the first page, wraps, or is made to fail with
 * the knobs in unit.h; nothing is copied then.
 */
#include "unit.h"

#include <xen/errno.h>
#include <xen/event.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>

struct cpu_info cpu_info_area[NR_CPUS];
unsigned int unit_cpu;

bool unit_guest_fault;
bool unit_guest_readonly;
unsigned int unit_guest_fail_at;
unsigned int unit_guest_accesses;

unsigned int unit_events_marked;
struct vcpu *unit_events_marked_last;
unsigned int unit_pollers_woken;

static void __attribute__((__constructor__)) cpu_info_init(void)
{
    for ( unsigned int i = 0; i < NR_CPUS; i++ )
    {
        cpu_info_area[i].self = &cpu_info_area[i];
        cpu_info_area[i].cpu_id = i;
    }
}

void unit_set_current(struct vcpu *v)
{
    this_cpu_info()->curr_vcpu = v;
}

static int guest_access(unsigned long gva, size_t len, bool write)
{
    unit_guest_accesses++;
    if ( unit_guest_fault || (write && unit_guest_readonly) ||
         unit_guest_accesses == unit_guest_fail_at )
        return -EFAULT;
    if ( gva < PAGE_SIZE || gva + len < gva )
        return -EFAULT;
    return 0;
}

int hvm_copy_from_guest(void *dst, unsigned long gva, size_t len)
{
    int rc = guest_access(gva, len, false);

    if ( !rc )
        memcpy(dst, (const void *)gva, len);
    return rc;
}

int hvm_copy_to_guest(unsigned long gva, const void *src, size_t len)
{
    int rc = guest_access(gva, len, true);

    if ( !rc )
        memcpy((void *)gva, src, len);
    return rc;
}

int hvm_check_guest_range(unsigned long gva, size_t len, bool write)
{
    return guest_access(gva, len, write);
}

/* Weak: a test that links the real scheduler gets the real hook. */
void __attribute__((__weak__)) vcpu_mark_events_pending(struct vcpu *v)
{
    unit_events_marked++;
    unit_events_marked_last = v;
}

/* Weak: polling vCPUs belong to the real scheduler. */
void __attribute__((__weak__)) evtchn_wake_pollers(struct domain *d,
                                                    unsigned int port)
{
    unit_pollers_woken++;
}
