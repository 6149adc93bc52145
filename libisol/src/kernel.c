// SPDX-License-Identifier: LGPL-2.1-or-later
/* kernel.c - the kernel backend: prctl(PR_RT_ISOLATION) and its sysfs. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "internal.h"
#include "bitlist.h"
#include "fileio.h"
#include "paths.h"
#include "rtiso_uapi.h"
#include "rules.h"
#include "syscalls.h"

static int kernel_rt_cpus(cpu_set_t *set)
{
	return sysfs_read_cpulist(RTISO_SYSFS_RT_CPUS, set, NULL);
}

static int kernel_opt_in(struct isol_thread *t, const struct isol_params *p)
{
	unsigned long flags = 0, sig = 0;

	if (p->flags & ISOL_RT_F_NOTIFY) {
		flags = PR_RT_ISOLATION_F_NOTIFY;
		sig = (unsigned long)p->sig;
	}
	if (prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, (unsigned long)p->mode,
		  flags, sig))
		return -errno;
	t->mode = p->mode;
	return 0;
}

static int kernel_opt_out(struct isol_thread *t)
{
	(void)t;
	if (prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, PR_RT_ISOLATION_OFF,
		  0, 0))
		return -errno;
	return 0;
}

/* The kernel's whitelist file is the truth. */
static int kernel_syscall_allowed(long nr)
{
	unsigned long bits[BITLIST_LONGS(BITLIST_MAX_BITS)];
	unsigned int max = syscall_nr_max(SYSCALL_ABI_X86_64);
	int err;

	if (nr >= (long)max)
		return 0;
	err = isol_whitelist_from_kernel(bits, max);
	if (err)
		return err;
	return bitlist_test(bits, (unsigned int)nr);
}

/* The kernel's files again: its numbers, then its rules (none when the
 * kernel has no rules file), judged by the common evaluator. */
static int kernel_call_allowed(long nr, const unsigned long args[6])
{
	unsigned long bits[BITLIST_LONGS(BITLIST_MAX_BITS)];
	unsigned int max = syscall_nr_max(SYSCALL_ABI_X86_64);
	struct ruleset *rules;
	int err;

	if (nr >= (long)max)
		return 0;
	err = isol_whitelist_from_kernel(bits, max);
	if (err)
		return err;
	if (bitlist_test(bits, (unsigned int)nr))
		return 1;
	rules = malloc(sizeof(*rules));
	if (!rules)
		return -ENOMEM;
	err = isol_rules_from_kernel(rules);
	if (!err)
		err = ruleset_match(rules, nr, args, rule_sys_libc) >= 0;
	free(rules);
	return err;
}

/* RtIsolation_displacements of /proc/self/task/<tid>/status. */
static int kernel_counters(struct isol_thread *t, struct isol_rt_status *st)
{
	static const char key[] = "RtIsolation_displacements:";
	char rel[64], path[PATH_MAX], buf[4096];
	const char *s;
	ssize_t n;
	int err;

	snprintf(rel, sizeof(rel), "self/task/%d/status", (int)gettid());
	err = isol_path(ISOL_ROOT_PROCFS, rel, path, sizeof(path));
	if (err)
		return err;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	s = strstr(buf, key);
	if (!s)
		return -ENOENT;
	st->displacements = strtoull(s + sizeof(key) - 1, NULL, 10);
	if (t->mode == ISOL_MODE_AUDIT)
		st->audit_hits = st->displacements;
	return 0;
}

const struct isol_backend_ops isol_kernel_ops = {
	.name = "kernel",
	.kind = ISOL_BACKEND_KERNEL,
	.rt_cpus = kernel_rt_cpus,
	.opt_in = kernel_opt_in,
	.opt_out = kernel_opt_out,
	.syscall_allowed = kernel_syscall_allowed,
	.call_allowed = kernel_call_allowed,
	.counters = kernel_counters,
};
