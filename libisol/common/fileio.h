/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fileio.h - small, errno-returning helpers for sysfs/procfs style files. */
#ifndef ISOL_COMMON_FILEIO_H
#define ISOL_COMMON_FILEIO_H

#include <stdarg.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * read_text_file - read at most @len-1 bytes of @path into @buf,
 * NUL-terminated, trailing newline kept.  Only a regular file, never
 * through a symlink in its last component (-ELOOP), never blocking on a
 * FIFO (-EINVAL).  Returns bytes read or -errno.
 */
ssize_t read_text_file(const char *path, char *buf, size_t len);

/*
 * write_text_file - truncate @path and write @s in one write(2), as sysfs
 * wants.  Only a regular file of root (or the caller) with one link, never
 * through a symlink in its last component: what a fixture tree another
 * user controls plants there is not written (-EPERM, -ELOOP).  Returns 0
 * or -errno (the kernel's verdict, e.g. -EINVAL).
 */
int write_text_file(const char *path, const char *s);

/*
 * write_cgroup_file - write_text_file() that also accepts a file of
 * @owner on a cgroup v2 mount: the control files of a subtree delegated to
 * that user (a systemd user session's cgroups), where the caller moves
 * @owner's own process back.  cgroupfs has no user-made files, symlinks
 * or hard links.  @owner (uid_t)-1: root's and the caller's only.
 */
int write_cgroup_file(const char *path, const char *s, uid_t owner);

/*
 * dir_safe - whether no other user can redirect or replace what is written
 * in the directory @dirfd: it must be owned by root or the caller's euid
 * and not be world-writable nor writable by a group other than root's
 * (gid 0), except (unless @strict) with the sticky bit, where others may
 * add names but not replace ours.  Returns 0,
 * or -EPERM with the reason ("owned by uid 1000", "writable by others") in
 * @why (may be NULL).
 */
int dir_safe(int dirfd, bool strict, char *why, size_t len);

/*
 * path_safe - whether no other user can replace what is found under the
 * directory @path: dir_safe() of @path (@strict) and of every directory
 * above it (not strict: a sticky /tmp is fine), both as named and with
 * symbolic links resolved; a symbolic link on the way must belong to root
 * or the caller.  Returns 0, or -errno with the reason, naming the
 * directory, in @why (may be NULL).
 */
int path_safe(const char *path, bool strict, char *why, size_t len);

/*
 * write_file_atomic_at - replace @name in the directory @dirfd: a
 * temporary file with a random name (O_CREAT|O_EXCL|O_NOFOLLOW, so nothing
 * planted there is followed), write, fchmod to @mode (the umask does not
 * apply), fsync, renameat over @name (a symlink there is replaced, not
 * followed), fsync the directory.  Does not check the directory.
 * Returns 0 or -errno.
 */
int write_file_atomic_at(int dirfd, const char *name, const void *data,
			 size_t len, unsigned int mode);

/*
 * state_problemv - count one problem of a state file in *@problems; the
 * first one is written to @why (@whylen bytes), as "line N: ..." when @line
 * is not 0.
 */
void state_problemv(unsigned int *problems, char *why, size_t whylen,
		    unsigned int line, const char *fmt, va_list ap);

/*
 * load_state_file_at - read the state file @name (a journal) of the
 * directory @dirfd and hand at most @max bytes of it to @parse(@obj): no
 * symbolic link followed, nothing but a regular file (opened O_NONBLOCK: a
 * FIFO planted there cannot hang the reader).  Counted as problems
 * (state_problemv() into @problems and @why): a symbolic link or anything
 * but a regular file (then nothing is parsed), more than @max bytes, an
 * owner other than the effective uid, write permission for group or
 * others.  Returns what @parse returned, 0 when nothing was parsed, or
 * -errno (-ENOENT: there is none).
 */
int load_state_file_at(int dirfd, const char *name, size_t max,
		       int (*parse)(const char *buf, size_t len, void *obj),
		       void *obj, unsigned int *problems, char *why,
		       size_t whylen);

/*
 * set_aside_at - keep a state file that could not be used as evidence:
 * rename @name of @dirfd to "<name>.corrupt.<time>" (".<n>" appended when
 * that exists), never over an existing file (RENAME_NOREPLACE, or link and
 * unlink where the filesystem lacks it).  The new name is written to
 * @aside (@len bytes).  Returns 0 or -errno.
 */
int set_aside_at(int dirfd, const char *name, char *aside, size_t len);

/*
 * write_file_atomic - write_file_atomic_at() on the directory of @path
 * after dir_safe() (not strict) of that directory: -EPERM, with the reason
 * in @why (may be NULL), when another user could write there.
 * The one writer of files that must not be redirected: isold's journal,
 * isolctl's record file, isol-certify --out.  Returns 0 or -errno.
 */
int write_file_atomic(const char *path, const void *data, size_t len,
		      unsigned int mode, char *why, size_t whylen);

/*
 * sysfs_read_cpulist - parse the cpulist file @rel under the sysfs root
 * (paths.h), e.g. "devices/system/cpu/online", into @set.  @set is empty
 * when this fails.  @exists (optional) tells whether the file could be
 * read, so a caller can tell a missing file from a malformed one.
 * Returns 0 or -errno.
 */
int sysfs_read_cpulist(const char *rel, cpu_set_t *set, bool *exists);

/* This boot's id (/proc/sys/kernel/random/boot_id, 36 characters) into
 * @buf; "" and -errno when unknown. */
int read_boot_id(char *buf, size_t len);

/*
 * lock_rundir - take the flock on "isold.lock" in the run dir @dirfd that
 * makes one program its owner (isold for its life, isolctl for a reserve
 * or release while isold does not run): a regular file of ours, created
 * 0600, locked without waiting, our pid written in it.  0 with the open
 * file in *@fd; -EWOULDBLOCK when another holds it (its pid, as written,
 * in @holder); -EPERM when it is not a regular file of ours; else -errno.
 */
int lock_rundir(int dirfd, int *fd, char *holder, size_t len);

#endif
