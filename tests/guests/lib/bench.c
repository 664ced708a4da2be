/* SPDX-License-Identifier: GPL-2.0-only */
/* Sample statistics and the BENCH line (see guest/bench.h). */
#include <guest/bench.h>
#include <guest/lib.h>

static void swap(int64_t *a, int64_t *b)
{
    int64_t t = *a;

    *a = *b;
    *b = t;
}

/* Restores the max-heap property below root, within a[0, end). */
static void sift_down(int64_t *a, unsigned int root, unsigned int end)
{
    for ( ; ; )
    {
        unsigned int child = 2 * root + 1;

        if ( child >= end )
            return;
        if ( child + 1 < end && a[child] < a[child + 1] )
            child++;
        if ( a[root] >= a[child] )
            return;
        swap(&a[root], &a[child]);
        root = child;
    }
}

/* Heapsort: O(n log n) and no recursion, whatever the input. */
void bench_sort(int64_t *a, unsigned int n)
{
    unsigned int i;

    if ( n < 2 )
        return;
    for ( i = n / 2; i-- > 0; )
        sift_down(a, i, n);
    for ( i = n - 1; i > 0; i-- )
    {
        swap(&a[0], &a[i]);
        sift_down(a, 0, i);
    }
}

/* Nearest rank: the sample of rank round(pct * (n - 1) / 100). */
static int64_t percentile(const int64_t *sorted, unsigned int n,
                          unsigned int pct)
{
    return sorted[((uint64_t)(n - 1) * pct + 50) / 100];
}

void bench_stats(int64_t *samples, unsigned int n, struct bench_stats *st)
{
    memset(st, 0, sizeof(*st));
    if ( !n )
        return;
    bench_sort(samples, n);
    st->n = n;
    st->min = samples[0];
    st->p1 = percentile(samples, n, 1);
    st->p10 = percentile(samples, n, 10);
    st->p25 = percentile(samples, n, 25);
    st->median = percentile(samples, n, 50);
    st->p75 = percentile(samples, n, 75);
    st->p90 = percentile(samples, n, 90);
    st->p99 = percentile(samples, n, 99);
    st->max = samples[n - 1];
}

void bench_report(const char *name, const char *unit, int64_t *samples,
                  unsigned int n, const char *extra)
{
    struct bench_stats st;

    bench_stats(samples, n, &st);
    printk("BENCH %s n=%u median=%ld p10=%ld p90=%ld unit=%s\n", name, st.n,
           (long)st.median, (long)st.p10, (long)st.p90, unit);
    printk("BENCH+ %s min=%ld p1=%ld p25=%ld p75=%ld p99=%ld max=%ld%s%s\n",
           name, (long)st.min, (long)st.p1, (long)st.p25, (long)st.p75,
           (long)st.p99, (long)st.max, extra ? " " : "", extra ? extra : "");
}
