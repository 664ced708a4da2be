# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level targets:
#   make            build the hypervisor (xen/xen), the toolstack
#                   (build/tools: libxlcfg.a, libxenctrl.a and the static
#                   xl), the host unit tests (plain and ASan+UBSan), the
#                   fuzzers (build/fuzz) and the PVH test kernels
#                   (build/guests)
#   make test       install missing dependencies, build, run every test
#   make fuzz       install missing dependencies, then run each fuzzer for
#                   FUZZ_SECONDS (default 60; see tests/fuzz/README), then
#                   the hypercall fuzzer guest for FUZZ_CALLS (default
#                   10^7; several hours under Bochs) with FUZZ_SEED
#                   (scripts/fuzz-hypercalls)
#   make demo       install missing dependencies, build everything, boot
#                   Debian's kernel as a PVH dom0 in Bochs (its console on
#                   stdout; about two minutes)
#   make bench      install missing dependencies, build the hypervisor and
#                   the benchmark kernel, run the benchmark (scripts/bench;
#                   see "Benchmarks" in README.md)
#   make linux      install missing dependencies, then build the Linux test
#                   fixture in build/linux (Debian's kernel as an ELF
#                   vmlinux, a test initramfs; see tests/linux/README).
#                   "make test" builds it too, for the Linux boot tests.
#   make clean      remove build output (build/linux's downloaded kernel
#                   package too)

ROOT := $(CURDIR)
export ROOT

include Config.mk

.PHONY: all xen tools unit-tests fuzzers guests test demo fuzz linux deps clean

all: xen tools unit-tests fuzzers guests

xen:
	$(MAKE) -C xen

tools:
	$(MAKE) -C tools/libs/xlcfg
	$(MAKE) -C tools/libs/ctrl
	$(MAKE) -C tools/libs/guest
	$(MAKE) -C tools/xl

unit-tests:
	$(MAKE) -C tests/unit all asan

fuzzers:
	$(MAKE) -C tests/fuzz

guests:
	$(MAKE) -C tests/guests

deps:
	scripts/deps

test: deps
	$(MAKE) all
	scripts/linux-fixture
	scripts/run-tests

# The main job: everything built, then Debian's kernel as a PVH dom0 with
# two vCPUs on two pCPUs under Bochs, its console streamed; its init runs
# its checks and xl, then powers the machine off.
demo: deps
	$(MAKE) all
	scripts/linux-fixture
	scripts/boot --emu bochs --cpus 2 --mem 512 --timeout 900 \
	    --cmdline "console=com1 com1=115200,8n1 dom0_mem=256M dom0_max_vcpus=2" \
	    --module "build/linux/vmlinux console=hvc0 earlyprintk=xen cryptomgr.notests=1 nosoftlockup expect_dom0=1 expect_cpus=2 expect_mem_mb=256 init_modules=xen-privcmd,xenfs xl_test=1" \
	    --module "build/linux/initramfs.cpio.gz" \
	    --expect "LINUX-INIT: [0-9]+ passed, 0 failed"

fuzz: deps
	$(MAKE) -C tests/fuzz run
	scripts/fuzz-hypercalls

linux: deps
	scripts/linux-fixture

.PHONY: bench
bench: deps
	$(MAKE) xen
	$(MAKE) -C tests/guests $(ROOT)/build/guests/bench-phys32
	scripts/bench --no-build

clean:
	rm -rf build xen/xen xen/xen-syms
