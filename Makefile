# rtisol - realtime CPU partitioning with syscall displacement.
#
#   make demo    boot the patched kernel in QEMU and show RT isolation at work
#   make check   host tests + the VM tests; ends with "N passed, N failed"
#   make check-transparency  upstream suites plain vs displaced (long)
#
# See README.md.  Everything is built under build/ (ignored by git).

SHELL := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

# ---------------------------------------------------------------------------
# Pinned inputs: the one place the kernel source version is named.
KERNEL_SRC_PKG     := linux-source-6.12
KERNEL_SRC_VERSION := 6.12.117-1~deb12u1
KERNEL_SRC_TARBALL := /usr/src/linux-source-6.12.tar.xz

# Debian packages the project needs (make deps installs what is missing).
DEB_PACKAGES := $(KERNEL_SRC_PKG)=$(KERNEL_SRC_VERSION) \
	build-essential gcc-multilib bc bison flex libelf-dev libssl-dev \
	cpio xz-utils patch perl ccache qemu-system-x86 busybox-static \
	libnuma-dev libsmartcols-dev libcap-dev rt-tests stress-ng gnuplot-nox clang \
	libclang-rt-14-dev \
	util-linux procps irqbalance

O      := build
NPROC  := $(shell nproc 2>/dev/null || echo 2)
DEPS_STAMP := $(O)/.deps-$(KERNEL_SRC_VERSION)

# ---------------------------------------------------------------------------
# Userspace build conventions (shared by every */build.mk fragment).
#
# VARIANT=host (default) or asan (ASan+UBSan, used by the host tests too).
# Fragments append to:
#   BINS          everything `make all` builds
#   HOST_TESTS    test programs/scripts run by `make check-host` from the
#                 repository root (exit 0 pass, 77 skip, else fail; TAP
#                 "ok N"/"not ok N" lines are counted individually)
#   GUEST_INSTALL "src:dst" pairs copied into the VM initramfs (dst is an
#                 absolute guest path); shared libraries are added for them
VARIANT ?= host
B := $(O)/$(VARIANT)

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
WARN_CFLAGS := -Wall -Wextra -Werror -Wformat=2 -Wformat-security \
	-Wmissing-prototypes -Wstrict-prototypes -Wshadow -Wvla-larger-than=4096
HARDEN_CFLAGS := -fstack-protector-strong -fstack-clash-protection \
	-fcf-protection -fPIC
CFLAGS_BASE := -std=gnu11 -g -D_GNU_SOURCE $(WARN_CFLAGS) $(HARDEN_CFLAGS) \
	-Ilibisol/common -I$(B)/gen
LDFLAGS_BASE := -Wl,-z,relro,-z,now,-z,noexecstack
ifeq ($(VARIANT),asan)
CFLAGS_VARIANT := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
LDFLAGS_VARIANT := -fsanitize=address,undefined
else
CFLAGS_VARIANT := -O2 -D_FORTIFY_SOURCE=2
LDFLAGS_VARIANT := -pie
endif
ALL_CFLAGS := $(CFLAGS_BASE) $(CFLAGS_VARIANT) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_BASE) $(LDFLAGS_VARIANT) $(LDFLAGS)

BINS :=
HOST_TESTS :=
GUEST_INSTALL :=

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The kernel's syscall tables, extracted once from the pinned source.
SYSCALL_TBL_DIR := $(O)/syscall-tables
SYSCALL_TBLS := $(SYSCALL_TBL_DIR)/syscall_64.tbl $(SYSCALL_TBL_DIR)/syscall_32.tbl
$(SYSCALL_TBLS): | $(DEPS_STAMP)
	@mkdir -p $(SYSCALL_TBL_DIR)
	@if [ -f $(O)/linux/arch/x86/entry/syscalls/$(@F) ]; then \
		cp $(O)/linux/arch/x86/entry/syscalls/$(@F) $@; \
	else \
		tar -xJf $(KERNEL_SRC_TARBALL) -O \
			$(KERNEL_SRC_PKG)/arch/x86/entry/syscalls/$(@F) > $@.tmp && \
		mv $@.tmp $@; \
	fi

include $(wildcard libisol/common/build.mk libisol/build.mk daemon/build.mk \
	tools/build.mk examples/build.mk tests/host/build.mk bench/build.mk \
	tests/transparency/build.mk)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

.PHONY: all userspace
all userspace: $(BINS)

# ---------------------------------------------------------------------------
# Packages.
.PHONY: deps
deps:
	@tests/lib/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(O) && touch $(DEPS_STAMP)

$(DEPS_STAMP):
	@tests/lib/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(O) && touch $@

# ---------------------------------------------------------------------------
# Kernel: unpack the pinned source, apply kernel-patch/series, merge the
# config fragments onto tinyconfig, build bzImage through ccache.
# FLAVOR selects the config/series combination (kernel-patch/kbuild.sh).
FLAVOR ?= base
KIMAGE = $(O)/kernel-$(FLAVOR)/arch/x86/boot/bzImage

.PHONY: kernel kernel-series-check checkpatch
kernel: | $(DEPS_STAMP)
	@kernel-patch/kbuild.sh $(FLAVOR)

# Apply and build the series patch by patch (slow; not part of check).
kernel-series-check: | $(DEPS_STAMP)
	@kernel-patch/kbuild.sh --each-patch $(FLAVOR)

checkpatch: | $(DEPS_STAMP)
	@kernel-patch/checkpatch.sh

# ---------------------------------------------------------------------------
# Initramfs and VM.
INITRAMFS = $(O)/initramfs-$(FLAVOR).cpio

.PHONY: initramfs vm
initramfs: all | $(DEPS_STAMP)
	@tests/lib/mkinitramfs.sh --out $(INITRAMFS) --ksrc $(O)/linux \
		--build $(O)/selftests $(foreach f,$(GUEST_INSTALL),--file $(f))

vm: | $(DEPS_STAMP)
	@$(MAKE) --no-print-directory kernel initramfs
	@tests/vm/run --kernel $(KIMAGE) --initrd $(INITRAMFS) --interactive

# ---------------------------------------------------------------------------
# Tests.
.PHONY: check check-host check-vm check-harness check-debug
check: | $(DEPS_STAMP)
	@tests/lib/check.sh

check-host: | $(DEPS_STAMP)
	@tests/lib/check.sh --host-only

check-vm: | $(DEPS_STAMP)
	@tests/lib/check.sh --vm-only

check-debug: | $(DEPS_STAMP)
	@tests/lib/check.sh --vm-only --flavor debug

# Run the registered host tests of this VARIANT (used by check.sh).
.PHONY: run-host-tests
run-host-tests: all
	@B=$(B) tests/lib/run-tests.sh $(HOST_TESTS)

# ---------------------------------------------------------------------------
.PHONY: demo
demo: | $(DEPS_STAMP)
	@tests/lib/demo.sh
	@tests/lib/demo-runtime.sh

.PHONY: clean distclean
clean:
	rm -rf $(O)/host $(O)/asan $(O)/initramfs-* $(O)/selftests $(O)/vm-logs
distclean:
	rm -rf $(O)
