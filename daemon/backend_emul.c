// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend_emul.c - a stock kernel: nothing to write.  The whitelist and
 * the argument rules are served to libisol over the socket (WHITELIST,
 * RULES), and libisol enforces them in user space.
 */
#include "bitlist.h"
#include "isold.h"
#include "log.h"

static int emul_apply(struct isold *d, bool quiet, char *why, size_t len)
{
	unsigned int abi;

	(void)why;
	(void)len;
	if (quiet)
		return 0;
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		d->rules_absent[abi] = false;
		log_info("whitelist %s (served to clients): %u syscalls, %u "
			 "rule(s)", syscall_abi_name(abi),
			 bitlist_weight(d->cfg->allowed[abi],
					ISOLD_MAX_SYSCALLS),
			 d->cfg->rules[abi].n);
	}
	backend_report(d, NULL, NULL);
	return 0;
}

static int emul_verify(struct isold *d, bool quiet)
{
	(void)d;
	(void)quiet;
	return 0;
}

const struct backend_ops backend_emul = {
	.name = "emulation",
	.id = ISOLD_BACKEND_EMUL,
	.apply = emul_apply,
	.verify = emul_verify,
};
