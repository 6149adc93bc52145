// SPDX-License-Identifier: LGPL-2.1-or-later
/* cpus.c - CPU sets read from (redirectable) sysfs. */
#include <errno.h>
#include <unistd.h>

#include "internal.h"
#include "fileio.h"

int isol_online_cpus(cpu_set_t *set)
{
	long n, i;

	if (!sysfs_read_cpulist("devices/system/cpu/online", set, NULL) &&
	    CPU_COUNT(set))
		return 0;
	n = sysconf(_SC_NPROCESSORS_CONF);
	if (n <= 0)
		return -ENODEV;
	CPU_ZERO(set);
	for (i = 0; i < n && i < CPU_SETSIZE; i++)
		CPU_SET(i, set);
	return 0;
}
