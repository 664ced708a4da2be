/* SPDX-License-Identifier: GPL-2.0-only */
/* libxenctrl's internals, shared by its files. */
#ifndef XC_PRIVATE_H
#define XC_PRIVATE_H

#include "xenctrl.h"

struct xc_interface {
    const struct xc_backend *be;
    void *priv;
};

/* A bounce buffer: backend memory, a whole number of pages. */
struct xc_bounce {
    void *p;
    size_t size;
};

int xc_bounce_alloc(xc_interface *xch, struct xc_bounce *b, size_t len);
void xc_bounce_free(xc_interface *xch, struct xc_bounce *b);

#endif /* XC_PRIVATE_H */
