# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level targets:
#   make            build the hypervisor (xen/xen), the host unit tests and
#                   the PVH test kernels (build/guests)
#   make test       install missing dependencies, build, run every test
#   make demo       install missing dependencies, build, boot in Bochs
#   make clean      remove build output

ROOT := $(CURDIR)
export ROOT

include Config.mk

.PHONY: all xen unit-tests guests test demo deps clean

all: xen unit-tests guests

xen:
	$(MAKE) -C xen

unit-tests:
	$(MAKE) -C tests/unit

guests:
	$(MAKE) -C tests/guests

deps:
	scripts/deps

test: deps
	$(MAKE) all
	scripts/run-tests

demo: deps
	$(MAKE) xen
	scripts/boot --emu bochs --cpus 2 --cmdline "console=com1 com1=115200,8n1 loglvl=all test=boot"

clean:
	rm -rf build xen/xen xen/xen-syms
