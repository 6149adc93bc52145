// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reserve.c - reserve and release RT CPUs at runtime (reserve.h): the
 * steps, their journal and their undo.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bitlist.h"
#include "debug.h"
#include "fileio.h"
#include "paths.h"
#include "reserve.h"
#include "rtcg.h"
#include "rtiso_uapi.h"

__attribute__((format(printf, 3, 4)))
static int fail(struct rtres *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return err;
}

/* CAP_SYS_ADMIN in the effective set (when capget fails: assumed). */
static bool cap_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d))
		return true;
	return d[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

/* Is @path refused for writing: a read-only mount, or (@perm) its mode? */
static bool unwritable(const char *path, bool perm)
{
	if (!access(path, W_OK))
		return false;
	return errno == EROFS || (perm && (errno == EACCES || errno == EPERM));
}

/*
 * A step failed with @err, r->why saying how: when that was for want of
 * privilege, what r->who lacks (and r->hint) goes before it.  A remote
 * cpuset partition needs CAP_SYS_ADMIN and a writable cgroup tree, the
 * RT set a writable rt_isolated (only a read-only mount counts: a mode of
 * 0444 there means a kernel that cannot change it, rt_write).  Returns
 * @err.
 */
static int lacking(struct rtres *r, int err)
{
	char step[RTRES_WHY_MAX], rt[4096], what[512];
	bool cap, cgw, rtw;
	int n;

	if (err != -EROFS && err != -EACCES && err != -EPERM)
		return err;
	cap = !cap_sys_admin();
	/* the root cgroup's directory: rtisol/ is made and removed there (it
	 * has mode 0555: root without CAP_DAC_OVERRIDE cannot) */
	cgw = unwritable(isol_paths_root(ISOL_ROOT_CGROUP), true);
	rtw = !isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_RT_CPUS, rt,
			 sizeof(rt)) && unwritable(rt, false);
	if (!cap && !cgw && !rtw)
		return err;
	n = snprintf(what, sizeof(what), "%s lacks%s%s%s%s%s%s",
		     r->who ? r->who : "this process",
		     cap ? " CAP_SYS_ADMIN" : "", cap && (cgw || rtw) ? " and" : "",
		     cgw || rtw ? " write access to " : "",
		     cgw ? isol_paths_root(ISOL_ROOT_CGROUP) : "",
		     cgw && rtw ? " and " : "", rtw ? rt : "");
	if (r->hint && n > 0 && (size_t)n < sizeof(what))
		snprintf(what + n, sizeof(what) - (size_t)n, " (%s)", r->hint);
	memcpy(step, r->why, sizeof(step));
	/* too long: the end of the step's error gives way */
	if (snprintf(r->why, sizeof(r->why), "%s; %s", what, step) < 0)
		memcpy(r->why, step, sizeof(step));
	return err;
}

static void andnot(cpu_set_t *dst, const cpu_set_t *a, const cpu_set_t *b)
{
	cpu_set_t both;

	CPU_AND(&both, a, b);
	CPU_XOR(dst, a, &both);
}

static const char *fmt(const cpu_set_t *set, char *buf, size_t len)
{
	if (!CPU_COUNT(set))
		snprintf(buf, len, "(none)");
	else
		cpulist_format(set, buf, len);
	return buf;
}

/* The step @step of the phase @phase: the failure point before it. */
static int point_fail(const char *phase, const char *step)
{
	char name[64];

	snprintf(name, sizeof(name), "%s-%s", phase, step);
	return isol_debug_fail(name);
}

/* ... and the crash point after it. */
static void point_done(const char *phase, const char *step)
{
	char name[64];

	snprintf(name, sizeof(name), "%s-%s", phase, step);
	isol_debug_crash(name);
}

static int jsave(struct rtres *r, const char *phase, const char *step)
{
	int ret = point_fail(phase, step);

	if (!ret)
		ret = rtset_save(r->dirfd, r->set);
	if (ret)
		return fail(r, ret, "writing the journal %s/%s: %s",
			    isol_paths_root(ISOL_ROOT_RUNDIR), RTSET_NAME,
			    strerror(-ret));
	point_done(phase, step);
	return 0;
}

