// SPDX-License-Identifier: LGPL-2.1-or-later
/* isold_client.c - one request/reply exchange with isold. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "isold_client.h"
#include "paths.h"

static int connect_isold(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, err;

	err = isol_path(ISOL_ROOT_RUNDIR, ISOLD_SOCK_NAME, sa.sun_path,
			sizeof(sa.sun_path));
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = errno;
		close(fd);
		/* No socket file and nobody listening mean the same. */
		return err == ENOENT ? -ECONNREFUSED : -err;
	}
	return fd;
}

int isold_transact(union isold_msg *req, uint16_t type, union isold_msg *rep)
{
	static uint32_t seq;
	unsigned char buf[ISOLD_MSG_MAX];
	uint32_t my_seq = __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
	ssize_t n;
	int fd, ret;

	n = isold_msg_encode(req, type, my_seq, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	fd = connect_isold();
	if (fd < 0)
		return fd;
	if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n) {
		/* SOCK_SEQPACKET: a failed send delivered nothing. */
		ret = -errno;
		goto out;
	}
	do
		n = recv(fd, buf, sizeof(buf), 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		/* Sent, but no reply: the outcome is unknown. */
		ret = n == 0 || errno == ECONNRESET || errno == EPIPE ?
		      -ECONNRESET : -errno;
		goto out;
	}
	ret = isold_msg_decode(buf, (size_t)n, rep);
	if (ret < 0 || rep->hdr.seq != my_seq ||
	    (ret != (ISOLD_REPLY | type) && ret != ISOLD_ERROR)) {
		ret = -EPROTO;
		goto out;
	}
	ret = rep->reply.status;
	if (!ret && rep->hdr.type == ISOLD_ERROR)
		ret = -EPROTO;
out:
	close(fd);
	return ret;
}
