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

static char *overrides[ISOL_ROOT_COUNT];

int isol_paths_set(enum isol_path_root root, const char *dir)
{
	char *copy = NULL;

	if ((unsigned int)root >= ISOL_ROOT_COUNT)
		return -EINVAL;
	if (dir) {
		if (!*dir)
			return -EINVAL;
		if (strlen(dir) >= ISOL_ROOT_MAX)
			return -ENAMETOOLONG;
		copy = strdup(dir);
		if (!copy)
			return -ENOMEM;
	}
	free(overrides[root]);
	overrides[root] = copy;
	return 0;
}

const char *isol_paths_root(enum isol_path_root root)
{
	const char *e;

	if ((unsigned int)root >= ISOL_ROOT_COUNT)
		return "/nonexistent";
	if (overrides[root])
		return overrides[root];
	e = secure_getenv(roots[root].env);
	return e && *e ? e : roots[root].def;
}

bool isol_paths_redirected(enum isol_path_root root)
{
	if ((unsigned int)root >= ISOL_ROOT_COUNT)
		return true;
	return strcmp(isol_paths_root(root), roots[root].def) != 0;
}

int isol_path(enum isol_path_root root, const char *rel, char *buf, size_t len)
{
	int n;

	while (*rel == '/')
		rel++;
	n = snprintf(buf, len, "%s/%s", isol_paths_root(root), rel);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
