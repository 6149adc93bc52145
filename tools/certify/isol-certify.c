// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isol-certify - certify one syscall as deterministic on an RT CPU.
 *
 * Runs the call N times in place on an RT CPU under background load on the
 * housekeeping CPUs, records its latency distribution, watches the RT CPU
 * through trace events, measures the displaced call for comparison, and
 * writes a whitelist record with the evidence.  It refuses "certified" when
 * the call slept or its worst case exceeded --bound.  The record is the
 * rule the profile measured (write:pipe: "args = fd0=pipe"), never the
 * whole syscall when the profile constrains its arguments.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bitlist.h"
#include "certify.h"
#include "kinfo.h"
#include "paths.h"
#include "profiles.h"
#include "rootopts.h"
#include "rules.h"
#include "syscalls.h"
#include "util.h"

#define EXIT_REFUSED 2

enum { OPT_LIST = 0x100, OPT_NO_DISPLACED, OPT_CONFIG };

struct certify_params {
	const char *syscall;
	const char *args;
	const char *load;
	const char *out;
	const char *plot;
	const char *config;
	unsigned long samples;
	uint64_t bound_ns;
	long cpu;
	bool no_displaced;
	struct out_opts o;
};

static void usage(void)
{
	printf("Usage:\n isol-certify [options] SYSCALL\n\n"
	       "Measure SYSCALL in place on an RT CPU under load, watch the CPU\n"
	       "through trace events, compare with the displaced call, and write\n"
	       "a whitelist record (isold.conf(5)) with the evidence: the argument\n"
	       "rule the profile measured (write --args pipe: fd0=pipe).\n\n"
	       "Options:\n"
	       " -a, --args PROFILE     argument profile (e.g. futex:wait-private);\n"
	       "                        default: the syscall's first profile\n"
	       " -l, --load CLASSES     none, all, or a list of cpu,vm,io,fork,contender\n"
	       "                        run by stress-ng on the housekeeping CPUs (default all)\n"
	       " -n, --samples N        calls to time (default: per profile)\n"
	       " -b, --bound TIME       worst case allowed (e.g. 20us); needed to certify\n"
	       " -c, --cpu N            RT CPU to measure on (default: the first RT CPU,\n"
	       "                        CPU 1 on a host without RT CPUs)\n"
	       " -o, --out FILE         write the whitelist record to FILE ('-' = stdout)\n"
	       " -p, --plot PNG         plot the latency histogram with gnuplot\n"
	       "     --config FILE      the kernel's .config to hash (default\n"
	       "                        /proc/config.gz, /boot/config-RELEASE)\n"
	       "     --no-displaced     skip the displaced comparison\n"
	       "     --list             list the argument profiles\n"
	       " -J, --json             JSON report\n"
	       ISOL_ROOT_HELP
	       " -h, --help             display this help\n"
	       " -V, --version          display version\n\n"
	       "Exit status: 0 certified, 1 failure or bad usage, 2 measured but\n"
	       "not certified (slept, exceeded the bound, or no --bound).\n"
	       "For more details see isol-certify(8).\n");
	exit(EXIT_SUCCESS);
}

__attribute__((format(printf, 1, 2)))
static int usage_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "isol-certify: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'isol-certify --help' for more information.\n");
	return EXIT_FAILURE;
}

/* The rule profile @pr measured: its predicates, "" for any call. */
static const char *profile_rule(const struct profile *pr)
{
	const struct cert_profile *cp = cert_profile_find(pr->name);

	return cp && !strcmp(cp->syscall, pr->syscall) ? cp->args : NULL;
}

static void list_profiles(void)
{
	const struct profile *pr;
	unsigned int i;

	printf("%-30s %-8s %-22s %s\n", "PROFILE", "SAMPLES", "RULE", "WHAT");
	for (i = 0; (pr = profile_at(i)); i++) {
		const char *rule = profile_rule(pr);

		printf("%-30s %-8lu %-22s %s%s\n", pr->name, pr->samples,
		       !rule ? "?" : rule[0] ? rule : "(any call)", pr->desc,
		       pr->sleeps ? " [sleeps by design]" : "");
	}
}

static const struct profile *resolve(const struct certify_params *p)
{
	const struct profile *pr;
	char name[128];

	if (!p->args)
		return profile_find(p->syscall);
	if (strchr(p->args, ':'))
		snprintf(name, sizeof(name), "%s", p->args);
	else
		snprintf(name, sizeof(name), "%s:%s", p->syscall, p->args);
	pr = profile_find(name);
	return pr && !strcmp(pr->syscall, p->syscall) && strchr(pr->name, ':') ?
		pr : (pr && !strcmp(pr->name, name) ? pr : NULL);
}

