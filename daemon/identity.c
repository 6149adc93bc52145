// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * identity.c - who a task is: its pidfd, the pidfs inode number of that
 * pidfd (unique per boot for every struct pid on 64-bit Linux >= 6.9: a
 * 64-bit counter that never goes back), its start time, and the boot.
 * Tasks are always the real ones (/proc, not the procfs root of a fixture).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fileio.h"
#include "isold.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif
#ifndef PIDFS_MAGIC
#define PIDFS_MAGIC 0x50494446
#endif

int task_start_time(pid_t pid, pid_t tid, uint64_t *out)
{
	char path[96], buf[2048], *p;
	int i;

	strfmt(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid,
	       (int)tid);
	if (read_text_file(path, buf, sizeof(buf)) < 0)
		return -ESRCH;
	p = strrchr(buf, ')');
	for (i = 0; p && i < 20; i++)		/* to field 22 */
		p = strchr(p + 1, ' ');
	if (!p)
		return -EINVAL;
	*out = strtoull(p + 1, NULL, 10);
	return 0;
}

int task_pidfd(pid_t pid, pid_t tid, bool thread)
{
	int fd = -1;

	if (thread) {
		fd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
		if (fd >= 0 || errno != EINVAL)
			return fd >= 0 ? fd : -errno;
		/* Kernel < 6.9: watch the process instead of the thread. */
	}
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	return fd >= 0 ? fd : -errno;
}

uint64_t pidfd_ino(int pidfd)
{
	struct statfs sfs;
	struct stat st;

	if (pidfd < 0 || fstatfs(pidfd, &sfs) ||
	    (unsigned long)sfs.f_type != PIDFS_MAGIC || fstat(pidfd, &st) ||
	    sizeof(st.st_ino) < 8)
		return 0;
	return (uint64_t)st.st_ino;
}

bool pidfd_exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	return pidfd < 0 || poll(&p, 1, 0) > 0;
}

void boot_id(char *buf, size_t len)
{
	read_boot_id(buf, len);
}
