/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions taken while the hypervisor itself runs.  A fault here is a
 * hypervisor bug (guest faults arrive as VM exits, not through the IDT),
 * so apart from the exception-table fixups for probing accesses, every
 * exception prints a register dump and a call trace, then panics.
 */
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/symbols.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/traps.h>

static const char *const exception_names[32] = {
    [0] = "divide error", [1] = "debug", [2] = "NMI", [3] = "breakpoint",
    [4] = "overflow", [5] = "bounds", [6] = "invalid opcode",
    [7] = "device not available", [8] = "double fault",
    [9] = "coprocessor segment overrun", [10] = "invalid TSS",
    [11] = "segment not present", [12] = "stack fault",
    [13] = "general protection fault", [14] = "page fault",
    [16] = "x87 FPU error", [17] = "alignment check",
    [18] = "machine check", [19] = "SIMD error",
    [20] = "virtualisation exception", [21] = "control protection",
};

struct ex_entry {
    unsigned long insn;
    unsigned long fixup;
};
extern const struct ex_entry __start_ex_table[], __stop_ex_table[];

static unsigned long search_ex_table(unsigned long rip)
{
    for ( const struct ex_entry *e = __start_ex_table;
          e < __stop_ex_table; e++ )
        if ( e->insn == rip )
            return e->fixup;
    return 0;
}

/*
 * Follows the frame-pointer chain (we build with -fno-omit-frame-pointer)
 * as long as each frame lies inside this CPU's stack, so a corrupt %rbp
 * ends the trace instead of faulting again.
 */
void show_stack_trace(unsigned long rip, unsigned long rbp)
{
    unsigned long top = this_cpu_info()->stack_top;
    unsigned long bottom = top - STACK_SIZE;

    char sym[SYMBOL_BUF];

    printk("Xen call trace:\n");
    printk("   [<%016lx>] %s\n", rip, symbols_lookup(rip, sym, sizeof(sym)));
    for ( unsigned int depth = 0; depth < 32; depth++ )
    {
        const unsigned long *frame = (const unsigned long *)rbp;

        if ( rbp < bottom || rbp + 16 > top || (rbp & 7) )
            break;
        if ( !frame[1] )
            break;
        printk("   [<%016lx>] %s\n", frame[1],
               symbols_lookup(frame[1], sym, sizeof(sym)));
        rbp = frame[0];
    }
}

void show_registers(const struct cpu_user_regs *regs)
{
    char sym[SYMBOL_BUF];

    printk("----[ Xen-%d.%d%s  x86_64 ]----\n", XEN_VERSION_MAJOR,
           XEN_VERSION_MINOR, XEN_EXTRAVERSION);
    printk("CPU:    %u\n", smp_processor_id());
    printk("RIP:    %04lx:[<%016lx>] %s\n", regs->cs, regs->rip,
           symbols_lookup(regs->rip, sym, sizeof(sym)));
    printk("CS:     %04lx   RFLAGS: %016lx\n", regs->cs, regs->rflags);
    printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n",
           regs->rax, regs->rbx, regs->rcx);
    printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n",
           regs->rdx, regs->rsi, regs->rdi);
    printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n",
           regs->rbp, regs->rsp, regs->r8);
    printk("r9:  %016lx   r10: %016lx   r11: %016lx\n",
           regs->r9, regs->r10, regs->r11);
    printk("r12: %016lx   r13: %016lx   r14: %016lx\n",
           regs->r12, regs->r13, regs->r14);
    printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n",
           regs->r15, read_cr0(), read_cr4());
    printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
    printk("ss:  %04lx   error code: %04lx   vector: %lu\n",
           regs->ss, regs->error_code, regs->vector);
}

static void __noreturn fatal_trap(const struct cpu_user_regs *regs)
{
    unsigned int v = regs->vector;
    const char *name = v < 32 && exception_names[v] ? exception_names[v]
                                                    : "reserved";

    if ( v == 14 )
    {
        unsigned long ec = regs->error_code;

        printk("Page fault at linear address %016lx: %s %s in %s mode%s%s\n",
               read_cr2(), ec & 1 ? "protection violation" : "not present",
               ec & 16 ? "(instruction fetch)"
                       : ec & 2 ? "(write)" : "(read)",
               ec & 4 ? "user" : "supervisor",
               ec & 8 ? ", reserved bit set" : "", "");
    }
    show_registers(regs);
    show_stack_trace(regs->rip, regs->rbp);
    panic("FATAL TRAP: vector = %u (%s)", v, name);
}

void do_trap_or_irq(struct cpu_user_regs *regs)
{
    unsigned long fixup;

    if ( regs->vector >= 32 )
    {
        do_IRQ(regs);
        return;
    }

    if ( regs->vector == 2 )
    {
        do_nmi(regs);
        return;
    }

    if ( (regs->vector == 13 || regs->vector == 14) &&
         (fixup = search_ex_table(regs->rip)) != 0 )
    {
        regs->rip = fixup;
        return;
    }

    fatal_trap(regs);
}
