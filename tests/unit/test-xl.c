/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The toolstack's control library (tools/libs/ctrl) and xl (tools/xl)
 * against a fake hypervisor: a backend that answers domctl, sysctl and
 * xen_version from a small table of domains and checks every argument
 * the library passes (interface versions, that buffers are backend
 * memory).  Then xl's output, column for column Xen's, its argument
 * parsing and its error messages.  A host library, so this test uses the
 * C library directly, not the hypervisor shim.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <public/sched.h>

#include "xl.h"

/* ------------------------------------------------------ the fake */

#define MAX_FAKE_DOMS 8
#define MAX_BUFS 8

struct fake_dom {
    struct xen_domctl_getdomaininfo info;
    unsigned int pauses;
    struct xen_domctl_getvcpuinfo vcpu[4];
};

static struct fake {
    struct fake_dom dom[MAX_FAKE_DOMS];
    unsigned int nr;
    struct { void *p; size_t size; } buf[MAX_BUFS];
    unsigned int nr_calls;
    char console[40000];
    size_t console_len, console_clear;
    int fail_next;                  /* -errno for the next hypercall */
    int fail_open;                  /* -errno for xc_open */
    int destroyed[MAX_FAKE_DOMS];
    int closed;
} fk;

/* Whether [p, p + len) lies in one buffer from fake_alloc. */
static int in_buffer(uint64_t p, size_t len)
{
    for ( unsigned int i = 0; i < MAX_BUFS; i++ )
    {
        uintptr_t b = (uintptr_t)fk.buf[i].p;

        if ( b && p >= b && p + len <= b + fk.buf[i].size )
            return 1;
    }
    return 0;
}

static struct fake_dom *find_dom(domid_t id)
{
    for ( unsigned int i = 0; i < fk.nr; i++ )
        if ( fk.dom[i].info.domain == id && !fk.destroyed[i] )
            return &fk.dom[i];
    return NULL;
}

static struct fake_dom *dom_at_or_after(domid_t id)
{
    struct fake_dom *best = NULL;

    for ( unsigned int i = 0; i < fk.nr; i++ )
        if ( !fk.destroyed[i] && fk.dom[i].info.domain >= id &&
             (!best || fk.dom[i].info.domain < best->info.domain) )
            best = &fk.dom[i];
    return best;
}

static long fake_domctl(struct xen_domctl *op)
{
    struct fake_dom *d = NULL;

    if ( op->interface_version != XEN_DOMCTL_INTERFACE_VERSION )
        return -EACCES;
    if ( op->cmd != XEN_DOMCTL_getdomaininfo &&
         op->cmd != XEN_DOMCTL_createdomain )
    {
        d = find_dom(op->domain);
        if ( !d )
            return -ESRCH;
    }
    switch ( op->cmd )
    {
    case XEN_DOMCTL_getdomaininfo:
        d = dom_at_or_after(op->domain);
        if ( !d )
            return -ESRCH;
        op->domain = d->info.domain;
        op->u.getdomaininfo = d->info;
        return 0;
    case XEN_DOMCTL_pausedomain:
        if ( d->info.domain == 0 )
            return -EINVAL;
        d->pauses++;
        d->info.flags |= XEN_DOMINF_paused;
        return 0;
    case XEN_DOMCTL_unpausedomain:
        if ( !d->pauses )
            return -EINVAL;
        if ( !--d->pauses )
            d->info.flags &= ~XEN_DOMINF_paused;
        return 0;
    case XEN_DOMCTL_destroydomain:
        if ( d->info.domain == 0 )
            return -EPERM;
        fk.destroyed[d - fk.dom] = 1;
        return 0;
    case XEN_DOMCTL_getvcpuinfo:
        if ( op->u.getvcpuinfo.vcpu > d->info.max_vcpu_id )
            return -ESRCH;
        op->u.getvcpuinfo = d->vcpu[op->u.getvcpuinfo.vcpu];
        return 0;
    case XEN_DOMCTL_max_mem:
        d->info.max_pages = op->u.max_mem.max_memkb / 4;
        return 0;
    }
    return -EOPNOTSUPP;
}

