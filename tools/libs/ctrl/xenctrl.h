/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libxenctrl: the toolstack's control library.  Hypercalls from a
 * privileged domain's user space, through Linux's /dev/xen/privcmd, with
 * the argument layouts of the hypervisor's public headers
 * (xen/include/public).
 *
 * Every function returns 0 (or a count) on success and -errno on failure;
 * xc_strerror() names the error.  The hypervisor reads hypercall
 * arguments through the caller's page tables, so every buffer a call
 * hands it is a bounce buffer from the backend (locked, page-aligned),
 * never caller memory.
 *
 * The privcmd layer is a backend (struct xc_backend) so that host tests
 * can replace it with a fake hypervisor.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/version.h>
#include <public/hvm/hvm_vcpu.h>

#define XC_PAGE_SIZE 4096UL

/* Where the hypercalls go: privcmd, or a test's fake. */
struct xc_backend {
    /* Issues hypercall op; returns its result (>= 0) or -errno. */
    long (*hypercall)(void *priv, uint64_t op, const uint64_t arg[5]);
    /*
     * Memory the hypervisor may read and write during a call: size is a
     * multiple of XC_PAGE_SIZE.  NULL on failure.
     */
    void *(*alloc)(void *priv, size_t size);
    void (*free)(void *priv, void *p, size_t size);
    void (*close)(void *priv);
    /*
     * Optional (NULL: -EOPNOTSUPP): maps the nr frames gfns[] of domain
     * dom, read-write and contiguous, into the caller's address space;
     * NULL with *rc = -errno on failure.  err[i] gets each frame's own
     * result (0 or -errno); a frame that failed must not be touched.
     */
    void *(*map_foreign)(void *priv, domid_t dom, const xen_pfn_t *gfns,
                         int *err, unsigned int nr, int *rc);
    void (*unmap_foreign)(void *priv, void *addr, unsigned int nr);
};

typedef struct xc_interface xc_interface;

#define XC_PRIVCMD_PATH "/dev/xen/privcmd"

/*
 * Opens the privcmd backend.  NULL on failure, with *err set to -errno
 * (ENOENT: no privcmd device, the kernel module is not loaded or this is
 * not a Xen domain).
 */
xc_interface *xc_open(int *err);
/* A handle on another backend (tests); priv is passed to its methods. */
xc_interface *xc_open_backend(const struct xc_backend *be, void *priv);
void xc_close(xc_interface *xch);

/* The message for rc (-errno or errno), in the hypervisor's terms. */
const char *xc_strerror(int rc);

/* A raw hypercall, arguments already in backend memory. */
long xc_hypercall(xc_interface *xch, unsigned int op, uint64_t a0,
                  uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

/* Generic domctl/sysctl: op is copied in and (on success) back out. */
int xc_domctl(xc_interface *xch, struct xen_domctl *op);
int xc_sysctl(xc_interface *xch, struct xen_sysctl *op);

/* ------------------------------------------------------------ domctl */

/* Exactly domain domid: -ESRCH if it does not exist. */
int xc_domain_getinfo(xc_interface *xch, domid_t domid,
                      struct xen_domctl_getdomaininfo *info);
int xc_domain_pause(xc_interface *xch, domid_t domid);
int xc_domain_unpause(xc_interface *xch, domid_t domid);
int xc_domain_destroy(xc_interface *xch, domid_t domid);
/* SCHEDOP_remote_shutdown: the domain stops with reason (SHUTDOWN_*). */
int xc_domain_shutdown(xc_interface *xch, domid_t domid,
                       unsigned int reason);
int xc_vcpu_getinfo(xc_interface *xch, domid_t domid, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *info);
/* *domid: in, the id wanted (0: any free one); out, the id given. */
int xc_domain_create(xc_interface *xch, domid_t *domid,
                     const struct xen_domctl_createdomain *config);
int xc_domain_setmaxmem(xc_interface *xch, domid_t domid,
                        uint64_t max_memkb);
int xc_vcpu_setcontext(xc_interface *xch, domid_t domid, unsigned int vcpu,
                       const struct vcpu_hvm_context *ctx);

/* ------------------------------------------------------------ memory */

/*
 * XENMEM_populate_physmap: backs the nr frames gfns[] of domid with
 * RAM (order 0).  Returns 0 once every frame is there, else -errno
 * (-ENOMEM when the hypervisor gave fewer than asked).
 */
int xc_domain_populate_physmap(xc_interface *xch, domid_t domid,
                               const xen_pfn_t *gfns, unsigned int nr);

/*
 * XENMEM_set_memory_map: gives domid its memory map (what its
 * XENMEM_memory_map answers), nr entries in the hypervisor's e820
 * format (packed, 20 bytes each).
 */
struct xc_e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));
int xc_domain_set_memory_map(xc_interface *xch, domid_t domid,
                             const struct xc_e820entry *map,
                             unsigned int nr);

/*
 * Maps the nr frames gfns[] of domain dom into our address space (see
 * struct xc_backend's map_foreign); every frame must map, else NULL with
 * *rc = -errno.  Undo with xc_unmap_foreign().
 */
void *xc_map_foreign_pages(xc_interface *xch, domid_t dom,
                           const xen_pfn_t *gfns, unsigned int nr, int *rc);
void xc_unmap_foreign(xc_interface *xch, void *addr, unsigned int nr);

/* ------------------------------------------------------- events, params */

/* EVTCHNOP_alloc_unbound: a port in dom that remote may bind to. */
int xc_evtchn_alloc_unbound(xc_interface *xch, domid_t dom, domid_t remote,
                            uint32_t *port);
/* HVMOP_set_param / HVMOP_get_param on domain domid. */
int xc_hvm_param_set(xc_interface *xch, domid_t domid, uint32_t index,
                     uint64_t value);
int xc_hvm_param_get(xc_interface *xch, domid_t domid, uint32_t index,
                     uint64_t *value);

/* ------------------------------------------------------------ sysctl */

int xc_physinfo(xc_interface *xch, struct xen_sysctl_physinfo *info);
/*
 * Up to max domains with ids from first, in id order, into info[].
 * Returns how many.
 */
int xc_domain_getinfolist(xc_interface *xch, domid_t first,
                          unsigned int max,
                          struct xen_domctl_getdomaininfo *info);
/*
 * Every domain: *list is malloc()ed (free() it), *nr its length.
 */
int xc_domain_list(xc_interface *xch, struct xen_domctl_getdomaininfo **list,
                   unsigned int *nr);
/*
 * The hypervisor's console log (all of what it still holds): *text is
 * malloc()ed and NUL-terminated, *len its length.  With clear, the log
 * is emptied afterwards.
 */
int xc_readconsole(xc_interface *xch, int clear, char **text, size_t *len);

/* ------------------------------------------------------------ version */

struct xc_version_info {
    unsigned int major, minor;
    xen_extraversion_t extra;
    xen_capabilities_info_t capabilities;
    xen_changeset_info_t changeset;
    xen_commandline_t commandline;
    struct xen_compile_info compile;
    uint64_t virt_start;
    unsigned long pagesize;
};

/*
 * Fills what the hypervisor tells; a part it refuses is left empty (the
 * version numbers are required).
 */
int xc_version(xc_interface *xch, struct xc_version_info *info);

#endif /* XENCTRL_H */
