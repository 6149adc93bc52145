// SPDX-License-Identifier: LGPL-2.1-or-later
/* fileio.c - sysfs/procfs text file helpers and atomic replacement. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "paths.h"

ssize_t read_text_file(const char *path, char *buf, size_t len)
{
	struct stat st;
	size_t off = 0;
	int fd, err;

	if (!len)
		return -EINVAL;
	/* No FIFO can block us, no symlink lead elsewhere (kernel files
	 * are neither; a fixture tree may belong to someone else). */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY |
		  O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
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

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC	0x63677270
#endif

/* Written as @owner's (see write_cgroup_file()) besides root's and ours. */
static bool owner_ok(int pfd, const struct stat *st, uid_t owner)
{
	struct statfs fs;

	if (st->st_uid == 0 || st->st_uid == geteuid())
		return true;
	return owner != (uid_t)-1 && st->st_uid == owner && !fstatfs(pfd, &fs) &&
	       fs.f_type == CGROUP2_SUPER_MAGIC;
}

static int write_file_as(const char *path, const char *s, uid_t owner)
{
	size_t len = strlen(s);
	struct stat st;
	ssize_t n;
	int fd, err = 0;

	char self[64];
	int pfd;

	/*
	 * Kernel files are regular files of root with one name: neither a
	 * symlink nor a hard link that someone planted in a fixture tree
	 * makes us truncate another file.  Checked on an O_PATH descriptor,
	 * then that very file is opened (O_TRUNC: tracefs acts on it).
	 */
	pfd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0)
		return -errno;
	if (fstat(pfd, &st) || !S_ISREG(st.st_mode) || st.st_nlink > 1 ||
	    !owner_ok(pfd, &st, owner)) {
		close(pfd);
		return -EPERM;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_WRONLY | O_TRUNC | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	err = fd < 0 ? -errno : 0;
	close(pfd);
	if (fd < 0)
		return err;
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

int write_text_file(const char *path, const char *s)
{
	return write_file_as(path, s, (uid_t)-1);
}

int write_cgroup_file(const char *path, const char *s, uid_t owner)
{
	return write_file_as(path, s, owner);
}

int dir_safe(int dirfd, bool strict, char *why, size_t len)
{
	char dummy[8];
	struct stat st;

	if (!why) {
		why = dummy;
		len = sizeof(dummy);
	}
	if (fstat(dirfd, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, len, "not a directory");
		return -ENOTDIR;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(why, len, "owned by uid %u, not by root or uid %u",
			 (unsigned int)st.st_uid, (unsigned int)geteuid());
		return -EPERM;
	}
	if (((st.st_mode & S_IWOTH) ||
	     ((st.st_mode & S_IWGRP) && st.st_gid != 0)) &&
	    (strict || !(st.st_mode & S_ISVTX))) {
		snprintf(why, len, "writable by others (mode %04o)",
			 (unsigned int)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

/*
 * One directory of a path (@strict: dir_safe() strict), or, when @link_ok
 * and it is a symbolic link, that link: it must belong to root or us.
 */
static int one_safe(const char *dir, bool strict, bool link_ok, char *why,
		    size_t len)
{
	char reason[128];
	struct stat st;
	int fd, ret;

	if (link_ok && !lstat(dir, &st) && S_ISLNK(st.st_mode)) {
		if (st.st_uid == 0 || st.st_uid == geteuid())
			return 0;
		snprintf(why, len, "%s is a symbolic link of uid %u", dir,
			 (unsigned int)st.st_uid);
		return -EPERM;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(why, len, "%s: %s", dir, strerror(errno));
		return ret;
	}
	ret = dir_safe(fd, strict, reason, sizeof(reason));
	close(fd);
	if (ret)
		snprintf(why, len, "%s is %s", dir, reason);
	return ret;
}

/* @path and every directory above it, by name (a copy is cut up). */
static int walk_safe(const char *path, bool strict, bool link_ok, char *why,
		     size_t len)
{
	char buf[PATH_MAX], *slash;
	size_t n;
	int ret;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (;;) {
		n = strlen(buf);
		while (n > 1 && buf[n - 1] == '/')
			buf[--n] = '\0';
		ret = one_safe(buf, strict, link_ok, why, len);
		if (ret || !strcmp(buf, "/"))
			return ret;
		strict = false;
		slash = strrchr(buf, '/');
		if (!slash)
			return 0;
		if (slash == buf)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

int path_safe(const char *path, bool strict, char *why, size_t len)
{
	char dummy[8], abs[PATH_MAX], real[PATH_MAX], cwd[PATH_MAX];
	int ret;

	if (!why) {
		why = dummy;
		len = sizeof(dummy);
	}
	if (path[0] == '/') {
		snprintf(abs, sizeof(abs), "%s", path);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return -errno;
		if (snprintf(abs, sizeof(abs), "%s/%s", cwd, path) >=
		    (int)sizeof(abs))
			return -ENAMETOOLONG;
	}
	/* As named (a link on the way must be ours or root's, in a
	 * directory nobody else can write), then where it leads. */
	ret = walk_safe(abs, strict, true, why, len);
	if (ret)
		return ret;
	if (!realpath(abs, real)) {
		ret = -errno;
		snprintf(why, len, "%s: %s", abs, strerror(errno));
		return ret;
	}
	return walk_safe(real, strict, false, why, len);
}

/* ".NAME.XXXXXX" with random letters. */
static void temp_name(char *buf, size_t len, const char *name)
{
	static const char az[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];
	size_t i, n;

	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] = (unsigned char)(ts.tv_nsec >> (i * 5)) ^
				 (unsigned char)getpid();
	}
	snprintf(buf, len, ".%s.", name);
	n = strlen(buf);
	for (i = 0; i < sizeof(rnd) && n + 1 < len; i++)
		buf[n++] = az[rnd[i] % (sizeof(az) - 1)];
	buf[n] = '\0';
}

int write_file_atomic_at(int dirfd, const char *name, const void *data,
			 size_t len, unsigned int mode)
{
	char tmp[NAME_MAX + 1];
	const char *p = data;
	int fd = -1, err = 0, tries;
	size_t off = 0;

	if (strlen(name) + 9 > NAME_MAX || strchr(name, '/'))
		return -ENAMETOOLONG;
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		temp_name(tmp, sizeof(tmp), name);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL |
			    O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
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
	if (!err && fchmod(fd, mode))
		err = -errno;
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && renameat(dirfd, tmp, dirfd, name))
		err = -errno;
	if (err) {
		unlinkat(dirfd, tmp, 0);
		return err;
	}
	fsync(dirfd);
	return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len,
		      unsigned int mode, char *why, size_t whylen)
{
	char dir[PATH_MAX], name[PATH_MAX];
	int dfd, err;

	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	snprintf(name, sizeof(name), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	err = dir_safe(dfd, false, why, whylen);
	if (!err)
		err = write_file_atomic_at(dfd, basename(name), data, len,
					   mode);
	close(dfd);
	return err;
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

int read_boot_id(char *buf, size_t len)
{
	char tmp[64];
	ssize_t n = read_text_file("/proc/sys/kernel/random/boot_id", tmp,
				   sizeof(tmp));

	if (len)
		buf[0] = '\0';
	if (n < 0)
		return (int)n;
	if (n < 36 || len < 37)
		return -EINVAL;
	tmp[36] = '\0';
	snprintf(buf, len, "%s", tmp);
	return 0;
}

int lock_rundir(int dirfd, int *fd, char *holder, size_t len)
{
	char buf[32];
	struct stat st;
	ssize_t n;
	int lfd, ret;

	if (len)
		holder[0] = '\0';
	lfd = openat(dirfd, "isold.lock", O_RDWR | O_CREAT | O_NOFOLLOW |
		     O_NONBLOCK | O_CLOEXEC, 0600);
	if (lfd < 0)
		return -errno;
	if (fstat(lfd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid()) {
		close(lfd);
		return -EPERM;
	}
	if (flock(lfd, LOCK_EX | LOCK_NB)) {
		ret = -errno;
		if (errno == EWOULDBLOCK && len) {
			n = pread(lfd, holder, len - 1, 0);
			holder[n > 0 ? n : 0] = '\0';
			holder[strcspn(holder, "\n")] = '\0';
		}
		close(lfd);
		return ret;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(lfd, 0) || pwrite(lfd, buf, (size_t)n, 0) != n) {
		/* the pid is a courtesy for messages; the lock holds */
	}
	*fd = lfd;
	return 0;
}

static int read_state_file_at(int dirfd, const char *name, size_t max,
			      char **buf, size_t *len, struct stat *st,
			      const char **why)
{
	ssize_t n;
	int fd, ret;

	*buf = NULL;
	*len = 0;
	*why = NULL;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
	if (fd < 0 && errno == ELOOP) {
		*why = "a symbolic link";
		return 0;
	}
	if (fd < 0)
		return -errno;
	if (fstat(fd, st)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		*why = "not a regular file";
		return 0;
	}
	*buf = malloc(max + 1);
	if (!*buf) {
		close(fd);
		return -ENOMEM;
	}
	while (*len <= max) {
		n = read(fd, *buf + *len, max + 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	close(fd);
	return 0;
}

void state_problemv(unsigned int *problems, char *why, size_t whylen,
		    unsigned int line, const char *fmt, va_list ap)
{
	char msg[200];

	if ((*problems)++)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (line)
		snprintf(why, whylen, "line %u: %s", line, msg);
	else
		snprintf(why, whylen, "%s", msg);
}

__attribute__((format(printf, 4, 5)))
static void state_problem(unsigned int *problems, char *why, size_t whylen,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	state_problemv(problems, why, whylen, 0, fmt, ap);
	va_end(ap);
}

int load_state_file_at(int dirfd, const char *name, size_t max,
		       int (*parse)(const char *buf, size_t len, void *obj),
		       void *obj, unsigned int *problems, char *why,
		       size_t whylen)
{
	const char *bad;
	struct stat st;
	size_t len;
	char *buf;
	int ret;

	ret = read_state_file_at(dirfd, name, max, &buf, &len, &st, &bad);
	if (ret)
		return ret;
	if (bad) {
		state_problem(problems, why, whylen, "%s", bad);
		return 0;
	}
	ret = parse(buf, len > max ? max : len, obj);
	free(buf);
	if (len > max)
		state_problem(problems, why, whylen, "larger than %zu bytes",
			      max);
	if (st.st_uid != geteuid())
		state_problem(problems, why, whylen, "owned by uid %u",
			      (unsigned int)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		state_problem(problems, why, whylen,
			      "writable by others (mode %04o)",
			      (unsigned int)(st.st_mode & 07777));
	return ret;
}

int set_aside_at(int dirfd, const char *name, char *aside, size_t len)
{
	unsigned int i;
	int ret;

	for (i = 0; i < 1000; i++) {
		if (i)
			snprintf(aside, len, "%s.corrupt.%lld.%u", name,
				 (long long)time(NULL), i);
		else
			snprintf(aside, len, "%s.corrupt.%lld", name,
				 (long long)time(NULL));
		/* never over an existing file */
		ret = renameat2(dirfd, name, dirfd, aside, RENAME_NOREPLACE);
		if (ret && errno == EINVAL) {	/* no RENAME_NOREPLACE here */
			ret = linkat(dirfd, name, dirfd, aside, 0);
			if (!ret && unlinkat(dirfd, name, 0))
				return -errno;
		}
		if (!ret)
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}
