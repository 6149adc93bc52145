# tools: isolctl (one binary, one file per subcommand) and isol-certify.
# Shared code of both lives in tools/lib; libsmartcols does the tables/JSON.
TOOLS_CFLAGS := -Itools/lib $(shell pkg-config --cflags smartcols 2>/dev/null)
TOOLS_LIBS := $(shell pkg-config --libs smartcols 2>/dev/null || echo -lsmartcols)

TOOLS_LIB_SRCS := tools/lib/util.c tools/lib/out.c tools/lib/kinfo.c \
	tools/lib/tracefs.c
ISOLCTL_SRCS := tools/isolctl/isolctl.c tools/isolctl/launch.c \
	tools/isolctl/status.c tools/isolctl/whitelist.c tools/isolctl/tasks.c \
	tools/isolctl/stats.c tools/isolctl/run.c tools/isolctl/audit.c \
	tools/isolctl/doctor.c tools/isolctl/claims.c tools/isolctl/reserve.c
CERTIFY_SRCS := $(wildcard tools/certify/*.c)

TOOLS_LIB_OBJS := $(TOOLS_LIB_SRCS:%.c=$(B)/%.o)
ISOLCTL_OBJS := $(ISOLCTL_SRCS:%.c=$(B)/%.o)
CERTIFY_OBJS := $(CERTIFY_SRCS:%.c=$(B)/%.o)

$(TOOLS_LIB_OBJS) $(ISOLCTL_OBJS) $(CERTIFY_OBJS): ALL_CFLAGS += $(TOOLS_CFLAGS)

# isolctl reserve reads isold.conf's steering keys with isold's parser.
$(B)/tools/isolctl/reserve.o: ALL_CFLAGS += -Idaemon
$(B)/bin/isolctl: $(ISOLCTL_OBJS) $(TOOLS_LIB_OBJS) $(ISOLD_CONF_LIB) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(TOOLS_LIBS) $(ALL_LDFLAGS)

$(B)/bin/isol-certify: $(CERTIFY_OBJS) $(TOOLS_LIB_OBJS) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $^ $(TOOLS_LIBS) -lpthread $(ALL_LDFLAGS)

# Probe programs for the CLI tests (host and VM): static and without
# sanitizers, so audit sees only their own syscalls, not a loader's.
$(B)/tests/tools/%: tests/host/tools/%.c
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -o $@ $<

TOOLS_PROBES := $(B)/tests/tools/probe-getcpu $(B)/tests/tools/probe-syscalls

BINS += $(B)/bin/isolctl $(B)/bin/isol-certify $(TOOLS_PROBES)
USERSPACE += $(B)/bin/isolctl $(B)/bin/isol-certify

INSTALL_TARGETS += install-tools
.PHONY: install-tools
install-tools: $(B)/bin/isolctl $(B)/bin/isol-certify
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 $(B)/bin/isolctl $(B)/bin/isol-certify $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 tools/man/isolctl.8 tools/man/isol-certify.8 \
		$(DESTDIR)$(MANDIR)/man8/
	$(INSTALL) -m 644 tools/completion/isolctl tools/completion/isol-certify \
		$(DESTDIR)$(BASHCOMPDIR)/
HOST_TESTS += tools-cli=tests/host/tools/test-cli.sh \
	tools-reserve=tests/host/tools/test-reserve.sh
GUEST_INSTALL += $(B)/bin/isolctl:/usr/bin/isolctl \
	$(B)/bin/isol-certify:/usr/bin/isol-certify \
	$(B)/tests/tools/probe-getcpu:/rtisol/tests/tools/probe-getcpu \
	$(B)/tests/tools/probe-syscalls:/rtisol/tests/tools/probe-syscalls \
	tests/host/tools/vm-tools.sh:/rtisol/tests/tools/vm-tools.sh \
	tests/host/tools/vm-rules.sh:/rtisol/tests/tools/vm-rules.sh \
	tests/host/tools/check.sh:/rtisol/tests/tools/check.sh
