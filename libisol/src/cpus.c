// SPDX-License-Identifier: LGPL-2.1-or-later
/* cpus.c - CPU sets read from (redirectable) sysfs. */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "internal.h"
#include "bitlist.h"
#include "fileio.h"
#include "paths.h"

int isol_read_cpulist(const char *rel, cpu_set_t *set)
{
	char path[PATH_MAX], buf[4096];
	ssize_t n;
	int err;

	err = isol_path(ISOL_ROOT_SYSFS, rel, path, sizeof(path));
	if (err)
		return err;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return cpulist_parse(buf, set);
}

int isol_online_cpus(cpu_set_t *set)
{
	long n, i;

	if (!isol_read_cpulist("devices/system/cpu/online", set) &&
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
