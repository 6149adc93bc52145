// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tuned.c - isold beside tuned (libisol/common/tuned.h).  A partitioning
 * profile (cpu-partitioning, realtime, ...) moves processes, workqueues and
 * irqbalance's bans on every apply, as isold does: isold does not fight it
 * silently.  It starts anyway (refusing would leave the RT CPUs without
 * their whitelist and claims) and says, at start, on --check and on every
 * reload, which profile and which CPUs, in a warning and in its STATUS=.
 */
#include <stdio.h>
#include <string.h>

#include "isold.h"
#include "log.h"
#include "tuned.h"

void isold_tuned(struct isold *d)
{
	struct tuned_state t;
	char msg[sizeof(d->tuned_conflict)];
	int ret = tuned_read(&t);

	d->tuned_conflict[0] = '\0';
	if (ret < 0) {
		log_warn("tuned: active_profile not readable: %s",
			 strerror(-ret));
		return;
	}
	if (ret == 0)
		return;
	if (!tuned_conflict(&t, &d->rt, &d->online, msg, sizeof(msg)))
		return;
	log_warn("tuned: %s%s; isold keeps steering its RT CPUs (isold(8), "
		 "TUNED)", msg, t.pid ? "" : " (tuned is not running now)");
	snprintf(d->tuned_conflict, sizeof(d->tuned_conflict), "%s", msg);
}
