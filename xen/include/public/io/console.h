/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring: one shared page per domain, named to the guest by
 * HVM_PARAM_CONSOLE_PFN, signalled both ways on HVM_PARAM_CONSOLE_EVTCHN.
 * The guest produces into out[] and consumes from in[]; the backend does
 * the opposite.  Indices run freely and are reduced modulo the ring size
 * on use, so that prod - cons is the number of bytes queued.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include "../xen.h"

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];
    char out[2048];
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
