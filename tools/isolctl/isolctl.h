/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isolctl.h - the shared parameters of every isolctl subcommand and the
 * subcommand entry points (one file each, rtla style).
 */
#ifndef ISOLCTL_H
#define ISOLCTL_H

#include <getopt.h>
#include <stdbool.h>

#include "out.h"
#include "rootopts.h"

/* Parameters every subcommand shares (filled by main and the subcommand). */
struct isolctl_params {
	const char *cmd;	/* subcommand name, for messages */
	struct out_opts out;	/* --json, --raw, --noheadings */
};

/* Subcommand-private long options start here (the root-prefix options
 * of rootopts.h use ISOL_OPT_*, 0x1000 and up). */
enum {
	OPT_CMD_FIRST = 0x200,
};

#define ISOLCTL_COMMON_SHORTOPTS "hVJrn"
#define ISOLCTL_COMMON_LONGOPTS \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }, \
	{ "json", no_argument, NULL, 'J' }, \
	{ "raw", no_argument, NULL, 'r' }, \
	{ "noheadings", no_argument, NULL, 'n' }, \
	ISOL_ROOT_LONGOPTS

#define ISOLCTL_COMMON_HELP \
	" -J, --json             use JSON output\n" \
	" -r, --raw              use raw output\n" \
	" -n, --noheadings       don't print headings\n" \
	ISOL_ROOT_HELP \
	" -h, --help             display this help\n" \
	" -V, --version          display version\n"

/*
 * isolctl_common_opt - handle option @c if it is a common one.
 * Returns 1 when handled, 0 when not a common option, -1 after printing an
 * error (the caller exits with EXIT_FAILURE).  -h prints @usage and exits.
 */
int isolctl_common_opt(struct isolctl_params *p, int c, const char *arg,
		       void (*usage)(void));
/*
 * isolctl_getopt - getopt_long() for isolctl and its subcommands; at the
 * end of the options it checks that the root-prefix options make sense
 * together (isol_rootopts_done()) and exits with an error when not.
 */
int isolctl_getopt(int argc, char **argv, const char *shortopts,
		   const struct option *longopts);
/*
 * isolctl_common_args - parse the arguments of a subcommand that takes only
 * the common options and no operands.  Returns 0, or the exit status after
 * an error was printed.
 */
int isolctl_common_args(struct isolctl_params *p, int argc, char **argv,
			void (*usage)(void));
/* Print "isolctl CMD: ..." and "Try ... --help"; returns EXIT_FAILURE. */
__attribute__((format(printf, 2, 3)))
int isolctl_usage_err(const struct isolctl_params *p, const char *fmt, ...);

int cmd_status(struct isolctl_params *p, int argc, char **argv);
int cmd_whitelist(struct isolctl_params *p, int argc, char **argv);
int cmd_tasks(struct isolctl_params *p, int argc, char **argv);
int cmd_stats(struct isolctl_params *p, int argc, char **argv);
int cmd_run(struct isolctl_params *p, int argc, char **argv);
int cmd_audit(struct isolctl_params *p, int argc, char **argv);
int cmd_doctor(struct isolctl_params *p, int argc, char **argv);
int cmd_claims(struct isolctl_params *p, int argc, char **argv);
/* reserve and release (p->cmd tells which) */
int cmd_reserve(struct isolctl_params *p, int argc, char **argv);

#endif

/* launch.c: what run and audit share. */
struct launch {
	long cpu;		/* -1: pick one */
	bool force;		/* allow a non-RT CPU */
	int mode;		/* PR_RT_ISOLATION_* or -1 to leave as is */
	unsigned int flags;	/* PR_RT_ISOLATION_F_* */
	int sig;		/* notify signal, 0 = SIGXCPU */
	int policy;		/* SCHED_*, -1 to leave as is */
	int prio;
};

/* Choose/validate the RT CPU; prints the error.  0 or -1. */
int launch_pick_cpu(struct isolctl_params *p, struct launch *l);
/* In the launching process: pin, set policy, opt in.  Prints the error
 * with what to do.  0 or -1. */
int launch_apply(struct isolctl_params *p, const struct launch *l);
/* "displace" -> PR_RT_ISOLATION_DISPLACE ...; -1 when unknown. */
int launch_mode_parse(const char *s);
const char *launch_mode_name(int mode);
