/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host implementations of what the hypervisor's console and crash code
 * provide: printk() writes into a buffer the tests can inspect, and
 * panic() (hence BUG()) jumps back into the test that expected it.
 */
#include "unit.h"

#include <sys/mman.h>

#define LOG_SIZE (1 << 16)

char unit_log[LOG_SIZE];
static size_t log_len;
char unit_panic_msg[512];
jmp_buf *unit_bug_jmp;

unsigned char *unit_arena;
size_t unit_arena_size;

void unit_log_reset(void)
{
    log_len = 0;
    unit_log[0] = '\0';
}

unsigned int unit_log_count(const char *s)
{
    unsigned int n = 0;
    const char *p = unit_log;

    while ( (p = strstr(p, s)) != NULL )
    {
        n++;
        p++;
    }

    return n;
}

void vprintk(const char *fmt, va_list args)
{
    va_list copy;
    int n;

    if ( getenv("UNIT_VERBOSE") )
    {
        va_copy(copy, args);
        vfprintf(stderr, fmt, copy);
        va_end(copy);
    }

    /* When the buffer fills up, keep the start: tests look there. */
    n = vsnprintf(unit_log + log_len, LOG_SIZE - log_len, fmt, args);
    if ( n > 0 )
        log_len = (size_t)n < LOG_SIZE - log_len ? log_len + n
                                                  : LOG_SIZE - 1;
}

void printk(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vprintk(fmt, args);
    va_end(args);
}

void panic(const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    vsnprintf(unit_panic_msg, sizeof(unit_panic_msg), fmt, args);
    va_end(args);

    if ( unit_bug_jmp )
        longjmp(*unit_bug_jmp, 1);

    fprintf(stderr, "unexpected panic: %s\n", unit_panic_msg);
    abort();
}

void unit_arena_init(size_t size)
{
    if ( unit_arena )
        munmap(unit_arena, unit_arena_size);

    /* Pages are only backed once touched, so big arenas are cheap. */
    unit_arena = mmap(NULL, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if ( unit_arena == MAP_FAILED )
    {
        perror("mmap");
        abort();
    }
    unit_arena_size = size;
}
