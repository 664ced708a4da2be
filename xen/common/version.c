/* SPDX-License-Identifier: GPL-2.0-only */
/* XENVER_*: what the hypervisor tells guests about itself. */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/bootinfo.h>
#include <asm/hvm/guest_access.h>
#include <public/features.h>
#include <public/version.h>

#ifndef XEN_CHANGESET
#define XEN_CHANGESET "unknown"
#endif

/* Features every PVH guest has here (XENVER_get_features, submap 0). */
static u32 guest_features(const struct domain *d)
{
    u32 f = (1U << XENFEAT_writable_descriptor_tables) |
            (1U << XENFEAT_auto_translated_physmap) |
            (1U << XENFEAT_supervisor_mode_kernel) |
            (1U << XENFEAT_hvm_callback_vector) |
            (1U << XENFEAT_hvm_safe_pvclock);

    if ( d->is_hardware_domain )
        f |= 1U << XENFEAT_dom0;
    return f;
}

long do_xen_version(unsigned int cmd, unsigned long arg)
{
    struct domain *d = current->domain;

    switch ( cmd )
    {
    case XENVER_version:
        return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;

    case XENVER_extraversion:
    {
        xen_extraversion_t extra = { 0 };

        strlcpy(extra, XEN_EXTRAVERSION, sizeof(extra));
        return hvm_copy_to_guest(arg, extra, sizeof(extra)) ? -EFAULT : 0;
    }

    case XENVER_compile_info:
    {
        struct xen_compile_info info;

        memset(&info, 0, sizeof(info));
        strlcpy(info.compiler, "gcc", sizeof(info.compiler));
        return hvm_copy_to_guest(arg, &info, sizeof(info)) ? -EFAULT : 0;
    }

    case XENVER_capabilities:
    {
        xen_capabilities_info_t caps = { 0 };

        strlcpy(caps, "xen-3.0-x86_64 hvm-3.0-x86_64", sizeof(caps));
        return hvm_copy_to_guest(arg, caps, sizeof(caps)) ? -EFAULT : 0;
    }

    case XENVER_changeset:
    {
        xen_changeset_info_t cs = { 0 };

        strlcpy(cs, XEN_CHANGESET, sizeof(cs));
        return hvm_copy_to_guest(arg, cs, sizeof(cs)) ? -EFAULT : 0;
    }

    case XENVER_platform_parameters:
    {
        struct xen_platform_parameters p = {
            .virt_start = DIRECTMAP_VIRT_START & ~((1UL << 39) - 1),
        };

        return hvm_copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
    }

    case XENVER_get_features:
    {
        struct xen_feature_info fi;

        if ( hvm_copy_from_guest(&fi, arg, sizeof(fi)) )
            return -EFAULT;
        if ( fi.submap_idx >= XENFEAT_NR_SUBMAPS )
            return -EINVAL;
        fi.submap = guest_features(d);
        return hvm_copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
    }

    case XENVER_pagesize:
        return PAGE_SIZE;

    case XENVER_guest_handle:
    {
        u8 handle[16] = { 0 };

        return hvm_copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
    }

    case XENVER_commandline:
    {
        xen_commandline_t line = { 0 };

        if ( !d->is_privileged )
            return -EPERM;
        strlcpy(line, boot_info.cmdline, sizeof(line));
        return hvm_copy_to_guest(arg, line, sizeof(line)) ? -EFAULT : 0;
    }
    }
    return -ENOSYS;
}
