/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Boot-time domUs (see asm/boot_domains.h for the syntax).  They let
 * interdomain features be tested before a toolstack exists.  A module
 * that cannot be built is reported and skipped: dom0 still boots.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/boot_domains.h>
#include <asm/dom0_build.h>

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

void boot_domains_claim(const struct boot_info *bi, bool *claimed)
{
    for ( unsigned int i = 1; i < bi->nr_modules; i++ )
        claimed[i] = is_domu_module(&bi->mods[i]);
}

void boot_domains_create(const struct boot_info *bi, const bool *claimed)
{
    domid_t next = 1;

    for ( unsigned int i = 1; i < bi->nr_modules; i++ )
    {
        struct pvh_build_args a = { .kernel = &bi->mods[i] };
        struct domu_opts o;
        struct domain *d;
        int rc;

        if ( !claimed[i] )
            continue;
        if ( parse_domu(bi->mods[i].cmdline, &o) )
        {
            printk(XENLOG_ERR "Boot module %u: bad domU options in \"%s\": "
                   "skipped\n", i, bi->mods[i].cmdline);
            continue;
        }
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
        printk("Boot-time domU d%u: %lu MiB, %u vCPU%s\n", next,
               o.mem >> 20, o.vcpus, o.vcpus > 1 ? "s" : "");
        next++;
    }
}