int rtres_rt_read(cpu_set_t *rt, char *why, size_t len)
{
	bool exists;
	int ret = sysfs_read_cpulist(RTISO_SYSFS_RT_CPUS, rt, &exists);

	if (!exists) {
		snprintf(why, len, "%s/%s: %s: this kernel has no RT "
			 "isolation (CONFIG_RT_ISOLATION)",
			 isol_paths_root(ISOL_ROOT_SYSFS), RTISO_SYSFS_RT_CPUS,
			 strerror(ret ? -ret : ENOENT));
		return -ENOTSUP;
	}
	if (ret)
		snprintf(why, len, "%s/%s: %s", isol_paths_root(ISOL_ROOT_SYSFS),
			 RTISO_SYSFS_RT_CPUS, strerror(-ret));
	return ret;
}

static int rt_write(struct rtres *r, const cpu_set_t *rt, const char *phase)
{
	char path[4096], list[1024], back[1024];
	cpu_set_t now;
	int ret;

	isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_RT_CPUS, path, sizeof(path));
	cpulist_format(rt, list, sizeof(list));
	ret = point_fail(phase, "rt");
	if (!ret)
		ret = write_text_file(path, list[0] ? list : "\n");
	if (ret == -EACCES || ret == -EPERM || ret == -EIO)
		return fail(r, ret, "writing \"%s\" to %s: %s: this kernel "
			    "cannot change its RT CPUs at runtime (it needs "
			    "a writable rt_isolated)", list, path,
			    strerror(-ret));
	if (ret == -EINVAL)
		return fail(r, ret, "the kernel refused the RT CPUs \"%s\" "
			    "(%s: %s): each must be online and isolated from "
			    "the scheduler domains, and one housekeeping CPU "
			    "must remain", list, path, strerror(-ret));
	if (ret)
		return lacking(r, fail(r, ret, "writing \"%s\" to %s: %s",
				       list, path, strerror(-ret)));
	if (sysfs_read_cpulist(RTISO_SYSFS_RT_CPUS, &now, NULL) ||
	    !CPU_EQUAL(&now, rt))
		return fail(r, -EIO, "%s reads back \"%s\" after writing "
			    "\"%s\"", path, cpulist_format(&now, back,
			    sizeof(back)) >= 0 ? back : "?", list);
	r->rt = now;
	point_done(phase, "rt");
	return 0;
}

static int online(struct rtres *r, cpu_set_t *set)
{
	int ret = sysfs_read_cpulist("devices/system/cpu/online", set, NULL);

	if (ret)
		return fail(r, ret, "%s/devices/system/cpu/online: %s",
			    isol_paths_root(ISOL_ROOT_SYSFS), strerror(-ret));
	return 0;
}

/*
 * Add @add to the system with the runtime set @target: cgroup, partition,
 * steering, rt_isolated (@phase: "reserve" or "redo").
 */
