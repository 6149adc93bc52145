// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * steer.c - isold's steering passes over its whole RT set, with the one
 * implementation of libisol/common/steer.c, and their log lines.
 */
#include <string.h>

#include "isold.h"
#include "log.h"
#include "paths.h"
#include "steer.h"

void isold_steer_opts(const struct isold *d, struct steer_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->irqs = d->cfg->steer_irqs;
	o->workqueue = d->cfg->steer_workqueue;
	o->kthreads = d->cfg->steer_kthreads;
}

void isold_steer_report(struct isold *d, const struct steer_report *r,
			bool verbose, bool irqs_only)
{
	char path[4096];

	if (r->default_status > 0 && verbose)
		log_info("steer: default_smp_affinity = %s", r->default_mask);
	else if (r->default_status < 0)
		log_warn("steer: %s/irq/default_smp_affinity: %s",
			 isol_paths_root(ISOL_ROOT_PROCFS),
			 strerror(-r->default_status));
	if (r->irq_dir_missing)
		log_warn("steer: %s/irq: not readable",
			 isol_paths_root(ISOL_ROOT_PROCFS));
	d->st.irqs_moved += r->irqs_moved;
	d->st.irqs_unmovable = r->irqs_unmovable;
	if (r->irqs_moved)
		log_info("steer: moved %u IRQ(s) to the housekeeping CPUs",
			 r->irqs_moved);
	if (strcmp(r->unmovable, d->unmovable_irqs) ||
	    (verbose && r->irqs_unmovable)) {
		if (r->irqs_unmovable)
			log_warn("steer: %u IRQ(s) stay on RT CPUs (managed "
				 "or per-CPU): %s", r->irqs_unmovable,
				 r->unmovable);
		strcopy(d->unmovable_irqs, sizeof(d->unmovable_irqs),
			r->unmovable);
	}
	if (irqs_only)
		return;
	isol_path(ISOL_ROOT_SYSFS, "devices/virtual/workqueue/cpumask", path,
		  sizeof(path));
	if (r->wq_status < 0)
		log_warn("steer: unbound workqueue cpumask %s: %s", path,
			 strerror(-r->wq_status));
	else if (r->wq_status > 0)
		log_info("steer: unbound workqueue cpumask = %s", r->wq_mask);
	if (r->kthreads_skipped) {
		if (verbose)
			log_info("steer: kthreads skipped (procfs "
				 "redirected to %s)",
				 isol_paths_root(ISOL_ROOT_PROCFS));
		return;
	}
	d->st.kthreads_moved += r->kthreads_moved;
	d->st.kthreads_unmovable = r->kthreads_unmovable;
	if (d->cfg->steer_kthreads && (r->kthreads_moved || verbose))
		log_info("steer: moved %u unbound kthread(s); %u per-CPU "
			 "kthread(s) stay on RT CPUs", r->kthreads_moved,
			 r->kthreads_unmovable);
}

void isold_steer(struct isold *d, bool verbose)
{
	struct steer_report r = { 0 };
	struct steer_opts o;

	isold_steer_opts(d, &o);
	steer_all(&d->rt, &d->hk, &o, NULL, &r);
	isold_steer_report(d, &r, verbose, false);
}

void isold_steer_irqs(struct isold *d, bool verbose)
{
	struct steer_report r = { 0 };
	struct steer_opts o;

	isold_steer_opts(d, &o);
	steer_irqs(&d->rt, &d->hk, &o, NULL, &r);
	isold_steer_report(d, &r, verbose, true);
	isold_irq_changes(d, &r);	/* irqbalance.c: who, where */
}