static int parse(int argc, char **argv, struct certify_params *p)
{
	static const struct option longopts[] = {
		{ "args", required_argument, NULL, 'a' },
		{ "load", required_argument, NULL, 'l' },
		{ "samples", required_argument, NULL, 'n' },
		{ "bound", required_argument, NULL, 'b' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "plot", required_argument, NULL, 'p' },
		{ "no-displaced", no_argument, NULL, OPT_NO_DISPLACED },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "json", no_argument, NULL, 'J' },
		ISOL_ROOT_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int mask;
	char err[512];
	long v;
	int c, r;

	while ((c = getopt_long(argc, argv, "a:l:n:b:c:o:p:JhV", longopts,
				NULL)) != -1) {
		r = isol_rootopt(c, optarg, err, sizeof(err));
		if (r < 0) {
			fprintf(stderr, "isol-certify: %s\n", err);
			return EXIT_FAILURE;
		}
		if (r)
			continue;
		switch (c) {
		case 'a':
			p->args = optarg;
			break;
		case 'l':
			if (load_parse(optarg, &mask))
				return usage_err("invalid load '%s' (none, all, or cpu,vm,io,fork,contender)",
						 optarg);
			p->load = optarg;
			break;
		case 'n':
			if (parse_long(optarg, 1, 100000000, &v))
				return usage_err("invalid sample count '%s'", optarg);
			p->samples = (unsigned long)v;
			break;
		case 'b':
			if (parse_duration_ns(optarg, &p->bound_ns) || !p->bound_ns)
				return usage_err("invalid bound '%s' (e.g. 500ns, 20us, 1ms)",
						 optarg);
			break;
		case 'c':
			if (parse_long(optarg, 0, CPU_SETSIZE - 1, &p->cpu))
				return usage_err("invalid CPU '%s'", optarg);
			break;
		case 'o':
			p->out = optarg;
			break;
		case 'p':
			if (strchr(optarg, '\''))
				return usage_err("plot file name must not contain a quote: %s",
						 optarg);
			p->plot = optarg;
			break;
		case OPT_CONFIG:
			if (access(optarg, R_OK))
				return usage_err("cannot read kernel config '%s'", optarg);
			p->config = optarg;
			break;
		case OPT_NO_DISPLACED:
			p->no_displaced = true;
			break;
		case OPT_LIST:
			list_profiles();
			exit(EXIT_SUCCESS);
		case 'J':
			p->o.json = true;
			break;
		case 'h':
			usage();
			break;
		case 'V':
			printf("isol-certify from rtisol %s\n", TOOLS_VERSION);
			exit(EXIT_SUCCESS);
		default:
			errtryhelp("isol-certify");
			return EXIT_FAILURE;
		}
	}
	if (isol_rootopts_done(err, sizeof(err))) {
		fprintf(stderr, "isol-certify: %s\n", err);
		return EXIT_FAILURE;
	}
	if (optind >= argc)
		return usage_err("%s", "no syscall given");
	if (optind + 1 < argc)
		return usage_err("unexpected argument '%s'", argv[optind + 1]);
	p->syscall = argv[optind];
	return 0;
}

static void kv_stats(struct out *o, const char *pfx, const struct stats *st)
{
	char f[64];

	snprintf(f, sizeof(f), "%s latency (ns):", pfx);
	out_kv(o, f, "min %llu  avg %.0f  p50 %llu  p99 %llu  p99.9 %llu  p99.99 %llu  max %llu",
	       (unsigned long long)st->min, st->avg, (unsigned long long)st->p50,
	       (unsigned long long)st->p99, (unsigned long long)st->p999,
	       (unsigned long long)st->p9999, (unsigned long long)st->max);
}

/* Does a kernel rule already let every call of the profile run in place? */
static bool kernel_rule_covers(int nr, const char *rule)
{
	struct ruleset *k = malloc(sizeof(*k)), *q = malloc(sizeof(*q));
	bool yes = false;
	int i;

	if (k && q && !kinfo_rules(SYSCALL_ABI_X86_64, k)) {
		ruleset_init(q, SYSCALL_ABI_X86_64);
		if (rule[0] && !ruleset_add(q, nr, rule, NULL, 0))
			for (i = ruleset_first(k, nr); i >= 0 &&
			     (unsigned int)i < k->n && k->rules[i].nr == nr; i++)
				yes |= rule_within(q, 0, k, (unsigned int)i);
	}
	free(k);
	free(q);
	return yes;
}

