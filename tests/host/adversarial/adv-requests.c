// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 13, the protocol ones): a 0-byte datagram
 * gets the documented ERROR reply with EBADMSG (and the connection stays
 * usable); a claim for a thread of the caller that has just exited gets
 * ESRCH, a claim for a thread of another process EINVAL; a datagram that
 * carries file descriptors (SCM_RIGHTS) leaves none open in the daemon.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

static void *thread_fn(void *arg)
{
	*(pid_t *)arg = gettid();
	return NULL;
}

static int claim_tid(pid_t tid)
{
	union isold_msg m = { 0 }, r;
	int fd = fx_connect(&fx), ret;

	m.claim.ncpus = 1;
	m.claim.tid = tid;
	m.claim.node = -1;
	ret = fx_rpc(fd, &m, ISOLD_CLAIM, &r);
	close(fd);
	return ret < 0 ? ret : r.reply.status;
}

static int nfds(pid_t pid)
{
	char p[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(p, sizeof(p), "/proc/%d/fd", (int)pid);
	d = opendir(p);
	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	union isold_msg m = { 0 }, r;
	pthread_t th;
	pid_t tid = 0;
	int fd, ret, before;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	fd = fx_connect(&fx);
	ret = (int)send(fd, "", 0, MSG_NOSIGNAL);
	ret = ret ? -errno : fx_recv(fd, &r, 3000);
	TAP_OK(ret == ISOLD_ERROR && r.reply.status == -EBADMSG,
	       "a 0-byte datagram: ERROR EBADMSG (got %d, status %d)", ret,
	       r.reply.status);
	ret = fx_rpc(fd, &m, ISOLD_STATS, &r);
	TAP_OK(ret == (ISOLD_REPLY | ISOLD_STATS), "the connection still "
	       "serves (%d)", ret);
	close(fd);

	pthread_create(&th, NULL, thread_fn, &tid);
	pthread_join(th, NULL);
	ret = claim_tid(tid);
	TAP_OK(ret == -ESRCH, "claim for a thread that has exited: ESRCH "
	       "(%s)", strerror(-ret));
	ret = claim_tid(fx.daemon);
	TAP_OK(ret == -EINVAL, "claim for another process's thread: EINVAL "
	       "(%s)", strerror(-ret));

	/* File descriptors passed along with a request. */
	/* Let the daemon close the connections above first (up to 2 s). */
	before = nfds(fx.daemon);
	for (int i = 0, n; i < 20; i++, before = n) {
		usleep(100000);
		n = nfds(fx.daemon);
		if (n == before)
			break;
	}
	fd = fx_connect(&fx);
	{
		char buf[ISOLD_MSG_MAX], cbuf[CMSG_SPACE(8 * sizeof(int))];
		int fds[8], i;
		struct iovec iov = { buf, 0 };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

		memset(&m, 0, sizeof(m));
		iov.iov_len = (size_t)isold_msg_encode(&m, ISOLD_STATS, 1, buf,
						       sizeof(buf));
		for (i = 0; i < 8; i++)
			fds[i] = 0;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(c), fds, sizeof(fds));
		for (i = 0; i < 20; i++) {
			sendmsg(fd, &mh, MSG_NOSIGNAL);
			fx_recv(fd, &r, 3000);
		}
	}
	close(fd);
	fx_status(&fx, &r);
	/*
	 * The daemon sees the EOF of the connections above (and of
	 * fx_status()'s) asynchronously: wait for that, up to 5 s. A daemon
	 * that kept a passed descriptor never gets back to the count.
	 */
	for (int i = 0; i < 100 && nfds(fx.daemon) > before; i++)
		usleep(50000);
	TAP_OK(nfds(fx.daemon) <= before, "160 file descriptors sent with "
	       "requests: none kept by the daemon (%d open, %d before)",
	       nfds(fx.daemon), before);
	TAP_OK(kill(fx.daemon, 0) == 0, "the daemon is still running");
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
