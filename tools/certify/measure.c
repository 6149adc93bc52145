// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * measure.c - the measuring thread: pinned to the RT CPU, SCHED_FIFO when
 * allowed, memory locked; runs one profile's call N times and records every
 * latency.  The thread's voluntary context switches (getrusage
 * RUSAGE_THREAD, read outside the timed loop) tell whether the call slept,
 * even without tracefs.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "certify.h"
#include "rtiso_uapi.h"

struct mthread {
	const struct profile *pr;
	int cpu, helper_cpu;
	unsigned long samples;
	enum measure_mode mode;
	struct stats *st;
	const struct measure_hooks *h;
	sem_t ready, go;
	int err;
	char errmsg[160];
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t pct(const struct stats *st, double q)
{
	unsigned long i = (unsigned long)(q * (double)st->n + 0.999999);

	if (i < 1)
		i = 1;
	if (i > st->n)
		i = st->n;
	return st->v[i - 1];
}

/*
 * Test hook: ISOL_CERTIFY_DEBUG_SLOW_START=MS makes the measuring thread
 * sleep MS milliseconds (in ten naps) between saying it is ready and
 * waiting for the go, as a thread preempted there on a loaded host does:
 * the watch of the RT CPU is running meanwhile (tests/host/tools/vm-tools.sh).
 */
static void debug_slow_start(void)
{
	const char *s = getenv("ISOL_CERTIFY_DEBUG_SLOW_START");
	long ms = s ? strtol(s, NULL, 10) : 0;
	int i;

	for (i = 0; ms > 0 && ms <= 10000 && i < 10; i++)
		usleep((useconds_t)ms * 100);
}

static void *run(void *arg)
{
	struct mthread *m = arg;
	struct prof_ctx ctx = { .helper_cpu = m->helper_cpu };
	struct sched_param sp = { .sched_priority = 80 };
	struct rusage r0, r1;
	unsigned long i, warm;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(m->cpu, &set);
	m->st->tid = gettid();
	if (sched_setaffinity(0, sizeof(set), &set)) {
		m->err = -errno;
		snprintf(m->errmsg, sizeof(m->errmsg), "cannot pin to CPU %d: %s",
			 m->cpu, strerror(errno));
		goto fail;
	}
	m->st->fifo = !pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (m->pr->setup && (m->err = m->pr->setup(&ctx))) {
		snprintf(m->errmsg, sizeof(m->errmsg), "profile %s setup: %s",
			 m->pr->name, strerror(-m->err));
		goto fail;
	}
	if (m->mode == MEASURE_DISPLACED &&
	    prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, PR_RT_ISOLATION_DISPLACE,
		  0, 0)) {
		m->err = -errno;
		snprintf(m->errmsg, sizeof(m->errmsg),
			 "prctl(PR_RT_ISOLATION, DISPLACE): %s", strerror(errno));
		if (m->pr->teardown)
			m->pr->teardown(&ctx);
		goto fail;
	}
	sem_post(&m->ready);
	debug_slow_start();
	sem_wait(&m->go);
	if (m->h && m->h->begin)
		m->h->begin(m->h->arg);

	warm = m->samples / 10 < 1000 ? m->samples / 10 : 1000;
	for (i = 0; i < warm; i++) {
		if (m->pr->between)
			m->pr->between(&ctx);
		m->pr->call(&ctx);
	}
	if (m->pr->sleeps && m->pr->setup)
		m->pr->setup(&ctx);	/* re-arm the period after warm-up */
	getrusage(RUSAGE_THREAD, &r0);
	for (i = 0; i < m->samples; i++) {
		if (m->pr->between)
			m->pr->between(&ctx);
		m->st->v[i] = m->pr->call(&ctx);
	}
	getrusage(RUSAGE_THREAD, &r1);
	/* stop watching here, before this thread blocks or exits */
	if (m->h && m->h->stop)
		m->h->stop(m->h->arg);
	if (m->mode == MEASURE_DISPLACED)
		prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, PR_RT_ISOLATION_OFF, 0, 0);
	if (m->pr->teardown)
		m->pr->teardown(&ctx);
	m->st->nvcsw = r1.ru_nvcsw - r0.ru_nvcsw;
	m->st->nivcsw = r1.ru_nivcsw - r0.ru_nivcsw;
	return NULL;
fail:
	sem_post(&m->ready);
	return NULL;
}

int measure(const struct profile *pr, int cpu, int helper_cpu,
	    unsigned long samples, enum measure_mode mode,
	    const struct measure_hooks *h, struct stats *st)
{
	struct mthread m = { .pr = pr, .cpu = cpu, .helper_cpu = helper_cpu,
			     .samples = samples, .mode = mode, .st = st,
			     .h = h };
	pthread_t th;
	double sum = 0;
	unsigned long i;
	int err;

	memset(st, 0, sizeof(*st));
	st->v = calloc(samples, sizeof(*st->v));
	if (!st->v)
		return -ENOMEM;
	sem_init(&m.ready, 0, 0);
	sem_init(&m.go, 0, 0);
	err = pthread_create(&th, NULL, run, &m);
	if (err) {
		free(st->v);
		st->v = NULL;
		return -err;
	}
	sem_wait(&m.ready);
	if (!m.err && h && h->start)
		h->start(h->arg, st->tid);
	sem_post(&m.go);
	pthread_join(th, NULL);
	sem_destroy(&m.ready);
	sem_destroy(&m.go);
	if (m.err) {
		fprintf(stderr, "isol-certify: %s\n", m.errmsg);
		stats_free(st);
		return m.err;
	}
	st->n = samples;
	qsort(st->v, samples, sizeof(*st->v), cmp_u64);
	for (i = 0; i < samples; i++)
		sum += (double)st->v[i];
	st->avg = sum / (double)samples;
	st->min = st->v[0];
	st->max = st->v[samples - 1];
	st->p50 = pct(st, 0.50);
	st->p99 = pct(st, 0.99);
	st->p999 = pct(st, 0.999);
	st->p9999 = pct(st, 0.9999);
	return 0;
}

void stats_free(struct stats *st)
{
	free(st->v);
	st->v = NULL;
}
