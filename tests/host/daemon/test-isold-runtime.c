// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: RT CPUs reserved and released at runtime through isold
 * (RESERVE, issue 14) on a fixture tree with a fake cgroup v2 root: every
 * step lands in the fake kernel files and the journal; a failure at any
 * step (ISOLD_DEBUG_FAIL) leaves every file as it was; kill -9 at any step
 * (ISOLD_DEBUG_CRASH), then a restart, leaves no CPU half-reserved (a
 * reserve undone, a release finished); claims of runtime CPUs move their
 * holder into the partition and out again; a forced release revokes them
 * and tells the holder (signal, then ECANCELED); runtime_rt_cpus is
 * reserved at start and kept across a restart; a lost journal is adopted
 * from the kernel's state.
 *
 * Fixture: CPUs 0-7, boot RT CPU 1 (rt_isolated), housekeeping 0,2-7; the
 * runtime set is 2-3.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "../../lib/tap.h"

static struct fixture fx;

static const char *const reserve_steps[] = {
	"journaled", "cgroup", "partition", "steered", "rt", "committed",
};
static const char *const release_steps[] = {
	"journaled", "revoked", "rt", "restored", "partition", "cgroup",
	"committed",
};
static const char *const undo_steps[] = {
	"rt", "restored", "partition", "cgroup", "committed",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int start(const char *crash, const char *failp)
{
	char c[96], f[96];
	const char *env[3] = { NULL };
	int n = 0;

	if (fx.daemon > 0)
		fx_stop(&fx, SIGKILL);
	if (crash) {
		snprintf(c, sizeof(c), "ISOLD_DEBUG_CRASH=%s", crash);
		env[n++] = c;
	}
	if (failp) {
		snprintf(f, sizeof(f), "ISOLD_DEBUG_FAIL=%s", failp);
		env[n++] = f;
	}
	return fx_start(&fx, env);
}

static bool journal_has(const char *what)
{
	char buf[4096];

	return !fx_read(&fx, "run/isol/rtset", buf, sizeof(buf)) &&
	       strstr(buf, what);
}

static bool file_is(const char *rel, const char *want)
{
	char buf[512];

	return !fx_read(&fx, rel, buf, sizeof(buf)) && !strcmp(buf, want);
}

static bool file_has_line(const char *rel, const char *want)
{
	char buf[4096], *l, *save;

	if (fx_read(&fx, rel, buf, sizeof(buf)))
		return false;
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (!strcmp(l, want))
			return true;
	return false;
}

static bool same_snapshot(const char *want, const char *what)
{
	char *now = fx_snapshot(&fx);
	bool ok = now && !strcmp(now, want);

	if (!ok && now) {
		printf("# %s: fixture differs\n", what);
		fx_diff(want, now);
	}
	free(now);
	return ok;
}

/* A holder that reports the revocation signal it gets, and on request
 * RELEASEs its claim: a real client process. */
struct holder {
	pid_t pid;
	int res[2], cmd[2];
	int status, cpu;
	uint32_t id;
};

static int sig_pipe = -1;

static void on_urg(int sig, siginfo_t *si, void *uc)
{
	int msg[3] = { sig, si->si_code, si->si_value.sival_int };

	(void)uc;
	if (write(sig_pipe, msg, sizeof(msg)) < 0)
		_exit(3);
}

/* The next message of the holder: the signal it got, or a RELEASE
 * status (-1 when none comes within 5 s). */
static int holder_msg(struct holder *h, int msg[3])
{
	struct pollfd p = { .fd = h->res[0], .events = POLLIN };

	msg[0] = msg[1] = msg[2] = 0;
	if (poll(&p, 1, 5000) != 1)
		return -1;
	return read(h->res[0], msg, 3 * sizeof(int)) == 3 * sizeof(int) ?
	       0 : -1;
}

static int holder_start(struct holder *h)
{
	int got[3];

	if (pipe(h->res) || pipe(h->cmd))
		return -1;
	h->pid = fork();
	if (!h->pid) {
		struct sigaction sa = { .sa_sigaction = on_urg,
					.sa_flags = SA_SIGINFO };
		uint64_t cpus[ISOLD_CPU_WORDS];
		int msg[3], c;

		sig_pipe = h->res[1];
		sigaction(SIGURG, &sa, NULL);
		msg[0] = fx_claim(&fx, 1, 0, -1, cpus, &h->id);
		msg[1] = msg[0] ? -1 : mask_first(cpus);
		msg[2] = (int)h->id;
		if (write(h->res[1], msg, sizeof(msg)) != sizeof(msg))
			_exit(1);
		/* one command: RELEASE my claim, report the status */
		while (read(h->cmd[0], &c, sizeof(c)) != sizeof(c))
			;
		{
			union isold_msg m = { 0 }, r;
			int fd = fx_connect(&fx);

			m.release.claim_id = h->id;
			msg[0] = 0;
			msg[1] = fx_rpc(fd, &m, ISOLD_RELEASE, &r) ==
				 (ISOLD_REPLY | ISOLD_RELEASE) ?
				 r.reply.status : -999;
			msg[2] = 0;
			if (write(h->res[1], msg, sizeof(msg)) < 0)
				_exit(1);
		}
		for (;;)
			pause();
	}
	if (holder_msg(h, got))
		return -1;
	h->status = got[0];
	h->cpu = got[1];
	h->id = (uint32_t)got[2];
	return 0;
}


static bool in_base_state(void)
{
	return file_is("sys/devices/system/cpu/rt_isolated", "1") &&
	       !journal_has("op ") && journal_has("cpus -");
}

static bool in_reserved_state(void)
{
	return file_is("sys/devices/system/cpu/rt_isolated", "1-3") &&
	       !journal_has("op ") && journal_has("cpus 2-3");
}

int main(void)
{
	union isold_msg r;
	char *base, *reserved, pid[16], line[256];
	size_t i;
	int ret, st;

	if (fx_create(&fx, NULL) || fx_cgroup(&fx) ||
	    fx_write(&fx, "sys/devices/system/cpu/rt_isolated", "1\n") ||
	    fx_write(&fx, "sys/devices/system/cpu/isolated", "1\n") ||
	    fx_write(&fx, "sys/devices/system/cpu/nohz_full", "1\n") ||
	    start(NULL, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	base = fx_snapshot(&fx);

	/* ---- the request itself */
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_QUERY, 0, NULL, &r);
	TAP_OK(!ret && !mask_count(r.reserve_rep.runtime_cpus) &&
	       mask_count(r.reserve_rep.rt_cpus) == 1,
	       "QUERY: no runtime RT CPU, RT CPUs 1 (%d)", ret);
	{
		pid_t c = fork();

		if (!c) {
			if (setuid(65534))
				_exit(1);
			_exit(fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0,
					 "2-3", &r) == -EPERM ? 0 : 1);
		}
		waitpid(c, &st, 0);
		TAP_OK(WIFEXITED(st) && !WEXITSTATUS(st),
		       "RESERVE by a user other than root: EPERM");
	}
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "1", &r);
	TAP_OK(ret == -EEXIST && strstr(r.reserve_rep.reason, "already"),
	       "RESERVE of a boot RT CPU: EEXIST (%d: %s)", ret,
	       r.reserve_rep.reason);
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "8", &r);
	TAP_OK(ret == -EINVAL && strstr(r.reserve_rep.reason, "not online"),
	       "RESERVE of an offline CPU: EINVAL (%s)", r.reserve_rep.reason);
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "0,2-7", &r);
	TAP_OK(ret == -EINVAL && strstr(r.reserve_rep.reason, "housekeeping"),
	       "RESERVE of every housekeeping CPU: EINVAL (%s)",
	       r.reserve_rep.reason);
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "1", &r);
	TAP_OK(ret == -EINVAL && strstr(r.reserve_rep.reason, "boot"),
	       "RELEASE of a boot RT CPU: EINVAL (%s)", r.reserve_rep.reason);
	TAP_OK(same_snapshot(base, "refused requests"),
	       "refused requests changed no file");

	/* ---- reserve, every step in the files */
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
	TAP_OK(!ret && mask_count(r.reserve_rep.runtime_cpus) == 2 &&
	       mask_count(r.reserve_rep.rt_cpus) == 3,
	       "RESERVE 2-3: runtime 2-3, RT 1-3 (%d %s)", ret,
	       r.reserve_rep.reason);
	TAP_OK(file_is("sys/fs/cgroup/cgroup.subtree_control", "cpuset"),
	       "cpuset enabled in the root cgroup");
	TAP_OK(file_is("sys/fs/cgroup/rtisol/cpuset.cpus.exclusive", "2-3") &&
	       file_is("sys/fs/cgroup/rtisol/cgroup.subtree_control", "cpuset"),
	       "rtisol/: exclusive CPUs 2-3, cpuset for its children");
	TAP_OK(file_is("sys/fs/cgroup/rtisol/rt/cgroup.type", "threaded") &&
	       file_is("sys/fs/cgroup/rtisol/rt/cpuset.cpus", "2-3") &&
	       file_is("sys/fs/cgroup/rtisol/rt/cpuset.cpus.exclusive", "2-3") &&
	       file_is("sys/fs/cgroup/rtisol/rt/cpuset.cpus.partition",
		       "isolated"),
	       "rtisol/rt/: threaded, an isolated partition of CPUs 2-3");
	TAP_OK(file_is("proc/irq/24/smp_affinity_list", "0,4-7") &&
	       file_is("proc/irq/0/smp_affinity_list", "0,4-7"),
	       "IRQs steered off the runtime RT CPUs");
	TAP_OK(file_is("sys/devices/virtual/workqueue/cpumask", "f1") &&
	       file_is("proc/irq/default_smp_affinity", "f1"),
	       "unbound workqueue mask and default IRQ affinity: 0,4-7");
	TAP_OK(file_is("sys/devices/system/cpu/rt_isolated", "1-3"),
	       "rt_isolated written last: 1-3");
	TAP_OK(in_reserved_state() && journal_has("root_cpuset yes") &&
	       journal_has("saved irq 24 0 0,2-7"),
	       "journal: cpus 2-3, no op, the values it changed");
	reserved = fx_snapshot(&fx);
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_QUERY, 0, NULL, &r);
	TAP_OK(!ret && mask_count(r.reserve_rep.runtime_cpus) == 2 &&
	       !strcmp(r.reserve_rep.reason, "isolated"),
	       "QUERY: runtime 2-3, partition \"%s\"", r.reserve_rep.reason);
	TAP_OK(!start(NULL, NULL) && same_snapshot(reserved, "restart") &&
	       in_reserved_state(), "a restart keeps the reservation as is");

	/* ---- release, everything back */
	ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
	TAP_OK(!ret && !mask_count(r.reserve_rep.runtime_cpus),
	       "RELEASE 2-3 (%d %s)", ret, r.reserve_rep.reason);
	TAP_OK(same_snapshot(base, "release") && in_base_state(),
	       "after the release every file is as before the reserve");

	/* ---- a failure at any step leaves every file as it was */
	for (i = 0; i < N(reserve_steps); i++) {
		snprintf(line, sizeof(line), "reserve-%s", reserve_steps[i]);
		start(NULL, line);
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
		TAP_OK(ret == -EIO && same_snapshot(base, line) &&
		       in_base_state(), "reserve fails at %s: undone (%d: %s)",
		       line, ret, r.reserve_rep.reason);
	}
	start(NULL, NULL);
	fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
	for (i = 0; i < N(release_steps); i++) {
		snprintf(line, sizeof(line), "release-%s", release_steps[i]);
		start(NULL, line);
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
		TAP_OK(ret == -EIO && same_snapshot(reserved, line) &&
		       in_reserved_state(), "release fails at %s: rolled back "
		       "(%d: %s)", line, ret, r.reserve_rep.reason);
	}
	start(NULL, NULL);
	fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
	TAP_OK(same_snapshot(base, "back to base"), "released again");

	/* ---- kill -9 at every step: no CPU half-reserved */
	for (i = 0; i < N(reserve_steps); i++) {
		bool last = i + 1 == N(reserve_steps);

		snprintf(line, sizeof(line), "reserve-%s", reserve_steps[i]);
		start(line, NULL);
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
		st = fx_wait_exit(&fx, 3000);
		TAP_OK(ret == -EPIPE && st != -1 && WIFSIGNALED(st),
		       "kill -9 at %s: the client sees the connection close",
		       line);
		TAP_OK(!start(NULL, NULL) &&
		       (last ? same_snapshot(reserved, line) &&
			       in_reserved_state() :
			       same_snapshot(base, line) && in_base_state()),
		       "restart after kill -9 at %s: %s", line,
		       last ? "kept, committed" : "undone");
		if (last)
			fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
	}
	for (i = 0; i < N(release_steps); i++) {
		snprintf(line, sizeof(line), "release-%s", release_steps[i]);
		start(NULL, NULL);
		fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
		start(line, NULL);
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
		st = fx_wait_exit(&fx, 3000);
		TAP_OK(ret == -EPIPE && st != -1 && !start(NULL, NULL) &&
		       same_snapshot(base, line) && in_base_state(),
		       "kill -9 at %s, restart: the release is finished", line);
	}
	/* a crash while undoing a failed reserve */
	for (i = 0; i < N(undo_steps); i++) {
		snprintf(line, sizeof(line), "undo-%s", undo_steps[i]);
		start(line, "reserve-rt");
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
		st = fx_wait_exit(&fx, 3000);
		TAP_OK(ret == -EPIPE && st != -1 && !start(NULL, NULL) &&
		       same_snapshot(base, line) && in_base_state(),
		       "a failed reserve killed at %s: undone at restart", line);
	}

	/* ---- claims of runtime RT CPUs */
	start(NULL, NULL);
	fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
	{
		struct holder a, b;
		int msg[3], tries;

		ret = holder_start(&a);
		TAP_OK(!ret && !a.status && a.cpu == 1,
		       "a claim gets the boot RT CPU first (%d)", a.cpu);
		ret = holder_start(&b);
		TAP_OK(!ret && !b.status && b.cpu == 2,
		       "the next one a runtime RT CPU (%d)", b.cpu);
		snprintf(pid, sizeof(pid), "%d", (int)b.pid);
		TAP_OK(file_has_line("sys/fs/cgroup/rtisol/cgroup.procs", pid) &&
		       file_has_line("sys/fs/cgroup/rtisol/rt/cgroup.threads",
				     pid),
		       "its process is in rtisol/, its thread in rtisol/rt/");
		snprintf(line, sizeof(line), "pid=%d tid=%d", (int)b.pid,
			 (int)b.pid);
		{
			char buf[4096];

			fx_read(&fx, "run/isol/state", buf, sizeof(buf));
			TAP_OK(strstr(buf, line) && strstr(buf, " cg=/"),
			       "the claim's journal line records where its "
			       "process came from");
		}
		snprintf(pid, sizeof(pid), "%d", (int)a.pid);
		TAP_OK(!file_has_line("sys/fs/cgroup/rtisol/cgroup.procs", pid),
		       "the boot RT CPU's holder stays out of it");
		/* kill -9 with a runtime claim: re-adopted, still inside */
		snprintf(pid, sizeof(pid), "%d", (int)b.pid);
		fx_write(&fx, "sys/fs/cgroup/rtisol/rt/cgroup.threads", "");
		TAP_OK(!start(NULL, NULL) &&
		       file_has_line("sys/fs/cgroup/rtisol/rt/cgroup.threads",
				     pid),
		       "kill -9, restart: the claim re-adopted, its thread put "
		       "back in rtisol/rt/");
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
		TAP_OK(ret == -EBUSY && isold_mask_test(r.reserve_rep.busy_cpus,
							2) &&
		       mask_count(r.reserve_rep.busy_cpus) == 1 &&
		       strstr(r.reserve_rep.reason, "claim"),
		       "RELEASE of claimed CPUs: EBUSY, CPU 2 named (%s)",
		       r.reserve_rep.reason);
		TAP_OK(in_reserved_state() &&
		       file_is("sys/fs/cgroup/rtisol/rt/cpuset.cpus.partition",
			       "isolated") &&
		       file_has_line("sys/fs/cgroup/rtisol/rt/cgroup.threads",
				     pid), "... and nothing changed");
		ret = fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE,
				 ISOLD_RESERVE_F_FORCE, "2-3", &r);
		TAP_OK(!ret && r.reserve_rep.revoked == 1,
		       "RELEASE --force: one claim revoked (%d %s)", ret,
		       r.reserve_rep.reason);
		ret = holder_msg(&b, msg);
		TAP_OK(!ret && msg[0] == SIGURG &&
		       msg[1] == SI_QUEUE && (uint32_t)msg[2] == b.id,
		       "the holder is told: SIGURG, SI_QUEUE, its claim id "
		       "(%d %d %d)", msg[0], msg[1], msg[2]);
		TAP_OK(file_has_line("sys/fs/cgroup/cgroup.procs", pid) &&
		       in_base_state(),
		       "its process is back in the cgroup it came from");
		tries = 1;
		ret = write(b.cmd[1], &tries, sizeof(tries)) == sizeof(tries) ?
		      holder_msg(&b, msg) : -1;
		TAP_OK(!ret && msg[1] == -ECANCELED,
		       "its next RELEASE of that claim: ECANCELED (%d)",
		       msg[1]);
		fx_status(&fx, &r);
		TAP_OK(r.status_rep.total == 1 &&
		       r.status_rep.entries[0].pid == a.pid,
		       "the boot RT CPU's claim is untouched");
		fx_kill(a.pid);
		fx_kill(b.pid);
	}

	/* ---- a crash between the journal and the cgroup move of a claim */
	{
		static const char *const points[] = {
			"claim-journaled", "claim-entered",
		};
		pid_t h;
		int cpu;

		start(NULL, NULL);
		fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
		{
			/* the boot RT CPU taken, so claims get runtime ones */
			pid_t a = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu);

			for (i = 0; i < N(points); i++) {
				start(points[i], NULL);
				h = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st,
					      &cpu);
				fx_wait_exit(&fx, 3000);
				start(NULL, NULL);
				snprintf(pid, sizeof(pid), "%d", (int)h);
				fx_status(&fx, &r);
				TAP_OK(st == -EPIPE && r.status_rep.total == 2 &&
				       file_has_line("sys/fs/cgroup/rtisol/rt/"
						     "cgroup.threads", pid),
				       "kill -9 at %s: the claim re-adopted, "
				       "its thread in rtisol/rt/", points[i]);
				fx_kill(h);
				usleep(200000);
			}
			fx_kill(a);
			usleep(200000);
		}
	}

	/* ---- a journal lost or corrupt: the kernel's state is adopted */
	start(NULL, NULL);
	fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, ISOLD_RESERVE_F_FORCE, "2-3",
		   &r);
	fx_reserve(&fx, ISOLD_RESERVE_OP_RESERVE, 0, "2-3", &r);
	fx_stop(&fx, SIGKILL);
	{
		char path[512];

		snprintf(path, sizeof(path), "%s/rtset", fx.run);
		unlink(path);
	}
	TAP_OK(!start(NULL, NULL) && journal_has("cpus 2-3") &&
	       file_is("sys/devices/system/cpu/rt_isolated", "1-3"),
	       "journal removed: the partition found is adopted");
	fx_stop(&fx, SIGKILL);
	fx_write(&fx, "run/isol/rtset", "isol-rtset 1\ngarbage\n");
	{
		char path[512];

		snprintf(path, sizeof(path), "%s/rtset", fx.run);
		chmod(path, 0600);
	}
	TAP_OK(!start(NULL, NULL) && journal_has("cpus 2-3"),
	       "journal corrupt: set aside, the partition adopted");
	fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
	TAP_OK(in_base_state() &&
	       file_is("proc/irq/24/smp_affinity_list", "0,4-7"),
	       "it can be released; the IRQs stay where they are (what they "
	       "were went with the journal)");
	free(base);
	fx_write(&fx, "sys/fs/cgroup/cgroup.procs", "");
	base = fx_snapshot(&fx);

	/* ---- runtime_rt_cpus: reserved at start, kept across restarts */
	fx_stop(&fx, SIGTERM);
	fx_write(&fx, "etc/isol/isold.conf",
		 "[daemon]\nrt_cpus = auto\nirq_recheck_ms = 100\n"
		 "runtime_rt_cpus = 2-3\n[whitelist]\ndir = whitelist.d\n"
		 "[user root]\nmax_cpus = all\n");
	TAP_OK(!start(NULL, NULL) && in_reserved_state(),
	       "runtime_rt_cpus = 2-3: reserved at start");
	TAP_OK(!start(NULL, NULL) && in_reserved_state(),
	       "kill -9 and restart: still reserved, once");
	fx_write(&fx, "etc/isol/isold.conf",
		 "[daemon]\nrt_cpus = auto\nruntime_rt_cpus = 0,2-7\n"
		 "[whitelist]\ndir = whitelist.d\n");
	fx_stop(&fx, SIGKILL);
	TAP_OK(start(NULL, NULL) != 0,
	       "runtime_rt_cpus leaving no housekeeping CPU: refused");
	fx_write(&fx, "etc/isol/isold.conf",
		 "[daemon]\nrt_cpus = auto\n[whitelist]\ndir = whitelist.d\n");
	start(NULL, NULL);
	fx_reserve(&fx, ISOLD_RESERVE_OP_RELEASE, 0, "2-3", &r);
	TAP_OK(same_snapshot(base, "end"), "released: as before");

	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	free(base);
	free(reserved);
	fx_destroy(&fx);
	return tap_done();
}
