// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * whitelist.c - the syscall whitelist the emulation enforces, from the
 * first source that has one:
 *   1. the kernel's /sys/kernel/rt_isolation/syscalls_x86_64 (a patched
 *      kernel with the emulation forced, or a fixture tree via ISOL_SYSFS);
 *   2. isold (WHITELIST request), when it is running;
 *   3. the built-in default set below.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "internal.h"
#include "bitlist.h"
#include "fileio.h"
#include "paths.h"
#include "rtiso_uapi.h"
#include "syscalls.h"

/* Calls that are deterministic enough to run on the RT CPU by default. */
static const char *const default_set[] = {
	"clock_gettime", "clock_getres", "clock_nanosleep", "gettimeofday",
	"time", "getcpu", "sched_yield", "sched_getaffinity", "rt_sigreturn",
	"futex", "getpid", "gettid",
};

int isol_whitelist_from_kernel(unsigned long *bits, unsigned int nbits)
{
	char path[PATH_MAX], buf[8192];
	ssize_t n;
	int err;

	err = isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_WL_X86_64, path,
			sizeof(path));
	if (err)
		return err;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return bitlist_parse(buf, bits, nbits);
}

static int from_defaults(unsigned long *bits)
{
	size_t i;

	for (i = 0; i < sizeof(default_set) / sizeof(default_set[0]); i++) {
		int nr = syscall_lookup(SYSCALL_ABI_X86_64, default_set[i]);

		if (nr >= 0)
			bitlist_set(bits, (unsigned int)nr);
	}
	return 0;
}

int isol_whitelist_load(unsigned long *bits, unsigned int nbits)
{
	int err;

	memset(bits, 0, BITLIST_LONGS(nbits) * sizeof(unsigned long));
	err = isol_whitelist_from_kernel(bits, nbits);
	if (!err) {
		pr_debug("libisol: whitelist from the kernel file\n");
		return 0;
	}
	if (err != -ENOENT)
		pr_warn("libisol: kernel whitelist unreadable (%d)\n", err);
	err = isol_whitelist_from_daemon(bits, nbits);
	if (!err) {
		pr_debug("libisol: whitelist from isold\n");
		return 0;
	}
	pr_debug("libisol: built-in default whitelist\n");
	memset(bits, 0, BITLIST_LONGS(nbits) * sizeof(unsigned long));
	return from_defaults(bits);
}
