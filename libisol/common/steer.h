/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * steer.h - the one implementation of moving noise off RT CPUs: IRQ
 * affinities (and default_smp_affinity for new IRQs), the unbound
 * workqueue cpumask and unbound kthreads.  Every change is read back; what
 * stays on an RT CPU is reported, not hidden.  isold steers its whole RT
 * set with it, the runtime reservation (reserve.h) the CPUs it adds,
 * saving what it changed so that a release can put it back.
 *
 * Nothing here logs: a pass fills a struct steer_report for the caller.
 * IRQs and the workqueue mask go through the redirectable roots (paths.h);
 * kthreads are real tasks and are never touched while procfs is
 * redirected (a fixture tree).
 */
#ifndef ISOL_COMMON_STEER_H
#define ISOL_COMMON_STEER_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct steer_opts {
	bool irqs, workqueue, kthreads;
	bool plan;		/* only fill the save list: change nothing */
};

/* What one pass did. */
struct steer_report {
	unsigned int irqs_moved, irqs_unmovable;
	char unmovable[256];		/* the IRQs that stay, "9,24" */
	char moved[512];		/* the IRQs moved, with the CPUs
					 * they had: "24:0-3 25:2" */
	int default_status;		/* 0 untouched, 1 written, -errno */
	char default_mask[512];		/* what was written (hex) */
	int wq_status;			/* 0 untouched, 1 written, -errno */
	char wq_mask[512];		/* what was written (hex) */
	unsigned int kthreads_moved, kthreads_unmovable;
	bool kthreads_skipped;		/* procfs redirected: not touched */
	bool irq_dir_missing;		/* <procfs>/irq not readable */
};

/* One value as it was before a pass changed it. */
enum steer_kind {
	STEER_IRQ,		/* id = IRQ number */
	STEER_IRQ_DEFAULT,	/* /proc/irq/default_smp_affinity */
	STEER_WQ,		/* the unbound workqueue cpumask */
	STEER_KTHREAD,		/* id = pid, start = its start time */
	STEER_KIND_COUNT
};

struct steer_saved_ent {
	enum steer_kind kind;
	int id;
	uint64_t start;
	cpu_set_t cpus;
};

struct steer_saved {
	struct steer_saved_ent *v;
	size_t n, cap;
};

/* "irq", "irqdefault", "wq", "kthread"; NULL when out of range. */
const char *steer_kind_name(enum steer_kind k);
/* The kind named @s, or -1. */
int steer_kind_parse(const char *s);

/*
 * steer_all - move what @o enables off @rt to @hk (a thing's new CPUs are
 * its current ones among @hk, else all of @hk).  With @save, the value
 * each thing had before this pass changed it is added to @save, unless
 * @save holds one for it already (the oldest value is the one a release
 * restores).  Returns 0, or -ENOMEM when @save could not grow (what was
 * changed until then is in @save).
 */
int steer_all(const cpu_set_t *rt, const cpu_set_t *hk,
	      const struct steer_opts *o, struct steer_saved *save,
	      struct steer_report *r);
/* The IRQ part of steer_all() alone (isold's periodic pass). */
int steer_irqs(const cpu_set_t *rt, const cpu_set_t *hk,
	       const struct steer_opts *o, struct steer_saved *save,
	       struct steer_report *r);

/*
 * steer_restore - give the CPUs @freed back: every entry of @save that was
 * steered off one of them gets its saved CPUs back, minus @keep (the
 * runtime RT CPUs that remain; RT CPUs reserved at boot were RT when the
 * value was saved, so a value that had them keeps them), when its current
 * value still avoids @freed (else someone has changed it since, and it is
 * left alone) and, for a kthread, it is still the same task.  Entries
 * that no longer cover a CPU of @keep are dropped from @save.  Returns the
 * number of values that could not be written back (reported through @r:
 * irqs_unmovable / default_status / wq_status / kthreads_unmovable).
 */
int steer_restore(struct steer_saved *save, const cpu_set_t *freed,
		  const cpu_set_t *keep, struct steer_report *r);

/* Add (or, with @replace, overwrite) one entry.  0 or -ENOMEM. */
int steer_saved_add(struct steer_saved *save, enum steer_kind kind, int id,
		    uint64_t start, const cpu_set_t *cpus, bool replace);
void steer_saved_free(struct steer_saved *save);

#endif
