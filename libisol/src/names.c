// SPDX-License-Identifier: LGPL-2.1-or-later
/* names.c - public wrappers of the generated syscall table, notify decoding. */
#include <errno.h>
#include <signal.h>

#include "internal.h"
#include "rtiso_uapi.h"
#include "syscalls.h"

#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH	2
#endif

const char *isol_syscall_name(long nr)
{
	if (nr < 0 || nr >= (long)syscall_nr_max(SYSCALL_ABI_X86_64))
		return NULL;
	return syscall_name(SYSCALL_ABI_X86_64, (int)nr);
}

long isol_syscall_nr(const char *name)
{
	if (!name)
		return -EINVAL;
	return syscall_lookup(SYSCALL_ABI_X86_64, name);
}

long isol_notify_syscall(const siginfo_t *si)
{
	if (!si)
		return -EINVAL;
	/*
	 * F_NOTIFY, both backends. Not SI_QUEUE: any process allowed to
	 * signal us could queue that.
	 */
	if (si->si_code == SI_RT_ISOLATION)
		return si->si_syscall;
	if (si->si_signo == SIGSYS && (si->si_code == SYS_RT_ISOLATION ||
				       si->si_code == SYS_USER_DISPATCH))
		return si->si_syscall;
	return -EINVAL;
}
