// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claim.c - the isold client: CLAIM/RELEASE of an RT CPU and the
 * WHITELIST request (docs/isold-protocol.md).  One connection per request;
 * a claim lives as long as the claiming thread, not the connection.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"
#include "bitlist.h"
#include "isold_proto.h"
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

/* Send @req (type @type), read the reply into @rep.  Returns its status. */
static int transact(union isold_msg *req, uint16_t type, union isold_msg *rep)
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
		ret = -errno;
		goto out;
	}
	do
		n = recv(fd, buf, sizeof(buf), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		ret = -errno;
		goto out;
	}
	ret = isold_msg_decode(buf, (size_t)n, rep);
	if (ret < 0) {
		pr_warn("libisol: undecodable reply from isold (%d)\n", ret);
		ret = -EPROTO;
		goto out;
	}
	if (rep->hdr.seq != my_seq ||
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

int isol_claim_cpu(struct isol_thread *t, const cpu_set_t *rt)
{
	union isold_msg req, rep;
	unsigned int i;
	int err, cpu = -1;

	memset(&req, 0, sizeof(req));
	req.claim.ncpus = 1;
	req.claim.flags = 0;
	req.claim.tid = (int32_t)gettid();
	req.claim.node = -1;
	err = transact(&req, ISOLD_CLAIM, &rep);
	if (err) {
		pr_info("libisol: isold CLAIM failed (%d)\n", err);
		return err;
	}
	for (i = 0; i < ISOLD_MAX_CPUS && i < CPU_SETSIZE; i++)
		if (isold_mask_test(rep.claim_rep.cpus, i)) {
			cpu = (int)i;
			break;
		}
	t->claim_id = rep.claim_rep.claim_id;
	t->claimed = true;
	if (cpu < 0 || (CPU_COUNT(rt) && !CPU_ISSET(cpu, rt))) {
		pr_warn("libisol: isold granted CPU %d, not an RT CPU\n", cpu);
		isol_release_cpu(t);
		return -EPROTO;
	}
	t->cpu = cpu;
	return 0;
}

void isol_release_cpu(struct isol_thread *t)
{
	union isold_msg req, rep;
	int err;

	if (!t->claimed)
		return;
	memset(&req, 0, sizeof(req));
	req.release.claim_id = t->claim_id;
	err = transact(&req, ISOLD_RELEASE, &rep);
	if (err)
		pr_warn("libisol: isold RELEASE of claim %u failed (%d)\n",
			t->claim_id, err);
	else
		pr_debug("libisol: isold released claim %u (%u)\n",
			 t->claim_id, rep.release_rep.released);
	t->claimed = false;
	t->claim_id = 0;
}

int isol_whitelist_from_daemon(unsigned long *bits, unsigned int nbits)
{
	union isold_msg req, rep;
	unsigned int i;
	int err;

	memset(&req, 0, sizeof(req));
	req.whitelist.abi = 0;	/* x86_64 */
	err = transact(&req, ISOLD_WHITELIST, &rep);
	if (err)
		return err;
	for (i = 0; i < nbits && i < rep.whitelist_rep.nbits &&
		    i < ISOLD_MAX_SYSCALLS; i++)
		if (isold_mask_test(rep.whitelist_rep.allowed, i))
			bitlist_set(bits, i);
	return 0;
}
