// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-opts.c - every bad option gets its documented -errno and leaves the
 * thread exactly as it was (affinity, policy, SIGSYS disposition, memory
 * locking, isolation); a failure in the last step rolls everything back.
 */
#include <signal.h>
#include <stdint.h>

#include "isol-test.h"

struct snap {
	cpu_set_t aff;
	int policy, prio, mode;
	void *sigsys;
	long vmlck;
};

static long vmlck_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmLck:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

static void snap(struct snap *s)
{
	struct sched_param sp;
	struct sigaction sa;
	struct isol_rt_status st = { .sz = sizeof(st) };

	memset(s, 0, sizeof(*s));
	sched_getaffinity(0, sizeof(s->aff), &s->aff);
	s->policy = sched_getscheduler(0);
	sched_getparam(0, &sp);
	s->prio = sp.sched_priority;
	sigaction(SIGSYS, NULL, &sa);
	s->sigsys = (void *)sa.sa_handler;
	isol_rt_status(&st);
	s->mode = st.mode;
	s->vmlck = vmlck_kb();
}

static int same(const struct snap *a, const struct snap *b)
{
	return CPU_EQUAL(&a->aff, &b->aff) && a->policy == b->policy &&
	       a->prio == b->prio && a->sigsys == b->sigsys &&
	       a->mode == b->mode && a->vmlck == b->vmlck;
}

static void notify_fn(long nr, void *arg)
{
	(void)nr;
	(void)arg;
}

/* Try @o; expect @want and an unchanged thread. */
static void expect(const char *what, const struct isol_rt_opts *o, int want)
{
	struct snap a, b;
	int err, in = 0;

	snap(&a);
	err = isol_rt_enter(o);
	if (!err) {		/* a valid one: in, then out again */
		snap(&b);
		in = b.mode != ISOL_MODE_OFF;
		isol_rt_leave();
	}
	snap(&b);
	TAP_OK(err == want && same(&a, &b) && (err || in),
	       "%s: %d (%s), want %d, state %s", what, err,
	       isol_strerror(err), want,
	       same(&a, &b) ? (err ? "unchanged" : "restored") : "CHANGED");
}

#define BASE .cpu = t_rt_cpu, .flags = ISOL_RT_F_CPU | ISOL_RT_F_NO_MLOCK