static int grow(struct rtres *r, const cpu_set_t *target, const cpu_set_t *add,
		const char *phase)
{
	struct steer_opts plan = r->steer;
	struct steer_report scratch = { 0 };
	struct rtcg_state cg;
	cpu_set_t rt, all, hk;
	bool enabled;
	int ret;

	ret = rtres_rt_read(&rt, r->why, sizeof(r->why));
	if (!ret)
		ret = online(r, &all);
	if (ret)
		return ret;
	CPU_OR(&rt, &rt, add);
	andnot(&hk, &all, &rt);
	/*
	 * What steering will change is journalled before anything changes:
	 * also before the partition, since on 6.12 making or removing one
	 * resets the affinity of the root cgroup's unbound kthreads (to the
	 * CPUs outside every partition, housekeeping restrictions lost).
	 */
	plan.plan = true;
	ret = steer_all(&rt, &hk, &plan, &r->set->saved, &scratch);
	if (ret)
		return fail(r, ret, "steering: %s", strerror(-ret));

	ret = point_fail(phase, "cgroup");
	if (ret)
		return fail(r, ret, "enabling the cpuset controller: %s",
			    strerror(-ret));
	/* If it gets enabled, it is ours: journalled before it is. */
	rtcg_read(&cg);
	if (!cg.root_cpuset && !r->set->root_cpuset)
		r->set->root_cpuset = true;
	ret = rtset_save(r->dirfd, r->set);
	if (ret)
		return fail(r, ret, "writing the journal: %s", strerror(-ret));
	ret = rtcg_root_enable(&enabled, r->why, sizeof(r->why));
	if (ret)
		return lacking(r, ret);
	point_done(phase, "cgroup");

	ret = point_fail(phase, "partition");
	if (ret)
		return fail(r, ret, "the partition %s/%s: %s",
			    isol_paths_root(ISOL_ROOT_CGROUP), RTCG_PART,
			    strerror(-ret));
	ret = rtcg_set(target, r->why, sizeof(r->why));
	if (ret)
		return lacking(r, ret);
	point_done(phase, "partition");

	ret = point_fail(phase, "steered");
	if (ret)
		return fail(r, ret, "steering: %s", strerror(-ret));
	memset(&r->report, 0, sizeof(r->report));
	ret = steer_all(&rt, &hk, &r->steer, &r->set->saved, &r->report);
	if (!ret)
		ret = jsave(r, phase, "steered");
	if (ret)
		return ret;

	return rt_write(r, &rt, phase);
}

/*
 * Take @gone out, leaving the runtime set @target: rt_isolated, partition,
 * steering restored, cgroup (@phase: "release" or "undo").
 */
static int shrink(struct rtres *r, const cpu_set_t *target,
		  const cpu_set_t *gone, const char *phase)
{
	struct steer_report rep = { 0 };
	cpu_set_t rt;
	unsigned int strays, failed;
	char buf[256];
	int ret;

	ret = rtres_rt_read(&rt, r->why, sizeof(r->why));
	if (ret && ret != -ENOTSUP)
		return ret;
	if (!ret && CPU_COUNT(gone)) {
		cpu_set_t meet;

		CPU_AND(&meet, &rt, gone);
		andnot(&rt, &rt, gone);
		if (CPU_COUNT(&meet)) {
			ret = rt_write(r, &rt, phase);
			if (ret)
				return ret;
		} else {
			r->rt = rt;
			point_done(phase, "rt");
		}
	} else {
		CPU_ZERO(&rt);
		point_done(phase, "rt");
	}

	ret = point_fail(phase, "partition");
	if (ret)
		return fail(r, ret, "the partition %s/%s: %s",
			    isol_paths_root(ISOL_ROOT_CGROUP), RTCG_PART,
			    strerror(-ret));
	if (CPU_COUNT(target))
		ret = rtcg_set(target, buf, sizeof(buf));
	else
		ret = rtcg_remove(r->fallback ? r->fallback : "/", &strays,
				  buf, sizeof(buf));
	if (ret)
		return lacking(r, fail(r, ret, "%s", buf));
	point_done(phase, "partition");

	/*
	 * After the partition: a kthread can be given back CPUs of its
	 * cgroup only, and the root cgroup has them again only now.
	 */
	failed = (unsigned int)steer_restore(&r->set->saved, gone, target, &rep);
	r->report = rep;
	ret = jsave(r, phase, "restored");
	if (ret)
		return ret;
	if (failed)
		snprintf(r->why, sizeof(r->why), "%u steered value(s) could "
			 "not be restored (IRQs %.100s)", failed,
			 rep.unmovable[0] ? rep.unmovable : "none");

	if (!CPU_COUNT(target) && r->set->root_cpuset) {
		ret = point_fail(phase, "cgroup");
		if (ret)
			return fail(r, ret, "disabling the cpuset controller: "
				    "%s", strerror(-ret));
		/* Another cgroup may use it by now: then it stays. */
		rtcg_root_disable(buf, sizeof(buf));
		r->set->root_cpuset = false;
	}
	point_done(phase, "cgroup");
	return 0;
}

