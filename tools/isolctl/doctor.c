// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl doctor - pre-flight check of a host's RT CPUs.  Reads only
 * sysfs/procfs (through the redirectable roots), so it works on a stock
 * kernel and against fixture trees.  Each finding has a severity and, when
 * something is wrong, the fix.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitlist.h"
#include "coexist.h"
#include "fileio.h"
#include "isolctl.h"
#include "kinfo.h"
#include "paths.h"
#include "rtcg.h"
#include "syscalls.h"
#include "util.h"

enum sev { SEV_OK, SEV_INFO, SEV_WARN, SEV_ERROR };
static const char *const sev_name[] = { "ok", "info", "warning", "error" };

struct doctor {
	struct out o;
	struct cpus c;
	cpu_set_t boot, runtime;	/* of c.rt: reserved at boot, at runtime */
	char rt[128], hk[128];
	int count[4];
	bool quiet;		/* --problems: hide ok/info */
	bool strict;		/* --strict: warnings fail too */
};

static void usage(void)
{
	printf("Usage:\n isolctl doctor [options]\n\n"
	       "Check the host's RT CPUs before running RT work: isolcpus/rtiso,\n"
	       "nohz_full, rcu_nocbs, IRQ affinity, the unbound workqueue mask,\n"
	       "kthreads on RT CPUs, SMT siblings, timer migration, clocksource,\n"
	       "cpufreq governor and RT throttling.  Works on a stock kernel.\n\n"
	       "Options:\n"
	       " -p, --problems         show only warnings and errors\n"
	       " -s, --strict           exit 2 on warnings too\n"
	       ISOLCTL_COMMON_HELP
	       "\nExit status: 0 no errors (warnings allowed unless --strict),\n"
	       "1 failure or bad usage, 2 at least one error (or warning with --strict).\n");
	exit(EXIT_SUCCESS);
}

__attribute__((format(printf, 5, 6)))
static void finding(struct doctor *d, const char *check, enum sev s,
		    const char *fix, const char *fmt, ...)
{
	struct libscols_line *ln;
	va_list ap;
	char *msg;

	d->count[s]++;
	if (d->quiet && s < SEV_WARN)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	ln = out_row(&d->o);
	out_set(ln, 0, "%s", check);
	out_set(ln, 1, "%s", sev_name[s]);
	if (msg)
		scols_line_refer_data(ln, 2, msg);
	out_set(ln, 3, "%s", fix ? fix : "");
}

/* @miss = rt \ set */
static int missing(const cpu_set_t *rt, const cpu_set_t *set, cpu_set_t *miss)
{
	CPU_AND(miss, rt, set);
	CPU_XOR(miss, miss, rt);
	return CPU_COUNT(miss);
}

static void check_kernel(struct doctor *d)
{
	if (kinfo_supported())
		finding(d, "kernel", SEV_OK, NULL,
			"RT isolation supported (/sys/kernel/rt_isolation)");
	else
		finding(d, "kernel", SEV_WARN,
			"boot a kernel built with CONFIG_RT_ISOLATION=y (rtisol kernel-patch/)",
			"no RT isolation in this kernel: tasks can be pinned, not displaced");
}

