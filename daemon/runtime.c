// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * runtime.c - the runtime RT set in isold: its journal at start (finish or
 * undo what a crash left), runtime_rt_cpus, RESERVE requests, and the
 * claims that live in its cgroup partition.  The steps themselves are the
 * one implementation of libisol/common/reserve.c; the cgroup moves are
 * libisol/common/rtcg.c.
 *
 * A claim of runtime RT CPUs: its process moves into rtisol/ (recorded
 * first: the claim's "cg", the cgroup it came from, is journalled), its
 * thread (or, for a process claim, every thread) into the partition
 * rtisol/rt/, then it is pinned.  When the claim ends the thread goes back
 * to rtisol/, and the process back to "cg" once no runtime claim of it is
 * left.  A forced release revokes the claims on the released CPUs: the
 * holder is moved out as above and told by revoke_signal (isold.conf(5))
 * with si_code SI_QUEUE and the claim id in si_value, and its next
 * RELEASE of that claim answers ECANCELED.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "isold.h"
#include "log.h"
#include "notify.h"
#include "paths.h"
#include "reserve.h"
#include "rtcg.h"
#include "steer.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static unsigned int revoked_now;	/* by the running request */

static void refresh(struct isold *d)
{
	cpu_set_t rt, hk;
	char msg[512];

	if (system_probe(d, d->cfg, &rt, &hk, msg, sizeof(msg))) {
		log_err("runtime RT set: %s", msg);
		return;
	}
	d->rt = rt;
	d->hk = hk;
}

static void tell_holder(struct isold *d, const struct claim *c)
{
	int sig = d->cfg->revoke_signal;
	siginfo_t si;
	long ret;

	if (!sig)
		return;
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = (int)c->id;
	/* The pidfd is the holder's own: no pid can have been reused. */
	if (c->pidfd >= 0)
		ret = syscall(SYS_pidfd_send_signal, c->pidfd, sig, &si, 0);
	else
		ret = syscall(SYS_rt_tgsigqueueinfo, c->pid, c->tid, sig, &si);
	if (ret)
		log_warn("claim %u: could not send signal %d to pid %d tid %d: "
			 "%s", c->id, sig, (int)c->pid, (int)c->tid,
			 strerror(errno));
}

static int revoke_claims(void *arg, const cpu_set_t *cpus, char *why, size_t len)
{
	struct isold *d = arg;
	unsigned int i;
	cpu_set_t x;

	(void)why;
	(void)len;
	for (i = 0; i < d->nclaims; ) {
		struct claim *c = &d->claims[i];
		struct revoked *t;

		CPU_AND(&x, &c->cpus, cpus);
		if (!CPU_COUNT(&x)) {
			i++;
			continue;
		}
		log_warn("claim %u of pid %d tid %d revoked: its RT CPUs are "
			 "released (forced)", c->id, (int)c->pid, (int)c->tid);
		t = &d->revoked[d->next_revoked];
		d->next_revoked = (d->next_revoked + 1) % ISOLD_MAX_REVOKED;
		if (d->nrevoked < ISOLD_MAX_REVOKED)
			d->nrevoked++;
		t->id = c->id;
		t->pid = c->pid;
		t->proc_ino = c->proc_ino;
		tell_holder(d, c);
		claims_remove(d, c, true);	/* moves the last one in */
		d->st.claims_released++;
		revoked_now++;
	}
	if (revoked_now)
		claims_save(d);
	return 0;
}

bool runtime_was_revoked(struct isold *d, const struct peer *p, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < d->nrevoked; i++) {
		struct revoked *t = &d->revoked[i];

		if (!t->id || t->id != id)
			continue;
		if (t->proc_ino && p->ino ? t->proc_ino != p->ino :
		    t->pid != p->pid)
			continue;
		t->id = 0;
		return true;
	}
	return false;
}

static void setup(struct isold *d, struct rtres *r)
{
	memset(r, 0, sizeof(*r));
	r->dirfd = d->rundir_fd;
	r->set = &d->rtset;
	isold_steer_opts(d, &r->steer);
	r->fallback = "/";
	r->revoke = revoke_claims;
	r->arg = d;
	/* Under systemd (it sets INVOCATION_ID) what isold lacks for a
	 * reserve comes from isold.service's sandbox: the drop-in lifts it. */
	r->who = "isold";
	r->hint = getenv("INVOCATION_ID") ?
		  "isold.service's sandbox: install the drop-in "
		  "isold-runtime-reserve.conf, isold(8)" :
		  "run it as full root, isold(8)";
}

