/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs.
 *
 * Field legend: (c) set at creation and constant afterwards; (l) under
 * the domain's lock; (s) owned by the scheduler of v->processor;
 * (a) updated atomically.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/domain.h>
#include <asm/percpu.h>
#include <public/event_channel.h>
#include <public/vcpu.h>
#include <public/xen.h>

#define MAX_VIRT_CPUS   64
#define DOMID_MAX       (DOMID_FIRST_RESERVED - 1)

/* pause_flags bits: reasons a vCPU may not run. */
#define _VPF_blocked    0       /* waiting for an event (HLT, SCHEDOP_block) */
#define _VPF_down       1       /* not brought up / VCPUOP_down */
#define VPF_blocked     (1UL << _VPF_blocked)
#define VPF_down        (1UL << _VPF_down)

struct domain;
struct evtchn;
struct foreign_map;
struct grant_table;
struct xencons_interface;

struct vcpu {
    unsigned int vcpu_id;               /* (c) */
    struct domain *domain;              /* (c) */
    unsigned int processor;             /* (s) pCPU it runs or queues on */

    unsigned long pause_flags;          /* (a) VPF_* */
    unsigned int pause_count;           /* (a) explicit pauses */
    bool is_running;                    /* (s) loaded on its pCPU now */
    bool is_idle;                       /* (c) a pCPU's idle vCPU */

    struct vcpu *runq_next;             /* (s) run-queue linkage */
    bool on_runq;                       /* (s) */
    s_time_t slice_start;               /* (s) */
    s_time_t runtime;                   /* (s) total time run, ns */

    struct vcpu_info *vcpu_info;        /* where the guest wants it */
    mfn_t vcpu_info_mfn;                /* INVALID_MFN: in shared_info */
    /* (d->event_lock) port of each VIRQ bound here, 0 if none. */
    evtchn_port_t virq_to_evtchn[NR_VIRQS];

    u64 nr_exits;
    u64 nr_hypercalls;
    u64 nr_upcalls;                     /* callback vectors injected */

    bool is_initialised;                /* has a register state to run */

    /* SCHEDOP_poll: blocked until one of its ports is pending. */
    bool poll_active;
    int poll_port;                      /* the one port, or -1: any */
    struct timer poll_timer;

    /* Guest timers (VCPUOP_set_*_timer, set_timer_op): fire VIRQ_TIMER. */
    struct timer singleshot_timer;
    struct timer periodic_timer;
    s_time_t periodic_period;

    struct vcpu_runstate_info runstate; /* (s) */
    unsigned long runstate_guest;       /* registered area (gva), or 0 */
    bool runstate_dirty;                /* copy to the guest at entry */
    bool time_dirty;                    /* refresh pvclock at entry */

    struct arch_vcpu arch;
};

struct domain {
    domid_t domain_id;                  /* (c) */
    bool is_privileged;                 /* (c) may control others */
    bool is_hardware_domain;            /* (c) dom0: owns the machine */

    spinlock_t lock;
    bool is_dying;                      /* (l) being torn down */
    bool is_shutting_down;              /* (l) */
    unsigned int shutdown_code;         /* (l) SHUTDOWN_* */
#define SHUTDOWN_CODE_NONE (~0U)
    unsigned int pause_count;           /* (a) */
    unsigned int controller_pause_count; /* (l) XEN_DOMCTL_pausedomain */
    u8 handle[16];                      /* the toolstack's UUID */

    unsigned int max_vcpus;             /* (c) */
    struct vcpu **vcpu;                 /* (c) array of max_vcpus */

    spinlock_t page_alloc_lock;
    struct page_info *page_list;        /* pages the domain owns */
    unsigned long tot_pages;            /* (page_alloc_lock) */
    unsigned long max_pages;            /* (c) */
    unsigned long xenheap_pages;        /* heap pages held on its behalf */

    /* Other domains' frames mapped in this one's physmap (physmap.c). */
    spinlock_t foreign_lock;
    struct foreign_map *foreign;        /* (foreign_lock) */
    unsigned int nr_foreign, max_foreign;

