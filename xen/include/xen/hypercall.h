/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall handlers, as the dispatch table in hvm.c calls them.  Each
 * returns 0 or a positive value on success and -errno on failure.
 * Pointer arguments are guest linear addresses, reached only through
 * the copy helpers in <asm/hvm/guest_access.h>.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

long do_console_io(unsigned int cmd, unsigned long count,
                   unsigned long buffer);
long do_xen_version(unsigned int cmd, unsigned long arg);
long do_sched_op(unsigned int cmd, unsigned long arg);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_vcpu_op(unsigned int cmd, unsigned int vcpuid, unsigned long arg);
long do_hvm_op(unsigned long op, unsigned long arg);
long do_event_channel_op(int cmd, unsigned long arg);
long do_grant_table_op(unsigned int cmd, unsigned long uop,
                       unsigned int count);
long do_set_timer_op(u64 timeout);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_domctl(unsigned long arg);
long do_sysctl(unsigned long arg);
long do_platform_op(unsigned long arg);

#endif /* XEN_HYPERCALL_H */
