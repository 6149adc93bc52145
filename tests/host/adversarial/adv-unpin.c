// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: releasing a claim never moves a task that is not its
 * holder.  An unprivileged attacker's thread T claims a CPU; its main
 * thread sends RELEASE, then T exits and, in a private pid namespace,
 * root's RT application gets T's number (pinned to its own CPU).  The
 * daemon does not run meanwhile (stopped, as a busy or descheduled daemon
 * would be), so it finds the RELEASE before T's death.  The release must
 * not "unpin" T's number: the application's affinity stays.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;
static int t_go[2];		/* T waits on it before it exits */

struct claim_out {
	int status;
	pid_t tid;
	uint32_t id;
};

static void *holder_thread(void *arg)
{
	struct claim_out *o = arg;
	union isold_msg m = { 0 }, r;
	int fd = fx_connect(&fx), ret;
	char c;

	o->tid = gettid();
	m.claim.ncpus = 1;
	m.claim.tid = o->tid;
	m.claim.node = -1;
	ret = fd < 0 ? fd : fx_rpc(fd, &m, ISOLD_CLAIM, &r);
	o->status = ret < 0 ? ret : r.reply.status;
	o->id = r.claim_rep.claim_id;
	if (fd >= 0)
		close(fd);
	if (!o->status && read(t_go[0], &c, 1) < 0)
		o->status = -errno;
	return NULL;
}

int main(void)
{
	int cmd[2], res[2], r[3], aff_ok, tries;
	char path[64];
	unsigned long long before, after;
	pid_t a, v;
	cpu_set_t one;

	if (adv_pidns()) {
		printf("1..0 # SKIP no pid namespace (needs root)\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	if (pipe(cmd) || pipe(res))
		return 1;
	a = fork();
	if (!a) {
		struct claim_out o = { -9999, 0, 0 };
		union isold_msg m = { 0 }, rep;
		pthread_t th;
		int fd, ret;
		char c;

		if (adv_drop(ADV_NOBODY, ADV_NOGROUP) || pipe(t_go))
			_exit(1);
		fd = fx_connect(&fx);
		pthread_create(&th, NULL, holder_thread, &o);
		while (!o.tid || o.status == -9999)
			usleep(1000);
		r[0] = o.status;
		r[1] = (int)o.tid;
		r[2] = (int)o.id;
		if (write(res[1], r, sizeof(r)) != sizeof(r) || o.status ||
		    read(cmd[0], &c, 1) != 1)
			_exit(1);
		/* The daemon is not running now: RELEASE, then T exits. */
		m.release.claim_id = o.id;
		{
			char buf[ISOLD_MSG_MAX];
			ssize_t n = isold_msg_encode(&m, ISOLD_RELEASE, 9, buf,
						     sizeof(buf));

			ret = fx_send_raw(fd, buf, (size_t)n);
		}
		if (write(t_go[1], "x", 1) != 1)
			_exit(1);
		pthread_join(th, NULL);
		r[0] = ret;
		if (write(res[1], r, sizeof(int)) != sizeof(int) ||
		    read(cmd[0], &c, 1) != 1)
			_exit(1);
		ret = fx_recv(fd, &rep, 10000);
		r[0] = ret < 0 ? ret : rep.reply.status;
		r[1] = ret < 0 ? -1 : (int)rep.release_rep.released;
		if (write(res[1], r, 2 * sizeof(int)) != 2 * sizeof(int))
			_exit(1);
		_exit(0);
	}
	if (read(res[0], r, sizeof(r)) != sizeof(r) || r[0]) {
		printf("Bail out! the attacker's thread could not claim (%d)\n",
		       r[0]);
		return 1;
	}
	TAP_DIAG("attacker pid %d, thread %d holds claim %d", (int)a, r[1],
		 r[2]);

	adv_freeze(fx.daemon);
	if (write(cmd[1], "x", 1) != 1 ||
	    read(res[0], r, sizeof(int)) != sizeof(int) || r[0]) {
		printf("Bail out! the attacker could not send RELEASE (%d)\n",
		       r[0]);
		return 1;
	}
	/* T has exited: root's application takes its number, on CPU 1. */
	snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)a, r[1]);
	while (!access(path, F_OK))
		usleep(1000);
	for (tries = 0; tries < 100; tries++) {
		v = adv_fork_as_pid(r[1]);
		if (!v) {
			CPU_ZERO(&one);
			CPU_SET(1, &one);
			sched_setaffinity(0, sizeof(one), &one);
			for (;;)
				pause();
		}
		if (v == r[1] || v < 0)
			break;
		fx_kill(v);	/* the number is not free yet */
		usleep(1000);
	}
	if (v != r[1]) {
		fx_kill(v);
		printf("Bail out! thread number %d was not reused (got %d)\n",
		       r[1], (int)v);
		return 1;
	}
	while (adv_affinity(v) != 0x2ULL)
		usleep(1000);
	before = adv_affinity(v);
	adv_thaw(fx.daemon);
	if (write(cmd[1], "x", 1) != 1 ||
	    read(res[0], r, 2 * sizeof(int)) != 2 * sizeof(int))
		r[0] = -9999;
	waitpid(a, NULL, 0);
	after = adv_affinity(v);
	aff_ok = after == before;
	TAP_OK(aff_ok, "root's application (pid %d, the holder's old thread "
	       "number) keeps its affinity (%#llx, before %#llx)", (int)v,
	       after, before);
	TAP_OK(r[0] == 0 || r[0] == -ENOENT, "the attacker's RELEASE got an "
	       "answer (%d, released %d)", r[0], r[1]);
	{
		union isold_msg s;

		TAP_OK(!fx_status(&fx, &s) && s.status_rep.total == 0,
		       "the claim is gone (%u left)", s.status_rep.total);
	}
	fx_kill(v);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
