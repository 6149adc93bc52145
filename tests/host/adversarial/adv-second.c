// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 3): a second isold on the same run
 * directory exits at once with a clear message, before it touches
 * anything: the first daemon's socket (same inode) and journal stay,
 * its claim is not granted twice, and it keeps serving after the second
 * one is gone.  A daemon killed with SIGKILL leaves no lock behind.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

static ino_t sock_ino(void)
{
	char p[400];
	struct stat st;

	snprintf(p, sizeof(p), "%s/isold.sock", fx.run);
	return stat(p, &st) ? 0 : st.st_ino;
}

int main(void)
{
	char log2[400], out[8192] = "", j0[4096], j1[4096];
	union isold_msg s;
	pid_t second, h;
	ino_t ino;
	int st, cpu, w, i, ret;
	FILE *f;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	h = fx_holder(&fx, (uid_t)-1, 3, 0, -1, &st, &cpu);
	ino = sock_ino();
	fx_read(&fx, "run/isol/state", j0, sizeof(j0));

	snprintf(log2, sizeof(log2), "%s/second.log", fx.root);
	second = fx_spawn(&fx, NULL, NULL, log2);
	for (i = 0, ret = -1; i < 500 && ret != second; i++) {
		ret = waitpid(second, &w, WNOHANG);
		usleep(10000);
	}
	if (ret != second) {
		kill(second, SIGKILL);
		waitpid(second, &w, 0);
		w = -1;
	}
	f = fopen(log2, "r");
	if (f) {
		out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
		fclose(f);
	}
	TAP_OK(ret == second && WIFEXITED(w) && WEXITSTATUS(w) == 1,
	       "the second isold exits with status 1 by itself (%#x)", w);
	TAP_OK(strstr(out, "already running") != NULL,
	       "and says another isold is already running");
	TAP_OK(sock_ino() == ino && ino, "the first daemon's socket is the "
	       "same file (inode %lu)", (unsigned long)sock_ino());
	fx_read(&fx, "run/isol/state", j1, sizeof(j1));
	TAP_OK(!strcmp(j0, j1), "the journal is untouched");
	ret = fx_status(&fx, &s);
	TAP_OK(!ret && s.status_rep.total == 1 &&
	       s.status_rep.entries[0].pid == h,
	       "the first daemon still serves, with its claim (%u)",
	       s.status_rep.total);
	TAP_OK(fx_claim(&fx, 4, 0, -1, NULL, NULL) == -EBUSY,
	       "the held CPUs are not granted a second time");
	if (!strstr(out, "already running"))
		printf("# second daemon's log:\n%s", out);

	/* SIGKILL leaves no stale lock: a new daemon starts. */
	fx_stop(&fx, SIGKILL);
	TAP_OK(!fx_start(&fx, NULL), "after kill -9 a new isold starts");
	ret = fx_status(&fx, &s);
	TAP_OK(!ret && s.status_rep.total == 1, "and re-adopts the claim (%u)",
	       s.status_rep.total);
	fx_kill(h);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
