/* SPDX-License-Identifier: GPL-2.0-only */
/* VCPUOP_*: operations a guest performs on its own vCPUs. */
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/hvm/guest_access.h>
#include <asm/page.h>
#include <public/vcpu.h>

/*
 * VCPUOP_register_vcpu_info: the guest moves a vCPU's vcpu_info into a
 * page of its own choosing (needed beyond the 32 slots in shared_info).
 * The frame stays owned by the domain for its lifetime, so the pointer
 * we keep is never left dangling into someone else's memory.
 */
static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
    struct domain *d = v->domain;
    struct vcpu_register_vcpu_info info;
    struct vcpu_info *new;
    u8 *page;

    if ( hvm_copy_from_guest(&info, arg, sizeof(info)) )
        return -EFAULT;
    if ( info.rsvd || info.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
         (info.offset & 7) )
        return -EINVAL;
    if ( v->vcpu_info_mfn != INVALID_MFN )
        return -EINVAL;                 /* only once, as in Xen */
    page = hvm_map_gfn(d, info.mfn, true);
    if ( !page )
        return -EINVAL;

    new = (struct vcpu_info *)(page + info.offset);
    if ( v->vcpu_info )
        memcpy(new, v->vcpu_info, sizeof(*new));
    else
    {
        memset(new, 0, sizeof(*new));
        new->evtchn_upcall_mask = 1;
    }
    smp_wmb();
    v->vcpu_info = new;
    v->vcpu_info_mfn = virt_to_mfn(page);
    return 0;
}

long do_vcpu_op(unsigned int cmd, unsigned int vcpuid, unsigned long arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if ( vcpuid >= d->max_vcpus || (v = d->vcpu[vcpuid]) == NULL )
        return -ENOENT;

    switch ( cmd )
    {
    case VCPUOP_is_up:
        return !(READ_ONCE(v->pause_flags) & VPF_down);

    case VCPUOP_register_vcpu_info:
        return register_vcpu_info(v, arg);
    }
    return -ENOSYS;
}