/* Clear the op: the runtime set is @cpus (unchanged when the journal
 * cannot say so). */
static int settle(struct rtres *r, const cpu_set_t *cpus, const char *phase)
{
	struct rtset *s = r->set, was = *s;
	int ret;

	s->cpus = *cpus;
	s->op = RTSET_OP_NONE;
	CPU_ZERO(&s->from);
	CPU_ZERO(&s->to);
	s->force = false;
	ret = jsave(r, phase, "committed");
	if (ret) {
		s->cpus = was.cpus;
		s->op = was.op;
		s->from = was.from;
		s->to = was.to;
		s->force = was.force;
	}
	return ret;
}

/* A failed reserve: back to the journalled @from. */
static int undo_reserve(struct rtres *r)
{
	char saved[RTRES_WHY_MAX];
	cpu_set_t from = r->set->from, gone;
	int ret;

	memcpy(saved, r->why, sizeof(saved));
	andnot(&gone, &r->set->to, &from);
	ret = shrink(r, &from, &gone, "undo");
	if (!ret)
		ret = settle(r, &from, "undo");
	if (ret) {
		char undo[RTRES_WHY_MAX];

		memcpy(undo, r->why, sizeof(undo));
		snprintf(r->why, sizeof(r->why), "%.100s; undoing it failed "
			 "too (%.60s): the journal keeps the operation, "
			 "retried at the next start", saved, undo);
		return ret;
	}
	memcpy(r->why, saved, sizeof(saved));
	return 0;
}

/* A reserve or release of @cpus may start: none unfinished, a CPU given. */
static int can_start(struct rtres *r, const cpu_set_t *cpus)
{
	r->why[0] = '\0';
	if (r->set->op != RTSET_OP_NONE)
		return fail(r, -EBUSY, "an earlier reserve or release is "
			    "unfinished in the journal");
	if (!CPU_COUNT(cpus))
		return fail(r, -EINVAL, "no CPU given");
	return 0;
}

int rtres_check_reserve(struct rtres *r, const cpu_set_t *add)
{
	struct rtset *s = r->set;
	struct rtcg_state cg;
	cpu_set_t all, rt, x, hk;
	char a[256];
	int ret;

	ret = can_start(r, add);
	if (ret)
		return ret;
	ret = rtcg_check(r->why, sizeof(r->why));
	if (ret)
		return ret;
	ret = rtres_rt_read(&rt, r->why, sizeof(r->why));
	if (!ret)
		ret = online(r, &all);
	if (ret)
		return ret;
	andnot(&x, add, &all);
	if (CPU_COUNT(&x))
		return fail(r, -EINVAL, "CPU(s) %s not online",
			    fmt(&x, a, sizeof(a)));
	CPU_AND(&x, add, &rt);
	CPU_OR(&x, &x, &s->cpus);
	CPU_AND(&x, &x, add);
	if (CPU_COUNT(&x))
		return fail(r, -EEXIST, "CPU(s) %s are RT CPUs already",
			    fmt(&x, a, sizeof(a)));
	CPU_OR(&x, &rt, add);
	andnot(&hk, &all, &x);
	if (!CPU_COUNT(&hk))
		return fail(r, -EINVAL, "no housekeeping CPU would remain "
			    "(online %s)", fmt(&all, a, sizeof(a)));
	/* Without cpuset in the root cgroup yet there is no partition (and
	 * the root has no cpuset.cpus.effective to read). */
	rtcg_read(&cg);
	andnot(&x, add, &cg.root_effective);
	if (cg.root_effective_known && CPU_COUNT(&x))
		return fail(r, -EBUSY, "CPU(s) %s are not free in the root "
			    "cgroup (%s/cpuset.cpus.effective): another cpuset "
			    "partition holds them", fmt(&x, a, sizeof(a)),
			    isol_paths_root(ISOL_ROOT_CGROUP));
	return 0;
}

