// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl reserve / release - RT CPUs at runtime, without a reboot: a
 * cgroup v2 cpuset partition of type isolated, noise steered off, the
 * kernel's rt_isolated written (libisol/common/reserve.h).  Through isold
 * when it runs (its policy and journal apply: RESERVE request), else done
 * here with the same code, under the run dir's lock, with the same
 * journal.  Root only.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bitlist.h"
#include "config.h"
#include "fileio.h"
#include "isold_client.h"
#include "isolctl.h"
#include "kinfo.h"
#include "paths.h"
#include "reserve.h"
#include "rtcg.h"

enum { OPT_FORCE = OPT_CMD_FIRST };

static bool releasing;

static void usage(void)
{
	if (releasing)
		printf("Usage:\n isolctl release [options] CPUS\n\n"
		       "Give RT CPUs reserved at runtime back to ordinary work:\n"
		       "rt_isolated without them, steered IRQs, workqueues and\n"
		       "kthreads put back, the cpuset partition shrunk or removed.\n"
		       "Refused while claims hold them, unless --force.\n\n"
		       "Options:\n"
		       "     --force            revoke the claims on CPUS (their\n"
		       "                        holders are moved off and told)\n");
	else
		printf("Usage:\n isolctl reserve [options] CPUS\n\n"
		       "Make CPUS RT CPUs on the running system: an isolated\n"
		       "cgroup v2 cpuset partition, IRQs, the unbound workqueue\n"
		       "mask and unbound kthreads moved off, then rt_isolated.\n"
		       "Any failure undoes every step.\n\n"
		       "Options:\n");
	printf(ISOLCTL_COMMON_HELP
	       "\nThrough isold when it runs, else directly.  Root only.\n"
	       "See isolctl(8).\n");
	exit(EXIT_SUCCESS);
}

struct result {
	int status;
	unsigned int revoked;
	cpu_set_t runtime, rt;
	char why[RTRES_WHY_MAX + 64];
	bool direct;
};

/* 1 done (result in @res), 0 isold does not run, -1 error printed. */
static int via_isold(struct isolctl_params *p, const cpu_set_t *cpus,
		     bool force, struct result *res)
{
	union isold_msg req, rep;
	int err;

	memset(&req, 0, sizeof(req));
	req.reserve.op = releasing ? ISOLD_RESERVE_OP_RELEASE :
				     ISOLD_RESERVE_OP_RESERVE;
	req.reserve.flags = force ? ISOLD_RESERVE_F_FORCE : 0;
	isold_mask_from_cpus(req.reserve.cpus, cpus);
	memset(&rep, 0, sizeof(rep));
	err = isold_transact(&req, ISOLD_RESERVE, &rep);
	if (err == -ECONNREFUSED || err == -ENOENT)
		return 0;
	if (err == -ENOMSG) {
		fprintf(stderr, "isolctl %s: the running isold is older than "
			"this isolctl and cannot %s RT CPUs; restart it (isold "
			"from the same rtisol release)\n", p->cmd, p->cmd);
		return -1;
	}
	if (err == -ECONNRESET || err == -EPROTO) {
		fprintf(stderr, "isolctl %s: isold did not answer (%s): whether "
			"it acted is unknown; see 'isolctl status' and its log\n",
			p->cmd, strerror(-err));
		return -1;
	}
	res->status = err;
	res->revoked = rep.reserve_rep.revoked;
	isold_mask_to_cpus(rep.reserve_rep.runtime_cpus, &res->runtime);
	isold_mask_to_cpus(rep.reserve_rep.rt_cpus, &res->rt);
	snprintf(res->why, sizeof(res->why), "%s", rep.reserve_rep.reason);
	if (err && !res->why[0])
		snprintf(res->why, sizeof(res->why), "isold: %s",
			 strerror(-err));
	return 1;
}

/* The steering options of isold.conf, so both paths steer alike. */
static void steer_opts(struct steer_opts *o)
{
	struct isold_config *cfg = malloc(sizeof(*cfg));
	struct conf_err err = { .msg = "" };
	char path[4096], *buf;
	ssize_t n;

	o->irqs = o->workqueue = o->kthreads = true;
	if (!cfg || isol_path(ISOL_ROOT_CONFDIR, "isold.conf", path,
			      sizeof(path))) {
		free(cfg);
		return;
	}
	buf = malloc(1 << 20);
	n = buf ? read_text_file(path, buf, 1 << 20) : -ENOMEM;
	config_init(cfg);
	if (n >= 0 && !config_parse_buf(cfg, path, buf, (size_t)n,
					isol_paths_root(ISOL_ROOT_CONFDIR),
					&err)) {
		o->irqs = cfg->steer_irqs;
		o->workqueue = cfg->steer_workqueue;
		o->kthreads = cfg->steer_kthreads;
	}
	config_free(cfg);
	free(cfg);
	free(buf);
}

/* isold does not run: the same steps here, under the run dir's lock. */
static int direct(struct isolctl_params *p, const cpu_set_t *cpus, bool force,
		  struct result *res)
{
	const char *dir = isol_paths_root(ISOL_ROOT_RUNDIR);
	char why[PATH_MAX + 128], parent[PATH_MAX], holder[32], boot[40],
	     aside[128];
	struct rtset set;
	struct rtres r;
	int dirfd, lockfd = -1, ret;

