/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The privcmd backend: hypercalls through Linux's /dev/xen/privcmd
 * (IOCTL_PRIVCMD_HYPERCALL), with bounce buffers that are page-aligned,
 * locked and touched, because the hypervisor reads them through the
 * calling vCPU's page tables and fails a call on a page that is not
 * present.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xenctrl.h"
#include "xc_private.h"

/* Linux's include/uapi/xen/privcmd.h, written out here. */
struct privcmd_hypercall {
    uint64_t op;
    uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL \
    _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

struct privcmd {
    int fd;
};

static long privcmd_hypercall(void *priv, uint64_t op, const uint64_t arg[5])
{
    struct privcmd *p = priv;
    struct privcmd_hypercall call = { .op = op };
    long rc;

    memcpy(call.arg, arg, sizeof(call.arg));
    rc = ioctl(p->fd, IOCTL_PRIVCMD_HYPERCALL, &call);
    /* The kernel returns the hypercall's result, errors as -1/errno. */
    return rc < 0 ? -errno : rc;
}

static void *privcmd_alloc(void *priv, size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if ( p == MAP_FAILED )
        return NULL;
    /* A child must not share (or copy-on-write) a page in a call. */
    madvise(p, size, MADV_DONTFORK);
    if ( mlock(p, size) )
    {
        munmap(p, size);
        return NULL;
    }
    /* mlock faults the pages in; writing makes them private and dirty. */
    memset(p, 0, size);
    return p;
}

static void privcmd_free(void *priv, void *ptr, size_t size)
{
    munlock(ptr, size);
    munmap(ptr, size);
}

static void privcmd_close(void *priv)
{
    struct privcmd *p = priv;

    close(p->fd);
    free(p);
}

static const struct xc_backend privcmd_backend = {
    .hypercall = privcmd_hypercall,
    .alloc = privcmd_alloc,
    .free = privcmd_free,
    .close = privcmd_close,
};

xc_interface *xc_open(int *err)
{
    struct privcmd *p = malloc(sizeof(*p));
    xc_interface *xch;

    if ( !p )
    {
        *err = -ENOMEM;
        return NULL;
    }
    p->fd = open(XC_PRIVCMD_PATH, O_RDWR | O_CLOEXEC);
    if ( p->fd < 0 )
    {
        *err = -errno;
        free(p);
        return NULL;
    }
    xch = xc_open_backend(&privcmd_backend, p);
    if ( !xch )
    {
        privcmd_close(p);
        *err = -ENOMEM;
    }
    return xch;
}
