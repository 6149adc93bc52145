// SPDX-License-Identifier: LGPL-2.1-or-later
/* rootopts.c - --root, --sysfs, --procfs, --confdir, --rundir, --cgroup. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "rootopts.h"

static const char *const names[] = {
	[ISOL_ROOT_SYSFS] = "--sysfs", [ISOL_ROOT_PROCFS] = "--procfs",
	[ISOL_ROOT_CONFDIR] = "--confdir", [ISOL_ROOT_RUNDIR] = "--rundir",
	[ISOL_ROOT_CGROUP] = "--cgroup",
};

static int is_dir(const char *opt, const char *dir, char *err, size_t len)
{
	struct stat st;

	if (stat(dir, &st)) {
		snprintf(err, len, "%s %s: %s", opt, dir, strerror(errno));
		return -ENOENT;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, len, "%s %s: not a directory", opt, dir);
		return -ENOTDIR;
	}
	return 0;
}

static int set(enum isol_path_root r, const char *opt, const char *dir,
	       char *err, size_t len)
{
	int ret;

	if (!*dir) {
		snprintf(err, len, "%s: empty directory name (leave the option "
			 "out to use the real system)", opt);
		return -EINVAL;
	}
	if (strlen(dir) >= ISOL_ROOT_MAX) {
		snprintf(err, len, "%s: path longer than %d characters", opt,
			 ISOL_ROOT_MAX - 1);
		return -ENAMETOOLONG;
	}
	/* The run dir may be created by isold; the others must exist. */
	if (r != ISOL_ROOT_RUNDIR) {
		ret = is_dir(opt, dir, err, len);
		if (ret)
			return ret;
	}
	ret = isol_paths_set(r, dir);
	if (ret)
		snprintf(err, len, "%s %s: %s", opt, dir, strerror(-ret));
	return ret;
}

static int set_root(const char *dir, char *err, size_t len)
{
	static const struct { enum isol_path_root r; const char *sub; } map[] = {
		{ ISOL_ROOT_SYSFS, "sys" }, { ISOL_ROOT_PROCFS, "proc" },
		{ ISOL_ROOT_CONFDIR, "etc/isol" }, { ISOL_ROOT_RUNDIR, "run/isol" },
	};
	char buf[ISOL_ROOT_MAX + 16];
	size_t i;
	int ret;

	if (!*dir) {
		snprintf(err, len, "--root: empty directory name (leave the "
			 "option out to use the real system)");
		return -EINVAL;
	}
	if (strlen(dir) + 10 >= ISOL_ROOT_MAX) {
		snprintf(err, len, "--root: path longer than %d characters",
			 ISOL_ROOT_MAX - 11);
		return -ENAMETOOLONG;
	}
	ret = is_dir("--root", dir, err, len);
	if (ret)
		return ret;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, map[i].sub);
		ret = isol_paths_set(map[i].r, buf);
		if (ret) {
			snprintf(err, len, "--root %s: %s", dir, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

int isol_rootopt(int opt, const char *arg, char *err, size_t len)
{
	enum isol_path_root r;
	int ret;

	switch (opt) {
	case ISOL_OPT_ROOT:
		ret = set_root(arg, err, len);
		return ret ? ret : 1;
	case ISOL_OPT_SYSFS:
		r = ISOL_ROOT_SYSFS;
		break;
	case ISOL_OPT_PROCFS:
		r = ISOL_ROOT_PROCFS;
		break;
	case ISOL_OPT_CONFDIR:
		r = ISOL_ROOT_CONFDIR;
		break;
	case ISOL_OPT_RUNDIR:
		r = ISOL_ROOT_RUNDIR;
		break;
	case ISOL_OPT_CGROUP:
		r = ISOL_ROOT_CGROUP;
		break;
	default:
		return 0;
	}
	ret = set(r, names[r], arg, err, len);
	return ret ? ret : 1;
}

int isol_rootopts_done(char *err, size_t len)
{
	bool sys = isol_paths_redirected(ISOL_ROOT_SYSFS);
	bool proc = isol_paths_redirected(ISOL_ROOT_PROCFS);

	if (sys && !isol_paths_redirected(ISOL_ROOT_CGROUP)) {
		snprintf(err, len, "--cgroup /sys/fs/cgroup with a redirected "
			 "sysfs: the real cgroup tree would be used with the "
			 "fixture (leave --cgroup out: it follows --sysfs)");
		return -EINVAL;
	}
	if (sys == proc)
		return 0;
	snprintf(err, len, "%s without %s: /sys and /proc describe one "
		 "machine; redirect both (or use --root), else the real %s "
		 "would be used with the fixture (ISOL_SYSFS and ISOL_PROCFS "
		 "count too)", sys ? "--sysfs" : "--procfs",
		 sys ? "--procfs" : "--sysfs", sys ? "/proc" : "/sys");
	return -EINVAL;
}
