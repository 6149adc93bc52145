// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claim.c - the isold client: CLAIM/RELEASE of an RT CPU and the
 * WHITELIST and RULES requests (docs/isold-protocol.md).  One connection per request;
 * a claim lives as long as the claiming thread, not the connection.
 *
 * A CLAIM or RELEASE that was sent but got no reply (the daemon died or
 * closed the connection: -ECONNRESET) may or may not have happened, and a
 * restarted isold re-adopts a journalled claim its holder does not know
 * about.  Such a thread resolves that before it claims again: it asks
 * isold (STATUS) for the claims of this thread and releases them.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "bitlist.h"
#include "isold_client.h"
#include "rules.h"

/*
 * Release every claim isold holds for this thread (pid and tid), found by
 * STATUS.  0 when none is left, -errno when isold cannot tell us.
 */
static int resolve(struct isol_thread *t)
{
	union isold_msg req, rep;
	uint32_t first = 0, ids[ISOLD_STATUS_MAX];
	unsigned int i, n = 0;
	int err;

	do {
		memset(&req, 0, sizeof(req));
		req.status.first = first;
		err = isold_transact(&req, ISOLD_STATUS, &rep);
		if (err)
			return err;
		for (i = 0; i < rep.status_rep.count && n < ISOLD_STATUS_MAX;
		     i++) {
			const struct isold_claim_ent *e = &rep.status_rep.entries[i];

			if (e->pid == (int32_t)getpid() &&
			    e->tid == (int32_t)gettid())
				ids[n++] = e->claim_id;
		}
		first = rep.status_rep.first + rep.status_rep.count;
	} while (rep.status_rep.count && first < rep.status_rep.total);
	for (i = 0; i < n; i++) {
		memset(&req, 0, sizeof(req));
		req.release.claim_id = ids[i];
		err = isold_transact(&req, ISOLD_RELEASE, &rep);
		if (err && err != -ENOENT)
			return err;
		pr_info("libisol: released claim %u that isold kept after a "
			"lost reply\n", ids[i]);
	}
	t->claim_unknown = false;
	return 0;
}

int isol_claim_cpu(struct isol_thread *t, const cpu_set_t *rt)
{
	union isold_msg req, rep;
	unsigned int i;
	int err, cpu = -1;

	if (t->claim_unknown) {
		err = resolve(t);
		if (err) {
			pr_info("libisol: cannot find out whether isold holds a "
				"claim of this thread (%d)\n", err);
			return err;
		}
	}
	memset(&req, 0, sizeof(req));
	req.claim.ncpus = 1;
	req.claim.flags = 0;
	req.claim.tid = (int32_t)gettid();
	req.claim.node = -1;
	err = isold_transact(&req, ISOLD_CLAIM, &rep);
	if (err == -ECONNRESET) {
		/* Sent, no reply: isold may have granted it.  Find out now
		 * if it is back, else before the next claim. */
		t->claim_unknown = true;
		resolve(t);
	}
	if (err) {
		pr_info("libisol: isold CLAIM failed (%d)\n", err);
		return err;
	}
	for (i = 0; i < ISOLD_MAX_CPUS && i < CPU_SETSIZE; i++)
		if (isold_mask_test(rep.claim_rep.cpus, i)) {
			cpu = (int)i;
			break;
		}
	t->claim_id = rep.claim_rep.claim_id;
	t->claimed = true;
	if (cpu < 0 || (CPU_COUNT(rt) && !CPU_ISSET(cpu, rt))) {
		pr_warn("libisol: isold granted CPU %d, not an RT CPU\n", cpu);
		isol_release_cpu(t);
		return -EPROTO;
	}
	t->cpu = cpu;
	return 0;
}

void isol_release_cpu(struct isol_thread *t)
{
	union isold_msg req, rep;
	int err;

	if (!t->claimed)
		return;
	memset(&req, 0, sizeof(req));
	req.release.claim_id = t->claim_id;
	err = isold_transact(&req, ISOLD_RELEASE, &rep);
	if (err == -ECONNRESET)
		t->claim_unknown = true;
	if (err)
		pr_warn("libisol: isold RELEASE of claim %u failed (%d)\n",
			t->claim_id, err);
	else
		pr_debug("libisol: isold released claim %u (%u)\n",
			 t->claim_id, rep.release_rep.released);
	t->claimed = false;
	t->claim_id = 0;
}

int isol_whitelist_from_daemon(unsigned long *bits, unsigned int nbits)
{
	union isold_msg req, rep;
	unsigned int i;
	int err;

	memset(&req, 0, sizeof(req));
	req.whitelist.abi = 0;	/* x86_64 */
	err = isold_transact(&req, ISOLD_WHITELIST, &rep);
	if (err)
		return err;
	for (i = 0; i < nbits && i < rep.whitelist_rep.nbits &&
		    i < ISOLD_MAX_SYSCALLS; i++)
		if (isold_mask_test(rep.whitelist_rep.allowed, i))
			bitlist_set(bits, i);
	return 0;
}

int isol_rules_from_daemon(struct ruleset *rules)
{
	union isold_msg req, rep;
	int err;

	ruleset_init(rules, SYSCALL_ABI_X86_64);
	memset(&req, 0, sizeof(req));
	req.rules.abi = 0;	/* x86_64 */
	err = isold_transact(&req, ISOLD_RULES, &rep);
	if (err == -ENOMSG)
		return 0;	/* an isold from before RULES: no rules */
	if (err)
		return err;
	if (rep.rules_rep.flags & ISOLD_RULES_F_UNSUPPORTED)
		return 0;
	return ruleset_parse(rules, SYSCALL_ABI_X86_64, rep.rules_rep.text,
			     rep.rules_rep.len, NULL, 0);
}
