// SPDX-License-Identifier: GPL-2.0-only
/*
 * init - PID 1 of the Linux test initramfs (see tests/linux/README).
 *
 * First prints, on /dev/console,
 *
 *   LINUX-INIT: start
 *   LINUX-INIT: tsc=<n>
 *
 * where n is the TSC read by main()'s first statement: scripts/bench
 * measures Linux's boot up to there, booted as dom0 and natively (Bochs
 * zeroes the TSC at power-on, and the hypervisor does not offset it).
 *
 * Then mounts devtmpfs, proc and sysfs, checks what Linux sees of the
 * hypervisor it runs on and prints one line per check
 *
 *   TEST <name>: PASS <details>
 *   TEST <name>: FAIL <details>
 *   TEST <name>: SKIP <why it could not be evaluated>
 *
 * a few "INFO <name>: ..." lines that are facts, not checks, and last
 *
 *   LINUX-INIT: <n> passed, <m> failed
 *
 * then powers the machine off.  SKIPs count neither as passed nor as
 * failed; they are listed on a "LINUX-INIT: skipped: ..." line before the
 * last one.
 *
 * Options, read from the kernel command line (/proc/cmdline):
 *   expect_cpus=N        the number of online CPUs must be N
 *   expect_mem_mb=N      the RAM Linux found must be within 25% of N MiB
 *   expect_dom0=0|1      whether /proc/xen/capabilities says control_d
 *   init_modules=A,B...  load /lib/modules/A.ko (or .ko.xz), B, ... first
 *   xl_test=1            after the other checks, run the toolstack's
 *                        /usr/sbin/xl (info, list, vcpu-list, dmesg,
 *                        uptime and some refused commands) and check
 *                        what it prints (needs xen-privcmd loaded)
 *   xl_create_test=1     build a PVH domU with "xl create" (the kernel and
 *                        initramfs in /usr/share/xl-test, packed by
 *                        scripts/linux-fixture), read its console with
 *                        "xl console" until its init's result line,
 *                        destroy it and check that free memory comes
 *                        back; and bad configurations, which must create
 *                        nothing (needs xen-privcmd loaded)
 *   init_end=poweroff|reboot|halt|shell   what to do at the end
 *                        (default poweroff; shell execs /bin/sh if present)
 *
 * Run as any other PID (for instance on the build host) it mounts
 * nothing, loads nothing and does not power off: a dry run of the checks.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KERNEL_CONFIG "/etc/linux.config"
#define MODULE_DIR    "/lib/modules"
#define XL_PATH       "/usr/sbin/xl"

#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

enum verdict { PASS, FAIL, SKIP };

static int is_pid1;
static unsigned int nr_pass, nr_fail;
static char skipped[1024];

static char cmdline[4096];
static char *dmesg;               /* the kernel log, NUL-terminated */
static int dmesg_complete;        /* it still starts at "Linux version" */
static long online_cpus = -1;

/* ------------------------------------------------------------ output */

/* The time stamp counter, or 0 where there is none (not x86). */
static unsigned long long read_tsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
    unsigned int lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((unsigned long long)hi << 32) | lo;
#else
    return 0;
#endif
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One write() per line, so that kernel messages do not split it. */
static void out(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n > sizeof(line) - 2)
        n = sizeof(line) - 2;
    line[n++] = '\n';
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, line, (size_t)n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        memmove(line, line + w, (size_t)(n - w));
        n -= (int)w;
    }
}

