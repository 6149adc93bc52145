// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * steer.c - keep noise off the RT CPUs: IRQ affinities (and the default
 * for new IRQs), the unbound workqueue cpumask and unbound kthreads.  Every
 * change is read back; what stays on an RT CPU is reported, not hidden.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"

#define PF_KTHREAD		0x00200000u
#define PF_NO_SETAFFINITY	0x04000000u

/* Where something that may not stay on RT CPUs should go. */
static void target(const struct isold *d, const cpu_set_t *cur,
		   cpu_set_t *to)
{
	CPU_AND(to, cur, &d->hk);
	if (!CPU_COUNT(to))
		*to = d->hk;
}

static bool on_rt(const struct isold *d, const cpu_set_t *s)
{
	cpu_set_t x;

	CPU_AND(&x, s, &d->rt);
	return CPU_COUNT(&x) != 0;
}

static int move_irq(struct isold *d, const char *dir, const char *irq)
{
	char path[4096], buf[1024], list[1024];
	cpu_set_t cur, to;
	int ret;

	if (strfmt(path, sizeof(path), "%s/%s/smp_affinity_list", dir, irq))
		return 0;
	if (read_text_file(path, buf, sizeof(buf)) < 0 ||
	    cpulist_parse(buf, &cur))
		return 0;		/* no affinity file: nothing to do */
	if (!on_rt(d, &cur))
		return 0;
	target(d, &cur, &to);
	cpulist_format(&to, list, sizeof(list));
	ret = write_text_file(path, list);
	if (!ret && read_text_file(path, buf, sizeof(buf)) >= 0 &&
	    !cpulist_parse(buf, &cur) && !on_rt(d, &cur))
		return 1;
	return ret ? ret : -EIO;
}

void steer_irqs(struct isold *d, bool verbose)
{
	char dir[4096], path[4096], mask[512], buf[512], bad[256] = "";
	unsigned int moved = 0, unmovable = 0;
	cpu_set_t cur;
	struct dirent *e;
	DIR *dp;
	int ret;

	if (!d->cfg->steer_irqs)
		return;
	isol_path(ISOL_ROOT_PROCFS, "irq", dir, sizeof(dir));
	/* New IRQs start from default_smp_affinity (a hex mask). */
	if (!strfmt(path, sizeof(path), "%s/default_smp_affinity", dir) &&
	    read_text_file(path, buf, sizeof(buf)) >= 0 &&
	    !cpumask_parse_hex(buf, &cur) && on_rt(d, &cur)) {
		cpumask_format_hex(&d->hk, mask, sizeof(mask));
		ret = write_text_file(path, mask);
		if (ret)
			log_warn("steer: %s: %s", path, strerror(-ret));
		else if (verbose)
			log_info("steer: default_smp_affinity = %s", mask);
	}
	dp = opendir(dir);
	if (!dp) {
		log_warn("steer: %s: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(dp))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		ret = move_irq(d, dir, e->d_name);
		if (ret > 0) {
			moved++;
		} else if (ret < 0) {
			unmovable++;
			if (strlen(bad) + strlen(e->d_name) + 2 < sizeof(bad))
				strfmt(bad + strlen(bad),
				       sizeof(bad) - strlen(bad), "%s%s",
				       bad[0] ? "," : "", e->d_name);
		}
	}
	closedir(dp);
	d->st.irqs_moved += moved;
	d->st.irqs_unmovable = unmovable;
	if (moved)
		log_info("steer: moved %u IRQ(s) to the housekeeping CPUs",
			 moved);
	if (strcmp(bad, d->unmovable_irqs) || (verbose && unmovable)) {
		if (unmovable)
			log_warn("steer: %u IRQ(s) stay on RT CPUs (managed "
				 "or per-CPU): %s", unmovable, bad);
		snprintf(d->unmovable_irqs, sizeof(d->unmovable_irqs), "%s",
			 bad);
	}
}

static void steer_workqueue(struct isold *d)
{
	char path[4096], mask[512], buf[512];
	cpu_set_t cur, to;
	int ret;

	if (!d->cfg->steer_workqueue)
		return;
	isol_path(ISOL_ROOT_SYSFS, "devices/virtual/workqueue/cpumask", path,
		  sizeof(path));
	if (read_text_file(path, buf, sizeof(buf)) < 0 || cpumask_parse_hex(buf, &cur))
		return;
	if (!on_rt(d, &cur))
		return;
	target(d, &cur, &to);
	cpumask_format_hex(&to, mask, sizeof(mask));
	ret = write_text_file(path, mask);
	if (!ret && (read_text_file(path, buf, sizeof(buf)) < 0 ||
		     cpumask_parse_hex(buf, &cur) || on_rt(d, &cur)))
		ret = -EIO;
	if (ret)
		log_warn("steer: unbound workqueue cpumask %s: %s", path,
			 strerror(-ret));
	else
		log_info("steer: unbound workqueue cpumask = %s", mask);
}

/* Flags (field 9) of /proc/<pid>/stat. */
static int task_flags(const char *pid, unsigned int *flags)
{
	char path[64], buf[1024], *p;
	int i;

	if (strfmt(path, sizeof(path), "/proc/%s/stat", pid) ||
	    read_text_file(path, buf, sizeof(buf)) < 0)
		return -ENOENT;
	p = strrchr(buf, ')');
	if (!p)
		return -EINVAL;
	for (i = 0; i < 7 && p; i++)		/* fields 3..9 */
		p = strchr(p + 1, ' ');
	if (!p)
		return -EINVAL;
	*flags = (unsigned int)strtoul(p + 1, NULL, 10);
	return 0;
}

static void steer_kthreads(struct isold *d, bool verbose)
{
	unsigned int moved = 0, unmovable = 0, flags;
	cpu_set_t cur, to;
	struct dirent *e;
	DIR *dp;

	if (!d->cfg->steer_kthreads)
		return;
	/* Tasks are real even when /proc is redirected to a fixture: never
	 * touch the host's kthreads from a test. */
	if (strcmp(isol_paths_root(ISOL_ROOT_PROCFS), "/proc")) {
		if (verbose)
			log_info("steer: kthreads skipped (procfs "
				 "redirected to %s)",
				 isol_paths_root(ISOL_ROOT_PROCFS));
		return;
	}
	dp = opendir("/proc");
	if (!dp)
		return;
	while ((e = readdir(dp))) {
		pid_t pid;

		if (!isdigit((unsigned char)e->d_name[0]) ||
		    task_flags(e->d_name, &flags) || !(flags & PF_KTHREAD))
			continue;
		pid = (pid_t)atoi(e->d_name);
		if (sched_getaffinity(pid, sizeof(cur), &cur) ||
		    !on_rt(d, &cur))
			continue;
		if (flags & PF_NO_SETAFFINITY) {
			unmovable++;	/* per-CPU kthread */
			continue;
		}
		target(d, &cur, &to);
		if (sched_setaffinity(pid, sizeof(to), &to)) {
			unmovable++;
			continue;
		}
		moved++;
	}
	closedir(dp);
	d->st.kthreads_moved += moved;
	d->st.kthreads_unmovable = unmovable;
	if (moved || verbose)
		log_info("steer: moved %u unbound kthread(s); %u per-CPU "
			 "kthread(s) stay on RT CPUs", moved, unmovable);
}

void steer_all(struct isold *d, bool verbose)
{
	steer_irqs(d, verbose);
	steer_workqueue(d);
	steer_kthreads(d, verbose);
}
