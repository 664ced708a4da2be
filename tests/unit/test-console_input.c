/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Serial input routing (xen/common/console_input.c): bytes go to the
 * debug keys until dom0 runs, then to dom0's queue with VIRQ_CONSOLE,
 * CTRL-a three times in a row switches (and is itself swallowed), the
 * queue drops new bytes rather than old ones when full, and reads come
 * out in order.
 */
#include "unit.h"

#include <xen/console.h>
#include <xen/event.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>

/* The hypervisor's side of what console_input.c calls. */
struct domain *hardware_domain;
static struct domain dom0;
static char keys[64];
static unsigned int nr_keys, nr_virqs;

void handle_keypress(unsigned char key)
{
    if ( nr_keys < sizeof(keys) )
        keys[nr_keys++] = key;
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
    assert_ptr_equal(d, &dom0);
    assert_int_equal(virq, VIRQ_CONSOLE);
    nr_virqs++;
}

#include "../../xen/common/console_input.c"

#define CTRL_A  1

static int setup(void **state)
{
    char drain[INPUT_RING_SIZE];

    hardware_domain = NULL;
    input_to_xen = true;
    keep_with_xen = false;
    switch_char = 'a';
    switch_count = 0;
    console_input_read(drain, sizeof(drain));
    input_dropped = 0;
    nr_keys = nr_virqs = 0;
    unit_log_reset();
    return 0;
}

static void feed(const char *s)
{
    while ( *s )
        console_input_char(*s++);
}

static void test_before_dom0(void **state)
{
    char buf[8];

    /* No dom0 yet: every byte is a debug key, none queued. */
    feed("hq");
    assert_int_equal(nr_keys, 2);
    assert_memory_equal(keys, "hq", 2);
    assert_int_equal(console_input_read(buf, sizeof(buf)), 0);
    assert_int_equal(nr_virqs, 0);
}

static void test_to_dom0(void **state)
{
    char buf[16];

    hardware_domain = &dom0;
    console_input_start();
    assert_log_contains("Serial input to DOM0");
    feed("ls\r");
    assert_int_equal(nr_keys, 0);
    assert_int_equal(nr_virqs, 3);
    assert_int_equal(console_input_read(buf, 2), 2);
    assert_memory_equal(buf, "ls", 2);
    assert_int_equal(console_input_read(buf, sizeof(buf)), 1);
    assert_int_equal(buf[0], '\r');
    assert_int_equal(console_input_read(buf, sizeof(buf)), 0);
}

static void test_switch(void **state)
{
    char sw[] = { CTRL_A, CTRL_A, CTRL_A, 'h', 0 };
    char two[] = { CTRL_A, CTRL_A, 'x', 0 };
    char buf[8];

    hardware_domain = &dom0;
    console_input_start();

    /* Three in a row: to the hypervisor, swallowed; 'h' is a key. */
    feed(sw);
    assert_log_contains("Serial input to Xen");
    assert_int_equal(nr_keys, 1);
    assert_int_equal(keys[0], 'h');
    assert_int_equal(console_input_read(buf, sizeof(buf)), 0);

    /* Two, then something else: the count starts again, no switch. */
    feed(two);
    assert_int_equal(nr_keys, 2);
    assert_int_equal(keys[1], 'x');

    /* And back. */
    feed(sw);
    assert_int_equal(unit_log_count("Serial input to DOM0"), 2);
    assert_int_equal(console_input_read(buf, sizeof(buf)), 1);
    assert_int_equal(buf[0], 'h');
}

static void test_full_queue(void **state)
{
    static char big[INPUT_RING_SIZE + 1];
    char buf[INPUT_RING_SIZE + 16];

    hardware_domain = &dom0;
    console_input_start();
    for ( unsigned int i = 0; i < INPUT_RING_SIZE + 10; i++ )
        console_input_char('a' + i % 26);
    /* The first INPUT_RING_SIZE kept, the rest dropped and counted. */
    assert_int_equal(console_input_dropped(), 10);
    assert_int_equal(nr_virqs, INPUT_RING_SIZE);
    assert_int_equal(console_input_read(buf, sizeof(buf)),
                     INPUT_RING_SIZE);
    for ( unsigned int i = 0; i < INPUT_RING_SIZE; i++ )
        big[i] = 'a' + i % 26;
    assert_memory_equal(buf, big, INPUT_RING_SIZE);
    /* Room again. */
    console_input_char('z');
    assert_int_equal(console_input_read(buf, 1), 1);
    assert_int_equal(buf[0], 'z');
}

static void test_conswitch_option(void **state)
{
    char sw[] = { 2, 2, 2, 0 };     /* CTRL-b */

    assert_int_equal(parse_conswitch("bx"), 0);
    assert_int_equal(switch_char, 'b');
    hardware_domain = &dom0;
    console_input_start();
    /* 'x': input stays with the hypervisor when dom0 starts. */
    assert_log_contains("Serial input to Xen");
    feed("e");
    assert_int_equal(nr_keys, 1);
    feed(sw);
    assert_log_contains("type 'CTRL-b' three times");
    assert_log_contains("Serial input to DOM0");

    assert_int_equal(parse_conswitch("B"), -EINVAL);
    assert_int_equal(parse_conswitch("ab"), -EINVAL);
    assert_int_equal(parse_conswitch(""), -EINVAL);
    assert_int_equal(switch_char, 'b');     /* unchanged by the bad ones */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_before_dom0, setup),
        cmocka_unit_test_setup(test_to_dom0, setup),
        cmocka_unit_test_setup(test_switch, setup),
        cmocka_unit_test_setup(test_full_queue, setup),
        cmocka_unit_test_setup(test_conswitch_option, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