static void result(const char *name, enum verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void result(const char *name, enum verdict v, const char *fmt, ...)
{
    static const char *const word[] = { "PASS", "FAIL", "SKIP" };
    char details[900];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(details, sizeof(details), fmt, ap);
    va_end(ap);
    out("TEST %s: %s %s", name, word[v], details);
    if (v == PASS) {
        nr_pass++;
    } else if (v == FAIL) {
        nr_fail++;
    } else if (strlen(skipped) + strlen(name) + 3 < sizeof(skipped)) {
        if (skipped[0])
            strcat(skipped, ", ");
        strcat(skipped, name);
    }
}

/* ------------------------------------------------------------ helpers */

/* Read a small file; strip trailing white space.  Returns length or -1. */
static ssize_t read_text(const char *path, char *buf, size_t size)
{
    ssize_t n, total = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    while ((size_t)total < size - 1) {
        n = read(fd, buf + total, size - 1 - (size_t)total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;

            close(fd);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        total += n;
    }
    close(fd);
    while (total > 0 && isspace((unsigned char)buf[total - 1]))
        total--;
    buf[total] = 0;
    return total;
}

static int exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* The value of a "name=value" word on the kernel command line. */
static const char *option(const char *name, char *buf, size_t size)
{
    size_t len = strlen(name);
    const char *p = cmdline;

    while (*p) {
        const char *end;

        while (*p == ' ')
            p++;
        end = strchr(p, ' ');
        if (!end)
            end = p + strlen(p);
        if ((size_t)(end - p) > len && !strncmp(p, name, len) &&
            p[len] == '=') {
            size_t vlen = (size_t)(end - p) - len - 1;

            if (vlen >= size)
                vlen = size - 1;
            memcpy(buf, p + len + 1, vlen);
            buf[vlen] = 0;
            return buf;
        }
        p = end;
    }
    return NULL;
}

/* A numeric option: 1 and *val if present and valid, 0 if absent, -1 if
 * malformed. */
static int option_long(const char *name, long *val)
{
    char buf[64], *end;
    long v;

    if (!option(name, buf, sizeof(buf)))
        return 0;
    errno = 0;
    v = strtol(buf, &end, 0);
    if (errno || end == buf || *end || v < 0)
        return -1;
    *val = v;
    return 1;
}

/*
 * The kernel build configuration copied into the initramfs: 'y', 'm' or
 * 'n' for CONFIG_<name>, or 0 when the file is missing.
 */
static char kconfig(const char *name)
{
    static char *text;
    static int loaded;
    char key[128];
    const char *p;

    if (!loaded) {
        FILE *f = fopen(KERNEL_CONFIG, "re");

        loaded = 1;
        if (f) {
            size_t cap = 1 << 18, len = 0, n;

            text = malloc(cap + 1);
            while (text && (n = fread(text + len, 1, cap - len, f)) > 0) {
                len += n;
                if (len == cap) {
                    char *bigger = realloc(text, cap * 2 + 1);

                    if (!bigger)
                        break;
                    text = bigger;
                    cap *= 2;
                }
            }
            if (text)
                text[len] = 0;
            fclose(f);
        }
    }
    if (!text)
        return 0;
    snprintf(key, sizeof(key), "\nCONFIG_%s=", name);
    p = strstr(text, key);
    if (!p)
        return 'n';
    return p[strlen(key)];
}

/* "CONFIG_X=y" etc. for messages. */
static const char *kconfig_str(const char *name)
{
    static char buf[8][96];
    static unsigned int slot;
    char c = kconfig(name);
    char *b = buf[slot++ % 8];

    if (!c)
        snprintf(b, sizeof(buf[0]), "CONFIG_%s unknown (no %s)", name,
                 KERNEL_CONFIG);
    else if (c == 'n')
        snprintf(b, sizeof(buf[0]), "CONFIG_%s is not set", name);
    else
        snprintf(b, sizeof(buf[0]), "CONFIG_%s=%c", name, c);
    return b;
}

/*
 * The first kernel log line containing needle (at or after *from when
 * from is given, which is then moved past that line), without its "<n>"
 * prefix, copied to buf; NULL if none.  Lines that echo the command line
 * are ignored, so that options cannot satisfy a check.
 */
static const char *dmesg_next(const char *needle, const char **from,
                              char *buf, size_t size)
{
    const char *p = from ? *from : dmesg;

    while (p && (p = strstr(p, needle))) {
        const char *start = p, *end = strchr(p, '\n');
        size_t len;

        while (start > dmesg && start[-1] != '\n')
            start--;
        if (!end)
            end = p + strlen(p);
        if (start[0] == '<' && memchr(start, '>', (size_t)(end - start)))
            start = (const char *)memchr(start, '>',
                                         (size_t)(end - start)) + 1;
        len = (size_t)(end - start);
        if (len >= size)
            len = size - 1;
        memcpy(buf, start, len);
        buf[len] = 0;
        p = end;
        if (strstr(buf, "ommand line:"))
            continue;
        if (from)
            *from = p;
        return buf;
    }
    return NULL;
}

static const char *dmesg_find(const char *needle, char *buf, size_t size)
{
    return dmesg_next(needle, NULL, buf, size);
}

static unsigned int dmesg_count(const char *needle)
{
    const char *p = dmesg;
    unsigned int n = 0;

    while (p && (p = strstr(p, needle))) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* Count the CPUs in a list such as "0-3,5". */
static long count_cpu_list(const char *s)
{
    long n = 0;

    while (*s) {
        char *end;
        long a = strtol(s, &end, 10), b = a;

        if (end == s)
            return -1;
        s = end;
        if (*s == '-') {
            b = strtol(s + 1, &end, 10);
            if (end == s + 1 || b < a)
                return -1;
            s = end;
        }
        n += b - a + 1;
        if (*s == ',')
            s++;
        else if (*s)
            return -1;
    }
    return n;
}

/* ------------------------------------------------------------ setup */

static void do_mount(const char *name, const char *src, const char *dir,
                     const char *type)
{
    if (!is_pid1) {
        result(name, SKIP, "not PID 1: dry run, %s left as it is", dir);
        return;
    }
    mkdir(dir, 0755);
    if (mount(src, dir, type, MS_NOSUID | MS_NOEXEC, NULL) == 0)
        result(name, PASS, "%s on %s", type, dir);
    else if (errno == EBUSY)
        result(name, PASS, "%s already mounted on %s", type, dir);
    else
        result(name, FAIL, "mount -t %s %s: %s", type, dir, strerror(errno));
}

static void setup_console(void)
{
    int fd;

    if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
        return;
    /* No /dev/console in the initramfs: use devtmpfs' one. */
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, NULL);
    fd = open("/dev/console", O_RDWR | O_NOCTTY);
    if (fd < 0)
        return;
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    if (fd > STDERR_FILENO)
        close(fd);
}

static void read_dmesg(void)
{
    int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
    int n;

    if (size <= 0)
        size = 1 << 20;
    dmesg = malloc((size_t)size + 1);
    if (!dmesg)
        return;
    n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, dmesg, size);
    if (n < 0) {
        out("INFO dmesg: klogctl(READ_ALL): %s", strerror(errno));
        free(dmesg);
        dmesg = NULL;
        return;
    }
    dmesg[n] = 0;
    {
        /* Complete if the first record is the "Linux version" banner. */
        const char *first = dmesg;

        if (first[0] == '<' && strchr(first, '>'))
            first = strchr(first, '>') + 1;
        if (first[0] == '[' && strchr(first, ']'))
            first = strchr(first, ']') + 1;
        while (*first == ' ')
            first++;
        dmesg_complete = !strncmp(first, "Linux version", 13);
    }
    out("INFO dmesg: %d bytes of a %d-byte log buffer%s", n, size,
        dmesg_complete ? "" : "; the start of the log was overwritten");
}

/* ------------------------------------------------------------ checks */

static void check_cmdline(void)
{
    if (read_text("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
        result("cmdline", FAIL, "cannot read /proc/cmdline: %s",
               strerror(errno));
    else if (!cmdline[0])
        result("cmdline", FAIL, "empty (did the hypervisor pass "
               "hvm_start_info.cmdline_paddr?)");
    else
        result("cmdline", PASS, "\"%s\"", cmdline);
}

/* Why a /sys/hypervisor file is missing: SKIP or FAIL. */
static void sys_hypervisor_missing(const char *name, const char *path)
{
    char c = kconfig("XEN_SYS_HYPERVISOR");

    if (c == 'y')
        result(name, FAIL, "%s missing although CONFIG_XEN_SYS_HYPERVISOR=y"
               " (the kernel did not detect Xen?)", path);
    else
        result(name, SKIP, "%s missing and %s", path,
               kconfig_str("XEN_SYS_HYPERVISOR"));
}

static void check_sys_hypervisor(void)
{
    char type[64], gtype[64], major[32], minor[32], extra[64];

    if (read_text("/sys/hypervisor/type", type, sizeof(type)) < 0)
        sys_hypervisor_missing("hypervisor-type", "/sys/hypervisor/type");
    else if (strcmp(type, "xen"))
        result("hypervisor-type", FAIL, "/sys/hypervisor/type is \"%s\", "
               "not \"xen\"", type);
    else
        result("hypervisor-type", PASS, "/sys/hypervisor/type is \"xen\"");

    if (read_text("/sys/hypervisor/guest_type", gtype, sizeof(gtype)) < 0)
        sys_hypervisor_missing("guest-type", "/sys/hypervisor/guest_type");
    else if (strcmp(gtype, "PVH"))
        result("guest-type", FAIL, "/sys/hypervisor/guest_type is \"%s\", "
               "not \"PVH\"", gtype);
    else
        result("guest-type", PASS, "/sys/hypervisor/guest_type is \"PVH\"");

    if (read_text("/sys/hypervisor/version/major", major, sizeof(major)) < 0 ||
        read_text("/sys/hypervisor/version/minor", minor, sizeof(minor)) < 0) {
        sys_hypervisor_missing("xen-version", "/sys/hypervisor/version/");
        return;
    }
    if (read_text("/sys/hypervisor/version/extra", extra, sizeof(extra)) < 0)
        extra[0] = 0;
    if (atoi(major) >= 4)
        result("xen-version", PASS, "%s.%s%s (XENVER_version, major >= 4)",
               major, minor, extra);
    else
        result("xen-version", FAIL, "%s.%s%s: Linux wants major >= 4",
               major, minor, extra);
}

static void check_cpuinfo(void)
{
    FILE *f = fopen("/proc/cpuinfo", "re");
    char line[4096];
    int found_flags = 0;

    if (!f) {
        result("cpu-hypervisor-flag", FAIL, "cannot open /proc/cpuinfo: %s",
               strerror(errno));
        return;
    }
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "flags", 5))
            continue;
        found_flags = 1;
        if (strstr(line, " hypervisor ") || strstr(line, " hypervisor\n")) {
            fclose(f);
            result("cpu-hypervisor-flag", PASS, "CPUID.1:ECX[31] "
                   "\"hypervisor\" in /proc/cpuinfo flags");
            return;
        }
        break;
    }
    fclose(f);
    if (found_flags)
        result("cpu-hypervisor-flag", FAIL, "no \"hypervisor\" in the flags "
               "of CPU 0 in /proc/cpuinfo");
    else
        result("cpu-hypervisor-flag", FAIL, "no flags line in /proc/cpuinfo");
}

