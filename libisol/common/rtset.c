// SPDX-License-Identifier: LGPL-2.1-or-later
/* rtset.c - the runtime RT set's journal as plain data (rtset.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "rtset.h"

void rtset_init(struct rtset *s)
{
	memset(s, 0, sizeof(*s));
}

void rtset_free(struct rtset *s)
{
	steer_saved_free(&s->saved);
}

__attribute__((format(printf, 3, 4)))
static void problem(struct rtset *s, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	state_problemv(&s->problems, s->why, sizeof(s->why), line, fmt, ap);
	va_end(ap);
}

static int num(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (!*s || (*s == '0' && s[1]))
		return -EINVAL;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		if (v > (max - (unsigned long long)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return 0;
}

static int cpus(const char *s, cpu_set_t *set)
{
	if (!strcmp(s, "-")) {
		CPU_ZERO(set);
		return 0;
	}
	if (!*s || cpulist_parse(s, set) || !CPU_COUNT(set))
		return -EINVAL;
	return 0;
}

static int yesno(const char *s, bool *out)
{
	if (!strcmp(s, "yes"))
		*out = true;
	else if (!strcmp(s, "no"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

/* "op reserve from=A to=B force=no" */
static int parse_op(char *s, struct rtset *st)
{
	char *tok, *save, *v;
	unsigned int seen = 0;

	tok = strtok_r(s, " ", &save);
	if (!tok)
		return -EINVAL;
	if (!strcmp(tok, "reserve"))
		st->op = RTSET_OP_RESERVE;
	else if (!strcmp(tok, "release"))
		st->op = RTSET_OP_RELEASE;
	else
		return -EINVAL;
	while ((tok = strtok_r(NULL, " ", &save))) {
		v = strchr(tok, '=');
		if (!v)
			return -EINVAL;
		*v++ = '\0';
		if (!strcmp(tok, "from") && !(seen & 1)) {
			seen |= 1;
			if (cpus(v, &st->from))
				return -EINVAL;
		} else if (!strcmp(tok, "to") && !(seen & 2)) {
			seen |= 2;
			if (cpus(v, &st->to))
				return -EINVAL;
		} else if (!strcmp(tok, "force") && !(seen & 4)) {
			seen |= 4;
			if (yesno(v, &st->force))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	return seen == 7 ? 0 : -EINVAL;
}

/* "saved KIND ID START CPUS" */
static int parse_saved(char *s, struct rtset *st)
{
	char *f[4], *save = NULL;
	unsigned long long id, start;
	cpu_set_t set;
	int i, kind;

	for (i = 0; i < 4; i++) {
		f[i] = strtok_r(i ? NULL : s, " ", &save);
		if (!f[i])
			return -EINVAL;
	}
	if (strtok_r(NULL, " ", &save))
		return -EINVAL;
	kind = steer_kind_parse(f[0]);
	if (kind < 0 || num(f[1], 0x7fffffff, &id) ||
	    num(f[2], ~0ULL, &start) || cpus(f[3], &set) || !CPU_COUNT(&set))
		return -EINVAL;
	return steer_saved_add(&st->saved, (enum steer_kind)kind, (int)id,
			       start, &set, true);
}

static bool is_boot_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
	return i == 36;
}

static int parse_line(struct rtset *s, char *l, unsigned int line,
		      unsigned int *seen)
{
	int ret;

	if (line == 1) {
		if (strcmp(l, "isol-rtset 1"))
			problem(s, line, "no \"isol-rtset 1\" header");
		return 0;
	}
	if (!strncmp(l, "boot_id ", 8)) {
		if ((*seen & 1) || !is_boot_id(l + 8))
			problem(s, line, "bad or repeated boot_id");
		else
			memcpy(s->boot_id, l + 8, 37);
		*seen |= 1;
	} else if (!strncmp(l, "cpus ", 5)) {
		if ((*seen & 2) || cpus(l + 5, &s->cpus))
			problem(s, line, "bad or repeated cpus");
		*seen |= 2;
	} else if (!strncmp(l, "root_cpuset ", 12)) {
		if ((*seen & 4) || yesno(l + 12, &s->root_cpuset))
			problem(s, line, "bad or repeated root_cpuset");
		*seen |= 4;
	} else if (!strncmp(l, "op ", 3)) {
		if ((*seen & 8) || parse_op(l + 3, s)) {
			problem(s, line, "bad or repeated op");
			s->op = RTSET_OP_NONE;
		}
		*seen |= 8;
	} else if (!strncmp(l, "saved ", 6)) {
		ret = parse_saved(l + 6, s);
		if (ret == -ENOMEM)
			return ret;
		if (ret)
			problem(s, line, "malformed saved value");
	} else {
		problem(s, line, "unknown line");
	}
	return 0;
}

int rtset_parse(const char *buf, size_t len, struct rtset *s)
{
	char line[1024];
	unsigned int lineno = 0, seen = 0;
	size_t off = 0;
	int ret;

	if (!len)
		problem(s, 0, "empty file");
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;

		lineno++;
		if (!nl)
			problem(s, lineno, "no newline at the end (truncated)");
		if (memchr(buf + off, '\0', n)) {
			problem(s, lineno, "NUL byte");
		} else if (n >= sizeof(line)) {
			problem(s, lineno, "line too long");
		} else {
			memcpy(line, buf + off, n);
			line[n] = '\0';
			ret = parse_line(s, line, lineno, &seen);
			if (ret)
				return ret;
		}
		off += n + (nl ? 1 : 0);
	}
	if (len && !(seen & 2))
		problem(s, 0, "no cpus line");
	return 0;
}

