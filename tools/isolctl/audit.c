// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl audit - run a command in AUDIT mode on an RT CPU and report every
 * syscall that would have displaced it, with counts.
 *
 * Sources, best first:
 *  - the rt_isolation trace events in a private tracefs instance, limited
 *    to the command and its children (set_event_pid + event-fork);
 *  - otherwise the per-syscall counters of /sys/kernel/rt_isolation/stats,
 *    before and after (global: other audited tasks are counted too).
 * With argument rules (docs/argument-rules.md), the trace events also say
 * which calls ran in place by a rule (rtiso_rule_match, with the rule) and,
 * for a call that would displace although its syscall has rules, what the
 * first rule's failing argument was (rtiso_displace: rule, arg, seen,
 * value, dev): one row per syscall and verdict, with the columns VERDICT
 * and ARGS, whenever a rule was involved.
 * Call sites: the NOTIFY signal goes to the audited task itself, so an
 * outside tool cannot use it.  --call-sites instead asks tracefs for the
 * user stack of each event (options/userstacktrace); the frames are only
 * as good as the frame pointers of the code that made the call.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "isolctl.h"
#include "kinfo.h"
#include "rtiso_uapi.h"
#include "rules.h"
#include "syscalls.h"
#include "tracefs.h"
#include "util.h"

enum { OPT_FORCE = OPT_CMD_FIRST, OPT_SITES };

static void usage(void)
{
	printf("Usage:\n isolctl audit [options] [--] COMMAND [ARG...]\n\n"
	       "Run COMMAND in audit mode on an RT CPU (it is never moved) and\n"
	       "report each syscall that would have displaced it, with counts:\n"
	       "what to fix, or to certify, before it can run isolated.\n\n"
	       "Options:\n"
	       " -s, --seconds S        stop COMMAND (SIGTERM) after S seconds\n"
	       " -c, --cpu N            RT CPU to run on (default: least loaded)\n"
	       "     --force            allow a CPU that is not an RT CPU\n"
	       "     --call-sites       record user stacks (needs frame pointers)\n"
	       ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

/*
 * One row: a syscall that would displace (@in_place false) or ran in place
 * by an argument rule (@in_place true); @args says what the rule saw (a
 * displaced call whose syscall has rules) or is empty.
 */
struct hit {
	int abi, nr;
	bool in_place;
	uint64_t count;
	char rule[256];		/* the rule that held, or the first one that missed */
	char args[128];
	char site[160];
};

struct audit {
	struct hit hits[1024];
	size_t n;
	bool sites;
	bool rules;		/* a rule was involved: VERDICT, ARGS columns */
	struct hit *want_site;	/* the last hit, waiting for its stack */
	int frames;
	char rules_text[SYSCALL_ABI_COUNT][RULES_TEXT_MAX + 2];
};

static struct hit *hit_find(struct audit *a, int abi, int nr, bool in_place,
			    const char *rule, const char *args)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->hits[i].abi == abi && a->hits[i].nr == nr &&
		    a->hits[i].in_place == in_place &&
		    !strcmp(a->hits[i].rule, rule) &&
		    !strcmp(a->hits[i].args, args))
			return &a->hits[i];
	if (a->n >= sizeof(a->hits) / sizeof(a->hits[0]))
		return NULL;
	a->hits[a->n] = (struct hit){ .abi = abi, .nr = nr, .in_place = in_place };
	snprintf(a->hits[a->n].rule, sizeof(a->hits[a->n].rule), "%s", rule);
	snprintf(a->hits[a->n].args, sizeof(a->hits[a->n].args), "%s", args);
	return &a->hits[a->n++];
}

static struct hit *hit_get(struct audit *a, int abi, int nr)
{
	return hit_find(a, abi, nr, false, "", "");
}

