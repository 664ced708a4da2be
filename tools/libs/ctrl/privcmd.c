/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The privcmd backend: hypercalls through Linux's /dev/xen/privcmd
 * (IOCTL_PRIVCMD_HYPERCALL), with bounce buffers that are page-aligned,
 * locked and touched, because the hypervisor reads them through the
 * calling vCPU's page tables and fails a call on a page that is not
 * present.  Another domain's frames are mapped by mmap()ing privcmd and
 * filling the mapping with IOCTL_PRIVCMD_MMAPBATCH_V2.
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

struct privcmd_mmapbatch_v2 {
    uint32_t num;               /* number of frames */
    domid_t dom;                /* the domain they belong to */
    uint64_t addr;              /* where in our mmap()ed area */
    const xen_pfn_t *arr;       /* their gfns */
    int *err;                   /* each frame's result */
};
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
    _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))

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

static void *privcmd_map_foreign(void *priv, domid_t dom,
                                 const xen_pfn_t *gfns, int *err,
                                 unsigned int nr, int *rc)
{
    struct privcmd *p = priv;
    size_t len = (size_t)nr * XC_PAGE_SIZE;
    struct privcmd_mmapbatch_v2 batch = {
        .num = nr, .dom = dom, .arr = gfns, .err = err,
    };
    void *addr = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, p->fd,
                      0);

    if ( addr == MAP_FAILED )
    {
        *rc = -errno;
        return NULL;
    }
    batch.addr = (uintptr_t)addr;
    /*
     * On failure the kernel has still filled err[] for the frames it
     * tried (ENOENT: paged out, which never happens here): the caller
     * sees them there.
     */
    if ( ioctl(p->fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0 )
    {
        *rc = -errno;
        munmap(addr, len);
        return NULL;
    }
    return addr;
}

static void privcmd_unmap_foreign(void *priv, void *addr, unsigned int nr)
{
    munmap(addr, (size_t)nr * XC_PAGE_SIZE);
}

static const struct xc_backend privcmd_backend = {
    .hypercall = privcmd_hypercall,
    .alloc = privcmd_alloc,
    .free = privcmd_free,
    .close = privcmd_close,
    .map_foreign = privcmd_map_foreign,
    .unmap_foreign = privcmd_unmap_foreign,
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
