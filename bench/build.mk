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

$(RTBENCH): bench/probe/rtbench.c $(LIBISOL_SO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(RTBENCH_LIBISOL) -o $@ $< $(RTBENCH_LIBS) \
		-lpthread $(ALL_LDFLAGS)

BINS += $(RTBENCH)

.PHONY: bench bench-probe
bench-probe: $(RTBENCH)
bench: | $(DEPS_STAMP)
	@bench/run.sh
