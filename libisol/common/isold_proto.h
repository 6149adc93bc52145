/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * isold_proto.h - the client protocol of isold on /run/isol/isold.sock
 * (SOCK_SEQPACKET: one datagram = one message).  docs/isold-protocol.md is
 * the prose version of this file.
 *
 * Every message is a fixed 16-byte header followed by a body whose size is
 * fixed per type (STATUS replies: fixed part + n entries).  All integers are
 * little-endian, all structs are naturally aligned with explicit padding
 * (checked by static asserts in isold_proto.c), reserved fields must be 0.
 *
 * Both sides use isold_msg_encode()/isold_msg_decode(): the decoder is the
 * one place a received byte is interpreted, and the fuzz target.
 */
#ifndef ISOL_COMMON_ISOLD_PROTO_H
#define ISOL_COMMON_ISOLD_PROTO_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ISOLD_SOCK_NAME		"isold.sock"	/* in the run dir (paths.h) */
#define ISOLD_PROTO_MAGIC	0x4c4f5349u	/* "ISOL" on the wire */
#define ISOLD_PROTO_VERSION	1
#define ISOLD_MSG_MAX		16384	/* no valid message is larger */

#define ISOLD_MAX_CPUS		1024	/* width of every CPU mask */
#define ISOLD_CPU_WORDS		(ISOLD_MAX_CPUS / 64)
#define ISOLD_MAX_SYSCALLS	1024	/* width of every syscall mask */
#define ISOLD_SC_WORDS		(ISOLD_MAX_SYSCALLS / 64)
#define ISOLD_STATUS_MAX	64	/* claim entries in one STATUS reply */

/* Message types.  A reply has the request's type | ISOLD_REPLY. */
enum isold_msg_type {
	ISOLD_CLAIM	= 1,
	ISOLD_RELEASE	= 2,
	ISOLD_STATUS	= 3,
	ISOLD_WHITELIST	= 4,
	ISOLD_STATS	= 5,
	ISOLD_RELOAD	= 6,
	ISOLD_RULES	= 7,
	ISOLD_RESERVE	= 8,
	ISOLD_TYPE_MAX	= 8,
	ISOLD_REPLY	= 0x8000,
	/* Reply to a message whose header could not be decoded. */
	ISOLD_ERROR	= 0xffff,
};

struct isold_hdr {
	uint32_t magic;		/* ISOLD_PROTO_MAGIC */
	uint16_t version;	/* ISOLD_PROTO_VERSION */
	uint16_t type;		/* enum isold_msg_type */
	uint32_t len;		/* whole message, header included */
	uint32_t seq;		/* chosen by the client, echoed in the reply */
};

/* Every reply body starts with this. */
struct isold_reply_hdr {
	struct isold_hdr hdr;
	int32_t status;		/* 0 or -errno */
	uint32_t reserved;
};

/* ---- CLAIM ------------------------------------------------------------- */
#define ISOLD_CLAIM_F_PROCESS	0x1u	/* pin every thread of @pid, not one */
#define ISOLD_CLAIM_F_NODE	0x2u	/* @node is a preference */
#define ISOLD_CLAIM_F_MASK	0x3u

struct isold_claim_req {
	struct isold_hdr hdr;
	uint32_t ncpus;		/* 1..ISOLD_MAX_CPUS */
	uint32_t flags;		/* ISOLD_CLAIM_F_* */
	int32_t tid;		/* thread of the caller; 0 = caller's main thread
				 * (with F_PROCESS: must be 0 or the caller's pid) */
	int32_t node;		/* NUMA node with F_NODE, else must be -1 */
};

struct isold_claim_rep {
	struct isold_reply_hdr r;
	uint32_t claim_id;	/* > 0 on success */
	uint32_t ncpus;
	uint64_t cpus[ISOLD_CPU_WORDS];	/* the CPUs granted, LSB = CPU 0 */
};

/* ---- RELEASE ----------------------------------------------------------- */
struct isold_release_req {
	struct isold_hdr hdr;
	uint32_t claim_id;	/* 0 = every claim held by the sender's process */
	uint32_t reserved;
};

struct isold_release_rep {
	struct isold_reply_hdr r;
	uint32_t released;	/* number of claims released */
	uint32_t reserved;
};

/* ---- STATUS ------------------------------------------------------------ */
enum isold_backend {
	ISOLD_BACKEND_KERNEL = 1,	/* /sys/kernel/rt_isolation */
	ISOLD_BACKEND_EMUL = 2,		/* stock kernel: libisol enforces */
};

struct isold_status_req {
	struct isold_hdr hdr;
	uint32_t first;		/* index of the first claim entry wanted */
	uint32_t reserved;
};

struct isold_claim_ent {
	uint32_t claim_id;
	uint32_t flags;		/* ISOLD_CLAIM_F_* as claimed */
	int32_t pid;
	int32_t tid;
	uint32_t uid;
	int32_t node;		/* node of the granted CPUs, -1 if mixed */
	uint64_t start_time;	/* of @tid, clock ticks since boot (stat #22) */
	uint64_t cpus[ISOLD_CPU_WORDS];
};

