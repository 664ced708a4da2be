/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xl: the toolstack's command-line tool.  The commands (xl.c) and their
 * output formats (xl_format.c) take their streams and their way to the
 * hypervisor from a struct xl_env, so that host tests can run them
 * against a fake hypervisor and read what they print.
 */
#ifndef XL_H
#define XL_H

#include <stddef.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <time.h>

#include "xenctrl.h"

struct xl_env {
    FILE *out;                      /* what stdout gets */
    FILE *err;                      /* what stderr gets */
    /* Opens the hypervisor interface; NULL with *err = -errno. */
    xc_interface *(*open)(int *err);
    const char *proc_uptime;        /* dom0's uptime: /proc/uptime */
    time_t now;                     /* 0: the current time */
    const char *run_dir;            /* the name registry; NULL: none */
    int in_fd;                      /* xl console's input; -1: none */
    unsigned long console_max_polls; /* 0: poll until the domain ends */
};

/* Runs "xl argv[1] ...": returns the exit status. */
int xl_main(int argc, char **argv, struct xl_env *env);

/* ------------------------------------------------------ xl_create.c */

/* The dom0 name registry (see xl_create.c); 0 or -1. */
int xl_name_get(const struct xl_env *env, domid_t domid, char *buf,
                size_t size);
int xl_name_lookup(const struct xl_env *env, const char *name,
                   domid_t *domid);
void xl_name_remove(const struct xl_env *env, domid_t domid);

/* "xl create": builds, names, starts (unless paused) the domain. */
int xl_create(struct xl_env *env, const char *file, char **overrides,
              int nr_overrides, int paused, int console);
/* "xl console": until the domain ends or Ctrl-]; an exit status. */
int xl_console_run(struct xl_env *env, xc_interface *xch, domid_t domid);

/* ------------------------------------------------------ xl_format.c */

/* Where xl_domain_name() finds registered names (xl_main() sets it). */
extern const struct xl_env *xl_names_env;

/*
 * A domain's name: "Domain-0", a domU's from the registry, else
 * "domU-<id>" (see xl_format.c).
 */
void xl_domain_name(domid_t domid, char *buf, size_t size);
/*
 * A domain argument: a decimal id, "Domain-0" or "domU-<id>".  Returns 0
 * or -1 if it is none of them (or out of range).
 */
int xl_parse_domain(const char *arg, domid_t *domid);

/* "rbpscd": running, blocked, paused, shutdown (+reason), dying. */
void xl_state_string(const struct xen_domctl_getdomaininfo *info,
                     char state[7]);
/* The memory a domain holds, in KiB. */
unsigned long long xl_domain_memkb(const struct xen_domctl_getdomaininfo *d);

void xl_list_header(FILE *f);
void xl_list_line(FILE *f, const struct xen_domctl_getdomaininfo *info);
/* "xl list -l": a JSON array of what the hypervisor tells. */
void xl_list_long(FILE *f, const struct xen_domctl_getdomaininfo *info,
                  unsigned int nr);

void xl_vcpu_header(FILE *f);
void xl_vcpu_line(FILE *f, domid_t domid, unsigned int vcpu,
                  const struct xen_domctl_getvcpuinfo *vi);

/*
 * "xl info": only the lines whose key starts with filter (all if NULL)
 * and, then, only their values.
 */
void xl_print_info(FILE *f, const char *filter, const struct utsname *u,
                   const struct xen_sysctl_physinfo *pi,
                   const struct xc_version_info *vi);

/* Xen's uptime format: "[D day(s), ]HH:MM[:SS]". */
void xl_uptime_string(unsigned long secs, int short_mode, char *buf,
                      size_t size);

#endif /* XL_H */
