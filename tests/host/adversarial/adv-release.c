// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 1): a request acts with the identity of the
 * process that sends it, checked when it is served, not with the pid that
 * connected.  An unprivileged attacker connects, forks, and its parent
 * exits; root's RT application then gets the parent's pid (forced in a
 * pid namespace) and claims a CPU.  The attacker's child, on the old
 * connection, must not be able to RELEASE that claim (by 0 or by its id)
 * nor to CLAIM on the application's behalf, and the application's
 * affinity must not move.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

enum { CMD_EXIT, CMD_RELEASE, CMD_CLAIM };

/* The attacker's child: serves commands on the inherited connection. */
static void attacker_child(int fd, int cmd, int res)
{
	int c[2], r[2];

	r[0] = 1;
	if (write(res, r, sizeof(int)) != sizeof(int))	/* ready */
		_exit(1);
	while (read(cmd, c, sizeof(c)) == sizeof(c)) {
		union isold_msg m = { 0 }, rep;
		int ret;

		if (c[0] == CMD_EXIT)
			_exit(0);
		if (c[0] == CMD_RELEASE) {
			m.release.claim_id = (uint32_t)c[1];
			ret = fx_rpc(fd, &m, ISOLD_RELEASE, &rep);
			r[0] = ret < 0 ? ret : rep.reply.status;
			r[1] = (int)rep.release_rep.released;
		} else {
			m.claim.ncpus = 1;
			m.claim.node = -1;
			ret = fx_rpc(fd, &m, ISOLD_CLAIM, &rep);
			r[0] = ret < 0 ? ret : rep.reply.status;
			r[1] = (int)rep.claim_rep.claim_id;
		}
		if (write(res, r, sizeof(r)) != sizeof(r))
			_exit(1);
	}
	_exit(0);
}

static void ask(int cmd, int res, int what, int arg, int *r)
{
	int c[2] = { what, arg };

	r[0] = r[1] = -9999;
	if (write(cmd, c, sizeof(c)) != sizeof(c) ||
	    read(res, r, 2 * sizeof(int)) != 2 * sizeof(int))
		r[0] = -9999;
}

static const struct isold_claim_ent *find(const union isold_msg *s, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < s->status_rep.count; i++)
		if (s->status_rep.entries[i].pid == pid)
			return &s->status_rep.entries[i];
	return NULL;
}

int main(void)
{
	int cmd[2], res[2], vp[2], r[2], ready;
	const struct isold_claim_ent *e;
	unsigned long long aff;
	union isold_msg s;
	pid_t a, v;
	uint32_t vid = 0;

	if (adv_pidns()) {
		printf("1..0 # SKIP no pid namespace (needs root)\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	if (pipe(cmd) || pipe(res) || pipe(vp))
		return 1;

	/* The attacker: connect, fork, exit. */
	a = fork();
	if (!a) {
		int fd;

		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(1);
		fd = fx_connect(&fx);
		if (fd < 0)
			_exit(1);
		if (!fork())
			attacker_child(fd, cmd[0], res[1]);
		_exit(0);
	}
	waitpid(a, NULL, 0);
	if (read(res[0], &ready, sizeof(ready)) != sizeof(ready)) {
		printf("Bail out! attacker did not start\n");
		return 1;
	}

	/* Root's application gets the attacker's old pid and claims. */
	v = adv_fork_as_pid(a);
	if (!v) {
		uint64_t cpus[ISOLD_CPU_WORDS];
		int out[2];

		out[0] = fx_claim(&fx, 1, 0, -1, cpus, (uint32_t *)&out[1]);
		if (write(vp[1], out, sizeof(out)) != sizeof(out))
			_exit(1);
		for (;;)
			pause();
	}
	if (v != a) {
		fx_kill(v);
		printf("Bail out! pid %d was not reused (got %d)\n", (int)a,
		       (int)v);
		return 1;
	}
	if (read(vp[0], r, sizeof(r)) != sizeof(r) || r[0]) {
		printf("Bail out! the application's claim failed (%d)\n", r[0]);
		return 1;
	}
	vid = (uint32_t)r[1];
	aff = adv_affinity(v);
	TAP_DIAG("attacker's parent was pid %d; the application now is pid "
		 "%d with claim %u, affinity %#llx", (int)a, (int)v, vid, aff);

	ask(cmd[1], res[0], CMD_RELEASE, 0, r);
	fx_status(&fx, &s);
	e = find(&s, v);
	TAP_OK(e && e->claim_id == vid && !(r[0] == 0 && r[1] > 0),
	       "RELEASE of all on the old connection does not release the "
	       "application's claim (reply %d, released %d)", r[0], r[1]);
	TAP_OK(adv_affinity(v) == aff, "the application's affinity did not "
	       "move (%#llx)", adv_affinity(v));

	ask(cmd[1], res[0], CMD_RELEASE, (int)vid, r);
	fx_status(&fx, &s);
	e = find(&s, v);
	TAP_OK(e && e->claim_id == vid && r[0] == -ENOENT,
	       "RELEASE of its id on the old connection: ENOENT, claim kept "
	       "(reply %d)", r[0]);

	ask(cmd[1], res[0], CMD_CLAIM, 0, r);
	fx_status(&fx, &s);
	{
		unsigned int i, bad = 0;

		for (i = 0; i < s.status_rep.count; i++)
			if (s.status_rep.entries[i].pid == v &&
			    s.status_rep.entries[i].claim_id != vid)
				bad++;
		TAP_OK(!bad, "CLAIM on the old connection is not made for the "
		       "application (reply %d, claim %d; %u claim(s) on its "
		       "pid)", r[0], r[1], bad);
	}
	TAP_OK(adv_affinity(v) == aff, "the application's affinity still "
	       "did not move (%#llx)", adv_affinity(v));
	TAP_OK(kill(fx.daemon, 0) == 0, "the daemon is still running");

	r[0] = CMD_EXIT;
	if (write(cmd[1], r, sizeof(r)) != sizeof(r))
		TAP_DIAG("attacker already gone");
	fx_kill(v);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
