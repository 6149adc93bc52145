// SPDX-License-Identifier: GPL-2.0-or-later
/* isolctl tasks - opted-in tasks with their home CPU and displacements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isolctl.h"
#include "kinfo.h"
#include "util.h"

enum { OPT_ALL = OPT_CMD_FIRST };

static void usage(void)
{
	printf("Usage:\n isolctl tasks [options]\n\n"
	       "List the threads that opted in to RT isolation (the\n"
	       "RtIsolation lines of /proc/PID/task/TID/status): pid/tid,\n"
	       "command, home CPU, mode, displacements, time displaced.\n\n"
	       "Options:\n"
	       " -a, --all              include threads whose mode is off\n"
	       " -p, --pid PID          only this process\n"
	       ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

struct tasks_ctx {
	struct out *o;
	bool all;
	long pid;
	int n;
};

static int add_task(const struct ktask *t, void *arg)
{
	struct tasks_ctx *c = arg;
	struct libscols_line *ln;
	char buf[64];

	if (!t->has_mode || (!c->all && !strcmp(t->mode, "off")))
		return 0;
	if (c->pid > 0 && t->pid != c->pid)
		return 0;
	ln = out_row(c->o);
	out_set(ln, 0, "%d", t->pid);
	out_set(ln, 1, "%d", t->tid);
	out_set(ln, 2, "%s", t->comm);
	/* the home CPU: the kernel's line, else the (home) affinity */
	if (t->home_cpu >= 0)
		out_set(ln, 3, "%d", t->home_cpu);
	else
		out_set(ln, 3, "%s", t->cpus_allowed[0] ? t->cpus_allowed : "-");
	out_set(ln, 4, "%s", t->mode);
	if (t->displacements >= 0)
		out_set(ln, 5, "%lld", (long long)t->displacements);
	if (t->displaced_ns >= 0)
		out_set(ln, 6, "%s", fmt_ns((uint64_t)t->displaced_ns, buf, sizeof(buf)));
	else
		out_set(ln, 6, "-");
	c->n++;
	return 0;
}

int cmd_tasks(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "all", no_argument, NULL, 'a' },
		{ "pid", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct tasks_ctx c = { 0 };
	struct out o;
	int ch;

	while ((ch = isolctl_getopt(argc, argv, ISOLCTL_COMMON_SHORTOPTS "ap:",
				 longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (r)
			continue;
		if (ch == 'a')
			c.all = true;
		else if (ch == 'p') {
			if (parse_long(optarg, 1, 1L << 30, &c.pid))
				return isolctl_usage_err(p, "invalid pid '%s'", optarg);
		} else
			return isolctl_usage_err(p, "bad option");
	}
	if (optind < argc)
		return isolctl_usage_err(p, "unexpected argument '%s'", argv[optind]);
	if (out_init(&o, "tasks", &p->out))
		return EXIT_FAILURE;
	out_col(&o, "PID", 0, OUT_NUM, true);
	out_col(&o, "TID", 0, OUT_NUM, true);
	out_col(&o, "COMMAND", 0, OUT_STR, false);
	out_col(&o, "HOME", 0, OUT_STR, true);
	out_col(&o, "MODE", 0, OUT_STR, false);
	out_col(&o, "DISPLACEMENTS", 0, OUT_NUM, true);
	out_col(&o, "DISPLACED-TIME", 0, OUT_STR, true);
	c.o = &o;
	if (ktasks_scan(add_task, &c) < 0) {
		fprintf(stderr, "isolctl tasks: cannot read %s\n", "the proc filesystem");
		out_free(&o);
		return EXIT_FAILURE;
	}
	out_print(&o);
	out_free(&o);
	return EXIT_SUCCESS;
}
