/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* log.h - stderr logging with sd-daemon(3) "<N>" priority prefixes. */
#ifndef ISOLD_LOG_H
#define ISOLD_LOG_H

#include <syslog.h>

extern int log_max_level;

__attribute__((format(printf, 2, 3)))
void log_msg(int prio, const char *fmt, ...);

#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
