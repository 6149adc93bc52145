# libisol: libisol.so.1 (soname, version script, hidden visibility),
# libisol.a, libisol.pc, and its tests (tests/host/libisol/).
LIBISOL_VERSION := 1.1.0
LIBISOL_DIR := $(B)/libisol
LIBISOL_SRCS := $(wildcard libisol/src/*.c)
LIBISOL_OBJS := $(LIBISOL_SRCS:%.c=$(B)/%.o) $(B)/libisol/src/emul_tramp.o
LIBISOL_SO := $(LIBISOL_DIR)/libisol.so.1
LIBISOL_A := $(LIBISOL_DIR)/libisol.a
LIBISOL_PC := $(LIBISOL_DIR)/libisol.pc
LIBISOL_INC := -Ilibisol/include

$(LIBISOL_OBJS): ALL_CFLAGS += -fvisibility=hidden $(LIBISOL_INC)

$(B)/libisol/src/%.o: libisol/src/%.S
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBISOL_SO): $(LIBISOL_OBJS) $(COMMON_LIB) libisol/libisol.map
	$(CC) -shared -o $@ -Wl,-soname,libisol.so.1 \
		-Wl,--version-script=libisol/libisol.map -Wl,-z,defs \
		$(LIBISOL_OBJS) $(COMMON_LIB) -lpthread \
		$(filter-out -pie,$(ALL_LDFLAGS))

$(LIBISOL_DIR)/libisol.so: $(LIBISOL_SO)
	ln -sf libisol.so.1 $@

$(LIBISOL_A): $(LIBISOL_OBJS) $(COMMON_OBJS)
	rm -f $@ && ar rcs $@ $^

# pc_subst PREFIX LIBDIR INCLUDEDIR: the sed that makes libisol.pc
pc_subst = sed -e 's|@PREFIX@|$(1)|' -e 's|@VERSION@|$(LIBISOL_VERSION)|' \
	-e 's|@LIBDIR@|$(patsubst $(1)/%,$${prefix}/%,$(2))|' \
	-e 's|@INCLUDEDIR@|$(patsubst $(1)/%,$${prefix}/%,$(3))|'

$(LIBISOL_PC): libisol/libisol.pc.in
	@mkdir -p $(@D)
	$(call pc_subst,/usr,/usr/lib,/usr/include) $< > $@

BINS += $(LIBISOL_SO) $(LIBISOL_DIR)/libisol.so $(LIBISOL_A) $(LIBISOL_PC)
USERSPACE += $(LIBISOL_SO) $(LIBISOL_A)

# make install: libisol.so.1.0.0 with its soname and development links,
# the static library, the header, libisol.pc for this LIBDIR, man3.
INSTALL_TARGETS += install-libisol
.PHONY: install-libisol
install-libisol: $(LIBISOL_SO) $(LIBISOL_A)
	$(INSTALL) -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/isol \
		$(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 644 $(LIBISOL_SO) $(DESTDIR)$(LIBDIR)/libisol.so.$(LIBISOL_VERSION)
	ln -sf libisol.so.$(LIBISOL_VERSION) $(DESTDIR)$(LIBDIR)/libisol.so.1
	ln -sf libisol.so.1 $(DESTDIR)$(LIBDIR)/libisol.so
	$(INSTALL) -m 644 $(LIBISOL_A) $(DESTDIR)$(LIBDIR)/libisol.a
	$(call pc_subst,$(PREFIX),$(LIBDIR),$(INCLUDEDIR)) libisol/libisol.pc.in \
		> $(DESTDIR)$(LIBDIR)/pkgconfig/libisol.pc
	$(INSTALL) -m 644 libisol/include/isol/isol.h $(DESTDIR)$(INCLUDEDIR)/isol/
	$(INSTALL) -m 644 libisol/man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/

# Tests: linked against the shared library, as applications are.
LIBISOL_TESTS := $(patsubst tests/host/libisol/%.c,$(B)/tests/libisol/%, \
	$(wildcard tests/host/libisol/test-*.c))
LIBISOL_TEST_LIBS := $(LIBISOL_SO) -Wl,-rpath,$(CURDIR)/$(LIBISOL_DIR) -lpthread

$(LIBISOL_TESTS): $(B)/tests/libisol/%: tests/host/libisol/%.c \
		tests/host/libisol/isol-test.h $(LIBISOL_SO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LIBISOL_INC) -Itests/lib -o $@ $< \
		$(LIBISOL_TEST_LIBS) $(ALL_LDFLAGS)

BINS += $(LIBISOL_TESTS)
# Host tests: the emulation backend for real (CPU 1 = RT, CPU 0 = HK).
HOST_TESTS += $(filter-out %/test-kernel,$(LIBISOL_TESTS)) \
	libisol-abi=tests/host/libisol/check-abi.sh \
	rtloop-rules=tests/host/libisol/rtloop-rules.sh
# VM tests (tests/vm/sets/check.d/20-libisol.list).
GUEST_INSTALL += $(foreach t,$(LIBISOL_TESTS),$(t):/rtisol/tests/libisol/$(notdir $(t))) \
	tests/host/libisol/vm-rtloop-demo.sh:/rtisol/tests/libisol/vm-rtloop-demo.sh \
	tests/host/libisol/rtloop-rules.sh:/rtisol/tests/libisol/rtloop-rules.sh


# The claim path against a real isold, on the daemon tests' fixture tree
# (their harness: tests/host/daemon/harness.c): daemon-claim,
# daemon-claim-crash (a daemon that dies before replying, issue 12) and
# daemon-claim-runtime (an RT CPU reserved at runtime, issue 14).
LIBISOL_CLAIM_TESTS := $(B)/tests/libisol/daemon-claim \
	$(B)/tests/libisol/daemon-claim-crash \
	$(B)/tests/libisol/daemon-claim-runtime
$(LIBISOL_CLAIM_TESTS): $(B)/tests/libisol/%: tests/host/libisol/%.c \
		$(LIBISOL_SO) $(B)/tests/daemon/harness.o $(COMMON_LIB) $(B)/isold
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-format-truncation $(LIBISOL_INC) -Itests/lib \
		-o $@ $< $(B)/tests/daemon/harness.o $(LIBISOL_TEST_LIBS) \
		$(COMMON_LIB) $(ALL_LDFLAGS)
BINS += $(LIBISOL_CLAIM_TESTS)
HOST_TESTS += $(LIBISOL_CLAIM_TESTS)