static const char *list(const cpu_set_t *set, char *buf, size_t len)
{
	if (!CPU_COUNT(set))
		return "-";
	cpulist_format(set, buf, len);
	return buf;
}

int rtset_format(const struct rtset *s, char **buf, size_t *len)
{
	char a[1024], b[1024];
	size_t i;
	FILE *f;

	*buf = NULL;
	*len = 0;
	f = open_memstream(buf, len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "isol-rtset %d\n", RTSET_VERSION);
	if (s->boot_id[0])
		fprintf(f, "boot_id %s\n", s->boot_id);
	fprintf(f, "cpus %s\n", list(&s->cpus, a, sizeof(a)));
	fprintf(f, "root_cpuset %s\n", s->root_cpuset ? "yes" : "no");
	if (s->op != RTSET_OP_NONE)
		fprintf(f, "op %s from=%s to=%s force=%s\n",
			s->op == RTSET_OP_RESERVE ? "reserve" : "release",
			list(&s->from, a, sizeof(a)), list(&s->to, b, sizeof(b)),
			s->force ? "yes" : "no");
	for (i = 0; i < s->saved.n; i++) {
		const struct steer_saved_ent *e = &s->saved.v[i];

		fprintf(f, "saved %s %d %llu %s\n", steer_kind_name(e->kind),
			e->id, (unsigned long long)e->start,
			list(&e->cpus, a, sizeof(a)));
	}
	if (fclose(f)) {
		free(*buf);
		*buf = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int parse(const char *buf, size_t len, void *s)
{
	return rtset_parse(buf, len, s);
}

int rtset_load(int dirfd, struct rtset *s)
{
	return load_state_file_at(dirfd, RTSET_NAME, RTSET_MAX, parse, s,
				  &s->problems, s->why, sizeof(s->why));
}

int rtset_save(int dirfd, const struct rtset *s)
{
	size_t len;
	char *buf;
	int ret = rtset_format(s, &buf, &len);

	if (ret)
		return ret;
	ret = write_file_atomic_at(dirfd, RTSET_NAME, buf, len, 0600);
	free(buf);
	return ret;
}

int rtset_set_aside(int dirfd, char *name, size_t len)
{
	return set_aside_at(dirfd, RTSET_NAME, name, len);
}
