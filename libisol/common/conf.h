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
#ifndef ISOL_COMMON_CONF_H
#define ISOL_COMMON_CONF_H

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

/* conf_parse_file() flags */
#define CONF_NOFOLLOW	1u	/* refuse a symbolic link */

/*
 * Read (at most CONF_FILE_MAX bytes of) @path and parse it.  Only a
 * regular file is read (opened O_NONBLOCK, so a FIFO cannot hang us; a
 * FIFO, device or directory is an error), with CONF_NOFOLLOW never
 * through a symlink.  A file other users could have written is refused
 * or read with a warning: conf_check_perms().
 */
int conf_parse_file(const char *path, unsigned int flags, conf_cb cb,
		    void *ctx, struct conf_err *err);

/*
 * Warnings: things that are accepted but should not be (a record file
 * anyone can write).  By default they go to stderr as "warning: ...";
 * a program may send them elsewhere (isold: its log).
 */
void conf_set_warn(void (*fn)(const char *msg));
__attribute__((format(printf, 1, 2)))
void conf_warn(const char *fmt, ...);
/*
 * conf_check_perms - may the file or directory @path (@mode, @uid, @gid
 * from stat(2)) decide what runs in place on the RT CPUs?  Not when
 * another user could have written it: owned by a user other than root and
 * us, or writable by others or by a group other than root's (gid 0);
 * under conf_set_strict() also not when the
 * directory it is in, or one above, lets others replace it (path_safe()).
 * @what names it in the message ("record file").  Strict: 0 or -EPERM
 * with the message in @err; otherwise a warning (conf_warn()) and 0.
 */
int conf_check_perms(const char *what, const char *path, unsigned int mode,
		     unsigned int uid, unsigned int gid, struct conf_err *err);
/*
 * conf_set_strict - refuse instead of warn (conf_check_perms()): isold,
 * which writes what it reads into the kernel, sets it; tools that only
 * show or check files keep warnings.
 */
void conf_set_strict(bool on);

/* printf into @err; returns -EINVAL for convenience. */
__attribute__((format(printf, 2, 3)))
int conf_error(struct conf_err *err, const char *fmt, ...);

/* Typed value helpers: 0 or -EINVAL. */
int conf_bool(const char *v, bool *out);
int conf_u64(const char *v, uint64_t max, uint64_t *out);

#endif
