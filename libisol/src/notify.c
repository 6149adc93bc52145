// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * notify.c - the process-wide handler of the notification signal, which
 * decodes the syscall number (isol_notify_syscall()) and calls the
 * application's isol_notify_fn.  One handler per process: the last
 * isol_rt_enter() that names a notify function wins.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "internal.h"

static isol_notify_fn notify_fn;
static void *notify_arg;

static void on_notify(int sig, siginfo_t *si, void *uc)
{
	isol_notify_fn fn = __atomic_load_n(&notify_fn, __ATOMIC_ACQUIRE);
	long nr = isol_notify_syscall(si);

	(void)sig;
	(void)uc;
	if (fn && nr >= 0)
		fn(nr, __atomic_load_n(&notify_arg, __ATOMIC_ACQUIRE));
}

int isol_notify_install(int sig, isol_notify_fn fn, void *arg,
			struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_notify;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	__atomic_store_n(&notify_arg, arg, __ATOMIC_RELEASE);
	__atomic_store_n(&notify_fn, fn, __ATOMIC_RELEASE);
	if (sigaction(sig, &sa, old))
		return -errno;
	return 0;
}

void isol_notify_restore(int sig, const struct sigaction *old)
{
	sigaction(sig, old, NULL);
}
