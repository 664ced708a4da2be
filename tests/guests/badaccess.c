/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reads guest-physical 0xc0000000: mapped by the kernel's own identity
 * page tables, but beyond its RAM, so the access exits with an EPT
 * violation the hypervisor cannot satisfy, and it must crash the domain.
 * Any other outcome is a failure.
 */
#include <guest/test.h>

#ifndef ABI_PHYS32
#error "badaccess relies on the PHYS32 kernel's identity map of 4 GiB"
#endif

const char test_name[] = "badaccess";

#define BAD_GPA 0xc0000000UL

void test_main(void)
{
    const volatile uint32_t *p = (const volatile uint32_t *)BAD_GPA;
    uint32_t v;

    printk("badaccess: touching %#lx\n", BAD_GPA);
    v = *p;

    printk("badaccess: read %#x from %#lx\n", v, BAD_GPA);
    printk("RESULT: badaccess FAIL (read returned)\n");
    shutdown_domain(SHUTDOWN_poweroff);
    halt_forever();
}
