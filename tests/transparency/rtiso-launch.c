// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtiso-launch - run a program pinned to one CPU, optionally opted in to RT
 * isolation, for the transparency suites (tests/transparency/README.md).
 *
 *   rtiso-launch [--displace] [--timeout SECS] --cpu N -- PROGRAM [ARG...]
 *
 * Pins itself to CPU N, with --displace opts in with
 * prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, PR_RT_ISOLATION_DISPLACE, 0, 0)
 * and checks the mode read back, then execs PROGRAM: the test is this
 * process and inherits the affinity and the mode like any program started
 * by a launcher (abi.md: the mode is kept across execve).  Which syscalls
 * are displaced is the whitelist's business (the suite runner empties it).
 *
 * With --timeout, a supervisor (neither pinned nor opted in) forks first:
 * the test runs in a session of its own, and every process of that session
 * is killed when the test ends or after SECS seconds, so that nothing a
 * test leaves behind runs into the next one.
 *
 * Static, so that nothing but execve runs between opt-in and the test.
 * Exit: PROGRAM's status (128 + signal if it was killed); 124 timeout;
 * 64 bad usage; 71 a setup step failed (message on stderr, nothing run).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rtiso_uapi.h"

#define EXIT_TIMEOUT	124
#define EXIT_USAGE	64
#define EXIT_SETUP	71

static int usage(const char *why)
{
	fprintf(stderr, "rtiso-launch: %s\n"
		"usage: rtiso-launch [--displace] [--timeout SECS] --cpu N -- PROGRAM [ARG...]\n",
		why);
	return EXIT_USAGE;
}

static int parse_uint(const char *s, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v >= max)
		return -EINVAL;
	*out = (int)v;
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* How long what the test forked may take to finish after the test ended. */
#define LINGER_MS	2000

/*
 * Run the child in its own session; when it exits or the time is up, kill
 * what is left of the session.  Returns the exit status to report.
 *
 * A process the test forked may still be finishing when the test ends (a
 * child's exit flushes its copy of the test's stdio buffer): the rest of
 * the session gets LINGER_MS to end on its own first.  The supervisor is
 * their subreaper, so that they do not linger as zombies of an init that
 * does not reap.
 */
static int supervise(pid_t child, int secs)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int status, timed_out = 0, i;

	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: waitpid returns */
	alarm(secs);
	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			return EXIT_SETUP;
		timed_out = 1;
		kill(-child, SIGKILL);
	}
	for (i = 0; !timed_out && i < LINGER_MS / 10; i++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (kill(-child, 0))
			break;		/* the session is gone */
		usleep(10000);
	}
	alarm(0);
	kill(-child, SIGKILL);
	if (timed_out)
		return EXIT_TIMEOUT;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	int cpu = -1, displace = 0, timeout = 0, i;
	cpu_set_t set;
	pid_t child;
	long mode;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--displace")) {
			displace = 1;
		} else if (!strcmp(argv[i], "--cpu") && i + 1 < argc) {
			if (parse_uint(argv[++i], CPU_SETSIZE, &cpu))
				return usage("--cpu takes a CPU number");
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			if (parse_uint(argv[++i], 1 << 20, &timeout) || !timeout)
				return usage("--timeout takes a number of seconds");
		} else {
			return usage("unknown argument");
		}
	}
	if (cpu < 0)
		return usage("--cpu is required");
	if (i >= argc)
		return usage("no program to run");

	if (timeout) {
		fflush(NULL);
		/* not inherited: the test is no subreaper of its own */
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		child = fork();
		if (child < 0) {
			fprintf(stderr, "rtiso-launch: fork: %s\n", strerror(errno));
			return EXIT_SETUP;
		}
		if (child)
			return supervise(child, timeout);
		if (setsid() < 0) {
			fprintf(stderr, "rtiso-launch: setsid: %s\n", strerror(errno));
			_exit(EXIT_SETUP);
		}
	}

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
