# The adversarial suite (issue 12): the daemon, the tools and libisol
# against other local users, a second daemon, hostile files and crashes.
# C programs on the daemon tests' harness (tests/host/daemon/harness.c)
# plus adv.c; the attacker runs as a really unprivileged user, pid reuse
# is forced in a private pid namespace.  Included by daemon/build.mk.
ADV_TDIR := $(B)/tests/adversarial
ADV_TESTS := $(patsubst tests/host/adversarial/%.c,%,\
	$(wildcard tests/host/adversarial/adv-*.c))
ADV_OBJ := $(ADV_TDIR)/adv.o

$(ADV_OBJ): tests/host/adversarial/adv.c tests/host/adversarial/adv.h \
		tests/host/daemon/harness.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISOLD_TEST_CFLAGS) -MMD -MP -c -o $@ $<

$(ADV_TESTS:%=$(ADV_TDIR)/%): $(ADV_TDIR)/%: tests/host/adversarial/%.c \
		tests/host/adversarial/adv.h $(ADV_OBJ) $(ISOLD_HARNESS) \
		$(COMMON_LIB) $(ISOLD)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISOLD_TEST_CFLAGS) -o $@ $< $(ADV_OBJ) \
		$(ISOLD_HARNESS) $(COMMON_LIB) $(ALL_LDFLAGS) -lpthread

BINS += $(ADV_TESTS:%=$(ADV_TDIR)/%)
HOST_TESTS += $(foreach t,$(ADV_TESTS),adversarial/$(t)=$(ADV_TDIR)/$(t))
HOST_TESTS += adversarial/tools=tests/host/adversarial/tools.sh

# secure-probe: a libisol application (static, no library path involved)
# that adv-secure-env installs set-user-ID root.
ADV_PROBE := $(ADV_TDIR)/secure-probe
$(ADV_PROBE): tests/host/adversarial/secure-probe.c $(LIBISOL_A)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LIBISOL_INC) -o $@ $< $(LIBISOL_A) -lpthread \
		$(ALL_LDFLAGS)
BINS += $(ADV_PROBE)