static long fake_sysctl(struct xen_sysctl *op)
{
    if ( op->interface_version != XEN_SYSCTL_INTERFACE_VERSION )
        return -EACCES;
    switch ( op->cmd )
    {
    case XEN_SYSCTL_physinfo:
    {
        struct xen_sysctl_physinfo *pi = &op->u.physinfo;

        memset(pi, 0, sizeof(*pi));
        pi->threads_per_core = 1;
        pi->cores_per_socket = 2;
        pi->nr_cpus = 2;
        pi->max_cpu_id = 1;
        pi->nr_nodes = 1;
        pi->cpu_khz = 2400123;
        pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap;
        pi->total_pages = 512 * 256;
        pi->free_pages = 200 * 256 + 17;
        return 0;
    }
    case XEN_SYSCTL_getdomaininfolist:
    {
        struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
        unsigned int n = 0;
        domid_t next = l->first_domain;
        struct fake_dom *d;

        while ( n < l->max_domains && (d = dom_at_or_after(next)) )
        {
            if ( !in_buffer(l->buffer + n * sizeof(d->info),
                            sizeof(d->info)) )
                return -EFAULT;
            memcpy((void *)(uintptr_t)(l->buffer + n * sizeof(d->info)),
                   &d->info, sizeof(d->info));
            n++;
            next = d->info.domain + 1;
        }
        l->num_domains = n;
        return 0;
    }
    case XEN_SYSCTL_readconsole:
    {
        struct xen_sysctl_readconsole *rc = &op->u.readconsole;
        size_t from = rc->incremental ? rc->index : fk.console_clear;
        size_t n;

        if ( from < fk.console_clear || from > fk.console_len )
            from = fk.console_clear;
        n = fk.console_len - from;
        if ( n > rc->count )
            n = rc->count;
        if ( n && !in_buffer(rc->buffer, n) )
            return -EFAULT;
        memcpy((void *)(uintptr_t)rc->buffer, fk.console + from, n);
        rc->count = n;
        rc->index = from + n;
        if ( rc->clear )
            fk.console_clear = fk.console_len;
        return 0;
    }
    }
    return -EOPNOTSUPP;
}

static long fake_version(uint64_t cmd, uint64_t arg)
{
    void *p = (void *)(uintptr_t)arg;

    switch ( cmd )
    {
    case XENVER_version:
        return (4 << 16) | 19;
    case XENVER_extraversion:
        if ( !in_buffer(arg, sizeof(xen_extraversion_t)) )
            return -EFAULT;
        strcpy(p, "-pvh");
        return 0;
    case XENVER_capabilities:
        if ( !in_buffer(arg, sizeof(xen_capabilities_info_t)) )
            return -EFAULT;
        strcpy(p, "xen-3.0-x86_64 hvm-3.0-x86_64");
        return 0;
    case XENVER_compile_info:
        if ( !in_buffer(arg, sizeof(struct xen_compile_info)) )
            return -EFAULT;
        memset(p, 0, sizeof(struct xen_compile_info));
        strcpy(((struct xen_compile_info *)p)->compiler, "gcc");
        return 0;
    case XENVER_commandline:
        if ( !in_buffer(arg, sizeof(xen_commandline_t)) )
            return -EFAULT;
        /* Unterminated: the library must terminate it. */
        memset(p, 'x', sizeof(xen_commandline_t));
        return 0;
    case XENVER_pagesize:
        return 4096;
    }
    return -ENOSYS;
}