static void check_cpus(void)
{
    char buf[256];
    long want;
    int have = option_long("expect_cpus", &want);

    if (read_text("/sys/devices/system/cpu/online", buf, sizeof(buf)) >= 0)
        online_cpus = count_cpu_list(buf);
    else
        buf[0] = 0;
    if (have < 0)
        result("online-cpus", FAIL, "malformed expect_cpus= on the command "
               "line");
    else if (online_cpus < 0)
        result("online-cpus", FAIL, "cannot read or parse "
               "/sys/devices/system/cpu/online (\"%s\")", buf);
    else if (have == 0)
        result("online-cpus", SKIP, "no expect_cpus= on the command line "
               "(%ld online: %s)", online_cpus, buf);
    else if (online_cpus == want)
        result("online-cpus", PASS, "%ld online (%s), as expected",
               online_cpus, buf);
    else
        result("online-cpus", FAIL, "%ld online (%s), expected %ld",
               online_cpus, buf, want);
}

static void check_memory(void)
{
    char line[256];
    const char *from = dmesg;
    unsigned long avail_kb = 0, total_kb = 0, memtotal_kb = 0;
    const char *what;
    FILE *f;
    long want;
    int have = option_long("expect_mem_mb", &want);
    unsigned long kb;

    /* "Memory: 312345K/393216K available (...)" from mem_init(). */
    while (dmesg_next("Memory: ", &from, line, sizeof(line)))
        if (sscanf(strstr(line, "Memory: "), "Memory: %luK/%luK available",
                   &avail_kb, &total_kb) == 2)
            break;
        else
            avail_kb = total_kb = 0;
    f = fopen("/proc/meminfo", "re");
    if (f) {
        char l[256];

        while (fgets(l, sizeof(l), f))
            if (sscanf(l, "MemTotal: %lu kB", &memtotal_kb) == 1)
                break;
        fclose(f);
    }
    if (total_kb) {
        kb = total_kb;
        what = "RAM found at boot (dmesg \"Memory: .../...K available\")";
    } else {
        kb = memtotal_kb;
        what = "MemTotal";
    }
    out("INFO memory: boot %luK/%luK available, MemTotal %lu kB", avail_kb,
        total_kb, memtotal_kb);

    if (have < 0)
        result("memory", FAIL, "malformed expect_mem_mb= on the command line");
    else if (!kb)
        result("memory", FAIL, "neither the boot \"Memory:\" line nor "
               "MemTotal could be read");
    else if (have == 0)
        result("memory", SKIP, "no expect_mem_mb= on the command line (%lu "
               "MiB %s)", kb >> 10, what);
    else if (kb * 4 >= (unsigned long)want * 1024 * 3 &&
             kb * 4 <= (unsigned long)want * 1024 * 5)
        result("memory", PASS, "%lu MiB %s, within 25%% of %ld MiB",
               kb >> 10, what, want);
    else
        result("memory", FAIL, "%lu MiB %s, not within 25%% of %ld MiB",
               kb >> 10, what, want);
}

/* A kernel log line that should be there on Xen PVH. */
static void check_dmesg_line(const char *name, const char *const needles[],
                             const char *why_missing)
{
    char line[300];
    unsigned int i;

    if (!dmesg) {
        result(name, SKIP, "kernel log unreadable");
        return;
    }
    for (i = 0; needles[i]; i++)
        if (dmesg_find(needles[i], line, sizeof(line))) {
            result(name, PASS, "\"%s\"", line);
            return;
        }
    if (!dmesg_complete)
        result(name, SKIP, "no \"%s\" in the kernel log, but its start was "
               "overwritten", needles[0]);
    else
        result(name, FAIL, "no \"%s\" in the kernel log%s%s", needles[0],
               why_missing ? ": " : "", why_missing ? why_missing : "");
}

static void check_dmesg(void)
{
    static const char *const banner[] = {
        "Booting kernel on Xen", "Xen version", NULL };
    static const char *const pvh[] = { "PVH", NULL };
    static const char *const evtchn[] = {
        "Using FIFO-based ABI", "Using 2-level ABI", NULL };
    static const char *const callback[] = {
        "Xen HVM callback vector for event delivery is enabled", NULL };
    static const char *const oops[] = {
        "Call Trace:", "BUG: ", "Oops", "WARNING: CPU:",
        "general protection fault", "Kernel panic", NULL };
    char line[300];
    unsigned int i, timers;

    check_dmesg_line("dmesg-xen-banner", banner,
                     "Linux did not detect Xen");
    check_dmesg_line("dmesg-pvh", pvh, "Linux did not take the PVH path");
    check_dmesg_line("dmesg-evtchn", evtchn,
                     "no event channel ABI was set up");
    check_dmesg_line("dmesg-callback-vector", callback,
                     "HVM_PARAM_CALLBACK_IRQ vector delivery not enabled");

    if (!dmesg) {
        result("dmesg-xen-timer", SKIP, "kernel log unreadable");
        result("dmesg-no-oops", SKIP, "kernel log unreadable");
        return;
    }
    timers = dmesg_count("installing Xen timer for CPU");
    if (timers && (online_cpus < 0 || timers >= online_cpus))
        result("dmesg-xen-timer", PASS, "\"installing Xen timer for CPU\" "
               "%u time(s), %ld CPU(s) online", timers, online_cpus);
    else if (!timers && !dmesg_complete)
        result("dmesg-xen-timer", SKIP, "no \"installing Xen timer\" in the "
               "kernel log, but its start was overwritten");
    else
        result("dmesg-xen-timer", FAIL, "\"installing Xen timer for CPU\" "
               "%u time(s), %ld CPU(s) online (Xen clockevent not in use?)",
               timers, online_cpus);

    for (i = 0; oops[i]; i++)
        if (dmesg_find(oops[i], line, sizeof(line))) {
            result("dmesg-no-oops", FAIL, "\"%s\"", line);
            return;
        }
    result("dmesg-no-oops", PASS, "no Call Trace, BUG, Oops, WARNING or "
           "panic in the kernel log");
}

static void load_modules(void)
{
    char list[512], *name, *save = NULL;

    if (!option("init_modules", list, sizeof(list)))
        return;
    for (name = strtok_r(list, ",", &save); name;
         name = strtok_r(NULL, ",", &save)) {
        static const char *const suffix[] = { ".ko", ".ko.xz", ".ko.zst" };
        char test[96], path[PATH_MAX];
        unsigned int i;
        int fd = -1;

        snprintf(test, sizeof(test), "module-%s", name);
        if (!is_pid1) {
            result(test, SKIP, "not PID 1: dry run, nothing loaded");
            continue;
        }
        for (i = 0; i < 3; i++) {
            snprintf(path, sizeof(path), "%s/%s%s", MODULE_DIR, name,
                     suffix[i]);
            fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0)
                break;
        }
        if (fd < 0) {
            result(test, FAIL, "no %s/%s.ko{,.xz,.zst} in the initramfs",
                   MODULE_DIR, name);
            continue;
        }
        if (syscall(SYS_finit_module, fd, "",
                    i > 0 ? MODULE_INIT_COMPRESSED_FILE : 0) == 0)
            result(test, PASS, "loaded %s", path);
        else if (errno == EEXIST)
            result(test, PASS, "%s already loaded", name);
        else
            result(test, FAIL, "finit_module(%s): %s", path,
                   strerror(errno));
        close(fd);
    }
}

