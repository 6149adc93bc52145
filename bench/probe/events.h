/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * events.h - the scheduler and interrupt events of the whole guest, read
 * from /proc and /sys before and after a counted region (rtbench --ic).
 *
 *   ctxsw       context switches on all CPUs (/proc/stat "ctxt")
 *   task_ctxsw  the probe thread's own (/proc/thread-self/status,
 *               voluntary + nonvoluntary)
 *   NAME        the architecture's interrupt rows of /proc/interrupts
 *               (RES rescheduling IPIs, CAL function-call IPIs, TLB
 *               shootdowns, LOC local timer, IWI irq work, ...), summed
 *               over the CPUs; NAME.cpuN per CPU
 *   stopper     runs of the CPU stoppers: context switches of the
 *               migration/N threads (each run is one switch in and one
 *               out; counted as the thread's own switches, i.e. once)
 *   idle        idle entries: the NOHZ idle_calls of /proc/timer_list
 *               (one per pass of the idle loop that considers stopping
 *               the tick)
 */
#ifndef RTBENCH_EVENTS_H
#define RTBENCH_EVENTS_H

#define EV_MAX_CPUS 16
#define EV_MAX_IRQ 32

struct ev_snap {
	int ncpu;
	unsigned long long ctxsw;
	unsigned long long task_ctxsw;
	int nirq;
	struct {
		char name[8];
		unsigned long long cpu[EV_MAX_CPUS];
	} irq[EV_MAX_IRQ];
	unsigned long long stopper[EV_MAX_CPUS];
	unsigned long long idle[EV_MAX_CPUS];
	int have_idle;
};

/* Fill @s; 0 or -errno (a source that is missing is left at zero). */
int ev_read(struct ev_snap *s);

/*
 * Print "ICEV <label> <name> <per op>" lines: the events between @a and @b
 * divided by @ops, totals always, per-CPU figures (<name>.cpuN) when not
 * zero.  bench/icount/join.sh files them under the region that the
 * ICOUNT line before them names.
 */
void ev_print(const char *label, const struct ev_snap *a,
	      const struct ev_snap *b, long ops);

#endif
