/* SPDX-License-Identifier: MIT */
#ifndef XEN_PUBLIC_HVM_HVM_OP_H
#define XEN_PUBLIC_HVM_HVM_OP_H

#include "../xen.h"

#define HVMOP_set_param         0
#define HVMOP_get_param         1
#define HVMOP_pagetable_dying   9
#define HVMOP_get_time          10

struct xen_hvm_param {
    domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};

#endif /* XEN_PUBLIC_HVM_HVM_OP_H */