static void check_xenfs(void)
{
    char fs[4096], caps[128], want_dom0[8];
    int registered;

    if (read_text("/proc/filesystems", fs, sizeof(fs)) < 0)
        fs[0] = 0;
    registered = strstr(fs, "\txenfs") != NULL;

    if (exists("/proc/xen/capabilities")) {
        result("xenfs", PASS, "/proc/xen already populated");
    } else if (registered && exists("/proc/xen") && !is_pid1) {
        result("xenfs", SKIP, "not PID 1: dry run, xenfs not mounted");
    } else if (registered && exists("/proc/xen")) {
        if (mount("xenfs", "/proc/xen", "xenfs", 0, NULL) == 0)
            result("xenfs", PASS, "mounted xenfs on /proc/xen");
        else
            result("xenfs", FAIL, "mount -t xenfs /proc/xen: %s",
                   strerror(errno));
    } else if (registered) {
        result("xenfs", FAIL, "xenfs registered but /proc/xen is missing");
    } else if (kconfig("XENFS") == 'y') {
        result("xenfs", FAIL, "CONFIG_XENFS=y but xenfs is not registered "
               "(the kernel did not detect a Xen domain?)");
    } else {
        result("xenfs", SKIP, "xenfs not registered and %s (add "
               "init_modules=xen-privcmd,xenfs)", kconfig_str("XENFS"));
    }

    if (!option("expect_dom0", want_dom0, sizeof(want_dom0))) {
        result("dom0", SKIP, "no expect_dom0= on the command line");
    } else if (strcmp(want_dom0, "0") && strcmp(want_dom0, "1")) {
        result("dom0", FAIL, "malformed expect_dom0=%s (want 0 or 1)",
               want_dom0);
    } else if (read_text("/proc/xen/capabilities", caps, sizeof(caps)) < 0) {
        result("dom0", SKIP, "/proc/xen/capabilities unreadable (xenfs not "
               "mounted)");
    } else {
        int is_dom0 = strstr(caps, "control_d") != NULL;

        result("dom0", is_dom0 == (want_dom0[0] == '1') ? PASS : FAIL,
               "/proc/xen/capabilities is \"%s\": %s, expected %s", caps,
               is_dom0 ? "dom0" : "not dom0",
               want_dom0[0] == '1' ? "dom0" : "not dom0");
    }
}

static void check_privcmd(void)
{
    char c = kconfig("XEN_PRIVCMD");

    if (exists("/dev/xen/privcmd"))
        result("privcmd", PASS, "/dev/xen/privcmd present");
    else if (exists("/sys/module/xen_privcmd"))
        result("privcmd", FAIL, "xen_privcmd loaded but no /dev/xen/privcmd");
    else if (c == 'y')
        result("privcmd", FAIL, "CONFIG_XEN_PRIVCMD=y but no "
               "/dev/xen/privcmd (the kernel did not detect Xen?)");
    else
        result("privcmd", SKIP, "xen-privcmd not loaded and %s (add "
               "init_modules=xen-privcmd)", kconfig_str("XEN_PRIVCMD"));
}

static long long ns_between(const struct timespec *a,
                            const struct timespec *b)
{
    return (long long)(b->tv_sec - a->tv_sec) * 1000000000LL +
           (b->tv_nsec - a->tv_nsec);
}

static void check_time(void)
{
    struct timespec t0, t1, nap = { 0, 10 * 1000 * 1000 };
    struct tm tm;
    long long ns;

    if (clock_gettime(CLOCK_MONOTONIC, &t0)) {
        result("time-advances", FAIL, "clock_gettime: %s", strerror(errno));
    } else {
        while (nanosleep(&nap, &nap) && errno == EINTR)
            ;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ns = ns_between(&t0, &t1);
        result("time-advances", ns >= 10000000 ? PASS : FAIL,
               "CLOCK_MONOTONIC advanced %lld.%03lld ms across a 10 ms "
               "nanosleep", ns / 1000000, (ns / 1000) % 1000);
    }

    clock_gettime(CLOCK_REALTIME, &t1);
    gmtime_r(&t1.tv_sec, &tm);
    result("wallclock", tm.tm_year + 1900 >= 2020 ? PASS : FAIL,
           "%04d-%02d-%02d %02d:%02d:%02d UTC%s", tm.tm_year + 1900,
           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
           tm.tm_year + 1900 >= 2020 ? "" :
           ": before 2020, the shared_info wall clock looks unset");
}

static void check_clocksource(void)
{
    char buf[512];

    /* Linux may still pick tsc as current on a stable TSC. */
    if (read_text("/sys/devices/system/clocksource/clocksource0/"
                  "available_clocksource", buf, sizeof(buf)) < 0)
        result("clocksource-xen", FAIL, "available_clocksource unreadable");
    else
        result("clocksource-xen", strstr(buf, "xen") ? PASS : FAIL,
               "available: \"%s\"", buf);
}

/* Interrupts taken so far on Xen event channels ("xen-..." chips). */
static long long evtchn_interrupts(void)
{
    FILE *f = fopen("/proc/interrupts", "r");
    char line[1024];
    long long total = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f)) {
        char *p = strchr(line, ':');

        if (!p || !strstr(line, "xen-"))
            continue;
        if (total < 0)
            total = 0;
        /* The per-CPU counts follow the "NN:" label. */
        for (p++;;) {
            char *end;
            long long n = strtoll(p, &end, 10);

            if (end == p)
                break;
            total += n;
            p = end;
        }
    }
    fclose(f);
    return total;
}

static void check_evtchn_interrupts(void)
{
    struct timespec nap = { 0, 50 * 1000 * 1000 };
    long long a = evtchn_interrupts(), b;

    /* The Xen timer is an event channel: it ticks while we sleep. */
    while (nanosleep(&nap, &nap) && errno == EINTR)
        ;
    b = evtchn_interrupts();
    result("evtchn-interrupts", a >= 0 && b > a ? PASS : FAIL,
           "event-channel interrupts in /proc/interrupts: %lld, then %lld "
           "after 50 ms", a, b);
}

static void check_hvc0(void)
{
    static const char line[] = "LINUX-INIT: written to /dev/hvc0\n";
    char active[256] = "";
    int fd = open("/dev/hvc0", O_WRONLY | O_NOCTTY);
    ssize_t n = -1;

    if (fd >= 0) {
        n = write(fd, line, sizeof(line) - 1);
        close(fd);
    }
    read_text("/sys/class/tty/console/active", active, sizeof(active));
    result("hvc0", n == (ssize_t)sizeof(line) - 1 && strstr(active, "hvc0")
           ? PASS : FAIL, "write to /dev/hvc0: %zd of %zu bytes; console "
           "\"%s\"", n, sizeof(line) - 1, active);
}

