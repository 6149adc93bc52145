// SPDX-License-Identifier: LGPL-2.1-or-later
/* log.c - one line per message on stderr; journald reads the prefix. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

int log_max_level = LOG_INFO;

void log_msg(int prio, const char *fmt, ...)
{
	static const char *const names[] = {
		"emerg", "alert", "crit", "error", "warning", "notice",
		"info", "debug",
	};
	char line[1024];
	va_list ap;

	if (prio > log_max_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* Under systemd (JOURNAL_STREAM set) the <N> prefix carries the
	 * priority; on a terminal a word is friendlier. */
	if (getenv("JOURNAL_STREAM"))
		fprintf(stderr, "<%d>%s\n", prio & 7, line);
	else
		fprintf(stderr, "isold: %s: %s\n", names[prio & 7], line);
}