/* SCHEDOP_remote_shutdown, as the hypervisor does it: flags and code. */
static long fake_sched_op(uint64_t cmd, uint64_t arg)
{
    struct sched_remote_shutdown *rs = (void *)(uintptr_t)arg;
    struct fake_dom *d;

    if ( cmd != SCHEDOP_remote_shutdown )
        return -ENOSYS;
    if ( !in_buffer(arg, sizeof(*rs)) )
        return -EFAULT;
    if ( rs->reason > SHUTDOWN_MAX )
        return -EINVAL;
    d = find_dom(rs->domain_id);
    if ( !d )
        return -ESRCH;
    d->info.flags |= XEN_DOMINF_shutdown |
                     (rs->reason << XEN_DOMINF_shutdownshift);
    return 0;
}

static long fake_hypercall(void *priv, uint64_t op, const uint64_t arg[5])
{
    fk.nr_calls++;
    if ( fk.fail_next )
    {
        long rc = fk.fail_next;

        fk.fail_next = 0;
        return rc;
    }
    switch ( op )
    {
    case __HYPERVISOR_domctl:
        if ( !in_buffer(arg[0], sizeof(struct xen_domctl)) )
            return -EFAULT;
        return fake_domctl((void *)(uintptr_t)arg[0]);
    case __HYPERVISOR_sysctl:
        if ( !in_buffer(arg[0], sizeof(struct xen_sysctl)) )
            return -EFAULT;
        return fake_sysctl((void *)(uintptr_t)arg[0]);
    case __HYPERVISOR_xen_version:
        return fake_version(arg[0], arg[1]);
    case __HYPERVISOR_sched_op:
        return fake_sched_op(arg[0], arg[1]);
    }
    return -ENOSYS;
}

static void *fake_alloc(void *priv, size_t size)
{
    assert_int_equal(size % XC_PAGE_SIZE, 0);
    for ( unsigned int i = 0; i < MAX_BUFS; i++ )
        if ( !fk.buf[i].p )
        {
            void *p = aligned_alloc(XC_PAGE_SIZE, size);

            assert_non_null(p);
            memset(p, 0xa5, size);      /* callers may not rely on zero */
            fk.buf[i].p = p;
            fk.buf[i].size = size;
            return p;
        }
    fail_msg("too many bounce buffers at once");
    return NULL;
}

static void fake_free(void *priv, void *p, size_t size)
{
    for ( unsigned int i = 0; i < MAX_BUFS; i++ )
        if ( fk.buf[i].p == p )
        {
            assert_int_equal(fk.buf[i].size, size);
            free(p);
            fk.buf[i].p = NULL;
            return;
        }
    fail_msg("freeing a buffer that was not allocated");
}

static void fake_close(void *priv)
{
    fk.closed++;
}

static const struct xc_backend fake_backend = {
    .hypercall = fake_hypercall,
    .alloc = fake_alloc,
    .free = fake_free,
    .close = fake_close,
};

static xc_interface *fake_open(int *err)
{
    if ( fk.fail_open )
    {
        *err = fk.fail_open;
        return NULL;
    }
    return xc_open_backend(&fake_backend, NULL);
}

static void add_dom(domid_t id, uint32_t flags, uint64_t pages,
                    unsigned int vcpus, uint64_t ns)
{
    struct fake_dom *d = &fk.dom[fk.nr++];

    d->info.domain = id;
    d->info.flags = flags | XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
    d->info.tot_pages = pages;
    d->info.max_pages = pages;
    d->info.cpu_time = ns;
    d->info.nr_online_vcpus = vcpus;
    d->info.max_vcpu_id = vcpus - 1;
    for ( unsigned int v = 0; v < vcpus; v++ )
    {
        d->vcpu[v].online = 1;
        d->vcpu[v].cpu = v % 2;
        d->vcpu[v].cpu_time = ns / vcpus;
    }
}

static int setup(void **state)
{
    memset(&fk, 0, sizeof(fk));
    add_dom(0, XEN_DOMINF_running, 65536, 2, 12345678901ULL);
    add_dom(3, XEN_DOMINF_blocked | XEN_DOMINF_paused, 8192, 1, 50000000);
    fk.dom[1].pauses = 1;
    return 0;
}

