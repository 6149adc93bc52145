# daemon/: isold, plus libisold-conf.a (isold.conf semantics, config.c,
# for isold and its unit tests).  The config syntax parser and the whitelist
# records it builds on are in libisol/common (conf.c, record.c, rules.c).
ISOLD_CONF_SRCS := daemon/config.c
ISOLD_SRCS := daemon/main.c daemon/log.c daemon/notify.c daemon/system.c \
	daemon/backend_kernel.c daemon/backend_emul.c daemon/steer.c \
	daemon/topo.c daemon/identity.c daemon/claims.c daemon/journal.c \
	daemon/rundir.c daemon/server.c daemon/runtime.c \
	daemon/irqbalance.c daemon/tuned.c
ISOLD_CONF_LIB := $(B)/libisold-conf.a
ISOLD := $(B)/isold
ISOLD_CFLAGS := -Idaemon

$(B)/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ISOLD_CFLAGS) -MMD -MP -c -o $@ $<

$(ISOLD_CONF_LIB): $(ISOLD_CONF_SRCS:%.c=$(B)/%.o)
	rm -f $@ && ar rcs $@ $^

$(ISOLD): $(ISOLD_SRCS:%.c=$(B)/%.o) $(ISOLD_CONF_LIB) $(COMMON_LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ -lnuma $(ALL_LDFLAGS)

BINS += $(ISOLD_CONF_LIB) $(ISOLD)
USERSPACE += $(ISOLD)

# make install: the daemon, its default configuration (/etc/isol), the
# systemd unit (pointing at SBINDIR), the drop-in that lets it reserve RT
# CPUs at runtime (an example: isold(8), RUNTIME RT CPUS) and its man
# pages.
INSTALL_TARGETS += install-daemon
.PHONY: install-daemon
install-daemon: $(ISOLD)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(CONFDIR)/whitelist.d \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(DOCDIR)/isold/examples
	$(INSTALL) -m 755 $(ISOLD) $(DESTDIR)$(SBINDIR)/isold
	$(INSTALL) -m 644 daemon/conf/isold.conf $(DESTDIR)$(CONFDIR)/
	$(INSTALL) -m 644 daemon/conf/whitelist.d/*.conf $(DESTDIR)$(CONFDIR)/whitelist.d/
	sed -e 's|/usr/sbin/isold|$(SBINDIR)/isold|g' daemon/isold.service \
		> $(DESTDIR)$(UNITDIR)/isold.service
	$(INSTALL) -m 644 daemon/isold-runtime-reserve.conf \
		$(DESTDIR)$(DOCDIR)/isold/examples/
	$(INSTALL) -m 644 daemon/man/isold.8 $(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 644 daemon/man/isold.conf.5 $(DESTDIR)$(MANDIR)/man5/
GUEST_INSTALL += $(ISOLD):/usr/bin/isold \
	daemon/conf/isold.conf:/etc/isol/isold.conf \
	$(foreach f,$(wildcard daemon/conf/whitelist.d/*.conf),\
		$(f):/etc/isol/whitelist.d/$(notdir $(f)))

include tests/host/daemon/build.mk
include tests/host/adversarial/build.mk

# isold.service and examples/isol-rt-app.service, offline: verify, and the
# sandbox's exposure figure (systemd-analyze, from Debian's systemd).
HOST_TESTS += isold/unit=tests/host/daemon/check-unit.sh

# Fuzz targets (libFuzzer, clang): the message decoder, the config/
# record parser and the claim journal parser.  Built with `make all` when clang is installed; a short
# run is a host test, `make fuzz-isold [FUZZ_TIME=600]` is the long run.
FUZZ_CC ?= clang
FUZZ_TIME ?= 600
ISOLD_FUZZ_DIR := $(B)/fuzz
ISOLD_FUZZ_CFLAGS := -std=gnu11 -g -O1 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Ilibisol/common -Idaemon -I$(B)/gen
ISOLD_FUZZERS := $(ISOLD_FUZZ_DIR)/fuzz-proto $(ISOLD_FUZZ_DIR)/fuzz-config \
	$(ISOLD_FUZZ_DIR)/fuzz-journal

$(ISOLD_FUZZ_DIR)/fuzz-proto: daemon/fuzz/fuzz-proto.c \
		libisol/common/isold_proto.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ISOLD_FUZZ_CFLAGS) -o $@ $^

$(ISOLD_FUZZ_DIR)/fuzz-config: daemon/fuzz/fuzz-config.c $(ISOLD_CONF_SRCS) \
		libisol/common/conf.c libisol/common/record.c \
		libisol/common/rules.c libisol/common/profiles.c \
		libisol/common/bitlist.c libisol/common/syscalls.c \
		libisol/common/fileio.c libisol/common/paths.c \
		$(B)/gen/syscalls_gen.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ISOLD_FUZZ_CFLAGS) -Wno-missing-prototypes -o $@ $^

$(ISOLD_FUZZ_DIR)/fuzz-journal: daemon/fuzz/fuzz-journal.c daemon/journal.c \
		libisol/common/bitlist.c libisol/common/fileio.c \
		libisol/common/paths.c libisol/common/rtcg.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ISOLD_FUZZ_CFLAGS) -o $@ $^

ifneq ($(shell command -v $(FUZZ_CC) 2>/dev/null),)
BINS += $(ISOLD_FUZZERS)
endif

.PHONY: fuzz-isold
fuzz-isold: $(ISOLD_FUZZERS)
	B=$(B) tests/host/daemon/fuzz.sh $(FUZZ_TIME)
