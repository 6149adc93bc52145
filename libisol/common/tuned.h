/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tuned.h - the tuned profile in force, as far as it concerns RT CPUs: the
 * profiles that partition CPUs (cpu-partitioning, cpu-partitioning-
 * powersave, realtime, realtime-virtual-host, realtime-virtual-guest, or
 * a profile that includes one) and their isolated_cores.  Read from files
 * only (tuned need not run): <etc>/tuned/active_profile, the profile's
 * tuned.conf (<etc>/tuned/NAME/ before <root>/usr/lib/tuned/NAME/) and
 * <etc>/tuned/FAMILY-variables.conf, where <etc> is the parent of the
 * ISOL_ROOT_CONFDIR root (/etc) and <root> the parent of <etc>.
 */
#ifndef ISOL_COMMON_TUNED_H
#define ISOL_COMMON_TUNED_H

#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tuned_state {
	char profile[256];	/* active_profile ("" when none) */
	char family[64];	/* the partitioning profile it is or includes */
	char isolated_expr[256];/* isolated_cores as written */
	bool cpus_known;	/* @isolated is what isolated_expr means */
	cpu_set_t isolated;
	char source[PATH_MAX];	/* the file isolated_cores came from */
	pid_t pid;		/* a running tuned (comm "tuned"), 0 none */
};

/*
 * tuned_read - fill @t.  Returns 1 when a partitioning profile is active,
 * 0 when none is (no tuned, another profile), -errno on a read error.
 * ${f:calc_isolated_cores[:N]} is evaluated as tuned does (all CPUs but
 * the first N, default 1, of each package); other expressions leave
 * @cpus_known false.
 */
int tuned_read(struct tuned_state *t);

/*
 * tuned_conflict - what an active partitioning profile @t does to the RT
 * CPUs @rt, in one sentence (@buf).  Returns 0 (no profile, or it manages
 * none of @rt and isolates no housekeeping CPU: @buf empty), 1 it isolates
 * the RT CPUs too (it moves processes, workqueues and irqbalance's bans on
 * every apply: RT tasks pinned there included), 2 it treats RT CPUs as
 * housekeeping or isolates isold's housekeeping CPUs (it and isold move
 * the same things in opposite directions), 3 its CPUs are unknown.
 */
int tuned_conflict(const struct tuned_state *t, const cpu_set_t *rt,
		   const cpu_set_t *online, char *buf, size_t len);

#endif
