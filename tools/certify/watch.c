// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch.c - watch the RT CPU during the in-place run through tracefs: a
 * private instance whose tracing_cpumask is that CPU only, with
 * sched:sched_switch (the measuring thread left the CPU: slept or was
 * preempted), irq:irq_handler_entry, irq_vectors:local_timer_entry,
 * irq:softirq_entry and lock:contention_begin where the kernel has them.
 * Counted from the line the measuring thread writes to the instance's
 * trace_marker once it runs on after the watch started: its wait for the
 * start (it may block there when the host is loaded) is not the call's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certify.h"
#include "tracefs.h"

static const char *const events[] = {
	"sched/sched_switch", "irq/irq_handler_entry",
	"irq_vectors/local_timer_entry", "irq/softirq_entry",
	"lock/contention_begin",
};

int watch_open(struct watch *w, int cpu)
{
	struct tfs *t = calloc(1, sizeof(*t));
	char mask[1100];
	size_t i, n = 0;
	int err, g;

	memset(w, 0, sizeof(*w));
	w->marker = -1;
	if (!t)
		return -1;
	err = tfs_open(t, "isol-certify");
	if (err) {
		snprintf(w->why, sizeof(w->why), "%s",
			 err == -2 ? "no tracefs (mount it at /sys/kernel/tracing)" :
				     "cannot create a tracefs instance (root needed)");
		free(t);
		return -1;
	}
	/* tracing_cpumask: comma-separated 32-bit hex groups, high first */
	for (g = cpu / 32; g >= 0; g--)
		n += (size_t)snprintf(mask + n, sizeof(mask) - n, "%s%x",
				      n ? "," : "", g == cpu / 32 ? 1u << (cpu % 32) : 0u);
	if (tfs_set(t, "tracing_cpumask", mask) ||
	    tfs_enable(t, events[0], NULL)) {
		snprintf(w->why, sizeof(w->why), "cannot enable sched:sched_switch");
		tfs_close(t);
		free(t);
		return -1;
	}
	for (i = 1; i < sizeof(events) / sizeof(events[0]); i++)
		if (tfs_has_event(t, events[i]))
			tfs_enable(t, events[i], NULL);
	w->tfs = t;
	w->available = true;
	return 0;
}

int watch_start(void *arg, int tid)
{
	struct watch *w = arg;

	w->tid = tid;
	if (!w->available)
		return 0;
	w->marker = tfs_open_file(w->tfs, "trace_marker");
	/* without a marker, everything the watch saw counts */
	w->begun = w->marker < 0;
	return tfs_set(w->tfs, "tracing_on", "1");
}

#define WATCH_MARK "isol-certify: measuring"

void watch_begin(void *arg)
{
	struct watch *w = arg;

	if (w->marker >= 0 &&
	    write(w->marker, WATCH_MARK "\n", sizeof(WATCH_MARK)) < 0)
		w->begun = true;
}

void watch_stop(void *arg)
{
	struct watch *w = arg;

	if (w->available)
		tfs_set(w->tfs, "tracing_on", "0");
}

static void add_name(struct watch *w, const char *name)
{
	size_t used = strlen(w->irq_names);

	if (strstr(w->irq_names, name) || used > sizeof(w->irq_names) - 40)
		return;
	snprintf(w->irq_names + used, sizeof(w->irq_names) - used, "%s%s",
		 used ? "," : "", name);
}

static int on_line(const char *line, void *arg)
{
	struct watch *w = arg;
	struct trace_line tl;
	char v[64];

	if (trace_parse(line, &tl))
		return 0;
	if (!w->begun) {
		w->begun = tl.pid == w->tid && strstr(line, WATCH_MARK);
		return 0;
	}
	if (!strcmp(tl.event, "sched_switch")) {
		if (trace_field(tl.fields, "prev_pid", v, sizeof(v)) ||
		    atoi(v) != w->tid)
			return 0;
		if (trace_field(tl.fields, "prev_state", v, sizeof(v)))
			w->slept++;
		else if (v[0] == 'R')
			w->preempted++;
		else if (v[0] != 'X' && v[0] != 'Z')	/* not its exit */
			w->slept++;
	} else if (!strcmp(tl.event, "irq_handler_entry")) {
		w->irqs++;
		if (!trace_field(tl.fields, "name", v, sizeof(v)))
			add_name(w, v);
	} else if (!strcmp(tl.event, "local_timer_entry")) {
		w->timer_ticks++;
	} else if (!strcmp(tl.event, "softirq_entry")) {
		w->softirqs++;
	} else if (!strcmp(tl.event, "contention_begin")) {
		w->locks++;
	}
	return 0;
}

void watch_collect(struct watch *w)
{
	if (!w->available)
		return;
	tfs_read(w->tfs, on_line, w);
	if (w->marker >= 0)
		close(w->marker);
	w->marker = -1;
	tfs_close(w->tfs);
	free(w->tfs);
	w->tfs = NULL;
}
