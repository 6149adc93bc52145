# daemon/: isold, plus libisold-conf.a (the config/record parser that
# isol-certify and isolctl link to read and write whitelist records:
# #include "conf.h"/"record.h" with -Idaemon).
ISOLD_CONF_SRCS := daemon/conf.c daemon/record.c daemon/config.c
ISOLD_SRCS := daemon/main.c daemon/log.c daemon/notify.c daemon/system.c \
	daemon/backend_kernel.c daemon/backend_emul.c daemon/steer.c \
	daemon/topo.c daemon/claims.c daemon/journal.c daemon/server.c
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
GUEST_INSTALL += $(ISOLD):/usr/bin/isold \
	daemon/conf/isold.conf:/etc/isol/isold.conf \
	$(foreach f,$(wildcard daemon/conf/whitelist.d/*.conf),\
		$(f):/etc/isol/whitelist.d/$(notdir $(f)))

include tests/host/daemon/build.mk
