/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A 64-bit PVH kernel whose FEATURES note lacks hvm_callback_vector.
 * The domain builder must refuse it (and the boot test expects the
 * hypervisor to say so), so if this ever runs, that is the failure.
 */
#include <guest/test.h>

const char test_name[] = "nofeature";

void test_main(void)
{
    test_fail("started although the FEATURES note lacks "
              "hvm_callback_vector");
}
