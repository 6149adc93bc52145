// SPDX-License-Identifier: LGPL-2.1-or-later
/* debug.c - ISOLD_DEBUG_CRASH and ISOLD_DEBUG_FAIL (debug.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"

void isol_debug_crash(const char *point)
{
	const char *want = getenv("ISOLD_DEBUG_CRASH");

	if (want && !strcmp(want, point)) {
		fprintf(stderr, "ISOLD_DEBUG_CRASH=%s: killing myself\n",
			point);
		fflush(stderr);
		raise(SIGKILL);
	}
}

int isol_debug_fail(const char *point)
{
	const char *want = getenv("ISOLD_DEBUG_FAIL");

	return want && !strcmp(want, point) ? -EIO : 0;
}
