/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fileio.h - small, errno-returning helpers for sysfs/procfs style files. */
#ifndef ISOL_COMMON_FILEIO_H
#define ISOL_COMMON_FILEIO_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * read_text_file - read at most @len-1 bytes of @path into @buf,
 * NUL-terminated, trailing newline kept.  Returns bytes read or -errno.
 */
ssize_t read_text_file(const char *path, char *buf, size_t len);

/*
 * write_text_file - open(O_WRONLY|O_TRUNC) @path and write @s in one write(2), as
 * sysfs wants.  Returns 0 or -errno (the kernel's verdict, e.g. -EINVAL).
 */
int write_text_file(const char *path, const char *s);

/*
 * write_file_atomic - replace @path by writing a temporary file in the same
 * directory, fsync, rename, fsync the directory.  Returns 0 or -errno.
 */
int write_file_atomic(const char *path, const void *data, size_t len,
		      unsigned int mode);

/*
 * sysfs_read_cpulist - parse the cpulist file @rel under the sysfs root
 * (paths.h), e.g. "devices/system/cpu/online", into @set.  @set is empty
 * when this fails.  @exists (optional) tells whether the file could be
 * read, so a caller can tell a missing file from a malformed one.
 * Returns 0 or -errno.
 */
int sysfs_read_cpulist(const char *rel, cpu_set_t *set, bool *exists);

#endif
