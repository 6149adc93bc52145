// SPDX-License-Identifier: GPL-2.0-or-later
/* isolctl stats - per-syscall displacement counts, most frequent first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isolctl.h"
#include "kinfo.h"
#include "syscalls.h"

enum { OPT_TOTALS = OPT_CMD_FIRST };

static void usage(void)
{
	printf("Usage:\n isolctl stats [options]\n\n"
	       "Show how often each syscall displaced a task from an RT CPU\n"
	       "(or was counted in audit mode), most frequent first, from\n"
	       "/sys/kernel/rt_isolation/stats.\n\n"
	       "Options:\n"
	       " -t, --totals           show the global counters instead\n"
	       ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

static int by_count(const void *a, const void *b)
{
	const struct kstat_sc *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (x->abi != y->abi)
		return x->abi - y->abi;
	return x->nr - y->nr;
}

int cmd_stats(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "totals", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	bool totals = false;
	struct kstats ks;
	struct out o;
	size_t i;
	int ch, err;

	while ((ch = isolctl_getopt(argc, argv, ISOLCTL_COMMON_SHORTOPTS "t",
				 longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (r)
			continue;
		if (ch == 't')
			totals = true;
		else
			return isolctl_usage_err(p, "bad option");
	}
	if (optind < argc)
		return isolctl_usage_err(p, "unexpected argument '%s'", argv[optind]);

	err = kstats_read(&ks);
	if (err) {
		fprintf(stderr, "isolctl stats: cannot read /sys/kernel/rt_isolation/stats: %s\n"
			"The running kernel has no RT isolation support; boot a kernel "
			"built with CONFIG_RT_ISOLATION=y.\n", strerror(-err));
		return EXIT_FAILURE;
	}
	if (out_init(&o, totals ? "totals" : "stats", &p->out))
		return EXIT_FAILURE;
	if (totals) {
		out_col(&o, "COUNTER", 0, OUT_STR, false);
		out_col(&o, "VALUE", 0, OUT_NUM, true);
		for (i = 0; i < ks.nkv; i++) {
			struct libscols_line *ln = out_row(&o);

			out_set(ln, 0, "%s", ks.kv[i].key);
			out_set(ln, 1, "%llu", (unsigned long long)ks.kv[i].val);
		}
	} else {
		out_col(&o, "SYSCALL", 0, OUT_STR, false);
		out_col(&o, "ABI", 0, OUT_STR, false);
		out_col(&o, "NR", 0, OUT_NUM, true);
		out_col(&o, "COUNT", 0, OUT_NUM, true);
		qsort(ks.sc, ks.nsc, sizeof(*ks.sc), by_count);
		for (i = 0; i < ks.nsc; i++) {
			const struct kstat_sc *s = &ks.sc[i];
			const char *name = s->abi >= 0 ?
				syscall_name((enum syscall_abi)s->abi, s->nr) : NULL;
			struct libscols_line *ln = out_row(&o);

			out_set(ln, 0, "%s", name ? name : "?");
			out_set(ln, 1, "%s", s->abi_name);
			out_set(ln, 2, "%d", s->nr);
			out_set(ln, 3, "%llu", (unsigned long long)s->count);
		}
	}
	out_print(&o);
	out_free(&o);
	kstats_free(&ks);
	return EXIT_SUCCESS;
}
