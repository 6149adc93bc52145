// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 items 6 and 13): hostile files in the
 * configuration.  A FIFO in whitelist.d neither hangs `isold --check` nor
 * a running daemon's reload (refused: not a regular file; the old
 * configuration stays); a symlink there is not followed; group- or
 * world-writable record files and a whitelist dir other users can write
 * are refused with a message that names them (adv-wlperm shows why).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;
static char out[16384];

/* isold --check on the fixture; exit status (-1: killed after 10 s). */
static int check(void)
{
	static const char *const args[] = { "--check", NULL };
	char log[400];
	int i, w = -1;
	pid_t pid;
	FILE *f;

	snprintf(log, sizeof(log), "%s/check.log", fx.root);
	unlink(log);
	pid = fx_spawn(&fx, NULL, args, log);
	for (i = 0; i < 1000; i++) {
		if (waitpid(pid, &w, WNOHANG) == pid)
			break;
		usleep(10000);
	}
	if (i == 1000) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		w = -1;
	}
	out[0] = '\0';
	f = fopen(log, "r");
	if (f) {
		out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
		fclose(f);
	}
	return w == -1 ? -1 : WIFEXITED(w) ? WEXITSTATUS(w) : 128;
}

static void wl_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/whitelist.d/%s", fx.etc, name);
}

int main(void)
{
	char p[400], q[400];
	union isold_msg s;
	int ret;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	wl_path(p, sizeof(p), "50-fifo.conf");
	if (mkfifo(p, 0644))
		return 1;
	ret = check();
	TAP_OK(ret == 1 && strstr(out, "not a regular file"),
	       "a FIFO in whitelist.d: isold --check refuses it, no hang "
	       "(%d)", ret);
	kill(fx.daemon, SIGHUP);
	ret = fx_wait_notify(&fx, "reload rejected", 10000);
	TAP_OK(!ret && !fx_status(&fx, &s), "SIGHUP with the FIFO: reload "
	       "rejected, the daemon keeps serving");
	unlink(p);

	/* A symlink in whitelist.d, even to a good record. */
	wl_path(p, sizeof(p), "00-rt-loop.conf");
	snprintf(q, sizeof(q), "%s/rec.conf", fx.root);
	if (rename(p, q) || symlink(q, p))
		return 1;
	ret = check();
	TAP_OK(ret == 1 && strstr(out, "symbolic link"),
	       "a symlink in whitelist.d is not followed (%d)", ret);
	unlink(p);
	if (rename(q, p))
		return 1;

	/* Writable by others: refused, naming it (a group other than
	 * root's; root's group is root's own). */
	if (chown(p, 0, ADV_NOGROUP))
		return 1;
	chmod(p, 0664);
	ret = check();
	TAP_OK(ret == 1 && strstr(out, "00-rt-loop.conf") &&
	       strstr(out, "writable") && strstr(out, "refused"),
	       "a group-writable record file: refused (%d)", ret);
	chmod(p, 0666);
	ret = check();
	TAP_OK(ret == 1 && strstr(out, "writable") && strstr(out, "refused"),
	       "a world-writable record file: refused (%d)", ret);
	chmod(p, 0644);
	if (chown(p, 0, 0))
		return 1;
	ret = check();
	TAP_OK(ret == 0 && !strstr(out, "warning"),
	       "mode 0644: no warning (%d)", ret);

	/* dir = a directory anyone can write (like /tmp). */
	snprintf(p, sizeof(p), "%s/tmpwl", fx.root);
	mkdir(p, 0755);
	chmod(p, 01777);
	snprintf(q, sizeof(q), "[daemon]\nrt_cpus = auto\n[whitelist]\n"
		 "dir = %s\n[user root]\nmax_cpus = all\n", p);
	fx_write(&fx, "etc/isol/isold.conf", q);
	ret = check();
	TAP_OK(ret == 1 && strstr(out, "tmpwl") && strstr(out, "writable") &&
	       strstr(out, "refused"),
	       "dir = a world-writable directory: refused (%d)", ret);
	if (!strstr(out, "refused"))
		printf("# %s", out);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