struct isold_status_rep {
	struct isold_reply_hdr r;
	uint32_t backend;	/* enum isold_backend */
	uint32_t total;		/* claims in the daemon */
	uint32_t first;		/* index of entries[0] */
	uint32_t count;		/* entries in this message, <= ISOLD_STATUS_MAX */
	/* The daemon's state (not per claim): */
	int32_t wl_status;	/* 0: the records' whitelist is in force in the
				 * kernel; -errno: the last attempt to write it
				 * failed and isold retries with back-off */
	uint32_t wl_failures;	/* consecutive failed attempts */
	uint32_t wl_retry_ms;	/* until the next attempt (0 when in force) */
	int32_t reload_status;	/* 0 or -errno of the last reload */
	uint32_t reloads;	/* reloads attempted (SIGHUP or RELOAD) */
	uint32_t log_suppressed; /* log lines dropped by the rate limits */
	uint64_t rt_cpus[ISOLD_CPU_WORDS];	/* CPUs isold manages */
	uint64_t free_cpus[ISOLD_CPU_WORDS];	/* of those, unclaimed */
	struct isold_claim_ent entries[ISOLD_STATUS_MAX]; /* only @count sent */
};

/* ---- WHITELIST --------------------------------------------------------- */
struct isold_whitelist_req {
	struct isold_hdr hdr;
	uint32_t abi;		/* enum syscall_abi: 0 x86_64, 1 ia32 */
	uint32_t reserved;
};

struct isold_whitelist_rep {
	struct isold_reply_hdr r;
	uint32_t abi;
	uint32_t nbits;		/* syscall numbers below this are meaningful */
	uint64_t allowed[ISOLD_SC_WORDS];	/* the whitelist in force */
	uint64_t certified[ISOLD_SC_WORDS];	/* subset: status certified */
};

/* ---- STATS ------------------------------------------------------------- */
struct isold_stats_req {
	struct isold_hdr hdr;
};

struct isold_stats_rep {
	struct isold_reply_hdr r;
	uint64_t uptime_ms;
	uint64_t requests;		/* well-formed requests served */
	uint64_t bad_requests;		/* malformed messages received */
	uint64_t claims_granted;
	uint64_t claims_denied;
	uint64_t claims_released;	/* by RELEASE */
	uint64_t holder_deaths;		/* claims released on holder exit */
	uint64_t reloads;
	uint64_t reload_failures;
	uint64_t irqs_moved;
	uint64_t irqs_unmovable;	/* at the last steering pass */
	uint64_t kthreads_moved;
	uint64_t kthreads_unmovable;	/* at the last steering pass */
	uint64_t clients;		/* connections open now */
	uint64_t claims;		/* claims held now */
	uint64_t whitelist_x86_64;	/* syscalls whitelisted now */
	uint64_t whitelist_ia32;
};

/* ---- RELOAD ------------------------------------------------------------ */
/*
 * Reload the configuration and the records as SIGHUP does, and answer with
 * the outcome: status 0 when the new configuration is in force (whitelist
 * written), else -errno and the daemon's reason.  Root (or the daemon's own
 * uid) only: anyone else gets EPERM.
 */
struct isold_reload_req {
	struct isold_hdr hdr;
};

#define ISOLD_REASON_MAX	256

struct isold_reload_rep {
	struct isold_reply_hdr r;
	uint32_t reloads;	/* this reload's number (STATUS reloads) */
	uint32_t reserved;
	char reason[ISOLD_REASON_MAX];	/* NUL-terminated; "" on success */
};

/* ---- RULES ------------------------------------------------------------- */
/*
 * The argument rules in force for one ABI (docs/argument-rules.md), as
 * WHITELIST serves the numbers: what is, or would be, in
 * /sys/kernel/rt_isolation/rules_<abi>.  Added within version 1: an older
 * daemon answers ENOMSG (then a client assumes no rules).
 */
#define ISOLD_RULES_TEXT_MAX	4096	/* >= RULES_TEXT_MAX of rules.h */
/* The kernel has no rules file for this ABI: the records' rules are not
 * in force (text is empty), and never widened to whole syscalls. */
#define ISOLD_RULES_F_UNSUPPORTED	0x1u
#define ISOLD_RULES_F_MASK		0x1u

struct isold_rules_req {
	struct isold_hdr hdr;
	uint32_t abi;		/* enum syscall_abi: 0 x86_64, 1 ia32 */
	uint32_t reserved;
};

struct isold_rules_rep {
	struct isold_reply_hdr r;
	uint32_t abi;
	uint32_t flags;		/* ISOLD_RULES_F_* */
	uint32_t nrules;	/* lines in text */
	uint32_t len;		/* strlen(text) */
	/* canonical text, NUL-padded (at least one NUL); "\n" for an
	 * empty set */
	char text[ISOLD_RULES_TEXT_MAX + 8];
};

/* ---- RESERVE ----------------------------------------------------------- */
/*
 * Reserve RT CPUs at runtime, release them, or ask which are reserved
 * (docs/isold-protocol.md, libisol/common/reserve.h).  Root only (EPERM).
 * Added within version 1: an older daemon answers ENOMSG.
 */
