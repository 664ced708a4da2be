/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl's output formats, column for column those of Xen's xl, from the
 * hypervisor's records alone (no hypercalls here).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"

/* Xen's shutdown codes (SHUTDOWN_poweroff ...), one letter each. */
static const char shutdown_letters[] = "-rscwS";

#define DOMU_PREFIX "domU-"

const struct xl_env *xl_names_env;

void xl_domain_name(domid_t domid, char *buf, size_t size)
{
    if ( domid && xl_names_env &&
         !xl_name_get(xl_names_env, domid, buf, size) )
        return;
    /*
     * Without xenstore a domain not created by this xl has no name but
     * dom0, whose name Xen fixes.  Xen's xl would print "(null)"; a
     * made-up name that xl_parse_domain() takes back is more useful.
     */
    if ( domid == 0 )
        snprintf(buf, size, "Domain-0");
    else
        snprintf(buf, size, DOMU_PREFIX "%u", domid);
}

static int parse_id(const char *s, domid_t *domid)
{
    unsigned long v = 0;

    if ( !*s )
        return -1;
    for ( ; *s; s++ )
    {
        if ( *s < '0' || *s > '9' )
            return -1;
        v = v * 10 + (*s - '0');
        if ( v >= DOMID_FIRST_RESERVED )
            return -1;
    }
    *domid = v;
    return 0;
}

int xl_parse_domain(const char *arg, domid_t *domid)
{
    if ( !arg )
        return -1;
    if ( !strcmp(arg, "Domain-0") )
    {
        *domid = 0;
        return 0;
    }
    if ( !strncmp(arg, DOMU_PREFIX, strlen(DOMU_PREFIX)) )
    {
        domid_t id;

        if ( parse_id(arg + strlen(DOMU_PREFIX), &id) || id == 0 )
            return -1;
        *domid = id;
        return 0;
    }
    return parse_id(arg, domid);
}

void xl_state_string(const struct xen_domctl_getdomaininfo *info,
                     char state[7])
{
    uint32_t f = info->flags;
    unsigned int reason = (f >> XEN_DOMINF_shutdownshift) &
                          XEN_DOMINF_shutdownmask;
    int shutdown = !!(f & XEN_DOMINF_shutdown);

    if ( !shutdown )
        reason = 0;
    state[0] = f & XEN_DOMINF_running ? 'r' : '-';
    state[1] = f & XEN_DOMINF_blocked ? 'b' : '-';
    state[2] = f & XEN_DOMINF_paused ? 'p' : '-';
    state[3] = shutdown ? 's' : '-';
    state[4] = reason < sizeof(shutdown_letters) - 1
               ? shutdown_letters[reason] : '?';
    state[5] = f & XEN_DOMINF_dying ? 'd' : '-';
    state[6] = 0;
}

unsigned long long xl_domain_memkb(const struct xen_domctl_getdomaininfo *d)
{
    return (d->tot_pages + d->outstanding_pages) * (XC_PAGE_SIZE / 1024);
}

void xl_list_header(FILE *f)
{
    fprintf(f, "Name                                        ID   Mem "
            "VCPUs\tState\tTime(s)\n");
}

void xl_list_line(FILE *f, const struct xen_domctl_getdomaininfo *info)
{
    char name[32], state[7];

    xl_domain_name(info->domain, name, sizeof(name));
    xl_state_string(info, state);
    fprintf(f, "%-40s %5u %5llu %5u     %s  %8.1f\n", name, info->domain,
            xl_domain_memkb(info) / 1024, info->nr_online_vcpus, state,
            (float)info->cpu_time / 1e9);
}

