// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rundir.c - the run directory ($ISOL_RUNDIR, /run/isol) and the lock that
 * keeps a second isold out.  Nothing is written there before both checks:
 * the directory (created 0755 if missing, whatever the umask) must belong
 * to us and be writable by nobody else, and so must every directory above
 * it unless it is sticky; then an flock on isold.lock, held for the
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

/* Every directory above @path: not writable by others unless sticky. */
static int check_parents(const char *path)
{
	char buf[PATH_MAX], why[128], *slash;
	int fd, ret;

	if (!realpath(path, buf))
		return -errno;
	while ((slash = strrchr(buf, '/'))) {
		if (slash == buf)
			slash[1] = '\0';
		else
			*slash = '\0';
		fd = open(buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		ret = dir_safe(fd, false, why, sizeof(why));
		close(fd);
		if (ret) {
			log_err("run dir %s is not safe: its parent %s is %s",
				path, buf, why);
			return ret;
		}
		if (slash == buf)
			break;
	}
	return 0;
}

int rundir_open(struct isold *d)
{
	const char *dir = isol_paths_root(ISOL_ROOT_RUNDIR);
	bool created;
	char why[128];
	int fd, ret;

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
	ret = check_parents(dir);
	if (ret) {
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
