/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tracefs.h - a private tracefs instance (instances/NAME), as rtla uses, so
 * the tools never disturb the global trace buffer; plus a parser for the
 * text lines of its "trace" file.
 */
#ifndef ISOL_TOOLS_TRACEFS_H
#define ISOL_TOOLS_TRACEFS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct tfs {
	char root[PATH_MAX];	/* the tracefs mount */
	char dir[PATH_MAX];	/* our instance */
	bool open;
};

/* Tracefs root (<sysfs>/kernel/tracing or .../debug/tracing); 0 / -ENOENT. */
int tfs_root(char *buf, size_t len);
/* Create instance NAME-PID.  0 or -errno (-ENOENT: no tracefs). */
int tfs_open(struct tfs *t, const char *name);
/* Does the kernel have event "system/event"? */
bool tfs_has_event(const struct tfs *t, const char *sys_event);
/* Write @val to instance file @rel.  0 or -errno. */
int tfs_set(const struct tfs *t, const char *rel, const char *val);
/* Instance file @rel opened for writing (e.g. trace_marker): fd or -errno. */
int tfs_open_file(const struct tfs *t, const char *rel);
/* Enable "system/event" (or "system") with an optional filter. */
int tfs_enable(const struct tfs *t, const char *sys_event, const char *filter);
/* Feed each line of the instance's "trace" file to @cb. */
int tfs_read(const struct tfs *t, int (*cb)(const char *line, void *arg),
	     void *arg);
/* Stop tracing and remove the instance. */
void tfs_close(struct tfs *t);

struct trace_line {
	char comm[32];
	int pid;
	int cpu;
	double ts;
	char event[64];
	const char *fields;	/* points into the line */
};

/* Parse a text trace line; 0 or -EINVAL (comments, headers). */
int trace_parse(const char *line, struct trace_line *tl);
/* Value of "key=value" in @fields; 0 or -ENOENT. */
int trace_field(const char *fields, const char *key, char *val, size_t len);

#endif
