// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daemon-claim.c - isol_rt_enter() without a CPU claims one from a real
 * isold (on the daemon tests' fixture tree, tests/host/daemon/harness.c),
 * gets the emulation whitelist from it, and isol_rt_leave() releases the
 * claim.  Fixture: RT CPUs 1-3,5-7, HK 0,4; the first claim is CPU 1.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <isol/isol.h>

#include "../daemon/harness.h"
#include "tap.h"

static int wl_from_isold;

static int print(enum isol_print_level l, const char *fmt, va_list ap)
{
	(void)l;
	wl_from_isold |= strstr(fmt, "whitelist from isold") != NULL;
	printf("# ");
	return vprintf(fmt, ap);
}

int main(void)
{
	ISOL_RT_OPTS(o, .flags = ISOL_RT_F_NO_MLOCK);
	struct isol_rt_status st = { .sz = sizeof(st) };
	union isold_msg rep;
	struct fixture fx;
	unsigned int cpu = ~0U;
	int err;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("1..0 # SKIP needs CPUs 0 and 1\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("1..0 # SKIP cannot start isold on a fixture tree\n");
		fx_destroy(&fx);
		return 77;
	}
	setenv("ISOL_SYSFS", fx.sys, 1);
	setenv("ISOL_RUNDIR", fx.run, 1);
	setenv("ISOL_BACKEND", "emulation", 1);
	isol_set_print(print);
	/* No kernel whitelist file: the emulation must ask isold. */
	{
		char wl[400];

		snprintf(wl, sizeof(wl), "%s/kernel/rt_isolation/syscalls_x86_64",
			 fx.sys);
		unlink(wl);
	}

	err = isol_rt_enter(&o);
	TAP_OK(err == 0, "enter without a CPU: claimed from isold (%s)",
	       isol_strerror(err));
	if (err) {
		fx_dump_log(&fx);
		goto out;
	}
	isol_rt_status(&st);
	TAP_OK(st.cpu == 1 && sched_getcpu() == 1, "granted CPU %d, running "
	       "there", st.cpu);
	err = fx_status(&fx, &rep);
	TAP_OK(err >= 0 && rep.status_rep.total == 1 &&
	       rep.status_rep.entries[0].tid == (int)gettid(),
	       "isold records the claim for this thread (%d, %u, tid %d)",
	       err, rep.status_rep.total, rep.status_rep.entries[0].tid);
	syscall(SYS_getcpu, &cpu, NULL, NULL);
	if (isol_syscall_allowed(SYS_getcpu))
		TAP_OK(cpu == 1, "getcpu whitelisted by isold: ran on CPU %u",
		       cpu);
	else
		TAP_OK(cpu == 0, "getcpu displaced to HK CPU %u", cpu);
	st.sz = sizeof(st);
	isol_rt_status(&st);
	TAP_OK(st.displacements > 0, "displacements counted (%llu)",
	       st.displacements);
	TAP_OK(wl_from_isold && isol_syscall_allowed(SYS_clock_gettime) == 1,
	       "whitelist from isold (WHITELIST): clock_gettime allowed");
	{
		unsigned long abs_mono[6] = { 1, 1, 0, 0, 0, 0 };

		/* the fixture kernel has no rules files: isold's RULES says
		 * unsupported, and the shipped clock_nanosleep rule is not
		 * widened to the whole syscall */
		TAP_OK(isol_syscall_allowed(SYS_clock_nanosleep) == 0 &&
		       isol_syscall_allowed_args(SYS_clock_nanosleep,
						 abs_mono) == 0,
		       "a rule isold cannot put in force is not enforced "
		       "either (RULES unsupported)");
	}
	err = isol_rt_leave();
	TAP_OK(err == 0, "leave: %s", isol_strerror(err));
	err = fx_status(&fx, &rep);
	TAP_OK(err >= 0 && rep.status_rep.total == 0,
	       "leave released the claim (%u left)", rep.status_rep.total);
out:
	fx_stop(&fx, SIGTERM);
	fx_destroy(&fx);
	return tap_done();
}
