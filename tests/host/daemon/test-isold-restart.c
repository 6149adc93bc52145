// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: kill -9 of isold at several points, restart, exact state
 * comparison.  Live claims are re-adopted (same ids, CPUs, pids, start
 * times), claims whose holder died while the daemon was down are released,
 * a claim journalled but not yet replied is kept, a tampered kernel
 * whitelist is rewritten, and ids are never reused.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "../../lib/tap.h"

static struct fixture fx;

/* STATUS with the volatile parts cleared, for exact comparison. */
static int snapshot(union isold_msg *r)
{
	int ret = fx_status(&fx, r);

	r->hdr.seq = 0;
	return ret;
}

static bool same(const union isold_msg *a, const union isold_msg *b)
{
	return a->status_rep.total == b->status_rep.total &&
	       !memcmp(a, b, isold_msg_size(ISOLD_REPLY | ISOLD_STATUS,
					    a->status_rep.count));
}

static bool has_pid(const union isold_msg *r, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < r->status_rep.count; i++)
		if (r->status_rep.entries[i].pid == pid)
			return true;
	return false;
}

static int restart(const char *const *env)
{
	if (fx.daemon > 0)
		fx_stop(&fx, SIGKILL);
	return fx_start(&fx, env);
}

int main(void)
{
	static const char *const crash_claim[] = {
		"ISOLD_DEBUG_CRASH=claim-journaled", NULL };
	static const char *const crash_release[] = {
		"ISOLD_DEBUG_CRASH=release-journaled", NULL };
	static const char *const crash_death[] = {
		"ISOLD_DEBUG_CRASH=death-journaled", NULL };
	union isold_msg before, after, m, r;
	char buf[256];
	int st, cpu, fd;
	pid_t a, b, c;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	a = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu);
	b = fx_holder(&fx, (uid_t)-1, 2, ISOLD_CLAIM_F_NODE, 1, &st, NULL);
	c = fx_holder(&fx, 65534, 1, 0, -1, &st, NULL);
	snapshot(&before);
	TAP_OK(before.status_rep.total == 3, "3 claims before the crash");

	/* 1: plain kill -9 with live holders. */
	TAP_OK(!restart(NULL), "kill -9, restart: READY=1");
	snapshot(&after);
	TAP_OK(same(&before, &after), "state after restart identical to "
	       "before (%u claims)", after.status_rep.total);

	/* 2: a holder dies while the daemon is down. */
	fx_stop(&fx, SIGKILL);
	fx_kill(b);
	TAP_OK(!fx_start(&fx, NULL), "restart after a holder died meanwhile");
	snapshot(&after);
	TAP_OK(after.status_rep.total == 2 && !has_pid(&after, b) &&
	       has_pid(&after, a) && has_pid(&after, c) &&
	       mask_count(after.status_rep.free_cpus) == 4,
	       "dead holder's claim released, the others kept");

	/* 3: a pid that is reused is not the holder: fake a journal entry
	 * for our own pid with a wrong start time. */
	fx_stop(&fx, SIGKILL);
	fx_read(&fx, "run/isol/state", buf, sizeof(buf));
	{
		char line[200];
		FILE *f;

		snprintf(line, sizeof(line), "%s/state", fx.run);
		f = fopen(line, "a");
		fprintf(f, "claim id=90 flags=0 pid=%d tid=%d uid=0 node=0 "
			"start=1 cpus=7\n", (int)getpid(), (int)getpid());
		fclose(f);
	}
	TAP_OK(!fx_start(&fx, NULL), "restart with a stale journal entry");
	snapshot(&r);
	TAP_OK(r.status_rep.total == 2 && !has_pid(&r, getpid()),
	       "entry with a wrong start time released (pid reuse)");

	/* 4: crash after the claim is journalled, before the reply. */
	snapshot(&before);
	TAP_OK(!restart(crash_claim), "restart with crash point "
	       "claim-journaled");
	b = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, NULL);
	TAP_OK(st == -EPIPE, "the claimer sees the connection close (%d)", st);
	TAP_OK(fx_wait_exit(&fx, 3000) != -1, "daemon died at the crash "
	       "point");
	TAP_OK(!fx_start(&fx, NULL), "restart");
	snapshot(&after);
	TAP_OK(after.status_rep.total == 3 && has_pid(&after, b),
	       "the journalled claim is re-adopted (holder alive)");
	fd = fx_connect(&fx);
	memset(&m, 0, sizeof(m));
	fx_rpc(fd, &m, ISOLD_STATUS, &r);
	close(fd);

	/* 5: crash right after a holder's death is journalled. */
	TAP_OK(!restart(crash_death), "restart with crash point "
	       "death-journaled");
	fx_kill(b);
	TAP_OK(fx_wait_exit(&fx, 3000) != -1, "daemon died after journalling "
	       "the death");
	TAP_OK(!fx_start(&fx, NULL), "restart");
	snapshot(&after);
	TAP_OK(after.status_rep.total == 2 && !has_pid(&after, b),
	       "the released claim stays released");

	/* 6: crash after a RELEASE is journalled. */
	snapshot(&before);
	TAP_OK(!restart(crash_release), "restart with crash point "
	       "release-journaled");
	st = fx_claim(&fx, 1, 0, -1, NULL, NULL);
	fd = fx_connect(&fx);
	memset(&m, 0, sizeof(m));
	m.release.claim_id = 0;
	fx_rpc(fd, &m, ISOLD_RELEASE, &r);
	close(fd);
	TAP_OK(st == 0 && fx_wait_exit(&fx, 3000) != -1,
	       "claim, then RELEASE: daemon died after journalling it");
	TAP_OK(!fx_start(&fx, NULL), "restart");
	snapshot(&after);
	TAP_OK(same(&before, &after), "the release stuck: state as before "
	       "the claim (%u)", after.status_rep.total);
	before = after;

	/* 7: the kernel whitelist was changed while the daemon was down. */
	fx_stop(&fx, SIGKILL);
	fx_write(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", "0-3\n");
	TAP_OK(!fx_start(&fx, NULL), "restart after tampering");
	fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
		sizeof(buf));
	TAP_OK(!strcmp(buf, "15,24,228,309"),
	       "kernel whitelist re-verified and rewritten (\"%s\")", buf);
	snapshot(&after);
	TAP_OK(same(&before, &after), "claims identical across the restart");

	/* New ids are never reused. */
	b = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, NULL);
	snapshot(&r);
	{
		unsigned int i, max = 0;

		for (i = 0; i < r.status_rep.count; i++)
			if (r.status_rep.entries[i].claim_id > max)
				max = r.status_rep.entries[i].claim_id;
		TAP_OK(st == 0 && max >= 5, "new claim gets a fresh id (%u)",
		       max);
	}
	fx_kill(a);
	fx_kill(b);
	fx_kill(c);
	usleep(100000);
	snapshot(&r);
	TAP_OK(r.status_rep.total == 0, "all holders gone: no claim left");
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
