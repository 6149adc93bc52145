// SPDX-License-Identifier: LGPL-2.1-or-later
/* fileio.c - sysfs/procfs text file helpers and atomic replacement. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "paths.h"

ssize_t read_text_file(const char *path, char *buf, size_t len)
{
	size_t off = 0;
	int fd, err;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (off + 1 < len) {
		ssize_t n = read(fd, buf + off, len - 1 - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			return err;
		}
		if (!n)
			break;
		off += (size_t)n;
	}
	buf[off] = '\0';
	close(fd);
	return (ssize_t)off;
}

int write_text_file(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = write(fd, s, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

int write_file_atomic(const char *path, const void *data, size_t len,
		      unsigned int mode)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	const char *p = data;
	int fd, dfd, err = 0;
	size_t off = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t n = write(fd, p + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		unlink(tmp);
		return err;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int sysfs_read_cpulist(const char *rel, cpu_set_t *set, bool *exists)
{
	char path[PATH_MAX], buf[8192];
	ssize_t n;
	int err;

	CPU_ZERO(set);
	if (exists)
		*exists = false;
	err = isol_path(ISOL_ROOT_SYSFS, rel, path, sizeof(path));
	if (err)
		return err;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (exists)
		*exists = true;
	return cpulist_parse(buf, set);
}
