// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: a file descriptor passed along with a request (SCM_RIGHTS)
 * cannot freeze the daemon.  The last close of some files blocks whoever
 * does it: here a TCP socket with SO_LINGER set and data its peer never
 * reads (its FIN can never be sent, close() waits for the linger time).
 * An unprivileged attacker sends such a socket to isold and drops its own
 * copy, so that isold would hold the last reference (the daemon is
 * stopped meanwhile, as it would be if it were not scheduled, so that the
 * attacker's close comes first): with a request; in a datagram queued
 * behind an oversized one, which makes isold close the connection; on a
 * connection beyond the attacker's max_clients_per_user, which isold
 * refuses; in flight inside a unix socket that is passed instead (its
 * queue goes when isold closes it).  After each, isold must still serve root's next request.
 * Linux >= 6.16 refuses the descriptors at the attacker's sendmsg()
 * (SO_PASSRIGHTS); on older kernels isold receives them, which the second
 * round makes happen here too (ISOLD_DEBUG_ACCEPT_FDS).  (The VM's kernel
 * has neither TCP nor FUSE: nothing there to pass that lingers.)
 * The wait for root's reply has a generous bound only to turn a frozen
 * daemon into a failure instead of a hung test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

/*
 * A connected TCP socket whose close() would wait: its peer (kept in
 * *@peer, never read) has a full receive buffer, its own send buffer is
 * full, and SO_LINGER asks close() to wait an hour for the FIN's ack.
 */
static int lingering_socket(int *peer)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct linger lg = { .l_onoff = 1, .l_linger = 3600 };
	socklen_t len = sizeof(sa);
	int l, c, small = 4096;
	static char junk[65536];

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_RCVBUF, &small,
				sizeof(small)) ||
	    bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&sa, &len))
		return -errno;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small,
				sizeof(small)) ||
	    connect(c, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	*peer = accept(l, NULL, NULL);
	close(l);
	if (*peer < 0)
		return -errno;
	fcntl(c, F_SETFL, O_NONBLOCK);
	while (write(c, junk, sizeof(junk)) > 0)
		;
	if (errno != EAGAIN ||
	    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
		return -errno;
	return c;
}

/* Send a STATS request on @fd carrying @pass; the sendmsg() result. */
static int send_with_fd(int fd, int pass)
{
	char buf[ISOLD_MSG_MAX], cbuf[CMSG_SPACE(sizeof(int))];
	union isold_msg m = { 0 };
	struct iovec iov = { buf, 0 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	iov.iov_len = (size_t)isold_msg_encode(&m, ISOLD_STATS, 1, buf,
					       sizeof(buf));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pass, sizeof(int));
	return sendmsg(fd, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

enum { WITH_REQUEST, QUEUED_BEHIND_CLOSE, REFUSED_CONNECTION, NESTED };

static const char *const what[] = {
	"with a request",
	"queued behind a datagram that gets the connection closed",
	"on a connection over the user's limit",
	"in flight inside a passed unix socket",
};

/* A unix socket with @inner in flight in its queue (sent from its peer,
 * which is closed); -errno on failure. */
static int socket_holding(int inner)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b = 'x';
	struct iovec iov = { &b, 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
		return -errno;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &inner, sizeof(int));
	if (sendmsg(sv[0], &mh, 0) < 0)
		return -errno;
	close(sv[0]);
	return sv[1];
}

/* The attacker, as nobody: pass a lingering socket the @how way. */
static void attacker(int how, int res, int go)
{
	static char big[ISOLD_MSG_MAX + 100];
	int peer = -1, c, fd = -1, i, r[2];

	if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
		_exit(1);
	c = lingering_socket(&peer);
	if (how == REFUSED_CONNECTION)	/* max_clients_per_user = 16 */
		for (i = 0; i < 16; i++)
			fx_connect(&fx);
	fd = fx_connect(&fx);
	r[0] = c;
	r[1] = c < 0 || fd < 0 ? -EBADF : 0;
	if (!r[1] && how == QUEUED_BEHIND_CLOSE)
		r[1] = send(fd, big, sizeof(big), MSG_NOSIGNAL) < 0 ? -errno : 0;
	if (!r[1] && how == NESTED) {
		int u = socket_holding(c);

		r[1] = u < 0 ? u : send_with_fd(fd, u);
		if (u >= 0)
			close(u);
	} else if (!r[1]) {
		r[1] = send_with_fd(fd, c);
	}
	if (c >= 0 && r[1]) {
		/* Refused: the last close would be ours. */
		struct linger off = { 1, 0 };

		setsockopt(c, SOL_SOCKET, SO_LINGER, &off, sizeof(off));
	}
	if (c >= 0)
		close(c);	/* isold would hold the last reference */
	if (write(res, r, sizeof(r)) != sizeof(r))
		_exit(1);
	/* Keep the peer (and so the lingering close) until told. */
	if (read(go, r, 1) < 0)
		_exit(1);
	close(peer);
	_exit(0);
}

/* Root's STATUS over a fresh connection: the reply's type or -errno. */
static int root_status(void)
{
	union isold_msg m = { 0 }, rep;
	char buf[ISOLD_MSG_MAX];
	ssize_t n = isold_msg_encode(&m, ISOLD_STATUS, 7, buf, sizeof(buf));
	int fd = fx_connect(&fx), ret;

	ret = fd < 0 ? fd : fx_send_raw(fd, buf, (size_t)n);
	if (!ret)
		ret = fx_recv(fd, &rep, 20000);
	if (fd >= 0)
		close(fd);
	return ret;
}

int main(void)
{
	static const char *const accept_fds[] = { "ISOLD_DEBUG_ACCEPT_FDS=1",
						  NULL };
	int res[2], go[2], r[2], how, ret, round;
	pid_t a;

	for (round = 0; round < 2; round++)
	for (how = WITH_REQUEST; how <= NESTED; how++) {
		if (how == WITH_REQUEST &&
		    (fx_create(&fx, NULL) ||
		     fx_start(&fx, round ? accept_fds : NULL))) {
			printf("Bail out! daemon did not start\n");
			fx_dump_log(&fx);
			return 1;
		}
		if (how == WITH_REQUEST)
			TAP_DIAG("%s", round ? "isold as on a kernel without "
				 "SO_PASSRIGHTS" : "isold as it is");
		if (pipe(res) || pipe(go))
			return 1;
		adv_freeze(fx.daemon);
		a = fork();
		if (!a)
			attacker(how, res[1], go[0]);
		if (read(res[0], r, sizeof(r)) != sizeof(r) ||
		    r[0] == -EAFNOSUPPORT) {
			adv_thaw(fx.daemon);
			printf("1..0 # SKIP no TCP in this kernel\n");
			fx_destroy(&fx);
			return 77;
		}
		if (r[0] < 0) {
			adv_thaw(fx.daemon);
			printf("Bail out! attacker could not set up (%d)\n",
			       r[0]);
			return 1;
		}
		adv_thaw(fx.daemon);
		TAP_DIAG("%s: the attacker's sendmsg: %s", what[how],
			 r[1] ? strerror(-r[1]) : "sent");
		ret = root_status();
		TAP_OK(ret == (ISOLD_REPLY | ISOLD_STATUS), "%sa lingering "
		       "socket passed %s: root's STATUS is served (%d%s)",
		       round ? "descriptors accepted: " : "", what[how], ret,
		       ret == -ETIMEDOUT ? ": the daemon is stuck closing "
		       "the passed socket" : "");
		/* Let the attacker go (its peer's close frees a stuck
		 * daemon); its connections close with it. */
		if (write(go[1], "x", 1) != 1)
			TAP_DIAG("attacker already gone");
		waitpid(a, NULL, 0);
		close(res[0]);
		close(res[1]);
		close(go[0]);
		close(go[1]);
		if (how < NESTED)
			continue;
		TAP_OK(kill(fx.daemon, 0) == 0, "the daemon is still "
		       "running");
		fx_stop(&fx, SIGTERM);
		if (tap_failed)
			fx_dump_log(&fx);
		fx_destroy(&fx);
	}
	return tap_done();
}
