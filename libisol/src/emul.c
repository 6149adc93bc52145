// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emul.c - the emulation backend on a stock kernel: RT/HK CPU sets,
 * whitelist, SIGSYS handler installation and per-thread Syscall User
 * Dispatch on/off.  The handler itself is in emul_sigsys.c.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "emul.h"
#include "fileio.h"
#include "rtiso_uapi.h"
#include "syscalls.h"

struct emul_global isol_emul;
static pthread_mutex_t emul_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * RT CPUs on a stock kernel: $ISOL_RT_CPUS (a cpulist, for machines booted
 * without isolcpus: demos, tests, measurements), else the kernel's
 * rt_isolated list (emulation forced on a patched kernel), else isolcpus=,
 * else nohz_full=.
 */
static int emul_rt_cpus(cpu_set_t *set)
{
	const char *env = secure_getenv("ISOL_RT_CPUS");

	static const char *const lists[] = {
		RTISO_SYSFS_RT_CPUS,
		"devices/system/cpu/isolated",
		"devices/system/cpu/nohz_full",
	};
	size_t i;

	if (env && *env)
		return cpulist_parse(env, set);
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!sysfs_read_cpulist(lists[i], set, NULL) && CPU_COUNT(set))
			return 0;
	CPU_ZERO(set);
	return 0;
}

/* Housekeeping = online CPUs that are not RT CPUs (nor @cpu). */
static int emul_hk_cpus(int cpu, cpu_set_t *hk)
{
	cpu_set_t rt;
	int err, i;

	err = isol_online_cpus(hk);
	if (err)
		return err;
	emul_rt_cpus(&rt);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &rt))
			CPU_CLR(i, hk);
	CPU_CLR(cpu, hk);
	return CPU_COUNT(hk) ? 0 : -ENODEV;
}

/*
 * A forced SIGSYS that finds SIGSYS blocked kills the process, so no
 * handler may block it while it runs: drop SIGSYS from every sa_mask.
 */
static void unmask_sigsys_everywhere(void)
{
	struct sigaction sa;
	sigset_t set;
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGSYS || sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sigaction(sig, NULL, &sa) ||
		    sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN ||
		    !sigismember(&sa.sa_mask, SIGSYS))
			continue;
		sigdelset(&sa.sa_mask, SIGSYS);
		sigaction(sig, &sa, NULL);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGSYS);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

static int install_handler(void)
{
	struct sigaction sa;

	if (isol_emul.installed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = isol_emul_sigsys;
	/* NODEFER: a syscall in a nested handler may trap again. */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, &isol_emul.old_sigsys))
		return -errno;
	isol_emul.installed = true;
	return 0;
}

static void put_active(void)
{
	pthread_mutex_lock(&emul_lock);
	if (!--isol_emul.nactive && isol_emul.installed) {
		sigaction(SIGSYS, &isol_emul.old_sigsys, NULL);
		isol_emul.installed = false;
	}
	pthread_mutex_unlock(&emul_lock);
}

long isol_emul_arm(struct isol_thread *t)
{
	return emul_sys(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH,
			PR_SYS_DISPATCH_ON,
			(unsigned long)__start_isol_emul_text,
			(unsigned long)(__stop_isol_emul_text -
					__start_isol_emul_text),
			&t->selector, 0);
}

static int emul_opt_in(struct isol_thread *t, const struct isol_params *p)
{
	cpu_set_t hk;
	long ret;
	int err;

	err = emul_hk_cpus(t->cpu, &hk);
	if (err)
		return err;

	pthread_mutex_lock(&emul_lock);
	if (!isol_emul.nactive) {
		isol_emul.wl_nbits = syscall_nr_max(SYSCALL_ABI_X86_64);
		if (isol_emul.wl_nbits > EMUL_WL_BITS)
			isol_emul.wl_nbits = EMUL_WL_BITS;
		err = isol_whitelist_load(isol_emul.wl, isol_emul.wl_nbits,
					  &isol_emul.rules);
		if (!err)
			err = install_handler();
		if (!err)
			unmask_sigsys_everywhere();
	}
	if (!err) {
		isol_emul.hk = hk;
		isol_emul.nactive++;
	}
	pthread_mutex_unlock(&emul_lock);
	if (err)
		return err;

	t->mode = p->mode;
	t->tid = (int)gettid();
	t->pid = (int)getpid();
	t->displacements = t->audit_hits = t->inplace = t->whitelisted = 0;
	isol_emul_rs.depth = 0;
	t->selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	ret = isol_emul_arm(t);
	if (ret < 0) {
		put_active();
		return (int)ret;
	}
	/* From here on every syscall of this thread traps. */
	t->selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	return 0;
}

static int emul_opt_out(struct isol_thread *t)
{
	long ret;

	t->selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	ret = emul_sys(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH,
		       PR_SYS_DISPATCH_OFF, 0, 0, 0, 0);
	if (ret < 0) {
		t->selector = SYSCALL_DISPATCH_FILTER_BLOCK;
		return (int)ret;
	}
	put_active();
	return 0;
}

/* What the emulation enforces: the loaded sets while a thread is in
 * emulation, else what it would load now.  @rules may be NULL. */
static int emul_snapshot(unsigned long *bits, unsigned int *nbits,
			 struct ruleset *rules)
{
	struct ruleset *tmp = NULL;
	int err = 0;

	if (!rules) {
		tmp = malloc(sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
	}
	pthread_mutex_lock(&emul_lock);
	if (isol_emul.nactive) {
		*nbits = isol_emul.wl_nbits;
		memcpy(bits, isol_emul.wl, sizeof(isol_emul.wl));
		if (rules)
			memcpy(rules, &isol_emul.rules, sizeof(*rules));
	} else {
		*nbits = syscall_nr_max(SYSCALL_ABI_X86_64);
		if (*nbits > EMUL_WL_BITS)
			*nbits = EMUL_WL_BITS;
		err = isol_whitelist_load(bits, *nbits, rules ? rules : tmp);
	}
	pthread_mutex_unlock(&emul_lock);
	free(tmp);
	return err;
}

static int emul_syscall_allowed(long nr)
{
	unsigned long bits[BITLIST_LONGS(EMUL_WL_BITS)];
	unsigned int nbits;
	int err = emul_snapshot(bits, &nbits, NULL);

	if (err)
		return err;
	return nr < (long)nbits && bitlist_test(bits, (unsigned int)nr);
}

static int emul_call_allowed(long nr, const unsigned long args[6])
{
	unsigned long bits[BITLIST_LONGS(EMUL_WL_BITS)];
	struct ruleset *rules = malloc(sizeof(*rules));
	unsigned int nbits;
	int err;

	if (!rules)
		return -ENOMEM;
	err = emul_snapshot(bits, &nbits, rules);
	if (!err)
		err = (nr < (long)nbits && bitlist_test(bits, (unsigned int)nr)) ||
		      ruleset_match(rules, nr, args, rule_sys_libc) >= 0;
	free(rules);
	return err;
}

static int emul_counters(struct isol_thread *t, struct isol_rt_status *st)
{
	st->displacements = t->displacements;
	st->audit_hits = t->audit_hits;
	st->inplace = t->inplace;
	st->whitelisted = t->whitelisted;
	return 0;
}

const struct isol_backend_ops isol_emul_ops = {
	.name = "emulation",
	.kind = ISOL_BACKEND_EMULATION,
	.rt_cpus = emul_rt_cpus,
	.opt_in = emul_opt_in,
	.opt_out = emul_opt_out,
	.syscall_allowed = emul_syscall_allowed,
	.call_allowed = emul_call_allowed,
	.counters = emul_counters,
};
