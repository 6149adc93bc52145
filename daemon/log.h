/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* log.h - stderr logging with sd-daemon(3) "<N>" priority prefixes. */
#ifndef ISOLD_LOG_H
#define ISOLD_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

extern int log_max_level;

__attribute__((format(printf, 2, 3)))
void log_msg(int prio, const char *fmt, ...);

#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

/*
 * Rate limit of one class of messages that others can trigger (denied
 * claims, refused connections): at most @burst per @interval_ms; when a
 * new interval starts after suppressions, one line says how many.
 */
struct ratelimit {
	uint64_t begin_ms;
	unsigned int interval_ms, burst, printed, missed;
};
#define RATELIMIT_INIT(ms, n)	((struct ratelimit){ .interval_ms = (ms), \
						     .burst = (n) })

/* Lines dropped by every rate limit so far (STATUS log_suppressed). */
extern uint64_t log_suppressed;

/* True when a message of class @rl ("claim denied") may be logged now. */
bool log_ratelimit(struct ratelimit *rl, const char *what);

#endif
