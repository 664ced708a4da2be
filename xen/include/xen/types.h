/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t   s8;
typedef int16_t  s16;
typedef int32_t  s32;
typedef int64_t  s64;

typedef uint64_t paddr_t;
typedef unsigned long vaddr_t;
typedef unsigned long mfn_t;     /* machine frame number */
typedef unsigned long gfn_t;     /* guest frame number */

#ifndef __ssize_t_defined
typedef long ssize_t;
#endif

#define INVALID_MFN (~0UL)
#define INVALID_GFN (~0UL)

#endif /* XEN_TYPES_H */
