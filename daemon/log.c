// SPDX-License-Identifier: LGPL-2.1-or-later
/* log.c - one line per message on stderr; journald reads the prefix. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"

int log_max_level = LOG_INFO;
uint64_t log_suppressed;

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

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

bool log_ratelimit(struct ratelimit *rl, const char *what)
{
	uint64_t now = mono_ms();

	if (!rl->begin_ms || now - rl->begin_ms >= rl->interval_ms) {
		if (rl->missed)
			log_warn("%u similar message(s) suppressed (%s)",
				 rl->missed, what);
		rl->begin_ms = now;
		rl->printed = rl->missed = 0;
	}
	if (rl->printed < rl->burst) {
		rl->printed++;
		return true;
	}
	rl->missed++;
	log_suppressed++;
	return false;
}
