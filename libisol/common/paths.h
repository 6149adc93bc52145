/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * paths.h - every system path rtisol reads or writes, redirectable so the
 * library, daemon and tools can run against a fixture tree (abi.md).
 *
 *   ISOL_SYSFS    default /sys         (kernel files, cpu topology)
 *   ISOL_PROCFS   default /proc
 *   ISOL_CONFDIR  default /etc/isol    (isold.conf, whitelist.d/)
 *   ISOL_RUNDIR   default /run/isol    (isold.sock, state journal)
 *   ISOL_CGROUP   default <sysfs root>/fs/cgroup (the cgroup v2 mount), so
 *                 a redirected sysfs brings its own fake cgroup tree
 *
 * Programs take the redirections as options through the one parser of
 * rootopts.h, which calls isol_paths_set(); otherwise the environment
 * (read with secure_getenv(): a set-user-ID or file-capability program
 * using libisol ignores it), then the defaults apply.
 */
#ifndef ISOL_COMMON_PATHS_H
#define ISOL_COMMON_PATHS_H

#include <stdbool.h>
#include <stddef.h>

enum isol_path_root {
	ISOL_ROOT_SYSFS,
	ISOL_ROOT_PROCFS,
	ISOL_ROOT_CONFDIR,
	ISOL_ROOT_RUNDIR,
	ISOL_ROOT_CGROUP,
	ISOL_ROOT_COUNT
};

/* Longest root accepted (room is left for the names joined to it). */
#define ISOL_ROOT_MAX	2048

/*
 * isol_paths_set - override one root (NULL restores env/default).  The
 * string is copied.  Returns 0, -EINVAL for an empty @dir (which would
 * otherwise silently mean the real system) or -ENAMETOOLONG when it is
 * ISOL_ROOT_MAX characters or more.
 */
int isol_paths_set(enum isol_path_root root, const char *dir);

/* The effective root directory. */
const char *isol_paths_root(enum isol_path_root root);

/* True when @root is not the real system's (option or environment). */
bool isol_paths_redirected(enum isol_path_root root);

/*
 * isol_path - join root and @rel ("kernel/rt_isolation/stats") into @buf.
 * Returns 0 or -ENAMETOOLONG.
 */
int isol_path(enum isol_path_root root, const char *rel, char *buf, size_t len);

#endif