int main(void)
{
	struct {
		struct isol_rt_opts o;
		unsigned char tail[32];
	} big;
	struct isol_rt_status st;
	struct snap a, b;
	int err, hk = -1, i;

	t_setup();
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &t_hk)) {
			hk = i;
			break;
		}

	expect("NULL opts", NULL, -EINVAL);
	{ struct isol_rt_opts o = { .sz = 0 }; expect("sz 0", &o, -EINVAL); }
	{ struct isol_rt_opts o = { .sz = 4 }; expect("sz 4", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .mode = 7); expect("unknown mode 7", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .mode = -1); expect("mode -1", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE); o.flags |= 1U << 31;
	  expect("unknown flag bit", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, .cpu = t_rt_cpu);
	  expect("cpu without ISOL_RT_F_CPU", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE); o.cpu = hk;
	  expect("HK CPU (not RT)", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE); o.cpu = -1; expect("cpu -1", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE); o.cpu = CPU_SETSIZE;
	  expect("cpu CPU_SETSIZE", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE); o.cpu = CPU_SETSIZE - 1;
	  expect("absent CPU", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .sched_policy = 42, .sched_priority = 1);
	  expect("unknown policy", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .sched_policy = SCHED_FIFO);
	  expect("FIFO priority 0", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .sched_policy = SCHED_FIFO, .sched_priority = 100);
	  expect("FIFO priority 100", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .sched_priority = 5);
	  expect("priority without policy", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .notify_signal = SIGUSR1);
	  expect("signal without NOTIFY", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .notify = notify_fn);
	  expect("notify fn without NOTIFY", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .notify_signal = SIGKILL);
	  o.flags |= ISOL_RT_F_NOTIFY; expect("NOTIFY SIGKILL", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .notify_signal = SIGSYS);
	  o.flags |= ISOL_RT_F_NOTIFY; expect("NOTIFY SIGSYS", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .notify_signal = 99);
	  o.flags |= ISOL_RT_F_NOTIFY; expect("NOTIFY signal 99", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .mode = ISOL_MODE_STRICT);
	  o.flags |= ISOL_RT_F_NOTIFY; expect("STRICT with NOTIFY", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, BASE, .stack_prefault = (size_t)1 << 31);
	  expect("2 GiB stack prefault", &o, -EINVAL); }
	{ ISOL_RT_OPTS(o, .flags = ISOL_RT_F_NO_MLOCK);
	  expect("claim without isold", &o, -ECONNREFUSED); }

	/* Size: newer application (longer struct). */
	memset(&big, 0, sizeof(big));
	big.o = (struct isol_rt_opts){ BASE };
	big.o.sz = sizeof(big);
	big.tail[5] = 1;
	expect("non-zero unknown tail bytes", &big.o, -E2BIG);
	big.tail[5] = 0;
	expect("zero tail bytes (newer app, no new field)", &big.o, 0);
	/* Older application: a structure that ends after flags. */
	{
		ISOL_RT_OPTS(o, BASE);
		o.sz = offsetof(struct isol_rt_opts, flags) + sizeof(o.flags);
		o.sched_policy = 42;	/* past sz: must be ignored */
		expect("older, shorter struct", &o, 0);
	}

	/* Already in RT mode: -EALREADY, still in with the same CPU. */
	err = t_enter(ISOL_MODE_DISPLACE, 0);
	TAP_OK(err == 0, "enter");
	snap(&a);
	{ ISOL_RT_OPTS(o, BASE); expect("second enter", &o, -EALREADY); }
	snap(&b);
	TAP_OK(same(&a, &b) && b.mode == ISOL_MODE_DISPLACE,
	       "still in RT mode after the refused second enter");
	isol_rt_leave();
	TAP_OK(isol_rt_leave() == -ENOENT, "leave when not in: -ENOENT");
	memset(&st, 0, sizeof(st));
	TAP_OK(isol_rt_status(&st) == -EINVAL, "status with sz 0: -EINVAL");
	TAP_OK(isol_rt_status(NULL) == -EINVAL, "status NULL: -EINVAL");

	/* A real RT policy and memory locking, undone by leave. */
	if (geteuid() == 0) {
		ISOL_RT_OPTS(o, .cpu = t_rt_cpu, .flags = ISOL_RT_F_CPU,
			     .sched_policy = SCHED_FIFO, .sched_priority = 10);

		snap(&a);
		err = isol_rt_enter(&o);
		TAP_OK(err == 0 && sched_getscheduler(0) == SCHED_FIFO,
		       "SCHED_FIFO 10 with mlockall: %s", isol_strerror(err));
		isol_rt_leave();
		snap(&b);
		TAP_OK(a.policy == b.policy && a.prio == b.prio &&
		       CPU_EQUAL(&a.aff, &b.aff),
		       "leave restores policy and affinity");
	} else {
		TAP_SKIP("SCHED_FIFO needs root");
		TAP_SKIP("SCHED_FIFO needs root");
	}

	/* Rollback: every CPU is RT, so the last step (opt-in) fails. */
	if (t_dir[0]) {
		char all[64];
		ISOL_RT_OPTS(o, BASE);

		if (geteuid() == 0) {
			o.sched_policy = SCHED_FIFO;
			o.sched_priority = 10;
		}
		snprintf(all, sizeof(all), "0-%d\n", CPU_SETSIZE - 1);
		t_fixture("sys/devices/system/cpu/rt_isolated", all);
		expect("no HK CPU left: rollback of pin/policy", &o, -ENODEV);
		snprintf(all, sizeof(all), "%d\n", t_rt_cpu);
		t_fixture("sys/devices/system/cpu/rt_isolated", all);
	} else {
		TAP_SKIP("rollback case needs the emulation fixture");
	}
	return tap_done();
}
