// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isol-emul-cost - what one emulated displacement costs.
 *
 * Forces the emulation backend (Syscall User Dispatch) and times, per call:
 *   native      syscall(SYS_getppid) outside RT mode (the baseline);
 *   migrate     sched_setaffinity to an HK CPU and back (no SUD);
 *   whitelisted a whitelisted call in RT mode: SIGSYS round trip, in place;
 *   displaced   a non-whitelisted call: SIGSYS + move to HK + call + move
 *               back (what one displacement costs the RT thread).
 *
 *   isol-emul-cost [-c RT_CPU] [-n CALLS] [-p FIFO_PRIO]
 *
 * On a machine booted without isolcpus, name the RT CPU with -c: the
 * program sets ISOL_RT_CPUS for itself.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <isol/isol.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	double sum = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += v[i];
	qsort(v, (size_t)n, sizeof(*v), cmp_d);
	printf("%-12s median %8.2f us  avg %8.2f us  p99 %8.2f us  "
	       "min %8.2f us\n", what, v[n / 2] / 1e3, sum / n / 1e3,
	       v[n * 99 / 100] / 1e3, v[0] / 1e3);
}

static void run(const char *what, long nr, double *v, int n)
{
	double t;
	int i;

	for (i = 0; i < n; i++) {
		t = now_ns();
		syscall(nr);
		v[i] = now_ns() - t;
	}
	report(what, v, n);
}

int main(int argc, char **argv)
{
	int c, n = 2000, prio = 0, rt = -1, hk = -1, err, i;
	cpu_set_t all, one_hk, one_rt;
	char buf[16];
	double *v, t;

	while ((c = getopt(argc, argv, "c:n:p:h")) != -1) {
		switch (c) {
		case 'c': rt = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 'p': prio = atoi(optarg); break;
		default:
			fprintf(c == 'h' ? stdout : stderr,
				"Usage: isol-emul-cost [-c RT_CPU] [-n CALLS] "
				"[-p FIFO_PRIO]\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (n < 100)
		n = 100;
	sched_getaffinity(0, sizeof(all), &all);
	if (CPU_COUNT(&all) < 2) {
		fprintf(stderr, "isol-emul-cost: needs 2 CPUs\n");
		return 77;
	}
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &all)) {
			if (rt < 0 && i > 0)
				rt = i;
			if (hk < 0 && i != rt)
				hk = i;
		}
	setenv("ISOL_BACKEND", "emulation", 1);
	if (!getenv("ISOL_RT_CPUS")) {
		snprintf(buf, sizeof(buf), "%d", rt);
		setenv("ISOL_RT_CPUS", buf, 1);
	}
	v = calloc((size_t)n, sizeof(*v));
	if (!v)
		return 1;
	printf("isol-emul-cost: RT CPU %d, HK CPU %d, %d calls each%s\n", rt,
	       hk, n, prio ? ", SCHED_FIFO" : "");

	CPU_ZERO(&one_rt);
	CPU_SET(rt, &one_rt);
	CPU_ZERO(&one_hk);
	CPU_SET(hk, &one_hk);
	sched_setaffinity(0, sizeof(one_rt), &one_rt);
	if (prio && sched_setscheduler(0, SCHED_FIFO,
				       &(struct sched_param){ prio }))
		perror("isol-emul-cost: SCHED_FIFO");
	run("native", SYS_getppid, v, n);
	for (i = 0; i < n; i++) {
		t = now_ns();
		sched_setaffinity(0, sizeof(one_hk), &one_hk);
		sched_setaffinity(0, sizeof(one_rt), &one_rt);
		v[i] = now_ns() - t;
	}
	report("migrate", v, n);
	sched_setaffinity(0, sizeof(all), &all);

	{
		ISOL_RT_OPTS(o, .cpu = rt, .flags = ISOL_RT_F_CPU);

		if (prio) {
			o.sched_policy = SCHED_FIFO;
			o.sched_priority = prio;
		}
		err = isol_rt_enter(&o);
	}
	if (err) {
		fprintf(stderr, "isol-emul-cost: isol_rt_enter: %s\n",
			isol_strerror(err));
		return 1;
	}
	run("whitelisted", SYS_gettid, v, n);
	run("displaced", SYS_getppid, v, n);
	isol_rt_leave();
	free(v);
	return 0;
}