static void check_rtcpus(struct doctor *d)
{
	char fix[1024];

	if (d->c.src == RT_SRC_NONE || !CPU_COUNT(&d->c.rt)) {
		finding(d, "rt-cpus", SEV_ERROR,
			"reserve RT CPUs at boot, e.g. isolcpus=rtiso,domain,managed_irq,nohz,2-3 nohz_full=2-3 rcu_nocbs=2-3, "
			"or at runtime: isolctl reserve 2-3",
			"no RT CPUs configured");
		return;
	}
	if (!CPU_COUNT(&d->c.hk)) {
		finding(d, "rt-cpus", SEV_ERROR,
			"leave at least one online CPU out of isolcpus= for housekeeping",
			"RT CPUs %s leave no housekeeping CPU", d->rt);
		return;
	}
	if (d->c.src != RT_SRC_KERNEL) {
		snprintf(fix, sizeof(fix), "add 'rtiso' to isolcpus=, e.g. isolcpus=rtiso,domain,managed_irq,nohz,%s",
			 d->rt);
		finding(d, "rt-cpus", d->c.src == RT_SRC_CMDLINE ? SEV_INFO : SEV_WARN,
			d->c.src == RT_SRC_CMDLINE ? NULL : fix,
			"RT CPUs %s taken from the %s", d->rt, rt_source_name(d->c.src));
	} else {
		finding(d, "rt-cpus", SEV_OK, NULL, "RT CPUs %s, housekeeping CPUs %s",
			d->rt, d->hk);
	}
	if (CPU_COUNT(&d->runtime)) {
		char b[128], r[128];

		finding(d, "rt-cpus", SEV_INFO, NULL,
			"reserved at boot: %s; at runtime: %s (isolctl reserve: cgroup v2 cpuset partition)",
			cpus_str(&d->boot, b, sizeof(b)),
			cpus_str(&d->runtime, r, sizeof(r)));
	}
	if (CPU_ISSET(0, &d->c.rt))
		finding(d, "rt-cpus", SEV_WARN,
			"keep CPU 0 for housekeeping: it takes the boot-time and timekeeping duties",
			"CPU 0 is an RT CPU");
}

/*
 * RT CPUs reserved at runtime: their partition must be valid, and on 6.12
 * they keep what only the boot command line gives (nohz_full, rcu_nocbs).
 */
static void check_runtime(struct doctor *d)
{
	char rt[128], m[128], fix[1024];
	struct rtcg_state cg;
	cpu_set_t miss, nohz;

	if (!CPU_COUNT(&d->runtime))
		return;
	cpus_str(&d->runtime, rt, sizeof(rt));
	rtcg_read(&cg);
	CPU_AND(&miss, &d->runtime, &cg.cpus);
	CPU_XOR(&miss, &miss, &d->runtime);
	if (!cg.part || !cg.valid || CPU_COUNT(&miss)) {
		snprintf(fix, sizeof(fix), "isolctl release %s; isolctl reserve %s", rt, rt);
		finding(d, "runtime-partition", SEV_ERROR, fix,
			"runtime RT CPUs %s: the cpuset partition %s/%s %s%s%s", rt,
			isol_paths_root(ISOL_ROOT_CGROUP), RTCG_PART,
			cg.part ? "reads \"" : "is missing",
			cg.part ? cg.partition : "", cg.part ? "\"" : "");
	} else {
		finding(d, "runtime-partition", SEV_OK, NULL,
			"runtime RT CPUs %s isolated by the cpuset partition %s/%s", rt,
			isol_paths_root(ISOL_ROOT_CGROUP), RTCG_PART);
	}
	/* nohz_full= implies rcu_nocbs=; without it the tick stays anyway */
	if (sysfs_read_cpulist("devices/system/cpu/nohz_full", &nohz, NULL))
		CPU_ZERO(&nohz);
	if (!missing(&d->runtime, &nohz, &miss)) {
		finding(d, "runtime-tick", SEV_OK, NULL,
			"runtime RT CPUs %s are nohz_full (booted so): no tick, RCU callbacks offloaded", rt);
		return;
	}
	cpus_str(&miss, m, sizeof(m));
	snprintf(fix, sizeof(fix),
		 "boot with nohz_full=%s rcu_nocbs=%s but without isolcpus=: they stay ordinary CPUs "
		 "until reserved, then lose the tick too; or accept a tick every 1/HZ on them; "
		 "or reserve them at boot (isolcpus=rtiso,domain,managed_irq,nohz,%s)", m, m, m);
	finding(d, "runtime-tick", SEV_WARN, fix,
		"runtime RT CPUs %s keep the scheduler tick and RCU callbacks: nohz_full= and "
		"rcu_nocbs= are boot-only on Linux 6.12", m);
}

static void check_cpulist_cover(struct doctor *d, const char *check,
				const char *rel, const char *what,
				const char *fixpfx)
{
	char fix[1024], m[256];
	cpu_set_t set, miss;

	if (sysfs_read_cpulist(rel, &set, NULL))
		CPU_ZERO(&set);
	if (!missing(&d->c.rt, &set, &miss)) {
		finding(d, check, SEV_OK, NULL, "%s covers all RT CPUs", what);
		return;
	}
	snprintf(fix, sizeof(fix), "%s%s", fixpfx, d->rt);
	finding(d, check, SEV_WARN, fix, "%s misses RT CPUs %s", what,
		cpus_str(&miss, m, sizeof(m)));
}

