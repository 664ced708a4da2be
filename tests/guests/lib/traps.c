/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception dispatch: expected exceptions (armed by trap_expect()), the
 * end of a ring-3 excursion, and everything else, which fails the test.
 */
#include <guest/events.h>
#include <guest/test.h>

struct extable_entry {
    uint64_t insn, fixup;
};
extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

/* The one-shot expectation. */
static bool armed;
static unsigned int armed_skip;
static bool taken;
static struct trap_info last;

/* The ring-3 excursion in progress, if any. */
static bool in_user;
static struct user_exit user_result;
extern uint64_t user_kernel_rsp;
extern char user_return[];
uint64_t user_enter(uint64_t rip, uint64_t rsp);

static const char *const names[X86_NR_EXC] = {
    [X86_EXC_DE] = "#DE", [X86_EXC_DB] = "#DB", [X86_EXC_NMI] = "NMI",
    [X86_EXC_BP] = "#BP", [X86_EXC_OF] = "#OF", [X86_EXC_BR] = "#BR",
    [X86_EXC_UD] = "#UD", [X86_EXC_NM] = "#NM", [X86_EXC_DF] = "#DF",
    [X86_EXC_TS] = "#TS", [X86_EXC_NP] = "#NP", [X86_EXC_SS] = "#SS",
    [X86_EXC_GP] = "#GP", [X86_EXC_PF] = "#PF", [X86_EXC_MF] = "#MF",
    [X86_EXC_AC] = "#AC", [X86_EXC_MC] = "#MC", [X86_EXC_XM] = "#XM",
    [X86_EXC_VE] = "#VE", [X86_EXC_CP] = "#CP",
};

const char *trap_name(unsigned int vector)
{
    if ( vector < X86_NR_EXC && names[vector] )
        return names[vector];
    return vector == X86_VEC_SYSCALL ? "int $0x80" : "vec";
}

void trap_expect(unsigned int skip)
{
    armed = true;
    armed_skip = skip;
    taken = false;
}

bool trap_taken(struct trap_info *t)
{
    bool was = taken;

    if ( t )
        *t = last;
    armed = false;
    taken = false;
    return was;
}

static const struct extable_entry *search_extable(uint64_t rip)
{
    const struct extable_entry *e;

    for ( e = __start_ex_table; e < __stop_ex_table; e++ )
        if ( e->insn == rip )
            return e;
    return NULL;
}

struct user_exit user_run(uint64_t rip, uint64_t rsp)
{
    memset(&user_result, 0, sizeof(user_result));
    in_user = true;
    user_enter(rip, rsp);
    in_user = false;
    return user_result;
}

void __attribute__((__weak__)) test_crash_hook(void)
{
}

static void __noreturn unexpected(const struct cpu_regs *regs,
                                  uint64_t cr2)
{
    static bool nested;

    if ( nested )
    {
        /* Faulting while reporting a fault: give up without printing. */
        shutdown_domain(SHUTDOWN_crash);
        halt_forever();
    }
    nested = true;

    test_fail("unexpected exception %s (vector %lu) at rip %#lx, "
              "error code %#lx, cr2 %#lx",
              trap_name(regs->vector), regs->vector, regs->rip,
              regs->error_code, cr2);
    printk("  cs %#lx rflags %#lx rsp %#lx ss %#lx\n",
           regs->cs, regs->rflags, regs->rsp, regs->ss);
    printk("  rax %#lx rbx %#lx rcx %#lx rdx %#lx\n",
           regs->rax, regs->rbx, regs->rcx, regs->rdx);
    printk("  rsi %#lx rdi %#lx rbp %#lx r8 %#lx\n",
           regs->rsi, regs->rdi, regs->rbp, regs->r8);
    test_crash_hook();
    test_finish();
}

void trap_dispatch(struct cpu_regs *regs)
{
    /* Before anything else can fault and change it. */
    uint64_t cr2 = read_cr2();
    const struct extable_entry *e;

    /* An event-channel upcall, not an exception: on any vCPU. */
    if ( regs->vector == EVTCHN_CALLBACK_VECTOR )
    {
        evtchn_do_upcall();
        return;
    }

    /* The end of a ring-3 excursion: resume in user_run() at CPL 0. */
    if ( (regs->cs & 3) == 3 && in_user )
    {
        user_result.vector = regs->vector;
        user_result.rax = regs->rax;
        user_result.rip = regs->rip;
        user_result.error_code = regs->error_code;
        regs->rip = (uint64_t)user_return;
        regs->cs = GDT_KERNEL_CS;
        regs->rflags = 0x2;
        regs->rsp = user_kernel_rsp;
        regs->ss = GDT_KERNEL_DS;
        return;
    }

    if ( armed && (regs->cs & 3) == 0 )
    {
        last.vector = regs->vector;
        last.error_code = regs->error_code;
        last.cr2 = cr2;
        last.rip = regs->rip;
        armed = false;
        taken = true;

        e = search_extable(regs->rip);
        regs->rip = e ? e->fixup : regs->rip + armed_skip;
        return;
    }

    unexpected(regs, cr2);
}
