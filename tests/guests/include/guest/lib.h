/* SPDX-License-Identifier: GPL-2.0-only */
/* Freestanding basics for the test kernels: strings, printing, layout. */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <guest/layout.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define __aligned(n)    __attribute__((__aligned__(n)))
#define __packed        __attribute__((__packed__))
#define __noreturn      __attribute__((__noreturn__))
#define __printf(a, b)  __attribute__((__format__(__printf__, a, b)))
#define __used          __attribute__((__used__))

#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);

/*
 * printf-like output to the hypervisor console (CONSOLEIO_write), one
 * hypercall per line.  Conversions: %d %i %u %x %X %c %s %p %%, with
 * the length modifiers l, ll and z, a field width, a precision (for %s
 * only) and the flags 0, - and #.
 */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

/* Writes len bytes to the console as they are (no line buffering). */
long console_write(const char *s, size_t len);

/* The image, as the linker script lays it out. */
extern char _image_start[], _text_start[], _rodata_end[];
extern char _data_start[], __bss_start[], __bss_end[], _image_end[];

static inline uint64_t virt_to_phys(const void *va)
{
    return (uint64_t)va - VIRT_OFFSET;
}

static inline void *phys_to_virt(uint64_t pa)
{
    return (void *)(pa + VIRT_OFFSET);
}

static inline uint64_t virt_to_gfn(const void *va)
{
    return virt_to_phys(va) >> PAGE_SHIFT;
}

/* "phys32" or "pv64": the entry ABI this kernel was built for. */
extern const char abi_name[];

#endif /* GUEST_LIB_H */
