// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: isold_proto.c, the one message decoder.  Every type
 * round-trips; the wire layout is the documented one (golden bytes); each
 * malformation class is rejected with its errno; truncating any valid
 * message at any length is rejected.
 */
#include <errno.h>
#include <string.h>

#include "isold_proto.h"
#include "../../lib/tap.h"

static char buf[ISOLD_MSG_MAX + 64];

static void roundtrip(uint16_t type, union isold_msg *m)
{
	union isold_msg out;
	ssize_t n = isold_msg_encode(m, type, 99, buf, sizeof(buf));
	int ret = n > 0 ? isold_msg_decode(buf, (size_t)n, &out) : (int)n;
	size_t cut;
	int bad = 0;

	TAP_OK(ret == type && out.hdr.seq == 99 &&
	       !memcmp(&out, m, (size_t)n), "%s%s round-trips (%zd bytes)",
	       isold_msg_name(type), type & ISOLD_REPLY ? " reply" : "", n);
	for (cut = 0; n > 0 && cut < (size_t)n; cut++)
		if (isold_msg_decode(buf, cut, &out) >= 0)
			bad++;
	TAP_OK(!bad, "%s: every truncation rejected", isold_msg_name(type));
}

static void reject(const char *what, const void *b, size_t len, int want)
{
	union isold_msg out;
	int ret = isold_msg_decode(b, len, &out);

	TAP_OK(ret == want, "%s: %d (got %d)", what, want, ret);
}

