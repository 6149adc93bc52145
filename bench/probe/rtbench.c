// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtbench - the guest side of `make bench`.
 *
 *   rtbench loop  --label L --nr NR [--cpu C] [--mode M] [--count N]
 *                 [--reps R] [--hk LIST] [--ic]
 *       ns per call of syscall NR in a tight loop, median of R repetitions
 *       of N calls.  --ic: every repetition is a region counted by the
 *       icount plugin (bench/icount/), with the events of events.h,
 *       after a second of idle time (bench/icount/join.sh keeps the
 *       median region).  M: plain (not opted in), kernel (PR_RT_ISOLATION
 *       through libisol's kernel backend), emul (libisol's Syscall User
 *       Dispatch emulation backend), pingpong (sched_setaffinity to the
 *       HK CPUs LIST, the call, sched_setaffinity back: displacement by
 *       hand in user space), sudallow (not opted in, but Syscall User
 *       Dispatch on with the selector at ALLOW: every call takes the
 *       generic entry's slow path, nothing else - the floor under P2).
 *   rtbench split --label L --nr NR [--cpu C] [--count N]
 *       one displaced call, split into displace / on HK / return from the
 *       rt_isolation trace events (trace_clock mono) and user timestamps.
 *   rtbench scale --label L --nr NR --cpus LIST [--policy other|fifo]
 *                 [--count N] [--hog CPU]
 *       one opted-in thread per RT CPU of LIST displacing at once; mean and
 *       max ns per call over the threads.  --hog adds a SCHED_OTHER busy
 *       loop on the HK CPU.
 *   rtbench work  --label L [--cpu C] [--mode plain|kernel] [--count N]
 *                 [--reps R]
 *       N passes of the P4 neighbour's work (below) on CPU C, opted in
 *       to displacement (kernel) or not, R times, each a region counted
 *       by the icount plugin, with the events of events.h: the
 *       instruction-count P4.
 *   rtbench lat   --label L [--cpu C] [--period-us P] [--duration S]
 *                 [--neighbour none|plain|displace|hkhog] [--hist-us W]
 *       a timerlat-like probe: SCHED_FIFO 90 thread on CPU C wakes every P
 *       us (clock_nanosleep TIMER_ABSTIME) for S seconds; latency = wakeup
 *       time - programmed time.  The neighbour (SCHED_OTHER on the same
 *       CPU) hammers open/close, mmap/munmap, write+fsync on tmpfs and
 *       fork; "displace" opts it in.  "hkhog" is the control: only a
 *       user-space busy loop on HK CPU 0 (under icount it shows what busy
 *       HK vCPUs alone do to the RT vCPU).  Prints max, p99.9, p99, p50, the
 *       neighbour's loops/s and a histogram.
 *
 * Output: "BENCH <key> <value>" lines (parsed by bench/run.sh),
 * "HIST <label> <bin start us> <count>" lines, "ICOUNT <label> <calls>"
 * after each counted region (bench/icount/join.sh), "# ..." comments.
 * Exit 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef RTBENCH_HAVE_LIBISOL
#include <isol/isol.h>
#endif

#include "rtiso_uapi.h"
#include "events.h"
#include "../icount/mark.h"

#define TRACEFS "/sys/kernel/tracing"

static struct {
	const char *label;
	long nr;
	int cpu;
	const char *mode;
	long count;
	int reps;
	const char *hk;
	const char *cpus;
	const char *policy;
	int hog;
	long period_us;
	long duration_s;
	const char *neighbour;
	long hist_us;
	bool ic;
} opt = {
	.label = "x", .nr = SYS_getppid, .cpu = 2, .mode = "plain",
	.count = 100000, .reps = 5, .hk = "0-1", .cpus = "2",
	.policy = "other", .hog = -1, .period_us = 1000, .duration_s = 10,
	.neighbour = "none", .hist_us = 10,
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rtbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void parse_cpus(const char *list, cpu_set_t *set)
{
	const char *p = list;

	CPU_ZERO(set);
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;

		if (end == p)
			die("bad CPU list '%s'", list);
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (end == p || b < a)
				die("bad CPU list '%s'", list);
		}
		for (; a <= b; a++)
			CPU_SET((int)a, set);
		p = end;
		if (*p == ',')
			p++;
		else if (*p)
			die("bad CPU list '%s'", list);
	}
}

