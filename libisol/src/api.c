// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * api.c - isol_rt_enter(), isol_rt_leave(), isol_rt_status(): the steps
 * every RT thread needs, all done or none (each step is undone in reverse
 * order when a later one fails).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include "internal.h"

__thread struct isol_thread isol_self __attribute__((tls_model("initial-exec")));

static int save_sched(struct isol_thread *t)
{
	struct sched_param sp;

	t->saved_policy = sched_getscheduler(0);
	if (t->saved_policy < 0 || sched_getparam(0, &sp))
		return -errno;
	t->saved_priority = sp.sched_priority;
	return 0;
}

static void restore_sched(struct isol_thread *t)
{
	struct sched_param sp = { .sched_priority = t->saved_priority };

	if (t->sched_changed &&
	    sched_setscheduler(0, t->saved_policy, &sp))
		pr_warn("libisol: cannot restore policy %d: %s\n",
			t->saved_policy, strerror(errno));
	t->sched_changed = false;
}

static void restore_affinity(struct isol_thread *t)
{
	if (sched_setaffinity(0, sizeof(t->saved_mask), &t->saved_mask))
		pr_warn("libisol: cannot restore affinity: %s\n",
			strerror(errno));
}

/* Pick the CPU: the one named in the options, or a claim from isold. */
static int choose_cpu(const struct isol_backend_ops *ops,
		      struct isol_thread *t, const struct isol_params *p)
{
	cpu_set_t rt;
	int err;

	err = ops->rt_cpus(&rt);
	if (err)
		return err;
	if (p->cpu < 0)
		return isol_claim_cpu(t, &rt);
	if (!CPU_ISSET(p->cpu, &rt)) {
		pr_info("libisol: CPU %d is not an RT CPU\n", p->cpu);
		return -EINVAL;
	}
	t->cpu = p->cpu;
	return isol_partition_enter(t);
}

int isol_rt_enter(const struct isol_rt_opts *opts)
{
	struct isol_thread *t = &isol_self;
	const struct isol_backend_ops *ops;
	struct isol_params p;
	struct sched_param sp;
	struct sigaction old_notify;
	bool mlocked = false;
	int err;

	err = isol_params_from_opts(opts, &p);
	if (err)
		return err;
	if (t->active)
		return -EALREADY;
	ops = isol_ops(&err);
	if (!ops)
		return err;
	if (sched_getaffinity(0, sizeof(t->saved_mask), &t->saved_mask))
		return -errno;
	err = save_sched(t);
	if (err)
		return err;

	err = choose_cpu(ops, t, &p);
	if (err)
		return err;

	CPU_ZERO(&t->home);
	CPU_SET(t->cpu, &t->home);
	if (sched_setaffinity(0, sizeof(t->home), &t->home)) {
		err = -errno;
		goto err_release;
	}
	if (p.policy) {
		sp.sched_priority = p.priority;
		if (sched_setscheduler(0, p.policy, &sp)) {
			err = -errno;
			goto err_affinity;
		}
		t->sched_changed = true;
	}
	if (!(p.flags & ISOL_RT_F_NO_MLOCK)) {
		err = isol_mlock_begin(&mlocked);
		if (err)
			goto err_sched;
	}
	if (p.notify) {
		err = isol_notify_install(p.sig, p.notify, p.notify_arg,
					  &old_notify);
		if (err)
			goto err_mlock;
	}
	isol_prefault_stack(p.stack_prefault);

	t->backend = ops->kind;
	t->mode = p.mode;
	t->flags = p.flags;
	t->sig = p.sig;
	t->active = true;
	err = ops->opt_in(t, &p);
	if (err) {
		t->active = false;
		goto err_notify;
	}
	return 0;

err_notify:
	if (p.notify)
		isol_notify_restore(p.sig, &old_notify);
err_mlock:
	if (mlocked)
		isol_mlock_undo();
err_sched:
	restore_sched(t);
err_affinity:
	restore_affinity(t);
err_release:
	isol_partition_leave(t);
	isol_release_cpu(t);
	pr_debug("libisol: isol_rt_enter failed: %s\n", isol_strerror(err));
	return err;
}

int isol_rt_leave(void)
{
	struct isol_thread *t = &isol_self;
	const struct isol_backend_ops *ops;
	int err;

	if (!t->active)
		return -ENOENT;
	ops = t->backend == ISOL_BACKEND_KERNEL ? &isol_kernel_ops :
						  &isol_emul_ops;
	err = ops->opt_out(t);
	if (err)
		return err;
	t->active = false;
	restore_sched(t);
	isol_partition_leave(t);
	restore_affinity(t);
	isol_release_cpu(t);
	return 0;
}

int isol_rt_status(struct isol_rt_status *st)
{
	struct isol_thread *t = &isol_self;
	struct isol_rt_status s;
	int err = 0;

	if (!st || st->sz < offsetof(struct isol_rt_status, mode) +
			    sizeof(st->mode))
		return -EINVAL;
	memset(&s, 0, sizeof(s));
	s.cpu = -1;
	if (t->active) {
		s.mode = t->mode;
		s.cpu = t->cpu;
		s.backend = t->backend;
		s.flags = t->flags;
		err = (t->backend == ISOL_BACKEND_KERNEL ? &isol_kernel_ops :
			&isol_emul_ops)->counters(t, &s);
	}
	s.sz = st->sz;
	memcpy(st, &s, st->sz < sizeof(s) ? st->sz : sizeof(s));
	return err;
}
