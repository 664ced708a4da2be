# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level targets:
#   make            build the hypervisor (xen/xen) and the host unit tests
#   make test       install missing dependencies, build, run every test
#   make demo       install missing dependencies, build, boot in Bochs
#   make clean      remove build output

ROOT := $(CURDIR)
export ROOT

include Config.mk

.PHONY: all xen unit-tests test demo deps clean

all: xen unit-tests

xen:
	$(MAKE) -C xen

unit-tests:
	$(MAKE) -C tests/unit

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
