// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: namespaces and dead senders do not lend a client another
 * identity (these held when tried; the test keeps them so):
 *  - root of a user namespace an unprivileged user made (uid 65533 is
 *    uid 0 there) is uid 65533 to isold, even when it sends explicit
 *    SCM_CREDENTIALS for uid 0: CLAIM gets EPERM (no policy for 65533),
 *    RELOAD EPERM;
 *  - a client in a pid namespace of its own names thread 1 (itself, in
 *    its namespace): isold resolves numbers in its own namespace, where 1
 *    is not a thread of the client: EINVAL, and isold's pid 1 keeps its
 *    affinity;
 *  - a sender that has exited (a zombie its parent has not reaped) before
 *    isold reads its CLAIM gets nothing: no claim is made for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		ret = -errno;
	close(fd);
	return ret;
}

/* Send @m as @type with explicit credentials uid/gid 0 (as the caller
 * sees them) and read the reply status. */
static int rpc_as_root(int fd, union isold_msg *m, uint16_t type)
{
	char buf[ISOLD_MSG_MAX], cbuf[CMSG_SPACE(sizeof(struct ucred))];
	struct ucred u = { .pid = getpid(), .uid = 0, .gid = 0 };
	struct iovec iov = { buf, 0 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	union isold_msg rep;
	int ret;

	iov.iov_len = (size_t)isold_msg_encode(m, type, 3, buf, sizeof(buf));
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(u));
	memcpy(CMSG_DATA(c), &u, sizeof(u));
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
		return -1000 - errno;
	ret = fx_recv(fd, &rep, 5000);
	return ret < 0 ? ret : rep.reply.status;
}

/* As 65533 become root of a new user namespace; then CLAIM and RELOAD
 * with explicit credentials for uid 0.  Exit code: 0 when both were
 * EPERM, else 10 + which. */
static int userns_root(void)
{
	union isold_msg m = { 0 };
	char map[64];
	int fd, c, r;

	if (adv_drop(ADV_OTHER, ADV_OTHER) || unshare(CLONE_NEWUSER))
		return 2;
	snprintf(map, sizeof(map), "0 %d 1", ADV_OTHER);
	if (put("/proc/self/setgroups", "deny") ||
	    put("/proc/self/uid_map", map) || put("/proc/self/gid_map", map) ||
	    getuid() != 0)
		return 3;
	fd = fx_connect(&fx);
	m.claim.ncpus = 1;
	m.claim.node = -1;
	c = rpc_as_root(fd, &m, ISOLD_CLAIM);
	memset(&m, 0, sizeof(m));
	r = rpc_as_root(fd, &m, ISOLD_RELOAD);
	printf("# user-namespace root: CLAIM %d, RELOAD %d\n", c, r);
	fflush(stdout);
	return c != -EPERM ? 10 : r != -EPERM ? 11 : 0;
}

/* As nobody in a new user + pid namespace, as its pid 1: CLAIM for
 * thread 1.  Exit code: the reply status, negated. */
