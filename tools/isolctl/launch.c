// SPDX-License-Identifier: GPL-2.0-or-later
/* launch.c - pin, set policy and opt in: shared by run and audit. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "isold_client.h"
#include "isolctl.h"
#include "bitlist.h"
#include "kinfo.h"
#include "paths.h"
#include "rtcg.h"
#include "rtiso_uapi.h"

static const char *const modes[] = { "off", "displace", "audit", "strict" };

int launch_mode_parse(const char *s)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, modes[i]))
			return i;
	return -1;
}

const char *launch_mode_name(int mode)
{
	return mode >= 0 && mode < 4 ? modes[mode] : "unchanged";
}

/* The RT CPU with the fewest opted-in threads pinned to it. */
struct load_ctx {
	int n[CPU_SETSIZE];
};

static int count_load(const struct ktask *t, void *arg)
{
	struct load_ctx *c = arg;
	cpu_set_t set;
	int cpu;

	if (!t->has_mode || !strcmp(t->mode, "off"))
		return 0;
	if (t->home_cpu >= 0 && t->home_cpu < CPU_SETSIZE) {
		c->n[t->home_cpu]++;
		return 0;
	}
	CPU_ZERO(&set);
	if (!cpulist_parse(t->cpus_allowed, &set) && CPU_COUNT(&set) == 1)
		for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
			if (CPU_ISSET(cpu, &set))
				c->n[cpu]++;
	return 0;
}

/*
 * Ask isold for one RT CPU for this process (the claim then belongs to the
 * program this process execs: same pid and start time; isold releases it
 * when that program exits).  1 = claimed into l->cpu, 0 = isold does not
 * run, -1 = isold refused (its answer is printed: policy, quota, busy).
 */
static int claim_from_isold(struct isolctl_params *p, struct launch *l)
{
	union isold_msg req, rep;
	unsigned int cpu;
	int err;

	memset(&req, 0, sizeof(req));
	req.claim.ncpus = 1;
	req.claim.tid = (int32_t)getpid();
	req.claim.node = -1;
	err = isold_transact(&req, ISOLD_CLAIM, &rep);
	if (err == -ECONNREFUSED || err == -ENOENT)
		return 0;
	if (err) {
		fprintf(stderr, "isolctl %s: isold refused the claim: %s%s\n",
			p->cmd, strerror(-err),
			err == -EBUSY ? " (every RT CPU is claimed: see 'isolctl claims')" :
			err == -EPERM || err == -EDQUOT ?
			" (see the [user]/[group] policy in isold.conf(5))" : "");
		return -1;
	}
	for (cpu = 0; cpu < ISOLD_MAX_CPUS && cpu < CPU_SETSIZE; cpu++)
		if (isold_mask_test(rep.claim_rep.cpus, cpu)) {
			l->cpu = cpu;
			return 1;
		}
	return -1;
}

int launch_pick_cpu(struct isolctl_params *p, struct launch *l)
{
	struct load_ctx *ctx;
	char rt[256];
	struct cpus c;
	int cpu, best = -1;

	kinfo_cpus(&c);
	cpus_str(&c.rt, rt, sizeof(rt));
	if (l->cpu >= 0) {
		if (l->cpu >= CPU_SETSIZE || !CPU_ISSET(l->cpu, &c.online)) {
			fprintf(stderr, "isolctl %s: CPU %ld is not online\n", p->cmd, l->cpu);
			return -1;
		}
		if (!CPU_ISSET(l->cpu, &c.rt) && !l->force) {
			fprintf(stderr, "isolctl %s: CPU %ld is not an RT CPU (RT CPUs: %s); "
				"use --force to run there anyway\n", p->cmd, l->cpu, rt);
			return -1;
		}
		return 0;
	}
	if (!CPU_COUNT(&c.rt)) {
		fprintf(stderr, "isolctl %s: this host has no RT CPUs; boot with "
			"isolcpus=rtiso,domain,managed_irq,nohz,<cpus>, or reserve "
			"some at runtime with 'isolctl reserve <cpus>' "
			"(see 'isolctl doctor'), or give --cpu N --force\n", p->cmd);
		return -1;
	}
	switch (claim_from_isold(p, l)) {
	case 1:
		return 0;
	case -1:
		return -1;
	}
	/* No isold: the least loaded RT CPU. */
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -1;
	ktasks_scan(count_load, ctx);
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &c.rt) && (best < 0 || ctx->n[cpu] < ctx->n[best]))
			best = cpu;
	free(ctx);
	l->cpu = best;
	return 0;
}

/*
 * A runtime RT CPU lives in a cgroup v2 cpuset partition: only a thread in
 * it may run there.  A claim from isold has put us there already; without
 * isold, root enters it here (rtcg.h).  0, or -1 with the error printed.
 */
static int enter_partition(struct isolctl_params *p, long cpu)
{
	char path[RTCG_PATH_MAX], why[256];
	struct rtcg_state cg;

	rtcg_read(&cg);
	if (!cg.part || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &cg.cpus))
		return 0;
	if (!rtcg_of(getpid(), path, sizeof(path)) &&
	    !strcmp(path, "/" RTCG_PART))
		return 0;
	if (!rtcg_enter(getpid(), gettid(), false, why, sizeof(why)))
		return 0;
	fprintf(stderr, "isolctl %s: CPU %ld was reserved at runtime (the cpuset "
		"partition %s/%s) and this process cannot enter it: %s; claim "
		"it through isold (start isold), or run as root\n", p->cmd, cpu,
		isol_paths_root(ISOL_ROOT_CGROUP), RTCG_PART, why);
	return -1;
}

int launch_apply(struct isolctl_params *p, const struct launch *l)
{
	cpu_set_t set;

	if (enter_partition(p, l->cpu))
		return -1;
	CPU_ZERO(&set);
	CPU_SET(l->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "isolctl %s: cannot pin to CPU %ld: %s%s\n", p->cmd,
			l->cpu, strerror(errno), errno == EINVAL ?
			" (the CPU is not in this cpuset; check the cgroup's cpuset.cpus)" : "");
		return -1;
	}
	if (l->policy >= 0) {
		struct sched_param sp = { .sched_priority = l->prio };

		if (sched_setscheduler(0, l->policy, &sp)) {
			fprintf(stderr, "isolctl %s: cannot set scheduling policy: %s%s\n",
				p->cmd, strerror(errno), errno == EPERM ?
				" (needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least the priority: ulimit -r)" :
				errno == EINVAL ? " (priority out of range: 1-99 for fifo/rr, 0 for other)" : "");
			return -1;
		}
	}
	if (l->mode < 0 || (l->mode == PR_RT_ISOLATION_OFF && !kinfo_supported()))
		return 0;	/* nothing to opt out of on a stock kernel */
	if (prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_SET, (unsigned long)l->mode,
		  (unsigned long)l->flags, (unsigned long)l->sig)) {
		int e = errno;

		if (!kinfo_supported())
			fprintf(stderr, "isolctl %s: this kernel has no RT isolation "
				"(prctl PR_RT_ISOLATION: %s); boot a kernel built with "
				"CONFIG_RT_ISOLATION=y, or use --mode off to only pin\n",
				p->cmd, strerror(e));
		else
			fprintf(stderr, "isolctl %s: prctl(PR_RT_ISOLATION, SET, %s): %s\n",
				p->cmd, launch_mode_name(l->mode), strerror(e));
		return -1;
	}
	return 0;
}
