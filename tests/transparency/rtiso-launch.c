// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtiso-launch - run a program pinned to one CPU, optionally opted in to RT
 * isolation, for the transparency suites (tests/transparency/README.md).
 *
 *   rtiso-launch [--displace] --cpu N -- PROGRAM [ARG...]
 *
 * Pins itself to CPU N, with --displace opts in with
 * prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, PR_RT_ISOLATION_DISPLACE, 0, 0)
 * and checks the mode read back, then execs PROGRAM: the test is this
 * process, with no parent of ours in between, and inherits the affinity and
 * the mode like any program started by a launcher (abi.md: the mode is kept
 * across execve).  Which syscalls are displaced is the whitelist's business
 * (the suite runner empties it).
 *
 * Static, so that nothing but execve runs between opt-in and the test.
 * Exit: PROGRAM's status; 64 bad usage; 71 a setup step failed (message
 * on stderr, nothing was run).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "rtiso_uapi.h"

#define EXIT_USAGE	64
#define EXIT_SETUP	71

static int usage(const char *why)
{
	fprintf(stderr, "rtiso-launch: %s\n"
		"usage: rtiso-launch [--displace] --cpu N -- PROGRAM [ARG...]\n",
		why);
	return EXIT_USAGE;
}

static int parse_cpu(const char *s, int *cpu)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v >= CPU_SETSIZE)
		return -EINVAL;
	*cpu = (int)v;
	return 0;
}

int main(int argc, char **argv)
{
	int cpu = -1, displace = 0, i;
	cpu_set_t set;
	long mode;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--displace")) {
			displace = 1;
		} else if (!strcmp(argv[i], "--cpu") && i + 1 < argc) {
			if (parse_cpu(argv[++i], &cpu))
				return usage("--cpu takes a CPU number");
		} else {
			return usage("unknown argument");
		}
	}
	if (cpu < 0)
		return usage("--cpu is required");
	if (i >= argc)
		return usage("no program to run");

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "rtiso-launch: cannot pin to CPU %d: %s\n",
			cpu, strerror(errno));
		return EXIT_SETUP;
	}
	if (displace) {
		if (prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET,
			  PR_RT_ISOLATION_DISPLACE, 0, 0)) {
			fprintf(stderr, "rtiso-launch: prctl(PR_RT_ISOLATION_SET, DISPLACE): %s\n",
				strerror(errno));
			return EXIT_SETUP;
		}
		mode = prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_GET, 0, 0, 0);
		if (mode != PR_RT_ISOLATION_DISPLACE) {
			fprintf(stderr, "rtiso-launch: mode reads back as %ld, not DISPLACE\n",
				mode);
			return EXIT_SETUP;
		}
	}
	execvp(argv[i], &argv[i]);
	fprintf(stderr, "rtiso-launch: cannot run %s: %s\n", argv[i],
		strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