static int teardown(void **state)
{
    for ( unsigned int i = 0; i < MAX_BUFS; i++ )
    {
        if ( fk.buf[i].p )
            fail_msg("bounce buffer %u leaked", i);
    }
    return 0;
}

/* Runs xl with the words of cmd; its output in *out, errors in *err. */
static int run(const char *cmd, char **out, char **err)
{
    char *words = strdup(cmd), *argv[32], *save = NULL;
    size_t osize, esize;
    int argc = 0, rc;
    struct xl_env env = {
        .open = fake_open,
        .proc_uptime = "/nonexistent",
        .now = 1,
        .in_fd = -1,
    };
    static char uptime_path[64];

    assert_non_null(words);
    argv[argc++] = "xl";
    for ( char *w = strtok_r(words, " ", &save); w;
          w = strtok_r(NULL, " ", &save) )
        argv[argc++] = w;
    argv[argc] = NULL;

    /* A fixed dom0 uptime: 1 day, 2:03:04 and a fraction. */
    snprintf(uptime_path, sizeof(uptime_path), "/tmp/test-xl-uptime.%d",
             (int)getpid());
    {
        FILE *f = fopen(uptime_path, "w");

        assert_non_null(f);
        fprintf(f, "93784.56 100.00\n");
        fclose(f);
    }
    env.proc_uptime = uptime_path;
    env.out = open_memstream(out, &osize);
    env.err = open_memstream(err, &esize);
    assert_non_null(env.out);
    assert_non_null(env.err);
    rc = xl_main(argc, argv, &env);
    fclose(env.out);
    fclose(env.err);
    unlink(uptime_path);
    free(words);
    return rc;
}

/* Runs cmd, expecting status, stdout and stderr (NULL: don't care). */
static void expect(const char *cmd, int status, const char *want_out,
                   const char *want_err)
{
    char *o = NULL, *e = NULL;
    int rc = run(cmd, &o, &e);

    if ( want_out )
        assert_string_equal(o, want_out);
    if ( want_err )
        assert_string_equal(e, want_err);
    assert_int_equal(rc, status);
    free(o);
    free(e);
}

/* As expect(), but the outputs need only contain the strings. */
static void expect_has(const char *cmd, int status, const char *in_out,
                       const char *in_err)
{
    char *o = NULL, *e = NULL;
    int rc = run(cmd, &o, &e);

    if ( in_out && !strstr(o, in_out) )
        fail_msg("'xl %s' stdout lacks \"%s\":\n%s", cmd, in_out, o);
    if ( in_err && !strstr(e, in_err) )
        fail_msg("'xl %s' stderr lacks \"%s\":\n%s", cmd, in_err, e);
    assert_int_equal(rc, status);
    free(o);
    free(e);
}

/* ------------------------------------------------------ formatting */

static void test_state_string(void **state)
{
    struct xen_domctl_getdomaininfo d = { 0 };
    char s[7];

    xl_state_string(&d, s);
    assert_string_equal(s, "------");
    d.flags = XEN_DOMINF_running | XEN_DOMINF_paused | XEN_DOMINF_dying;
    xl_state_string(&d, s);
    assert_string_equal(s, "r-p--d");
    d.flags = XEN_DOMINF_blocked | XEN_DOMINF_shutdown |
              (3 << XEN_DOMINF_shutdownshift);      /* crash */
    xl_state_string(&d, s);
    assert_string_equal(s, "-b-sc-");
    d.flags = XEN_DOMINF_shutdown | (1 << XEN_DOMINF_shutdownshift);
    xl_state_string(&d, s);
    assert_string_equal(s, "---sr-");
    d.flags = XEN_DOMINF_shutdown | (5 << XEN_DOMINF_shutdownshift);
    xl_state_string(&d, s);
    assert_string_equal(s, "---sS-");
    d.flags = XEN_DOMINF_shutdown | (200 << XEN_DOMINF_shutdownshift);
    xl_state_string(&d, s);
    assert_string_equal(s, "---s?-");
    /* A reason without the shutdown flag means nothing. */
    d.flags = 3 << XEN_DOMINF_shutdownshift;
    xl_state_string(&d, s);
    assert_string_equal(s, "------");
}

