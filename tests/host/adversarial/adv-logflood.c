// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 4): neither an unprivileged user nor a
 * kernel that keeps refusing the whitelist can flood the log.  3000 denied
 * claims from one user give a handful of lines and a "suppressed" count
 * (STATS still counts every denial); a kernel whitelist file that rejects
 * every write is retried with exponential back-off, not every tick, the
 * failure is reported in STATUS, and a reload (RELOAD, answered when done)
 * that succeeds clears it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

#define DENIALS 3000

static struct fixture fx;

int main(void)
{
	char wl[400], good[400], buf[256];
	union isold_msg m, r;
	long long t0;
	pid_t pid;
	int fd, i, n, st, lines;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	/* An unprivileged user without any quota asks 3000 times. */
	t0 = now_us();
	pid = fork();
	if (!pid) {
		int denied = 0;

		if (adv_drop(ADV_OTHER, ADV_OTHER))
			_exit(255);
		fd = fx_connect(&fx);
		for (i = 0; i < DENIALS; i++) {
			memset(&m, 0, sizeof(m));
			m.claim.ncpus = 1;
			m.claim.node = -1;
			if (fx_rpc(fd, &m, ISOLD_CLAIM, &r) > 0 &&
			    r.reply.status == -EPERM)
				denied++;
		}
		_exit(denied == DENIALS ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	TAP_OK(WIFEXITED(st) && !WEXITSTATUS(st), "%d claims denied (EPERM)",
	       DENIALS);
	lines = adv_log_count(&fx, "denied");
	/* burst 10 per 5 s window, plus one "suppressed" line per window */
	n = 11 * (int)((now_us() - t0) / 5000000 + 1);
	TAP_OK(lines <= n, "denials logged %d times (at most %d)", lines, n);
	fd = fx_connect(&fx);
	memset(&m, 0, sizeof(m));
	fx_rpc(fd, &m, ISOLD_STATS, &r);
	close(fd);
	TAP_OK(r.stats_rep.claims_denied == DENIALS, "STATS counts every "
	       "denial (%llu)", (unsigned long long)r.stats_rep.claims_denied);
	fx_status(&fx, &r);
	TAP_OK((int)r.status_rep.log_suppressed >= DENIALS - lines,
	       "STATUS counts the suppressed lines (%u)",
	       r.status_rep.log_suppressed);

	/* The kernel keeps refusing the whitelist. */
	snprintf(wl, sizeof(wl), "%s/kernel/rt_isolation/syscalls_x86_64",
		 fx.sys);
	snprintf(good, sizeof(good), "%s.good", wl);
	rename(wl, good);
	if (symlink("/dev/full", wl)) {
		printf("Bail out! symlink: %s\n", strerror(errno));
		return 1;
	}
	/* (the writer refuses a link: EPERM stands for the kernel's no) */
	for (i = 0; i < 500 && !adv_log_has(&fx, "the kernel refuses it");
	     i++)
		usleep(10000);
	TAP_OK(i < 500, "the refusal is noticed");
	sleep(3);
	n = adv_log_count(&fx, "error: whitelist") +
	    adv_log_count(&fx, "warning: whitelist");
	/* A tick is 100 ms: 30 ticks; back-off doubling from 100 ms allows
	 * at most 5 attempts in 3 s, each worth two lines. */
	TAP_OK(n <= 10, "3 s of refusals: %d error/warning lines, not one "
	       "per tick", n);
	fx_status(&fx, &r);
	TAP_OK(r.status_rep.wl_status < 0 &&
	       r.status_rep.wl_failures >= 2 &&
	       r.status_rep.wl_failures <= 5,
	       "STATUS: whitelist refused (%s), %u attempts, next in %u ms",
	       strerror(-r.status_rep.wl_status), r.status_rep.wl_failures,
	       r.status_rep.wl_retry_ms);
	snprintf(buf, sizeof(buf), "%d", n);
	unlink(wl);
	rename(good, wl);
	/* RELOAD (SIGHUP's synchronous twin): answered once it is done. */
	fd = fx_connect(&fx);
	memset(&m, 0, sizeof(m));
	i = fx_rpc(fd, &m, ISOLD_RELOAD, &r);
	close(fd);
	fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
		sizeof(buf));
	TAP_OK(i == (ISOLD_REPLY | ISOLD_RELOAD) && !r.reply.status &&
	       !strcmp(buf, "15,24,228,309"), "after a reload the "
	       "whitelist is written again (%s)", buf);
	fx_status(&fx, &r);
	TAP_OK(r.status_rep.wl_status == 0 && r.status_rep.wl_failures == 0 &&
	       r.status_rep.reload_status == 0 && r.status_rep.reloads == 1,
	       "STATUS: whitelist in force, reload 1 succeeded (%d, %u, %d)",
	       r.status_rep.wl_status, r.status_rep.wl_failures,
	       r.status_rep.reload_status);
	TAP_OK(kill(fx.daemon, 0) == 0, "the daemon kept running");
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