int rtres_reserve(struct rtres *r, const cpu_set_t *add)
{
	struct rtset *s = r->set;
	struct rtcg_state cg;
	bool root_was = s->root_cpuset;
	cpu_set_t to;
	int ret;

	ret = rtres_check_reserve(r, add);
	if (ret)
		return ret;
	rtcg_read(&cg);
	CPU_OR(&to, &s->cpus, add);
	s->op = RTSET_OP_RESERVE;
	s->from = s->cpus;
	s->to = to;
	s->force = false;
	/* If it gets enabled, it is ours: recorded before it is. */
	if (!cg.root_cpuset)
		s->root_cpuset = true;
	ret = jsave(r, "reserve", "journaled");
	if (ret) {
		s->op = RTSET_OP_NONE;
		s->root_cpuset = root_was;
		return ret;
	}
	ret = grow(r, &to, add, "reserve");
	if (!ret)
		ret = settle(r, &to, "reserve");
	if (!ret)
		return 0;
	undo_reserve(r);
	return ret;
}

/* The release steps from "revoked" on; rolled back on failure. */
static int release_finish(struct rtres *r, const char *phase)
{
	struct rtset *s = r->set;
	cpu_set_t from = s->from, to = s->to, gone;
	char saved[RTRES_WHY_MAX];
	int ret = 0;

	andnot(&gone, &from, &to);
	if (r->revoke)
		ret = r->revoke(r->arg, &gone, r->why, sizeof(r->why));
	if (!ret)
		ret = point_fail(phase, "revoked");
	if (ret) {
		if (!r->why[0])
			fail(r, ret, "revoking the claims: %s", strerror(-ret));
		goto rollback;
	}
	point_done(phase, "revoked");
	ret = shrink(r, &to, &gone, phase);
	if (!ret)
		ret = settle(r, &to, phase);
	if (!ret)
		return 0;
rollback:
	memcpy(saved, r->why, sizeof(saved));
	if (!grow(r, &from, &gone, "redo") && !settle(r, &from, "redo")) {
		memcpy(r->why, saved, sizeof(saved));
		return ret;
	}
	{
		char redo[RTRES_WHY_MAX];

		memcpy(redo, r->why, sizeof(redo));
		snprintf(r->why, sizeof(r->why), "%.100s; rolling back failed "
			 "too (%.60s): the journal keeps the release, finished "
			 "at the next start", saved, redo);
	}
	return ret;
}

int rtres_release(struct rtres *r, const cpu_set_t *del)
{
	struct rtset *s = r->set;
	cpu_set_t x, rt;
	char a[256];
	int ret;

	ret = can_start(r, del);
	if (ret)
		return ret;
	andnot(&x, del, &s->cpus);
	if (CPU_COUNT(&x)) {
		if (!rtres_rt_read(&rt, a, sizeof(a))) {
			CPU_AND(&rt, &rt, &x);
			if (CPU_COUNT(&rt))
				return fail(r, -EINVAL, "CPU(s) %s were "
					    "reserved at boot (isolcpus=): only "
					    "a reboot without them releases "
					    "them", fmt(&rt, a, sizeof(a)));
		}
		return fail(r, -EINVAL, "CPU(s) %s are not reserved RT CPUs",
			    fmt(&x, a, sizeof(a)));
	}
	s->op = RTSET_OP_RELEASE;
	s->from = s->cpus;
	andnot(&s->to, &s->cpus, del);
	s->force = r->force;
	ret = jsave(r, "release", "journaled");
	if (ret) {
		s->op = RTSET_OP_NONE;
		return ret;
	}
	return release_finish(r, "release");
}

