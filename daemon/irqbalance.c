// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * irqbalance.c - isold beside irqbalance (libisol/common/irqbalance.h).
 *
 * irqbalance skips the CPUs the kernel isolated at boot by itself, not the
 * RT CPUs isold reserves at runtime or is given without isolcpus=.  While
 * an irqbalance runs, isold tells it to ban its own CPUs plus all RT CPUs,
 * checks (its "setup" answer) that it does, and says so when it does not.
 * irqbalance applies a ban at its next rescan, so the check is repeated on
 * the periodic tick until it holds, then every IRQB_CHECK_MS (a restarted
 * irqbalance, a new pid, is told again).
 *
 * The periodic IRQ pass (isold_steer_irqs()) puts back every IRQ found on
 * an RT CPU; each one is reported here: log line, the run dir's
 * irq-changes file (isolctl doctor shows it) and the STATUS= line, with who
 * changed it as far as that can be known (irqbalance when it did not yet
 * ban the RT CPUs; otherwise not irqbalance).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fileio.h"
#include "irqbalance.h"
#include "isold.h"
#include "log.h"
#include "steer.h"

#define IRQB_CHECK_MS	5000
#define IRQ_CHANGES	"irq-changes"

static void fmt(const cpu_set_t *s, char *buf, size_t len)
{
	cpuset_format(s, buf, len);
}

void isold_irqbalance(struct isold *d)
{
	struct isold_irqb *b = &d->irqb;
	char want_s[512], have_s[512];
	cpu_set_t own, want, have;
	unsigned int sleep = 10;
	uint64_t now = now_ms();
	pid_t pid;
	int ret;

	if (!d->cfg->steer_irqs)
		return;
	if (b->pid && b->verified && now < b->next_ms)
		return;
	b->next_ms = now + IRQB_CHECK_MS;
	pid = irqb_find();
	if (pid != b->pid) {
		if (b->pid)
			log_info("irqbalance: pid %d is gone", (int)b->pid);
		memset(b, 0, sizeof(*b));
		b->pid = pid;
		b->next_ms = now + IRQB_CHECK_MS;
		isold_notify_status(d);
		if (!pid)
			return;
	}
	if (!pid)
		return;
	if (irqb_own_bans(pid, &own))
		CPU_ZERO(&own);
	CPU_OR(&want, &own, &d->rt);
	ret = irqb_setup(pid, &have, &sleep);
	if (ret) {
		if (ret != b->status)
			log_warn("irqbalance: pid %d: its socket %s: %s; it may "
				 "put IRQs on RT CPUs (isold moves them back)",
				 (int)pid, ret == -ENOENT ? "is missing" :
				 "does not answer", strerror(-ret));
		b->status = ret;
		b->verified = false;
		return;
	}
	b->status = 0;
	fmt(&want, want_s, sizeof(want_s));
	fmt(&have, have_s, sizeof(have_s));
	if (CPU_EQUAL(&have, &want)) {
		if (!b->verified)
			log_info("irqbalance: pid %d bans CPUs %s (RT CPUs and "
				 "its own): verified", (int)pid, want_s);
		b->verified = true;
		b->told = want;
		isold_notify_status(d);
		return;
	}
	if (b->verified)
		log_warn("irqbalance: pid %d now bans CPUs %s, not %s: told "
			 "again", (int)pid, have_s, want_s);
	b->verified = false;
	if (!CPU_EQUAL(&b->told, &want) ||
	    now >= b->told_ms + 3 * (uint64_t)(sleep ? sleep : 10) * 1000) {
		if (CPU_EQUAL(&b->told, &want))
			log_warn("irqbalance: pid %d still bans CPUs %s, not "
				 "%s, %llu s after it was told; telling it "
				 "again", (int)pid, have_s, want_s,
				 (unsigned long long)(now - b->told_ms) / 1000);
		ret = irqb_ban(pid, &want);
		if (ret) {
			log_warn("irqbalance: pid %d: settings cpus %s: %s",
				 (int)pid, want_s, strerror(-ret));
			b->status = ret;
			return;
		}
		log_info("irqbalance: pid %d bans CPUs %s; told to ban %s "
			 "(its own and the RT CPUs), from its next rescan "
			 "(every %u s)", (int)pid, have_s, want_s, sleep);
		b->told = want;
		b->told_ms = now;
	}
	isold_notify_status(d);
}

