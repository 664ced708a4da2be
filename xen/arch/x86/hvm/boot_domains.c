/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domUs (see asm/boot_domains.h for the syntax).  They let
 * interdomain features be tested before a toolstack exists.  A module
 * that cannot be built is reported and skipped: dom0 still boots.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>
#include <xen/sched.h>
#include <asm/boot_domains.h>
#include <asm/dom0_build.h>
#include <asm/processor.h>

#define DEFAULT_DOMU_MEM    (32UL << 20)

struct domu_opts {
    unsigned long mem;
    unsigned int vcpus;
    const char *cmdline;
};

static bool is_domu_module(const struct boot_module *m)
{
    return !strncmp(m->cmdline, "domU", 4) &&
           (m->cmdline[4] == '\0' || m->cmdline[4] == ' ');
}

static bool is_domu_ramdisk(const struct boot_module *m)
{
    return !strcmp(m->cmdline, "domU-ramdisk");
}

static unsigned long parse_size(const char *s, const char **end)
{
    unsigned long v = simple_strtoul(s, end, 0);

    switch ( **end )
    {
    case 'G': case 'g': v <<= 30; (*end)++; break;
    case 'M': case 'm': v <<= 20; (*end)++; break;
    case 'K': case 'k': v <<= 10; (*end)++; break;
    }
    return v;
}

/* Parses the options after "domU"; -EINVAL names the bad word. */
static int parse_domu(const char *s, struct domu_opts *o)
{
    const char *e;

    o->mem = DEFAULT_DOMU_MEM;
    o->vcpus = 1;
    s += 4;
    for ( ; ; )
    {
        while ( *s == ' ' )
            s++;
        if ( !strncmp(s, "mem=", 4) )
        {
            o->mem = parse_size(s + 4, &e);
            if ( e == s + 4 || (*e && *e != ' ') || o->mem < (4UL << 20) )
                return -EINVAL;
            s = e;
        }
        else if ( !strncmp(s, "vcpus=", 6) )
        {
            o->vcpus = simple_strtoul(s + 6, &e, 10);
            if ( e == s + 6 || (*e && *e != ' ') || !o->vcpus ||
                 o->vcpus > MAX_VIRT_CPUS )
                return -EINVAL;
            s = e;
        }
        else
        {
            if ( !strncmp(s, "--", 2) && (s[2] == ' ' || !s[2]) )
                s += s[2] ? 3 : 2;
            o->cmdline = s;
            return 0;
        }
    }
}

/*
 * Benchmark figures for a domain build: the ticks it took, and what the
 * hypervisor spent on the domain beyond its RAM (heap pages, xmalloc),
 * with the EPT tables shown apart.
 */
static void report_build(struct domain *d, unsigned long mem, u64 ticks,
                         unsigned long heap_before, size_t xb_before,
                         size_t xb_after)
{
    unsigned long pages = heap_before - avail_heap_pages();
    unsigned long ept = d->arch.p2m.nr_table_pages;
    unsigned long over = (pages - d->tot_pages - ept) * PAGE_SIZE;

    printk("BENCH domain-build-%luMiB value=%lu unit=ticks\n", mem >> 20,
           (unsigned long)ticks);
    printk("BENCH domain-overhead-%luMiB value=%lu unit=bytes ept=%lu "
           "xmalloc=%lu\n", mem >> 20, over, ept * PAGE_SIZE,
           (unsigned long)(xb_after - xb_before));
}

void boot_domains_claim(const struct boot_info *bi, bool *claimed)
{
    for ( unsigned int i = 1; i < bi->nr_modules; i++ )
    {
        claimed[i] = is_domu_module(&bi->mods[i]) ||
                     is_domu_ramdisk(&bi->mods[i]);
        /* Not dom0's either: it was meant for a domU. */
        if ( is_domu_ramdisk(&bi->mods[i]) &&
             !is_domu_module(&bi->mods[i - 1]) )
            printk(XENLOG_WARNING "Boot module %u: domU-ramdisk does not "
                   "follow a domU module: ignored\n", i);
    }
}