	/* As isold does: nothing made where another user could choose. */
	snprintf(parent, sizeof(parent), "%s", dir);
	if (path_safe(dirname(parent), false, why, sizeof(why))) {
		fprintf(stderr, "isolctl %s: run dir %s is not safe: %s\n",
			p->cmd, dir, why);
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "isolctl %s: run dir %s: %s\n", p->cmd, dir,
			strerror(errno));
		return -1;
	}
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dirfd < 0 || dir_safe(dirfd, true, why, sizeof(why)) ||
	    path_safe(dir, true, why, sizeof(why))) {
		fprintf(stderr, "isolctl %s: run dir %s: %s\n", p->cmd, dir,
			dirfd < 0 ? strerror(errno) : why);
		if (dirfd >= 0)
			close(dirfd);
		return -1;
	}
	ret = lock_rundir(dirfd, &lockfd, holder, sizeof(holder));
	if (ret) {
		fprintf(stderr, "isolctl %s: %s/isold.lock: %s\n", p->cmd, dir,
			ret == -EWOULDBLOCK ? "held by another program (an isold "
			"starting or stopping, or another isolctl reserve): try "
			"again" : strerror(-ret));
		close(dirfd);
		return -1;
	}
	rtset_init(&set);
	ret = rtset_load(dirfd, &set);
	if ((ret && ret != -ENOENT) || set.problems) {
		if (!ret && !rtset_set_aside(dirfd, aside, sizeof(aside)))
			fprintf(stderr, "isolctl %s: journal %s/%s is corrupt "
				"(%s): kept as %s; the state is found from the "
				"kernel\n", p->cmd, dir, RTSET_NAME, set.why,
				aside);
		rtset_free(&set);
		rtset_init(&set);
	}
	memset(&r, 0, sizeof(r));
	r.dirfd = dirfd;
	r.set = &set;
	r.fallback = "/";
	r.force = force;
	r.who = "isolctl";
	r.hint = "run it as full root, or through isold: isold(8)";
	steer_opts(&r.steer);
	read_boot_id(boot, sizeof(boot));
	ret = rtres_recover(&r, boot);
	if (ret > 0)
		fprintf(stderr, "isolctl %s: %s\n", p->cmd, r.why);
	if (ret >= 0)
		ret = releasing ? rtres_release(&r, cpus) :
				  rtres_reserve(&r, cpus);
	res->status = ret;
	res->direct = true;
	res->runtime = set.cpus;
	if (rtres_rt_read(&res->rt, why, sizeof(why)))
		CPU_ZERO(&res->rt);
	snprintf(res->why, sizeof(res->why), "%s", r.why);
	rtset_free(&set);
	close(lockfd);
	close(dirfd);
	return 1;
}

int cmd_reserve(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "force", no_argument, NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 }
	};
	char a[256], b[256], c[256];
	struct result res = { 0 };
	cpu_set_t cpus;
	bool force = false;
	int ch, ret;

	releasing = !strcmp(p->cmd, "release");
	while ((ch = isolctl_getopt(argc, argv, ISOLCTL_COMMON_SHORTOPTS,
				    longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (r)
			continue;
		if (ch == OPT_FORCE && releasing)
			force = true;
		else
			return isolctl_usage_err(p, "bad option");
	}
	if (optind >= argc)
		return isolctl_usage_err(p, "no CPUs given");
	if (optind + 1 < argc)
		return isolctl_usage_err(p, "unexpected argument '%s'",
					 argv[optind + 1]);
	if (cpulist_parse(argv[optind], &cpus) || !CPU_COUNT(&cpus))
		return isolctl_usage_err(p, "invalid CPU list '%s'",
					 argv[optind]);
	if (geteuid() != 0) {
		fprintf(stderr, "isolctl %s: only root may %s RT CPUs\n",
			p->cmd, p->cmd);
		return EXIT_FAILURE;
	}
	ret = via_isold(p, &cpus, force, &res);
	if (!ret)
		ret = direct(p, &cpus, force, &res);
	if (ret < 0)
		return EXIT_FAILURE;
	cpus_str(&cpus, a, sizeof(a));
	if (res.status) {
		fprintf(stderr, "isolctl %s: %s of CPU(s) %s failed: %s%s\n",
			p->cmd, p->cmd, a, res.why,
			res.status == -EBUSY && releasing && !force ?
			" (see 'isolctl claims')" : "");
		return EXIT_FAILURE;
	}
	{
		struct out o;

		if (out_kv_init(&o, p->cmd, &p->out))
			return EXIT_FAILURE;
		out_kv(&o, releasing ? "Released:" : "Reserved:", "%s", a);
		out_kv(&o, "Runtime RT CPUs:", "%s",
		       cpus_str(&res.runtime, b, sizeof(b)));
		out_kv(&o, "RT CPUs:", "%s", cpus_str(&res.rt, c, sizeof(c)));
		if (releasing)
			out_kv(&o, "Claims revoked:", "%u", res.revoked);
		out_kv(&o, "Done by:", "%s", res.direct ? "isolctl (isold "
		       "not running)" : "isold");
		if (res.why[0])
			out_kv(&o, "Note:", "%s", res.why);
		out_print(&o);
		out_free(&o);
	}
	return EXIT_SUCCESS;
}