static void report(struct isold *d, const struct rtres *r)
{
	isold_steer_report(d, &r->report, false, false);
}

int runtime_load(struct isold *d)
{
	char aside[128];
	int ret;

	rtset_init(&d->rtset);
	ret = rtset_load(d->rundir_fd, &d->rtset);
	if (ret == -ENOENT)
		ret = 0;
	if (ret) {
		log_err("runtime RT set: journal %s/%s: %s; finding the state "
			"from the kernel", isol_paths_root(ISOL_ROOT_RUNDIR),
			RTSET_NAME, strerror(-ret));
		rtset_free(&d->rtset);
		rtset_init(&d->rtset);
	} else if (d->rtset.problems) {
		ret = rtset_set_aside(d->rundir_fd, aside, sizeof(aside));
		log_err("runtime RT set: journal %s/%s is corrupt (%s): %s%s; "
			"finding the state from the kernel",
			isol_paths_root(ISOL_ROOT_RUNDIR), RTSET_NAME,
			d->rtset.why, ret ? "could not keep it aside" :
			"kept as ", ret ? "" : aside);
		rtset_free(&d->rtset);
		rtset_init(&d->rtset);
	}
	d->rtset_loaded = true;
	refresh(d);
	return 0;
}

static void reserve_configured(struct isold *d)
{
	char list[256];
	struct rtres r;
	cpu_set_t want;
	int ret;

	CPU_ANDNOT(&want, &d->cfg->runtime_rt_cpus, &d->rt);
	if (!CPU_COUNT(&want))
		return;
	cpuset_format(&want, list, sizeof(list));
	setup(d, &r);
	ret = rtres_reserve(&r, &want);
	refresh(d);
	if (ret) {
		log_err("runtime_rt_cpus: reserving %s failed: %s", list,
			r.why);
		return;
	}
	report(d, &r);
	log_info("runtime_rt_cpus: CPU(s) %s reserved at runtime", list);
}

void runtime_start(struct isold *d)
{
	char list[256];
	struct rtres r;
	int ret;

	setup(d, &r);
	revoked_now = 0;
	ret = rtres_recover(&r, d->boot_id);
	if (ret > 0)
		log_warn("runtime RT set: %s", r.why);
	else if (ret < 0)
		log_err("runtime RT set: %s", r.why);
	refresh(d);
	if (CPU_COUNT(&d->rtset.cpus)) {
		cpuset_format(&d->rtset.cpus, list, sizeof(list));
		log_info("runtime RT CPUs %s (cgroup %s/%s)", list,
			 isol_paths_root(ISOL_ROOT_CGROUP), RTCG_PART);
	}
	reserve_configured(d);
}

void runtime_reload(struct isold *d)
{
	reserve_configured(d);
}

/* The claimed CPUs among @cpus, and which claims ("3 (pid 812)"). */
static void busy(struct isold *d, const cpu_set_t *cpus, cpu_set_t *out,
		 char *who, size_t len)
{
	unsigned int i;
	size_t used = 0;
	cpu_set_t x;

	CPU_ZERO(out);
	who[0] = '\0';
	for (i = 0; i < d->nclaims; i++) {
		CPU_AND(&x, &d->claims[i].cpus, cpus);
		if (!CPU_COUNT(&x))
			continue;
		CPU_OR(out, out, &x);
		if (used + 40 < len)
			used += (size_t)snprintf(who + used, len - used,
						 "%s%u (pid %d)", used ? ", " :
						 "", d->claims[i].id,
						 (int)d->claims[i].pid);
	}
}