static void info(void)
{
    struct utsname u;
    char buf[512], buf2[512];

    if (uname(&u) == 0)
        out("INFO kernel: %s %s %s", u.sysname, u.release, u.version);
    if (read_text("/proc/uptime", buf, sizeof(buf)) >= 0)
        out("INFO uptime: %s (seconds up, seconds idle) when init ran",
            buf);
    if (read_text("/sys/class/tty/console/active", buf, sizeof(buf)) >= 0)
        out("INFO console: %s", buf);
    if (read_text("/sys/devices/system/clocksource/clocksource0/"
                  "current_clocksource", buf, sizeof(buf)) >= 0 &&
        read_text("/sys/devices/system/clocksource/clocksource0/"
                  "available_clocksource", buf2, sizeof(buf2)) >= 0)
        out("INFO clocksource: %s (available: %s)", buf, buf2);
    if (!exists(KERNEL_CONFIG))
        out("INFO config: no %s; checks that depend on the kernel "
            "configuration are skipped", KERNEL_CONFIG);
}

/* ------------------------------------------------------------ xl */

/* Room for xl's output: "xl dmesg" is at most the hypervisor's ring. */
#define XL_OUT_SIZE (256 * 1024)

/*
 * Runs xl with args (NULL-terminated, without "xl"), stdout and stderr
 * together into out.  Returns its exit status, or -1 (and a FAIL) if it
 * could not run or was killed.
 */
