// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: isolctl never signals a process that is not the isold it
 * talks to.  `isolctl whitelist add` sends SIGHUP to an isold that
 * predates RELOAD (it answers ENOMSG), by the pid SO_PEERCRED gives for
 * the socket in the run dir - the pid of whoever called listen(), which
 * says nothing about who that number is now.  An administrator runs
 * isolctl with a run dir another user controls (--rundir, or ISOL_RUNDIR
 * left in the environment): that user's "isold" is a socket whose
 * listener has exited, handed to a helper that answers ENOMSG, and, in a
 * private pid namespace, root's process V now has the listener's number.
 * V must not get SIGHUP (it would die of it).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

/* The user's "isold": answer every request with ENOMSG, as an isold
 * from before RELOAD would. */
static void old_isold(int l)
{
	for (;;) {
		union isold_msg in, out = { 0 };
		char buf[ISOLD_MSG_MAX];
		int fd = accept(l, NULL, NULL);
		ssize_t n;

		if (fd < 0)
			_exit(0);
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0 && isold_msg_decode(buf, (size_t)n, &in) > 0) {
			out.reply.status = -ENOMSG;
			n = isold_msg_encode(&out, ISOLD_ERROR, in.hdr.seq, buf,
					     sizeof(buf));
			if (n > 0 && send(fd, buf, (size_t)n, MSG_NOSIGNAL) < 0)
				_exit(1);
		}
		close(fd);
	}
}

int main(void)
{
	char run[400], out[8192], cmd[2048];
	const char *b = getenv("B");
	int p[2], st, ret, x;
	pid_t a, v;

	if (adv_pidns()) {
		printf("1..0 # SKIP no pid namespace (needs root)\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || pipe(p))
		return 1;
	snprintf(run, sizeof(run), "%s/userrun", fx.root);
	mkdir(run, 0755);
	if (chown(run, ADV_NOBODY, ADV_NOGROUP))
		return 1;

	/* The user: listen, hand the socket to a helper, exit. */
	a = fork();
	if (!a) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int l;

		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(1);
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/isold.sock",
			 run);
		l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
		if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) ||
		    chmod(sa.sun_path, 0666) || listen(l, 8))
			_exit(1);
		if (!fork()) {
			close(p[0]);
			close(p[1]);
			old_isold(l);
		}
		x = getpid();
		if (write(p[1], &x, sizeof(x)) != sizeof(x))
			_exit(1);
		_exit(0);
	}
	waitpid(a, &st, 0);
	if (read(p[0], &x, sizeof(x)) != sizeof(x) || st) {
		printf("Bail out! the user's socket is not there\n");
		return 1;
	}
	v = adv_fork_as_pid(x);
	if (!v) {
		for (;;)
			pause();
	}
	if (v != x) {
		fx_kill(v);
		printf("Bail out! pid %d was not reused (got %d)\n", x, (int)v);
		return 1;
	}

	snprintf(cmd, sizeof(cmd), "%s/bin/isolctl --sysfs %s --procfs %s "
		 "--confdir %s --rundir %s whitelist add getppid",
		 b ? b : "build/host", fx.sys, fx.proc, fx.etc, run);
	ret = adv_sh(out, sizeof(out), "%s", cmd);
	TAP_DIAG("isolctl: exit %d: %s", ret, out);
	ret = waitpid(v, &st, WNOHANG);
	TAP_OK(ret == 0, "root's process %d, which has the pid the user's "
	       "listener had, got no signal from isolctl (%s)", (int)v,
	       ret == v && WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) :
	       "alive");
	fx_kill(v);
	fx_destroy(&fx);
	return tap_done();
}