static void test_domain_names(void **state)
{
    char name[32];
    domid_t id = 1234;

    xl_domain_name(0, name, sizeof(name));
    assert_string_equal(name, "Domain-0");
    xl_domain_name(7, name, sizeof(name));
    assert_string_equal(name, "domU-7");

    assert_int_equal(xl_parse_domain("Domain-0", &id), 0);
    assert_int_equal(id, 0);
    assert_int_equal(xl_parse_domain("domU-12", &id), 0);
    assert_int_equal(id, 12);
    assert_int_equal(xl_parse_domain("42", &id), 0);
    assert_int_equal(id, 42);
    assert_int_equal(xl_parse_domain("32752", &id), -1);     /* reserved */
    assert_int_equal(xl_parse_domain("32751", &id), 0);
    assert_int_equal(xl_parse_domain("99999999999999999999", &id), -1);
    assert_int_equal(xl_parse_domain("", &id), -1);
    assert_int_equal(xl_parse_domain("-1", &id), -1);
    assert_int_equal(xl_parse_domain("1x", &id), -1);
    assert_int_equal(xl_parse_domain("domU-", &id), -1);
    assert_int_equal(xl_parse_domain("domU-0", &id), -1);
    assert_int_equal(xl_parse_domain("guest", &id), -1);
    assert_int_equal(xl_parse_domain(NULL, &id), -1);
    assert_int_equal(id, 32751);
}

static void test_uptime_string(void **state)
{
    char buf[64];

    xl_uptime_string(0, 0, buf, sizeof(buf));
    assert_string_equal(buf, " 0:00:00");
    xl_uptime_string(3725, 0, buf, sizeof(buf));
    assert_string_equal(buf, " 1:02:05");
    xl_uptime_string(86400 + 36000 + 60, 0, buf, sizeof(buf));
    assert_string_equal(buf, "1 day, 10:01:00");
    xl_uptime_string(3 * 86400 + 59, 1, buf, sizeof(buf));
    assert_string_equal(buf, "3 days,  0:00");
}

/* ------------------------------------------------------ commands */

static const char list_header[] =
    "Name                                        ID   Mem VCPUs\tState\t"
    "Time(s)\n";

static void test_list(void **state)
{
    char want[512];

    snprintf(want, sizeof(want), "%s"
             "Domain-0                                     0   256     2"
             "     r-----      12.3\n"
             "domU-3                                       3    32     1"
             "     -bp---       0.1\n", list_header);
    expect("list", 0, want, "");
    snprintf(want, sizeof(want), "%s"
             "domU-3                                       3    32     1"
             "     -bp---       0.1\n", list_header);
    expect("list domU-3", 0, want, "");
    expect("list 3", 0, want, "");
    expect("list 5", 1, "", "Error: Domain '5' does not exist.\n");
    expect("list nosuch", 1, "",
           "nosuch is an invalid domain identifier\n");
    expect_has("list -l", 0, "\"domid\": 3,", "");
    expect_has("list --long 0", 0, "\"current_memkb\": 262144,", "");
    expect_has("list 0 3", 2, "Usage: xl [-v] list",
               "'xl list' takes at most 1 argument.\n");
    expect_has("list -z", 2, NULL, "xl: invalid option -- 'z'\n");
    expect_has("list --bogus", 2, NULL, "xl: unrecognized option '--bogus'");
}

