/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * journal.h - the claim journal, $ISOL_RUNDIR/state, as plain data: load
 * gives a list of records, save takes one.  What the records mean (which
 * holders live, which claims to re-adopt) is claims.c's business; nothing
 * here touches a process.
 *
 *   isold-state 3
 *   boot_id 0f5b2a52-8d0e-4a07-b5b5-5b6b55a9e5cb
 *   next_id 7
 *   claim id=3 flags=0 pid=812 tid=815 uid=1000 node=0 start=123456 ino=4567 pino=4560 cpus=2
 *   claim id=4 ... cpus=5 cg=/user.slice/user-1000.slice/session-2.scope
 *
 * Version 1 (isold before issue 12) has no boot_id and no ino/pino; its
 * records are read with ino = pino = 0.  Version 3 (issue 14) adds cg=,
 * on claims of runtime RT CPUs only: the cgroup the holder's process came
 * from (percent-encoded, rtcg_path_encode()).
 */
#ifndef ISOLD_JOURNAL_H
#define ISOLD_JOURNAL_H

#include <sched.h>
#include <stddef.h>
#include <stdint.h>

#include "rtcg.h"

#define JOURNAL_NAME	"state"
#define JOURNAL_VERSION	3
#define JOURNAL_MAX	(1 << 20)

struct journal_rec {
	uint32_t id;		/* 1..UINT32_MAX */
	uint32_t flags;		/* ISOLD_CLAIM_F_PROCESS or 0 */
	int32_t pid, tid;	/* > 0 */
	uint32_t uid;
	int32_t node;		/* >= -1 */
	uint64_t start;		/* start time of tid, clock ticks */
	uint64_t ino, pino;	/* pidfs inodes of holder and process, 0 = none */
	cpu_set_t cpus;		/* not empty */
	char cg[RTCG_PATH_MAX];	/* "" or the cgroup to return to */
	unsigned int line;	/* where it was read */
};

struct journal {
	unsigned int version;	/* of the header, 0 when there is none */
	char boot_id[40];	/* "" when there is none */
	uint64_t next_id;	/* 1..2^32 (2^32: no id left), 0 = none */
	struct journal_rec *v;
	size_t n, cap;
	/* What did not parse: the file as a whole is not to be trusted, the
	 * records that did parse are listed all the same. */
	unsigned int problems;
	char why[256];		/* the first problem, "line N: ..." */
};

/*
 * journal_parse - every line of @buf (@len bytes) into @j (zeroed first).
 * Never refuses input: a bad header, a malformed line, a NUL byte, a
 * missing final newline are counted in @j->problems (the first one
 * described in @j->why) and the lines that do parse are kept.  Returns 0
 * or -ENOMEM.
 */
int journal_parse(const char *buf, size_t len, struct journal *j);

/* journal_format - @j as text (version 3) in a malloc'd @buf. 0/-ENOMEM. */
int journal_format(const struct journal *j, char **buf, size_t *len);

/*
 * journal_load - read and parse JOURNAL_NAME in the directory @dirfd
 * without following a symlink or opening anything but a regular file; a
 * file that is not a regular file owned by us and writable only by us, or
 * larger than JOURNAL_MAX, is a problem of @j.  Returns 0, -ENOENT when
 * there is no journal, or -errno.
 */
int journal_load(int dirfd, struct journal *j);

/* journal_save - write @j atomically (write_file_atomic_at, mode 0600). */
int journal_save(int dirfd, const struct journal *j);

/*
 * journal_set_aside - rename the journal to "state.corrupt.<time>[.N]"
 * (never over an existing file) and put that name in @name.  0 or -errno.
 */
int journal_set_aside(int dirfd, char *name, size_t len);

void journal_free(struct journal *j);

#endif
