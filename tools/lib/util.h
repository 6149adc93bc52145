/* SPDX-License-Identifier: GPL-2.0-or-later */
/* util.h - small helpers shared by isolctl and isol-certify. */
#ifndef ISOL_TOOLS_UTIL_H
#define ISOL_TOOLS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TOOLS_VERSION "0.1"

/* util-linux manners: "Try 'PROG --help' for more information." on stderr. */
void errtryhelp(const char *prog);

/* Strict decimal parse into [min, max]; 0 or -EINVAL / -ERANGE. */
int parse_long(const char *s, long min, long max, long *out);
/* Unsigned 64-bit decimal; 0 or -EINVAL. */
int parse_u64(const char *s, uint64_t *out);

/* Duration "1ms", "500us", "2s", "100ns" or bare ns -> ns. 0 or -EINVAL. */
int parse_duration_ns(const char *s, uint64_t *ns);

/* Monotonic ns. */
uint64_t now_ns(void);

/* Format @ns human-readably ("1.234 ms") into @buf. */
const char *fmt_ns(uint64_t ns, char *buf, size_t len);

/* Trim trailing white space in place; returns @s. */
char *rstrip(char *s);

#endif
