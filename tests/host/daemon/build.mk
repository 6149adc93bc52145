# isold host tests: unit tests of the parsers and the protocol, and the
# real daemon on a fixture tree (harness.c).  Included by daemon/build.mk.
ISOLD_TDIR := $(B)/tests/daemon
ISOLD_TEST_CFLAGS := -Wno-format-truncation
ISOLD_HARNESS := $(ISOLD_TDIR)/harness.o
ISOLD_UNIT_TESTS := test-proto test-config
ISOLD_DAEMON_TESTS := test-isold test-isold-malformed test-isold-restart \
	test-isold-rules test-isold-runtime

$(ISOLD_HARNESS): tests/host/daemon/harness.c tests/host/daemon/harness.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISOLD_TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(ISOLD_UNIT_TESTS:%=$(ISOLD_TDIR)/%): $(ISOLD_TDIR)/%: \
		tests/host/daemon/%.c $(ISOLD_CONF_LIB) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISOLD_CFLAGS) -o $@ $< $(ISOLD_CONF_LIB) \
		$(COMMON_LIB) $(ALL_LDFLAGS)

$(ISOLD_DAEMON_TESTS:%=$(ISOLD_TDIR)/%): $(ISOLD_TDIR)/%: \
		tests/host/daemon/%.c $(ISOLD_HARNESS) $(COMMON_LIB) $(ISOLD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISOLD_TEST_CFLAGS) -o $@ $< $(ISOLD_HARNESS) $(COMMON_LIB) \
		$(ALL_LDFLAGS)

BINS += $(foreach t,$(ISOLD_UNIT_TESTS) $(ISOLD_DAEMON_TESTS),$(ISOLD_TDIR)/$(t))
HOST_TESTS += $(foreach t,$(ISOLD_UNIT_TESTS) $(ISOLD_DAEMON_TESTS),\
	isold/$(t)=$(ISOLD_TDIR)/$(t))
HOST_TESTS += isold/fuzz=tests/host/daemon/fuzz.sh

# VM test (tests/vm/sets/check.d/30-daemon.list): a tiny client and a script.
ISOLD_CLIENT := $(ISOLD_TDIR)/isold-client
$(ISOLD_CLIENT): tests/host/daemon/isold-client.c $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMMON_LIB) $(ALL_LDFLAGS) -lpthread
BINS += $(ISOLD_CLIENT)
GUEST_INSTALL += $(ISOLD_CLIENT):/usr/bin/isold-client \
	tests/host/daemon/vm-isold.sh:/rtisol/tests/daemon/vm-isold.sh

# VM tests of the runtime RT set (issue 14, tests/vm/sets/runtime.d): a
# root without CAP_SYS_ADMIN, for a partition the kernel refuses.
NOSYSADMIN := $(ISOLD_TDIR)/nosysadmin
$(NOSYSADMIN): tests/host/daemon/nosysadmin.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS)
BINS += $(NOSYSADMIN)
GUEST_INSTALL += $(NOSYSADMIN):/usr/bin/nosysadmin \
	tests/host/daemon/vm-runtime.sh:/rtisol/tests/daemon/vm-runtime.sh \
	tests/host/daemon/vm-runtime-flow.sh:/rtisol/tests/daemon/vm-runtime-flow.sh

# VM test of isold beside the real irqbalance (issue 16,
# tests/vm/sets/check.d/45-coexist.list): Debian's binary (package
# irqbalance, in DEB_PACKAGES), its shared libraries copied with it.
GUEST_INSTALL += tests/host/daemon/vm-irqbalance.sh:/rtisol/tests/daemon/vm-irqbalance.sh \
	$(if $(wildcard /usr/sbin/irqbalance),/usr/sbin/irqbalance:/usr/sbin/irqbalance)
