# SPDX-License-Identifier: GPL-2.0-only
#
# Toolchain and flags shared by every part of the tree.  Included by the
# top-level Makefile and by xen/Makefile; paths are relative to $(ROOT).

CC      ?= gcc
LD      ?= ld
OBJCOPY ?= objcopy
NM      ?= nm

HOSTCC  ?= gcc

# Warnings are errors everywhere: the hypervisor, the host tests and tools.
WARN_FLAGS := -Wall -Wextra -Werror -Wmissing-prototypes -Wshadow \
              -Wstrict-prototypes -Wno-unused-parameter

# Reproducible output: no absolute paths in debug info or __FILE__.
REPRO_FLAGS := -ffile-prefix-map=$(ROOT)/=

# The hypervisor is freestanding, runs in the top 2 GiB of the address
# space (mcmodel=kernel) and never touches SSE/AVX state of its own, so
# that guest FPU state needs no saving on the exit path.
XEN_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
              -isystem $(shell $(CC) -print-file-name=include) \
              -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
              -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx \
              -mgeneral-regs-only \
              -fno-stack-protector -fno-omit-frame-pointer \
              -fno-asynchronous-unwind-tables -fno-strict-aliasing \
              -fno-common -ffunction-sections -fdata-sections \
              $(WARN_FLAGS) $(REPRO_FLAGS) -MMD -MP

XEN_AFLAGS := -D__ASSEMBLY__ -nostdinc -fno-pic -fno-pie $(REPRO_FLAGS) \
              -MMD -MP

XEN_LDFLAGS := -nostdlib -z max-page-size=0x1000 --build-id=none \
               -z noexecstack --no-warn-rwx-segments

# Host-side programs (unit tests, tools run on the build machine).
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN_FLAGS) $(REPRO_FLAGS) -MMD -MP
