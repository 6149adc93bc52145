// SPDX-License-Identifier: LGPL-2.1-or-later
/* opts.c - validation of struct isol_rt_opts (nothing is changed here). */
#include <errno.h>
#include <sched.h>
#include <signal.h>

#include "internal.h"

/* Bytes past the structure this library knows must all be zero. */
static int check_tail(const struct isol_rt_opts *opts)
{
	const unsigned char *p = (const unsigned char *)opts;
	size_t i;

	for (i = sizeof(*opts); i < opts->sz; i++)
		if (p[i])
			return -E2BIG;
	return 0;
}

static int check_signal(int sig)
{
	if (sig < 0 || sig > SIGRTMAX || sig == SIGKILL || sig == SIGSTOP ||
	    sig == SIGSYS)
		return -EINVAL;
	return 0;
}

static int check_sched(int policy, int prio)
{
	int lo, hi;

	if (policy == 0)	/* SCHED_OTHER: keep the current policy */
		return prio ? -EINVAL : 0;
	if (policy != SCHED_FIFO && policy != SCHED_RR)
		return -EINVAL;
	lo = sched_get_priority_min(policy);
	hi = sched_get_priority_max(policy);
	if (lo < 0 || hi < 0 || prio < lo || prio > hi)
		return -EINVAL;
	return 0;
}

int isol_params_from_opts(const struct isol_rt_opts *opts,
			  struct isol_params *p)
{
	int err;

	if (!opts || opts->sz < offsetof(struct isol_rt_opts, cpu) +
				sizeof(opts->cpu))
		return -EINVAL;
	err = check_tail(opts);
	if (err)
		return err;

	p->flags = ISOL_OPTS_GET(opts, flags, 0U);
	if (p->flags & ~ISOL_RT_F_ALL)
		return -EINVAL;
	p->cpu = -1;
	if (p->flags & ISOL_RT_F_CPU) {
		if (opts->cpu < 0 || opts->cpu >= CPU_SETSIZE)
			return -EINVAL;
		p->cpu = opts->cpu;
	} else if (opts->cpu) {
		return -EINVAL;
	}

	p->mode = ISOL_OPTS_GET(opts, mode, 0);
	if (!p->mode)
		p->mode = ISOL_MODE_DISPLACE;
	if (p->mode != ISOL_MODE_DISPLACE && p->mode != ISOL_MODE_AUDIT &&
	    p->mode != ISOL_MODE_STRICT)
		return -EINVAL;

	p->policy = ISOL_OPTS_GET(opts, sched_policy, 0);
	p->priority = ISOL_OPTS_GET(opts, sched_priority, 0);
	err = check_sched(p->policy, p->priority);
	if (err)
		return err;

	p->sig = ISOL_OPTS_GET(opts, notify_signal, 0);
	p->notify = ISOL_OPTS_GET(opts, notify, (isol_notify_fn)0);
	p->notify_arg = ISOL_OPTS_GET(opts, notify_arg, (void *)0);
	if (!(p->flags & ISOL_RT_F_NOTIFY)) {
		if (p->sig || p->notify || p->notify_arg)
			return -EINVAL;
	} else if (p->mode == ISOL_MODE_STRICT) {
		return -EINVAL;	/* STRICT reports with SIGSYS (as the kernel) */
	} else {
		err = check_signal(p->sig);
		if (err)
			return err;
		if (!p->sig)
			p->sig = SIGXCPU;
	}

	p->stack_prefault = ISOL_OPTS_GET(opts, stack_prefault, (size_t)0);
	if (!p->stack_prefault)
		p->stack_prefault = ISOL_STACK_PREFAULT_DEFAULT;
	return isol_check_stack(p->stack_prefault);
}
