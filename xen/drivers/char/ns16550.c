/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Polled driver for an NS16550-compatible UART (COM1 by default).  The
 * console never depends on interrupts, so it works in the panic path.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/serial.h>
#include <asm/io.h>

#define UART_THR    0   /* transmit holding (DLAB = 0) */
#define UART_RBR    0   /* receive buffer (DLAB = 0) */
#define UART_DLL    0   /* divisor latch low (DLAB = 1) */
#define UART_IER    1
#define UART_DLM    1   /* divisor latch high (DLAB = 1) */
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define  LSR_DR     0x01
#define  LSR_THRE   0x20
#define  LSR_TEMT   0x40
#define  LCR_DLAB   0x80
#define UART_CLOCK_HZ 115200

static u16 uart_base;

int ns16550_parse(const char *s, struct ns16550_config *cfg)
{
    const char *e;

    if ( !strncmp(s, "auto", 4) )
    {
        cfg->baud = 0;
        s += 4;
    }
    else
    {
        cfg->baud = simple_strtoul(s, &e, 10);
        if ( e == s || cfg->baud < 50 || cfg->baud > UART_CLOCK_HZ )
            return -EINVAL;
        s = e;
    }
    if ( *s == '\0' )
        return 0;
    if ( *s++ != ',' )
        return -EINVAL;

    /* DPS: data bits, parity, stop bits, e.g. "8n1". */
    if ( *s && *s != ',' )
    {
        if ( s[0] < '5' || s[0] > '8' || !strchr("noems", s[1]) ||
             s[1] == '\0' || (s[2] != '1' && s[2] != '2') )
            return -EINVAL;
        cfg->data_bits = s[0] - '0';
        cfg->parity = s[1];
        cfg->stop_bits = s[2] - '0';
        s += 3;
    }
    if ( *s == '\0' )
        return 0;
    if ( *s++ != ',' )
        return -EINVAL;

    if ( *s )
    {
        unsigned long io = simple_strtoul(s, &e, 0);

        if ( e == s || io == 0 || io > 0xfff8 )
            return -EINVAL;
        cfg->io_base = io;
        s = e;
    }
    return *s == '\0' ? 0 : -EINVAL;
}

void ns16550_init(const struct ns16550_config *cfg)
{
    static const u8 parity_bits[] = {
        ['n'] = 0x00, ['o'] = 0x08, ['e'] = 0x18, ['m'] = 0x28, ['s'] = 0x38,
    };
    u8 lcr;

    uart_base = cfg->io_base;
    lcr = (cfg->data_bits - 5) | ((cfg->stop_bits - 1) << 2) |
          parity_bits[(unsigned char)cfg->parity];

    outb(0, uart_base + UART_IER);          /* polled: no interrupts */
    if ( cfg->baud )
    {
        unsigned int div = UART_CLOCK_HZ / cfg->baud;

        outb(lcr | LCR_DLAB, uart_base + UART_LCR);
        outb(div & 0xff, uart_base + UART_DLL);
        outb(div >> 8, uart_base + UART_DLM);
    }
    outb(lcr, uart_base + UART_LCR);
    outb(0x07, uart_base + UART_FCR);       /* enable and clear FIFOs */
    outb(0x03, uart_base + UART_MCR);       /* DTR, RTS */
}

void ns16550_putc(char c)
{
    unsigned int spins = 0;

    if ( !uart_base )
        return;
    /* A missing UART reads as 0xff; bound the wait so we never hang. */
    while ( !(inb(uart_base + UART_LSR) & LSR_THRE) && ++spins < 100000 )
        ;
    outb(c, uart_base + UART_THR);
}

int ns16550_getc(void)
{
    if ( !uart_base || !(inb(uart_base + UART_LSR) & LSR_DR) )
        return -1;
    return inb(uart_base + UART_RBR);
}

void ns16550_flush(void)
{
    unsigned int spins = 0;

    /* Transmitter empty: the last byte has left the shift register. */
    while ( uart_base && !(inb(uart_base + UART_LSR) & LSR_TEMT) &&
            ++spins < 1000000 )
        ;
}
