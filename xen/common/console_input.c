/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Serial input: as in Xen, it goes to the hardware domain's console
 * (CONSOLEIO_read, announced by VIRQ_CONSOLE) until the switch character
 * is typed three times in a row, which hands it to the hypervisor's
 * debug keys, and back again.  "conswitch=<c>[x]" picks CTRL-<c> as the
 * switch (default CTRL-a); an 'x' after it keeps input with the
 * hypervisor when dom0 starts.
 *
 * Bytes for dom0 wait in a small ring until it reads them; when dom0
 * does not keep up, new bytes are dropped (and counted), never old ones
 * overwritten, so what it reads is always a prefix of what was typed.
 */
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

#define INPUT_RING_SIZE 1024U           /* a power of two */

static char input_ring[INPUT_RING_SIZE];
static unsigned int input_prod, input_cons;     /* free-running */
static unsigned long input_dropped;
static DEFINE_SPINLOCK(input_lock);

static char switch_char = 'a';
static bool input_to_xen = true;        /* until dom0 exists */
static bool keep_with_xen;
static unsigned int switch_count;

static int __init parse_conswitch(const char *s)
{
    if ( *s < 'a' || *s > 'z' || (s[1] && strcmp(s + 1, "x")) )
        return -EINVAL;
    switch_char = *s;
    keep_with_xen = s[1] == 'x';
    return 0;
}
custom_param("conswitch", parse_conswitch);

static void announce(void)
{
    printk("*** Serial input to %s (type 'CTRL-%c' three times to switch "
           "input)\n", input_to_xen ? "Xen" : "DOM0", switch_char);
}

void console_input_start(void)
{
    input_to_xen = keep_with_xen;
    announce();
}

/* Caller holds input_lock. */
static bool ring_put(char c)
{
    if ( input_prod - input_cons == INPUT_RING_SIZE )
    {
        input_dropped++;
        return false;
    }
    input_ring[input_prod++ & (INPUT_RING_SIZE - 1)] = c;
    return true;
}

void console_input_char(char c)
{
    unsigned long flags;
    bool queued;

    if ( c == switch_char - 'a' + 1 )
    {
        if ( ++switch_count == 3 )
        {
            switch_count = 0;
            input_to_xen = !input_to_xen;
            announce();
        }
        return;
    }
    switch_count = 0;

    if ( input_to_xen || !hardware_domain )
    {
        handle_keypress(c);
        return;
    }

    spin_lock_irqsave(&input_lock, flags);
    queued = ring_put(c);
    spin_unlock_irqrestore(&input_lock, flags);
    if ( queued )
        send_guest_global_virq(hardware_domain, VIRQ_CONSOLE);
}

size_t console_input_read(char *buf, size_t len)
{
    unsigned long flags;
    size_t n = 0;

    spin_lock_irqsave(&input_lock, flags);
    while ( n < len && input_cons != input_prod )
        buf[n++] = input_ring[input_cons++ & (INPUT_RING_SIZE - 1)];
    spin_unlock_irqrestore(&input_lock, flags);
    return n;
}

unsigned long console_input_dropped(void)
{
    return input_dropped;
}