static void test_list_many(void **state)
{
    char *o = NULL, *e = NULL;

    /* Ids sparse and past the first few: every one listed, in order. */
    for ( domid_t id = 10; fk.nr < MAX_FAKE_DOMS; id += 1000 )
        add_dom(id, 0, 256, 1, 0);
    assert_int_equal(run("list", &o, &e), 0);
    assert_non_null(strstr(o, "domU-5010 "));
    assert_ptr_equal(strstr(o, "domU-3 "), strstr(o, "\ndomU-3 ") + 1);
    assert_true(strstr(o, "domU-10 ") < strstr(o, "domU-1010 "));
    free(o);
    free(e);
}

static void test_vcpu_list(void **state)
{
    static const char header[] =
        "Name                                ID  VCPU   CPU State   Time(s) "
        "Affinity (Hard / Soft)\n";
    char want[1024];

    fk.dom[0].vcpu[0].running = 1;
    fk.dom[0].vcpu[1].blocked = 1;
    fk.dom[1].vcpu[0].online = 0;
    /* As in Xen, no space between the VCPU and CPU columns. */
    snprintf(want, sizeof(want), "%s"
             "Domain-0                             0     0    0   r--"
             "       6.2  0 / all\n"
             "Domain-0                             0     1    1   -b-"
             "       6.2  1 / all\n"
             "domU-3                               3     0    -   --p"
             "       0.1  0 / all\n", header);
    expect("vcpu-list", 0, want, "");
    expect_has("vcpu-list 3 7", 1, "domU-3 ",
               "Error: Domain '7' does not exist.\n");
}

static void test_info(void **state)
{
    char *o = NULL, *e = NULL;

    assert_int_equal(run("info", &o, &e), 0);
    assert_string_equal(e, "");
    assert_non_null(strstr(o, "\nnr_cpus                : 2\n"));
    assert_non_null(strstr(o, "\ncpu_mhz                : 2400.123\n"));
    assert_non_null(strstr(o, "\nvirt_caps              : hvm hap\n"));
    assert_non_null(strstr(o, "\ntotal_memory           : 512\n"));
    assert_non_null(strstr(o, "\nfree_memory            : 200\n"));
    assert_non_null(strstr(o, "\nxen_version            : 4.19-pvh\n"));
    assert_non_null(strstr(o, "\nxen_caps               : xen-3.0-x86_64 "
                           "hvm-3.0-x86_64\n"));
    assert_non_null(strstr(o, "\ncc_compiler            : gcc\n"));
    assert_non_null(strstr(o, "\nxend_config_format     : 4\n"));
    /* Unknown here: not printed as zeros. */
    assert_null(strstr(o, "hw_caps"));
    assert_null(strstr(o, "cc_compile_by"));
    /* The unterminated command line is cut, not overrun. */
    assert_non_null(strstr(o, "xen_commandline        : xxxx"));
    free(o);
    free(e);

    expect("info free_memory", 0, "200\n", "");
    expect("info xen_m", 0, "4\n19\n", "");
    expect("info virt_caps", 0, "hvm hap\n", "");
    expect("info nosuchkey", 0, "", "");
}

static void test_dmesg(void **state)
{
    char want[40000];

    /* More than one bounce buffer's worth, so that it takes 2 reads. */
    for ( size_t i = 0; fk.console_len + 40 < sizeof(fk.console) - 1; i++ )
        fk.console_len += sprintf(fk.console + fk.console_len,
                                  "(XEN) line %zu of the log\n", i);
    memcpy(want, fk.console, fk.console_len);
    want[fk.console_len] = 0;
    expect("dmesg", 0, want, "");
    expect("dmesg -c", 0, want, "");
    expect("dmesg", 0, "", "");
    fk.console_len += sprintf(fk.console + fk.console_len, "(XEN) new\n");
    expect("dmesg --clear", 0, "(XEN) new\n", "");
    expect_has("dmesg extra", 2, NULL, "'xl dmesg' takes at most 0 "
               "arguments.\n");
}

