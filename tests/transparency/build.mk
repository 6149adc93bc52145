# tests/transparency: upstream suites run plain and displaced in the guest
# (README.md there).  rtiso-launch and gsbase-switch (the fsgsbase
# reproducer) are static and built without sanitizers in every variant.
# The kselftests are built from the patched tree by build-suites.sh,
# called by mkinitramfs.sh.
RTISO_LAUNCH := $(O)/transparency/rtiso-launch
GSBASE_SWITCH := $(O)/transparency/gsbase-switch

$(RTISO_LAUNCH): tests/transparency/rtiso-launch.c libisol/common/rtiso_uapi.h
$(GSBASE_SWITCH): tests/transparency/gsbase-switch.c
$(RTISO_LAUNCH) $(GSBASE_SWITCH):
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -g -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 $(WARN_CFLAGS) \
		$(HARDEN_CFLAGS) -Ilibisol/common \
		-static -o $@ $<

BINS += $(RTISO_LAUNCH) $(GSBASE_SWITCH)
GUEST_INSTALL += $(RTISO_LAUNCH):/usr/bin/rtiso-launch \
	$(GSBASE_SWITCH):/rtisol/transparency/local/gsbase-switch \
	tests/transparency/run.sh:/rtisol/transparency/run.sh \
	$(foreach l,$(wildcard tests/transparency/*.list),$(l):/rtisol/transparency/$(notdir $(l)))

.PHONY: check-transparency
check-transparency: | $(DEPS_STAMP)
	@tests/transparency/check.sh

HOST_TESTS += transparency-launch=tests/transparency/test-launch.sh
