// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isol-rtloop - a periodic RT loop under libisol: clock_nanosleep
 * (TIMER_ABSTIME) wakeups on an isolated CPU, with an occasional
 * open()/write()/close() that the library displaces to a housekeeping CPU,
 * and with -w a one-byte write into a pipe and one into a regular file
 * every cycle: the same syscall, write, on two classes of file, which an
 * argument rule ("1 fd0=pipe", docs/argument-rules.md) tells apart.
 * Prints the wakeup latency and the displacement count.
 *
 *   isol-rtloop [-c CPU] [-m displace|audit|strict] [-n CYCLES]
 *               [-i PERIOD_US] [-e EVERY] [-p PRIO] [-w] [-f FILE]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <isol/isol.h>

struct params {
	int cpu;		/* -1: claim from isold, else first RT CPU */
	int mode;
	long cycles;
	long period_us;
	long every;		/* cycles between two I/O bursts, 0 = none */
	int prio;		/* SCHED_FIFO priority, 0 = keep policy */
	int writes;		/* -w: a pipe write and a file write per cycle */
	const char *file;	/* -f: the regular file of -w */
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: isol-rtloop [options]\n"
		"  -c CPU     RT CPU to run on (default: claim one from isold,\n"
		"             else the first RT CPU)\n"
		"  -m MODE    displace (default), audit or strict\n"
		"  -n CYCLES  number of periods (default 1000)\n"
		"  -i US      period in microseconds (default 1000)\n"
		"  -e N       open()+write()+close() every N cycles (default 100,\n"
		"             0 = never)\n"
		"  -p PRIO    SCHED_FIFO priority (default: keep the policy)\n"
		"  -w         every cycle, write one byte into a pipe and one into\n"
		"             a regular file (the pipe is drained by a thread that\n"
		"             is not RT)\n"
		"  -f FILE    the file of -w (default /tmp/isol-rtloop.dat)\n"
		"  -h         this help\n");
}

static long parse_long(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "isol-rtloop: bad %s '%s' (%ld..%ld); "
			"try --help\n", what, s, lo, hi);
		exit(2);
	}
	return v;
}

static int parse_mode(const char *s)
{
	if (!strcmp(s, "displace"))
		return ISOL_MODE_DISPLACE;
	if (!strcmp(s, "audit"))
		return ISOL_MODE_AUDIT;
	if (!strcmp(s, "strict"))
		return ISOL_MODE_STRICT;
	fprintf(stderr, "isol-rtloop: unknown mode '%s'; try --help\n", s);
	exit(2);
}

static const char *mode_name(int mode)
{
	static const char *const names[] = { "off", "displace", "audit",
					     "strict" };

	return mode >= 0 && mode <= 3 ? names[mode] : "?";
}

static int first_rt_cpu(void)
{
	cpu_set_t set;
	int i;

	if (isol_rt_cpus(&set))
		return -1;
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			return i;
	return -1;
}

static int enter(const struct params *p, int cpu)
{
	ISOL_RT_OPTS(o, .mode = p->mode);

	if (cpu >= 0) {
		o.cpu = cpu;
		o.flags |= ISOL_RT_F_CPU;
	}
	if (p->prio) {
		o.sched_policy = SCHED_FIFO;
		o.sched_priority = p->prio;
	}
	return isol_rt_enter(&o);
}

/* The non-deterministic work of the loop: each call is displaced. */
static void do_io(long cycle)
{
	char line[64];
	int fd, n;

	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), "cycle %ld\n", cycle);
	if (write(fd, line, (size_t)n) != n)
		perror("isol-rtloop: write");
	close(fd);
}

/* -w: the pipe, its drainer (not opted in: created before RT mode) and
 * the file. */
struct writes {
	int pfd[2];
	int file;
	pthread_t drainer;
	long pipe_ok, file_ok;
};

static void *drain(void *arg)
{
	struct writes *w = arg;
	char buf[4096];

	while (read(w->pfd[0], buf, sizeof(buf)) > 0)
		;
	return NULL;
}

static int writes_open(struct writes *w, const char *file)
{
	memset(w, 0, sizeof(*w));
	if (pipe2(w->pfd, O_CLOEXEC) ||
	    fcntl(w->pfd[1], F_SETFL, O_NONBLOCK)) {
		perror("isol-rtloop: pipe");
		return -1;
	}
	w->file = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->file < 0) {
		fprintf(stderr, "isol-rtloop: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (pthread_create(&w->drainer, NULL, drain, w)) {
		fprintf(stderr, "isol-rtloop: cannot start the pipe drainer\n");
		return -1;
	}
	return 0;
}