void runtime_request(struct isold *d, const struct peer *p,
		     const union isold_msg *in, union isold_msg *out)
{
	struct isold_reserve_rep *rep = &out->reserve_rep;
	const struct isold_reserve_req *req = &in->reserve;
	char list[256], who[160];
	struct rtres r;
	cpu_set_t cpus, held;
	int ret = 0;

	isold_mask_to_cpus(req->cpus, &cpus);
	cpuset_format(&cpus, list, sizeof(list));
	if (req->op != ISOLD_RESERVE_OP_QUERY && p->uid != 0) {
		rep->r.status = -EPERM;
		snprintf(rep->reason, sizeof(rep->reason), "only root may "
			 "reserve or release RT CPUs");
		goto out;
	}
	setup(d, &r);
	revoked_now = 0;
	switch (req->op) {
	case ISOLD_RESERVE_OP_QUERY: {
		struct rtcg_state cg;

		rtcg_read(&cg);
		strcopy(rep->reason, sizeof(rep->reason), cg.part ?
			cg.partition : "");
		goto out;
	}
	case ISOLD_RESERVE_OP_RESERVE:
		log_info("RESERVE of CPU(s) %s requested by pid %d", list,
			 (int)p->pid);
		ret = rtres_reserve(&r, &cpus);
		break;
	case ISOLD_RESERVE_OP_RELEASE:
		busy(d, &cpus, &held, who, sizeof(who));
		r.force = req->flags & ISOLD_RESERVE_F_FORCE;
		log_info("RELEASE of CPU(s) %s requested by pid %d%s", list,
			 (int)p->pid, r.force ? " (forced)" : "");
		if (CPU_COUNT(&held) && !r.force) {
			char hl[256];

			cpuset_format(&held, hl, sizeof(hl));
			isold_mask_from_cpus(rep->busy_cpus, &held);
			snprintf(r.why, sizeof(r.why), "CPU(s) %.40s are "
				 "claimed (claim %.100s): release them first, or force it "
				 "(the claims are revoked)", hl, who);
			ret = -EBUSY;
			break;
		}
		ret = rtres_release(&r, &cpus);
		break;
	}
	refresh(d);
	if (ret)
		log_err("%s of CPU(s) %s failed: %s", req->op ==
			ISOLD_RESERVE_OP_RESERVE ? "RESERVE" : "RELEASE", list,
			r.why);
	else {
		report(d, &r);
		cpuset_format(&d->rtset.cpus, who, sizeof(who));
		log_info("%s of CPU(s) %s done: runtime RT CPUs now %s%s%s",
			 req->op == ISOLD_RESERVE_OP_RESERVE ? "RESERVE" :
			 "RELEASE", list, who, r.why[0] ? "; " : "", r.why);
	}
	rep->r.status = ret;
	rep->revoked = revoked_now;
	strcopy(rep->reason, sizeof(rep->reason), r.why);
out:
	isold_mask_from_cpus(rep->runtime_cpus, &d->rtset.cpus);
	isold_mask_from_cpus(rep->rt_cpus, &d->rt);
}

/* ---- claims ---- */

static struct claim *other_runtime_claim(struct isold *d,
					 const struct claim *c)
{
	unsigned int i;

	for (i = 0; i < d->nclaims; i++)
		if (&d->claims[i] != c && d->claims[i].cg &&
		    d->claims[i].pid == c->pid)
			return &d->claims[i];
	return NULL;
}

int runtime_claim_prepare(struct isold *d, struct claim *c)
{
	char path[RTCG_PATH_MAX];
	struct claim *o;
	cpu_set_t x;
	int ret;

	CPU_AND(&x, &c->cpus, &d->rtset.cpus);
	if (!CPU_COUNT(&x))
		return 0;
	o = other_runtime_claim(d, c);
	if (o) {
		c->cg = strdup(o->cg);
	} else {
		ret = rtcg_of(c->pid, path, sizeof(path));
		if (ret)
			return ret;
		c->cg = strdup(rtcg_is_ours(path) ? "/" : path);
	}
	return c->cg ? 0 : -ENOMEM;
}

int runtime_claim_enter(struct isold *d, struct claim *c)
{
	char why[256];
	int ret;

	(void)d;
	if (!c->cg)
		return 0;
	ret = rtcg_enter(c->pid, c->tid, c->flags & ISOLD_CLAIM_F_PROCESS, why,
			 sizeof(why));
	if (ret)
		log_warn("claim %u: %s", c->id, why);
	return ret;
}

/* Is the process of @c still the one that claimed? */
static bool same_process(const struct claim *c)
{
	uint64_t ino;
	int fd;

	fd = task_pidfd(c->pid, c->pid, false);
	if (fd < 0)
		return false;
	ino = pidfd_ino(fd);
	close(fd);
	return !c->proc_ino || !ino || ino == c->proc_ino;
}

void runtime_claim_leave(struct isold *d, struct claim *c, bool alive)
{
	bool process = c->flags & ISOLD_CLAIM_F_PROCESS;
	char why[256];

	if (!c->cg)
		return;
	if (alive && rtcg_leave(c->pid, c->tid, process, why, sizeof(why)))
		log_debug("claim %u: %s", c->id, why);
	if (other_runtime_claim(d, c) || !same_process(c))
		return;
	if (rtcg_return(c->pid, c->cg, c->uid, why, sizeof(why)))
		log_warn("claim %u: %s", c->id, why);
}
