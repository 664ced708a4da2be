/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The error numbers hypercalls return (negated): Xen's public values,
 * which match Linux on x86.
 */
#ifndef GUEST_ERRNO_H
#define GUEST_ERRNO_H

/* The numbers are the hypervisor's own (the public ABI values). */
#include <xen/errno.h>

/* Hypercalls fail with -1 .. -MAX_ERRNO; anything below is a value. */
#define MAX_ERRNO       4095

/* "EFAULT" for 14 (or -14), NULL for numbers without a name. */
const char *errno_name(long err);

#endif /* GUEST_ERRNO_H */