/* Why the displaced comparison cannot run, or NULL. */
static const char *no_displaced(const struct certify_params *p,
				const struct cpus *c, int cpu, int nr,
				const char *rule)
{
	unsigned long bits[BITLIST_LONGS(BITLIST_MAX_BITS)] = { 0 };

	if (p->no_displaced)
		return "skipped (--no-displaced)";
	if (!kinfo_supported())
		return "unavailable: this kernel has no RT isolation (CONFIG_RT_ISOLATION)";
	if (!CPU_ISSET(cpu, &c->rt))
		return "unavailable: the CPU is not an RT CPU";
	if (!kinfo_whitelist(SYSCALL_ABI_X86_64, bits) && nr >= 0 &&
	    bitlist_test(bits, (unsigned int)nr))
		return "unavailable: the syscall is whitelisted, so it runs in place either way";
	if (kernel_rule_covers(nr, rule))
		return "unavailable: a kernel argument rule lets these calls run in place either way";
	return NULL;
}

int main(int argc, char **argv)
{
	struct certify_params p = { .load = "all", .cpu = -1 };
	struct certify_result res = { 0 };
	struct stats st = { 0 }, dst = { 0 };
	struct measure_hooks hooks;
	const struct profile *pr;
	const char *why_nd;
	unsigned int mask = 0;
	char buf[200], src[256], note[1024];
	struct watch w;
	struct load l;
	struct cpus c;
	cpu_set_t hk;
	struct out o;
	int nr, cpu, helper = 0, err, i, rc;
	bool slept, exceeded, noconfig, have_disp = false;

	rc = parse(argc, argv, &p);
	if (rc)
		return rc;
	nr = syscall_lookup(SYSCALL_ABI_X86_64, p.syscall);
	if (nr < 0)
		return usage_err("unknown syscall '%s'; see 'isol-certify --list' for the profiles",
				 p.syscall);
	pr = resolve(&p);
	if (!pr) {
		fprintf(stderr, "isol-certify: no argument profile %s%s%s for %s; "
			"'isol-certify --list' shows them\n", p.args ? "'" : "",
			p.args ? p.args : "", p.args ? "'" : "", p.syscall);
		return EXIT_FAILURE;
	}
	res.rule = profile_rule(pr);
	if (!res.rule) {
		fprintf(stderr, "isol-certify: internal error: profile %s has no rule "
			"in libisol/common/profiles.c\n", pr->name);
		return EXIT_FAILURE;
	}
	if (!p.samples)
		p.samples = pr->samples;
	load_parse(p.load, &mask);

	kinfo_cpus(&c);
	if (p.cpu >= 0)
		cpu = (int)p.cpu;
	else if (CPU_COUNT(&c.rt)) {
		for (cpu = 0; !CPU_ISSET(cpu, &c.rt); cpu++)
			;
	} else
		cpu = CPU_ISSET(1, &c.online) ? 1 : 0;
	if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &c.online)) {
		fprintf(stderr, "isol-certify: CPU %d is not online\n", cpu);
		return EXIT_FAILURE;
	}
	if (!CPU_ISSET(cpu, &c.rt))
		fprintf(stderr, "isol-certify: note: CPU %d is not an RT CPU; measuring "
			"there anyway (fine for trying the tool, not for a record you ship)\n",
			cpu);
	CPU_ZERO(&hk);
	CPU_OR(&hk, &hk, CPU_COUNT(&c.rt) ? &c.hk : &c.online);
	CPU_CLR(cpu, &hk);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &hk)) {
			helper = i;
			break;
		}
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		fprintf(stderr, "isol-certify: note: mlockall failed (%s); page faults may show up\n",
			strerror(errno));

	err = load_start(&l, mask, &hk, pr);
	if (err) {
		fprintf(stderr, "isol-certify: cannot start the load (%s): is stress-ng "
			"installed? Use --load none to measure without load\n",
			err == -EINVAL ? "no housekeeping CPU for it" : strerror(-err));
		return EXIT_FAILURE;
	}
	watch_open(&w, cpu);
	hooks = (struct measure_hooks){ .start = watch_start,
					 .begin = watch_begin,
					 .stop = watch_stop, .arg = &w };
	err = measure(pr, cpu, helper, p.samples, MEASURE_IN_PLACE, &hooks, &st);
	watch_collect(&w);
	why_nd = no_displaced(&p, &c, cpu, nr, res.rule);
	if (!err && !why_nd) {
		if (measure(pr, cpu, helper, p.samples, MEASURE_DISPLACED, NULL, &dst))
			why_nd = "failed (see the message above)";
		else
			have_disp = true;
	}
	load_stop(&l);
	if (err)
		return EXIT_FAILURE;

	kinfo_config_hash(p.config, res.config_hash, sizeof(res.config_hash), src,
			  sizeof(src));
	slept = !pr->sleeps && (st.nvcsw > 0 || (w.available && w.slept > 0));
	exceeded = p.bound_ns && st.max > p.bound_ns;
	noconfig = !strcmp(res.config_hash, "unknown");
	res.certified = p.bound_ns && !slept && !exceeded && !noconfig;
	res.pr = pr;
	res.st = &st;
	res.cpu = cpu;
	kinfo_release(res.kernel, sizeof(res.kernel));
	snprintf(res.load, sizeof(res.load), "%s", l.desc);

	if (out_kv_init(&o, "certify", &p.o))
		return EXIT_FAILURE;
	out_kv(&o, "Syscall:", "%s (x86_64 %d)", pr->syscall, nr);
	out_kv(&o, "Profile:", "%s: %s", pr->name, pr->desc);
	if (res.rule[0])
		out_kv(&o, "Rule:", "%d %s (the record grants only these calls)",
		       nr, res.rule);
	else
		out_kv(&o, "Rule:", "the whole syscall (the profile constrains no argument)");
	out_kv(&o, "CPU:", "%d (%s, %s)", cpu, CPU_ISSET(cpu, &c.rt) ? "RT CPU" :
	       "not an RT CPU", st.fifo ? "SCHED_FIFO 80" : "SCHED_OTHER: no RT priority allowed");
	out_kv(&o, "Load:", "%s", l.desc);
	out_kv(&o, "Samples:", "%lu", st.n);
	kv_stats(&o, "In place", &st);
	out_kv(&o, "Context switches:", "%ld voluntary (slept), %ld involuntary (preempted)%s",
	       st.nvcsw, st.nivcsw, pr->sleeps ? " - this profile sleeps by design" : "");
	if (w.available)
		out_kv(&o, "Trace of the CPU:", "measuring thread left the CPU %lu times "
		       "(slept %lu, preempted %lu); %lu IRQs%s%s%s; %lu timer ticks; "
		       "%lu softirqs; %lu lock contentions",
		       w.slept + w.preempted, w.slept, w.preempted, w.irqs,
		       w.irq_names[0] ? " (" : "", w.irq_names, w.irq_names[0] ? ")" : "",
		       w.timer_ticks, w.softirqs, w.locks);
	else
		out_kv(&o, "Trace of the CPU:", "unavailable: %s", w.why);
	if (have_disp) {
		kv_stats(&o, "Displaced", &dst);
		out_kv(&o, "Whitelisting saves:", "%lld ns at p50, %lld ns at p99.99",
		       (long long)dst.p50 - (long long)st.p50,
		       (long long)dst.p9999 - (long long)st.p9999);
	} else {
		out_kv(&o, "Displaced:", "%s", why_nd);
	}
	out_kv(&o, "Kernel:", "%s", res.kernel);
	out_kv(&o, "Config:", "%s (%s)", res.config_hash, src);
	if (p.bound_ns)
		out_kv(&o, "Bound:", "%llu ns (max must not exceed it)",
		       (unsigned long long)p.bound_ns);
	if (res.certified)
		snprintf(buf, sizeof(buf), "CERTIFIED: %s, max %llu ns <= bound %llu ns",
			 pr->sleeps ? "woke up in time" : "never slept",
			 (unsigned long long)st.max, (unsigned long long)p.bound_ns);
	else
		snprintf(buf, sizeof(buf), "NOT CERTIFIED:%s%s%s%s",
			 slept ? " the call slept;" : "",
			 exceeded ? " max exceeds the bound;" : "",
			 !p.bound_ns ? " no --bound given;" : "",
			 noconfig ? " no kernel config to hash (enable CONFIG_IKCONFIG_PROC or give --config);" : "");
	if (buf[strlen(buf) - 1] == ';')
		buf[strlen(buf) - 1] = '\0';
	out_kv(&o, "Verdict:", "%s", buf);
	out_print(&o);
	out_free(&o);

	snprintf(note, sizeof(note),
		 "profile %s; %s; min %llu avg %.0f p99 %llu p99.9 %llu ns; slept %ld; bound %llu ns%s",
		 pr->name, buf, (unsigned long long)st.min, st.avg,
		 (unsigned long long)st.p99, (unsigned long long)st.p999,
		 pr->sleeps ? 0L : st.nvcsw, (unsigned long long)p.bound_ns,
		 CPU_ISSET(cpu, &c.rt) ? "" : "; not measured on an RT CPU");
	memcpy(res.note, note, sizeof(res.note) - 1);	/* the record keeps 255 */
	res.note[sizeof(res.note) - 1] = '\0';
	rc = res.certified ? EXIT_SUCCESS : EXIT_REFUSED;
	if (p.out && certify_record(&res, p.out))
		rc = EXIT_FAILURE;
	if (p.plot) {
		snprintf(buf, sizeof(buf), "%s in place on CPU %d, load %s", pr->name,
			 cpu, p.load);
		if (plot_png(p.plot, &st, buf)) {
			fprintf(stderr, "isol-certify: plotting failed; is gnuplot installed "
				"(Debian: gnuplot-nox)?\n");
			rc = EXIT_FAILURE;
		}
	}
	stats_free(&st);
	stats_free(&dst);
	return rc;
}