static void check_rcu(struct doctor *d)
{
	char v[512], m[256], fix[1024];
	cpu_set_t set, nohz, miss;

	CPU_ZERO(&set);
	if (!kinfo_cmdline("rcu_nocbs", v, sizeof(v)))
		cpulist_parse(v, &set);
	if (!sysfs_read_cpulist("devices/system/cpu/nohz_full", &nohz, NULL))
		CPU_OR(&set, &set, &nohz);	/* nohz_full implies rcu_nocbs */
	if (!missing(&d->c.rt, &set, &miss)) {
		finding(d, "rcu_nocbs", SEV_OK, NULL,
			"RCU callbacks offloaded from all RT CPUs");
		return;
	}
	snprintf(fix, sizeof(fix), "boot with rcu_nocbs=%s", d->rt);
	finding(d, "rcu_nocbs", SEV_WARN, fix,
		"RCU callbacks still run on RT CPUs %s", cpus_str(&miss, m, sizeof(m)));
}

static void check_irqs(struct doctor *d)
{
	char dir[PATH_MAX], p[PATH_MAX + 320], buf[1024], list[256], fix[1024];
	size_t used = 0;
	struct dirent *e;
	cpu_set_t set;
	int n = 0;
	DIR *dd;

	list[0] = '\0';
	if (isol_path(ISOL_ROOT_PROCFS, "irq", dir, sizeof(dir)) ||
	    !(dd = opendir(dir))) {
		finding(d, "irq-affinity", SEV_INFO, NULL, "cannot read %s", dir);
		return;
	}
	while ((e = readdir(dd))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(p, sizeof(p), "%s/%s/effective_affinity_list", dir, e->d_name);
		if (read_text_file(p, buf, sizeof(buf)) < 0) {
			snprintf(p, sizeof(p), "%s/%s/smp_affinity_list", dir, e->d_name);
			if (read_text_file(p, buf, sizeof(buf)) < 0)
				continue;
		}
		if (cpulist_parse(buf, &set))
			continue;
		CPU_AND(&set, &set, &d->c.rt);
		if (!CPU_COUNT(&set))
			continue;
		if (n++ < 8 && used < sizeof(list) - 16)
			used += (size_t)snprintf(list + used, sizeof(list) - used,
						 "%s%s", used ? "," : "", e->d_name);
	}
	closedir(dd);
	if (n) {
		snprintf(fix, sizeof(fix),
			 "echo %s > /proc/irq/N/smp_affinity_list for each; boot with irqaffinity=%s and isolcpus=managed_irq,...",
			 d->hk, d->hk);
		finding(d, "irq-affinity", SEV_WARN, fix,
			"%d IRQs may fire on RT CPUs (%s%s)", n, list, n > 8 ? ",..." : "");
	} else {
		finding(d, "irq-affinity", SEV_OK, NULL, "no IRQ targets an RT CPU");
	}

	snprintf(p, sizeof(p), "%s/default_smp_affinity", dir);
	if (read_text_file(p, buf, sizeof(buf)) > 0 && !cpumask_parse_hex(buf, &set)) {
		CPU_AND(&set, &set, &d->c.rt);
		if (CPU_COUNT(&set)) {
			snprintf(fix, sizeof(fix), "boot with irqaffinity=%s", d->hk);
			finding(d, "irq-default", SEV_WARN, fix,
				"new IRQs default to a mask that includes RT CPUs (%s)",
				rstrip(buf));
		} else {
			finding(d, "irq-default", SEV_OK, NULL,
				"default IRQ affinity excludes RT CPUs");
		}
	}
}