    unsigned long vm_assist;            /* VMASST_TYPE_* bits enabled */
    struct shared_info *shared_info;    /* a xenheap page */
    struct evtchn *evtchn;              /* (event_lock) port table */
    unsigned int max_evtchns;           /* (event_lock) its length */
    spinlock_t event_lock;              /* see xen/event.h */
    struct grant_table *grant_table;    /* see xen/grant_table.h */

    /* console_io output, line-buffered so lines carry the prefix. */
    spinlock_t console_lock;
    char console_buf[256];
    unsigned int console_len;
    /* Its console ring, when the hypervisor serves it (console_ring.c). */
    struct xencons_interface *console_ring;     /* a xenheap page */
    evtchn_port_t console_port;
    bool console_ring_broken;           /* warned once about bad indices */

    struct domain *next_in_list;
    struct arch_domain arch;
};

extern struct domain *domain_list;
extern struct domain *hardware_domain;

#define for_each_domain(d) \
    for ( (d) = domain_list; (d); (d) = (d)->next_in_list )
#define for_each_vcpu(d, v)                                             \
    for ( unsigned int vi__ = 0; vi__ < (d)->max_vcpus; vi__++ )        \
        if ( ((v) = (d)->vcpu[vi__]) != NULL )

/* The vCPU running on this pCPU (an idle vCPU when no guest runs). */
#define current (this_cpu_info()->curr_vcpu)

static inline bool is_idle_vcpu(const struct vcpu *v)
{
    return v->is_idle;
}

static inline bool vcpu_runnable(const struct vcpu *v)
{
    return !(READ_ONCE(v->pause_flags) | READ_ONCE(v->pause_count) |
             READ_ONCE(v->domain->pause_count));
}

/* Domain lifecycle (common/domain.c). */
struct domain *domain_create(domid_t domid, bool privileged,
                             unsigned int max_vcpus, int *errp);
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);
struct domain *get_domain_by_id(domid_t domid);
/* DOMID_SELF/own id, or another domain if privileged; else *err set. */
struct domain *get_target_domain(domid_t domid, long *err);
void domain_shutdown(struct domain *d, unsigned int reason);
void domain_crash_fn(struct domain *d, const char *fmt, ...)
    __printf(2, 3);
#define domain_crash(d, fmt, ...) domain_crash_fn(d, fmt, ##__VA_ARGS__)
/* Tears d down; false if it was already dying (someone else does). */
bool domain_destroy(struct domain *d);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
const char *shutdown_reason_name(unsigned int reason);

/* Scheduler (common/schedule.c). */
void scheduler_init(void);
void sched_init_cpu(unsigned int cpu);
void sched_add_vcpu(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
void vcpu_block(void);
void vcpu_sleep(struct vcpu *v);
void vcpu_yield(void);
/* Makes v notice new events soon: wakes it, or kicks it out of guest. */
void vcpu_kick(struct vcpu *v);
void vcpu_mark_events_pending(struct vcpu *v);
/* Events pending for v that would wake it from HLT/SCHEDOP_block. */
bool local_events_need_delivery(const struct vcpu *v);
void vcpu_runstate_change(struct vcpu *v, int new_state, s_time_t now);

/* vCPU timers and time (common/vcpu.c). */
void vcpu_init_timers(struct vcpu *v);
void vcpu_kill_timers(struct vcpu *v);
void update_vcpu_system_time(struct vcpu *v);
/*
 * Sets v's registers from a struct vcpu_hvm_context at ctx in the
 * caller's memory (VCPUOP_initialise's HVM form).  0 or -errno.
 */
long vcpu_set_hvm_context(struct vcpu *v, unsigned long ctx);
/* Port became pending in d: wake vCPUs polling on it (SCHEDOP_poll). */
void evtchn_wake_pollers(struct domain *d, unsigned int port);
void schedule(void);
void __noreturn start_scheduling(void);

#endif /* XEN_SCHED_H */
