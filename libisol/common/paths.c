// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * paths.c - redirectable roots for /sys, /proc, /etc/isol, /run/isol and
 * the cgroup v2 mount (by default under the sysfs root).
 */
#include <errno.h>
#include <pthread.h>
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
	[ISOL_ROOT_CGROUP] = { "ISOL_CGROUP", "/sys/fs/cgroup" },
};

static char *overrides[ISOL_ROOT_COUNT];

/*
 * cgroup2 is mounted at /sys/fs/cgroup: the default follows a redirected
 * sysfs, so a fixture tree brings its own cgroup tree.  One string per
 * sysfs root seen, kept (on a list) for as long as the program runs, so a
 * pointer a caller holds stays valid.
 */
static const char *cgroup_default(void)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct cgdef { struct cgdef *next; char *sys, *cg; } *list;
	const char *sys = isol_paths_root(ISOL_ROOT_SYSFS), *ret = NULL;
	struct cgdef *e;

	if (!isol_paths_redirected(ISOL_ROOT_SYSFS))
		return roots[ISOL_ROOT_CGROUP].def;
	pthread_mutex_lock(&lock);
	for (e = list; e && !ret; e = e->next)
		if (!strcmp(e->sys, sys))
			ret = e->cg;
	if (!ret) {
		e = calloc(1, sizeof(*e));
		if (e && (e->sys = strdup(sys)) &&
		    asprintf(&e->cg, "%s/fs/cgroup", sys) >= 0) {
			e->next = list;
			list = e;
			ret = e->cg;
		} else if (e) {
			free(e->sys);
			free(e);
		}
	}
	pthread_mutex_unlock(&lock);
	return ret ? ret : "/nonexistent";
}

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
	if (e && *e)
		return e;
	if (root == ISOL_ROOT_CGROUP)
		return cgroup_default();
	return roots[root].def;
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
