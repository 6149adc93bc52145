// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load.c - background load on the housekeeping CPUs with stress-ng: the
 * classes cpu, vm, io, fork, and a "contender" that hammers the kernel
 * subsystem of the syscall being certified (the profile names it).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bitlist.h"
#include "certify.h"

enum { L_CPU = 1, L_VM = 2, L_IO = 4, L_FORK = 8, L_CONTENDER = 16,
       L_ALL = 31 };

static const struct { const char *name; unsigned int bit; } classes[] = {
	{ "cpu", L_CPU }, { "vm", L_VM }, { "io", L_IO }, { "fork", L_FORK },
	{ "contender", L_CONTENDER },
};

int load_parse(const char *s, unsigned int *mask)
{
	char buf[128], *tok, *save = NULL;
	size_t i;

	*mask = 0;
	if (!strcmp(s, "none"))
		return 0;
	if (!strcmp(s, "all")) {
		*mask = L_ALL;
		return 0;
	}
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			if (!strcmp(tok, classes[i].name))
				break;
		if (i == sizeof(classes) / sizeof(classes[0]))
			return -EINVAL;
		*mask |= classes[i].bit;
	}
	return *mask ? 0 : -EINVAL;
}

int load_start(struct load *l, unsigned int mask, const cpu_set_t *hk,
	       const struct profile *pr)
{
	char cpus[256], n[16], *argv[32];
	size_t used = 0, i;
	int argc = 0, nhk = CPU_COUNT(hk);

	memset(l, 0, sizeof(*l));
	if (!mask) {
		snprintf(l->desc, sizeof(l->desc), "none");
		return 0;
	}
	if (!nhk || cpulist_format(hk, cpus, sizeof(cpus)) < 0)
		return -EINVAL;
	snprintf(n, sizeof(n), "%d", nhk);
	argv[argc++] = "stress-ng";
	argv[argc++] = "--quiet";
	argv[argc++] = "--taskset";
	argv[argc++] = cpus;
	argv[argc++] = "--timeout";
	argv[argc++] = "3600";
	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		static char opt[sizeof(classes) / sizeof(classes[0])][32];

		if (!(mask & classes[i].bit))
			continue;
		if (classes[i].bit == L_CONTENDER)
			snprintf(opt[i], sizeof(opt[i]), "--%s", pr->contender);
		else
			snprintf(opt[i], sizeof(opt[i]), "--%s", classes[i].name);
		argv[argc++] = opt[i];
		argv[argc++] = classes[i].bit == L_CPU ? n : "1";
		if (classes[i].bit == L_VM) {
			argv[argc++] = "--vm-bytes";
			argv[argc++] = "64M";
		}
		used += (size_t)snprintf(l->desc + used, sizeof(l->desc) - used,
					 "%s%s", used ? "," : "", classes[i].name);
		if (classes[i].bit == L_CONTENDER)
			used += (size_t)snprintf(l->desc + used, sizeof(l->desc) - used,
						 "(%s)", pr->contender);
	}
	used += (size_t)snprintf(l->desc + used, sizeof(l->desc) - used,
				 " on CPUs %s", cpus);
	argv[argc] = NULL;

	l->pid = fork();
	if (l->pid < 0)
		return -errno;
	if (!l->pid) {
		setpgid(0, 0);
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(l->pid, l->pid);
	{
		struct timespec ts = { 0, 500 * 1000 * 1000 };	/* let it spin up */
		int status;

		nanosleep(&ts, NULL);
		if (waitpid(l->pid, &status, WNOHANG) == l->pid) {
			l->pid = 0;
			return -ENOEXEC;
		}
	}
	return 0;
}

void load_stop(struct load *l)
{
	int status;

	if (l->pid <= 0)
		return;
	kill(-l->pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (waitpid(l->pid, &status, WNOHANG) == l->pid) {
			l->pid = 0;
			break;
		}
		nanosleep(&ts, NULL);
	}
	if (l->pid > 0) {
		kill(-l->pid, SIGKILL);
		waitpid(l->pid, &status, 0);
	}
	l->pid = 0;
}