void xl_list_long(FILE *f, const struct xen_domctl_getdomaininfo *info,
                  unsigned int nr)
{
    fprintf(f, "[\n");
    for ( unsigned int i = 0; i < nr; i++ )
    {
        const struct xen_domctl_getdomaininfo *d = &info[i];
        char name[32], state[7];

        xl_domain_name(d->domain, name, sizeof(name));
        xl_state_string(d, state);
        /*
         * No domain configuration is stored yet (Xen's xl prints the
         * one it was created with): this is what the hypervisor knows.
         */
        fprintf(f, "    {\n"
                "        \"domid\": %u,\n"
                "        \"name\": \"%s\",\n"
                "        \"type\": \"pvh\",\n"
                "        \"state\": \"%s\",\n"
                "        \"current_memkb\": %llu,\n"
                "        \"max_memkb\": %llu,\n"
                "        \"vcpu_online\": %u,\n"
                "        \"vcpu_max_id\": %u,\n"
                "        \"cpu_time\": %" PRIu64 ",\n"
                "        \"shared_info_frame\": %" PRIu64 "\n"
                "    }%s\n",
                d->domain, name, state, xl_domain_memkb(d),
                (unsigned long long)d->max_pages * (XC_PAGE_SIZE / 1024),
                d->nr_online_vcpus, d->max_vcpu_id, d->cpu_time,
                d->shared_info_frame, i + 1 < nr ? "," : "");
    }
    fprintf(f, "]\n");
}

void xl_vcpu_header(FILE *f)
{
    fprintf(f, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
            "State", "Time(s)", "Affinity (Hard / Soft)");
}

void xl_vcpu_line(FILE *f, domid_t domid, unsigned int vcpu,
                  const struct xen_domctl_getvcpuinfo *vi)
{
    char name[32];

    xl_domain_name(domid, name, sizeof(name));
    fprintf(f, "%-32s %5u %5u", name, domid, vcpu);
    if ( !vi->online )
        fprintf(f, "%5c %3c%cp ", '-', '-', '-');
    else
        fprintf(f, "%5u %3c%c- ", vi->cpu, vi->running ? 'r' : '-',
                vi->blocked ? 'b' : '-');
    fprintf(f, "%9.1f  ", (float)vi->cpu_time / 1e9);
    /*
     * A vCPU stays on the pCPU the hypervisor gave it at creation (no
     * migration, no pinning interface): that one CPU is its hard
     * affinity; soft affinity does not exist, so it is everything.
     */
    fprintf(f, "%u / all\n", vi->cpu);
}

/* One "key : value" line of xl info, if filter lets it through. */
static void __attribute__((format(printf, 4, 5)))
info_line(FILE *f, const char *filter, const char *key, const char *fmt, ...)
{
    va_list ap;

    if ( filter && strncmp(key, filter, strlen(filter)) )
        return;
    if ( !filter )
        fprintf(f, "%-22s : ", key);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}

