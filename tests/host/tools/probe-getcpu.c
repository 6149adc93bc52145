// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-getcpu - print the CPU that a real getcpu syscall (not the vDSO)
 * reports, as "cpu N".  Under 'isolctl run' with getcpu not whitelisted the
 * syscall body runs displaced, on a housekeeping CPU.
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned int cpu = ~0u, node = 0;

	if (syscall(SYS_getcpu, &cpu, &node, NULL)) {
		perror("getcpu");
		return 1;
	}
	printf("cpu %u\n", cpu);
	return 0;
}
