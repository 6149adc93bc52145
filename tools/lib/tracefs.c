// SPDX-License-Identifier: GPL-2.0-or-later
/* tracefs.c - private tracefs instances and trace line parsing. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "paths.h"
#include "tracefs.h"

int tfs_root(char *buf, size_t len)
{
	static const char *const cand[] = { "kernel/tracing", "kernel/debug/tracing" };
	char p[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		if (isol_path(ISOL_ROOT_SYSFS, cand[i], buf, len))
			continue;
		snprintf(p, sizeof(p), "%s/events", buf);
		if (!access(p, F_OK))
			return 0;
	}
	return -ENOENT;
}

int tfs_open(struct tfs *t, const char *name)
{
	int err;

	memset(t, 0, sizeof(*t));
	err = tfs_root(t->root, sizeof(t->root));
	if (err)
		return err;
	if ((size_t)snprintf(t->dir, sizeof(t->dir), "%s/instances/%s-%d",
			     t->root, name, (int)getpid()) >= sizeof(t->dir))
		return -ENAMETOOLONG;
	if (mkdir(t->dir, 0700) && errno != EEXIST)
		return -errno;
	t->open = true;
	tfs_set(t, "tracing_on", "0");
	tfs_set(t, "trace", "");
	tfs_set(t, "buffer_size_kb", "4096");
	return 0;
}

bool tfs_has_event(const struct tfs *t, const char *sys_event)
{
	char p[PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/events/%s", t->open ? t->dir : t->root,
		 sys_event);
	return !access(p, F_OK);
}

int tfs_set(const struct tfs *t, const char *rel, const char *val)
{
	char p[PATH_MAX * 2];

	snprintf(p, sizeof(p), "%s/%s", t->dir, rel);
	return write_text_file(p, val);
}

int tfs_open_file(const struct tfs *t, const char *rel)
{
	char p[PATH_MAX * 2];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", t->dir, rel);
	fd = open(p, O_WRONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int tfs_enable(const struct tfs *t, const char *sys_event, const char *filter)
{
	char rel[PATH_MAX];
	int err;

	if (filter) {
		snprintf(rel, sizeof(rel), "events/%s/filter", sys_event);
		err = tfs_set(t, rel, filter);
		if (err)
			return err;
	}
	snprintf(rel, sizeof(rel), "events/%s/enable", sys_event);
	return tfs_set(t, rel, "1");
}

int tfs_read(const struct tfs *t, int (*cb)(const char *line, void *arg),
	     void *arg)
{
	char p[PATH_MAX * 2], line[1024];
	int ret = 0;
	FILE *f;

	snprintf(p, sizeof(p), "%s/trace", t->dir);
	f = fopen(p, "re");
	if (!f)
		return -errno;
	while (!ret && fgets(line, sizeof(line), f))
		ret = cb(line, arg);
	fclose(f);
	return ret;
}

void tfs_close(struct tfs *t)
{
	if (!t->open)
		return;
	tfs_set(t, "tracing_on", "0");
	tfs_set(t, "events/enable", "0");
	rmdir(t->dir);
	t->open = false;
}

/* "  comm-123   [002] d..1.   12.345678: event: fields" */
int trace_parse(const char *line, struct trace_line *tl)
{
	const char *lb, *rb, *dash, *p, *colon;
	size_t n;

	if (line[0] == '#')
		return -EINVAL;
	lb = strchr(line, '[');
	if (!lb || !(rb = strchr(lb, ']')))
		return -EINVAL;
	memset(tl, 0, sizeof(*tl));
	tl->cpu = atoi(lb + 1);
	for (p = line; *p == ' '; p++)
		;
	for (dash = lb; dash > p && *dash != '-'; dash--)
		;
	if (*dash != '-')
		return -EINVAL;
	n = (size_t)(dash - p) < sizeof(tl->comm) - 1 ? (size_t)(dash - p) :
							 sizeof(tl->comm) - 1;
	memcpy(tl->comm, p, n);
	tl->pid = atoi(dash + 1);
	/* skip the flags field (e.g. "d..1."), take the token ending in ':' */
	for (p = rb + 1; *p;) {
		const char *e;

		while (*p == ' ')
			p++;
		e = strchr(p, ' ');
		if (!e)
			return -EINVAL;
		if (e > p && e[-1] == ':' && isdigit((unsigned char)*p)) {
			tl->ts = strtod(p, NULL);
			p = e + 1;
			break;
		}
		p = e;
	}
	while (*p == ' ')
		p++;
	colon = strchr(p, ':');
	if (!colon)
		return -EINVAL;
	n = (size_t)(colon - p) < sizeof(tl->event) - 1 ? (size_t)(colon - p) :
							   sizeof(tl->event) - 1;
	memcpy(tl->event, p, n);
	tl->fields = colon + 1;
	while (*tl->fields == ' ')
		tl->fields++;
	return 0;
}

int trace_field(const char *fields, const char *key, char *val, size_t len)
{
	size_t kl = strlen(key);
	const char *p = fields;

	while ((p = strstr(p, key))) {
		if ((p == fields || p[-1] == ' ' || p[-1] == ',') && p[kl] == '=') {
			size_t n = strcspn(p + kl + 1, " ,\n");

			if (n >= len)
				n = len - 1;
			memcpy(val, p + kl + 1, n);
			val[n] = '\0';
			return 0;
		}
		p += kl;
	}
	return -ENOENT;
}
