/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtset.h - the journal of the runtime RT set, $ISOL_RUNDIR/rtset, as
 * plain data: the set in force, an operation in progress (a write-ahead
 * record: what to undo or finish after a crash) and the values steering
 * changed (what a release puts back).  Written by whoever holds the run
 * dir's lock (isold, or isolctl when isold does not run), with
 * write_file_atomic_at(), before every step of reserve.h.
 *
 *   isol-rtset 1
 *   boot_id 0f5b2a52-8d0e-4a07-b5b5-5b6b55a9e5cb
 *   cpus 2-3
 *   root_cpuset yes
 *   op reserve from=- to=2-3 force=no
 *   saved irq 24 0 0-3
 *   saved kthread 57 1234 0-3
 *
 * "-" is the empty CPU list; "op" is absent when nothing is in progress;
 * "saved KIND ID START CPUS" (steer.h).  root_cpuset: the cpuset
 * controller was enabled in the root cgroup for this set (and is disabled
 * again when the set empties).
 */
#ifndef ISOL_COMMON_RTSET_H
#define ISOL_COMMON_RTSET_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

#include "steer.h"

#define RTSET_NAME	"rtset"
#define RTSET_VERSION	1
#define RTSET_MAX	(1 << 20)

enum rtset_op { RTSET_OP_NONE, RTSET_OP_RESERVE, RTSET_OP_RELEASE };

struct rtset {
	char boot_id[40];	/* "" when unknown */
	cpu_set_t cpus;		/* the runtime RT set in force */
	bool root_cpuset;
	enum rtset_op op;
	cpu_set_t from, to;	/* of @op */
	bool force;		/* release --force */
	struct steer_saved saved;
	/* What did not parse (rtset_parse never refuses input). */
	unsigned int problems;
	char why[256];
};

void rtset_init(struct rtset *s);
void rtset_free(struct rtset *s);
/* Every line of @buf into @s (rtset_init first); problems counted. */
int rtset_parse(const char *buf, size_t len, struct rtset *s);
/* @s as text in a malloc'd *@buf.  0 / -ENOMEM. */
int rtset_format(const struct rtset *s, char **buf, size_t *len);
/*
 * rtset_load - read RTSET_NAME in @dirfd (no symlink, a regular file of
 * ours writable only by us, at most RTSET_MAX bytes; else a problem of
 * @s).  0, -ENOENT when there is none, or -errno.
 */
int rtset_load(int dirfd, struct rtset *s);
int rtset_save(int dirfd, const struct rtset *s);
/* Rename a bad journal to "rtset.corrupt.<time>[.N]". */
int rtset_set_aside(int dirfd, char *name, size_t len);

#endif