static void pin_set(const cpu_set_t *set)
{
	if (sched_setaffinity(0, sizeof(*set), set))
		die("sched_setaffinity: %s", strerror(errno));
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pin_set(&set);
}

static void set_fifo(int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		die("sched_setscheduler FIFO %d: %s", prio, strerror(errno));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void kernel_opt(unsigned long mode)
{
	if (prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, mode, 0, 0))
		die("prctl(PR_RT_ISOLATION, SET, %lu): %s", mode, strerror(errno));
}

/*
 * Before a counted region: a second of idle guest time (free under
 * -icount sleep=off), so that every region starts from a quiet machine
 * whose periodic housekeeping has run.
 */
static void ic_pause(void)
{
	struct timespec ts = { 1, 0 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long task_displacements(void)
{
	char line[256];
	long n = -1;
	FILE *f = fopen("/proc/thread-self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "RtIsolation_displacements: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* ---- loop ------------------------------------------------------------ */

static double run_loop(long nr, long count, const cpu_set_t *hk,
		       const cpu_set_t *home)
{
	uint64_t t0, t1;
	long i;

	if (hk) {
		t0 = now_ns();
		for (i = 0; i < count; i++) {
			pin_set(hk);
			syscall(nr);
			pin_set(home);
		}
		t1 = now_ns();
	} else {
		t0 = now_ns();
		for (i = 0; i < count; i++)
			syscall(nr);
		t1 = now_ns();
	}
	return (double)(t1 - t0) / (double)count;
}

#ifdef RTBENCH_HAVE_LIBISOL
/* Opt in through libisol's kernel or emulation backend (--mode). */
static void isol_mode_enter(void)
{
	ISOL_RT_OPTS(o, .cpu = opt.cpu, .mode = ISOL_MODE_DISPLACE,
		     .flags = ISOL_RT_F_CPU | ISOL_RT_F_NO_MLOCK);
	int err = isol_rt_enter(&o);

	if (err)
		die("isol_rt_enter: %s", isol_strerror(err));
}
#endif

/*
 * Around the event reads of a counted region the task is not opted in:
 * reading /proc takes hundreds of system calls, which would be displaced
 * and counted as the region's events.  A no-op unless --mode kernel/emul.
 */
static void ic_optin(bool on)
{
#ifdef RTBENCH_HAVE_LIBISOL
	if (strcmp(opt.mode, "kernel") && strcmp(opt.mode, "emul"))
		return;
	if (on)
		isol_mode_enter();
	else
		isol_rt_leave();
#else
	(void)on;
#endif
}

static int cmd_loop(void)
{
	cpu_set_t hk, home;
	bool pp = !strcmp(opt.mode, "pingpong");
	double v[64];
	long d0 __attribute__((unused)) = 0;
	int r, reps = opt.reps > 64 ? 64 : opt.reps;

	if (!strcmp(opt.mode, "kernel") || !strcmp(opt.mode, "emul")) {
#ifdef RTBENCH_HAVE_LIBISOL
		int want = !strcmp(opt.mode, "kernel") ? ISOL_BACKEND_KERNEL :
			   ISOL_BACKEND_EMULATION;

		setenv("ISOL_BACKEND", want == ISOL_BACKEND_KERNEL ?
		       "kernel" : "emulation", 1);
		if (isol_backend() != want)
			die("libisol backend %s unavailable (%d)", opt.mode,
			    isol_backend());
		/* home first: leaving (ic_optin) restores this affinity */
		pin(opt.cpu);
		isol_mode_enter();
#else
		die("built without libisol: no --mode %s", opt.mode);
#endif
	} else if (!strcmp(opt.mode, "sudallow")) {
		static volatile char selector = 0; /* SYSCALL_DISPATCH_FILTER_ALLOW */

		pin(opt.cpu);
		if (prctl(59 /* PR_SET_SYSCALL_USER_DISPATCH */, 1 /* ON */,
			  0UL, 0UL, &selector))
			die("PR_SET_SYSCALL_USER_DISPATCH: %s", strerror(errno));
	} else if (strcmp(opt.mode, "plain") && !pp) {
		die("unknown --mode %s", opt.mode);
	} else {
		pin(opt.cpu);
	}
	CPU_ZERO(&home);
	CPU_SET(opt.cpu, &home);
	parse_cpus(opt.hk, &hk);
	if (!strcmp(opt.mode, "kernel"))
		d0 = task_displacements();

	run_loop(opt.nr, opt.count / 10 + 1, pp ? &hk : NULL, &home); /* warm */
	for (r = 0; r < reps; r++) {
		struct ev_snap e0, e1;

		if (!opt.ic) {
			v[r] = run_loop(opt.nr, opt.count, pp ? &hk : NULL, &home);
			continue;
		}
		ic_optin(false);
		ic_pause();
		ev_read(&e0);
		ic_optin(true);
		ic_begin();
		v[r] = run_loop(opt.nr, opt.count, pp ? &hk : NULL, &home);
		ic_end();
		ic_optin(false);
		ev_read(&e1);
		ic_optin(true);
		printf("ICOUNT %s %ld\n", opt.label, opt.count);
		ev_print(opt.label, &e0, &e1, opt.count);
	}

#ifdef RTBENCH_HAVE_LIBISOL
	if (!strcmp(opt.mode, "kernel") || !strcmp(opt.mode, "emul")) {
		struct isol_rt_status st = { .sz = sizeof(st) };

		isol_rt_status(&st);
		printf("# %s: backend %d, %llu displacements, %llu whitelisted\n",
		       opt.label, st.backend, st.displacements, st.whitelisted);
		if (!strcmp(opt.mode, "kernel"))
			printf("BENCH %s.displacements_per_call %.3f\n", opt.label,
			       (double)(task_displacements() - d0) /
			       (double)(opt.count * reps + opt.count / 10 + 1));
		isol_rt_leave();
	}
#endif
	printf("# %s: %d reps of %ld calls of syscall %ld, mode %s, CPU %d:",
	       opt.label, reps, opt.count, opt.nr, opt.mode, opt.cpu);
	for (r = 0; r < reps; r++)
		printf(" %.1f", v[r]);
	printf(" ns/call\n");
	qsort(v, (size_t)reps, sizeof(v[0]), cmp_dbl);
	printf("BENCH %s %.2f\n", opt.label, v[reps / 2]);
	printf("BENCH %s.spread %.4f\n", opt.label,
	       v[0] > 0 ? (v[reps - 1] - v[0]) / v[0] : 0);
	return 0;
}

/* ---- split ------------------------------------------------------------ */

static void tracefs_write(const char *file, const char *val)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), TRACEFS "/%s", file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0 || write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		die("write %s: %s", path, strerror(errno));
	close(fd);
}

/* Timestamp (ns) of a trace line " comm-pid [cpu] flags  123.456789: ev:" */
static bool trace_ts(const char *line, const char *ev, uint64_t *ts)
{
	const char *p = strstr(line, ev), *q;
	unsigned long s, us;

	if (!p || p - line < 3)
		return false;
	q = p - 2; /* the ':' after the timestamp */
	while (q > line && q[-1] != ' ')
		q--;
	if (sscanf(q, "%lu.%lu:", &s, &us) != 2)
		return false;
	*ts = (uint64_t)s * 1000000000ULL + (uint64_t)us * 1000ULL;
	return true;
}

static int cmd_split(void)
{
	long n = opt.count, i, nd = 0, nr = 0;
	uint64_t *tb = calloc((size_t)n, 8), *ta = calloc((size_t)n, 8);
	uint64_t *td = calloc((size_t)n, 8), *tr = calloc((size_t)n, 8);
	uint64_t *hkns = calloc((size_t)n, 8);
	double sd = 0, sh = 0, sr = 0, st = 0;
	char line[512], pidpat[64];
	FILE *f;

	if (!tb || !ta || !td || !tr || !hkns)
		die("out of memory");
	pin(opt.cpu);
	tracefs_write("tracing_on", "0");
	tracefs_write("trace_clock", "mono");
	tracefs_write("buffer_size_kb", "8192");
	tracefs_write("trace", "");
	tracefs_write("events/rt_isolation/rtiso_displace/enable", "1");
	tracefs_write("events/rt_isolation/rtiso_return/enable", "1");
	tracefs_write("tracing_on", "1");
	kernel_opt(PR_RT_ISOLATION_DISPLACE);
	for (i = 0; i < n; i++) {
		tb[i] = now_ns();
		syscall(opt.nr);
		ta[i] = now_ns();
	}
	kernel_opt(PR_RT_ISOLATION_OFF);
	tracefs_write("tracing_on", "0");
	tracefs_write("events/rt_isolation/enable", "0");

	snprintf(pidpat, sizeof(pidpat), " pid=%ld ", (long)gettid());
	f = fopen(TRACEFS "/trace", "r");
	if (!f)
		die("open trace: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		uint64_t ts;
		char *p;

		if (!strstr(line, pidpat))
			continue;
		if (nd < n && trace_ts(line, "rtiso_displace:", &ts)) {
			td[nd++] = ts;
		} else if (nr < n && trace_ts(line, "rtiso_return:", &ts)) {
			p = strstr(line, " ns=");
			hkns[nr] = p ? strtoull(p + 4, NULL, 10) : 0;
			tr[nr++] = ts;
		}
	}
	fclose(f);
	tracefs_write("trace_clock", "local");
	if (nd < n || nr < n)
		die("trace has %ld displace and %ld return events for %ld calls"
		    " (buffer overrun?)", nd, nr, n);
	for (i = 0; i < n; i++) {
		sd += (double)(td[i] - tb[i]);
		sh += (double)hkns[i];
		sr += (double)(ta[i] - td[i]) - (double)hkns[i];
		st += (double)(ta[i] - tb[i]);
	}
	printf("# %s: %ld traced displaced calls of syscall %ld (trace "
	       "timestamps have 1 us resolution; means over all calls)\n",
	       opt.label, n, opt.nr);
	printf("BENCH %s.displace_ns %.0f\n", opt.label, sd / (double)n);
	printf("BENCH %s.hk_ns %.0f\n", opt.label, sh / (double)n);
	printf("BENCH %s.return_ns %.0f\n", opt.label, sr / (double)n);
	printf("BENCH %s.total_ns %.0f\n", opt.label, st / (double)n);
	return 0;
}

/* ---- scale ------------------------------------------------------------ */

struct scale_thr {
	pthread_t th;
	int cpu;
	double ns;
	long displ;
};

static pthread_barrier_t scale_bar;

static void *scale_fn(void *arg)
{
	struct scale_thr *t = arg;
	uint64_t t0;
	long d0, i;

	pin(t->cpu);
	if (!strcmp(opt.policy, "fifo"))
		set_fifo(50);
	kernel_opt(PR_RT_ISOLATION_DISPLACE);
	for (i = 0; i < opt.count / 10; i++)
		syscall(opt.nr);
	d0 = task_displacements();
	pthread_barrier_wait(&scale_bar);
	t0 = now_ns();
	for (i = 0; i < opt.count; i++)
		syscall(opt.nr);
	t->ns = (double)(now_ns() - t0) / (double)opt.count;
	t->displ = task_displacements() - d0;
	pthread_barrier_wait(&scale_bar);
	kernel_opt(PR_RT_ISOLATION_OFF);
	return NULL;
}

static int cmd_scale(void)
{
	struct scale_thr thr[16];
	cpu_set_t set;
	int n = 0, c, i;
	pid_t hog = 0;
	double sum = 0, max = 0;
	long displ = 0;

	parse_cpus(opt.cpus, &set);
	for (c = 0; c < CPU_SETSIZE && n < 16; c++)
		if (CPU_ISSET(c, &set))
			thr[n++].cpu = c;
	if (opt.hog >= 0) {
		hog = fork();
		if (hog < 0)
			die("fork: %s", strerror(errno));
		if (!hog) {
			pin(opt.hog);
			for (;;)
				__asm__ volatile("" ::: "memory");
		}
		usleep(200000);
	}
	pthread_barrier_init(&scale_bar, NULL, (unsigned int)n);
	for (i = 0; i < n; i++)
		if (pthread_create(&thr[i].th, NULL, scale_fn, &thr[i]))
			die("pthread_create");
	for (i = 0; i < n; i++) {
		pthread_join(thr[i].th, NULL);
		sum += thr[i].ns;
		if (thr[i].ns > max)
			max = thr[i].ns;
		displ += thr[i].displ;
	}
	if (hog > 0) {
		kill(hog, SIGKILL);
		waitpid(hog, NULL, 0);
	}
	printf("# %s: %d threads on CPUs %s, %s, %ld calls each, hog %d:",
	       opt.label, n, opt.cpus, opt.policy, opt.count, opt.hog);
	for (i = 0; i < n; i++)
		printf(" %.0f", thr[i].ns);
	printf(" ns/call\n");
	printf("BENCH %s.mean %.1f\n", opt.label, sum / n);
	printf("BENCH %s.max %.1f\n", opt.label, max);
	printf("BENCH %s.displacements_per_call %.3f\n", opt.label,
	       (double)displ / (double)(opt.count * n));
	return 0;
}

/* ---- lat -------------------------------------------------------------- */

struct nb_shared {
	volatile int stop;
	volatile long loops;
	volatile int ready;
	volatile int err;
};

/* The control: a user-space busy loop on HK CPU 0, nothing on the RT CPU. */
static void hk_hog(struct nb_shared *sh)
{
	pin(0);
	sh->ready = 1;
	while (!sh->stop)
		sh->loops++;
	_exit(0);
}

/*
 * One pass of the neighbour's work: open/close, a populated 1 MiB mapping,
 * 4 x 64 KiB written and fsync'ed on tmpfs, fork + wait.
 */
static void nb_pass(int fd)
{
	static char buf[64 * 1024];
	const size_t maplen = 1 << 20;
	int f2, i;
	void *m;
	pid_t pid;

	if (!buf[0])
		memset(buf, 'x', sizeof(buf));
	f2 = open("/tmp/rtbench-neighbour.tmp", O_CREAT | O_RDWR, 0600);
	if (f2 >= 0)
		close(f2);
	m = mmap(NULL, maplen, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (m != MAP_FAILED)
		munmap(m, maplen);
	for (i = 0; i < 4; i++)
		if (write(fd, buf, sizeof(buf)) < 0)
			break;
	fsync(fd);
	if (lseek(fd, 0, SEEK_CUR) > (off_t)(8 << 20)) {
		if (ftruncate(fd, 0) == 0)
			lseek(fd, 0, SEEK_SET);
	}
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static void neighbour(struct nb_shared *sh, bool displace)
{
	int fd;

	pin(opt.cpu);
	fd = open("/tmp/rtbench-neighbour.dat", O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0) {
		sh->err = errno;
		_exit(1);
	}
	if (displace && prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET,
			      PR_RT_ISOLATION_DISPLACE, 0, 0)) {
		sh->err = errno;
		_exit(1);
	}
	sh->ready = 1;
	while (!sh->stop) {
		nb_pass(fd);
		sh->loops++;
	}
	_exit(0);
}

/* ---- work ------------------------------------------------------------- */

static int cmd_work(void)
{
	bool displace = !strcmp(opt.mode, "kernel");
	struct ev_snap e0, e1;
	uint64_t t0, t1;
	long i;
	int fd, r;

	if (!displace && strcmp(opt.mode, "plain"))
		die("work: --mode plain or kernel, not %s", opt.mode);
	pin(opt.cpu);
	fd = open("/tmp/rtbench-work.dat", O_CREAT | O_RDWR | O_TRUNC, 0600);
	if (fd < 0)
		die("open /tmp/rtbench-work.dat: %s", strerror(errno));
	if (displace)
		kernel_opt(PR_RT_ISOLATION_DISPLACE);
	for (i = 0; i < opt.count / 10 + 1; i++) /* warm */
		nb_pass(fd);
	for (r = 0; r < opt.reps; r++) {
		/* not opted in while reading /proc (see ic_optin()) */
		if (displace)
			kernel_opt(PR_RT_ISOLATION_OFF);
		ic_pause();
		ev_read(&e0);
		if (displace)
			kernel_opt(PR_RT_ISOLATION_DISPLACE);
		t0 = now_ns();
		ic_begin();
		for (i = 0; i < opt.count; i++)
			nb_pass(fd);
		ic_end();
		t1 = now_ns();
		if (displace)
			kernel_opt(PR_RT_ISOLATION_OFF);
		ev_read(&e1);
		if (displace)
			kernel_opt(PR_RT_ISOLATION_DISPLACE);
		printf("ICOUNT %s %ld\n", opt.label, opt.count);
		ev_print(opt.label, &e0, &e1, opt.count);
		printf("# %s: %.0f ns a pass\n", opt.label,
		       (double)(t1 - t0) / (double)opt.count);
	}
	if (displace)
		kernel_opt(PR_RT_ISOLATION_OFF);
	close(fd);
	unlink("/tmp/rtbench-work.dat");
	return 0;
}

static int cmd_lat(void)
{
	long n = opt.duration_s * 1000000L / opt.period_us, i, warm;
	uint64_t *lat = malloc((size_t)n * sizeof(*lat));
	struct nb_shared *sh;
	struct timespec next;
	pid_t nb = 0;
	uint64_t t0 = 0, t1, sum = 0;
	long loops0 = 0, loops1 = 0;
	long nbins, *hist;
	bool with_nb = strcmp(opt.neighbour, "none") != 0;

	if (!lat)
		die("out of memory");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	memset(sh, 0, sizeof(*sh));
	if (with_nb) {
		bool displace = !strcmp(opt.neighbour, "displace");
		bool hog = !strcmp(opt.neighbour, "hkhog");

		if (!displace && !hog && strcmp(opt.neighbour, "plain"))
			die("unknown --neighbour %s", opt.neighbour);
		nb = fork();
		if (nb < 0)
			die("fork: %s", strerror(errno));
		if (!nb) {
			if (hog)
				hk_hog(sh);
			neighbour(sh, displace);
		}
		while (!sh->ready) {
			int st;

			if (waitpid(nb, &st, WNOHANG) == nb)
				die("neighbour failed: %s", strerror(sh->err));
			usleep(10000);
		}
	}
	pin(opt.cpu);
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		die("mlockall: %s", strerror(errno));
	memset(lat, 0, (size_t)n * sizeof(*lat));
	set_fifo(90);

	/* 0.5 s warm-up, then n periods. */
	warm = 500000 / opt.period_us;
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = -warm; i < n; i++) {
		struct timespec now;
		uint64_t want, got;

		next.tv_nsec += opt.period_us * 1000;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		clock_gettime(CLOCK_MONOTONIC, &now);
		want = (uint64_t)next.tv_sec * 1000000000ULL + (uint64_t)next.tv_nsec;
		got = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
		if (i == 0) {
			t0 = got;
			loops0 = sh->loops;
		}
		if (i >= 0)
			lat[i] = got > want ? got - want : 0;
		/* a wakeup later than a whole period skips the missed ones */
		if (got > want + (uint64_t)opt.period_us * 1000) {
			next.tv_sec = now.tv_sec;
			next.tv_nsec = now.tv_nsec;
		}
	}
	t1 = now_ns();
	loops1 = sh->loops;
	{
		struct sched_param sp = { .sched_priority = 0 };

		sched_setscheduler(0, SCHED_OTHER, &sp);
	}
	if (nb > 0) {
		sh->stop = 1;
		usleep(200000);
		kill(nb, SIGKILL);
		waitpid(nb, NULL, 0);
	}

	for (i = 0; i < n; i++)
		sum += lat[i];
	qsort(lat, (size_t)n, sizeof(*lat), cmp_u64);
#define US(x) ((double)(x) / 1000.0)
	printf("# %s: %ld wakeups, period %ld us, CPU %d, neighbour %s\n",
	       opt.label, n, opt.period_us, opt.cpu, opt.neighbour);
	printf("BENCH %s.samples %ld\n", opt.label, n);
	printf("BENCH %s.max_us %.1f\n", opt.label, US(lat[n - 1]));
	printf("BENCH %s.p999_us %.1f\n", opt.label, US(lat[(n * 999) / 1000]));
	printf("BENCH %s.p99_us %.1f\n", opt.label, US(lat[(n * 99) / 100]));
	printf("BENCH %s.p50_us %.1f\n", opt.label, US(lat[n / 2]));
	printf("BENCH %s.mean_us %.1f\n", opt.label, US(sum / (uint64_t)n));
	if (with_nb)
		printf("BENCH %s.nb_loops_per_s %.1f\n", opt.label,
		       (double)(loops1 - loops0) * 1e9 / (double)(t1 - t0));
	/* histogram: W-us bins up to 100 ms, the rest in the last bin */
	nbins = 100000 / opt.hist_us + 1;
	hist = calloc((size_t)nbins, sizeof(*hist));
	if (!hist)
		die("out of memory");
	for (i = 0; i < n; i++) {
		long b = (long)(lat[i] / 1000) / opt.hist_us;

		hist[b < nbins ? b : nbins - 1]++;
	}
	for (i = 0; i < nbins; i++)
		if (hist[i])
			printf("HIST %s %ld %ld\n", opt.label, i * opt.hist_us, hist[i]);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "label", 1, NULL, 'l' }, { "nr", 1, NULL, 'n' },
		{ "cpu", 1, NULL, 'c' }, { "mode", 1, NULL, 'm' },
		{ "count", 1, NULL, 'N' }, { "reps", 1, NULL, 'r' },
		{ "hk", 1, NULL, 'k' }, { "cpus", 1, NULL, 'C' },
		{ "policy", 1, NULL, 'p' }, { "hog", 1, NULL, 'H' },
		{ "period-us", 1, NULL, 'P' }, { "duration", 1, NULL, 'd' },
		{ "neighbour", 1, NULL, 'b' }, { "hist-us", 1, NULL, 'w' },
		{ "ic", 0, NULL, 'I' }, { NULL, 0, NULL, 0 },
	};
	const char *cmd;
	int c;

	if (argc < 2)
		die("usage: rtbench loop|split|scale|work|lat [options] (see the source)");
	cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'l': opt.label = optarg; break;
		case 'n': opt.nr = strtol(optarg, NULL, 0); break;
		case 'c': opt.cpu = atoi(optarg); break;
		case 'm': opt.mode = optarg; break;
		case 'N': opt.count = strtol(optarg, NULL, 0); break;
		case 'r': opt.reps = atoi(optarg); break;
		case 'k': opt.hk = optarg; break;
		case 'C': opt.cpus = optarg; break;
		case 'p': opt.policy = optarg; break;
		case 'H': opt.hog = atoi(optarg); break;
		case 'P': opt.period_us = strtol(optarg, NULL, 0); break;
		case 'd': opt.duration_s = strtol(optarg, NULL, 0); break;
		case 'b': opt.neighbour = optarg; break;
		case 'w': opt.hist_us = strtol(optarg, NULL, 0); break;
		case 'I': opt.ic = true; break;
		default: die("bad option (see the source header)");
		}
	}
	if (opt.count < 1 || opt.reps < 1 || opt.period_us < 1 ||
	    opt.duration_s < 1 || opt.hist_us < 1)
		die("counts, durations and periods must be positive");
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "loop"))
		return cmd_loop();
	if (!strcmp(cmd, "split"))
		return cmd_split();
	if (!strcmp(cmd, "scale"))
		return cmd_scale();
	if (!strcmp(cmd, "work"))
		return cmd_work();
	if (!strcmp(cmd, "lat"))
		return cmd_lat();
	die("unknown command %s", cmd);
}
