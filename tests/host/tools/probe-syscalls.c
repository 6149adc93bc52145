// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-syscalls - make a known set of syscalls: getppid 7 times, umask 3
 * times, then exit.  'isolctl audit' must name exactly these (plus the
 * process start-up and exit of a static binary).
 */
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	int i;

	for (i = 0; i < 7; i++)
		syscall(SYS_getppid);
	for (i = 0; i < 3; i++)
		syscall(SYS_umask, 022);
	return 0;
}