static int run_xl(const char *test, const char *const args[], char *out,
                  size_t size)
{
    const char *argv[16] = { "xl" };
    size_t used = 0;
    int fds[2], status;
    unsigned int i;
    pid_t pid;

    for (i = 0; args[i] && i + 2 < sizeof(argv) / sizeof(argv[0]); i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    out[0] = 0;
    if (pipe2(fds, O_CLOEXEC)) {
        result(test, FAIL, "pipe: %s", strerror(errno));
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        result(test, FAIL, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        execv(XL_PATH, (char *const *)argv);
        dprintf(STDERR_FILENO, "exec %s: %s\n", XL_PATH, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    for (;;) {
        char discard[4096];
        ssize_t n;

        /* Past size, read on (and drop) so that xl never blocks. */
        if (used < size - 1)
            n = read(fds[0], out + used, size - 1 - used);
        else
            n = read(fds[0], discard, sizeof(discard));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (used < size - 1)
            used += (size_t)n;
    }
    out[used] = 0;
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            result(test, FAIL, "waitpid: %s", strerror(errno));
            return -1;
        }
    if (!WIFEXITED(status)) {
        result(test, FAIL, "xl killed by signal %d",
               WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        return -1;
    }
    return WEXITSTATUS(status);
}

/* Prints xl's output as "XL: " lines, for the log. */
static void show_xl(const char *text)
{
    char line[256];

    while (*text) {
        size_t n = strcspn(text, "\n");

        snprintf(line, sizeof(line), "%.*s", (int)n, text);
        out("XL: %s", line);
        text += n + (text[n] == '\n');
    }
}

/* The value of "key : value" in xl info's output, or NULL. */
static const char *xl_info_value(const char *text, const char *key,
                                 char *buf, size_t size)
{
    size_t len = strlen(key);
    const char *p = text;

    while (*p) {
        size_t n = strcspn(p, "\n");

        if (n > len && !strncmp(p, key, len) && p[len] == ' ') {
            const char *colon = memchr(p, ':', n);

            if (colon && colon[1] == ' ') {
                size_t vlen = n - (size_t)(colon + 2 - p);

                if (vlen >= size)
                    vlen = size - 1;
                memcpy(buf, colon + 2, vlen);
                buf[vlen] = 0;
                return buf;
            }
        }
        p += n + (p[n] == '\n');
    }
    return NULL;
}

/* The first line of text starting with prefix, copied into line. */
static const char *find_line(const char *text, const char *prefix,
                             char *line, size_t size)
{
    size_t len = strlen(prefix);
    const char *p = text;

    while (*p) {
        size_t n = strcspn(p, "\n");

        if (n >= len && !strncmp(p, prefix, len)) {
            snprintf(line, size, "%.*s", (int)n, p);
            return line;
        }
        p += n + (p[n] == '\n');
    }
    return NULL;
}

static unsigned int count_lines(const char *text, const char *prefix)
{
    size_t len = strlen(prefix);
    unsigned int count = 0;
    const char *p = text;

    while (*p) {
        size_t n = strcspn(p, "\n");

        if (n >= len && !strncmp(p, prefix, len))
            count++;
        p += n + (p[n] == '\n');
    }
    return count;
}

static int valid_state(const char *s)
{
    return strlen(s) == 6 && strchr("r-", s[0]) && strchr("b-", s[1]) &&
           strchr("p-", s[2]) && strchr("s-", s[3]) &&
           strchr("-rscwS?", s[4]) && strchr("d-", s[5]);
}

static void xl_info_test(char *buf)
{
    static const char *const args[] = { "info", NULL };
    char total[32], free_mem[32], cpus[32], version[64], caps[128];
    char *end1, *end2;
    unsigned long t = 0, f = 0;
    int st = run_xl("xl-info", args, buf, XL_OUT_SIZE);

    if (st < 0)
        return;
    show_xl(buf);
    if (st) {
        result("xl-info", FAIL, "exit status %d", st);
        return;
    }
    if (!xl_info_value(buf, "total_memory", total, sizeof(total)) ||
        !xl_info_value(buf, "free_memory", free_mem, sizeof(free_mem)) ||
        !xl_info_value(buf, "nr_cpus", cpus, sizeof(cpus)) ||
        !xl_info_value(buf, "xen_version", version, sizeof(version)) ||
        !xl_info_value(buf, "xen_caps", caps, sizeof(caps))) {
        result("xl-info", FAIL, "total_memory, free_memory, nr_cpus, "
               "xen_version or xen_caps missing");
        return;
    }
    t = strtoul(total, &end1, 10);
    f = strtoul(free_mem, &end2, 10);
    if (end1 == total || *end1 || end2 == free_mem || *end2 || !t ||
        f >= t) {
        result("xl-info", FAIL, "total_memory \"%s\", free_memory \"%s\": "
               "want numbers, free below total", total, free_mem);
        return;
    }
    result("xl-info", strstr(caps, "hvm-3.0-x86_64") ? PASS : FAIL,
           "Xen %s, %s CPU(s), %lu MiB of %lu MiB free, caps \"%s\"",
           version, cpus, f, t, caps);
}

static void xl_list_test(char *buf)
{
    static const char *const args[] = { "list", NULL };
    static const char header[] = "Name                                     "
                                 "   ID   Mem VCPUs\tState\tTime(s)\n";
    char line[256], name[64], state[16];
    unsigned int id, vcpus;
    unsigned long mem;
    long want_mem = 0;
    double secs;
    int st = run_xl("xl-list", args, buf, XL_OUT_SIZE);

    if (st < 0)
        return;
    show_xl(buf);
    if (st) {
        result("xl-list", FAIL, "exit status %d", st);
        return;
    }
    if (strncmp(buf, header, strlen(header))) {
        result("xl-list", FAIL, "the header is not Xen's");
        return;
    }
    if (!find_line(buf, "Domain-0 ", line, sizeof(line)) ||
        sscanf(line, "%63s %u %lu %u %15s %lf", name, &id, &mem, &vcpus,
               state, &secs) != 6) {
        result("xl-list", FAIL, "no well-formed Domain-0 line");
        return;
    }
    if (id != 0 || (online_cpus > 0 && vcpus != online_cpus) ||
        !valid_state(state) || state[0] != 'r' || !mem) {
        result("xl-list", FAIL, "\"%s\": want ID 0, %ld VCPU(s), state "
               "r?????, some memory", line, online_cpus);
        return;
    }
    if (option_long("expect_mem_mb", &want_mem) == 1 &&
        (mem * 4 < (unsigned long)want_mem * 3 ||
         mem * 4 > (unsigned long)want_mem * 5)) {
        result("xl-list", FAIL, "Domain-0 has %lu MiB, expected about "
               "%ld", mem, want_mem);
        return;
    }
    result("xl-list", PASS, "Domain-0: ID 0, %lu MiB, %u VCPU(s), state %s, "
           "%.1f s", mem, vcpus, state, secs);
}

static void xl_vcpu_list_test(char *buf)
{
    static const char *const args[] = { "vcpu-list", NULL };
    static const char header[] = "Name                                ID  "
                                 "VCPU   CPU State   Time(s) Affinity "
                                 "(Hard / Soft)\n";
    unsigned int n;
    int st = run_xl("xl-vcpu-list", args, buf, XL_OUT_SIZE);

    if (st < 0)
        return;
    show_xl(buf);
    if (st) {
        result("xl-vcpu-list", FAIL, "exit status %d", st);
        return;
    }
    n = count_lines(buf, "Domain-0 ");
    if (strncmp(buf, header, strlen(header)) ||
        (online_cpus > 0 && n != online_cpus) || !strstr(buf, " r-- ")) {
        result("xl-vcpu-list", FAIL, "want Xen's header, %ld Domain-0 "
               "line(s) (got %u), one running", online_cpus, n);
        return;
    }
    result("xl-vcpu-list", PASS, "%u Domain-0 vCPU line(s), one running", n);
}

static void xl_uptime_test(char *buf)
{
    static const char *const args[] = { "uptime", NULL };
    char line[256];
    unsigned int h, m, s, id;
    int st = run_xl("xl-uptime", args, buf, XL_OUT_SIZE);

    if (st < 0)
        return;
    show_xl(buf);
    if (st || !find_line(buf, "Name ", line, sizeof(line)) ||
        !find_line(buf, "Domain-0 ", line, sizeof(line)) ||
        sscanf(line, "Domain-0 %u %u:%u:%u", &id, &h, &m, &s) != 4 ||
        id != 0 || m > 59 || s > 59) {
        result("xl-uptime", FAIL, "exit status %d, want a header and "
               "\"Domain-0 0 H:MM:SS\"", st);
        return;
    }
    result("xl-uptime", PASS, "%s", line);
}

static void xl_dmesg_test(char *buf)
{
    static const char *const args[] = { "dmesg", NULL };
    static const char *const clear[] = { "dmesg", "-c", NULL };
    static const char banner[] = "(XEN) Xen version";
    char marker[64], want[96];
    int st;

    /*
     * The hypervisor's log holds its own boot lines; a guest's console
     * lines (this one, through hvc0) stay out of it, as in Xen without
     * console_to_ring.
     */
    snprintf(marker, sizeof(marker), "xl dmesg marker %lld",
             (long long)time(NULL) ^ (long long)getpid());
    out("LINUX-INIT: %s", marker);
    snprintf(want, sizeof(want), "(d0) LINUX-INIT: %s", marker);

    st = run_xl("xl-dmesg", args, buf, XL_OUT_SIZE);
    if (st < 0)
        return;
    result("xl-dmesg", !st && strstr(buf, banner) && !strstr(buf, want) ?
           PASS : FAIL, "exit status %d, %zu bytes, \"%s\" %s, our console "
           "line %s", st, strlen(buf), banner,
           strstr(buf, banner) ? "found" : "missing",
           strstr(buf, want) ? "in it (console_to_ring?)" : "not in it");

    st = run_xl("xl-dmesg-clear", clear, buf, XL_OUT_SIZE);
    if (st < 0)
        return;
    if (st || !strstr(buf, banner)) {
        result("xl-dmesg-clear", FAIL, "xl dmesg -c: exit status %d, "
               "boot banner %s", st, strstr(buf, banner) ? "found" :
               "missing");
        return;
    }
    st = run_xl("xl-dmesg-clear", args, buf, XL_OUT_SIZE);
    if (st < 0)
        return;
    result("xl-dmesg-clear", !st && !strstr(buf, banner) ? PASS : FAIL,
           "after xl dmesg -c: exit status %d, %zu bytes, boot banner %s",
           st, strlen(buf), strstr(buf, banner) ? "still there" : "gone");
}

/* A command that must fail, saying expect. */
static void xl_refused(const char *test, const char *const args[],
                       const char *expect, char *buf)
{
    int st = run_xl(test, args, buf, XL_OUT_SIZE);
    size_t n;

    if (st < 0)
        return;
    n = strcspn(buf, "\n");
    result(test, st && strstr(buf, expect) ? PASS : FAIL,
           "exit status %d: \"%.*s\"", st, (int)(n > 200 ? 200 : n), buf);
}

static void check_xl(void)
{
    static const char *const destroy0[] = { "destroy", "0", NULL };
    static const char *const pause99[] = { "pause", "99", NULL };
    static const char *const shutdown99[] = { "shutdown", "99", NULL };
    static const char *const unknown[] = { "frobnicate", NULL };
    char want[8], *buf;

    if (!option("xl_test", want, sizeof(want)) || strcmp(want, "1"))
        return;
    if (!is_pid1) {
        result("xl", SKIP, "not PID 1: dry run, xl not run");
        return;
    }
    if (access(XL_PATH, X_OK)) {
        result("xl", FAIL, "no %s in the initramfs", XL_PATH);
        return;
    }
    if (!exists("/dev/xen/privcmd")) {
        result("xl", FAIL, "no /dev/xen/privcmd (add "
               "init_modules=xen-privcmd)");
        return;
    }
    buf = malloc(XL_OUT_SIZE);
    if (!buf) {
        result("xl", FAIL, "out of memory");
        return;
    }
    xl_info_test(buf);
    xl_list_test(buf);
    xl_vcpu_list_test(buf);
    xl_uptime_test(buf);
    xl_dmesg_test(buf);
    xl_refused("xl-destroy-dom0", destroy0, "Not destroying domain 0", buf);
    xl_refused("xl-pause-missing", pause99, "Domain '99' does not exist",
               buf);
    xl_refused("xl-shutdown-missing", shutdown99,
               "Domain '99' does not exist", buf);
    xl_refused("xl-unknown-command", unknown, "command not implemented",
               buf);
    free(buf);
}

/* ------------------------------------------------------ xl create */

#define XL_TEST_DIR   "/usr/share/xl-test"
#define DOMU_CFG      "/tmp/domu.cfg"
#define DOMU_NAME     "xltest"
/* The domU boots Linux under the emulator: minutes. */
#define DOMU_TIMEOUT  900

static const char domu_cfg[] =
    "# A PVH domU of the same kernel, running this init (domU mode).\n"
    "name = \"" DOMU_NAME "\"\n"
    "pvh = 1\n"
    "kernel = \"" XL_TEST_DIR "/vmlinux\"\n"
    "ramdisk = \"" XL_TEST_DIR "/domu.cpio.gz\"\n"
    "memory = 128\n"
    "vcpus = 1\n"
    "cmdline = \"console=hvc0 cryptomgr.notests=1 nosoftlockup "
    "expect_dom0=0 expect_cpus=1 expect_mem_mb=128\"\n"
    "frobnicate = 1    # unknown: a warning, not an error\n";

/* The 64-bit PVH entry ABI's test kernel: no ramdisk, 8 MiB. */
#define PV64_CFG      "/tmp/pv64.cfg"
#define PV64_NAME     "xlpv64"
/* The last line console.c writes to its ring. */
#define PV64_LAST     "console ring: after bad indices"

static const char pv64_cfg[] =
    "# tests/guests/console.c, original 64-bit PVH entry (no PHYS32).\n"
    "name = \"" PV64_NAME "\"\n"
    "pvh = 1\n"
    "kernel = \"" XL_TEST_DIR "/console-pv64\"\n"
    "memory = 8\n"
    "vcpus = 1\n";

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* free_memory from xl info, in MiB; -1 if it cannot be read. */
static long xl_free_mb(const char *test, char *buf)
{
    static const char *const args[] = { "info", NULL };
    char val[32], *end;
    long v;

    if (run_xl(test, args, buf, XL_OUT_SIZE) ||
        !xl_info_value(buf, "free_memory", val, sizeof(val)))
        return -1;
    v = strtol(val, &end, 10);
    return end == val || *end ? -1 : v;
}

/* How many lines of xl list name, -1 if xl list failed. */
static int xl_list_count(const char *test, const char *name, char *buf)
{
    static const char *const args[] = { "list", NULL };
    char prefix[64];

    if (run_xl(test, args, buf, XL_OUT_SIZE))
        return -1;
    snprintf(prefix, sizeof(prefix), "%s ", name);
    return (int)count_lines(buf, prefix);
}

/* A configuration that must be refused, naming why, creating nothing. */
static void xl_create_refused(const char *test, const char *cfg,
                              const char *expect, char *buf)
{
    static const char *const list[] = { "list", NULL };
    const char *args[] = { "create", "/tmp/bad.cfg", NULL };
    unsigned int before, after;
    size_t n;
    int st;

    if (write_file("/tmp/bad.cfg", cfg)) {
        result(test, FAIL, "cannot write /tmp/bad.cfg: %s",
               strerror(errno));
        return;
    }
    if (run_xl(test, list, buf, XL_OUT_SIZE))
        return;
    before = count_lines(buf, "");
    st = run_xl(test, args, buf, XL_OUT_SIZE);
    if (st < 0)
        return;
    show_xl(buf);
    n = strcspn(strstr(buf, expect) ? strstr(buf, expect) : buf, "\n");
    if (!st || !strstr(buf, expect)) {
        result(test, FAIL, "exit status %d, want \"%s\"", st, expect);
        return;
    }
    if (run_xl(test, list, buf, XL_OUT_SIZE))
        return;
    after = count_lines(buf, "");
    result(test, after == before ? PASS : FAIL, "refused (\"%.*s\"), "
           "xl list %u line(s) before, %u after", (int)(n > 160 ? 160 : n),
           strstr(buf, expect) ? strstr(buf, expect) : expect, before,
           after);
}

/*
 * "xl console NAME" until its output holds first and, after that, then
 * (the domU's result line), the console ends (the domain shut down) or
 * the time is up.  The domU's lines are shown as "<prefix>: ...".
 * Returns what was read.
 */
static void xl_console_read(const char *name, const char *prefix,
                            const char *first, const char *then,
                            char *buf, size_t size, int *done)
{
    const char *argv[] = { "xl", "console", name, NULL };
    time_t end = time(NULL) + DOMU_TIMEOUT;
    size_t used = 0, shown = 0;
    int fds[2], status;
    pid_t pid;

    *done = 0;
    buf[0] = 0;
    if (pipe2(fds, O_CLOEXEC)) {
        result("xl-console", FAIL, "pipe: %s", strerror(errno));
        return;
    }
    pid = fork();
    if (pid < 0) {
        result("xl-console", FAIL, "fork: %s", strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);

        dup2(null, STDIN_FILENO);
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        execv(XL_PATH, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    while (time(NULL) < end && used < size - 1) {
        struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
        ssize_t n;
        char *nl;

        if (poll(&pfd, 1, 1000) <= 0)
            continue;
        n = read(fds[0], buf + used, size - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        used += (size_t)n;
        buf[used] = 0;
        while ((nl = strchr(buf + shown, '\n')) != NULL) {
            *nl = 0;
            out("%s: %s", prefix, buf + shown);
            *nl = '\n';
            shown = (size_t)(nl + 1 - buf);
        }
        if (strstr(buf, first) && strstr(strstr(buf, first), then)) {
            *done = 1;
            break;
        }
    }
    kill(pid, SIGTERM);
    close(fds[0]);
    waitpid(pid, &status, 0);
}

/*
 * A kernel of the original 64-bit PVH entry ABI (tests/guests/console.c,
 * built as console-pv64): xl create builds it with start_info, page
 * tables and a hypercall page; it writes its console ring, which xl
 * console reads up to its last ring line, and powers itself off, which
 * xl destroy must accept.  Its result line goes to console_io (the
 * hypervisor's serial line, "(dN) RESULT: console ..."), not the ring.
 */
static void check_xl_create_pv64(char *buf, char *con)
{
    static const char *const create[] = { "create", PV64_CFG, NULL };
    static const char *const destroy[] = { "destroy", PV64_NAME, NULL };
    char line[256];
    const char *p;
    long free0, free1 = -1;
    int st, done, n;

    if (access(XL_TEST_DIR "/console-pv64", R_OK)) {
        result("xl-create-pv64", FAIL, "no " XL_TEST_DIR "/console-pv64 "
               "(the initramfs-xl-create.cpio fixture)");
        return;
    }
    free0 = xl_free_mb("xl-create-pv64", buf);
    if (write_file(PV64_CFG, pv64_cfg)) {
        result("xl-create-pv64", FAIL, "cannot write " PV64_CFG ": %s",
               strerror(errno));
        return;
    }
    st = run_xl("xl-create-pv64", create, buf, XL_OUT_SIZE);
    if (st < 0)
        return;
    show_xl(buf);
    p = find_line(buf, "Started domain " PV64_NAME " (id=", line,
                  sizeof(line));
    result("xl-create-pv64", !st && p ? PASS : FAIL, "exit status %d, %s",
           st, p ? p : "no \"Started domain\" line");
    if (st)
        return;

    xl_console_read(PV64_NAME, "DOMU64", PV64_LAST, "\n", con, XL_OUT_SIZE,
                    &done);
    result("xl-create-pv64-console", strstr(con, "console ring: hello") &&
           strstr(con, "line 100 of 100") && done ? PASS : FAIL, "%zu bytes "
           "from its console ring, \"console ring: hello\" %s, \"line 100 "
           "of 100\" %s, \"" PV64_LAST "\" %s", strlen(con),
           strstr(con, "console ring: hello") ? "seen" : "missing",
           strstr(con, "line 100 of 100") ? "seen" : "missing",
           done ? "seen" : "missing");

    /* It may have powered itself off already: destroy still succeeds. */
    st = run_xl("xl-create-pv64-destroy", destroy, buf, XL_OUT_SIZE);
    if (st >= 0) {
        show_xl(buf);
        n = xl_list_count("xl-create-pv64-destroy", PV64_NAME, buf);
        result("xl-create-pv64-destroy", !st && !n ? PASS : FAIL,
               "exit status %d, %d \"" PV64_NAME "\" line(s) left", st, n);
    }
    for (int i = 0; i < 20; i++) {
        free1 = xl_free_mb("xl-create-pv64-memory", buf);
        if (free1 == free0)
            break;
        sleep(1);
    }
    result("xl-create-pv64-memory", free0 > 0 && free1 == free0 ? PASS :
           FAIL,
           "free_memory %ld MiB before, %ld MiB after", free0, free1);
}

/* A Linux domU of dom0's kernel, and configurations that are refused. */
static void xl_create_linux(char *buf, char *con)
{
    static const char *const create[] = { "create", DOMU_CFG, NULL };
    static const char *const destroy[] = { "destroy", DOMU_NAME, NULL };
    char line[256];
    const char *p;
    long free0, free1 = -1;
    int st, done, n;

    free0 = xl_free_mb("xl-create-free", buf);
    out("INFO xl-create: free_memory %ld MiB before", free0);

    /* Refused before anything is created. */
    xl_create_refused("xl-create-syntax", "name = \"bad\"\nmemory = = 3\n",
                      "/tmp/bad.cfg:2:", buf);
    xl_create_refused("xl-create-no-kernel", "name = \"bad\"\npvh = 1\n",
                      "kernel", buf);
    xl_create_refused("xl-create-missing-kernel", "name = \"bad\"\npvh = 1\n"
                      "kernel = \"/nonexistent\"\n",
                      "cannot open kernel '/nonexistent'", buf);
    xl_create_refused("xl-create-too-big", "name = \"bad\"\npvh = 1\n"
                      "kernel = \"" XL_TEST_DIR "/vmlinux\"\n"
                      "memory = 3000\n",
                      "larger than the hypervisor's free memory", buf);

    if (write_file(DOMU_CFG, domu_cfg)) {
        result("xl-create", FAIL, "cannot write " DOMU_CFG ": %s",
               strerror(errno));
        return;
    }
    st = run_xl("xl-create", create, buf, XL_OUT_SIZE);
    if (st < 0)
        return;
    show_xl(buf);
    p = find_line(buf, "Started domain " DOMU_NAME " (id=", line,
                  sizeof(line));
    result("xl-create", !st && p ? PASS : FAIL, "exit status %d, %s", st,
           p ? p : "no \"Started domain\" line");
    result("xl-create-warning", strstr(buf, "frobnicate") ? PASS : FAIL,
           "unknown key 'frobnicate' %s", strstr(buf, "frobnicate") ?
           "warned about" : "not mentioned");
    if (st)
        return;
    n = xl_list_count("xl-create-list", DOMU_NAME, buf);
    show_xl(buf);
    result("xl-create-list", n == 1 ? PASS : FAIL, "%d \"" DOMU_NAME
           "\" line(s) in xl list", n);

    xl_console_read(DOMU_NAME, "DOMU", "LINUX-INIT: ", " passed, ", con,
                    XL_OUT_SIZE, &done);
    result("xl-console", strstr(con, "Run /init as init process") ? PASS :
           FAIL, "%zu bytes from the domU's console ring, \"Run /init as "
           "init process\" %s", strlen(con),
           strstr(con, "Run /init as init process") ? "seen" : "missing");
    result("xl-create-domu-init", done && strstr(con, " passed, 0 failed") ?
           PASS : FAIL, "the domU's init %s", done ?
           (strstr(con, " passed, 0 failed") ? "passed every check" :
            "reported failures") : "did not finish in time");

    st = run_xl("xl-create-destroy", destroy, buf, XL_OUT_SIZE);
    if (st >= 0) {
        n = xl_list_count("xl-create-destroy", DOMU_NAME, buf);
        result("xl-create-destroy", !st && !n ? PASS : FAIL,
               "exit status %d, %d \"" DOMU_NAME "\" line(s) left", st, n);
    }
    /* Its memory comes back once the domain is fully gone. */
    for (int i = 0; i < 20; i++) {
        free1 = xl_free_mb("xl-create-memory", buf);
        if (free1 == free0)
            break;
        sleep(1);
    }
    result("xl-create-memory", free0 > 0 && free1 == free0 ? PASS : FAIL,
           "free_memory %ld MiB before, %ld MiB after", free0, free1);
}

static void check_xl_create(void)
{
    char want[8], *buf, *con;

    if (!option("xl_create_test", want, sizeof(want)) || strcmp(want, "1"))
        return;
    if (!is_pid1) {
        result("xl-create", SKIP, "not PID 1: dry run, xl not run");
        return;
    }
    if (!exists("/dev/xen/privcmd") || access(XL_TEST_DIR "/vmlinux", R_OK)) {
        result("xl-create", FAIL, "need /dev/xen/privcmd (add "
               "init_modules=xen-privcmd) and " XL_TEST_DIR "/vmlinux (the "
               "initramfs-xl-create.cpio fixture)");
        return;
    }
    buf = malloc(XL_OUT_SIZE);
    con = malloc(XL_OUT_SIZE);
    if (!buf || !con) {
        result("xl-create", FAIL, "out of memory");
    } else {
        xl_create_linux(buf, con);
        /* Then the 64-bit PVH entry ABI, whatever the Linux part did. */
        check_xl_create_pv64(buf, con);
    }
    free(buf);
    free(con);
}

/* ------------------------------------------------------------ the end */

static void finish(void)
{
    char how[32] = "poweroff";

    option("init_end", how, sizeof(how));
    if (!is_pid1) {
        out("LINUX-INIT: not PID 1, not ending the system (init_end=%s)",
            how);
        return;
    }
    sync();
    if (!strcmp(how, "shell") && access("/bin/sh", X_OK) == 0) {
        out("LINUX-INIT: starting /bin/sh");
        execl("/bin/sh", "sh", (char *)NULL);
        out("LINUX-INIT: exec /bin/sh: %s", strerror(errno));
    }
    if (!strcmp(how, "reboot")) {
        out("LINUX-INIT: reboot");
        reboot(RB_AUTOBOOT);
    } else if (!strcmp(how, "halt")) {
        out("LINUX-INIT: halt");
        reboot(RB_HALT_SYSTEM);
    } else {
        out("LINUX-INIT: power off");
        reboot(RB_POWER_OFF);
    }
    out("LINUX-INIT: reboot(): %s; waiting forever", strerror(errno));
    for (;;)
        pause();
}

int main(void)
{
    /* Before anything else: the end of the boot, for scripts/bench. */
    unsigned long long tsc = read_tsc();

    is_pid1 = getpid() == 1;
    if (is_pid1)
        setup_console();
    out("LINUX-INIT: start%s", is_pid1 ? "" : " (not PID 1: dry run)");
    if (tsc)
        out("LINUX-INIT: tsc=%llu", tsc);

    do_mount("mount-devtmpfs", "devtmpfs", "/dev", "devtmpfs");
    do_mount("mount-proc", "proc", "/proc", "proc");
    do_mount("mount-sysfs", "sysfs", "/sys", "sysfs");

    check_cmdline();
    info();
    read_dmesg();

    check_sys_hypervisor();
    check_cpuinfo();
    check_cpus();
    check_memory();
    check_dmesg();
    load_modules();
    check_xenfs();
    check_privcmd();
    check_time();
    check_clocksource();
    check_evtchn_interrupts();
    check_hvc0();
    check_xl();
    check_xl_create();

    if (skipped[0])
        out("LINUX-INIT: skipped: %s", skipped);
    out("LINUX-INIT: %u passed, %u failed", nr_pass, nr_fail);
    finish();
    return nr_fail ? 1 : 0;
}