#define ISOLD_RESERVE_OP_QUERY		0	/* change nothing; cpus empty */
#define ISOLD_RESERVE_OP_RESERVE	1
#define ISOLD_RESERVE_OP_RELEASE	2
#define ISOLD_RESERVE_OP_MAX		2
/* RELEASE: revoke the claims on the CPUs instead of refusing (EBUSY). */
#define ISOLD_RESERVE_F_FORCE		0x1u
#define ISOLD_RESERVE_F_MASK		0x1u

struct isold_reserve_req {
	struct isold_hdr hdr;
	uint32_t op;		/* ISOLD_RESERVE_OP_* */
	uint32_t flags;		/* ISOLD_RESERVE_F_* (FORCE with RELEASE only) */
	uint64_t cpus[ISOLD_CPU_WORDS];	/* not empty, except for QUERY */
};

struct isold_reserve_rep {
	struct isold_reply_hdr r;
	uint32_t revoked;	/* claims revoked (RELEASE with FORCE) */
	uint32_t reserved;
	uint64_t runtime_cpus[ISOLD_CPU_WORDS];	/* reserved at runtime, after */
	uint64_t rt_cpus[ISOLD_CPU_WORDS];	/* every RT CPU (rt_isolated) */
	uint64_t busy_cpus[ISOLD_CPU_WORDS];	/* EBUSY: the claimed ones */
	/* NUL-terminated: why it failed (the kernel's reason for an invalid
	 * partition), or a note on success ("" when none); QUERY: the
	 * partition's cpuset.cpus.partition.  Sent when status != 0 too. */
	char reason[ISOLD_REASON_MAX];
};

/* Any decoded message (decode output / encode input). */
union isold_msg {
	struct isold_hdr hdr;
	struct isold_reply_hdr reply;
	struct isold_claim_req claim;
	struct isold_claim_rep claim_rep;
	struct isold_release_req release;
	struct isold_release_rep release_rep;
	struct isold_status_req status;
	struct isold_status_rep status_rep;
	struct isold_whitelist_req whitelist;
	struct isold_whitelist_rep whitelist_rep;
	struct isold_stats_req stats;
	struct isold_stats_rep stats_rep;
	struct isold_reload_req reload;
	struct isold_reload_rep reload_rep;
	struct isold_rules_req rules;
	struct isold_rules_rep rules_rep;
	struct isold_reserve_req reserve;
	struct isold_reserve_rep reserve_rep;
};

/*
 * isold_msg_decode - validate the @len bytes at @buf and convert them into
 * host order in @out.  Checks, in order: @len >= header and <=
 * ISOLD_MSG_MAX; magic; version; hdr.len == @len; known type; exact body
 * size for the type (STATUS replies: count <= ISOLD_STATUS_MAX and size
 * matching count); reserved fields 0; field ranges (flags, ncpus, node,
 * abi, status <= 0).  @out is fully written (zero-filled past the message)
 * even on error, so callers may read out->hdr.seq of a bad message.
 *
 * Returns the message type (> 0) or:
 *   -EBADMSG  shorter than a header, bad magic, or hdr.len != @len
 *   -EMSGSIZE larger than ISOLD_MSG_MAX
 *   -EPROTO   unsupported version
 *   -ENOMSG   unknown type
 *   -EINVAL   wrong body size for the type, reserved field set, or a
 *             field out of range
 */
int isold_msg_decode(const void *buf, size_t len, union isold_msg *out);

/*
 * isold_msg_encode - fill the header of @m (magic, version, @type, len, @seq)
 * and write its little-endian wire form into @buf.  STATUS replies are
 * sent with only status_rep.count entries.  Returns the length or -ENOSPC
 * (buffer too small) / -EINVAL (unknown type, count too large).
 */
ssize_t isold_msg_encode(union isold_msg *m, uint16_t type, uint32_t seq,
			 void *buf, size_t len);

/* Expected wire size of a message of @type (STATUS reply: with @count
 * entries); 0 for an unknown type. */
size_t isold_msg_size(uint16_t type, uint32_t count);

/* "CLAIM", "RELEASE", ... ("?" when unknown); replies too. */
const char *isold_msg_name(uint16_t type);

/* CPU mask helpers over the uint64_t[ISOLD_CPU_WORDS] masks above. */
static inline void isold_mask_set(uint64_t *m, unsigned int bit)
{
	m[bit / 64] |= 1ULL << (bit % 64);
}

static inline int isold_mask_test(const uint64_t *m, unsigned int bit)
{
	return !!(m[bit / 64] & (1ULL << (bit % 64)));
}

/* @m (ISOLD_CPU_WORDS words) = the CPUs of @s below ISOLD_MAX_CPUS. */
void isold_mask_from_cpus(uint64_t *m, const cpu_set_t *s);

/* @s = the CPUs of @m (ISOLD_CPU_WORDS words) that a cpu_set_t holds. */
void isold_mask_to_cpus(const uint64_t *m, cpu_set_t *s);

#endif
