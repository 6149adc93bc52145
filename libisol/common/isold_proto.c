// SPDX-License-Identifier: LGPL-2.1-or-later
/* isold_proto.c - the one encoder/decoder of isold client messages. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "isold_proto.h"

void isold_mask_from_cpus(uint64_t *m, const cpu_set_t *s)
{
	int cpu;

	memset(m, 0, ISOLD_CPU_WORDS * sizeof(*m));
	for (cpu = 0; cpu < ISOLD_MAX_CPUS && cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, s))
			isold_mask_set(m, (unsigned int)cpu);
}

void isold_mask_to_cpus(const uint64_t *m, cpu_set_t *s)
{
	unsigned int cpu;

	CPU_ZERO(s);
	for (cpu = 0; cpu < ISOLD_MAX_CPUS && cpu < CPU_SETSIZE; cpu++)
		if (isold_mask_test(m, cpu))
			CPU_SET(cpu, s);
}

/*
 * The wire format is little-endian and the structs have no implicit
 * padding, so on a little-endian host the wire bytes are the structs.
 */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "isold_proto: big-endian hosts need byte swapping here"
#endif

#define WIRE_SIZE(type, size) \
	_Static_assert(sizeof(struct type) == (size), #type " wire size")
WIRE_SIZE(isold_hdr, 16);
WIRE_SIZE(isold_reply_hdr, 24);
WIRE_SIZE(isold_claim_req, 32);
WIRE_SIZE(isold_claim_rep, 32 + 8 * ISOLD_CPU_WORDS);
WIRE_SIZE(isold_release_req, 24);
WIRE_SIZE(isold_release_rep, 32);
WIRE_SIZE(isold_status_req, 24);
WIRE_SIZE(isold_claim_ent, 32 + 8 * ISOLD_CPU_WORDS);
WIRE_SIZE(isold_whitelist_req, 24);
WIRE_SIZE(isold_whitelist_rep, 32 + 16 * ISOLD_SC_WORDS);
WIRE_SIZE(isold_stats_req, 16);
WIRE_SIZE(isold_stats_rep, 24 + 17 * 8);
WIRE_SIZE(isold_reload_req, 16);
WIRE_SIZE(isold_reload_rep, 32 + ISOLD_REASON_MAX);
WIRE_SIZE(isold_rules_req, 24);
WIRE_SIZE(isold_rules_rep, 40 + ISOLD_RULES_TEXT_MAX + 8);
WIRE_SIZE(isold_reserve_req, 24 + 8 * ISOLD_CPU_WORDS);
WIRE_SIZE(isold_reserve_rep, 32 + 24 * ISOLD_CPU_WORDS + ISOLD_REASON_MAX);
_Static_assert(offsetof(struct isold_status_rep, entries) ==
	       64 + 16 * ISOLD_CPU_WORDS, "status fixed part");
_Static_assert(sizeof(union isold_msg) <= ISOLD_MSG_MAX, "max message");

#define STATUS_FIXED	offsetof(struct isold_status_rep, entries)

size_t isold_msg_size(uint16_t type, uint32_t count)
{
	switch (type) {
	case ISOLD_CLAIM:
		return sizeof(struct isold_claim_req);
	case ISOLD_RELEASE:
		return sizeof(struct isold_release_req);
	case ISOLD_STATUS:
		return sizeof(struct isold_status_req);
	case ISOLD_WHITELIST:
		return sizeof(struct isold_whitelist_req);
	case ISOLD_STATS:
		return sizeof(struct isold_stats_req);
	case ISOLD_RELOAD:
		return sizeof(struct isold_reload_req);
	case ISOLD_RULES:
		return sizeof(struct isold_rules_req);
	case ISOLD_RESERVE:
		return sizeof(struct isold_reserve_req);
	case ISOLD_REPLY | ISOLD_CLAIM:
		return sizeof(struct isold_claim_rep);
	case ISOLD_REPLY | ISOLD_RELEASE:
		return sizeof(struct isold_release_rep);
	case ISOLD_REPLY | ISOLD_STATUS:
		if (count > ISOLD_STATUS_MAX)
			return 0;
		return STATUS_FIXED + count * sizeof(struct isold_claim_ent);
	case ISOLD_REPLY | ISOLD_WHITELIST:
		return sizeof(struct isold_whitelist_rep);
	case ISOLD_REPLY | ISOLD_STATS:
		return sizeof(struct isold_stats_rep);
	case ISOLD_REPLY | ISOLD_RELOAD:
		return sizeof(struct isold_reload_rep);
	case ISOLD_REPLY | ISOLD_RULES:
		return sizeof(struct isold_rules_rep);
	case ISOLD_REPLY | ISOLD_RESERVE:
		return sizeof(struct isold_reserve_rep);
	case ISOLD_ERROR:
		return sizeof(struct isold_reply_hdr);
	}
	return 0;
}

const char *isold_msg_name(uint16_t type)
{
	static const char *const names[] = {
		[ISOLD_CLAIM] = "CLAIM", [ISOLD_RELEASE] = "RELEASE",
		[ISOLD_STATUS] = "STATUS", [ISOLD_WHITELIST] = "WHITELIST",
		[ISOLD_STATS] = "STATS", [ISOLD_RELOAD] = "RELOAD",
		[ISOLD_RULES] = "RULES", [ISOLD_RESERVE] = "RESERVE",
	};

	if (type == ISOLD_ERROR)
		return "ERROR";
	type &= ~ISOLD_REPLY;
	if (type >= 1 && type <= ISOLD_TYPE_MAX)
		return names[type];
	return "?";
}

static unsigned int mask_weight(const uint64_t *m, unsigned int words)
{
	unsigned int i, n = 0;

	for (i = 0; i < words; i++)
		n += (unsigned int)__builtin_popcountll(m[i]);
	return n;
}

/* Field checks after the sizes are known to be right. */
static int check_fields(const union isold_msg *m)
{
	uint16_t type = m->hdr.type;

	if ((type & ISOLD_REPLY) && (m->reply.status > 0 ||
				     m->reply.status < -4095 ||
				     m->reply.reserved))
		return -EINVAL;

	switch (type) {
	case ISOLD_CLAIM:
		if (!m->claim.ncpus || m->claim.ncpus > ISOLD_MAX_CPUS)
			return -EINVAL;
		if (m->claim.flags & ~ISOLD_CLAIM_F_MASK)
			return -EINVAL;
		if (m->claim.tid < 0)
			return -EINVAL;
		if (m->claim.flags & ISOLD_CLAIM_F_NODE) {
			if (m->claim.node < 0 || m->claim.node >= ISOLD_MAX_CPUS)
				return -EINVAL;
		} else if (m->claim.node != -1) {
			return -EINVAL;
		}
		return 0;
	case ISOLD_RELEASE:
		return m->release.reserved ? -EINVAL : 0;
	case ISOLD_STATUS:
		return m->status.reserved ? -EINVAL : 0;
	case ISOLD_WHITELIST:
		if (m->whitelist.reserved || m->whitelist.abi > 1)
			return -EINVAL;
		return 0;
	case ISOLD_RULES:
		if (m->rules.reserved || m->rules.abi > 1)
			return -EINVAL;
		return 0;
	case ISOLD_REPLY | ISOLD_RULES: {
		const struct isold_rules_rep *r = &m->rules_rep;
		size_t i;

		/* an error reply is all zero */
		if (r->r.status)
			return r->abi || r->flags || r->nrules || r->len ||
			       r->text[0] ? -EINVAL : 0;
		if (r->abi > 1 || (r->flags & ~ISOLD_RULES_F_MASK) ||
		    r->len > ISOLD_RULES_TEXT_MAX || !r->len ||
		    strnlen(r->text, sizeof(r->text)) != r->len)
			return -EINVAL;
		for (i = r->len; i < sizeof(r->text); i++)
			if (r->text[i])
				return -EINVAL;
		return 0;
	}
	case ISOLD_RESERVE: {
		unsigned int n = mask_weight(m->reserve.cpus, ISOLD_CPU_WORDS);

		if (m->reserve.op > ISOLD_RESERVE_OP_MAX ||
		    (m->reserve.flags & ~ISOLD_RESERVE_F_MASK) ||
		    ((m->reserve.flags & ISOLD_RESERVE_F_FORCE) &&
		     m->reserve.op != ISOLD_RESERVE_OP_RELEASE))
			return -EINVAL;
		if (m->reserve.op == ISOLD_RESERVE_OP_QUERY ? n != 0 : n == 0)
			return -EINVAL;
		return 0;
	}
	case ISOLD_REPLY | ISOLD_RESERVE:
		if (m->reserve_rep.reserved ||
		    !memchr(m->reserve_rep.reason, '\0',
			    sizeof(m->reserve_rep.reason)))
			return -EINVAL;
		return 0;
	case ISOLD_REPLY | ISOLD_CLAIM:
		if (m->claim_rep.ncpus !=
		    mask_weight(m->claim_rep.cpus, ISOLD_CPU_WORDS))
			return -EINVAL;
		return 0;
	case ISOLD_REPLY | ISOLD_RELEASE:
		return m->release_rep.reserved ? -EINVAL : 0;
	case ISOLD_REPLY | ISOLD_STATUS:
		if (m->status_rep.first > m->status_rep.total ||
		    m->status_rep.count > m->status_rep.total -
					  m->status_rep.first)
			return -EINVAL;
		if (m->status_rep.wl_status > 0 ||
		    m->status_rep.wl_status < -4095 ||
		    m->status_rep.reload_status > 0 ||
		    m->status_rep.reload_status < -4095)
			return -EINVAL;
		return 0;
	case ISOLD_REPLY | ISOLD_RELOAD:
		if (m->reload_rep.reserved ||
		    !memchr(m->reload_rep.reason, '\0',
			    sizeof(m->reload_rep.reason)))
			return -EINVAL;
		return 0;
	case ISOLD_REPLY | ISOLD_WHITELIST:
		if (m->whitelist_rep.abi > 1 ||
		    m->whitelist_rep.nbits > ISOLD_MAX_SYSCALLS)
			return -EINVAL;
		return 0;
	}
	return 0;
}

int isold_msg_decode(const void *buf, size_t len, union isold_msg *out)
{
	const struct isold_hdr *h = buf;
	uint32_t count = 0;
	size_t want;

	memset(out, 0, sizeof(*out));
	if (len < sizeof(struct isold_hdr))
		return -EBADMSG;
	memcpy(&out->hdr, h, sizeof(out->hdr));
	if (len > ISOLD_MSG_MAX)
		return -EMSGSIZE;
	if (out->hdr.magic != ISOLD_PROTO_MAGIC)
		return -EBADMSG;
	if (out->hdr.version != ISOLD_PROTO_VERSION)
		return -EPROTO;
	if (out->hdr.len != len)
		return -EBADMSG;
	if (!isold_msg_size(out->hdr.type, 0))
		return -ENOMSG;
	if (out->hdr.type == (ISOLD_REPLY | ISOLD_STATUS)) {
		if (len < STATUS_FIXED)
			return -EINVAL;
		memcpy(&count, (const char *)buf +
		       offsetof(struct isold_status_rep, count), sizeof(count));
	}
	want = isold_msg_size(out->hdr.type, count);
	if (!want || len != want)
		return -EINVAL;
	memcpy(out, buf, len);
	return check_fields(out) ?: out->hdr.type;
}

ssize_t isold_msg_encode(union isold_msg *m, uint16_t type, uint32_t seq,
			 void *buf, size_t len)
{
	uint32_t count = type == (ISOLD_REPLY | ISOLD_STATUS) ?
			 m->status_rep.count : 0;
	size_t size = isold_msg_size(type, count);

	if (!size)
		return -EINVAL;
	if (size > len)
		return -ENOSPC;
	m->hdr.magic = ISOLD_PROTO_MAGIC;
	m->hdr.version = ISOLD_PROTO_VERSION;
	m->hdr.type = type;
	m->hdr.len = (uint32_t)size;
	m->hdr.seq = seq;
	memcpy(buf, m, size);
	return (ssize_t)size;
}
