// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 2): one local user cannot take the daemon's
 * client slots away from everybody else.  An unprivileged user opens 300
 * connections and keeps them: it is served on at most
 * max_clients_per_user (16) of them, root's requests and another user's
 * still get through, and an idle connection is closed after
 * client_idle_timeout_ms.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

#define FLOOD 300

static struct fixture fx;

/* STATUS over a fresh connection as @uid (-1: as we are); 0 or -errno. */
static int status_as(uid_t uid)
{
	union isold_msg s;
	pid_t pid = fork();
	int st;

	if (!pid) {
		if (uid != (uid_t)-1 && adv_drop(uid, uid))
			_exit(100);
		_exit(-fx_status(&fx, &s));
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? -WEXITSTATUS(st) : -EINTR;
}

int main(void)
{
	static const char conf[] =
		"[daemon]\nrt_cpus = auto\nirq_recheck_ms = 100\n"
		"client_idle_timeout_ms = 300\n"
		"[whitelist]\ndir = whitelist.d\n"
		"[user root]\nmax_cpus = all\n[user nobody]\nmax_cpus = 1\n";
	int go[2], res[2], n[2] = { 0, 0 }, ret;
	pid_t flood;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	if (pipe(go) || pipe(res))
		return 1;
	flood = fork();
	if (!flood) {
		static int fds[FLOOD];
		int i, served = 0, opened = 0;

		close(go[1]);
		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(1);
		for (i = 0; i < FLOOD; i++) {
			fds[i] = fx_connect(&fx);
			opened += fds[i] >= 0;
		}
		n[0] = opened;
		if (write(res[1], n, sizeof(int)) != sizeof(int))
			_exit(1);
		/* Wait until root has tried, then count what serves us. */
		if (read(go[0], &i, sizeof(i)) != sizeof(i))
			_exit(1);
		for (i = 0; i < FLOOD; i++) {
			union isold_msg m = { 0 }, r;

			if (fds[i] >= 0 &&
			    fx_rpc(fds[i], &m, ISOLD_STATS, &r) ==
			    (ISOLD_REPLY | ISOLD_STATS))
				served++;
		}
		n[1] = served;
		if (write(res[1], &n[1], sizeof(int)) != sizeof(int))
			_exit(1);
		for (;;)
			pause();
	}
	close(go[0]);
	if (read(res[0], &n[0], sizeof(int)) != sizeof(int)) {
		printf("Bail out! flood child died\n");
		return 1;
	}
	usleep(200000);		/* let the daemon accept what it will */
	TAP_DIAG("nobody opened %d connections", n[0]);
	ret = status_as((uid_t)-1);
	TAP_OK(ret == 0, "root's STATUS gets through the flood (%s)",
	       strerror(-ret));
	ret = status_as(ADV_OTHER);
	TAP_OK(ret == 0, "another user's STATUS gets through (%s)",
	       strerror(-ret));
	if (write(go[1], &ret, sizeof(ret)) != sizeof(ret) ||
	    read(res[0], &n[1], sizeof(int)) != sizeof(int))
		n[1] = -1;
	TAP_OK(n[1] >= 1 && n[1] <= 16, "the flooding user is served on at "
	       "most 16 connections (%d)", n[1]);
	TAP_OK(adv_log_count(&fx, "refused") < 20, "refusals are not logged "
	       "one by one (%d lines)", adv_log_count(&fx, "refused"));
	fx_kill(flood);
	ret = status_as(ADV_NOBODY);
	TAP_OK(ret == 0, "once its connections are gone the user is served "
	       "again (%s)", strerror(-ret));

	/* Idle connections are closed. */
	fx_stop(&fx, SIGTERM);
	fx_write(&fx, "etc/isol/isold.conf", conf);
	if (fx_start(&fx, NULL)) {
		TAP_OK(0, "daemon starts with client_idle_timeout_ms");
	} else {
		int fd = fx_connect(&fx);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		char c;

		/* Generous bound: the point is that it happens at all. */
		ret = poll(&p, 1, 10000);
		TAP_OK(ret == 1 && recv(fd, &c, 1, 0) == 0,
		       "an idle connection is closed by the daemon");
		close(fd);
		ret = status_as(ADV_NOBODY);
		TAP_OK(ret == 0, "a new connection is served (%s)",
		       strerror(-ret));
	}
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
