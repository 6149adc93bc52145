// SPDX-License-Identifier: LGPL-2.1-or-later
/* conf.c - line-oriented "[section arg]" / "key = value" parser. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "fileio.h"

static void (*warn_fn)(const char *msg);
static bool strict;

void conf_set_strict(bool on)
{
	strict = on;
}

void conf_set_warn(void (*fn)(const char *msg))
{
	warn_fn = fn;
}

void conf_warn(const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (warn_fn)
		warn_fn(msg);
	else
		fprintf(stderr, "warning: %s\n", msg);
}

/* A warning, or under conf_set_strict() the error in @err. */
__attribute__((format(printf, 2, 3)))
static int perms_problem(struct conf_err *err, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!strict) {
		conf_warn("%s", msg);
		return 0;
	}
	snprintf(err->msg, sizeof(err->msg), "%.*s; refused",
		 (int)sizeof(err->msg) - 10, msg);
	return -EPERM;
}

int conf_check_perms(const char *what, const char *path, unsigned int mode,
		     unsigned int uid, unsigned int gid, struct conf_err *err)
{
	char dir[4096], why[4096 + 128];

	if ((mode & S_IWOTH) || ((mode & S_IWGRP) && gid != 0))
		return perms_problem(err, "%s %s is writable by %s (mode %04o):"
				     " whoever can write it decides which "
				     "syscalls run in place on the RT CPUs; "
				     "chmod go-w it", what, path,
				     (mode & S_IWOTH) ? "everybody" :
				     "its group", mode & 07777);
	if (uid != 0 && uid != (unsigned int)geteuid())
		return perms_problem(err, "%s %s belongs to uid %u, not to "
				     "root: that user decides which syscalls "
				     "run in place on the RT CPUs", what, path,
				     uid);
	if (!strict)
		return 0;
	/* The directory it is in, and those above: nobody else may replace
	 * it either. */
	snprintf(dir, sizeof(dir), "%s", path);
	if (!S_ISDIR(mode)) {
		char *slash = strrchr(dir, '/');

		if (!slash)
			snprintf(dir, sizeof(dir), ".");
		else if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	if (path_safe(dir, true, why, sizeof(why)))
		return perms_problem(err, "%s %s: %s: others could replace it",
				     what, path, why);
	return 0;
}

int conf_error(struct conf_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static bool is_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

static bool is_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			return false;
	return true;
}

struct pstate {
	char section[CONF_LINE_MAX];
	char arg[CONF_LINE_MAX];
	bool have_section;
};

static int parse_line(struct pstate *ps, char *line, int lineno, conf_cb cb,
		      void *ctx, struct conf_err *err)
{
	char *s = trim(line), *eq, *key, *val;

	if (!is_printable(s))
		return conf_error(err, "control character in line");
	if (!*s || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']'), *sp;

		if (!end || end[1])
			return conf_error(err, "malformed section header "
					  "(want [name] or [name argument])");
		*end = '\0';
		s = trim(s + 1);
		sp = strpbrk(s, " \t");
		if (sp) {
			*sp = '\0';
			snprintf(ps->arg, sizeof(ps->arg), "%s", trim(sp + 1));
		} else {
			ps->arg[0] = '\0';
		}
		if (!is_name(s))
			return conf_error(err, "bad section name \"%s\"", s);
		snprintf(ps->section, sizeof(ps->section), "%s", s);
		ps->have_section = true;
		return cb(ctx, ps->section, ps->arg[0] ? ps->arg : NULL, NULL,
			  NULL, lineno, err);
	}
	eq = strchr(s, '=');
	if (!eq)
		return conf_error(err, "expected \"key = value\"");
	*eq = '\0';
	key = trim(s);
	val = trim(eq + 1);
	if (!is_name(key))
		return conf_error(err, "bad key \"%s\"", key);
	return cb(ctx, ps->have_section ? ps->section : NULL,
		  ps->have_section && ps->arg[0] ? ps->arg : NULL, key, val,
		  lineno, err);
}

