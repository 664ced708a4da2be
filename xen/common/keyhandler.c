/* SPDX-License-Identifier: GPL-2.0-only */
#include <xen/console.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/serial.h>
#include <xen/smp.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>

#define POLL_INTERVAL MILLISECS(50)

static struct {
    keyhandler_fn_t fn;
    const char *desc;
} key_table[128];

static struct timer poll_timer;

void register_keyhandler(unsigned char key, keyhandler_fn_t fn,
                         const char *desc)
{
    if ( key < ARRAY_SIZE(key_table) )
    {
        key_table[key].fn = fn;
        key_table[key].desc = desc;
    }
}

void handle_keypress(unsigned char key)
{
    if ( key < ARRAY_SIZE(key_table) && key_table[key].fn )
    {
        printk("'%c' pressed -> %s\n", key, key_table[key].desc);
        key_table[key].fn(key);
    }
}

static void show_help(unsigned char key)
{
    for ( unsigned int k = 0; k < ARRAY_SIZE(key_table); k++ )
        if ( key_table[k].fn )
            printk(" key '%c' (ascii '%02x') => %s\n", k, k,
                   key_table[k].desc);
}

static void dump_exits(unsigned char key)
{
    if ( !hvm_enabled() )
        return;
    hvm_dump_exit_stats();
    hvm_funcs->dump_exit_stats();
    hvm_dump_hypercall_stats();
}

static void dump_domains(unsigned char key)
{
    struct domain *d;
    struct vcpu *v;

    for_each_domain ( d )
    {
        printk("Domain %u: %lu pages (max %lu)%s%s\n", d->domain_id,
               d->tot_pages, d->max_pages,
               d->is_privileged ? ", privileged" : "",
               d->is_shutting_down ? ", shutting down" : "");
        for_each_vcpu ( d, v )
            printk("  v%u: CPU%u flags %#lx pause %u %s, %lu exits, "
                   "%lu hypercalls\n", v->vcpu_id, v->processor,
                   v->pause_flags, v->pause_count,
                   v->is_running ? "running" :
                   READ_ONCE(v->on_runq) ? "queued" : "not running",
                   (unsigned long)v->nr_exits,
                   (unsigned long)v->nr_hypercalls);
    }
}

static void dump_current(unsigned char key)
{
    struct vcpu *v = current;

    if ( is_idle_vcpu(v) )
    {
        printk("CPU%u is idle\n", smp_processor_id());
        return;
    }
    printk("CPU%u runs d%uv%u\n", smp_processor_id(), v->domain->domain_id,
           v->vcpu_id);
    hvm_funcs->dump_guest_state(v);
}

static void dump_memory(unsigned char key)
{
    size_t bytes;
    unsigned long pages;

    dump_heap();
    xmalloc_stats(&bytes, &pages);
    printk("xmalloc: %lu bytes in use, %lu pages\n", (unsigned long)bytes,
           pages);
}

static void poll_serial(void *data)
{
    int c;

    while ( (c = ns16550_getc()) >= 0 )
        console_input_char(c);
    set_timer(&poll_timer, NOW() + POLL_INTERVAL);
}

void keyhandler_init(void)
{
    register_keyhandler('h', show_help, "show this list of debug keys");
    register_keyhandler('e', dump_exits,
                         "dump VM exit and hypercall counters");
    register_keyhandler('q', dump_domains, "dump domain and vCPU state");
    register_keyhandler('m', dump_memory, "dump heap and xmalloc usage");
    register_keyhandler('d', dump_current,
                         "dump the guest state of the vCPU on this CPU");
    init_timer(&poll_timer, poll_serial, NULL, 0);
    set_timer(&poll_timer, NOW() + POLL_INTERVAL);
}