static void test_pause_unpause_destroy(void **state)
{
    expect("pause 3", 0, "", "");
    assert_int_equal(fk.dom[1].pauses, 2);
    expect("unpause domU-3", 0, "", "");
    expect("unpause 3", 0, "", "");
    assert_int_equal(fk.dom[1].pauses, 0);
    expect("unpause 3", 1, "", "xl: unpausing of domain 3 failed: "
           "Invalid argument\n");
    expect("pause 99", 1, "", "Error: Domain '99' does not exist.\n");
    expect("pause", 2, NULL, "'xl pause' requires at least 1 argument.\n\n");
    expect("pause -h", 0, "Usage: xl [-v] pause <Domain>\n\n"
           "Pause execution of a domain.\n\n", "");

    expect("destroy 0", 1, "", "Not destroying domain 0; use -f to force.\n"
           "This can only be done when using a disaggregated hardware "
           "domain and toolstack.\n\n");
    expect("destroy Domain-0", 1, "", NULL);
    assert_int_equal(fk.nr_calls, 5);       /* not one call for those */
    expect("destroy -f 0", 1, "", "xl: destroying of domain 0 failed: "
           "Operation not permitted\n");
    expect("destroy 3", 0, "", "");
    assert_true(fk.destroyed[1]);
    expect("destroy 3", 1, "", "Error: Domain '3' does not exist.\n");
}

static void test_shutdown(void **state)
{
    unsigned int code;

    expect("shutdown 3", 0, "", "");
    code = (fk.dom[1].info.flags >> XEN_DOMINF_shutdownshift) &
           XEN_DOMINF_shutdownmask;
    assert_true(fk.dom[1].info.flags & XEN_DOMINF_shutdown);
    assert_int_equal(code, SHUTDOWN_poweroff);
    /* -a: every domain but dom0, with the reboot code. */
    fk.dom[1].info.flags &= ~(XEN_DOMINF_shutdown |
                              (XEN_DOMINF_shutdownmask <<
                               XEN_DOMINF_shutdownshift));
    expect("reboot -a", 0, "", "");
    code = (fk.dom[1].info.flags >> XEN_DOMINF_shutdownshift) &
           XEN_DOMINF_shutdownmask;
    assert_int_equal(code, SHUTDOWN_reboot);
    assert_false(fk.dom[0].info.flags & XEN_DOMINF_shutdown);

    expect_has("shutdown", 2, "Usage: xl [-v] shutdown",
               "'xl shutdown' requires at least 1 argument.");
    expect_has("shutdown -a 3", 2, NULL, "'xl shutdown -a' takes no domain.");
    expect_has("shutdown bad!", 1, NULL, "bad! is an invalid domain");
    expect("shutdown 99", 1, "", "Error: Domain '99' does not exist.\n");
    fk.fail_next = -EPERM;
    expect_has("reboot 3", 1, NULL,
               "xl: rebooting of domain 3 failed: Operation not permitted");
}

static void test_unsupported(void **state)
{
    /* Refused before any hypercall (the builder: test-xlguest.c). */
    expect_has("create /nonexistent/vm.cfg", 1, NULL,
               "Parsing config from /nonexistent/vm.cfg");
    expect_has("create /nonexistent/vm.cfg", 1, NULL, "/nonexistent/vm.cfg");
    expect_has("create", 2, NULL, "'xl create' requires at least 1");
    expect_has("create vm.cfg extra", 2, NULL,
               "'extra': extra arguments must be KEY=VALUE");
    expect_has("console", 2, NULL, "'xl console' requires at least 1");
    expect_has("console no-such-name", 1, NULL,
               "no-such-name is an invalid domain identifier");
    assert_int_equal(fk.nr_calls, 0);
}

static void test_uptime(void **state)
{
    expect("uptime", 0, "Name                                ID Uptime\n"
           "Domain-0                             0 1 day,  2:03:04\n", "");
    expect("uptime 0 3", 1, "Name                                ID Uptime\n"
           "Domain-0                             0 1 day,  2:03:04\n",
           "xl: the uptime of domain 3 is unknown: no start time is "
           "recorded without xenstore\n");
    expect_has("uptime -s", 0, " up 1 day,  2:03, Domain-0 (0)\n", "");
    expect("uptime x", 1, "", "x is an invalid domain identifier\n");
}

