// SPDX-License-Identifier: LGPL-2.1-or-later
/* system.c - this system's CPUs, and a config checked against them. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debug.h"
#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"
#include "rtiso_uapi.h"

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int strfmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

void strcopy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Test hook: ISOLD_DEBUG_CRASH=<point> makes the daemon kill itself with
 * SIGKILL at that point, so the tests can crash it between two steps of a
 * state change (libisol/common/debug.h).  Points: claim-journaled,
 * claim-pinned, release-journaled, death-journaled, restored, and those
 * of the runtime RT set (libisol/common/reserve.h).
 */
void debug_crash(const char *point)
{
	isol_debug_crash(point);
}

int cpuset_format(const cpu_set_t *s, char *buf, size_t len)
{
	int n = cpulist_format(s, buf, len);

	if (n == 0 && len > 1)
		snprintf(buf, len, "(none)");
	return n;
}

int system_probe(struct isold *d, const struct isold_config *cfg,
		 cpu_set_t *rt, cpu_set_t *hk, char *err, size_t errlen)
{
	cpu_set_t extra, all;
	char list[1024];
	bool exists;
	int ret;

	ret = sysfs_read_cpulist("devices/system/cpu/online", &d->online, NULL);
	if (ret) {
		snprintf(err, errlen, "%s/devices/system/cpu/online: %s",
			 isol_paths_root(ISOL_ROOT_SYSFS), strerror(-ret));
		return ret;
	}
	if (cfg->rt_cpus_auto) {
		ret = sysfs_read_cpulist(RTISO_SYSFS_RT_CPUS, rt, &exists);
		if (ret && exists) {
			snprintf(err, errlen, "%s: %s", RTISO_SYSFS_RT_CPUS,
				 strerror(-ret));
			return ret;
		}
		if (!CPU_COUNT(rt))	/* stock kernel: isolcpus= */
			sysfs_read_cpulist("devices/system/cpu/isolated", rt, NULL);
	} else {
		*rt = cfg->rt_cpus;
		CPU_AND(&extra, &cfg->rt_cpus, &cfg->runtime_rt_cpus);
		if (CPU_COUNT(&extra)) {
			cpuset_format(&extra, list, sizeof(list));
			snprintf(err, errlen, "%s: CPU(s) %s in both rt_cpus "
				 "and runtime_rt_cpus", cfg->path, list);
			return -EINVAL;
		}
	}
	/* The runtime RT set in force is RT whatever the config says. */
	CPU_OR(rt, rt, &d->rtset.cpus);
	CPU_ANDNOT(&extra, rt, &d->online);
	if (CPU_COUNT(&extra)) {
		cpuset_format(&extra, list, sizeof(list));
		snprintf(err, errlen, "%s: rt_cpus %s not online", cfg->path,
			 list);
		return -EINVAL;
	}
	CPU_ANDNOT(&extra, &cfg->runtime_rt_cpus, &d->online);
	if (CPU_COUNT(&extra)) {
		cpuset_format(&extra, list, sizeof(list));
		snprintf(err, errlen, "%s: runtime_rt_cpus %s not online",
			 cfg->path, list);
		return -EINVAL;
	}
	CPU_ANDNOT(hk, &d->online, rt);
	if (!CPU_COUNT(hk)) {
		snprintf(err, errlen, "%s: no housekeeping CPU left (every "
			 "online CPU is an RT CPU)", cfg->path);
		return -EINVAL;
	}
	CPU_OR(&all, rt, &cfg->runtime_rt_cpus);
	CPU_ANDNOT(&extra, &d->online, &all);
	if (!CPU_COUNT(&extra)) {
		snprintf(err, errlen, "%s: runtime_rt_cpus would leave no "
			 "housekeeping CPU", cfg->path);
		return -EINVAL;
	}
	return 0;
}
