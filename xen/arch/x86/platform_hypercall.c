/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op: the hardware domain's questions about the machine.  Linux
 * as a PVH dom0 asks at boot for the firmware's disk, EDID and EFI
 * information (XENPF_firmware_info) and for the boot console
 * (XENPF_get_dom0_console).  This hypervisor keeps none of that from the
 * boot loader, so each answers as Xen does when the item is absent, and
 * the kernel carries on without it.  dom0 also sets the wall clock
 * (XENPF_settime32/64).  The power-management calls are not offered
 * (-ENOSYS).
 */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/hvm/guest_access.h>
#include <public/platform.h>

long do_platform_op(unsigned long arg)
{
    struct xen_platform_op op;

    /* The table lets privileged domains in; this is the machine's owner. */
    if ( !current->domain->is_hardware_domain )
        return -EPERM;
    if ( hvm_copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XENPF_INTERFACE_VERSION )
        return -EACCES;

    switch ( op.cmd )
    {
    case XENPF_firmware_info:
        switch ( op.u.firmware_info.type )
        {
        case XEN_FW_DISK_INFO:
        case XEN_FW_DISK_MBR_SIGNATURE:
        case XEN_FW_VBEDDC_INFO:
        case XEN_FW_EFI_INFO:
        case XEN_FW_KBD_SHIFT_FLAGS:
            return -ESRCH;          /* no such item was recorded */
        }
        return -EINVAL;

    case XENPF_get_dom0_console:
        return -ENODEV;             /* no VGA or framebuffer handed on */

    /*
     * dom0 keeps the wall clock (NTP, the RTC); every domain sees it in
     * shared_info.  Until this succeeds Linux retries at every tick.
     */
    case XENPF_settime32:
        if ( op.u.settime32.nsecs >= NSEC_PER_SEC )
            return -EINVAL;
        settime(op.u.settime32.secs, op.u.settime32.nsecs,
                op.u.settime32.system_time);
        return 0;

    case XENPF_settime64:
        if ( op.u.settime64.mbz || op.u.settime64.nsecs >= NSEC_PER_SEC ||
             op.u.settime64.secs > ~0ULL / NSEC_PER_SEC - 1 )
            return -EINVAL;
        settime(op.u.settime64.secs, op.u.settime64.nsecs,
                op.u.settime64.system_time);
        return 0;
    }
    return -ENOSYS;
}
