// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend.c - choose the backend once per process: the kernel's
 * PR_RT_ISOLATION when the prctl GET works (EINVAL means no kernel
 * support), else Syscall User Dispatch emulation.  ISOL_BACKEND=kernel or
 * ISOL_BACKEND=emulation in the environment forces one (-ENOSYS when the
 * kernel cannot provide it).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "internal.h"
#include "rtiso_uapi.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH	59
#define PR_SYS_DISPATCH_OFF		0
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const struct isol_backend_ops *active;
static int active_err;

bool isol_kernel_supported(void)
{
	return prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_GET, 0, 0, 0) >= 0;
}

/*
 * Switching dispatch off is the only side-effect-free probe; it runs
 * before any thread of this process can have opted in.
 */
bool isol_emul_supported(void)
{
	return prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF,
		     0, 0, 0) == 0;
}

static void detect(void)
{
	const char *want = secure_getenv("ISOL_BACKEND");

	active_err = -ENOSYS;
	if (want && *want && strcmp(want, "kernel") &&
	    strcmp(want, "emulation")) {
		pr_warn("libisol: ISOL_BACKEND=%s is neither kernel nor emulation\n",
			want);
		active_err = -EINVAL;
		return;
	}
	if ((!want || !*want || !strcmp(want, "kernel")) &&
	    isol_kernel_supported()) {
		active = &isol_kernel_ops;
		return;
	}
	if ((!want || !*want || !strcmp(want, "emulation")) &&
	    isol_emul_supported()) {
		active = &isol_emul_ops;
		return;
	}
	pr_info("libisol: no backend (ISOL_BACKEND=%s)\n", want ? want : "");
}

const struct isol_backend_ops *isol_ops(int *err)
{
	pthread_once(&once, detect);
	if (!active && err)
		*err = active_err;
	return active;
}

int isol_backend(void)
{
	int err = -ENOSYS;
	const struct isol_backend_ops *ops = isol_ops(&err);

	return ops ? ops->kind : err;
}

int isol_rt_cpus(cpu_set_t *set)
{
	int err = -ENOSYS;
	const struct isol_backend_ops *ops = isol_ops(&err);

	if (!set)
		return -EINVAL;
	if (!ops)
		return err;
	return ops->rt_cpus(set);
}

int isol_syscall_allowed_args(long nr, const unsigned long args[6])
{
	int err = -ENOSYS;
	const struct isol_backend_ops *ops = isol_ops(&err);

	if (nr < 0 || !args)
		return -EINVAL;
	if (!ops)
		return err;
	return ops->call_allowed(nr, args);
}

int isol_syscall_allowed(long nr)
{
	int err = -ENOSYS;
	const struct isol_backend_ops *ops = isol_ops(&err);

	if (nr < 0)
		return -EINVAL;
	if (!ops)
		return err;
	return ops->syscall_allowed(nr);
}
