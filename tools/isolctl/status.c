// SPDX-License-Identifier: GPL-2.0-or-later
/* isolctl status - one screen on the state of RT isolation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitlist.h"
#include "fileio.h"
#include "isold_client.h"
#include "isolctl.h"
#include "kinfo.h"
#include "rules.h"
#include "syscalls.h"

static void usage(void)
{
	printf("Usage:\n isolctl status [options]\n\n"
	       "Show kernel support, backend, RT and housekeeping CPUs,\n"
	       "nohz_full/rcu_nocbs coverage, whitelist size, whether isold\n"
	       "runs, and the global displacement counters.\n\n"
	       "Options:\n" ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

/* "2-3", "2-3 (RT CPUs 3 not covered)" or "not set" */
static void coverage(const cpu_set_t *rt, const cpu_set_t *set, bool have,
		     char *buf, size_t len)
{
	char a[256], b[256];
	cpu_set_t miss;

	if (!have) {
		snprintf(buf, len, "not set");
		return;
	}
	CPU_AND(&miss, rt, set);
	CPU_XOR(&miss, &miss, rt);
	if (CPU_COUNT(&miss))
		snprintf(buf, len, "%s (RT CPUs %s not covered)",
			 cpus_str(set, a, sizeof(a)), cpus_str(&miss, b, sizeof(b)));
	else
		snprintf(buf, len, "%s", cpus_str(set, a, sizeof(a)));
}

static int count_opted(const struct ktask *t, void *arg)
{
	if (t->has_mode && strcmp(t->mode, "off"))
		++*(int *)arg;
	return 0;
}

/* What isold reports about itself in STATUS (issue 12): whether the kernel
 * takes its whitelist, the last reload, rate-limited log lines. */
static void daemon_state(struct out *o)
{
	union isold_msg req, rep;

	memset(&req, 0, sizeof(req));
	if (isold_transact(&req, ISOLD_STATUS, &rep))
		return;
	if (!rep.status_rep.wl_status)
		out_kv(o, "isold whitelist:", "in force");
	else
		out_kv(o, "isold whitelist:", "REFUSED by the kernel (%s); %u "
		       "attempt(s), next in %u ms",
		       strerror(-rep.status_rep.wl_status),
		       rep.status_rep.wl_failures, rep.status_rep.wl_retry_ms);
	if (rep.status_rep.reloads)
		out_kv(o, "isold last reload:", "%s",
		       rep.status_rep.reload_status ?
		       strerror(-rep.status_rep.reload_status) : "ok");
	if (rep.status_rep.log_suppressed)
		out_kv(o, "isold log lines suppressed:", "%u",
		       rep.status_rep.log_suppressed);
}

int cmd_status(struct isolctl_params *p, int argc, char **argv)
{
	static const char *const totals[] = {
		"displacements", "returns", "return_failed", "audit_hits",
		"strict_kills",
	};
	char buf[512], val[512], rel[128];
	bool sup, have;
	struct kstats ks;
	struct cpus c;
	cpu_set_t set;
	struct out o;
	size_t i;
	int err, abi, opted = 0;

	err = isolctl_common_args(p, argc, argv, usage);
	if (err)
		return err;

	sup = kinfo_supported();
	kinfo_cpus(&c);
	if (out_kv_init(&o, "status", &p->out))
		return EXIT_FAILURE;

	kinfo_release(rel, sizeof(rel));
	out_kv(&o, "Kernel:", "%s", rel);
	out_kv(&o, "RT isolation:", "%s", sup ? "supported (CONFIG_RT_ISOLATION)" :
	       "not supported by this kernel (no /sys/kernel/rt_isolation)");
	out_kv(&o, "Backend:", "%s", sup ? "kernel displacement" :
	       "none: tasks can be pinned but not displaced");
	out_kv(&o, "RT CPUs:", "%s", cpus_str(&c.rt, buf, sizeof(buf)));
	out_kv(&o, "RT CPUs from:", "%s", rt_source_name(c.src));
	{
		cpu_set_t boot, runtime;

		kinfo_rt_origin(&c, &boot, &runtime);
		if (CPU_COUNT(&runtime))
			out_kv(&o, "Reserved at runtime:", "%s (isolctl reserve)",
			       cpus_str(&runtime, buf, sizeof(buf)));
	}
	out_kv(&o, "Housekeeping CPUs:", "%s", cpus_str(&c.hk, buf, sizeof(buf)));

	have = !sysfs_read_cpulist("devices/system/cpu/nohz_full", &set, NULL) &&
	       CPU_COUNT(&set);
	coverage(&c.rt, &set, have, buf, sizeof(buf));
	out_kv(&o, "nohz_full:", "%s", buf);
	have = !kinfo_cmdline("rcu_nocbs", val, sizeof(val)) &&
	       !cpulist_parse(val, &set);
	if (have)
		coverage(&c.rt, &set, have, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "not set (nohz_full CPUs are implied)");
	out_kv(&o, "rcu_nocbs:", "%s", buf);

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		unsigned long bits[BITLIST_LONGS(BITLIST_MAX_BITS)] = { 0 };
		struct ruleset *rules = malloc(sizeof(*rules));
		char field[64], nrules[64] = "";
		int rerr = rules ? kinfo_rules((enum syscall_abi)abi, rules) :
			  -ENOMEM;

		if (!rerr)
			snprintf(nrules, sizeof(nrules), ", %u argument rule(s)",
				 rules->n);
		else if (rerr == -ENOENT)
			snprintf(nrules, sizeof(nrules), "; no argument rules "
				 "in this kernel");
		free(rules);
		snprintf(field, sizeof(field), "Whitelist %s:",
			 syscall_abi_name((enum syscall_abi)abi));
		if (kinfo_whitelist((enum syscall_abi)abi, bits))
			out_kv(&o, field, "unavailable");
		else
			out_kv(&o, field, "%u syscalls%s", bitlist_weight(bits,
			       syscall_nr_max((enum syscall_abi)abi)), nrules);
	}
	out_kv(&o, "Daemon (isold):", "%s", kinfo_daemon_up() ? "running" :
	       "not running");
	daemon_state(&o);
	ktasks_scan(count_opted, &opted);
	out_kv(&o, "Opted-in tasks:", "%d", opted);
	if (!kstats_read(&ks)) {
		for (i = 0; i < sizeof(totals) / sizeof(totals[0]); i++) {
			snprintf(buf, sizeof(buf), "%c%s:", totals[i][0] - 32,
				 totals[i] + 1);
			for (char *q = buf; *q; q++)
				if (*q == '_')
					*q = ' ';
			out_kv(&o, buf, "%llu",
			       (unsigned long long)kstats_get(&ks, totals[i]));
		}
		kstats_free(&ks);
	}
	out_print(&o);
	out_free(&o);
	return EXIT_SUCCESS;
}
