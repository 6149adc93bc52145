# bench: `make bench` (separate from `make check`: it measures timings).
# rtbench is the guest probe (bench/probe/rtbench.c); bench/run.sh builds
# the kernels it needs, packs its own initramfs (build/initramfs-bench.cpio),
# boots the kernels under QEMU and writes bench/RESULTS.md and the plots.
RTBENCH := $(B)/bench/rtbench

# libisol provides P3's emulation column; without it rtbench still builds
# (its "emul" mode then reports that it is missing).
ifneq ($(LIBISOL_SO),)
RTBENCH_LIBISOL := $(LIBISOL_INC) -DRTBENCH_HAVE_LIBISOL
RTBENCH_LIBS := $(LIBISOL_SO) -Wl,-rpath,$(CURDIR)/$(LIBISOL_DIR)
endif

RTBENCH_SRCS := bench/probe/rtbench.c bench/probe/events.c
$(RTBENCH): $(RTBENCH_SRCS) bench/probe/events.h bench/icount/mark.h $(LIBISOL_SO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RTBENCH_LIBISOL) -o $@ $(RTBENCH_SRCS) $(RTBENCH_LIBS) \
		-lpthread $(ALL_LDFLAGS)

BINS += $(RTBENCH)

.PHONY: bench bench-probe
bench-probe: $(RTBENCH) $(ICOUNT_PLUGIN) $(ICTEST)
bench: | $(DEPS_STAMP)
	@bench/run.sh

# The icount plugin (bench/icount/): a QEMU TCG plugin counting guest
# instructions per vCPU between markers (host side, loaded by QEMU, so built
# once, outside the variants: an ASan build could not load into QEMU), and
# ictest, the static guest program of its self-test (in every initramfs).
ICOUNT_DIR := $(O)/icount
ICOUNT_PLUGIN := $(ICOUNT_DIR)/libicount.so
ICTEST := $(ICOUNT_DIR)/ictest
ICOUNT_CFLAGS := -std=gnu11 -g -O2 -D_GNU_SOURCE $(WARN_CFLAGS) \
	-fstack-protector-strong -fcf-protection

$(ICOUNT_PLUGIN): bench/icount/icount.c
	@mkdir -p $(@D)
	$(CC) $(ICOUNT_CFLAGS) -fPIC -shared -fvisibility=hidden -o $@ $< \
		-lpthread -Wl,-z,relro,-z,now

$(ICTEST): bench/icount/ictest.c bench/icount/mark.h
	@mkdir -p $(@D)
	$(CC) $(ICOUNT_CFLAGS) -static -o $@ $<

BINS += $(ICOUNT_PLUGIN) $(ICTEST)
GUEST_INSTALL += $(ICTEST):/usr/bin/ictest

.PHONY: icount-plugin
icount-plugin: $(ICOUNT_PLUGIN) $(ICTEST)