int conf_parse_buf(const char *name, const char *buf, size_t len,
		   conf_cb cb, void *ctx, struct conf_err *err)
{
	struct pstate ps = { .have_section = false };
	char line[CONF_LINE_MAX + 1];
	size_t off = 0;
	int lineno = 0, ret;

	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;

		lineno++;
		if (n > CONF_LINE_MAX) {
			conf_error(err, "line longer than %d bytes",
				   CONF_LINE_MAX);
			ret = -EINVAL;
			goto fail;
		}
		if (memchr(buf + off, '\0', n)) {
			conf_error(err, "NUL byte in line");
			ret = -EINVAL;
			goto fail;
		}
		memcpy(line, buf + off, n);
		err->line = 0;
		line[n] = '\0';
		ret = parse_line(&ps, line, lineno, cb, ctx, err);
		if (ret)
			goto fail;
		off += n + (nl ? 1 : 0);
	}
	/* End of input: a final callback with line 0 lets @cb check the
	 * last section; errors then point at the end of the file. */
	err->line = 0;
	ret = cb(ctx, NULL, NULL, NULL, NULL, 0, err);
	if (ret) {
		lineno = lineno ? lineno : 1;
		goto fail;
	}
	return 0;
fail: {
		char tmp[sizeof(err->msg)];
		size_t n;

		memcpy(tmp, err->msg, sizeof(tmp));
		snprintf(err->msg, sizeof(err->msg), "%s:%d: ", name,
			 err->line > 0 ? err->line : lineno);
		n = strlen(err->msg);
		snprintf(err->msg + n, sizeof(err->msg) - n, "%.*s",
			 (int)(sizeof(err->msg) - n - 1), tmp);
	}
	return ret;
}

int conf_parse_file(const char *path, unsigned int flags, conf_cb cb,
		    void *ctx, struct conf_err *err)
{
	size_t len = 0, cap = 4096;
	struct stat st;
	char *buf;
	int fd, ret;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
		  (flags & CONF_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0) {
		ret = -errno;
		if (ret == -ELOOP && (flags & CONF_NOFOLLOW))
			snprintf(err->msg, sizeof(err->msg), "%s: a symbolic "
				 "link, not followed (copy the file there "
				 "instead)", path);
		else
			snprintf(err->msg, sizeof(err->msg), "%s: %s", path,
				 strerror(-ret));
		return ret;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err->msg, sizeof(err->msg), "%s: not a regular file%s",
			 path, S_ISFIFO(st.st_mode) ? " (a FIFO)" :
			 S_ISDIR(st.st_mode) ? " (a directory)" : "");
		close(fd);
		return -EINVAL;
	}
	ret = conf_check_perms(flags & CONF_NOFOLLOW ? "record file" : "file",
			       path, st.st_mode, st.st_uid, st.st_gid, err);
	if (ret) {
		close(fd);
		return ret;
	}
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb;

			if (cap >= CONF_FILE_MAX) {
				snprintf(err->msg, sizeof(err->msg),
					 "%s: larger than %d bytes", path,
					 CONF_FILE_MAX);
				ret = -EFBIG;
				goto out;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				ret = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			snprintf(err->msg, sizeof(err->msg), "%s: %s", path,
				 strerror(-ret));
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	ret = conf_parse_buf(path, buf, len, cb, ctx, err);
out:
	close(fd);
	free(buf);
	return ret;
}

int conf_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") ||
	    !strcmp(v, "on")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0") ||
	    !strcmp(v, "off")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

int conf_u64(const char *v, uint64_t max, uint64_t *out)
{
	unsigned long long x;
	char *end;

	if (!isdigit((unsigned char)*v))
		return -EINVAL;
	errno = 0;
	x = strtoull(v, &end, 10);
	if (errno || *end || x > max)
		return -EINVAL;
	*out = x;
	return 0;
}
