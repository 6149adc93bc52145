// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * partition.c - RT CPUs reserved at runtime (isolctl reserve) belong to a
 * cgroup v2 cpuset partition, and only a thread in it may run there.  A
 * CPU claimed from isold comes with the thread already in it (isold moves
 * it); for a CPU named in the options the library moves the calling
 * thread itself (libisol/common/rtcg.h), which needs the right to move
 * the process between cgroups (root).  The thread goes back to rtisol/
 * (the housekeeping CPUs) when it leaves; its process stays in rtisol/
 * until it exits or the runtime RT CPUs are released.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "rtcg.h"

int isol_partition_enter(struct isol_thread *t)
{
	char path[RTCG_PATH_MAX], why[256];
	struct rtcg_state cg;

	t->partition = false;
	rtcg_read(&cg);
	if (!cg.part || t->cpu < 0 || t->cpu >= CPU_SETSIZE ||
	    !CPU_ISSET(t->cpu, &cg.cpus))
		return 0;		/* a boot RT CPU */
	if (!rtcg_of(gettid(), path, sizeof(path)) &&
	    !strcmp(path, "/" RTCG_PART))
		return 0;		/* there already */
	if (rtcg_enter(getpid(), gettid(), false, why, sizeof(why))) {
		pr_info("libisol: CPU %d was reserved at runtime (cgroup %s): "
			"%s; claim an RT CPU from isold instead (cpu = -1)\n",
			t->cpu, RTCG_PART, why);
		return -EPERM;
	}
	t->partition = true;
	return 0;
}

void isol_partition_leave(struct isol_thread *t)
{
	char why[256];

	if (!t->partition)
		return;
	if (rtcg_leave(getpid(), gettid(), false, why, sizeof(why)))
		pr_debug("libisol: %s\n", why);
	t->partition = false;
}