int main(void)
{
	static const unsigned char golden[32] = {
		0x49, 0x53, 0x4f, 0x4c, 0x01, 0x00, 0x01, 0x00,
		0x20, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
		0x92, 0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	};
	union isold_msg m, out;
	ssize_t n;

	memset(&m, 0, sizeof(m));
	m.claim.ncpus = 1;
	m.claim.flags = ISOLD_CLAIM_F_NODE;
	m.claim.tid = 4242;
	m.claim.node = 1;
	n = isold_msg_encode(&m, ISOLD_CLAIM, 7, buf, sizeof(buf));
	TAP_OK(n == 32 && !memcmp(buf, golden, 32),
	       "CLAIM wire bytes as in docs/isold-protocol.md");
	roundtrip(ISOLD_CLAIM, &m);
	memset(&m, 0, sizeof(m));
	m.release.claim_id = 3;
	roundtrip(ISOLD_RELEASE, &m);
	memset(&m, 0, sizeof(m));
	roundtrip(ISOLD_STATUS, &m);
	roundtrip(ISOLD_STATS, &m);
	m.whitelist.abi = 1;
	roundtrip(ISOLD_WHITELIST, &m);
	memset(&m, 0, sizeof(m));
	m.claim_rep.claim_id = 1;
	m.claim_rep.ncpus = 2;
	isold_mask_set(m.claim_rep.cpus, 2);
	isold_mask_set(m.claim_rep.cpus, 1000);
	roundtrip(ISOLD_REPLY | ISOLD_CLAIM, &m);
	memset(&m, 0, sizeof(m));
	m.status_rep.total = 5;
	m.status_rep.first = 2;
	m.status_rep.count = 3;
	m.status_rep.entries[2].pid = 77;
	m.status_rep.wl_status = -ENOSPC;
	m.status_rep.wl_failures = 3;
	m.status_rep.reloads = 2;
	m.status_rep.log_suppressed = 12345;
	roundtrip(ISOLD_REPLY | ISOLD_STATUS, &m);
	TAP_OK(isold_msg_size(ISOLD_REPLY | ISOLD_STATUS, 3) == 320 + 3 * 160,
	       "STATUS reply size 320 + 160 per entry");
	memset(&m, 0, sizeof(m));
	roundtrip(ISOLD_RELOAD, &m);
	m.reload_rep.r.status = -EINVAL;
	m.reload_rep.reloads = 4;
	snprintf(m.reload_rep.reason, sizeof(m.reload_rep.reason),
		 "w.conf:1: bad");
	roundtrip(ISOLD_REPLY | ISOLD_RELOAD, &m);
	TAP_OK(isold_msg_size(ISOLD_REPLY | ISOLD_RELOAD, 0) == 288,
	       "RELOAD reply size 288");
	memset(&m, 0, sizeof(m));
	m.reply.status = -EBUSY;
	roundtrip(ISOLD_ERROR, &m);
	memset(&m, 0, sizeof(m));
	m.stats_rep.requests = 1ULL << 40;
	roundtrip(ISOLD_REPLY | ISOLD_STATS, &m);
	/* issue 13: RULES */
	memset(&m, 0, sizeof(m));
	m.rules.abi = 1;
	roundtrip(ISOLD_RULES, &m);
	memset(&m, 0, sizeof(m));
	m.rules_rep.nrules = 1;
	m.rules_rep.len = 11;
	memcpy(m.rules_rep.text, "1 fd0=pipe\n", 11);
	roundtrip(ISOLD_REPLY | ISOLD_RULES, &m);
	TAP_OK(isold_msg_size(ISOLD_REPLY | ISOLD_RULES, 0) == 40 + 4104 &&
	       isold_msg_size(ISOLD_RULES, 0) == 24,
	       "RULES sizes: request 24, reply 4144");
	m.rules_rep.len = 12;
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_RULES, 1, buf, sizeof(buf));
	reject("RULES reply: len != strlen(text)", buf, (size_t)n, -EINVAL);
	m.rules_rep.len = 11;
	m.rules_rep.text[100] = 'x';
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_RULES, 1, buf, sizeof(buf));
	reject("RULES reply: bytes after the text", buf, (size_t)n, -EINVAL);
	m.rules_rep.text[100] = '\0';
	m.rules_rep.flags = 2;
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_RULES, 1, buf, sizeof(buf));
	reject("RULES reply: unknown flag", buf, (size_t)n, -EINVAL);
	memset(m.rules_rep.text, 'x', sizeof(m.rules_rep.text));
	m.rules_rep.flags = 0;
	m.rules_rep.len = sizeof(m.rules_rep.text);
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_RULES, 1, buf, sizeof(buf));
	reject("RULES reply: text without NUL", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.rules.abi = 2;
	n = isold_msg_encode(&m, ISOLD_RULES, 1, buf, sizeof(buf));
	reject("RULES: abi 2", buf, (size_t)n, -EINVAL);

	/* Malformation classes. */
	memset(&m, 0, sizeof(m));
	m.claim.ncpus = 1;
	m.claim.node = -1;
	n = isold_msg_encode(&m, ISOLD_CLAIM, 1, buf, sizeof(buf));
	reject("3 bytes", buf, 3, -EBADMSG);
	reject("oversized", buf, ISOLD_MSG_MAX + 1, -EMSGSIZE);
	buf[0] ^= 0xff;
	reject("bad magic", buf, (size_t)n, -EBADMSG);
	buf[0] ^= 0xff;
	buf[4] = 9;
	reject("version 9", buf, (size_t)n, -EPROTO);
	buf[4] = 1;
	buf[6] = 0x42;
	reject("unknown type", buf, (size_t)n, -ENOMSG);
	buf[6] = ISOLD_CLAIM;
	reject("len field != size", buf, (size_t)n - 4, -EBADMSG);
	((struct isold_claim_req *)buf)->flags = 0x100;
	reject("unknown claim flag", buf, (size_t)n, -EINVAL);
	((struct isold_claim_req *)buf)->flags = 0;
	((struct isold_claim_req *)buf)->node = 0;
	reject("node without NODE flag", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.claim_rep.ncpus = 3;
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_CLAIM, 1, buf,
			     sizeof(buf));
	reject("claim reply: ncpus != CPUs in mask", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.reply.status = 5;
	n = isold_msg_encode(&m, ISOLD_ERROR, 1, buf, sizeof(buf));
	reject("positive status", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.status_rep.wl_status = 5;
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_STATUS, 1, buf,
			     sizeof(buf));
	reject("STATUS reply: positive wl_status", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	memset(m.reload_rep.reason, 'x', sizeof(m.reload_rep.reason));
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_RELOAD, 1, buf,
			     sizeof(buf));
	reject("RELOAD reply: reason without NUL", buf, (size_t)n, -EINVAL);
	/* RESERVE (issue 14) */
	memset(&m, 0, sizeof(m));
	m.reserve.op = ISOLD_RESERVE_OP_RELEASE;
	m.reserve.flags = ISOLD_RESERVE_F_FORCE;
	isold_mask_set(m.reserve.cpus, 2);
	isold_mask_set(m.reserve.cpus, 3);
	roundtrip(ISOLD_RESERVE, &m);
	TAP_OK(isold_msg_size(ISOLD_RESERVE, 0) == 152 &&
	       isold_msg_size(ISOLD_REPLY | ISOLD_RESERVE, 0) == 672,
	       "RESERVE sizes as documented (152, 672)");
	n = isold_msg_encode(&m, ISOLD_RESERVE, 1, buf, sizeof(buf));
	((struct isold_reserve_req *)buf)->op = ISOLD_RESERVE_OP_RESERVE;
	reject("RESERVE with FORCE", buf, (size_t)n, -EINVAL);
	((struct isold_reserve_req *)buf)->op = 3;
	((struct isold_reserve_req *)buf)->flags = 0;
	reject("RESERVE op 3", buf, (size_t)n, -EINVAL);
	((struct isold_reserve_req *)buf)->op = ISOLD_RESERVE_OP_QUERY;
	reject("QUERY with CPUs", buf, (size_t)n, -EINVAL);
	((struct isold_reserve_req *)buf)->op = ISOLD_RESERVE_OP_RESERVE;
	((struct isold_reserve_req *)buf)->flags = 2;
	reject("RESERVE unknown flag", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.reserve.op = ISOLD_RESERVE_OP_RESERVE;
	n = isold_msg_encode(&m, ISOLD_RESERVE, 1, buf, sizeof(buf));
	reject("RESERVE without CPUs", buf, (size_t)n, -EINVAL);
	memset(&m, 0, sizeof(m));
	m.reserve.op = ISOLD_RESERVE_OP_QUERY;
	roundtrip(ISOLD_RESERVE, &m);
	memset(&m, 0, sizeof(m));
	m.reserve_rep.r.status = -EBUSY;
	m.reserve_rep.revoked = 1;
	isold_mask_set(m.reserve_rep.busy_cpus, 2);
	strcpy(m.reserve_rep.reason, "CPU(s) 2 are claimed");
	roundtrip(ISOLD_REPLY | ISOLD_RESERVE, &m);
	memset(m.reserve_rep.reason, 'x', sizeof(m.reserve_rep.reason));
	n = isold_msg_encode(&m, ISOLD_REPLY | ISOLD_RESERVE, 1, buf,
			     sizeof(buf));
	reject("RESERVE reply: reason without NUL", buf, (size_t)n, -EINVAL);

	memset(&m, 0, sizeof(m));
	m.status_rep.count = ISOLD_STATUS_MAX + 1;
	TAP_OK(isold_msg_encode(&m, ISOLD_REPLY | ISOLD_STATUS, 1, buf,
				sizeof(buf)) == -EINVAL,
	       "encode refuses a STATUS reply with too many entries");
	memset(&m, 0, sizeof(m));
	TAP_OK(isold_msg_encode(&m, ISOLD_CLAIM, 1, buf, 10) == -ENOSPC,
	       "encode into a short buffer: ENOSPC");
	isold_msg_decode(buf, 2, &out);
	TAP_OK(out.hdr.seq == 0, "decode zero-fills its output on error");
	return tap_done();
}
