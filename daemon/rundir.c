// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rundir.c - the run directory ($ISOL_RUNDIR, /run/isol) and the lock that
 * keeps a second isold out.  Nothing is written there before both checks:
 * the directory (created 0755 if missing, whatever the umask) must belong
 * to us and be writable by nobody else, and so must every directory above
 * it unless it is sticky, as named and where symbolic links lead; then an flock on isold.lock, held for the
 * daemon's life, decides which daemon owns it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"

#define LOCK_NAME "isold.lock"

int rundir_open(struct isold *d)
{
	const char *dir = isol_paths_root(ISOL_ROOT_RUNDIR);
	bool created;
	char why[PATH_MAX + 128], parent[PATH_MAX], *slash;
	int fd, ret;

	/* Where it would be created first: nothing is made in a place
	 * another user chose through a link. */
	snprintf(parent, sizeof(parent), "%s", dir);
	for (slash = parent + strlen(parent); slash > parent + 1 &&
	     slash[-1] == '/'; )
		*--slash = '\0';
	slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(parent, sizeof(parent), ".");
	ret = path_safe(parent, false, why, sizeof(why));
	if (ret) {
		log_err("run dir %s is not safe: %s", dir, why);
		return ret;
	}
	created = !mkdir(dir, 0755);
	if (!created && errno != EEXIST) {
		ret = -errno;
		log_err("run dir %s: %s", dir, strerror(errno));
		return ret;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		log_err("run dir %s: %s", dir, errno == ELOOP ?
			"a symbolic link; give the real directory" :
			strerror(errno));
		return ret;
	}
	/* The mode the socket's users rely on, whatever the umask was. */
	if (created && fchmod(fd, 0755))
		log_warn("run dir %s: chmod: %s", dir, strerror(errno));
	ret = dir_safe(fd, true, why, sizeof(why));
	if (ret) {
		log_err("run dir %s is not safe: %s; refusing to use it (it "
			"must belong to uid %u and be writable by nobody else)",
			dir, why, (unsigned int)geteuid());
		close(fd);
		return ret;
	}
	ret = path_safe(dir, true, why, sizeof(why));
	if (ret) {
		log_err("run dir %s is not safe: %s", dir, why);
		close(fd);
		return ret;
	}
	d->rundir_fd = fd;
	return 0;
}

int rundir_lock(struct isold *d)
{
	const char *dir = isol_paths_root(ISOL_ROOT_RUNDIR);
	char buf[32];
	int ret;

	ret = lock_rundir(d->rundir_fd, &d->lock_fd, buf, sizeof(buf));
	if (ret == -EPERM)
		log_err("%s/%s is not a regular file of uid %u; remove it",
			dir, LOCK_NAME, (unsigned int)geteuid());
	else if (ret == -EWOULDBLOCK)
		log_err("another isold%s%s%s is already running on %s "
			"(it holds %s/%s); exiting", buf[0] ? " (pid " :
			"", buf, buf[0] ? ")" : "", dir, dir, LOCK_NAME);
	else if (ret)
		log_err("%s/%s: %s", dir, LOCK_NAME, strerror(-ret));
	return ret;
}
