// SPDX-License-Identifier: LGPL-2.1-or-later
/* errors.c - isol_strerror(): what a -errno means when libisol returns it. */
#include <errno.h>
#include <string.h>

#include "internal.h"

static const struct {
	int err;
	const char *msg;
} msgs[] = {
	{ ENOSYS, "no RT isolation backend: the kernel has neither "
		  "PR_RT_ISOLATION nor Syscall User Dispatch" },
	{ E2BIG, "options structure has non-zero fields unknown to this "
		 "libisol (built against a newer header?)" },
	{ EALREADY, "the thread is already in RT mode" },
	{ ENOENT, "not found (or: the thread is not in RT mode)" },
	{ ECONNREFUSED, "isold is not running: no RT CPU can be claimed "
			"(name one with ISOL_RT_F_CPU)" },
	{ EBUSY, "no free RT CPU (all claimed)" },
	{ ENODEV, "no housekeeping CPU to displace system calls to" },
	{ EPROTO, "unexpected reply from isold" },
};

const char *isol_strerror(int err)
{
	const char *s;
	size_t i;

	if (err < 0)
		err = -err;
	if (!err)
		return "Success";
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (msgs[i].err == err)
			return msgs[i].msg;
	s = strerrordesc_np(err);
	return s ? s : "Unknown error";
}