static void check_workqueue(struct doctor *d)
{
	char p[PATH_MAX], buf[512], fix[1024];
	cpu_set_t set;

	if (isol_path(ISOL_ROOT_SYSFS, "devices/virtual/workqueue/cpumask", p,
		      sizeof(p)) || read_text_file(p, buf, sizeof(buf)) <= 0 ||
	    cpumask_parse_hex(buf, &set)) {
		finding(d, "workqueue", SEV_INFO, NULL,
			"unbound workqueue mask not readable");
		return;
	}
	CPU_AND(&set, &set, &d->c.rt);
	if (!CPU_COUNT(&set)) {
		finding(d, "workqueue", SEV_OK, NULL,
			"unbound workqueues stay off RT CPUs");
		return;
	}
	snprintf(fix, sizeof(fix),
		 "write the housekeeping CPUs (%s) as a hex mask to /sys/devices/virtual/workqueue/cpumask",
		 d->hk);
	finding(d, "workqueue", SEV_WARN, fix,
		"unbound workqueue mask %s includes RT CPUs", rstrip(buf));
}

#define PF_KTHREAD 0x00200000

static void check_kthreads(struct doctor *d)
{
	const char *root = isol_paths_root(ISOL_ROOT_PROCFS);
	char p[PATH_MAX], buf[2048], names[200], fix[1024];
	int unbound = 0, percpu = 0;
	size_t used = 0;
	struct dirent *e;
	DIR *dd = opendir(root);

	names[0] = '\0';
	if (!dd) {
		finding(d, "kthreads", SEV_INFO, NULL, "cannot read %s", root);
		return;
	}
	while ((e = readdir(dd))) {
		unsigned long flags = 0;
		struct ktask t;
		cpu_set_t set;
		char *s;
		int f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(p, sizeof(p), "%s/%s/stat", root, e->d_name);
		if (read_text_file(p, buf, sizeof(buf)) <= 0 ||
		    !(s = strrchr(buf, ')')))
			continue;
		/* field 9 is flags; s points at the end of field 2 */
		for (f = 2; *s && f < 9; s++)
			if (*s == ' ')
				f++;
		flags = strtoul(s, NULL, 10);
		if (!(flags & PF_KTHREAD))
			continue;
		snprintf(p, sizeof(p), "%s/%s", root, e->d_name);
		if (ktask_read(p, atoi(e->d_name), atoi(e->d_name), &t) ||
		    cpulist_parse(t.cpus_allowed, &set))
			continue;
		if (CPU_COUNT(&set) == 1) {
			CPU_AND(&set, &set, &d->c.rt);
			percpu += CPU_COUNT(&set) > 0;
			continue;
		}
		CPU_AND(&set, &set, &d->c.rt);
		if (!CPU_COUNT(&set))
			continue;
		if (unbound++ < 4 && used < sizeof(names) - 40)
			used += (size_t)snprintf(names + used, sizeof(names) - used,
						 "%s%s", used ? "," : "", t.comm);
	}
	closedir(dd);
	if (unbound) {
		snprintf(fix, sizeof(fix),
			 "taskset -pc %s PID for each (or boot with isolcpus=domain,... / housekeeping kthread placement)",
			 d->hk);
		finding(d, "kthreads", SEV_WARN, fix,
			"%d unbound kthreads may run on RT CPUs (%s%s)", unbound, names,
			unbound > 4 ? ",..." : "");
	} else {
		finding(d, "kthreads", SEV_OK, NULL, "no unbound kthread may run on RT CPUs");
	}
	if (percpu)
		finding(d, "kthreads", SEV_INFO, NULL,
			"%d per-CPU kthreads bound to RT CPUs (expected: ksoftirqd, migration, cpuhp, kworker)",
			percpu);
}

static void check_smt(struct doctor *d)
{
	char rel[128], sib[256], fix[1024];
	int cpu, bad = 0;
	cpu_set_t set;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &d->c.rt))
			continue;
		snprintf(rel, sizeof(rel),
			 "devices/system/cpu/cpu%d/topology/thread_siblings_list", cpu);
		if (sysfs_read_cpulist(rel, &set, NULL))
			continue;
		CPU_AND(&set, &set, &d->c.hk);
		if (!CPU_COUNT(&set))
			continue;
		if (!bad++) {
			snprintf(fix, sizeof(fix),
				 "make whole cores RT (add the siblings to the RT list) or boot with nosmt");
			finding(d, "smt", SEV_WARN, fix,
				"RT CPU %d shares a core with housekeeping CPU(s) %s", cpu,
				cpus_str(&set, sib, sizeof(sib)));
		}
	}
	if (!bad)
		finding(d, "smt", SEV_OK, NULL, "no RT CPU shares a core with a housekeeping CPU");
}