/* Line @idx (from 0) of the rules of @abi read at the start, or "". */
static void rule_line(const struct audit *a, int abi, long idx, char *out,
		      size_t len)
{
	const char *s = abi >= 0 && abi < SYSCALL_ABI_COUNT ?
			a->rules_text[abi] : "";

	out[0] = '\0';
	for (; idx > 0 && *s; idx--) {
		s = strchr(s, '\n');
		if (!s)
			return;
		s++;
	}
	if (idx == 0)
		snprintf(out, len, "%.*s", (int)strcspn(s, "\n"), s);
}

/*
 * What rtiso_displace says the first rule of the syscall saw: "fd0=reg
 * (fd 3)", "fd0=chr:1:3 (fd 5)", "arg1&mask=0x20"; "" without rules.
 */
static void seen_args(const char *fields, char *out, size_t len)
{
	char arg[8], seen[16], value[24], dev[24];

	out[0] = '\0';
	if (trace_field(fields, "arg", arg, sizeof(arg)) || atoi(arg) < 0 ||
	    trace_field(fields, "seen", seen, sizeof(seen)) ||
	    trace_field(fields, "value", value, sizeof(value)))
		return;
	if (!strcmp(seen, "arg"))
		snprintf(out, len, "arg%s&mask=0x%llx", arg,
			 strtoull(value, NULL, 10));
	else if (!strcmp(seen, "chr") &&
		 !trace_field(fields, "dev", dev, sizeof(dev)))
		snprintf(out, len, "fd%s=chr:%s (fd %s)", arg, dev, value);
	else
		snprintf(out, len, "fd%s=%s (fd %s)", arg, seen, value);
}

/* "abi=x86_64", "abi=1" or "arch=c000003e" (AUDIT_ARCH_*) */
static int event_abi(const char *fields)
{
	char v[32];

	if (!trace_field(fields, "abi", v, sizeof(v))) {
		if (!strcmp(v, "0"))
			return SYSCALL_ABI_X86_64;
		if (!strcmp(v, "1"))
			return SYSCALL_ABI_IA32;
		return syscall_abi_parse(v);
	}
	if (!trace_field(fields, "arch", v, sizeof(v)))
		return strtoul(v, NULL, 16) == 0x40000003 ? SYSCALL_ABI_IA32 :
							     SYSCALL_ABI_X86_64;
	return SYSCALL_ABI_X86_64;
}

static int on_line(const char *line, void *arg)
{
	struct audit *a = arg;
	struct trace_line tl;
	char v[32], rule[256], args[128];
	struct hit *h;

	if (a->want_site && strstr(line, " => ")) {
		const char *s = strstr(line, " => ") + 4;
		size_t used = strlen(a->want_site->site);

		if (a->frames++ < 2 && used < sizeof(a->want_site->site) - 8)
			snprintf(a->want_site->site + used,
				 sizeof(a->want_site->site) - used, "%s%.*s",
				 used ? " < " : "", (int)strcspn(s, "\n"), s);
		return 0;
	}
	if (strstr(line, "<user stack trace>"))
		return 0;
	a->want_site = NULL;
	if (trace_parse(line, &tl) || trace_field(tl.fields, "nr", v, sizeof(v)))
		return 0;
	if (atoi(v) < 0)	/* displaced at exit or for a fatal signal */
		return 0;
	if (!strcmp(tl.event, "rtiso_rule_match")) {
		/* "... rule=N text=<the rule, spaces and all>" */
		const char *text = strstr(tl.fields, " text=");

		if (!text)
			return 0;
		text += 6;
		snprintf(rule, sizeof(rule), "%.*s", (int)strcspn(text, "\n"), text);
		a->rules = true;
		h = hit_find(a, event_abi(tl.fields), atoi(v), true, rule, "");
	} else if (!strcmp(tl.event, "rtiso_displace")) {
		char idx[16];

		rule[0] = '\0';
		args[0] = '\0';
		if (!trace_field(tl.fields, "rule", idx, sizeof(idx)) &&
		    atoi(idx) >= 0) {
			rule_line(a, event_abi(tl.fields), atol(idx), rule,
				  sizeof(rule));
			seen_args(tl.fields, args, sizeof(args));
			a->rules = true;
		}
		h = hit_find(a, event_abi(tl.fields), atoi(v), false, rule, args);
	} else {
		return 0;
	}
	if (!h)
		return 0;
	h->count++;
	if (a->sites && !h->site[0]) {
		a->want_site = h;
		a->frames = 0;
	}
	return 0;
}

