/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reserve.h - reserve and release RT CPUs at runtime: the one
 * implementation, run by isold (RESERVE requests, runtime_rt_cpus) and by
 * isolctl when isold does not run.
 *
 * Reserving CPUs X (the runtime set C grows to T = C + X):
 *   journaled  the journal (rtset.h) records "op reserve from=C to=T"
 *   cgroup     the cpuset controller enabled in the root cgroup
 *   partition  the isolated partition (rtcg.h) made T, and valid
 *   steered    IRQs, default_smp_affinity, the unbound workqueue mask and
 *              unbound kthreads moved off X (their old values journalled
 *              first)
 *   rt         rt_isolated written: the RT set plus X
 *   committed  the journal says "cpus T", no op
 * Releasing X (T = C - X), in the reverse order but for the steering:
 *   journaled, revoked (the caller's claims on X), rt, partition (shrunk,
 *   or removed with rtisol/), restored (the journalled values back, minus
 *   the runtime RT CPUs that remain: after the partition, since a kthread
 *   may only be given CPUs its cgroup has), cgroup (cpuset disabled in the
 *   root again if the set enabled it and is now empty), committed.
 *
 * A step that fails undoes what was done, in reverse ("undo-rt",
 * "undo-partition", "undo-restored", "undo-cgroup"; a failed release is
 * rolled back by "redo-cgroup", "redo-partition", "redo-steered",
 * "redo-rt"), and the previous set stays in force; claims revoked by a
 * failed release stay revoked.  After a crash, rtres_recover() finds the
 * op in the journal: a reserve is undone, a release finished.  Every step
 * name above, prefixed ("reserve-rt", "release-committed", ...), is a
 * crash point (ISOLD_DEBUG_CRASH, after the step) and a failure point
 * (ISOLD_DEBUG_FAIL, the step fails with -EIO), debug.h.
 */
#ifndef ISOL_COMMON_RESERVE_H
#define ISOL_COMMON_RESERVE_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

#include "rtset.h"
#include "steer.h"

#define RTRES_WHY_MAX	256

struct rtres {
	/* in */
	int dirfd;			/* the run dir, its lock held */
	struct rtset *set;		/* the journal, loaded (rtset_load) */
	struct steer_opts steer;
	bool force;			/* release: claims may be revoked */
	const char *fallback;		/* cgroup for stray processes ("/") */
	/* Release: revoke the claims on @cpus (the op is journalled);
	 * 0 or -errno with the reason in @why.  May be NULL. */
	int (*revoke)(void *arg, const cpu_set_t *cpus, char *why,
		      size_t len);
	void *arg;
	/* A step refused for want of privilege (the cgroup tree read-only
	 * or not writable, the partition not permitted without
	 * CAP_SYS_ADMIN, rt_isolated read-only): r->why then starts with
	 * what @who ("isold") lacks, then @hint in parentheses (where the
	 * lack comes from and what to do: "isold.service's sandbox: ..."),
	 * then the step's own error.  Both may be NULL. */
	const char *who, *hint;
	/* out */
	char why[RTRES_WHY_MAX];	/* the error, or what recover did */
	struct steer_report report;	/* of the last steering step */
	cpu_set_t rt;			/* rt_isolated afterwards */
};

/* The checks of a reserve, changing nothing: 0 or -errno, why set. */
int rtres_check_reserve(struct rtres *r, const cpu_set_t *add);
/* Reserve @add; 0, or -errno with r->why (everything undone). */
int rtres_reserve(struct rtres *r, const cpu_set_t *add);
/* Release @del (every CPU must be a runtime RT CPU); 0 or -errno. */
int rtres_release(struct rtres *r, const cpu_set_t *del);
/*
 * rtres_recover - bring the system to a consistent state after a start:
 * finish the journal's op (undo a reserve, finish a release); adopt a
 * partition found without a journal; re-establish or drop a journalled
 * set the kernel no longer has.  Returns 1 when something was done (r->why
 * says what), 0 when nothing was to do, -errno when the state could not
 * be made consistent (the op stays journalled for the next try).
 */
int rtres_recover(struct rtres *r, const char *boot_id);

/* rt_isolated into @rt: 0, -ENOTSUP without the file (why set). */
int rtres_rt_read(cpu_set_t *rt, char *why, size_t len);

#endif
