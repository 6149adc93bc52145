// SPDX-License-Identifier: LGPL-2.1-or-later
/* paths.c - redirectable roots for /sys, /proc, /etc/isol, /run/isol. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

static const struct {
	const char *env;
	const char *def;
} roots[ISOL_ROOT_COUNT] = {
	[ISOL_ROOT_SYSFS] = { "ISOL_SYSFS", "/sys" },
	[ISOL_ROOT_PROCFS] = { "ISOL_PROCFS", "/proc" },
	[ISOL_ROOT_CONFDIR] = { "ISOL_CONFDIR", "/etc/isol" },
	[ISOL_ROOT_RUNDIR] = { "ISOL_RUNDIR", "/run/isol" },
};

static char overrides[ISOL_ROOT_COUNT][256];

int isol_paths_set(enum isol_path_root root, const char *dir)
{
	if ((unsigned int)root >= ISOL_ROOT_COUNT)
		return -EINVAL;
	if (!dir) {
		overrides[root][0] = '\0';
		return 0;
	}
	if (!*dir || strlen(dir) >= sizeof(overrides[root]))
		return -ENAMETOOLONG;
	strcpy(overrides[root], dir);
	return 0;
}

const char *isol_paths_root(enum isol_path_root root)
{
	const char *e;

	if ((unsigned int)root >= ISOL_ROOT_COUNT)
		return "/nonexistent";
	if (overrides[root][0])
		return overrides[root];
	e = getenv(roots[root].env);
	return e && *e ? e : roots[root].def;
}

int isol_path(enum isol_path_root root, const char *rel, char *buf, size_t len)
{
	int n;

	while (*rel == '/')
		rel++;
	n = snprintf(buf, len, "%s/%s", isol_paths_root(root), rel);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
