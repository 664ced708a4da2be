/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Benchmark figures for the test kernels (lib/bench.c).
 *
 * A figure is a set of samples in guest TSC ticks, one per iteration of
 * a measurement loop.  bench_report() sorts them and prints one line
 *
 *   BENCH <name> n=<N> median=<m> p10=<a> p90=<b> unit=<unit>
 *
 * and a second with more of the distribution (and anything else the
 * caller has to say about the figure, as key=value words)
 *
 *   BENCH+ <name> min=<x> p1=<x> p25=<x> p75=<x> p99=<x> max=<x> [<extra>]
 *
 * which scripts/bench collects from the serial log.  Two lines, because
 * the hypervisor cuts guest console lines at 159 characters.  Each
 * percentile is a measured sample: percentile q is the
 * sample of rank round(q * (N - 1) / 100) in ascending order (nearest
 * rank, no interpolation).
 */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#include <stdint.h>

/* The most samples one figure may take. */
#define BENCH_MAX_SAMPLES   8192

struct bench_stats {
    unsigned int n;
    int64_t min, p1, p10, p25, median, p75, p90, p99, max;
};

/* The TSC, read once earlier instructions have completed. */
static inline uint64_t bench_tsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "lfence; rdtsc" : "=a" (lo), "=d" (hi) :: "memory" );
    return ((uint64_t)hi << 32) | lo;
}

/* Sorts samples[0, n) in ascending order, in place. */
void bench_sort(int64_t *samples, unsigned int n);

/* Sorts the samples and fills in st (all zero if n is 0). */
void bench_stats(int64_t *samples, unsigned int n, struct bench_stats *st);

/*
 * bench_stats(), then the two lines above; extra (NULL for none) is
 * more "key=value" words about the figure.
 */
void bench_report(const char *name, const char *unit, int64_t *samples,
                  unsigned int n, const char *extra);

#endif /* GUEST_BENCH_H */
