/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Common header for the libFuzzer targets.  They link the hypervisor's
 * own .c files against the unit-test shim (tests/unit/shim), so printk()
 * goes to a buffer and panic()/BUG() aborts, which the fuzzer reports as
 * a crash.  fuzz_check() does the same for a broken invariant.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define fuzz_check(cond) do {                                           \
    if ( !(cond) )                                                      \
    {                                                                   \
        fprintf(stderr, "%s:%d: check failed: %s\n",                    \
                __FILE__, __LINE__, #cond);                             \
        abort();                                                        \
    }                                                                   \
} while ( 0 )

/* Fails unless s[0 .. size) holds a NUL, i.e. s is a terminated string. */
#define fuzz_check_str(s) fuzz_check(memchr((s), '\0', sizeof(s)) != NULL)

#endif /* FUZZ_H */
