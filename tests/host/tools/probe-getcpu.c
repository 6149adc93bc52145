// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe-getcpu - where do this program's syscall bodies run?
 *
 *   cpu N        the CPU a real getcpu syscall (not the vDSO) reports
 *   stat-cpu M   the "processor" field of /proc/self/stat, produced by a
 *                read() syscall: where the task ran while reading
 *
 * Under 'isolctl run' in displace mode each non-whitelisted syscall body
 * runs on a housekeeping CPU, which "stat-cpu" shows when read is not
 * whitelisted; "cpu" is the RT CPU either way (a displaced getcpu reports
 * the CPU the task returns to).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	unsigned int cpu = ~0u, node = 0;
	char buf[1024], *p;
	int fd, f;
	ssize_t n;

	if (syscall(SYS_getcpu, &cpu, &node, NULL)) {
		perror("getcpu");
		return 1;
	}
	printf("cpu %u\n", cpu);
	fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	for (f = 2; p && *p; p++)
		if (*p == ' ' && ++f == 39) {
			printf("stat-cpu %d\n", atoi(p + 1));
			break;
		}
	return 0;
}
