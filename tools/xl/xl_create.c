/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl create and xl console, and the name registry.
 *
 * Without xenstore nothing in the system knows a domain's name, so xl
 * keeps one itself: a file <run_dir>/<domid> holding the name from the
 * configuration, written by "xl create" and removed by "xl destroy"
 * (run_dir is /run/xl in dom0).  "xl list" and every command taking a
 * domain use it; a domain that died another way leaves a stale file,
 * which "xl create" replaces when the id is given out again.
 *
 * The console backend is dom0's: the domU's ring page (the gfn in its
 * HVM_PARAM_CONSOLE_PFN) is mapped with privcmd and polled.  The page is
 * shared with the guest, which may write anything there at any time:
 * every index is read once, checked, and only masked offsets are used.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"
#include "xlcfg.h"
#include "xenguest.h"
#include <public/hvm/params.h>
#include <public/io/console.h>

/* Ctrl-]: leaves the console, as in Xen. */
#define CONSOLE_ESCAPE 0x1d
#define CONSOLE_POLL_MS 15
/* Checks of the domain's state, once per this many polls. */
#define CONSOLE_STATE_EVERY 10

static void __attribute__((format(printf, 2, 3)))
xerr(struct xl_env *env, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(env->err, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------ names */

static int name_path(const struct xl_env *env, domid_t domid, char *buf,
                     size_t size)
{
    int n;

    if ( !env->run_dir )
        return -1;
    n = snprintf(buf, size, "%s/%u", env->run_dir, domid);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

int xl_name_get(const struct xl_env *env, domid_t domid, char *buf,
                size_t size)
{
    char path[256];
    FILE *f;
    size_t n;

    if ( !size || name_path(env, domid, path, sizeof(path)) ||
         !(f = fopen(path, "r")) )
        return -1;
    if ( !fgets(buf, size, f) )
    {
        fclose(f);
        return -1;
    }
    fclose(f);
    n = strcspn(buf, "\n");
    buf[n] = '\0';
    return n ? 0 : -1;
}

void xl_name_remove(const struct xl_env *env, domid_t domid)
{
    char path[256];

    if ( !name_path(env, domid, path, sizeof(path)) )
        unlink(path);
}

/* mkdir -p: /run itself may not exist yet in a minimal dom0. */
static int make_dirs(const char *dir)
{
    char buf[256];
    size_t n = strlen(dir);

    if ( n >= sizeof(buf) )
        return -1;
    memcpy(buf, dir, n + 1);
    for ( size_t i = 1; i <= n; i++ )
        if ( buf[i] == '/' || buf[i] == '\0' )
        {
            char c = buf[i];

            buf[i] = '\0';
            if ( mkdir(buf, 0755) && errno != EEXIST )
                return -1;
            buf[i] = c;
        }
    return 0;
}

static int name_set(struct xl_env *env, domid_t domid, const char *name)
{
    char path[256], tmp[272];
    FILE *f;

    if ( name_path(env, domid, path, sizeof(path)) )
        return -1;
    if ( make_dirs(env->run_dir) )
        return -1;
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if ( !(f = fopen(tmp, "w")) )
        return -1;
    fprintf(f, "%s\n", name);
    if ( fclose(f) || rename(tmp, path) )
    {
        unlink(tmp);
        return -1;
    }
    return 0;
}

int xl_name_lookup(const struct xl_env *env, const char *name,
                   domid_t *domid)
{
    DIR *d;
    struct dirent *e;
    int found = -1;

    if ( !env->run_dir || !(d = opendir(env->run_dir)) )
        return -1;
    while ( found && (e = readdir(d)) != NULL )
    {
        char buf[128], *end;
        unsigned long id = strtoul(e->d_name, &end, 10);

        if ( *end || end == e->d_name || !id ||
             id >= DOMID_FIRST_RESERVED )
            continue;
        if ( !xl_name_get(env, id, buf, sizeof(buf)) && !strcmp(buf, name) )
        {
            *domid = id;
            found = 0;
        }
    }
    closedir(d);
    return found;
}

/* ------------------------------------------------------------ files */

struct mapped_file {
    void *p;
    size_t size;
};

static int map_file(struct xl_env *env, const char *what, const char *path,
                    struct mapped_file *m)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    m->p = NULL;
    if ( fd < 0 || fstat(fd, &st) )
    {
        xerr(env, "xl: cannot open %s '%s': %s\n", what, path,
             strerror(errno));
        if ( fd >= 0 )
            close(fd);
        return -1;
    }
    if ( !S_ISREG(st.st_mode) || st.st_size <= 0 )
    {
        xerr(env, "xl: %s '%s' is %s\n", what, path,
             S_ISREG(st.st_mode) ? "empty" : "not a regular file");
        close(fd);
        return -1;
    }
    m->size = st.st_size;
    m->p = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if ( m->p == MAP_FAILED )
    {
        m->p = NULL;
        xerr(env, "xl: cannot read %s '%s': %s\n", what, path,
             strerror(errno));
        return -1;
    }
    return 0;
}

static void unmap_file(struct mapped_file *m)
{
    if ( m->p )
        munmap(m->p, m->size);
    m->p = NULL;
}

/* ------------------------------------------------------------ create */

static int print_config_error(struct xl_env *env, char *msg)
{
    xerr(env, "%s\n", msg ? msg : "xl: out of memory");
    free(msg);
    return EXIT_FAILURE;
}

int xl_create(struct xl_env *env, const char *file, char **overrides,
              int nr_overrides, int paused, int console)
{
    struct xlcfg *cfg = xlcfg_new();
    struct domain_config dc;
    struct xlcfg_msgs warn = { 0 };
    struct mapped_file kernel = { 0 }, ramdisk = { 0 };
    struct xg_pvh_result res;
    struct xg_pvh_args a;
    xc_interface *xch = NULL;
    char *msg = NULL, errbuf[512];
    domid_t other;
    int rc, ret = EXIT_FAILURE;

    if ( !cfg )
        return print_config_error(env, NULL);
    xerr(env, "Parsing config from %s\n", file);
    if ( xlcfg_parse_file(cfg, file, &msg) )
    {
        xlcfg_free(cfg);
        return print_config_error(env, msg);
    }
    for ( int i = 0; i < nr_overrides; i++ )
        if ( xlcfg_parse_override(cfg, overrides[i], i + 1, &msg) )
        {
            xlcfg_free(cfg);
            return print_config_error(env, msg);
        }
    rc = xlcfg_domain_config(cfg, &dc, &warn, &msg);
    for ( size_t i = 0; i < warn.nr; i++ )
        xerr(env, "%s\n", warn.msg[i]);
    xlcfg_msgs_free(&warn);
    xlcfg_free(cfg);
    if ( rc )
        return print_config_error(env, msg);

    if ( !xl_name_lookup(env, dc.name, &other) )
    {
        struct xen_domctl_getdomaininfo di;

        if ( (xch = env->open ? env->open(&rc) : NULL) != NULL &&
             !xc_domain_getinfo(xch, other, &di) )
        {
            xerr(env, "xl: domain with name \"%s\" already exists (id "
                 "%u)\n", dc.name, other);
            goto out;
        }
        /* A stale entry: its domain is gone. */
        xl_name_remove(env, other);
    }
    if ( map_file(env, "kernel", dc.kernel, &kernel) ||
         (dc.ramdisk && map_file(env, "ramdisk", dc.ramdisk, &ramdisk)) )
        goto out;

    if ( !xch && !(xch = env->open ? env->open(&rc) : NULL) )
    {
        xerr(env, "xl: cannot open %s: %s\n", XC_PRIVCMD_PATH,
             xc_strerror(rc));
        goto out;
    }
    a = (struct xg_pvh_args){
        .kernel = kernel.p, .kernel_size = kernel.size,
        .ramdisk = ramdisk.p, .ramdisk_size = ramdisk.size,
        .cmdline = dc.cmdline,
        .memory_kb = (uint64_t)dc.memory_mb << 10,
        .max_vcpus = dc.max_vcpus,
    };
    if ( xg_pvh_build(xch, &a, &res, errbuf, sizeof(errbuf)) )
    {
        xerr(env, "xl: cannot create domain '%s': %s\n", dc.name, errbuf);
        goto out;
    }
    if ( res.rewrites )
        xerr(env, "xl: warning: %u window(s) of domain %u's memory (the "
             "first at %#llx) read back different from what was written "
             "and were written again (stale foreign mappings?)\n",
             res.rewrites, res.domid,
             (unsigned long long)res.first_rewrite_gpa);
    if ( name_set(env, res.domid, dc.name) )
        xerr(env, "xl: warning: cannot record the name of domain %u in "
             "%s: %s\n", res.domid, env->run_dir ? env->run_dir : "(none)",
             strerror(errno));
    if ( !paused && (rc = xc_domain_unpause(xch, res.domid)) != 0 )
    {
        xerr(env, "xl: cannot unpause domain %u: %s\n", res.domid,
             xc_strerror(rc));
        xc_domain_destroy(xch, res.domid);
        xl_name_remove(env, res.domid);
        goto out;
    }
    xerr(env, "Started domain %s (id=%u)%s\n", dc.name, res.domid,
         paused ? ", paused" : "");
    ret = EXIT_SUCCESS;
    unmap_file(&kernel);
    unmap_file(&ramdisk);
    if ( console )
        ret = xl_console_run(env, xch, res.domid);

 out:
    unmap_file(&kernel);
    unmap_file(&ramdisk);
    xc_close(xch);
    domain_config_free(&dc);
    return ret;
}

/* ------------------------------------------------------------ console */

/* What is left of the domain: 0 running, 1 shut down or dying, -1 gone. */
static int domain_state(xc_interface *xch, domid_t domid)
{
    struct xen_domctl_getdomaininfo di;

    if ( xc_domain_getinfo(xch, domid, &di) )
        return -1;
    return di.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying) ? 1 : 0;
}

/*
 * Moves what the guest wrote to env->out.  Returns 0, or -1 when the
 * indices are impossible (the guest's fault: it is told by being
 * resynchronised, and the caller reports it once).
 */
static int console_drain(struct xl_env *env,
                         volatile struct xencons_interface *r)
{
    char buf[sizeof(r->out)];
    XENCONS_RING_IDX cons = r->out_cons, prod = r->out_prod;
    XENCONS_RING_IDX n = prod - cons;

    /* The indices first, then the data they cover. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if ( n > sizeof(r->out) )
    {
        r->out_cons = prod;
        return -1;
    }
    for ( XENCONS_RING_IDX i = 0; i < n; i++ )
        buf[i] = r->out[MASK_XENCONS_IDX(cons + i, r->out)];
    if ( n )
    {
        fwrite(buf, 1, n, env->out);
        fflush(env->out);
    }
    /* Done reading before the guest may reuse the space. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    r->out_cons = prod;
    return 0;
}

/* Stdin into in[]; returns 1 on the escape character or end of input. */
static int console_input(struct xl_env *env,
                         volatile struct xencons_interface *r)
{
    struct pollfd pfd = { .fd = env->in_fd, .events = POLLIN };
    char buf[64];
    ssize_t got;

    if ( env->in_fd < 0 || poll(&pfd, 1, 0) <= 0 )
        return 0;
    got = read(env->in_fd, buf, sizeof(buf));
    if ( got <= 0 )
    {
        /* End of input: keep showing output, read no more. */
        env->in_fd = -1;
        return 0;
    }
    for ( ssize_t i = 0; i < got; i++ )
    {
        XENCONS_RING_IDX cons = r->in_cons, prod = r->in_prod;

        if ( buf[i] == CONSOLE_ESCAPE )
            return 1;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        /* Full, or nonsense from the guest: drop what does not fit. */
        if ( prod - cons >= sizeof(r->in) )
            break;
        r->in[MASK_XENCONS_IDX(prod, r->in)] = buf[i];
        /* The byte before the index that publishes it. */
        __atomic_thread_fence(__ATOMIC_RELEASE);
        r->in_prod = prod + 1;
    }
    return 0;
}

int xl_console_run(struct xl_env *env, xc_interface *xch, domid_t domid)
{
    volatile struct xencons_interface *r;
    struct termios saved, raw;
    int tty = env->in_fd >= 0 && isatty(env->in_fd);
    unsigned long polls = 0;
    int rc, warned = 0, ret = EXIT_SUCCESS;
    uint64_t gfn;
    xen_pfn_t pfn;

    rc = xc_hvm_param_get(xch, domid, HVM_PARAM_CONSOLE_PFN, &gfn);
    if ( rc == -ESRCH )
    {
        xerr(env, "Error: Domain '%u' does not exist.\n", domid);
        return EXIT_FAILURE;
    }
    if ( rc || !gfn )
    {
        xerr(env, "xl: domain %u has no console ring%s%s\n", domid,
             rc ? ": " : " (HVM_PARAM_CONSOLE_PFN is 0)",
             rc ? xc_strerror(rc) : "");
        return EXIT_FAILURE;
    }
    pfn = gfn;
    r = xc_map_foreign_pages(xch, domid, &pfn, 1, &rc);
    if ( !r )
    {
        xerr(env, "xl: cannot map the console ring of domain %u (gfn "
             "%#llx): %s\n", domid, (unsigned long long)gfn,
             xc_strerror(rc));
        return EXIT_FAILURE;
    }
    if ( tty && !tcgetattr(env->in_fd, &saved) )
    {
        raw = saved;
        cfmakeraw(&raw);
        tcsetattr(env->in_fd, TCSANOW, &raw);
    }
    else
        tty = 0;

    for ( ;; )
    {
        int state = 0;

        if ( console_drain(env, r) && !warned )
        {
            xerr(env, "xl: domain %u's console ring indices are out of "
                 "range; skipping what they claim\n", domid);
            warned = 1;
        }
        if ( console_input(env, r) )
            break;
        if ( ++polls % CONSOLE_STATE_EVERY == 0 &&
             (state = domain_state(xch, domid)) != 0 )
        {
            /* What it wrote last, then the end. */
            console_drain(env, r);
            break;
        }
        if ( env->console_max_polls && polls >= env->console_max_polls )
            break;
        if ( !env->console_max_polls )
            poll(NULL, 0, CONSOLE_POLL_MS);
    }

    if ( tty )
        tcsetattr(env->in_fd, TCSANOW, &saved);
    xc_unmap_foreign(xch, (void *)r, 1);
    return ret;
}
