// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 8): a restarted isold never adopts a
 * process that merely looks like a dead holder.  Holder H claims a CPU;
 * while the daemon is down H dies and, in a private pid namespace, a new
 * process X gets H's pid.  Start times have a resolution of 10 ms, so X
 * can have H's start time too: the test makes that certain by writing
 * X's start time into H's journal entry (what a pid reuse within the same
 * tick gives).  The restarted daemon must release the claim instead of
 * adopting X, and must not move X's affinity.  The live holders in the
 * same journal are still adopted.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

static unsigned long long start_time(pid_t pid)
{
	char p[64], buf[1024], *s;
	FILE *f;
	int i;

	snprintf(p, sizeof(p), "/proc/%d/stat", (int)pid);
	f = fopen(p, "r");
	if (!f)
		return 0;
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
	fclose(f);
	s = strrchr(buf, ')');
	for (i = 0; s && i < 20; i++)
		s = strchr(s + 1, ' ');
	return s ? strtoull(s + 1, NULL, 10) : 0;
}

int main(void)
{
	char j[8192], from[64], to[64], *p, tail[8192];
	unsigned long long sh, sx, aff;
	union isold_msg s;
	int st, cpu, cpu2, w;
	unsigned int i, n;
	pid_t h, h2, x;

	if (adv_pidns()) {
		printf("1..0 # SKIP no pid namespace (needs root)\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	h = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu);
	h2 = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu2);
	sh = start_time(h);
	/* The daemon goes down (stopped, then killed: it never sees H die). */
	kill(fx.daemon, SIGSTOP);
	waitpid(fx.daemon, &w, WUNTRACED);
	fx_kill(h);
	x = adv_fork_as_pid(h);
	if (!x) {
		for (;;)
			pause();
	}
	if (x != h) {
		printf("Bail out! pid %d not reused (%d)\n", (int)h, (int)x);
		fx_kill(x);
		return 1;
	}
	sx = start_time(x);
	aff = adv_affinity(x);
	fx_stop(&fx, SIGKILL);
	fx_read(&fx, "run/isol/state", j, sizeof(j));
	snprintf(from, sizeof(from), "start=%llu ", sh);
	snprintf(to, sizeof(to), "start=%llu ", sx);
	p = strstr(j, from);
	{
		/* only H's line: it is the one with pid=H */
		char key[64];

		snprintf(key, sizeof(key), "pid=%d ", (int)h);
		p = strstr(j, key);
		p = p ? strstr(p, from) : NULL;
	}
	if (p) {
		snprintf(tail, sizeof(tail), "%s", p + strlen(from));
		snprintf(p, sizeof(j) - (size_t)(p - j), "%s%s\n", to, tail);
	}
	fx_write(&fx, "run/isol/state", j);
	TAP_DIAG("holder H pid %d start %llu died; X pid %d start %llu; "
		 "journal edited: %s", (int)h, sh, (int)x, sx, p ? "yes" : "no");

	TAP_OK(!fx_start(&fx, NULL), "restart");
	fx_status(&fx, &s);
	for (i = n = 0; i < s.status_rep.count; i++)
		n += s.status_rep.entries[i].pid == x;
	TAP_OK(n == 0, "the impostor with the dead holder's pid and start time "
	       "is not adopted (%u claim(s))", n);
	TAP_OK(adv_affinity(x) == aff, "its affinity was not touched (%#llx, "
	       "was %#llx)", adv_affinity(x), aff);
	for (i = n = 0; i < s.status_rep.count; i++)
		n += s.status_rep.entries[i].pid == h2;
	TAP_OK(n == 1, "the live holder in the same journal is adopted");
	TAP_OK(mask_count(s.status_rep.free_cpus) == 5, "the dead holder's "
	       "CPU is free again (%d free)",
	       mask_count(s.status_rep.free_cpus));
	fx_kill(x);
	fx_kill(h2);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
