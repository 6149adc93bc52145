/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * paths.h - every system path rtisol reads or writes, redirectable so the
 * library, daemon and tools can run against a fixture tree (abi.md).
 *
 *   ISOL_SYSFS    default /sys         (kernel files, cpu topology)
 *   ISOL_PROCFS   default /proc
 *   ISOL_CONFDIR  default /etc/isol    (isold.conf, whitelist.d/)
 *   ISOL_RUNDIR   default /run/isol    (isold.sock, state journal)
 *
 * Programs with root-prefix options call isol_paths_set() before anything
 * else; otherwise the environment, then the defaults apply.
 */
#ifndef ISOL_COMMON_PATHS_H
#define ISOL_COMMON_PATHS_H

#include <stddef.h>

enum isol_path_root {
	ISOL_ROOT_SYSFS,
	ISOL_ROOT_PROCFS,
	ISOL_ROOT_CONFDIR,
	ISOL_ROOT_RUNDIR,
	ISOL_ROOT_COUNT
};

/* Override one root (NULL restores env/default). The string is copied. */
int isol_paths_set(enum isol_path_root root, const char *dir);

/* The effective root directory. */
const char *isol_paths_root(enum isol_path_root root);

/*
 * isol_path - join root and @rel ("kernel/rt_isolation/stats") into @buf.
 * Returns 0 or -ENAMETOOLONG.
 */
int isol_path(enum isol_path_root root, const char *rel, char *buf, size_t len);

#endif