void isold_irqbalance_status(const struct isold *d, char *buf, size_t len)
{
	const struct isold_irqb *b = &d->irqb;
	char s[512];

	buf[0] = '\0';
	if (!b->pid)
		return;
	fmt(&b->told, s, sizeof(s));
	if (b->verified)
		snprintf(buf, len, "; irqbalance pid %d bans %s", (int)b->pid,
			 s);
	else if (b->status)
		snprintf(buf, len, "; irqbalance pid %d: %s", (int)b->pid,
			 strerror(-b->status));
	else
		snprintf(buf, len, "; irqbalance pid %d told to ban %s",
			 (int)b->pid, s);
}

/* Who put an IRQ on an RT CPU, as far as isold can know. */
static void who(const struct isold *d, char *buf, size_t len)
{
	const struct isold_irqb *b = &d->irqb;
	char s[256];

	fmt(&b->told, s, sizeof(s));
	if (!b->pid)
		snprintf(buf, len, "unknown (irqbalance is not running)");
	else if (b->verified)
		snprintf(buf, len, "not irqbalance (pid %d bans %s): another "
			 "writer", (int)b->pid, s);
	else
		snprintf(buf, len, "irqbalance pid %d, most likely (it does "
			 "not ban the RT CPUs yet)", (int)b->pid);
}

void isold_irq_changes(struct isold *d, const struct steer_report *r)
{
	char w[700], line[2048], file[ISOLD_IRQ_CHANGES * 512 + 1];
	const char *p = r->moved;
	struct tm tm;
	time_t t;
	size_t i, used = 0;

	if (!*p)
		return;
	/* Who is irqbalance now (a restarted one is not told yet)? */
	d->irqb.next_ms = 0;
	isold_irqbalance(d);
	t = time(NULL);
	gmtime_r(&t, &tm);
	who(d, w, sizeof(w));
	while (*p) {
		size_t n = strcspn(p, " ");
		char ent[128], hk[256];
		char *colon;

		snprintf(ent, sizeof(ent), "%.*s", (int)n, p);
		p += n + (p[n] == ' ');
		colon = strchr(ent, ':');
		if (!colon)
			continue;
		*colon = '\0';
		fmt(&d->hk, hk, sizeof(hk));
		snprintf(line, sizeof(line),
			 "%04d-%02d-%02dT%02d:%02d:%02dZ IRQ %s was on CPUs %s "
			 "(RT CPUs among them), put back on %s; changed by %s",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, ent, colon + 1, hk,
			 w);
		log_warn("steer: %s", line + 21);
		d->irq_changes_total++;
		strcopy(d->irq_changes[d->irq_changes_next],
			sizeof(d->irq_changes[0]), line);
		d->irq_changes_next = (d->irq_changes_next + 1) %
				      ISOLD_IRQ_CHANGES;
	}
	/* The last ISOLD_IRQ_CHANGES, oldest first. */
	file[0] = '\0';
	for (i = 0; i < ISOLD_IRQ_CHANGES; i++) {
		const char *l = d->irq_changes[(d->irq_changes_next + i) %
					       ISOLD_IRQ_CHANGES];

		if (*l && used + strlen(l) + 2 < sizeof(file))
			used += (size_t)snprintf(file + used,
						 sizeof(file) - used, "%s\n",
						 l);
	}
	if (d->rundir_fd >= 0 &&
	    write_file_atomic_at(d->rundir_fd, IRQ_CHANGES, file, used, 0644))
		log_warn("steer: %s could not be written", IRQ_CHANGES);
	isold_notify_status(d);
}
