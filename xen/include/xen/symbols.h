/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

#define SYMBOL_BUF 96

/* Formats addr as "name+0xoff/0xsize" (or "??") into buf; returns buf. */
const char *symbols_lookup(unsigned long addr, char *buf, size_t size);

#endif /* XEN_SYMBOLS_H */
