// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daemon-claim-runtime.c (issue 14) - libisol claims an RT CPU reserved at
 * runtime exactly as a boot one: on the daemon tests' fixture tree with a
 * fake cgroup v2 root, no boot RT CPU, CPU 1 reserved through isold
 * (RESERVE); isol_rt_enter() without a CPU gets CPU 1 from isold, which
 * puts the thread in the partition (the fixture's rtisol/rt/cgroup.threads)
 * and pins it; the thread runs there and is displaced for a non-whitelisted
 * call; isol_rt_leave() releases the claim and isold takes the thread out
 * and the process back.  Then a CPU named in the options (no claim): the
 * library enters the partition itself and leaves it again.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <isol/isol.h>

#include "../daemon/harness.h"
#include "tap.h"

static struct fixture fx;

static bool has_line(const char *rel, long id)
{
	char buf[4096], want[32], *l, *save;

	if (fx_read(&fx, rel, buf, sizeof(buf)))
		return false;
	snprintf(want, sizeof(want), "%ld", id);
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (!strcmp(l, want))
			return true;
	return false;
}

static int print(enum isol_print_level l, const char *fmt, va_list ap)
{
	(void)l;
	printf("# ");
	return vprintf(fmt, ap);
}

int main(void)
{
	ISOL_RT_OPTS(o, .flags = ISOL_RT_F_NO_MLOCK);
	ISOL_RT_OPTS(named, .cpu = 1, .flags = ISOL_RT_F_CPU | ISOL_RT_F_NO_MLOCK);
	struct isol_rt_status st = { .sz = sizeof(st) };
	union isold_msg rep;
	unsigned int cpu = ~0U;
	int err;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("1..0 # SKIP needs CPUs 0 and 1\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_cgroup(&fx) ||
	    fx_write(&fx, "sys/devices/system/cpu/rt_isolated", "\n") ||
	    fx_write(&fx, "sys/devices/system/cpu/isolated", "\n") ||
	    fx_write(&fx, "sys/devices/system/cpu/nohz_full", "\n") ||
	    fx_start(&fx, NULL)) {
		printf("1..0 # SKIP cannot start isold on a fixture tree\n");
		fx_destroy(&fx);
		return 77;
	}
	setenv("ISOL_SYSFS", fx.sys, 1);
	setenv("ISOL_PROCFS", fx.proc, 1);
	setenv("ISOL_RUNDIR", fx.run, 1);
	setenv("ISOL_BACKEND", "emulation", 1);
	isol_set_print(print);

	err = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "1", &rep);
	TAP_OK(!err, "CPU 1 reserved at runtime (%d %s)", err,
	       rep.reserve_rep.reason);

	err = isol_rt_enter(&o);
	TAP_OK(!err, "enter without a CPU: claimed from isold (%s)",
	       isol_strerror(err));
	if (err) {
		fx_dump_log(&fx);
		goto out;
	}
	isol_rt_status(&st);
	TAP_OK(st.cpu == 1 && sched_getcpu() == 1,
	       "granted runtime RT CPU %d, running there", st.cpu);
	TAP_OK(has_line("sys/fs/cgroup/rtisol/cgroup.procs", getpid()) &&
	       has_line("sys/fs/cgroup/rtisol/rt/cgroup.threads", gettid()),
	       "isold put the process in rtisol/, the thread in rtisol/rt/");
	syscall(SYS_getppid);
	syscall(SYS_getcpu, &cpu, NULL, NULL);
	st.sz = sizeof(st);
	isol_rt_status(&st);
	TAP_OK(st.displacements > 0 && sched_getcpu() == 1,
	       "displaced for its calls (%llu), back on CPU 1",
	       st.displacements);
	err = isol_rt_leave();
	TAP_OK(!err, "leave: %s", isol_strerror(err));
	fx_status(&fx, &rep);
	TAP_OK(rep.status_rep.total == 0 &&
	       has_line("sys/fs/cgroup/rtisol/cgroup.threads", gettid()) &&
	       has_line("sys/fs/cgroup/cgroup.procs", getpid()),
	       "claim released: the thread out of rtisol/rt/, the process "
	       "back in its cgroup");

	err = isol_rt_enter(&named);
	TAP_OK(!err && has_line("sys/fs/cgroup/rtisol/rt/cgroup.threads",
				gettid()),
	       "runtime RT CPU named in the options: the library enters "
	       "the partition itself (%s)", isol_strerror(err));
	err = isol_rt_leave();
	TAP_OK(!err && has_line("sys/fs/cgroup/rtisol/cgroup.threads",
				gettid()),
	       "... and leaves it (%s)", isol_strerror(err));
	err = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "1", &rep);
	TAP_OK(!err, "CPU 1 released (%d %s)", err, rep.reserve_rep.reason);
out:
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
