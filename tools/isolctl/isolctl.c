// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl - administer RT isolation: status, whitelist, tasks, stats, run,
 * audit, doctor.  A table-driven dispatcher; each subcommand lives in its
 * own file and receives the shared struct isolctl_params.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isolctl.h"
#include "paths.h"
#include "util.h"

static const struct isolctl_cmd {
	const char *name;
	int (*fn)(struct isolctl_params *p, int argc, char **argv);
	const char *summary;
} cmds[] = {
	{ "status", cmd_status, "kernel support, RT/HK CPUs, whitelist, daemon, totals" },
	{ "whitelist", cmd_whitelist, "show, add, remove or check whitelisted syscalls" },
	{ "tasks", cmd_tasks, "list opted-in tasks and their displacements" },
	{ "stats", cmd_stats, "per-syscall displacement counts, most frequent first" },
	{ "run", cmd_run, "launch a command isolated on an RT CPU" },
	{ "audit", cmd_audit, "report the syscalls a command makes that would displace it" },
	{ "doctor", cmd_doctor, "pre-flight check of the host's RT CPUs" },
	{ "claims", cmd_claims, "RT CPUs isold has handed out, and to whom" },
	{ "reserve", cmd_reserve, "make CPUs RT CPUs at runtime (root)" },
	{ "release", cmd_reserve, "give runtime RT CPUs back to ordinary work (root)" },
};

static void usage(void)
{
	size_t i;

	printf("Usage:\n"
	       " isolctl [options] <command> [command options]\n\n"
	       "Administer RT isolation: RT CPUs where opted-in tasks are\n"
	       "displaced to housekeeping CPUs for non-whitelisted syscalls.\n\n"
	       "Commands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		printf(" %-10s %s\n", cmds[i].name, cmds[i].summary);
	printf("\nOptions (accepted before or after the command):\n"
	       ISOLCTL_COMMON_HELP
	       "\nRun 'isolctl <command> --help' for a command's options.\n"
	       "For more details see isolctl(8).\n");
	exit(EXIT_SUCCESS);
}

int isolctl_getopt(int argc, char **argv, const char *shortopts,
		   const struct option *longopts)
{
	int c = getopt_long(argc, argv, shortopts, longopts, NULL);
	char err[512];

	if (c == -1 && isol_rootopts_done(err, sizeof(err))) {
		fprintf(stderr, "isolctl: %s\n", err);
		exit(EXIT_FAILURE);
	}
	return c;
}

int isolctl_common_opt(struct isolctl_params *p, int c, const char *arg,
		       void (*u)(void))
{
	char err[512];
	int r;

	r = isol_rootopt(c, arg, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "isolctl: %s\n", err);
		return -1;
	}
	if (r)
		return 1;
	switch (c) {
	case 'h':
		u();
		return 1;
	case 'V':
		printf("isolctl from rtisol %s\n", TOOLS_VERSION);
		exit(EXIT_SUCCESS);
	case 'J':
		p->out.json = true;
		return 1;
	case 'r':
		p->out.raw = true;
		return 1;
	case 'n':
		p->out.noheadings = true;
		return 1;
	default:
		return 0;
	}
}

int isolctl_common_args(struct isolctl_params *p, int argc, char **argv,
			void (*cmd_usage)(void))
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = isolctl_getopt(argc, argv, ISOLCTL_COMMON_SHORTOPTS,
				 longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, cmd_usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (!r)
			return isolctl_usage_err(p, "bad option");
	}
	if (optind < argc)
		return isolctl_usage_err(p, "unexpected argument '%s'", argv[optind]);
	return 0;
}

int isolctl_usage_err(const struct isolctl_params *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "isolctl%s%s: ", p->cmd ? " " : "", p->cmd ? p->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (p->cmd)
		fprintf(stderr, "Try 'isolctl %s --help' for more information.\n",
			p->cmd);
	else
		errtryhelp("isolctl");
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct isolctl_params p = { 0 };
	size_t i;
	int c;

	/* options before the command; "+" stops at the first non-option */
	while ((c = getopt_long(argc, argv, "+" ISOLCTL_COMMON_SHORTOPTS,
				longopts, NULL)) != -1) {
		int r = isolctl_common_opt(&p, c, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (!r) {
			errtryhelp("isolctl");
			return EXIT_FAILURE;
		}
	}
	if (optind >= argc)
		return isolctl_usage_err(&p, "no command given");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[optind], cmds[i].name))
			continue;	/* exact names only, no prefix matching */
		p.cmd = cmds[i].name;
		argc -= optind;
		argv += optind;
		optind = 0;	/* full getopt reset for the subcommand */
		return cmds[i].fn(&p, argc, argv);
	}
	return isolctl_usage_err(&p, "unknown command '%s'", argv[optind]);
}
