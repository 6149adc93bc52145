// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend_emul.c - a stock kernel: nothing to write.  The whitelist is
 * served to libisol over the socket (WHITELIST), and libisol enforces it
 * in user space.
 */
#include "bitlist.h"
#include "isold.h"
#include "log.h"

static int emul_apply(struct isold *d, bool quiet, char *why, size_t len)
{
	unsigned int abi;

	(void)quiet;
	(void)why;
	(void)len;
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++)
		log_info("whitelist %s (served to clients): %u syscalls",
			 syscall_abi_name(abi),
			 bitlist_weight(d->cfg->allowed[abi],
					ISOLD_MAX_SYSCALLS));
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
