// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * steer.c - keep noise off the RT CPUs (steer.h): IRQ affinities (and the
 * default for new IRQs), the unbound workqueue cpumask and unbound
 * kthreads, with the values they had saved for a later restore.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitlist.h"
#include "fileio.h"
#include "paths.h"
#include "steer.h"

#define PF_KTHREAD		0x00200000u
#define PF_NO_SETAFFINITY	0x04000000u

static const char *const kind_names[STEER_KIND_COUNT] = {
	[STEER_IRQ] = "irq", [STEER_IRQ_DEFAULT] = "irqdefault",
	[STEER_WQ] = "wq", [STEER_KTHREAD] = "kthread",
};

const char *steer_kind_name(enum steer_kind k)
{
	return (unsigned int)k < STEER_KIND_COUNT ? kind_names[k] : NULL;
}

int steer_kind_parse(const char *s)
{
	int k;

	for (k = 0; k < STEER_KIND_COUNT; k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return -1;
}

static struct steer_saved_ent *find(struct steer_saved *save,
				    enum steer_kind kind, int id)
{
	size_t i;

	for (i = 0; i < save->n; i++)
		if (save->v[i].kind == kind && save->v[i].id == id)
			return &save->v[i];
	return NULL;
}

int steer_saved_add(struct steer_saved *save, enum steer_kind kind, int id,
		    uint64_t start, const cpu_set_t *cpus, bool replace)
{
	struct steer_saved_ent *e = find(save, kind, id);

	if (e) {
		if (replace) {
			e->start = start;
			e->cpus = *cpus;
		}
		return 0;
	}
	if (save->n == save->cap) {
		size_t cap = save->cap ? save->cap * 2 : 32;
		struct steer_saved_ent *v = realloc(save->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		save->v = v;
		save->cap = cap;
	}
	e = &save->v[save->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->id = id;
	e->start = start;
	e->cpus = *cpus;
	return 0;
}

void steer_saved_free(struct steer_saved *save)
{
	free(save->v);
	save->v = NULL;
	save->n = save->cap = 0;
}

/* Where something that may not stay on RT CPUs should go. */
static void target(const cpu_set_t *hk, const cpu_set_t *cur, cpu_set_t *to)
{
	CPU_AND(to, cur, hk);
	if (!CPU_COUNT(to))
		*to = *hk;
}

static bool meets(const cpu_set_t *a, const cpu_set_t *b)
{
	cpu_set_t x;

	CPU_AND(&x, a, b);
	return CPU_COUNT(&x) != 0;
}

static void andnot(cpu_set_t *dst, const cpu_set_t *a, const cpu_set_t *b)
{
	cpu_set_t both;

	CPU_AND(&both, a, b);
	CPU_XOR(dst, a, &both);
}

static int save_one(struct steer_saved *save, enum steer_kind kind, int id,
		    uint64_t start, const cpu_set_t *cpus)
{
	return save ? steer_saved_add(save, kind, id, start, cpus, false) : 0;
}

/* Write @to as @path's cpulist (or hex mask) and read it back: 0 when the
 * file now avoids @avoid, else -errno (-EIO: it reads back otherwise). */
static int write_set(const char *path, const cpu_set_t *to, bool hex,
		     const cpu_set_t *avoid)
{
	char buf[1024];
	cpu_set_t now;
	int ret;

	if (hex)
		cpumask_format_hex(to, buf, sizeof(buf));
	else
		cpulist_format(to, buf, sizeof(buf));
	ret = write_text_file(path, buf);
	if (ret)
		return ret;
	if (read_text_file(path, buf, sizeof(buf)) < 0 ||
	    (hex ? cpumask_parse_hex(buf, &now) : cpulist_parse(buf, &now)) ||
	    meets(&now, avoid))
		return -EIO;
	return 0;
}

static int read_set(const char *path, bool hex, cpu_set_t *out)
{
	char buf[1024];

	if (read_text_file(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	return hex ? cpumask_parse_hex(buf, out) : cpulist_parse(buf, out);
}

/* 1 moved, 0 nothing to do, -errno unmovable; -ENOMEM: @save full. */
static int move_irq(const char *dir, const char *irq, const cpu_set_t *rt,
		    const cpu_set_t *hk, bool plan, struct steer_saved *save,
		    cpu_set_t *had)
{
	char path[4096];
	cpu_set_t cur, to;
	int ret;

	if (snprintf(path, sizeof(path), "%s/%s/smp_affinity_list", dir,
		     irq) >= (int)sizeof(path) ||
	    read_set(path, false, &cur))
		return 0;		/* no affinity file: nothing to do */
	if (!meets(&cur, rt))
		return 0;
	*had = cur;
	if (save_one(save, STEER_IRQ, atoi(irq), 0, &cur))
		return -ENOMEM;
	if (plan)
		return 0;
	target(hk, &cur, &to);
	ret = write_set(path, &to, false, rt);
	return ret ? ret : 1;
}

static void add_name(char *list, size_t len, const char *name)
{
	size_t used = strlen(list);

	if (used + strlen(name) + 2 < len)
		snprintf(list + used, len - used, "%s%s", used ? "," : "",
			 name);
}

/* Like add_name(), space-separated (an entry holds commas). */
static void add_moved(char *list, size_t len, const char *ent)
{
	size_t used = strlen(list);

	if (used + strlen(ent) + 2 < len)
		snprintf(list + used, len - used, "%s%s", used ? " " : "",
			 ent);
}

int steer_irqs(const cpu_set_t *rt, const cpu_set_t *hk,
	       const struct steer_opts *o, struct steer_saved *save,
	       struct steer_report *r)
{
	char dir[4096], path[4200], ent[128];
	cpu_set_t cur, had;
	struct dirent *e;
	DIR *dp;
	int ret, err = 0;

	if (!o->irqs)
		return 0;
	isol_path(ISOL_ROOT_PROCFS, "irq", dir, sizeof(dir));
	/* New IRQs start from default_smp_affinity (a hex mask). */
	snprintf(path, sizeof(path), "%s/default_smp_affinity", dir);
	if (!read_set(path, true, &cur) && meets(&cur, rt)) {
		if (save_one(save, STEER_IRQ_DEFAULT, 0, 0, &cur))
			return -ENOMEM;
		if (o->plan)
			goto irqs;
		cpumask_format_hex(hk, r->default_mask, sizeof(r->default_mask));
		ret = write_set(path, hk, true, rt);
		r->default_status = ret ? ret : 1;
	}
irqs:
	dp = opendir(dir);
	if (!dp) {
		r->irq_dir_missing = true;
		return 0;
	}
	while ((e = readdir(dp))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		ret = move_irq(dir, e->d_name, rt, hk, o->plan, save, &had);
		if (ret == -ENOMEM) {
			err = ret;
			break;
		}
		if (ret > 0) {
			r->irqs_moved++;
			/* "24:0-3": what it had (isold reports it) */
			snprintf(ent, sizeof(ent), "%.16s:", e->d_name);
			cpulist_format(&had, ent + strlen(ent),
				       sizeof(ent) - strlen(ent));
			add_moved(r->moved, sizeof(r->moved), ent);
		} else if (ret < 0) {
			r->irqs_unmovable++;
			add_name(r->unmovable, sizeof(r->unmovable), e->d_name);
		}
	}
	closedir(dp);
	return err;
}

static int steer_workqueue(const cpu_set_t *rt, const cpu_set_t *hk,
			   const struct steer_opts *o,
			   struct steer_saved *save, struct steer_report *r)
{
	char path[4096];
	cpu_set_t cur, to;
	int ret;

	if (!o->workqueue)
		return 0;
	isol_path(ISOL_ROOT_SYSFS, "devices/virtual/workqueue/cpumask", path,
		  sizeof(path));
	if (read_set(path, true, &cur) || !meets(&cur, rt))
		return 0;
	if (save_one(save, STEER_WQ, 0, 0, &cur))
		return -ENOMEM;
	if (o->plan)
		return 0;
	target(hk, &cur, &to);
	cpumask_format_hex(&to, r->wq_mask, sizeof(r->wq_mask));
	ret = write_set(path, &to, true, rt);
	r->wq_status = ret ? ret : 1;
	return 0;
}

/* Flags (field 9) and start time (field 22) of /proc/<pid>/stat: tasks
 * are the real ones, never a fixture's. */
static int task_stat(int pid, unsigned int *flags, uint64_t *start)
{
	char path[64], buf[1024], *p;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_text_file(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	p = strrchr(buf, ')');
	for (i = 0; i < 7 && p; i++)		/* fields 3..9 */
		p = strchr(p + 1, ' ');
	if (!p)
		return -EINVAL;
	*flags = (unsigned int)strtoul(p + 1, NULL, 10);
	for (i = 0; i < 13 && p; i++)		/* fields 10..22 */
		p = strchr(p + 1, ' ');
	if (!p)
		return -EINVAL;
	*start = strtoull(p + 1, NULL, 10);
	return 0;
}

static int steer_kthreads(const cpu_set_t *rt, const cpu_set_t *hk,
			  const struct steer_opts *o,
			  struct steer_saved *save, struct steer_report *r)
{
	unsigned int flags;
	uint64_t start;
	cpu_set_t cur, to;
	struct dirent *e;
	DIR *dp;
	int err = 0;

	if (!o->kthreads)
		return 0;
	/* Tasks are real even when /proc is redirected to a fixture: never
	 * touch the host's kthreads from a test. */
	if (isol_paths_redirected(ISOL_ROOT_PROCFS)) {
		r->kthreads_skipped = true;
		return 0;
	}
	dp = opendir("/proc");
	if (!dp)
		return 0;
	while ((e = readdir(dp))) {
		int pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		pid = atoi(e->d_name);
		if (task_stat(pid, &flags, &start) || !(flags & PF_KTHREAD))
			continue;
		if (sched_getaffinity(pid, sizeof(cur), &cur) ||
		    !meets(&cur, rt))
			continue;
		if (flags & PF_NO_SETAFFINITY) {
			r->kthreads_unmovable++;	/* per-CPU kthread */
			continue;
		}
		if (save_one(save, STEER_KTHREAD, pid, start, &cur)) {
			err = -ENOMEM;
			break;
		}
		if (o->plan)
			continue;
		target(hk, &cur, &to);
		if (sched_setaffinity(pid, sizeof(to), &to)) {
			r->kthreads_unmovable++;
			continue;
		}
		r->kthreads_moved++;
	}
	closedir(dp);
	return err;
}

int steer_all(const cpu_set_t *rt, const cpu_set_t *hk,
	      const struct steer_opts *o, struct steer_saved *save,
	      struct steer_report *r)
{
	int ret;

	ret = steer_irqs(rt, hk, o, save, r);
	if (!ret)
		ret = steer_workqueue(rt, hk, o, save, r);
	if (!ret)
		ret = steer_kthreads(rt, hk, o, save, r);
	return ret;
}

/* Put one saved value back; 0 done or left alone, -errno failed. */
static int restore_one(const struct steer_saved_ent *e, const cpu_set_t *freed,
		       const cpu_set_t *keep)
{
	char path[4200], dir[4096];
	unsigned int flags;
	uint64_t start;
	cpu_set_t to, cur;
	bool hex = e->kind != STEER_IRQ;

	andnot(&to, &e->cpus, keep);
	if (!CPU_COUNT(&to))
		return 0;
	switch (e->kind) {
	case STEER_IRQ:
	case STEER_IRQ_DEFAULT:
		isol_path(ISOL_ROOT_PROCFS, "irq", dir, sizeof(dir));
		if (e->kind == STEER_IRQ)
			snprintf(path, sizeof(path), "%s/%d/smp_affinity_list",
				 dir, e->id);
		else
			snprintf(path, sizeof(path), "%s/default_smp_affinity",
				 dir);
		break;
	case STEER_WQ:
		isol_path(ISOL_ROOT_SYSFS, "devices/virtual/workqueue/cpumask",
			  path, sizeof(path));
		break;
	case STEER_KTHREAD:
		if (isol_paths_redirected(ISOL_ROOT_PROCFS) ||
		    task_stat(e->id, &flags, &start) ||
		    !(flags & PF_KTHREAD) || start != e->start ||
		    sched_getaffinity(e->id, sizeof(cur), &cur))
			return 0;	/* gone, or another task now */
		if (meets(&cur, freed))
			return 0;	/* changed by someone else */
		return sched_setaffinity(e->id, sizeof(to), &to) ? -errno : 0;
	default:
		return 0;
	}
	if (read_set(path, hex, &cur))
		return 0;		/* the IRQ is gone */
	if (meets(&cur, freed))
		return 0;		/* changed by someone else */
	{
		cpu_set_t none;

		CPU_ZERO(&none);
		return write_set(path, &to, hex, &none);
	}
}

int steer_restore(struct steer_saved *save, const cpu_set_t *freed,
		  const cpu_set_t *keep, struct steer_report *r)
{
	size_t i, j;
	int failed = 0, ret;

	for (i = 0; i < save->n; i++) {
		const struct steer_saved_ent *e = &save->v[i];

		if (!meets(&e->cpus, freed))
			continue;
		ret = restore_one(e, freed, keep);
		if (!ret)
			continue;
		failed++;
		switch (e->kind) {
		case STEER_IRQ: {
			char id[16];

			snprintf(id, sizeof(id), "%d", e->id);
			r->irqs_unmovable++;
			add_name(r->unmovable, sizeof(r->unmovable), id);
			break;
		}
		case STEER_IRQ_DEFAULT:
			r->default_status = ret;
			break;
		case STEER_WQ:
			r->wq_status = ret;
			break;
		default:
			r->kthreads_unmovable++;
			break;
		}
	}
	for (i = j = 0; i < save->n; i++)
		if (meets(&save->v[i].cpus, keep))
			save->v[j++] = save->v[i];
	save->n = j;
	return failed;
}