static void test_toplevel(void **state)
{
    expect_has("", 1, "xl full list of subcommands:", "");
    expect_has("help", 0, " vcpu-list           List the VCPUs", "");
    expect_has("help destroy", 0, "Usage: xl [-v] destroy [options] "
               "<Domain>\n\n\nTerminate a domain immediately.\n\nOptions:",
               "");
    expect("help nosuch", 0, "command \"nosuch\" not implemented\n", "");
    expect("frobnicate", 1, "", "command not implemented\n");
    expect_has("-v list", 0, list_header, "");
    expect_has("-x list", 2, NULL, "xl: invalid option -- 'x'\n");
    expect_has("-h", 0, "xl full list of subcommands:", "");
    expect_has("list -- 3", 0, "domU-3 ", "");
}

static void test_errors(void **state)
{
    fk.fail_open = -ENOENT;
    expect("list", 1, "", "xl: cannot open /dev/xen/privcmd: No such file "
           "or directory (is this a Xen domain with the xen-privcmd module "
           "loaded?)\n");
    fk.fail_open = -EACCES;
    expect_has("info", 1, NULL, "(xl needs root)");
    fk.fail_open = 0;

    fk.fail_next = -EACCES;
    expect("list", 1, "", "xl: listing domains failed: Interface version "
           "mismatch (the tools and the hypervisor come from different "
           "trees?)\n");
    fk.fail_next = -EFAULT;
    expect("dmesg", 1, "", "xl: reading the hypervisor's console failed: "
           "Bad address (a hypercall buffer was not accessible)\n");
    fk.fail_next = -EPERM;
    expect("info", 1, "", "xl: getting the host's physical information "
           "failed: Operation not permitted\n");
    fk.fail_next = -ENOSYS;
    expect("vcpu-list", 1, "", "xl: listing domains failed: Hypercall not "
           "implemented by the hypervisor\n");
    assert_int_equal(fk.closed, 4);
}

/* ------------------------------------------------------ the library */

static void test_library(void **state)
{
    xc_interface *xch = fake_open(NULL);
    struct xen_domctl_getdomaininfo info, list[4];
    struct xen_domctl op;
    int rc;

    assert_non_null(xch);
    /* The next domain up is not the one asked for. */
    assert_int_equal(xc_domain_getinfo(xch, 1, &info), -ESRCH);
    assert_int_equal(xc_domain_getinfo(xch, 3, &info), 0);
    assert_int_equal(info.tot_pages, 8192);
    assert_int_equal(xc_domain_getinfo(xch, 4, &info), -ESRCH);

    assert_int_equal(xc_domain_getinfolist(xch, 0, 0, list), 0);
    assert_int_equal(xc_domain_getinfolist(xch, 0, 1, list), 1);
    assert_int_equal(list[0].domain, 0);
    rc = xc_domain_getinfolist(xch, 1, 4, list);
    assert_int_equal(rc, 1);
    assert_int_equal(list[0].domain, 3);

    assert_int_equal(xc_domain_setmaxmem(xch, 3, 1024), 0);
    assert_int_equal(fk.dom[1].info.max_pages, 256);

    /* A generic call gets the interface version filled in. */
    memset(&op, 0, sizeof(op));
    op.cmd = 999;
    op.domain = 0;
    assert_int_equal(xc_domctl(xch, &op), -EOPNOTSUPP);
    assert_string_equal(xc_strerror(-ESRCH), "No such domain");
    assert_string_equal(xc_strerror(ENOMEM), strerror(ENOMEM));
    xc_close(xch);
    xc_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_state_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uptime_string, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vcpu_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_info, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dmesg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_unpause_destroy, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_shutdown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsupported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_uptime, setup, teardown),
        cmocka_unit_test_setup_teardown(test_toplevel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_library, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
