// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-threads.c - isolation is per thread: a thread that did not enter is
 * untouched, two RT threads count separately, and an RT thread can create
 * and join threads.
 */
#include <pthread.h>
#include <spawn.h>

#include "isol-test.h"

struct res {
	int err, body_bad, away, mode;
	unsigned long long delta;
};

static pthread_barrier_t bar;

/* An RT thread: enter, 50 displaced probes, report. */
static void *rt_thread(void *arg)
{
	struct res *r = arg;
	unsigned long long d0, ov;
	int i;

	r->err = t_enter(ISOL_MODE_DISPLACE, 0);
	pthread_barrier_wait(&bar);
	if (r->err)
		return NULL;
	ov = t_overhead();
	d0 = t_displacements();
	for (i = 0; i < 50; i++) {
		r->body_bad += !t_is_hk(t_body_cpu());
		r->away += sched_getcpu() != t_rt_cpu;
	}
	r->delta = t_displacements() - d0 - ov;
	pthread_barrier_wait(&bar);
	isol_rt_leave();
	return NULL;
}

/* A plain thread, created by an RT thread. */
static void *plain_thread(void *arg)
{
	struct res *r = arg;
	struct isol_rt_status st = { .sz = sizeof(st) };

	isol_rt_status(&st);
	r->mode = st.mode;
	r->body_bad = t_body_cpu() < 0;
	return NULL;
}

int main(void)
{
	struct res a = { 0 }, b = { 0 }, c = { 0 };
	struct isol_rt_status st = { .sz = sizeof(st) };
	pthread_t ta, tb, tc;
	int err, i, native = 0;

	t_setup();

	/* Two RT threads on the same RT CPU; main stays a normal thread. */
	pthread_barrier_init(&bar, NULL, 3);
	pthread_create(&ta, NULL, rt_thread, &a);
	pthread_create(&tb, NULL, rt_thread, &b);
	pthread_barrier_wait(&bar);
	for (i = 0; i < 50; i++)
		native += t_body_cpu() == sched_getcpu();
	pthread_barrier_wait(&bar);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	TAP_OK(!a.err && !b.err, "two threads entered (%d, %d)", a.err, b.err);
	TAP_OK(!a.body_bad && !b.body_bad && !a.away && !b.away,
	       "both displaced and brought back every time");
	TAP_OK(a.delta == 50 && b.delta == 50,
	       "per-thread counters: %llu and %llu", a.delta, b.delta);
	TAP_OK(native >= 45, "a thread that did not enter runs syscalls in "
	       "place (%d/50 on its own CPU)", native);
	isol_rt_status(&st);
	TAP_OK(st.mode == ISOL_MODE_OFF, "main thread never entered");

	/* An RT thread creates and joins a thread. */
	err = t_enter(ISOL_MODE_DISPLACE, 0);
	TAP_OK(err == 0, "main enters: %s", isol_strerror(err));
	err = pthread_create(&tc, NULL, plain_thread, &c);
	TAP_OK(err == 0, "pthread_create from an RT thread");
	TAP_OK(sched_getcpu() == t_rt_cpu, "creator back on the RT CPU");
	TAP_OK(!err && pthread_join(tc, NULL) == 0, "pthread_join");
	TAP_OK(!c.body_bad, "the new thread makes syscalls");
	TAP_OK(c.mode == ISOL_MODE_OFF, "the new thread has its own state "
	       "(library mode off)");
	TAP_OK(t_is_hk(t_body_cpu()), "creator still isolated");
	st.sz = sizeof(st);
	isol_rt_status(&st);
	TAP_OK(t_backend != ISOL_BACKEND_EMULATION || st.inplace >= 1,
	       "emulation: thread creation ran in place (%llu)", st.inplace);
	TAP_OK(isol_rt_leave() == 0, "leave");
	return tap_done();
}
