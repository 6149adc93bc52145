// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * nosysadmin CMD [ARG...] - run CMD as root without CAP_SYS_ADMIN (dropped
 * from the bounding, permitted, effective and inheritable sets), keeping
 * every other capability: the VM tests use it to have the kernel refuse a
 * cpuset partition ("isolated invalid (Enable partition not permitted)")
 * while the cgroup files stay writable.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	unsigned int i = CAP_SYS_ADMIN / 32, bit = 1u << (CAP_SYS_ADMIN % 32);

	if (argc < 2) {
		fprintf(stderr, "usage: nosysadmin CMD [ARG...]\n");
		return 2;
	}
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) ||
	    syscall(SYS_capget, &h, d)) {
		perror("nosysadmin");
		return 1;
	}
	d[i].effective &= ~bit;
	d[i].permitted &= ~bit;
	d[i].inheritable &= ~bit;
	if (syscall(SYS_capset, &h, d)) {
		perror("nosysadmin: capset");
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "nosysadmin: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
