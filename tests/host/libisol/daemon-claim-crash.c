// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * daemon-claim-crash.c (issue 12 item 9) - isold dies after journalling a
 * claim and before replying (ISOLD_DEBUG_CRASH=claim-journaled).  The
 * client, an unprivileged user allowed one CPU, sees a transport error;
 * the restarted daemon re-adopts the claim the client does not know it
 * has.  libisol must resolve that before its retry: the retry succeeds
 * (instead of EDQUOT), the thread holds exactly one claim, and
 * isol_rt_leave() releases it.
 */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <isol/isol.h>

#include "../daemon/harness.h"
#include "tap.h"

static struct fixture fx;

static int my_claims(void)
{
	union isold_msg rep;
	unsigned int i;
	int n = 0;

	if (fx_status(&fx, &rep))
		return -1;
	for (i = 0; i < rep.status_rep.count; i++)
		n += rep.status_rep.entries[i].tid == (int)gettid();
	return n;
}

static void client(int go, int res)
{
	ISOL_RT_OPTS(o, .flags = ISOL_RT_F_NO_MLOCK);
	int r[4], c;

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		_exit(1);
	setenv("ISOL_SYSFS", fx.sys, 1);
	setenv("ISOL_RUNDIR", fx.run, 1);
	setenv("ISOL_BACKEND", "emulation", 1);
	r[0] = isol_rt_enter(&o);
	if (!r[0])
		isol_rt_leave();
	if (write(res, r, sizeof(int)) != sizeof(int) ||
	    read(go, &c, sizeof(c)) != sizeof(c))
		_exit(1);
	r[1] = isol_rt_enter(&o);
	r[2] = my_claims();
	isol_rt_leave();
	r[3] = my_claims();
	if (write(res, &r[1], 3 * sizeof(int)) != 3 * sizeof(int))
		_exit(1);
	_exit(0);
}

int main(void)
{
	static const char *const crash[] = {
		"ISOLD_DEBUG_CRASH=claim-journaled", NULL };
	int go[2], res[2], r[4] = { 1, 1, -1, -1 };
	pid_t pid;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		printf("1..0 # SKIP needs CPUs 0 and 1\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, crash)) {
		printf("1..0 # SKIP cannot start isold on a fixture tree\n");
		fx_destroy(&fx);
		return 77;
	}
	if (pipe(go) || pipe(res))
		return 1;
	pid = fork();
	if (!pid)
		client(go[0], res[1]);
	if (read(res[0], &r[0], sizeof(int)) != sizeof(int))
		r[0] = 12345;
	TAP_OK(r[0] < 0, "the daemon died before replying: enter fails (%s)",
	       isol_strerror(r[0]));
	TAP_OK(fx_wait_exit(&fx, 5000) != -1, "the daemon died at the crash "
	       "point");
	TAP_OK(!fx_start(&fx, NULL), "the daemon is back");
	if (write(go[1], r, sizeof(int)) != sizeof(int) ||
	    read(res[0], &r[1], 3 * sizeof(int)) != 3 * sizeof(int))
		r[1] = 12345;
	TAP_OK(r[1] == 0, "the retry succeeds (%s)", isol_strerror(r[1]));
	TAP_OK(r[2] == 1, "the thread holds exactly one claim (%d)", r[2]);
	TAP_OK(r[3] == 0, "leave releases it (%d left)", r[3]);
	waitpid(pid, NULL, 0);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
