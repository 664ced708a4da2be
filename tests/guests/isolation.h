/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the isolation watch kernel (isolation.c, dom0) and its attackers
 * (attack.c, fuzz-domu.c: boot-time domUs) agree on without any other
 * channel.
 *
 * Every attacker but the fuzzer offers its first free port, 1, to dom0
 * as its control port; a flooder offers port 2 as well, which dom0 binds
 * and keeps masked.  dom0 retries binding them until they exist.  On the
 * control port:
 *
 *   dom0 -> domU   event 1: "go" (attack now); event 2: "stop" (a
 *                  flooder stops, reports and answers)
 *   domU -> dom0   one event once the domU has printed a passing result
 *                  line; a domU that failed closes the port instead, so
 *                  that dom0's end becomes unbound
 *
 * The fuzzer (fuzz.c as it is, run by fuzz-domu.c) cannot keep a port
 * through 10^5 random hypercalls, any of which may close or send on its
 * ports.  Instead dom0 offers it its own last port, a number the fuzzer's
 * own port numbers never reach, so that the random calls cannot bind it
 * by chance: once it has printed its result line, passing or not, the
 * fuzzer binds that port and sends one event.
 */
#ifndef ISOLATION_H
#define ISOLATION_H

#include <guest/test.h>
#include <guest/time.h>
#include <public/arch-x86/cpuid.h>

/* A boot-time domU's port 1 is its console ring's: these come next. */
#define ATTACK_CONTROL_PORT     2
#define ATTACK_FLOOD_PORT       3

#define ATTACK_EVENT_GO         1
#define ATTACK_EVENT_STOP       2

/* How long a domU waits for "go" before it gives up. */
#define ATTACK_GO_TIMEOUT_NS    (120 * NSEC_PER_SEC)

/* The 2-level ABI's ports: 1 to 1023 usable (0 is never handed out). */
#define ISOLATION_NR_PORTS      1024

/* Xen's CPUID leaf 4 (base + 4): ECX is the domain id. */
#define XEN_CPUID_LEAF_HVM      4

static inline unsigned int my_domid(void)
{
    return cpuid(xen_cpuid_base + XEN_CPUID_LEAF_HVM).c;
}

#endif /* ISOLATION_H */
