// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: every class of malformed request sent to the real daemon
 * gets an ERROR reply (or, when oversized or repeated, a closed
 * connection), and changes nothing: STATUS and the journal are identical
 * before and after, and the daemon keeps serving.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "../../lib/tap.h"

static struct fixture fx;

static void build(union isold_msg *m, uint16_t type, char *buf, size_t *len)
{
	ssize_t n = isold_msg_encode(m, type, 7, buf, ISOLD_MSG_MAX);

	*len = n > 0 ? (size_t)n : 0;
}

/* Send raw bytes on a fresh connection; expect an ERROR reply @err. */
static void expect(const char *what, const void *buf, size_t len, int err)
{
	union isold_msg r;
	int fd = fx_connect(&fx), ret;

	fx_send_raw(fd, buf, len);
	ret = fx_recv(fd, &r, 3000);
	TAP_OK(ret == ISOLD_ERROR && r.reply.status == err,
	       "%s: ERROR %d (got type %d status %d)", what, err, ret,
	       r.reply.status);
	close(fd);
}

int main(void)
{
	static char buf[ISOLD_MSG_MAX * 2];
	char j0[4096], j1[4096];
	union isold_msg m, before, after, r;
	struct isold_claim_req *c;
	size_t len;
	int fd, i, ret, st;
	pid_t h;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	h = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, NULL);
	fx_status(&fx, &before);
	fx_read(&fx, "run/isol/state", j0, sizeof(j0));

	memset(&m, 0, sizeof(m));
	m.claim.ncpus = 1;
	m.claim.node = -1;
	build(&m, ISOLD_CLAIM, buf, &len);
	c = (struct isold_claim_req *)buf;

	expect("empty datagram header (4 bytes)", buf, 4, -EBADMSG);
	expect("truncated CLAIM (header only, len 32)", buf, 16, -EBADMSG);
	c->hdr.len = 16;
	expect("truncated CLAIM (header only, len consistent)", buf, 16,
	       -EINVAL);
	c->hdr.len = 32;
	c->hdr.magic ^= 1;
	expect("bad magic", buf, len, -EBADMSG);
	c->hdr.magic ^= 1;
	c->hdr.version = 2;
	expect("unknown version", buf, len, -EPROTO);
	c->hdr.version = 1;
	c->hdr.type = 99;
	expect("unknown type", buf, len, -ENOMSG);
	{
		static char rbuf[ISOLD_MSG_MAX];
		union isold_msg rm;
		size_t rlen;

		memset(&rm, 0, sizeof(rm));
		build(&rm, ISOLD_REPLY | ISOLD_STATS, rbuf, &rlen);
		expect("a well-formed reply sent as a request", rbuf, rlen,
		       -ENOMSG);
	}
	c->hdr.type = ISOLD_CLAIM;
	c->hdr.len = 40;
	memset(buf + 32, 0, 8);
	expect("CLAIM with trailing bytes", buf, 40, -EINVAL);
	c->hdr.len = 32;
	expect("hdr.len != datagram size", buf, 40, -EBADMSG);
	c->ncpus = 0;
	expect("CLAIM of 0 CPUs", buf, len, -EINVAL);
	c->ncpus = 100000;
	expect("CLAIM of 100000 CPUs", buf, len, -EINVAL);
	c->ncpus = 1;
	c->flags = 0x80;
	expect("CLAIM with unknown flags", buf, len, -EINVAL);
	c->flags = 0;
	c->node = 3;
	expect("CLAIM with a node but no NODE flag", buf, len, -EINVAL);
	c->node = -1;
	c->tid = -5;
	expect("CLAIM with a negative tid", buf, len, -EINVAL);
	c->tid = 0;
	memset(&m, 0, sizeof(m));
	m.release.reserved = 1;
	build(&m, ISOLD_RELEASE, buf, &len);
	expect("RELEASE with a reserved field set", buf, len, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.whitelist.abi = 2;
	build(&m, ISOLD_WHITELIST, buf, &len);
	expect("WHITELIST of ABI 2 (x32)", buf, len, -EINVAL);

	/* Valid encoding, refused by the daemon: no state change either. */
	memset(&m, 0, sizeof(m));
	m.claim.ncpus = 1;
	m.claim.node = -1;
	m.claim.tid = 1;		/* init: not a thread of ours */
	fd = fx_connect(&fx);
	ret = fx_rpc(fd, &m, ISOLD_CLAIM, &r);
	TAP_OK(ret > 0 && r.reply.status == -EINVAL,
	       "CLAIM for a thread of another process: EINVAL");
	memset(&m, 0, sizeof(m));
	m.claim.ncpus = 1;
	m.claim.flags = ISOLD_CLAIM_F_PROCESS;
	m.claim.node = -1;
	m.claim.tid = h;
	ret = fx_rpc(fd, &m, ISOLD_CLAIM, &r);
	TAP_OK(ret > 0 && r.reply.status == -EINVAL,
	       "PROCESS claim naming another pid: EINVAL");
	close(fd);

	/* Oversized: error, then the connection is closed. */
	fd = fx_connect(&fx);
	memset(buf, 0, sizeof(buf));
	fx_send_raw(fd, buf, ISOLD_MSG_MAX + 100);
	ret = fx_recv(fd, &r, 3000);
	TAP_OK(ret == ISOLD_ERROR && r.reply.status == -EMSGSIZE,
	       "oversized datagram: ERROR EMSGSIZE (%d)", r.reply.status);
	ret = fx_recv(fd, &r, 3000);
	TAP_OK(ret == -EPIPE, "... and the connection closed (%d)", ret);
	close(fd);

	/* Repeated garbage: closed after 16 bad messages. */
	fd = fx_connect(&fx);
	for (i = 0; i < 20; i++) {
		if (fx_send_raw(fd, "garbage-garbage-garbage", 23))
			break;
		if (fx_recv(fd, &r, 3000) != ISOLD_ERROR)
			break;
	}
	TAP_OK(i == 16, "connection closed after 16 malformed messages (%d)",
	       i);
	close(fd);

	/* A connection that closes without sending anything. */
	fd = fx_connect(&fx);
	close(fd);

	fx_status(&fx, &after);
	fx_read(&fx, "run/isol/state", j1, sizeof(j1));
	TAP_OK(before.status_rep.total == 1 &&
	       !memcmp(&before, &after, sizeof(before)),
	       "STATUS identical after all of it");
	TAP_OK(!strcmp(j0, j1), "journal identical");
	fd = fx_connect(&fx);
	memset(&m, 0, sizeof(m));
	ret = fx_rpc(fd, &m, ISOLD_STATS, &r);
	TAP_OK(ret > 0 && r.stats_rep.bad_requests >= 30,
	       "STATS counts %llu bad requests",
	       (unsigned long long)r.stats_rep.bad_requests);
	close(fd);
	fx_kill(h);
	TAP_OK(fx_stop(&fx, SIGTERM) == 0, "daemon still alive, exits cleanly");
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
