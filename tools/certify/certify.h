/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * certify.h - isol-certify: measure one syscall in place on an RT CPU under
 * load, watch the CPU through trace events, compare with the displaced
 * call, and write a whitelist record (isold.conf(5)) with the evidence.
 */
#ifndef ISOL_CERTIFY_H
#define ISOL_CERTIFY_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

#include "out.h"
#include "syscalls.h"

/* --- argument profiles (profiles.c) */
struct prof_ctx {
	int fd[2];
	int futex_word;
	uint64_t period_ns;	/* periodic profiles */
	uint64_t deadline_ns;	/* absolute, CLOCK_MONOTONIC */
	int helper_cpu;		/* a housekeeping CPU for helper threads */
	void *priv;
	unsigned long iter;
};

struct profile {
	const char *syscall;	/* name per syscalls.h */
	const char *name;	/* "futex:wait-private" */
	const char *desc;
	const char *contender;	/* stress-ng stressor for the same subsystem */
	bool sleeps;		/* blocking is the call's purpose: latency is
				 * the wake-up overshoot, sleeping is expected */
	unsigned long samples;	/* default --samples */
	int (*setup)(struct prof_ctx *c);
	/* one measured call; returns its latency in ns */
	uint64_t (*call)(struct prof_ctx *c);
	/* unmeasured housekeeping between calls (e.g. drain a pipe) */
	void (*between)(struct prof_ctx *c);
	void (*teardown)(struct prof_ctx *c);
};

/* The profile called @name ("futex:wait-private"), or the default profile
 * of syscall @name, or NULL. */
const struct profile *profile_find(const char *name);
/* The @i-th profile, NULL past the end. */
const struct profile *profile_at(unsigned int i);

/* --- measurement (measure.c) */
struct stats {
	unsigned long n;
	uint64_t min, max, p50, p99, p999, p9999;
	double avg;
	uint64_t *v;		/* sorted samples (owned) */
	long nvcsw, nivcsw;	/* voluntary (slept) / involuntary switches */
	int tid;
	bool fifo;		/* ran SCHED_FIFO */
};

enum measure_mode { MEASURE_IN_PLACE, MEASURE_DISPLACED };

struct measure_hooks {
	/* start: in the parent once the thread is pinned and ready, with its
	 * tid; begin: in the measuring thread once it runs on after start
	 * (what it did before, such as waiting for the parent, is not part of
	 * the measurement); stop: in the measuring thread right after the
	 * loop (before it blocks or exits) */
	int (*start)(void *arg, int tid);
	void (*begin)(void *arg);
	void (*stop)(void *arg);
	void *arg;
};

int measure(const struct profile *pr, int cpu, int helper_cpu,
	    unsigned long samples, enum measure_mode mode,
	    const struct measure_hooks *h, struct stats *st);
void stats_free(struct stats *st);

/* --- background load (load.c) */
struct load {
	int pid;		/* stress-ng, 0 when none */
	char desc[256];		/* "cpu,vm,io,fork,contender(futex)" */
};

/* Parse "none" / "all" / "cpu,vm,io,fork,contender"; 0 or -EINVAL. */
int load_parse(const char *s, unsigned int *mask);
int load_start(struct load *l, unsigned int mask, const cpu_set_t *hk,
	       const struct profile *pr);
void load_stop(struct load *l);

/* --- tracefs watch of the RT CPU (watch.c) */
struct watch {
	bool available;
	char why[160];		/* when not available */
	int tid;
	int marker;		/* the instance's trace_marker, or -1 */
	bool begun;		/* counting: the thread's marker was seen */
	unsigned long slept, preempted, irqs, timer_ticks, softirqs, locks;
	char irq_names[160];
	void *tfs;
};

int watch_open(struct watch *w, int cpu);
int watch_start(void *w, int tid);
void watch_begin(void *w);
void watch_stop(void *w);
/* Read the buffer and count; then remove the instance. */
void watch_collect(struct watch *w);

/* --- outputs */
struct certify_result {
	const struct profile *pr;
	const char *rule;	/* the profile's predicates, "" = any call */
	const struct stats *st;
	int cpu;
	bool certified;
	char kernel[128];
	char config_hash[80];	/* "sha256:HEX" or "unknown" */
	char load[256];
	char note[256];
};

/* Write the record to @path ("-" = stdout) in isold's format. 0 / -errno */
int certify_record(const struct certify_result *res, const char *path);
int plot_png(const char *png, const struct stats *st, const char *title);

#endif
