// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claim.c - the isold client: CLAIM/RELEASE of an RT CPU and the
 * WHITELIST request (docs/isold-protocol.md).  One connection per request;
 * a claim lives as long as the claiming thread, not the connection.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "bitlist.h"
#include "isold_client.h"

int isol_claim_cpu(struct isol_thread *t, const cpu_set_t *rt)
{
	union isold_msg req, rep;
	unsigned int i;
	int err, cpu = -1;

	memset(&req, 0, sizeof(req));
	req.claim.ncpus = 1;
	req.claim.flags = 0;
	req.claim.tid = (int32_t)gettid();
	req.claim.node = -1;
	err = isold_transact(&req, ISOLD_CLAIM, &rep);
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
