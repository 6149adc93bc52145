/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * coexist.h - isolctl doctor's checks of the other tools that manage the
 * same CPUs: irqbalance (what it bans, libisol/common/irqbalance.h), the
 * IRQ changes isold put back (its run dir's irq-changes) and an active
 * tuned partitioning profile (libisol/common/tuned.h).
 */
#ifndef ISOLCTL_COEXIST_H
#define ISOLCTL_COEXIST_H

#include <sched.h>

struct coexist_finding {
	const char *check;
	int sev;		/* doctor's: 0 ok, 1 info, 2 warning, 3 error */
	char msg[1536];
	char fix[512];
};

#define COEXIST_MAX	4

/* Fill @f (COEXIST_MAX at most) for the RT CPUs @rt of the online CPUs
 * @online; returns how many. */
int coexist_check(const cpu_set_t *rt, const cpu_set_t *online,
		  struct coexist_finding *f);

#endif