static int pidns_client(void)
{
	union isold_msg m = { 0 }, rep;
	pid_t pid;
	char map[64];
	int st, fd, ret;

	if (adv_drop(ADV_NOBODY, ADV_NOGROUP) ||
	    unshare(CLONE_NEWUSER | CLONE_NEWPID))
		return 200;
	snprintf(map, sizeof(map), "0 %d 1", ADV_NOBODY);
	if (put("/proc/self/setgroups", "deny") ||
	    put("/proc/self/uid_map", map) || put("/proc/self/gid_map", map))
		return 201;
	pid = fork();
	if (!pid) {
		fd = fx_connect(&fx);
		m.claim.ncpus = 1;
		m.claim.tid = 1;	/* "me", in this namespace */
		m.claim.node = -1;
		ret = fx_rpc(fd, &m, ISOLD_CLAIM, &rep);
		_exit(ret < 0 ? 202 : -rep.reply.status);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 203;
}

/* STATS claims_denied, -1 if unknown. */
static long long denied_count(void)
{
	union isold_msg m = { 0 }, rep;
	int fd = fx_connect(&fx), ret;

	ret = fd < 0 ? fd : fx_rpc(fd, &m, ISOLD_STATS, &rep);
	if (fd >= 0)
		close(fd);
	return ret == (ISOLD_REPLY | ISOLD_STATS) ?
	       (long long)rep.stats_rep.claims_denied : -1;
}

int main(void)
{
	long long denied;
	unsigned long long init_aff;
	union isold_msg s;
	int st, ret, p[2];
	pid_t a;

	if (adv_pidns()) {
		printf("1..0 # SKIP no pid namespace (needs root)\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}

	fflush(stdout);
	a = fork();
	if (!a)
		_exit(userns_root());
	waitpid(a, &st, 0);
	ret = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	if (ret == 2 || ret == 3)
		TAP_SKIP("no unprivileged user namespaces here");
	else
		TAP_OK(ret == 0, "root of a user namespace is uid %d to isold: "
		       "CLAIM and RELOAD with uid 0 credentials get EPERM (%d)",
		       ADV_OTHER, ret);

	init_aff = adv_affinity(1);
	fflush(stdout);
	a = fork();
	if (!a)
		_exit(pidns_client());
	waitpid(a, &st, 0);
	ret = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	if (ret >= 200)
		TAP_SKIP("no unprivileged user + pid namespaces here");
	else
		TAP_OK(ret == EINVAL && adv_affinity(1) == init_aff &&
		       !fx_status(&fx, &s) && s.status_rep.total == 0,
		       "a client in its own pid namespace naming thread 1: "
		       "EINVAL, no claim, isold's pid 1 not moved (%s)",
		       strerror(ret));

	/* A sender that is a zombie when its CLAIM is read. */
	if (pipe(p))
		return 1;
	denied = denied_count();
	adv_freeze(fx.daemon);
	fflush(stdout);
	a = fork();
	if (!a) {
		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(1);
		if (!fork()) {
			union isold_msg m = { 0 };
			char buf[ISOLD_MSG_MAX];
			ssize_t n;

			m.claim.ncpus = 1;
			m.claim.node = -1;
			n = isold_msg_encode(&m, ISOLD_CLAIM, 5, buf,
					     sizeof(buf));
			_exit(fx_send_raw(fx_connect(&fx), buf, (size_t)n) ?
			      1 : 0);
		}
		/* Do not reap it: it stays a zombie. */
		if (read(p[0], &st, 1) < 0)
			_exit(1);
		_exit(0);
	}
	/* The grandchild is a zombie once its parent has no child running. */
	for (ret = 0; ret < 5000; ret++) {
		char path[64], buf[256] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/children",
			 (int)a, (int)a);
		f = fopen(path, "r");
		if (f) {
			if (!fgets(buf, sizeof(buf), f))
				buf[0] = '\0';
			fclose(f);
		}
		if (buf[0]) {
			char state = '?', *q;

			snprintf(path, sizeof(path), "/proc/%d/stat", atoi(buf));
			f = fopen(path, "r");
			if (f) {
				if (fgets(buf, sizeof(buf), f) &&
				    (q = strrchr(buf, ')')))
					state = q[2];
				fclose(f);
			}
			if (state == 'Z')
				break;
		}
		usleep(1000);
	}
	TAP_DIAG("the sender is %s when isold reads its CLAIM",
		 ret < 5000 ? "a zombie" : "(not seen as a zombie)");
	adv_thaw(fx.daemon);
	denied = denied_count() - denied;	/* served after the CLAIM */
	TAP_OK(denied == 1 && !fx_status(&fx, &s) && s.status_rep.total == 0,
	       "a CLAIM whose sender is a zombie when it is read is denied, "
	       "no claim made (%u claim(s), %lld denied)", s.status_rep.total,
	       denied);
	if (write(p[1], "x", 1) != 1)
		TAP_DIAG("the zombie's parent is gone");
	waitpid(a, NULL, 0);

	TAP_OK(kill(fx.daemon, 0) == 0, "the daemon is still running");
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