static int read_proc_long(const char *rel, long *v)
{
	char p[PATH_MAX], buf[64];

	if (isol_path(ISOL_ROOT_PROCFS, rel, p, sizeof(p)) ||
	    read_text_file(p, buf, sizeof(buf)) <= 0)
		return -ENOENT;
	*v = strtol(buf, NULL, 10);
	return 0;
}

static void check_sysctls(struct doctor *d)
{
	long v;

	if (!read_proc_long("sys/kernel/timer_migration", &v))
		finding(d, "timer-migration", v ? SEV_OK : SEV_INFO, NULL,
			"kernel.timer_migration=%ld%s", v,
			v ? " (idle CPUs' timers can be pulled to busy CPUs)" :
			    " (timers stay where armed; fine when RT tasks arm none)");
	if (!read_proc_long("sys/kernel/sched_rt_runtime_us", &v)) {
		if (v < 0)
			finding(d, "rt-throttling", SEV_OK, NULL,
				"RT throttling off (sched_rt_runtime_us=-1)");
		else
			finding(d, "rt-throttling", SEV_WARN,
				"sysctl kernel.sched_rt_runtime_us=-1 (only with trusted RT applications)",
				"RT tasks are throttled after %ld us per period", v);
	}
}

static void check_clocksource(struct doctor *d)
{
	static const char *const good[] = { "tsc", "kvm-clock",
					    "hyperv_clocksource_tsc_page",
					    "arch_sys_counter" };
	char p[PATH_MAX], buf[64];
	size_t i;

	if (isol_path(ISOL_ROOT_SYSFS,
		      "devices/system/clocksource/clocksource0/current_clocksource",
		      p, sizeof(p)) || read_text_file(p, buf, sizeof(buf)) <= 0) {
		finding(d, "clocksource", SEV_INFO, NULL, "clocksource not readable");
		return;
	}
	rstrip(buf);
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!strcmp(buf, good[i])) {
			finding(d, "clocksource", SEV_OK, NULL,
				"clocksource %s is vDSO capable", buf);
			return;
		}
	finding(d, "clocksource", SEV_WARN,
		"boot with clocksource=tsc tsc=reliable if the TSC is stable",
		"clocksource %s is not vDSO capable: clock_gettime() becomes a syscall (and may displace)",
		buf);
}

static void check_cpufreq(struct doctor *d)
{
	char rel[128], p[PATH_MAX], buf[64], bad[256], fix[1024];
	int cpu, have = 0, nbad = 0;
	size_t used = 0;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &d->c.rt))
			continue;
		snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%d/cpufreq/scaling_governor", cpu);
		if (isol_path(ISOL_ROOT_SYSFS, rel, p, sizeof(p)) ||
		    read_text_file(p, buf, sizeof(buf)) <= 0)
			continue;
		have++;
		if (!strcmp(rstrip(buf), "performance"))
			continue;
		if (!nbad++ || used < sizeof(bad) - 32)
			used += (size_t)snprintf(bad + used, sizeof(bad) - used,
						 "%scpu%d=%s", used ? " " : "", cpu, buf);
	}
	if (!have)
		finding(d, "cpufreq", SEV_OK, NULL, "no cpufreq on RT CPUs (fixed frequency)");
	else if (nbad) {
		snprintf(fix, sizeof(fix),
			 "echo performance > /sys/devices/system/cpu/cpuN/cpufreq/scaling_governor for the RT CPUs (%s)",
			 d->rt);
		finding(d, "cpufreq", SEV_WARN, fix, "RT CPUs not at the performance governor: %s", bad);
	} else
		finding(d, "cpufreq", SEV_OK, NULL, "RT CPUs use the performance governor");
}

