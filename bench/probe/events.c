// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * events.c - scheduler and interrupt event counts from /proc (events.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"

static int read_ctxt(struct ev_snap *s)
{
	char line[256];
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ctxt %llu", &s->ctxsw) == 1)
			break;
	fclose(f);
	return 0;
}

/* voluntary + nonvoluntary context switches of /proc/@path/status */
static unsigned long long task_switches(const char *path)
{
	char line[256];
	unsigned long long v, sum = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "voluntary_ctxt_switches: %llu", &v) == 1 ||
		    sscanf(line, "nonvoluntary_ctxt_switches: %llu", &v) == 1)
			sum += v;
	fclose(f);
	return sum;
}

static int read_interrupts(struct ev_snap *s)
{
	char line[1024];
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -errno;
	if (fgets(line, sizeof(line), f)) {
		char *p = line;

		s->ncpu = 0;
		while ((p = strstr(p, "CPU"))) {
			s->ncpu++;
			p += 3;
		}
		if (s->ncpu > EV_MAX_CPUS)
			s->ncpu = EV_MAX_CPUS;
	}
	while (fgets(line, sizeof(line), f) && s->nirq < EV_MAX_IRQ) {
		char *p = line, *colon, *end;
		int c;

		while (*p == ' ')
			p++;
		colon = strchr(p, ':');
		/* device interrupts have numbers; keep the named rows */
		if (!colon || isdigit((unsigned char)*p) || colon - p >= 8)
			continue;
		memcpy(s->irq[s->nirq].name, p, (size_t)(colon - p));
		s->irq[s->nirq].name[colon - p] = '\0';
		p = colon + 1;
		for (c = 0; c < s->ncpu; c++) {
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			s->irq[s->nirq].cpu[c] = v;
			p = end;
		}
		s->nirq++;
	}
	fclose(f);
	return 0;
}

/* migration/N: the CPU stopper of CPU N */
static void read_stoppers(struct ev_snap *s)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[300], comm[64];
		FILE *f;
		int cpu;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(comm, sizeof(comm), f))
			comm[0] = '\0';
		fclose(f);
		if (sscanf(comm, "migration/%d", &cpu) != 1 || cpu < 0 ||
		    cpu >= EV_MAX_CPUS)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		s->stopper[cpu] = task_switches(path);
	}
	closedir(d);
}

/* idle_calls of every "cpu: N" block of /proc/timer_list */
static void read_idle(struct ev_snap *s)
{
	char line[256];
	unsigned long long v;
	int cpu = -1;
	FILE *f = fopen("/proc/timer_list", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "cpu: %d", &cpu) == 1)
			continue;
		if (cpu >= 0 && cpu < EV_MAX_CPUS &&
		    sscanf(line, " .idle_calls : %llu", &v) == 1) {
			s->idle[cpu] = v;
			s->have_idle = 1;
		}
	}
	fclose(f);
}

int ev_read(struct ev_snap *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	err = read_ctxt(s);
	if (!err)
		err = read_interrupts(s);
	s->task_ctxsw = task_switches("/proc/thread-self/status");
	read_stoppers(s);
	read_idle(s);
	return err;
}

/* totals always (cpu < 0), per-CPU figures when not zero */
static void put(const char *label, const char *name, int cpu,
		unsigned long long d, long ops)
{
	if (!d && cpu >= 0)
		return;
	if (cpu < 0)
		printf("ICEV %s %s %.3f\n", label, name, (double)d / (double)ops);
	else
		printf("ICEV %s %s.cpu%d %.3f\n", label, name, cpu,
		       (double)d / (double)ops);
}

static void put_percpu(const char *label, const char *name, int ncpu,
		       const unsigned long long *a, const unsigned long long *b,
		       long ops)
{
	unsigned long long sum = 0;
	int c;

	for (c = 0; c < ncpu; c++)
		sum += b[c] - a[c];
	put(label, name, -1, sum, ops);
	for (c = 0; c < ncpu; c++)
		put(label, name, c, b[c] - a[c], ops);
}

void ev_print(const char *label, const struct ev_snap *a,
	      const struct ev_snap *b, long ops)
{
	int i, j, ncpu = b->ncpu ? b->ncpu : EV_MAX_CPUS;

	if (ops < 1)
		ops = 1;
	put(label, "ctxsw", -1, b->ctxsw - a->ctxsw, ops);
	put(label, "task_ctxsw", -1, b->task_ctxsw - a->task_ctxsw, ops);
	for (i = 0; i < b->nirq; i++)
		for (j = 0; j < a->nirq; j++)
			if (!strcmp(a->irq[j].name, b->irq[i].name))
				put_percpu(label, b->irq[i].name, ncpu,
					   a->irq[j].cpu, b->irq[i].cpu, ops);
	put_percpu(label, "stopper", ncpu, a->stopper, b->stopper, ops);
	if (b->have_idle)
		put_percpu(label, "idle", ncpu, a->idle, b->idle, ops);
}