/* The two writes of one cycle: same syscall, two classes of file. */
static void writes_cycle(struct writes *w)
{
	w->pipe_ok += write(w->pfd[1], "p", 1) == 1;
	w->file_ok += write(w->file, "f", 1) == 1;
}

static void writes_close(struct writes *w)
{
	close(w->pfd[1]);
	pthread_join(w->drainer, NULL);
	close(w->pfd[0]);
	close(w->file);
}

static long long ts_ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct params p = { -1, ISOL_MODE_DISPLACE, 1000, 1000, 100, 0, 0,
			    "/tmp/isol-rtloop.dat" };
	struct writes w;
	struct isol_rt_status st = { .sz = sizeof(st) };
	long long lat, lat_min = LLONG_MAX, lat_max = 0, lat_sum = 0;
	struct timespec next, now;
	long i, ios = 0, overruns = 0;
	int c, err, cpu;

	while ((c = getopt_long(argc, argv, "c:m:n:i:e:p:wf:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'c': p.cpu = (int)parse_long(optarg, 0, CPU_SETSIZE - 1, "CPU"); break;
		case 'm': p.mode = parse_mode(optarg); break;
		case 'n': p.cycles = parse_long(optarg, 1, 100000000, "cycle count"); break;
		case 'i': p.period_us = parse_long(optarg, 10, 10000000, "period"); break;
		case 'e': p.every = parse_long(optarg, 0, 100000000, "I/O interval"); break;
		case 'p': p.prio = (int)parse_long(optarg, 1, 99, "priority"); break;
		case 'w': p.writes = 1; break;
		case 'f': p.file = optarg; break;
		case 'h': usage(stdout); return 0;
		default: fprintf(stderr, "try --help\n"); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "isol-rtloop: unexpected '%s'; try --help\n",
			argv[optind]);
		return 2;
	}

	/* before RT mode: the drainer thread must not inherit it */
	if (p.writes && writes_open(&w, p.file))
		return 1;
	err = enter(&p, p.cpu);
	if (err == -ECONNREFUSED && p.cpu < 0) {
		cpu = first_rt_cpu();
		if (cpu >= 0)
			err = enter(&p, cpu);
	}
	if (err) {
		fprintf(stderr, "isol-rtloop: cannot enter RT mode: %s\n",
			isol_strerror(err));
		if (err == -ECONNREFUSED)
			fprintf(stderr, "isol-rtloop: no RT CPU known: boot "
				"with isolcpus=rtiso,<cpus>, start isold, or "
				"try ISOL_RT_CPUS=<cpu> on a stock kernel\n");
		return 1;
	}
	isol_rt_status(&st);
	/* The banner is printed in RT mode: these writes are displaced too. */
	printf("isol-rtloop: backend %s, CPU %d, mode %s, %ld cycles of %ld us\n",
	       st.backend == ISOL_BACKEND_KERNEL ? "kernel" : "emulation",
	       st.cpu, mode_name(st.mode), p.cycles, p.period_us);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 1; i <= p.cycles; i++) {
		next.tv_nsec += p.period_us * 1000;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
		lat = ts_ns(&now) - ts_ns(&next);
		lat_sum += lat;
		if (lat < lat_min)
			lat_min = lat;
		if (lat > lat_max)
			lat_max = lat;
		if (lat > p.period_us * 1000) {
			/* Missed whole periods: count them, restart from now. */
			overruns++;
			next = now;
		}
		if (p.writes)
			writes_cycle(&w);
		if (p.every && i % p.every == 0) {
			do_io(i);
			ios++;
		}
	}

	st.sz = sizeof(st);
	isol_rt_status(&st);
	cpu = sched_getcpu();
	isol_rt_leave();
	printf("isol-rtloop: latency min %lld avg %lld max %lld us, "
	       "%ld overruns\n", lat_min / 1000, lat_sum / p.cycles / 1000,
	       lat_max / 1000, overruns);
	printf("isol-rtloop: %ld I/O bursts (open+write+close), "
	       "%llu %s, ended on CPU %d\n", ios, st.displacements,
	       st.mode == ISOL_MODE_AUDIT ? "audit hits" : "displacements",
	       cpu);
	if (p.writes) {
		printf("isol-rtloop: %ld pipe writes, %ld file writes (%s)\n",
		       w.pipe_ok, w.file_ok, p.file);
		writes_close(&w);
	}
	return 0;
}