void xl_print_info(FILE *f, const char *filter, const struct utsname *u,
                   const struct xen_sysctl_physinfo *pi,
                   const struct xc_version_info *vi)
{
    unsigned long pages_per_mb;
    char caps[64];
    int hw_caps = 0;

    if ( u )
    {
        info_line(f, filter, "host", "%s", u->nodename);
        info_line(f, filter, "release", "%s", u->release);
        info_line(f, filter, "version", "%s", u->version);
        info_line(f, filter, "machine", "%s", u->machine);
    }
    if ( pi )
    {
        info_line(f, filter, "nr_cpus", "%u", pi->nr_cpus);
        info_line(f, filter, "max_cpu_id", "%u", pi->max_cpu_id);
        info_line(f, filter, "nr_nodes", "%u", pi->nr_nodes);
        info_line(f, filter, "cores_per_socket", "%u", pi->cores_per_socket);
        info_line(f, filter, "threads_per_core", "%u", pi->threads_per_core);
        info_line(f, filter, "cpu_mhz", "%u.%03u", pi->cpu_khz / 1000,
                  pi->cpu_khz % 1000);
        /* The hypervisor leaves hw_cap zero when it does not fill it. */
        for ( unsigned int i = 0; i < 8; i++ )
            hw_caps |= pi->hw_cap[i] != 0;
        if ( hw_caps )
            info_line(f, filter, "hw_caps",
                      "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
                      pi->hw_cap[0], pi->hw_cap[1], pi->hw_cap[2],
                      pi->hw_cap[3], pi->hw_cap[4], pi->hw_cap[5],
                      pi->hw_cap[6], pi->hw_cap[7]);
        snprintf(caps, sizeof(caps), "%s%s%s%s",
                 pi->capabilities & XEN_SYSCTL_PHYSCAP_pv ? " pv" : "",
                 pi->capabilities & XEN_SYSCTL_PHYSCAP_hvm ? " hvm" : "",
                 (pi->capabilities & XEN_SYSCTL_PHYSCAP_hvm) &&
                 (pi->capabilities & XEN_SYSCTL_PHYSCAP_directio)
                 ? " hvm_directio" : "",
                 pi->capabilities & XEN_SYSCTL_PHYSCAP_hap ? " hap" : "");
        /* Each word comes with its leading space: drop the first. */
        info_line(f, filter, "virt_caps", "%s", caps[0] ? caps + 1 : caps);
        pages_per_mb = (1UL << 20) / (vi && vi->pagesize ? vi->pagesize
                                                         : XC_PAGE_SIZE);
        info_line(f, filter, "total_memory", "%" PRIu64,
                  pi->total_pages / pages_per_mb);
        info_line(f, filter, "free_memory", "%" PRIu64,
                  (pi->free_pages - (pi->outstanding_pages < pi->free_pages
                                     ? pi->outstanding_pages
                                     : pi->free_pages)) / pages_per_mb);
        info_line(f, filter, "outstanding_claims", "%" PRIu64,
                  pi->outstanding_pages / pages_per_mb);
    }
    if ( vi )
    {
        info_line(f, filter, "xen_major", "%u", vi->major);
        info_line(f, filter, "xen_minor", "%u", vi->minor);
        info_line(f, filter, "xen_extra", "%s", vi->extra);
        info_line(f, filter, "xen_version", "%u.%u%s", vi->major, vi->minor,
                  vi->extra);
        info_line(f, filter, "xen_caps", "%s", vi->capabilities);
        info_line(f, filter, "xen_pagesize", "%lu", vi->pagesize);
        info_line(f, filter, "platform_params", "virt_start=0x%" PRIx64,
                  vi->virt_start);
        if ( vi->changeset[0] )
            info_line(f, filter, "xen_changeset", "%s", vi->changeset);
        info_line(f, filter, "xen_commandline", "%s", vi->commandline);
        if ( vi->compile.compiler[0] )
            info_line(f, filter, "cc_compiler", "%s", vi->compile.compiler);
        if ( vi->compile.compile_by[0] )
            info_line(f, filter, "cc_compile_by", "%s",
                      vi->compile.compile_by);
        if ( vi->compile.compile_domain[0] )
            info_line(f, filter, "cc_compile_domain", "%s",
                      vi->compile.compile_domain);
        if ( vi->compile.compile_date[0] )
            info_line(f, filter, "cc_compile_date", "%s",
                      vi->compile.compile_date);
    }
    info_line(f, filter, "xend_config_format", "4");
}

void xl_uptime_string(unsigned long secs, int short_mode, char *buf,
                      size_t size)
{
    unsigned long day = secs / 86400;
    unsigned int hour = secs % 86400 / 3600, min = secs % 3600 / 60;
    unsigned int sec = secs % 60;
    char days[32] = "";

    if ( day )
        snprintf(days, sizeof(days), "%lu day%s, ", day, day > 1 ? "s" : "");
    if ( short_mode )
        snprintf(buf, size, "%s%2u:%02u", days, hour, min);
    else
        snprintf(buf, size, "%s%2u:%02u:%02u", days, hour, min, sec);
}
