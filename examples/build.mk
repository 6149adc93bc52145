# examples/: applications built on libisol.
#   isol-rtloop     the demo's RT app (periodic loop + occasional I/O)
#   isol-emul-cost  measures one emulated displacement (see README.md)
EXAMPLES := $(B)/examples/isol-rtloop $(B)/examples/isol-emul-cost

$(EXAMPLES): $(B)/examples/%: examples/%.c $(LIBISOL_SO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LIBISOL_INC) -o $@ $< $(LIBISOL_SO) \
		-Wl,-rpath,$(CURDIR)/$(LIBISOL_DIR) $(ALL_LDFLAGS)

BINS += $(EXAMPLES)
GUEST_INSTALL += $(B)/examples/isol-rtloop:/usr/bin/isol-rtloop \
	$(B)/examples/isol-emul-cost:/usr/bin/isol-emul-cost