static void check_whitelist(struct doctor *d)
{
	unsigned long bits[BITLIST_LONGS(BITLIST_MAX_BITS)] = { 0 };

	if (!kinfo_supported())
		return;
	if (kinfo_whitelist(SYSCALL_ABI_X86_64, bits)) {
		finding(d, "whitelist", SEV_WARN, "check permissions of /sys/kernel/rt_isolation",
			"whitelist not readable");
		return;
	}
	if (!bitlist_weight(bits, syscall_nr_max(SYSCALL_ABI_X86_64)))
		finding(d, "whitelist", SEV_WARN,
			"start isold (it loads /etc/isol/whitelist.d) or 'isolctl whitelist add'",
			"whitelist is empty: every syscall displaces");
	else
		finding(d, "whitelist", SEV_OK, NULL, "%u x86_64 syscalls whitelisted",
			bitlist_weight(bits, syscall_nr_max(SYSCALL_ABI_X86_64)));
	if (kinfo_daemon_up())
		finding(d, "daemon", SEV_OK, NULL, "isold is running");
	else
		finding(d, "daemon", SEV_INFO, "start isold to manage the whitelist and CPU claims",
			"isold is not running");
}

/* irqbalance, IRQ changes isold put back, tuned (coexist.c) */
static void check_coexist(struct doctor *d)
{
	struct coexist_finding f[COEXIST_MAX];
	int i, n = coexist_check(&d->c.rt, &d->c.online, f);

	for (i = 0; i < n; i++)
		finding(d, f[i].check, (enum sev)f[i].sev,
			f[i].fix[0] ? f[i].fix : NULL, "%s", f[i].msg);
}

int cmd_doctor(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "problems", no_argument, NULL, 'p' },
		{ "strict", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct doctor d = { 0 };
	int ch;

	while ((ch = isolctl_getopt(argc, argv, ISOLCTL_COMMON_SHORTOPTS "ps",
				 longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			return EXIT_FAILURE;
		if (r)
			continue;
		if (ch == 'p')
			d.quiet = true;
		else if (ch == 's')
			d.strict = true;
		else
			return isolctl_usage_err(p, "bad option");
	}
	if (optind < argc)
		return isolctl_usage_err(p, "unexpected argument '%s'", argv[optind]);

	kinfo_cpus(&d.c);
	kinfo_rt_origin(&d.c, &d.boot, &d.runtime);
	cpus_str(&d.c.rt, d.rt, sizeof(d.rt));
	cpus_str(&d.c.hk, d.hk, sizeof(d.hk));
	if (out_init(&d.o, "doctor", &p->out))
		return EXIT_FAILURE;
	out_col(&d.o, "CHECK", 0, OUT_STR, false);
	out_col(&d.o, "SEVERITY", 0, OUT_STR, false);
	out_col(&d.o, "FINDING", 0.5, OUT_STR, false);
	out_col(&d.o, "FIX", 0.3, OUT_STR, false);

	check_kernel(&d);
	check_rtcpus(&d);
	if (d.c.src != RT_SRC_NONE && CPU_COUNT(&d.c.rt)) {
		/* What the boot command line gives, for the boot RT CPUs;
		 * runtime ones have their own checks. */
		struct cpus all = d.c;
		char rt[128];

		memcpy(rt, d.rt, sizeof(rt));
		d.c.rt = d.boot;
		cpus_str(&d.boot, d.rt, sizeof(d.rt));
		if (CPU_COUNT(&d.boot)) {
			check_cpulist_cover(&d, "isolcpus-domain", "devices/system/cpu/isolated",
					    "isolcpus= (scheduler domain isolation)",
					    "add 'domain' to isolcpus=, e.g. isolcpus=rtiso,domain,managed_irq,nohz,");
			check_cpulist_cover(&d, "nohz_full", "devices/system/cpu/nohz_full",
					    "nohz_full=", "boot with nohz_full=");
			check_rcu(&d);
		}
		d.c = all;
		memcpy(d.rt, rt, sizeof(rt));
		check_runtime(&d);
		check_irqs(&d);
		check_workqueue(&d);
		check_kthreads(&d);
		check_smt(&d);
		check_cpufreq(&d);
		check_coexist(&d);
	}
	check_sysctls(&d);
	check_clocksource(&d);
	check_whitelist(&d);
	out_print(&d.o);
	out_free(&d.o);
	if (!p->out.json)
		fprintf(stderr, "%d ok, %d info, %d warnings, %d errors\n",
			d.count[SEV_OK], d.count[SEV_INFO], d.count[SEV_WARN],
			d.count[SEV_ERROR]);
	return d.count[SEV_ERROR] || (d.strict && d.count[SEV_WARN]) ? 2 :
								       EXIT_SUCCESS;
}
