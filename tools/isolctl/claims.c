// SPDX-License-Identifier: GPL-2.0-or-later
/* isolctl claims - the RT CPUs isold has handed out, and to whom. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isolctl.h"
#include "bitlist.h"
#include "fileio.h"
#include "isold_client.h"
#include "paths.h"

static void usage(void)
{
	printf("Usage:\n isolctl claims [options]\n\n"
	       "List the RT CPUs isold has handed out (STATUS request): claim\n"
	       "id, holder pid/tid, user, CPUs, NUMA node.  A claim lives as\n"
	       "long as its holder, across isold restarts.\n\n"
	       "Options:\n"
	       ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

static void mask_str(const uint64_t *words, char *buf, size_t len)
{
	unsigned long bits[BITLIST_LONGS(ISOLD_MAX_CPUS)] = { 0 };
	unsigned int i;

	for (i = 0; i < ISOLD_MAX_CPUS; i++)
		if (isold_mask_test(words, i))
			bitlist_set(bits, i);
	if (bitlist_format(bits, ISOLD_MAX_CPUS, buf, len) < 0)
		snprintf(buf, len, "?");
}

static void comm_of(pid_t tid, char *buf, size_t len)
{
	char rel[64], path[512];

	snprintf(rel, sizeof(rel), "%d/comm", tid);
	if (isol_path(ISOL_ROOT_PROCFS, rel, path, sizeof(path)) ||
	    read_text_file(path, buf, len) <= 0) {
		snprintf(buf, len, "?");
		return;
	}
	buf[strcspn(buf, "\n")] = '\0';
}

int cmd_claims(struct isolctl_params *p, int argc, char **argv)
{
	union isold_msg req, rep;
	uint32_t first = 0, total;
	char cpus[256], rt[256], freec[256], comm[64];
	struct out o;
	int err;

	err = isolctl_common_args(p, argc, argv, usage);
	if (err)
		return err;
	if (out_init(&o, "claims", &p->out))
		return EXIT_FAILURE;
	out_col(&o, "ID", 0, OUT_NUM, true);
	out_col(&o, "PID", 0, OUT_NUM, true);
	out_col(&o, "TID", 0, OUT_NUM, true);
	out_col(&o, "COMMAND", 0, OUT_STR, false);
	out_col(&o, "USER", 0, OUT_STR, false);
	out_col(&o, "SCOPE", 0, OUT_STR, false);
	out_col(&o, "CPUS", 0, OUT_STR, false);
	out_col(&o, "NODE", 0, OUT_NUM, true);
	do {
		uint32_t i;

		memset(&req, 0, sizeof(req));
		req.status.first = first;
		err = isold_transact(&req, ISOLD_STATUS, &rep);
		if (err) {
			fprintf(stderr, "isolctl claims: cannot ask isold: %s\n%s",
				strerror(-err), err == -ECONNREFUSED ?
				"isold is not running; start it (isold(8)).\n" : "");
			out_free(&o);
			return EXIT_FAILURE;
		}
		total = rep.status_rep.total;
		for (i = 0; i < rep.status_rep.count; i++) {
			const struct isold_claim_ent *e = &rep.status_rep.entries[i];
			struct libscols_line *ln = out_row(&o);
			struct passwd *pw = getpwuid(e->uid);

			mask_str(e->cpus, cpus, sizeof(cpus));
			comm_of(e->tid, comm, sizeof(comm));
			out_set(ln, 0, "%u", e->claim_id);
			out_set(ln, 1, "%d", e->pid);
			out_set(ln, 2, "%d", e->tid);
			out_set(ln, 3, "%s", comm);
			if (pw)
				out_set(ln, 4, "%s", pw->pw_name);
			else
				out_set(ln, 4, "%u", e->uid);
			out_set(ln, 5, "%s", e->flags & ISOLD_CLAIM_F_PROCESS ?
				"process" : "thread");
			out_set(ln, 6, "%s", cpus);
			out_set(ln, 7, "%d", e->node);
		}
		first += rep.status_rep.count;
	} while (rep.status_rep.count && first < total);
	mask_str(rep.status_rep.rt_cpus, rt, sizeof(rt));
	mask_str(rep.status_rep.free_cpus, freec, sizeof(freec));
	out_print(&o);
	out_free(&o);
	if (!p->out.json && !p->out.raw)
		printf("%u claim(s); RT CPUs %s, free %s\n", total, rt,
		       *freec ? freec : "none");
	return EXIT_SUCCESS;
}
