/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * conf.h - the one parser of isold's configuration syntax, shared by
 * isold.conf and the whitelist records (isold.conf(5)):
 *
 *   # comment            (whole lines only; '#' or ';' first)
 *   [section]            or [section argument]
 *   key = value          (value may be empty; white space trimmed)
 *
 * Errors are reported as "file:line: message" in the caller's buffer.
 */
#ifndef ISOLD_CONF_H
#define ISOLD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONF_LINE_MAX	1024
#define CONF_FILE_MAX	(1 << 20)

struct conf_err {
	char msg[512];
	int line;	/* set by a callback to blame another line */
};

/*
 * Called for each section header (key == NULL) and each key = value.
 * @section is NULL before the first header.  Returns 0, or -errno after
 * filling @err with a message (without the file:line prefix, which the
 * parser adds).
 */
typedef int (*conf_cb)(void *ctx, const char *section, const char *arg,
		       const char *key, const char *value, int line,
		       struct conf_err *err);

/* Parse @len bytes of @buf named @name (for messages).  0 or -errno. */
int conf_parse_buf(const char *name, const char *buf, size_t len,
		   conf_cb cb, void *ctx, struct conf_err *err);
/* Read (at most CONF_FILE_MAX bytes of) @path and parse it. */
int conf_parse_file(const char *path, conf_cb cb, void *ctx,
		    struct conf_err *err);

/* printf into @err; returns -EINVAL for convenience. */
__attribute__((format(printf, 2, 3)))
int conf_error(struct conf_err *err, const char *fmt, ...);

/* Typed value helpers: 0 or -EINVAL. */
int conf_bool(const char *v, bool *out);
int conf_u64(const char *v, uint64_t max, uint64_t *out);

#endif
