// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * profiles.c - named argument profiles: how to call one syscall so that a
 * measurement means something ("futex:wait-private" is the uncontended
 * FUTEX_WAIT_PRIVATE that returns at once, not a blocking wait).  The
 * first profile of a syscall is its default.
 *
 * What each profile measures is also a rule (libisol/common/profiles.c:
 * "write:pipe" measured "fd0=pipe"): the record isol-certify writes
 * carries it, so a grant is exactly as wide as its evidence.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "certify.h"

static inline uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

static inline uint64_t mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);	/* vDSO: not a syscall */
	return ts_ns(&ts);
}

#define TIMED(expr) ({ uint64_t _t0 = mono(); (void)(expr); mono() - _t0; })

/* getpid: the cheapest syscall there is, a baseline */
static uint64_t call_getpid(struct prof_ctx *c)
{
	(void)c;
	return TIMED(syscall(SYS_getpid));
}

static uint64_t call_getcpu(struct prof_ctx *c)
{
	unsigned int cpu, node;

	(void)c;
	return TIMED(syscall(SYS_getcpu, &cpu, &node, NULL));
}

static uint64_t call_sched_yield(struct prof_ctx *c)
{
	(void)c;
	return TIMED(syscall(SYS_sched_yield));
}

static uint64_t call_clock_gettime(struct prof_ctx *c)
{
	struct timespec ts;

	(void)c;
	return TIMED(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
}

/* futex:wait-private - the word is not the expected value: EAGAIN at once
 * (the uncontended path of a condition that already changed); a timeout is
 * passed as real code does, it is never armed */
static uint64_t call_futex_wait(struct prof_ctx *c)
{
	struct timespec to = { 0, 100000 };

	return TIMED(syscall(SYS_futex, &c->futex_word, FUTEX_WAIT_PRIVATE,
			     c->futex_word + 1, &to, NULL, 0));
}

static uint64_t call_futex_wake(struct prof_ctx *c)
{
	return TIMED(syscall(SYS_futex, &c->futex_word, FUTEX_WAKE_PRIVATE, 1,
			     NULL, NULL, 0));
}

/* futex:wait-wake-private - both uncontended private ops, alternately */
static uint64_t call_futex_wait_wake(struct prof_ctx *c)
{
	return c->iter++ & 1 ? call_futex_wake(c) : call_futex_wait(c);
}

/* clock_nanosleep:abs-monotonic - a periodic RT loop's wake-up: latency is
 * how late it woke after its absolute deadline (like cyclictest) */
static int setup_periodic(struct prof_ctx *c)
{
	c->period_ns = 200000;
	c->deadline_ns = mono() + c->period_ns;
	return 0;
}

static uint64_t call_clock_nanosleep(struct prof_ctx *c)
{
	struct timespec ts = { (time_t)(c->deadline_ns / 1000000000ULL),
			       (long)(c->deadline_ns % 1000000000ULL) };
	uint64_t late;

	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	late = mono() - c->deadline_ns;
	c->deadline_ns += c->period_ns;
	if (c->deadline_ns < mono())	/* overran: restart the period */
		c->deadline_ns = mono() + c->period_ns;
	return late;
}

/* nanosleep:1ms - relative sleep; latency is the overshoot past 1 ms */
static uint64_t call_nanosleep(struct prof_ctx *c)
{
	struct timespec ts = { 0, 1000000 };
	uint64_t t0 = mono(), d;

	(void)c;
	syscall(SYS_nanosleep, &ts, NULL);
	d = mono() - t0;
	return d > 1000000 ? d - 1000000 : 0;
}

/* write:pipe - one byte into a pipe with room; drained between calls */
static int setup_pipe(struct prof_ctx *c)
{
	if (pipe2(c->fd, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	return 0;
}

static void teardown_fds(struct prof_ctx *c)
{
	close(c->fd[0]);
	close(c->fd[1]);
}

static uint64_t call_write_pipe(struct prof_ctx *c)
{
	return TIMED(syscall(SYS_write, c->fd[1], "x", 1));
}

static void drain_pipe(struct prof_ctx *c)
{
	char buf[4096];

	if (++c->iter % 2048 == 0)
		while (read(c->fd[0], buf, sizeof(buf)) > 0)
			;
}

/* write:eventfd / read:eventfd - add 1 to an eventfd's counter; read it
 * back (a write puts something to read between the timed reads) */
static int setup_eventfd(struct prof_ctx *c)
{
	c->fd[0] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	c->fd[1] = -1;
	return c->fd[0] < 0 ? -errno : 0;
}

static uint64_t call_write_eventfd(struct prof_ctx *c)
{
	static const uint64_t one = 1;

	return TIMED(syscall(SYS_write, c->fd[0], &one, sizeof(one)));
}

static void fill_eventfd(struct prof_ctx *c)
{
	static const uint64_t one = 1;

	if (write(c->fd[0], &one, sizeof(one)) != sizeof(one))
		c->iter++;
}

static uint64_t call_read_eventfd(struct prof_ctx *c)
{
	uint64_t v;

	return TIMED(syscall(SYS_read, c->fd[0], &v, sizeof(v)));
}

/* read:timerfd - a periodic RT loop waiting on a timerfd (200 us,
 * absolute CLOCK_MONOTONIC deadlines): latency = wake-up lateness */
static int setup_timerfd(struct prof_ctx *c)
{
	struct itimerspec its;

	if (!c->priv) {		/* called again after the warm-up */
		c->fd[0] = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
		c->fd[1] = -1;
		if (c->fd[0] < 0)
			return -errno;
		c->priv = c;
	}
	c->period_ns = 200000;
	c->deadline_ns = mono() + c->period_ns;
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = (long)c->period_ns;
	its.it_value.tv_sec = (time_t)(c->deadline_ns / 1000000000ULL);
	its.it_value.tv_nsec = (long)(c->deadline_ns % 1000000000ULL);
	return timerfd_settime(c->fd[0], TFD_TIMER_ABSTIME, &its, NULL) ?
	       -errno : 0;
}

static uint64_t call_read_timerfd(struct prof_ctx *c)
{
	uint64_t n = 0, late;

	if (syscall(SYS_read, c->fd[0], &n, sizeof(n)) != sizeof(n))
		n = 1;
	late = mono() - c->deadline_ns;
	c->deadline_ns += n * c->period_ns;	/* expirations missed too */
	return late;
}

/* sendto:unix-dgram - a 1-byte datagram on a connected AF_UNIX
 * socketpair; the peer's queue is drained between calls */
static int setup_unix_dgram(struct prof_ctx *c)
{
	return socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			  0, c->fd) ? -errno : 0;
}

static uint64_t call_sendto_unix(struct prof_ctx *c)
{
	return TIMED(syscall(SYS_sendto, c->fd[1], "x", 1, 0, NULL, 0));
}

static void drain_unix(struct prof_ctx *c)
{
	char b[16];

	while (recv(c->fd[0], b, sizeof(b), MSG_DONTWAIT) > 0)
		;
}

/* fsync:tmpfs - fsync of a freshly written page of a tmpfs file */
static int setup_tmpfs(struct prof_ctx *c)
{
	char path[] = "/dev/shm/isol-certify.XXXXXX";
	char alt[] = "/tmp/isol-certify.XXXXXX";

	c->fd[0] = mkstemp(path);
	if (c->fd[0] < 0) {
		c->fd[0] = mkstemp(alt);
		if (c->fd[0] < 0)
			return -errno;
		unlink(alt);
	} else {
		unlink(path);
	}
	c->fd[1] = -1;
	return 0;
}

static uint64_t call_fsync(struct prof_ctx *c)
{
	return TIMED(syscall(SYS_fsync, c->fd[0]));
}

static void write_page(struct prof_ctx *c)
{
	static char page[4096];

	page[c->iter++ % sizeof(page)]++;
	if (pwrite(c->fd[0], page, sizeof(page), 0) < 0)
		c->iter = c->iter;
}

/* read:pipe-wait - a read that blocks until a helper thread on a
 * housekeeping CPU answers 50 us later: it sleeps every time */
struct waiter {
	int req[2], resp[2];
	pthread_t th;
};

static void *helper(void *arg)
{
	struct waiter *w = arg;
	struct timespec d = { 0, 50000 };
	char b;

	while (read(w->req[0], &b, 1) == 1) {
		nanosleep(&d, NULL);
		if (write(w->resp[1], &b, 1) != 1)
			break;
	}
	return NULL;
}

static int setup_wait(struct prof_ctx *c)
{
	struct waiter *w = calloc(1, sizeof(*w));
	cpu_set_t set;

	if (!w || pipe2(w->req, O_CLOEXEC) || pipe2(w->resp, O_CLOEXEC)) {
		free(w);
		return -errno;
	}
	if (pthread_create(&w->th, NULL, helper, w)) {
		free(w);
		return -EAGAIN;
	}
	CPU_ZERO(&set);
	CPU_SET(c->helper_cpu, &set);
	pthread_setaffinity_np(w->th, sizeof(set), &set);
	c->priv = w;
	return 0;
}

static void request(struct prof_ctx *c)
{
	struct waiter *w = c->priv;

	if (write(w->req[1], "r", 1) != 1)
		c->iter++;
}

static uint64_t call_read_wait(struct prof_ctx *c)
{
	struct waiter *w = c->priv;
	char b;

	return TIMED(syscall(SYS_read, w->resp[0], &b, 1));
}

static void teardown_wait(struct prof_ctx *c)
{
	struct waiter *w = c->priv;

	close(w->req[1]);	/* the helper sees EOF and ends */
	pthread_join(w->th, NULL);
	close(w->req[0]);
	close(w->resp[0]);
	close(w->resp[1]);
	free(w);
}

static const struct profile profiles[] = {
	{ "getpid", "getpid", "getpid(): the cheapest syscall, a baseline",
	  "get", false, 100000, NULL, call_getpid, NULL, NULL },
	{ "getcpu", "getcpu", "getcpu() as a real syscall (not the vDSO)",
	  "get", false, 100000, NULL, call_getcpu, NULL, NULL },
	{ "sched_yield", "sched_yield", "sched_yield() with nothing else runnable",
	  "cpu", false, 100000, NULL, call_sched_yield, NULL, NULL },
	{ "clock_gettime", "clock_gettime:monotonic",
	  "clock_gettime(CLOCK_MONOTONIC) as a real syscall (the vDSO fallback)",
	  "clock", false, 100000, NULL, call_clock_gettime, NULL, NULL },
	{ "futex", "futex:wait-private",
	  "FUTEX_WAIT_PRIVATE with a timeout on a word that already changed: returns EAGAIN at once",
	  "futex", false, 100000, NULL, call_futex_wait, NULL, NULL },
	{ "futex", "futex:wake-private", "FUTEX_WAKE_PRIVATE with no waiter",
	  "futex", false, 100000, NULL, call_futex_wake, NULL, NULL },
	{ "futex", "futex:wait-wake-private",
	  "FUTEX_WAIT_PRIVATE (returns EAGAIN at once) and FUTEX_WAKE_PRIVATE (no waiter), alternately",
	  "futex", false, 100000, NULL, call_futex_wait_wake, NULL, NULL },
	{ "clock_nanosleep", "clock_nanosleep:abs-monotonic",
	  "periodic 200 us TIMER_ABSTIME sleep on CLOCK_MONOTONIC; latency = wake-up lateness",
	  "timer", true, 10000, setup_periodic, call_clock_nanosleep, NULL, NULL },
	{ "nanosleep", "nanosleep:1ms", "relative 1 ms sleep; latency = overshoot",
	  "nanosleep", true, 1000, NULL, call_nanosleep, NULL, NULL },
	{ "write", "write:pipe", "1-byte write into a non-full pipe",
	  "pipe", false, 100000, setup_pipe, call_write_pipe, drain_pipe, teardown_fds },
	{ "write", "write:eventfd", "write of 1 to a non-blocking eventfd",
	  "eventfd", false, 100000, setup_eventfd, call_write_eventfd, NULL, teardown_fds },
	{ "read", "read:eventfd", "read of a non-blocking eventfd whose counter is set",
	  "eventfd", false, 100000, setup_eventfd, call_read_eventfd, fill_eventfd,
	  teardown_fds },
	{ "read", "read:timerfd",
	  "periodic 200 us wait on a CLOCK_MONOTONIC timerfd; latency = wake-up lateness",
	  "timerfd", true, 10000, setup_timerfd, call_read_timerfd, NULL, teardown_fds },
	{ "sendto", "sendto:unix-dgram",
	  "1-byte datagram on a connected AF_UNIX socketpair with room",
	  "sockpair", false, 100000, setup_unix_dgram, call_sendto_unix, drain_unix,
	  teardown_fds },
	{ "fsync", "fsync:tmpfs", "fsync() of a just-written page of a tmpfs file",
	  "sync-file", false, 20000, setup_tmpfs, call_fsync, write_page, teardown_fds },
	{ "read", "read:pipe-wait",
	  "blocking pipe read answered 50 us later from a housekeeping CPU (sleeps every time)",
	  "pipe", false, 2000, setup_wait, call_read_wait, request, teardown_wait },
};

const struct profile *profile_at(unsigned int i)
{
	return i < sizeof(profiles) / sizeof(profiles[0]) ? &profiles[i] : NULL;
}

const struct profile *profile_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i].syscall, name))
			return &profiles[i];
	return NULL;
}