void boot_domains_create(const struct boot_info *bi, const bool *claimed)
{
    domid_t next = 1;

    for ( unsigned int i = 1; i < bi->nr_modules; i++ )
    {
        struct pvh_build_args a = { .kernel = &bi->mods[i] };
        size_t xbytes_before, xbytes_after;
        unsigned long heap_before;
        u64 t0, t1;
        struct domu_opts o;
        struct domain *d;
        int rc;

        if ( !claimed[i] || !is_domu_module(&bi->mods[i]) )
            continue;
        if ( i + 1 < bi->nr_modules && is_domu_ramdisk(&bi->mods[i + 1]) )
        {
            a.mods[0] = &bi->mods[i + 1];
            a.nr_mods = 1;
        }
        if ( parse_domu(bi->mods[i].cmdline, &o) )
        {
            printk(XENLOG_ERR "Boot module %u: bad domU options in \"%s\": "
                   "skipped\n", i, bi->mods[i].cmdline);
            continue;
        }
        heap_before = avail_heap_pages();
        xmalloc_stats(&xbytes_before, NULL);
        t0 = rdtsc();
        d = domain_create(next, false, o.vcpus, &rc);
        if ( !d )
        {
            printk(XENLOG_ERR "Boot module %u: cannot create d%u (%d)\n", i,
                   next, rc);
            continue;
        }
        a.cmdline = o.cmdline;
        a.nr_pages = o.mem >> PAGE_SHIFT;
        rc = pvh_construct(d, &a);
        if ( rc )
        {
            printk(XENLOG_ERR "Boot module %u: d%u not built (%d)\n", i,
                   next, rc);
            domain_destroy(d);
            continue;
        }
        t1 = rdtsc();
        xmalloc_stats(&xbytes_after, NULL);
        printk("Boot-time domU d%u: %lu MiB, %u vCPU%s\n", next,
               o.mem >> 20, o.vcpus, o.vcpus > 1 ? "s" : "");
        report_build(d, o.mem, t1 - t0, heap_before, xbytes_before,
                     xbytes_after);
        next++;
    }
}

/*
 * test=churn: builds and destroys 'rounds' domUs from boot module 0 and
 * checks that nothing leaks: heap pages, xmalloc bytes, domain ids (the
 * same id is reused every round) and event-channel tables all come back.
 * One warm-up round first, so that allocator caches are in steady state.
 */
bool boot_domains_churn(const struct boot_info *bi, unsigned int rounds)
{
    unsigned long pages_before = 0;
    size_t bytes_before = 0, bytes_after;
    struct pvh_build_args a = {
        .kernel = &bi->mods[0],
        .cmdline = "churn",
        .nr_pages = (4UL << 20) >> PAGE_SHIFT,
    };

    for ( unsigned int i = 0; i <= rounds; i++ )
    {
        struct domain *d;
        int rc;

        if ( i == 1 )
        {
            pages_before = avail_heap_pages();
            xmalloc_stats(&bytes_before, NULL);
        }
        d = domain_create(1, false, 2, &rc);
        if ( !d )
        {
            printk(XENLOG_ERR "Churn test: round %u: create failed (%d)\n",
                   i, rc);
            return false;
        }
        rc = pvh_construct(d, &a);
        domain_destroy(d);
        if ( rc )
        {
            printk(XENLOG_ERR "Churn test: round %u: build failed (%d)\n",
                   i, rc);
            return false;
        }
    }

    xmalloc_stats(&bytes_after, NULL);
    printk("Churn test: %u domains built and destroyed; free pages %lu -> "
           "%lu, xmalloc bytes %lu -> %lu\n", rounds, pages_before,
           avail_heap_pages(), (unsigned long)bytes_before,
           (unsigned long)bytes_after);
    return pages_before == avail_heap_pages() && bytes_before == bytes_after;
}
