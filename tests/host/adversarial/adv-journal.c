// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 7): a corrupt claim journal.  A journal
 * with an unknown version or without its header is kept aside as
 * evidence (state.corrupt.*) and the claims that can be proved from live
 * processes are re-adopted, with their ids and CPUs; two claims with the
 * same id are never both adopted; next_id never gives id 0: after the
 * last id, 4294967295, ids wrap to 1 and skip those still held (before,
 * every claim after it was refused with EOVERFLOW: a user allowed to claim
 * could use the ids up and lock root out, docs/security.md), and every
 * claim granted is still there after a restart.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

static int jread(char *buf, size_t len)
{
	return fx_read(&fx, "run/isol/state", buf, len);
}

static void jwrite(const char *text)
{
	char t[8192];

	snprintf(t, sizeof(t), "%s\n", text);
	fx_write(&fx, "run/isol/state", t);
}

/* Replace the first occurrence of @from in @s by @to. */
static void subst(char *s, size_t len, const char *from, const char *to)
{
	char *p = strstr(s, from), tail[8192];

	if (!p)
		return;
	snprintf(tail, sizeof(tail), "%s", p + strlen(from));
	snprintf(p, len - (size_t)(p - s), "%s%s", to, tail);
}

/* Number of state.corrupt.* files that contain @needle. */
static int evidence(const char *needle)
{
	char p[600], buf[8192];
	struct dirent *e;
	int n = 0;
	DIR *d = opendir(fx.run);
	FILE *f;

	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, "state.corrupt", 13))
			continue;
		snprintf(p, sizeof(p), "%s/%s", fx.run, e->d_name);
		f = fopen(p, "r");
		if (!f)
			continue;
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
		n += strstr(buf, needle) != NULL;
	}
	if (d)
		closedir(d);
	return n;
}

static int count_id(const union isold_msg *s, uint32_t id)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->status_rep.count; i++)
		n += s->status_rep.entries[i].claim_id == id;
	return (int)n;
}

static bool has(const union isold_msg *s, pid_t pid, uint32_t id, int cpu)
{
	unsigned int i;

	for (i = 0; i < s->status_rep.count; i++) {
		const struct isold_claim_ent *e = &s->status_rep.entries[i];

		if (e->pid == pid && e->claim_id == id &&
		    isold_mask_test(e->cpus, (unsigned int)cpu))
			return true;
	}
	return false;
}

static uint32_t id_of(const union isold_msg *s, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < s->status_rep.count; i++)
		if (s->status_rep.entries[i].pid == pid)
			return s->status_rep.entries[i].claim_id;
	return 0;
}

int main(void)
{
	char j0[8192], j[8192], k[8192], line[64];
	union isold_msg s;
	int st, cpu1, cpu2, cpu3, cpu4, st3, st4;
	uint32_t id1, id2, id3 = 0, id4 = 0;
	pid_t h1, h2, h3, h4;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	h1 = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu1);
	h2 = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu2);
	fx_status(&fx, &s);
	id1 = id_of(&s, h1);
	id2 = id_of(&s, h2);
	jread(j0, sizeof(j0));

	/* 1: unknown version. */
	fx_stop(&fx, SIGKILL);
	snprintf(j, sizeof(j), "%s", j0);
	snprintf(k, sizeof(k), "%s", j);
	subst(k, sizeof(k), "isold-state ", "isold-state 9");
	jwrite(k);
	TAP_OK(!fx_start(&fx, NULL), "restart with journal version 9x");
	fx_status(&fx, &s);
	TAP_OK(s.status_rep.total == 2 && has(&s, h1, id1, cpu1) &&
	       has(&s, h2, id2, cpu2), "both live claims re-adopted with "
	       "their ids and CPUs (%u)", s.status_rep.total);
	TAP_OK(evidence("isold-state 9") == 1, "the bad journal is kept "
	       "aside (state.corrupt.*)");

	/* 2: no header, garbage. */
	fx_stop(&fx, SIGKILL);
	snprintf(j, sizeof(j), "%s", j0);
	snprintf(k, sizeof(k), "%s", strchr(j, '\n') + 1);
	subst(k, sizeof(k), "next_id", "\001garbage\nnext_id");
	jwrite(k);
	TAP_OK(!fx_start(&fx, NULL), "restart with a journal without header");
	fx_status(&fx, &s);
	TAP_OK(s.status_rep.total == 2 && has(&s, h1, id1, cpu1) &&
	       has(&s, h2, id2, cpu2), "both live claims re-adopted (%u)",
	       s.status_rep.total);
	TAP_OK(evidence("garbage") == 1, "that journal is kept aside too");

	/* 3: two claims with the same id. */
	fx_stop(&fx, SIGKILL);
	snprintf(j, sizeof(j), "%s", j0);
	snprintf(line, sizeof(line), "claim id=%u ", id2);
	snprintf(k, sizeof(k), "claim id=%u ", id1);
	subst(j, sizeof(j), line, k);
	jwrite(j);
	TAP_OK(!fx_start(&fx, NULL), "restart with a duplicate id");
	fx_status(&fx, &s);
	TAP_OK(count_id(&s, id1) == 1, "id %u adopted once (%d claims with "
	       "it)", id1, count_id(&s, id1));
	TAP_OK(evidence("claim id") >= 3, "that journal is kept aside too");

	/* 4: next_id at the end of the id space. */
	fx_stop(&fx, SIGKILL);
	snprintf(j, sizeof(j), "%s", j0);
	{
		char *p = strstr(j, "next_id "), *e = p ? strchr(p, '\n') : NULL;

		if (p && e) {
			snprintf(k, sizeof(k), "%s", e);
			snprintf(p, sizeof(j) - (size_t)(p - j),
				 "next_id 4294967295%s", k);
		}
	}
	jwrite(j);
	TAP_OK(!fx_start(&fx, NULL), "restart with next_id 4294967295");
	h3 = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st3, &cpu3);
	h4 = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st4, &cpu4);
	fx_status(&fx, &s);
	id3 = id_of(&s, h3);
	id4 = id_of(&s, h4);
	TAP_OK(!st3 && id3 == 4294967295u, "the last id is granted (%d, %u)",
	       st3, id3);
	TAP_OK(st4 != 0 || id4 != 0, "no claim gets id 0 (%d, %u)", st4, id4);
	TAP_OK(!st4 && id4 && id4 != id1 && id4 != id2 && id4 != id3,
	       "after the last id, ids wrap, skipping the held ones (%d, %u; "
	       "held %u %u %u)", st4, id4, id1, id2, id3);
	fx_stop(&fx, SIGKILL);
	TAP_OK(!fx_start(&fx, NULL), "restart");
	fx_status(&fx, &s);
	TAP_OK((!st3 == (id_of(&s, h3) != 0)) && (!st4 == (id_of(&s, h4) != 0)),
	       "every claim granted before the restart is still there "
	       "(%d/%u, %d/%u)", st3, id_of(&s, h3), st4, id_of(&s, h4));
	fx_kill(h1);
	fx_kill(h2);
	fx_kill(h3);
	fx_kill(h4);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