static int by_count(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;

	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return a->nr - b->nr;
}

int cmd_audit(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "seconds", required_argument, NULL, 's' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "call-sites", no_argument, NULL, OPT_SITES },
		{ NULL, 0, NULL, 0 }
	};
	struct launch l = { .cpu = -1, .mode = PR_RT_ISOLATION_AUDIT, .policy = -1 };
	struct kstats before = { 0 }, after = { 0 };
	bool traced = false, have_stats, sites = false;
	struct audit *a;
	long seconds = 0;
	int ch, go[2], status = 0;
	uint64_t t0, killed = 0;
	struct tfs t;
	struct out o;
	pid_t pid;
	size_t i, ndisp;

	while ((ch = isolctl_getopt(argc, argv, "+" ISOLCTL_COMMON_SHORTOPTS "s:c:",
				 longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (r)
			continue;
		switch (ch) {
		case 's':
			if (parse_long(optarg, 1, 86400, &seconds))
				return isolctl_usage_err(p, "invalid seconds '%s'", optarg);
			break;
		case 'c':
			if (parse_long(optarg, 0, CPU_SETSIZE - 1, &l.cpu))
				return isolctl_usage_err(p, "invalid CPU '%s'", optarg);
			break;
		case OPT_FORCE:
			l.force = true;
			break;
		case OPT_SITES:
			sites = true;
			break;
		default:
			return isolctl_usage_err(p, "bad option");
		}
	}
	if (optind >= argc)
		return isolctl_usage_err(p, "no command given");
	if (!kinfo_supported()) {
		fprintf(stderr, "isolctl audit: this kernel has no RT isolation "
			"(no /sys/kernel/rt_isolation); audit mode needs a kernel built "
			"with CONFIG_RT_ISOLATION=y\n");
		return EXIT_FAILURE;
	}
	if (launch_pick_cpu(p, &l))
		return EXIT_FAILURE;
	a = calloc(1, sizeof(*a));
	if (!a)
		return EXIT_FAILURE;
	a->sites = sites;
	for (i = 0; i < SYSCALL_ABI_COUNT; i++) {
		char path[PATH_MAX];

		if (kinfo_rules_path((enum syscall_abi)i, path, sizeof(path)) ||
		    read_text_file(path, a->rules_text[i],
				   sizeof(a->rules_text[i])) < 0)
			a->rules_text[i][0] = '\0';
	}

	have_stats = !kstats_read(&before);
	if (!tfs_open(&t, "isolctl-audit")) {
		if (tfs_has_event(&t, "rt_isolation")) {
			tfs_set(&t, "options/event-fork", "1");
			if (a->sites) {
				tfs_set(&t, "options/userstacktrace", "1");
				tfs_set(&t, "options/sym-userobj", "1");
			}
			traced = true;
		} else {
			tfs_close(&t);
		}
	}
	if (pipe2(go, O_CLOEXEC)) {
		perror("isolctl audit: pipe");
		return EXIT_FAILURE;
	}
	pid = fork();
	if (pid < 0) {
		perror("isolctl audit: fork");
		return EXIT_FAILURE;
	}
	if (!pid) {
		char c;

		setpgid(0, 0);
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		if (launch_apply(p, &l))
			_exit(126);
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "isolctl audit: cannot execute %s: %s\n",
			argv[optind], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(go[0]);
	if (traced) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%d", (int)pid);
		if (tfs_set(&t, "set_event_pid", buf) ||
		    tfs_enable(&t, "rt_isolation", NULL) ||
		    tfs_set(&t, "tracing_on", "1")) {
			tfs_close(&t);
			traced = false;
		}
	}
	if (write(go[1], "g", 1) != 1)
		kill(pid, SIGKILL);
	close(go[1]);

	t0 = now_ns();
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (seconds && !killed && now_ns() - t0 > (uint64_t)seconds * 1000000000ULL) {
			kill(-pid, SIGTERM);
			killed = now_ns();
		}
		if (killed && now_ns() - killed > 2000000000ULL)
			kill(-pid, SIGKILL);
		nanosleep(&ts, NULL);
	}
	if (traced) {
		tfs_set(&t, "tracing_on", "0");
		tfs_read(&t, on_line, a);
		tfs_close(&t);
	} else if (have_stats && !kstats_read(&after)) {
		for (i = 0; i < after.nsc; i++) {
			uint64_t d = after.sc[i].count -
				kstats_sc(&before, after.sc[i].abi, after.sc[i].nr);
			struct hit *h;

			if (after.sc[i].abi < 0 || !d || !(h = hit_get(a, after.sc[i].abi,
								       after.sc[i].nr)))
				continue;
			h->count = d;
		}
	}
	kstats_free(&before);
	kstats_free(&after);
	if (WIFEXITED(status) && (WEXITSTATUS(status) == 126 ||
				  WEXITSTATUS(status) == 127) && !a->n) {
		free(a);
		return EXIT_FAILURE;
	}

	qsort(a->hits, a->n, sizeof(a->hits[0]), by_count);
	if (out_init(&o, "audit", &p->out)) {
		free(a);
		return EXIT_FAILURE;
	}
	out_col(&o, "SYSCALL", 0, OUT_STR, false);
	out_col(&o, "ABI", 0, OUT_STR, false);
	out_col(&o, "NR", 0, OUT_NUM, true);
	out_col(&o, "COUNT", 0, OUT_NUM, true);
	if (a->sites)
		out_col(&o, "CALL-SITE", 0, OUT_STR, false);
	if (a->rules) {
		out_col(&o, "VERDICT", 0, OUT_STR, false);
		out_col(&o, "ARGS", 0, OUT_STR, false);
	}
	for (i = 0; i < a->n; i++) {
		const struct hit *h = &a->hits[i];
		int col = a->sites ? 5 : 4;
		struct libscols_line *ln = out_row(&o);
		const char *name = syscall_name((enum syscall_abi)a->hits[i].abi,
						a->hits[i].nr);

		out_set(ln, 0, "%s", name ? name : "?");
		out_set(ln, 1, "%s", syscall_abi_name((enum syscall_abi)a->hits[i].abi));
		out_set(ln, 2, "%d", a->hits[i].nr);
		out_set(ln, 3, "%llu", (unsigned long long)a->hits[i].count);
		if (a->sites)
			out_set(ln, 4, "%s", a->hits[i].site[0] ? a->hits[i].site : "-");
		if (!a->rules)
			continue;
		if (h->in_place)
			out_set(ln, col, "in place by rule '%s'", h->rule);
		else if (h->rule[0])
			out_set(ln, col, "would displace: not rule '%s'", h->rule);
		else
			out_set(ln, col, "would displace");
		out_set(ln, col + 1, "%s", h->args[0] ? h->args : "-");
	}
	out_print(&o);
	out_free(&o);
	for (i = 0, ndisp = 0; i < a->n; i++) {
		size_t j;

		/* a syscall once, however many rows it has */
		for (j = 0; j < i; j++)
			if (!a->hits[j].in_place && a->hits[j].abi == a->hits[i].abi &&
			    a->hits[j].nr == a->hits[i].nr)
				break;
		if (!a->hits[i].in_place && j == i)
			ndisp++;
	}
	if (!p->out.json)
		fprintf(stderr, "isolctl audit: %zu distinct syscalls on CPU %ld, from %s; "
			"command %s %d\n", ndisp, l.cpu,
			traced ? "trace events of the command and its children" :
			have_stats ? "global counters (other audited tasks included)" :
			"nothing (no tracefs, no stats)",
			WIFEXITED(status) ? "exited with" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	free(a);
	return EXIT_SUCCESS;
}
