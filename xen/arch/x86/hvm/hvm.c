/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Vendor-neutral HVM: choosing the backend and bringing it up per CPU.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <asm/hvm/hvm.h>

const struct hvm_function_table *hvm_funcs;

void hvm_enable(void)
{
    const struct hvm_function_table *fns = start_vmx();

    if ( !fns )
        return;
    hvm_funcs = fns;
    printk("HVM: %s enabled\n", fns->name);
}

int hvm_cpu_up(void)
{
    int rc;

    if ( !hvm_funcs )
        return 0;
    rc = hvm_funcs->cpu_up();
    if ( rc )
        printk(XENLOG_WARNING "HVM: CPU%u cannot run guests (%d)\n",
               smp_processor_id(), rc);
    return rc;
}
