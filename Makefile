# rtisol - realtime CPU partitioning with syscall displacement.
#
#   make demo    boot the patched kernel in QEMU and show RT isolation at work
#   make check   host tests + the VM tests; ends with "N passed, N failed"
#   make install [DESTDIR=...] [PREFIX=/usr/local]   the userspace
#   make deb     Debian packages of the userspace (build/deb/)
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
	util-linux procps systemd irqbalance

# Only for `make deb`/`check-deb` (packaging tools) and
# `make deb-kernel`/`check-distro-config` (Debian's kernel config): a fresh
# `make check` does not install them.
DEB_BUILD_PACKAGES := debhelper lintian dpkg-dev man-db \
	bash-completion pkgconf
# (kbuild.sh distro reads linux-config-6.12's config.amd64_none_amd64.xz;
# bindeb-pkg checks its Build-Depends: dpkg-dev, debhelper, kmod, rsync.)
DISTRO_KERNEL_PACKAGES := linux-config-6.12=$(KERNEL_SRC_VERSION) \
	dpkg-dev debhelper kmod rsync

O      := build
NPROC  := $(shell nproc 2>/dev/null || echo 2)
DEPS_STAMP := $(O)/.deps-$(KERNEL_SRC_VERSION)
# NO_DEPS=1: never install packages (package builds, where the build
# dependencies are dpkg's business).
ifeq ($(NO_DEPS),1)
DEPS_STAMP :=
endif

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
#   USERSPACE     what `make install` installs (built by `make userspace`)
#   INSTALL_TARGETS  the fragment's install-NAME rule, run by `make install`
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
ALL_CFLAGS := $(CFLAGS_BASE) $(CFLAGS_VARIANT) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_BASE) $(LDFLAGS_VARIANT) $(LDFLAGS)

BINS :=
HOST_TESTS :=
GUEST_INSTALL :=
USERSPACE :=
INSTALL_TARGETS :=

# Installation directories.  The configuration is always /etc/isol and the
# runtime directory /run/isol: the programs look there (paths.h).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= $(PREFIX)/lib/systemd/system
CONFDIR := /etc/isol
INSTALL ?= install

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

# The progress lines of make check/demo and the kernel build.
HOST_TESTS += progress=tests/lib/test-progress.sh

.PHONY: all userspace install
all: $(BINS)
# The installed programs and library only (no tests).
userspace: $(USERSPACE)
install: $(INSTALL_TARGETS)

# ---------------------------------------------------------------------------
# Packages.
.PHONY: deps
deps:
	@tests/lib/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(O) && touch $(DEPS_STAMP)

ifneq ($(DEPS_STAMP),)
$(DEPS_STAMP):
	@tests/lib/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(O) && touch $@
endif

# ---------------------------------------------------------------------------
# Kernel: unpack the pinned source, apply kernel-patch/series, merge the
# config fragments onto tinyconfig, build bzImage through ccache.
# FLAVOR selects the config/series combination (kernel-patch/kbuild.sh).
FLAVOR ?= base
KIMAGE = $(O)/kernel-$(FLAVOR)/arch/x86/boot/bzImage

.PHONY: kernel kernel-series-check checkpatch
kernel: | $(DEPS_STAMP)
	@kernel-patch/kbuild.sh $(FLAVOR)

# Apply and build the series patch by patch (slow; not part of check;
# SERIES_FROM=N starts at the N-th patch).
kernel-series-check: | $(DEPS_STAMP)
	@kernel-patch/kbuild.sh --each-patch $(FLAVOR)

checkpatch: | $(DEPS_STAMP)
	@kernel-patch/checkpatch.sh

# Debian's own configuration (kernel-patch/config/distro.config on the
# amd64 config of linux-config-6.12): `deb-kernel` packages it with the
# kernel's bindeb-pkg (hours on 2 cores; not in check), `check-distro-config`
# builds only its bzImage and runs the VM set check on it (kselftests
# included; result and time in kernel-patch/README.md).
.PHONY: deb-kernel check-distro-config
deb-kernel: | $(DEPS_STAMP)
	@tests/lib/install-deps.sh $(DISTRO_KERNEL_PACKAGES)
	@kernel-patch/kbuild.sh --deb distro

check-distro-config: | $(DEPS_STAMP)
	@tests/lib/install-deps.sh $(DISTRO_KERNEL_PACKAGES)
	@tests/lib/check.sh --vm-only --flavor distro
	@$(MAKE) --no-print-directory check-systemd

# The packages under systemd as PID 1, in the VM on the distro-config kernel
# (the sandbox needs its namespaces and seccomp): isold.service does its
# work, the example RT application unit gets a claimed RT CPU.
.PHONY: check-systemd
check-systemd: deb
	@tests/vm/systemd/run.sh

# ---------------------------------------------------------------------------
# Userspace packages: `make deb` builds libisol1, libisol-dev, isold and
# rtisol-tools (debian/) into build/deb/ and runs lintian; `make check-deb`
# also unpacks them into a scratch root and runs the host CLI, daemon and
# library tests against the installed files.
.PHONY: deb check-deb
deb: $(SYSCALL_TBLS)
	@tests/lib/install-deps.sh $(DEB_BUILD_PACKAGES)
	@tests/lib/mkdeb.sh

check-deb: deb all
	@B=$(B) tests/deb/test-installed.sh build/deb

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
