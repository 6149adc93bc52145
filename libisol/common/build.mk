# libisol/common: code shared by libisol, isold and the tools (one cpulist
# parser, one syscall-name table, one path/file layer, one config parser and
# the whitelist records).  Built as a PIC
# static archive that each of them links.
COMMON_SRCS := libisol/common/bitlist.c libisol/common/syscalls.c \
	libisol/common/paths.c libisol/common/fileio.c libisol/common/isold_proto.c \
	libisol/common/isold_client.c libisol/common/rootopts.c \
	libisol/common/conf.c libisol/common/record.c libisol/common/rules.c \
	libisol/common/profiles.c libisol/common/steer.c libisol/common/debug.c \
	libisol/common/rtcg.c libisol/common/rtset.c libisol/common/reserve.c \
	libisol/common/irqbalance.c libisol/common/tuned.c
COMMON_OBJS := $(COMMON_SRCS:%.c=$(B)/%.o) $(B)/gen/syscalls_gen.o
COMMON_LIB := $(B)/libisol-common.a

$(B)/gen/syscalls_gen.c: libisol/common/gen-syscalls.sh $(SYSCALL_TBLS)
	@mkdir -p $(@D)
	libisol/common/gen-syscalls.sh $(SYSCALL_TBLS) > $@.tmp && mv $@.tmp $@

$(B)/gen/syscalls_gen.o: $(B)/gen/syscalls_gen.c
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(COMMON_LIB): $(COMMON_OBJS)
	rm -f $@ && ar rcs $@ $^

BINS += $(COMMON_LIB)

# Unit tests of the common code.
$(B)/tests/common/test-bitlist: tests/host/common/test-bitlist.c $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMMON_LIB) $(ALL_LDFLAGS)
$(B)/tests/common/test-syscalls: tests/host/common/test-syscalls.c $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMMON_LIB) $(ALL_LDFLAGS)
$(B)/tests/common/test-fileio: tests/host/common/test-fileio.c $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMMON_LIB) $(ALL_LDFLAGS)

$(B)/tests/common/test-rules: tests/host/common/test-rules.c $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMMON_LIB) $(ALL_LDFLAGS)

$(B)/tests/common/test-rtset: tests/host/common/test-rtset.c $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(COMMON_LIB) $(ALL_LDFLAGS)

COMMON_TESTS := $(B)/tests/common/test-bitlist $(B)/tests/common/test-syscalls \
	$(B)/tests/common/test-fileio $(B)/tests/common/test-rules \
	$(B)/tests/common/test-rtset
BINS += $(COMMON_TESTS)
HOST_TESTS += $(COMMON_TESTS)
