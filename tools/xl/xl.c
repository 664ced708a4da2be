/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl's commands: the ones that do not build domains.  Usage, option and
 * error messages follow Xen's xl, so that scripts and people used to it
 * find what they expect; where this hypervisor lacks something (a
 * domain's name, a xenstore to ask guests, building a domain) the
 * message says so rather than pretending.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "xl.h"
#include <public/sched.h>

struct cmd_spec {
    const char *name;
    int (*run)(struct xl_env *env, int argc, char **argv);
    int modifies;
    const char *desc;
    const char *usage;
    const char *options;
};

static const struct cmd_spec *cmd_lookup(const char *name);

/* ------------------------------------------------------------ helpers */

static void help(struct xl_env *env, const char *command);

static void __attribute__((format(printf, 2, 3)))
err(struct xl_env *env, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(env->err, fmt, ap);
    va_end(ap);
}

static xc_interface *open_xc(struct xl_env *env)
{
    int rc = -ENOSYS;
    xc_interface *xch = env->open ? env->open(&rc) : NULL;

    if ( !xch )
        err(env, "xl: cannot open %s: %s%s\n", XC_PRIVCMD_PATH,
            xc_strerror(rc),
            rc == -ENOENT ? " (is this a Xen domain with the xen-privcmd "
                            "module loaded?)" :
            rc == -EACCES || rc == -EPERM ? " (xl needs root)" : "");
    return xch;
}

/*
 * Options as Xen's xl takes them (getopt_long, permuting): the command's
 * short letters in opts, each with the long name in longs[i] (or NULL),
 * plus -h/--help.  The non-option arguments end up in args[0 .. *nargs).
 * Returns -1 to exit 0 (help shown), -2 to exit 2 (message shown), or 0.
 */
static int parse_opts(struct xl_env *env, const char *cmd, int argc,
                      char **argv, const char *opts,
                      const char *const *longs, int min_args, int *seen,
                      char **args, int *nargs)
{
    int n = 0, only_args = 0;

    for ( int i = 1; i < argc; i++ )
    {
        const char *a = argv[i];

        if ( only_args || a[0] != '-' || !a[1] )
        {
            args[n++] = argv[i];
            continue;
        }
        if ( !strcmp(a, "--") )
        {
            only_args = 1;
            continue;
        }
        if ( a[1] == '-' )
        {
            int found = 0;

            if ( !strcmp(a + 2, "help") )
            {
                help(env, cmd);
                return -1;
            }
            for ( unsigned int j = 0; opts[j]; j++ )
                if ( longs && longs[j] && !strcmp(a + 2, longs[j]) )
                {
                    seen[j] = 1;
                    found = 1;
                }
            if ( !found )
            {
                err(env, "xl: unrecognized option '%s'\n", a);
                return -2;
            }
            continue;
        }
        for ( const char *c = a + 1; *c; c++ )
        {
            const char *p = *c == 'h' ? NULL : strchr(opts, *c);

            if ( *c == 'h' )
            {
                help(env, cmd);
                return -1;
            }
            if ( !p )
            {
                err(env, "xl: invalid option -- '%c'\n", *c);
                return -2;
            }
            seen[p - opts] = 1;
        }
    }
    *nargs = n;
    if ( n < min_args )
    {
        err(env, "'xl %s' requires at least %d argument%s.\n\n", cmd,
            min_args, min_args > 1 ? "s" : "");
        help(env, cmd);
        return -2;
    }
    return 0;
}

/* The usual prologue: options, then the argument count. */
#define PARSE(opts, longs, min, max)                                       \
    int seen[8] = { 0 }, nargs;                                            \
    char **args = calloc(argc + 1, sizeof(*args));                         \
    int prc;                                                               \
    if ( !args )                                                           \
        return EXIT_FAILURE;                                               \
    prc = parse_opts(env, argv[0], argc, argv, opts, longs, min, seen,     \
                     args, &nargs);                                        \
    if ( !prc && (max) >= 0 && nargs > (max) )                             \
    {                                                                      \
        err(env, "'xl %s' takes at most %d argument%s.\n\n", argv[0],      \
            (max), (max) == 1 ? "" : "s");                                 \
        help(env, argv[0]);                                                \
        prc = -2;                                                          \
    }                                                                      \
    if ( prc )                                                             \
    {                                                                      \
        free(args);                                                        \
        return prc == -1 ? EXIT_SUCCESS : 2;                               \
    }

/* Xen's find_domain(): a name or an id, else an error. */
static int find_domain(struct xl_env *env, const char *arg, domid_t *domid)
{
    if ( xl_parse_domain(arg, domid) && xl_name_lookup(env, arg, domid) )
    {
        err(env, "%s is an invalid domain identifier\n", arg);
        return -1;
    }
    return 0;
}

/* An error from the hypervisor about domain arg. */
static void domain_error(struct xl_env *env, const char *what,
                         const char *arg, int rc)
{
    if ( rc == -ESRCH )
        err(env, "Error: Domain '%s' does not exist.\n", arg);
    else
        err(env, "xl: %s of domain %s failed: %s\n", what, arg,
            xc_strerror(rc));
}

/* ------------------------------------------------------------ list */

static int cmd_list(struct xl_env *env, int argc, char **argv)
{
    static const char *const longs[] = { "long", "verbose" };
    struct xen_domctl_getdomaininfo *list = NULL, one;
    unsigned int nr = 0;
    xc_interface *xch;
    int rc, ret = EXIT_FAILURE;
    PARSE("lv", longs, 0, 1);

    xch = open_xc(env);
    if ( !xch )
        goto out;
    if ( nargs == 1 )
    {
        domid_t domid;

        if ( find_domain(env, args[0], &domid) )
            goto out;
        rc = xc_domain_getinfo(xch, domid, &one);
        if ( rc )
        {
            domain_error(env, "getting information", args[0], rc);
            goto out;
        }
        list = &one;
        nr = 1;
    }
    else
    {
        rc = xc_domain_list(xch, &list, &nr);
        if ( rc )
        {
            err(env, "xl: listing domains failed: %s\n", xc_strerror(rc));
            goto out;
        }
    }
    if ( seen[0] )
        xl_list_long(env->out, list, nr);
    else
    {
        xl_list_header(env->out);
        for ( unsigned int i = 0; i < nr; i++ )
            xl_list_line(env->out, &list[i]);
    }
    ret = EXIT_SUCCESS;
 out:
    if ( list != &one )
        free(list);
    xc_close(xch);
    free(args);
    return ret;
}

/* ------------------------------------------------------------ vcpu-list */

static int vcpus_of(struct xl_env *env, xc_interface *xch,
                    const struct xen_domctl_getdomaininfo *d)
{
    for ( unsigned int v = 0; v <= d->max_vcpu_id; v++ )
    {
        struct xen_domctl_getvcpuinfo vi;
        int rc = xc_vcpu_getinfo(xch, d->domain, v, &vi);

        /* A domain may die meanwhile: not an error. */
        if ( rc == -ESRCH )
            return 0;
        if ( rc )
        {
            err(env, "xl: getting vCPU %u of domain %u failed: %s\n", v,
                d->domain, xc_strerror(rc));
            return -1;
        }
        xl_vcpu_line(env->out, d->domain, v, &vi);
    }
    return 0;
}

static int cmd_vcpu_list(struct xl_env *env, int argc, char **argv)
{
    struct xen_domctl_getdomaininfo *list = NULL;
    unsigned int nr = 0;
    xc_interface *xch;
    int rc, ret = EXIT_FAILURE;
    PARSE("", NULL, 0, -1);

    xch = open_xc(env);
    if ( !xch )
        goto out;
    if ( !nargs )
    {
        rc = xc_domain_list(xch, &list, &nr);
        if ( rc )
        {
            err(env, "xl: listing domains failed: %s\n", xc_strerror(rc));
            goto out;
        }
        xl_vcpu_header(env->out);
        for ( unsigned int i = 0; i < nr; i++ )
            if ( vcpus_of(env, xch, &list[i]) )
                goto out;
        ret = EXIT_SUCCESS;
        goto out;
    }
    xl_vcpu_header(env->out);
    ret = EXIT_SUCCESS;
    for ( int i = 0; i < nargs; i++ )
    {
        struct xen_domctl_getdomaininfo d;
        domid_t domid;

        if ( find_domain(env, args[i], &domid) )
        {
            ret = EXIT_FAILURE;
            continue;
        }
        rc = xc_domain_getinfo(xch, domid, &d);
        if ( rc )
        {
            domain_error(env, "getting information", args[i], rc);
            ret = EXIT_FAILURE;
            continue;
        }
        if ( vcpus_of(env, xch, &d) )
            ret = EXIT_FAILURE;
    }
 out:
    free(list);
    xc_close(xch);
    free(args);
    return ret;
}

/* ------------------------------------------------------------ info */

static int cmd_info(struct xl_env *env, int argc, char **argv)
{
    struct xen_sysctl_physinfo pi;
    struct xc_version_info vi;
    struct utsname u;
    xc_interface *xch;
    int rc, ret = EXIT_FAILURE;
    PARSE("", NULL, 0, 1);

    xch = open_xc(env);
    if ( !xch )
        goto out;
    rc = xc_physinfo(xch, &pi);
    if ( rc )
    {
        err(env, "xl: getting the host's physical information failed: %s\n",
            xc_strerror(rc));
        goto out;
    }
    rc = xc_version(xch, &vi);
    if ( rc )
    {
        err(env, "xl: getting the hypervisor's version failed: %s\n",
            xc_strerror(rc));
        goto out;
    }
    xl_print_info(env->out, nargs ? args[0] : NULL,
                  uname(&u) ? NULL : &u, &pi, &vi);
    ret = EXIT_SUCCESS;
 out:
    xc_close(xch);
    free(args);
    return ret;
}

/* ------------------------------------------------------------ dmesg */

static int cmd_dmesg(struct xl_env *env, int argc, char **argv)
{
    static const char *const longs[] = { "clear" };
    xc_interface *xch;
    char *text = NULL;
    size_t len;
    int rc, ret = EXIT_FAILURE;
    PARSE("c", longs, 0, 0);

    xch = open_xc(env);
    if ( !xch )
        goto out;
    rc = xc_readconsole(xch, seen[0], &text, &len);
    if ( rc )
    {
        err(env, "xl: reading the hypervisor's console failed: %s\n",
            xc_strerror(rc));
        goto out;
    }
    fwrite(text, 1, len, env->out);
    ret = EXIT_SUCCESS;
 out:
    free(text);
    xc_close(xch);
    free(args);
    return ret;
}

/* ------------------------------------------------ pause, unpause, destroy */

static int one_domain_op(struct xl_env *env, const char *arg,
                         const char *what,
                         int (*op)(xc_interface *, domid_t), int force)
{
    xc_interface *xch;
    domid_t domid;
    int rc;

    if ( find_domain(env, arg, &domid) )
        return EXIT_FAILURE;
    if ( op == xc_domain_destroy && domid == 0 && !force )
    {
        err(env, "Not destroying domain 0; use -f to force.\n"
            "This can only be done when using a disaggregated "
            "hardware domain and toolstack.\n\n");
        return EXIT_FAILURE;
    }
    xch = open_xc(env);
    if ( !xch )
        return EXIT_FAILURE;
    rc = op(xch, domid);
    xc_close(xch);
    /* Gone either way: forget its name. */
    if ( op == xc_domain_destroy && (!rc || rc == -ESRCH) )
        xl_name_remove(env, domid);
    if ( rc )
    {
        domain_error(env, what, arg, rc);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

static int cmd_pause(struct xl_env *env, int argc, char **argv)
{
    int ret;
    PARSE("", NULL, 1, 1);

    ret = one_domain_op(env, args[0], "pausing", xc_domain_pause, 0);
    free(args);
    return ret;
}

static int cmd_unpause(struct xl_env *env, int argc, char **argv)
{
    int ret;
    PARSE("", NULL, 1, 1);

    ret = one_domain_op(env, args[0], "unpausing", xc_domain_unpause, 0);
    free(args);
    return ret;
}

static int cmd_destroy(struct xl_env *env, int argc, char **argv)
{
    static const char *const longs[] = { "force" };
    int ret;
    PARSE("f", longs, 1, 1);

    ret = one_domain_op(env, args[0], "destroying", xc_domain_destroy,
                        seen[0]);
    free(args);
    return ret;
}

/* ------------------------------------------------ shutdown, reboot */

/*
 * Xen's xl asks the guest through xenstore's control/shutdown node and
 * falls back to SCHEDOP_remote_shutdown; with no xenstore here the
 * hypervisor stops the domain with the reason at once.  -w has nothing
 * to wait for, and -F (the fallback) is what always happens.
 */
static int shutdown_one(struct xl_env *env, xc_interface *xch, domid_t domid,
                        const char *arg, unsigned int reason)
{
    int rc = xc_domain_shutdown(xch, domid, reason);

    if ( rc )
    {
        domain_error(env, reason == SHUTDOWN_reboot ? "rebooting"
                                                    : "shutting down",
                     arg, rc);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

static int cmd_shutdown(struct xl_env *env, int argc, char **argv)
{
    unsigned int reason = !strcmp(argv[0], "reboot") ? SHUTDOWN_reboot
                                                      : SHUTDOWN_poweroff;
    struct xen_domctl_getdomaininfo *list = NULL;
    unsigned int nr = 0;
    xc_interface *xch;
    domid_t domid;
    int ret = EXIT_SUCCESS;
    PARSE("awF", NULL, 0, 1);

    if ( seen[0] ? nargs != 0 : nargs != 1 )
    {
        err(env, seen[0] ? "'xl %s -a' takes no domain.\n\n"
                         : "'xl %s' requires at least 1 argument.\n\n",
            argv[0]);
        help(env, argv[0]);
        free(args);
        return 2;
    }
    if ( !seen[0] && find_domain(env, args[0], &domid) )
    {
        free(args);
        return EXIT_FAILURE;
    }
    xch = open_xc(env);
    if ( !xch )
    {
        free(args);
        return EXIT_FAILURE;
    }
    if ( !seen[0] )
        ret = shutdown_one(env, xch, domid, args[0], reason);
    else if ( xc_domain_list(xch, &list, &nr) )
    {
        err(env, "libxl: error: could not list domains\n");
        ret = EXIT_FAILURE;
    }
    else
        /* -a: every domain but dom0, as in Xen. */
        for ( unsigned int i = 0; i < nr; i++ )
        {
            char id[8];

            if ( !list[i].domain )
                continue;
            snprintf(id, sizeof(id), "%u", list[i].domain);
            if ( shutdown_one(env, xch, list[i].domain, id, reason) )
                ret = EXIT_FAILURE;
        }
    free(list);
    xc_close(xch);
    free(args);
    return ret;
}

/* ------------------------------------------------------------ uptime */

static int dom0_uptime(struct xl_env *env, unsigned long *secs)
{
    FILE *f = fopen(env->proc_uptime, "r");
    double up;
    int ok;

    if ( !f )
        return -1;
    ok = fscanf(f, "%lf", &up) == 1 && up >= 0;
    fclose(f);
    if ( !ok )
        return -1;
    *secs = up;
    return 0;
}

static void print_uptime(struct xl_env *env, domid_t domid,
                         unsigned long secs, int short_mode, time_t now)
{
    char name[32], up[64];

    xl_domain_name(domid, name, sizeof(name));
    xl_uptime_string(secs, short_mode, up, sizeof(up));
    if ( short_mode )
    {
        char clock[16] = "";
        struct tm tm;

        if ( localtime_r(&now, &tm) )
            strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
        fprintf(env->out, " %s up %s, %s (%u)\n", clock, up, name, domid);
    }
    else
        fprintf(env->out, "%-33s %4u %s\n", name, domid, up);
}

static int cmd_uptime(struct xl_env *env, int argc, char **argv)
{
    time_t now = env->now ? env->now : time(NULL);
    unsigned long secs;
    int ret = EXIT_SUCCESS;
    PARSE("s", NULL, 0, -1);

    /* Check every argument before printing anything. */
    for ( int i = 0; i < nargs; i++ )
    {
        domid_t domid;

        if ( find_domain(env, args[i], &domid) )
        {
            free(args);
            return EXIT_FAILURE;
        }
    }
    if ( dom0_uptime(env, &secs) )
    {
        err(env, "Can not get Dom0 uptime.\n");
        free(args);
        return EXIT_FAILURE;
    }
    if ( !seen[0] )
        fprintf(env->out, "%-33s %4s %s\n", "Name", "ID", "Uptime");
    /*
     * Xen's xl takes a domU's start time from xenstore and skips a
     * domain that has none; without xenstore that is every domU.
     */
    if ( !nargs )
        print_uptime(env, 0, secs, seen[0], now);
    for ( int i = 0; i < nargs; i++ )
    {
        domid_t domid;

        xl_parse_domain(args[i], &domid);
        if ( domid == 0 )
            print_uptime(env, 0, secs, seen[0], now);
        else
        {
            err(env, "xl: the uptime of domain %s is unknown: no start "
                "time is recorded without xenstore\n", args[i]);
            ret = EXIT_FAILURE;
        }
    }
    free(args);
    return ret;
}

/* ------------------------------------------------------------ create */

static int cmd_create(struct xl_env *env, int argc, char **argv)
{
    int ret;

    PARSE("pcqeV", NULL, 1, -1);
    /* Xen's -n (dry run), -d, -F, -f FILE are not offered. */
    for ( int i = 1; i < nargs; i++ )
        if ( !strchr(args[i], '=') )
        {
            err(env, "xl: '%s': extra arguments must be KEY=VALUE\n",
                args[i]);
            free(args);
            return 2;
        }
    ret = xl_create(env, args[0], args + 1, nargs - 1, seen[0], seen[1]);
    free(args);
    return ret;
}

static int cmd_console(struct xl_env *env, int argc, char **argv)
{
    xc_interface *xch;
    domid_t domid;
    int ret;

    PARSE("", NULL, 1, 1);
    if ( find_domain(env, args[0], &domid) )
    {
        free(args);
        return EXIT_FAILURE;
    }
    free(args);
    if ( !(xch = open_xc(env)) )
        return EXIT_FAILURE;
    ret = xl_console_run(env, xch, domid);
    xc_close(xch);
    return ret;
}

/* ------------------------------------------------------------ help */

static int cmd_help(struct xl_env *env, int argc, char **argv)
{
    help(env, argc > 1 ? argv[1] : NULL);
    return EXIT_SUCCESS;
}

static const struct cmd_spec cmd_table[] = {
    { "create", cmd_create, 1,
      "Create a domain from config file <filename>",
      "<ConfigFile> [options] [vars]",
      "-p                      Leave the domain paused after it is "
      "created.\n"
      "-c                      Connect to the console after the domain is "
      "created.\n"
      "vars                    KEY=VALUE settings after the file's." },
    { "console", cmd_console, 0,
      "Attach to domain's console", "<Domain>",
      "Ctrl-] leaves it; it ends when the domain shuts down." },
    { "list", cmd_list, 0,
      "List information about all/some domains",
      "[options] [Domain]\n",
      "-l, --long              Output all VM details\n"
      "-v, --verbose           Prints out UUIDs and security context" },
    { "destroy", cmd_destroy, 0,
      "Terminate a domain immediately",
      "[options] <Domain>\n",
      "-f                      Permit destroying domain 0, which will only "
      "succeed\n"
      "                        when run from disaggregated toolstack domain "
      "with a\n"
      "                        hardware domain distinct from domain 0." },
    { "shutdown", cmd_shutdown, 0,
      "Issue a shutdown signal to a domain",
      "[options] <-a|Domain>",
      "-a, --all               Shutdown all guest domains.\n"
      "-w, --wait              Wait for guest(s) to shutdown.\n"
      "-F                      Fallback to the hypervisor's remote shutdown "
      "(always\n"
      "                        used here: there is no xenstore)." },
    { "reboot", cmd_shutdown, 0,
      "Issue a reboot signal to a domain",
      "[options] <-a|Domain>",
      "-a, --all               Reboot all guest domains.\n"
      "-w, --wait              Wait for guest(s) to reboot.\n"
      "-F                      Fallback to the hypervisor's remote shutdown "
      "(always\n"
      "                        used here: there is no xenstore)." },
    { "pause", cmd_pause, 0,
      "Pause execution of a domain", "<Domain>", NULL },
    { "unpause", cmd_unpause, 0,
      "Unpause a paused domain", "<Domain>", NULL },
    { "vcpu-list", cmd_vcpu_list, 0,
      "List the VCPUs for all/some domains", "[Domain, ...]", NULL },
    { "info", cmd_info, 0,
      "Get information about Xen host", "[item]", NULL },
    { "dmesg", cmd_dmesg, 0,
      "Read and/or clear dmesg buffer", "[-c]",
      "  -c                        Clear dmesg buffer as well as printing "
      "it" },
    { "uptime", cmd_uptime, 0,
      "Print uptime for all/some domains", "[-s] [Domain]", NULL },
    { "help", cmd_help, 0,
      "Print this help", "[command]", NULL },
};

#define NR_CMDS (sizeof(cmd_table) / sizeof(cmd_table[0]))

static const struct cmd_spec *cmd_lookup(const char *name)
{
    for ( unsigned int i = 0; i < NR_CMDS; i++ )
        if ( !strcmp(cmd_table[i].name, name) )
            return &cmd_table[i];
    return NULL;
}

static void help(struct xl_env *env, const char *command)
{
    const struct cmd_spec *cmd;

    if ( !command || !strcmp(command, "help") )
    {
        fprintf(env->out, "Usage xl [-v] [-h] <subcommand> [args]\n\n");
        fprintf(env->out, "xl full list of subcommands:\n\n");
        for ( unsigned int i = 0; i < NR_CMDS; i++ )
            fprintf(env->out, " %-19s %s\n", cmd_table[i].name,
                    cmd_table[i].desc);
        return;
    }
    cmd = cmd_lookup(command);
    if ( !cmd )
    {
        fprintf(env->out, "command \"%s\" not implemented\n", command);
        return;
    }
    fprintf(env->out, "Usage: xl [-v%s] %s %s\n\n%s.\n\n",
            cmd->modifies ? "f" : "", cmd->name, cmd->usage, cmd->desc);
    if ( cmd->options )
        fprintf(env->out, "Options:\n\n%s\n", cmd->options);
}

int xl_main(int argc, char **argv, struct xl_env *env)
{
    const struct cmd_spec *cmd;
    int i = 1;

    /* Global options before the command: -v (accepted), -h. */
    for ( ; i < argc && argv[i][0] == '-' && argv[i][1]; i++ )
    {
        if ( !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") )
        {
            help(env, NULL);
            return EXIT_SUCCESS;
        }
        if ( strspn(argv[i] + 1, "v") != strlen(argv[i] + 1) )
        {
            err(env, "xl: invalid option -- '%s'\n", argv[i] + 1);
            help(env, NULL);
            return 2;
        }
    }
    if ( i >= argc )
    {
        help(env, NULL);
        return EXIT_FAILURE;
    }
    xl_names_env = env;
    cmd = cmd_lookup(argv[i]);
    if ( !cmd )
    {
        err(env, "command not implemented\n");
        return EXIT_FAILURE;
    }
    return cmd->run(env, argc - i, argv + i);
}