int rtres_recover(struct rtres *r, const char *boot_id)
{
	struct rtset *s = r->set;
	struct rtcg_state cg;
	cpu_set_t rt, x, empty;
	char a[256];
	int ret;

	r->why[0] = '\0';
	CPU_ZERO(&empty);
	if (boot_id[0] && s->boot_id[0] && strcmp(boot_id, s->boot_id)) {
		/* A reboot took the runtime set with it. */
		rtset_free(s);
		rtset_init(s);
		snprintf(s->boot_id, sizeof(s->boot_id), "%s", boot_id);
		ret = rtset_save(r->dirfd, s);
		snprintf(r->why, sizeof(r->why), "the journal was written "
			 "before a reboot: its runtime RT set is gone");
		return ret ? ret : 1;
	}
	snprintf(s->boot_id, sizeof(s->boot_id), "%s", boot_id);
	if (s->op == RTSET_OP_RESERVE) {
		cpu_set_t to = s->to;

		ret = undo_reserve(r);
		if (ret)
			return ret;
		snprintf(r->why, sizeof(r->why), "an unfinished reserve of %.100s "
			 "was undone", fmt(&to, a, sizeof(a)));
		return 1;
	}
	if (s->op == RTSET_OP_RELEASE) {
		cpu_set_t to = s->to;

		ret = release_finish(r, "release");
		if (ret)
			return ret;
		snprintf(r->why, sizeof(r->why), "an unfinished release was "
			 "finished: runtime RT CPUs now %.100s",
			 fmt(&to, a, sizeof(a)));
		return 1;
	}
	if (rtcg_check(a, sizeof(a)))
		return 0;		/* no cgroup2: nothing can be there */
	rtcg_read(&cg);
	if (rtres_rt_read(&rt, a, sizeof(a)))
		CPU_ZERO(&rt);
	if (!CPU_COUNT(&s->cpus)) {
		if (!cg.domain && !cg.part)
			return 0;
		CPU_AND(&x, &cg.cpus, &rt);
		if (cg.valid && CPU_EQUAL(&x, &cg.cpus) && CPU_COUNT(&x)) {
			/* Ours, its journal lost: adopt it. */
			s->cpus = cg.cpus;
			ret = rtset_save(r->dirfd, s);
			snprintf(r->why, sizeof(r->why), "adopted the runtime "
				 "RT CPUs %.60s found in the kernel without a "
				 "journal (steered values unknown: a release "
				 "leaves IRQs where they are)",
				 fmt(&cg.cpus, a, sizeof(a)));
			return ret ? ret : 1;
		}
		/* Leftovers of a set that never came to be: undo them. */
		s->op = RTSET_OP_RESERVE;
		CPU_ZERO(&s->from);
		s->to = cg.cpus;
		ret = undo_reserve(r);
		if (ret)
			return ret;
		snprintf(r->why, sizeof(r->why), "removed the leftovers of a "
			 "runtime RT set that was never committed (%.100s)",
			 cg.partition[0] ? cg.partition : "no partition");
		return 1;
	}
	CPU_AND(&x, &s->cpus, &rt);
	if (cg.valid && CPU_EQUAL(&cg.cpus, &s->cpus) && CPU_EQUAL(&x, &s->cpus))
		return 0;		/* all in place */
	/* The kernel lost part of it: re-establish, else drop it. */
	s->op = RTSET_OP_RESERVE;
	s->from = empty;
	s->to = s->cpus;
	ret = jsave(r, "reserve", "journaled");
	if (!ret) {
		cpu_set_t want = s->to;

		ret = grow(r, &want, &want, "reserve");
		if (!ret)
			ret = settle(r, &want, "reserve");
		if (!ret) {
			snprintf(r->why, sizeof(r->why), "re-established the "
				 "runtime RT CPUs %.80s (the kernel had lost part "
				 "of them)", fmt(&want, a, sizeof(a)));
			return 1;
		}
	}
	{
		char why[RTRES_WHY_MAX];

		memcpy(why, r->why, sizeof(why));
		if (undo_reserve(r))
			return ret;
		snprintf(r->why, sizeof(r->why), "dropped the journalled "
			 "runtime RT CPUs: re-establishing them failed "
			 "(%.180s)", why);
	}
	return 1;
}
