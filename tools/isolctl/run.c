// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl run - the launcher: pin to an RT CPU, set the scheduling policy,
 * opt in to RT isolation and exec the command (chrt + taskset + the RT
 * isolation prctl).  The opt-in is kept across execve and inherited by the
 * command's threads and children.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isolctl.h"
#include "rtiso_uapi.h"
#include "util.h"

enum { OPT_CLAIM = OPT_CMD_FIRST, OPT_FORCE, OPT_NOTIFY, OPT_DRY_RUN };

static void usage(void)
{
	printf("Usage:\n isolctl run [options] [--] COMMAND [ARG...]\n\n"
	       "Run COMMAND on an RT CPU with RT isolation: pin it, set its\n"
	       "scheduling policy, opt it in, exec it.\n\n"
	       "Options:\n"
	       " -c, --cpu N            run on RT CPU N\n"
	       "     --claim            claim an RT CPU from isold, or without isold\n"
	       "                        pick the least loaded one (default)\n"
	       " -p, --prio P           real-time priority (implies --policy fifo)\n"
	       " -P, --policy POLICY    fifo, rr, other, batch or idle\n"
	       " -m, --mode MODE        displace (default), audit, strict or off\n"
	       "     --notify[=SIG]     signal the task on every displacement\n"
	       "                        (default SIGXCPU; displace and audit)\n"
	       "     --force            allow a CPU that is not an RT CPU\n"
	       "     --dry-run          print what would be done, do not run\n"
	       ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

static int policy_parse(const char *s)
{
	static const struct { const char *n; int p; } pol[] = {
		{ "fifo", SCHED_FIFO }, { "rr", SCHED_RR }, { "other", SCHED_OTHER },
		{ "batch", SCHED_BATCH }, { "idle", SCHED_IDLE },
	};
	size_t i;

	for (i = 0; i < sizeof(pol) / sizeof(pol[0]); i++)
		if (!strcmp(s, pol[i].n))
			return pol[i].p;
	return -1;
}

static const char *policy_name(int p)
{
	switch (p) {
	case SCHED_FIFO: return "fifo";
	case SCHED_RR: return "rr";
	case SCHED_OTHER: return "other";
	case SCHED_BATCH: return "batch";
	case SCHED_IDLE: return "idle";
	default: return "unchanged";
	}
}

int cmd_run(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "cpu", required_argument, NULL, 'c' },
		{ "claim", no_argument, NULL, OPT_CLAIM },
		{ "prio", required_argument, NULL, 'p' },
		{ "policy", required_argument, NULL, 'P' },
		{ "mode", required_argument, NULL, 'm' },
		{ "notify", optional_argument, NULL, OPT_NOTIFY },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ NULL, 0, NULL, 0 }
	};
	struct launch l = { .cpu = -1, .mode = PR_RT_ISOLATION_DISPLACE,
			    .policy = -1 };
	bool dry = false, have_prio = false;
	long v;
	int ch;

	/* "+": stop at the command so its options stay its own */
	while ((ch = isolctl_getopt(argc, argv, "+" ISOLCTL_COMMON_SHORTOPTS "c:p:P:m:",
				 longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (r)
			continue;
		switch (ch) {
		case 'c':
			if (parse_long(optarg, 0, CPU_SETSIZE - 1, &l.cpu))
				return isolctl_usage_err(p, "invalid CPU '%s'", optarg);
			break;
		case OPT_CLAIM:
			l.cpu = -1;
			break;
		case 'p':
			if (parse_long(optarg, 0, 99, &v))
				return isolctl_usage_err(p, "invalid priority '%s' (0-99)", optarg);
			l.prio = (int)v;
			have_prio = true;
			break;
		case 'P':
			l.policy = policy_parse(optarg);
			if (l.policy < 0)
				return isolctl_usage_err(p, "unknown policy '%s'", optarg);
			break;
		case 'm':
			l.mode = launch_mode_parse(optarg);
			if (l.mode < 0)
				return isolctl_usage_err(p, "unknown mode '%s'", optarg);
			break;
		case OPT_NOTIFY:
			l.flags |= PR_RT_ISOLATION_F_NOTIFY;
			if (optarg && parse_long(optarg, 1, SIGRTMAX, &v))
				return isolctl_usage_err(p, "invalid signal number '%s'", optarg);
			l.sig = optarg ? (int)v : 0;
			break;
		case OPT_FORCE:
			l.force = true;
			break;
		case OPT_DRY_RUN:
			dry = true;
			break;
		default:
			return isolctl_usage_err(p, "bad option");
		}
	}
	if (optind >= argc)
		return isolctl_usage_err(p, "no command given");
	if (have_prio && l.policy < 0)
		l.policy = l.prio ? SCHED_FIFO : SCHED_OTHER;
	if (l.policy >= 0 && !have_prio)
		l.prio = (l.policy == SCHED_FIFO || l.policy == SCHED_RR) ? 1 : 0;
	/* As the kernel: F_NOTIFY with displace or audit only. */
	if ((l.mode == PR_RT_ISOLATION_OFF || l.mode == PR_RT_ISOLATION_STRICT) &&
	    l.flags)
		return isolctl_usage_err(p, "--notify needs mode displace or audit");
	if (launch_pick_cpu(p, &l))
		return EXIT_FAILURE;

	if (dry) {
		struct out o;

		if (out_kv_init(&o, "run", &p->out))
			return EXIT_FAILURE;
		out_kv(&o, "cpu", "%ld", l.cpu);
		out_kv(&o, "policy", "%s", policy_name(l.policy));
		out_kv(&o, "priority", "%d", l.prio);
		out_kv(&o, "mode", "%s", launch_mode_name(l.mode));
		out_kv(&o, "notify", "%s", l.flags ? "yes" : "no");
		out_kv(&o, "command", "%s", argv[optind]);
		out_print(&o);
		out_free(&o);
		return EXIT_SUCCESS;
	}
	if (launch_apply(p, &l))
		return EXIT_FAILURE;
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "isolctl run: cannot execute %s: %s\n", argv[optind],
		strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
