/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SERIAL_H
#define XEN_SERIAL_H

#include <xen/types.h>

struct ns16550_config {
    u16 io_base;
    u32 baud;           /* 0: keep what the firmware programmed */
    u8 data_bits;       /* 5..8 */
    char parity;        /* 'n', 'o', 'e', 'm' or 's' */
    u8 stop_bits;       /* 1 or 2 */
};

/* Parses Xen's "com1=" syntax: <baud>|auto[,DPS[,<io-base>]]. */
int ns16550_parse(const char *s, struct ns16550_config *cfg);
void ns16550_init(const struct ns16550_config *cfg);
void ns16550_putc(char c);
/* Waits until every byte written has left the UART. */
void ns16550_flush(void);
/* Returns a received byte, or -1 when none is waiting. */
int ns16550_getc(void);

#endif /* XEN_SERIAL_H */
