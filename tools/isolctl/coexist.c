// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * coexist.c - isolctl doctor beside irqbalance and tuned (coexist.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bitlist.h"
#include "coexist.h"
#include "fileio.h"
#include "irqbalance.h"
#include "paths.h"
#include "tuned.h"

static void irqbalance(const cpu_set_t *rt, struct coexist_finding *f)
{
	char b[256], m[256];
	cpu_set_t banned, miss;
	pid_t pid = irqb_find();
	int ret;

	f->check = "irqbalance";
	if (!pid) {
		f->sev = 1;
		snprintf(f->msg, sizeof(f->msg), "irqbalance is not running");
		return;
	}
	ret = irqb_setup(pid, &banned, NULL);
	if (ret) {
		f->sev = 2;
		snprintf(f->msg, sizeof(f->msg),
			 "irqbalance (pid %d) does not say which CPUs it bans: "
			 "%s", (int)pid, ret == -EPROTO ?
			 "it answers root only" : strerror(-ret));
		snprintf(f->fix, sizeof(f->fix),
			 "run this as root; start irqbalance with "
			 "/run/irqbalance present (its unit's RuntimeDirectory=)");
		return;
	}
	cpulist_format(&banned, b, sizeof(b));
	CPU_AND(&miss, rt, &banned);
	CPU_XOR(&miss, &miss, rt);
	if (CPU_COUNT(&miss)) {
		cpulist_format(&miss, m, sizeof(m));
		f->sev = 2;
		snprintf(f->msg, sizeof(f->msg),
			 "irqbalance (pid %d) bans CPUs %s, not RT CPUs %s: it "
			 "balances IRQs onto them", (int)pid, b[0] ? b : "(none)",
			 m);
		snprintf(f->fix, sizeof(f->fix),
			 "start isold (it tells irqbalance), or run irqbalance "
			 "with IRQBALANCE_BANNED_CPULIST including %s", m);
		return;
	}
	f->sev = 0;
	snprintf(f->msg, sizeof(f->msg),
		 "irqbalance (pid %d) bans CPUs %s: every RT CPU", (int)pid, b);
}

/* The last IRQ change isold put back, from its run dir. */
static int irq_changes(struct coexist_finding *f)
{
	char path[4200], buf[8192], *last, *end;
	int n = 0;
	char *p;

	if (isol_path(ISOL_ROOT_RUNDIR, "irq-changes", path, sizeof(path)) ||
	    read_text_file(path, buf, sizeof(buf)) <= 0)
		return 0;
	end = buf + strlen(buf);
	while (end > buf && end[-1] == '\n')
		*--end = '\0';
	for (p = buf; *p; p++)
		n += *p == '\n';
	last = strrchr(buf, '\n');
	last = last ? last + 1 : buf;
	f->check = "irq-changes";
	f->sev = 2;
	snprintf(f->msg, sizeof(f->msg),
		 "isold put back %d IRQ affinity change(s) onto RT CPUs (of "
		 "the last 16; %.200s); the last: %.1200s", n + 1, path, last);
	snprintf(f->fix, sizeof(f->fix),
		 "find what writes /proc/irq/N/smp_affinity (a script, a "
		 "tuned profile, an irqbalance not told to ban the RT CPUs)");
	return 1;
}

static int tuned(const cpu_set_t *rt, const cpu_set_t *online,
		 struct coexist_finding *f)
{
	struct tuned_state t;
	int ret = tuned_read(&t);

	f->check = "tuned";
	if (ret < 0) {
		f->sev = 2;
		snprintf(f->msg, sizeof(f->msg), "tuned's active_profile is "
			 "not readable: %s", strerror(-ret));
		return 1;
	}
	if (!ret) {
		if (!t.profile[0])
			return 0;
		f->sev = 0;
		snprintf(f->msg, sizeof(f->msg), "tuned profile \"%s\" does "
			 "not partition CPUs", t.profile);
		return 1;
	}
	ret = tuned_conflict(&t, rt, online, f->msg, sizeof(f->msg));
	if (!ret) {
		f->sev = 0;
		snprintf(f->msg, sizeof(f->msg), "tuned profile \"%s\" "
			 "isolates none of the RT CPUs", t.profile);
		return 1;
	}
	if (t.pid)
		snprintf(f->msg + strlen(f->msg),
			 sizeof(f->msg) - strlen(f->msg),
			 " (tuned runs, pid %d)", (int)t.pid);
	else
		snprintf(f->msg + strlen(f->msg),
			 sizeof(f->msg) - strlen(f->msg),
			 " (tuned is not running: at its next start)");
	f->sev = ret == 2 ? 3 : 2;
	snprintf(f->fix, sizeof(f->fix), ret == 2 ?
		 "make isolated_cores in %s equal isold's RT CPUs, or "
		 "switch tuned to a profile that does not partition CPUs "
		 "(tuned-adm profile latency-performance)" :
		 "let one of them manage the RT CPUs: a tuned profile "
		 "without CPU partitioning (tuned-adm profile "
		 "latency-performance), or no isold steering; see isold(8) "
		 "TUNED (isolated_cores: %s)", t.source);
	return 1;
}

int coexist_check(const cpu_set_t *rt, const cpu_set_t *online,
		  struct coexist_finding *f)
{
	int n = 0;

	memset(f, 0, COEXIST_MAX * sizeof(*f));
	irqbalance(rt, &f[n++]);
	n += irq_changes(&f[n]);
	n += tuned(rt, online, &f[n]);
	return n;
}
