// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * journal.c - the claim journal as plain data (journal.h): parse, format,
 * load, save, set aside.  Rewritten by claims.c on every change (write,
 * fsync, rename), so that a daemon killed at any point finds exactly the
 * claims it had granted.
 */
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
#include "isold_proto.h"
#include "journal.h"

__attribute__((format(printf, 3, 4)))
static void problem(struct journal *j, unsigned int line, const char *fmt,
		    ...)
{
	va_list ap;

	va_start(ap, fmt);
	state_problemv(&j->problems, j->why, sizeof(j->why), line, fmt, ap);
	va_end(ap);
}

/* Strict unsigned decimal in [0, max]. */
static int num(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s || (*s == '0' && s[1]))
		return -EINVAL;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static int snum(const char *s, int64_t min, int64_t max, int64_t *out)
{
	uint64_t v;

	if (*s == '-') {
		if (num(s + 1, (uint64_t)(-min), &v) || !v)
			return -EINVAL;
		*out = -(int64_t)v;
		return 0;
	}
	if (num(s, (uint64_t)max, &v))
		return -EINVAL;
	*out = (int64_t)v;
	return 0;
}

static bool is_boot_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
	return i == 36;
}

static int add(struct journal *j, const struct journal_rec *r)
{
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 16;
		struct journal_rec *v = realloc(j->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		j->v = v;
		j->cap = cap;
	}
	j->v[j->n++] = *r;
	return 0;
}

enum { K_ID, K_FLAGS, K_PID, K_TID, K_UID, K_NODE, K_START, K_INO, K_PINO,
       K_CPUS, K_CG, K_COUNT };
static const char *const keys[K_COUNT] = {
	"id", "flags", "pid", "tid", "uid", "node", "start", "ino", "pino",
	"cpus", "cg",
};
#define REQUIRED ((1u << K_COUNT) - 1 - (1u << K_INO) - (1u << K_PINO) - \
		  (1u << K_CG))

/* "claim k=v ..." -> @r; 0 or -EINVAL with a message in @msg. */
static int parse_claim(char *s, struct journal_rec *r, char *msg, size_t len)
{
	unsigned int seen = 0, k;
	char *tok, *save;
	uint64_t u;
	int64_t i;

	memset(r, 0, sizeof(*r));
	for (tok = strtok_r(s, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			snprintf(msg, len, "\"%.40s\": want key=value", tok);
			return -EINVAL;
		}
		*eq++ = '\0';
		for (k = 0; k < K_COUNT && strcmp(tok, keys[k]); k++)
			;
		if (k == K_COUNT || (seen & (1u << k))) {
			snprintf(msg, len, "%s \"%.40s\"", k == K_COUNT ?
				 "unknown key" : "repeated key", tok);
			return -EINVAL;
		}
		seen |= 1u << k;
		switch (k) {
		case K_ID:
			if (num(eq, UINT32_MAX, &u) || !u)
				goto bad;
			r->id = (uint32_t)u;
			break;
		case K_FLAGS:
			if (num(eq, ISOLD_CLAIM_F_PROCESS, &u) ||
			    (u & ~(uint64_t)ISOLD_CLAIM_F_PROCESS))
				goto bad;
			r->flags = (uint32_t)u;
			break;
		case K_PID:
		case K_TID:
			if (num(eq, INT32_MAX, &u) || !u)
				goto bad;
			*(k == K_PID ? &r->pid : &r->tid) = (int32_t)u;
			break;
		case K_UID:
			if (num(eq, UINT32_MAX - 1, &u))
				goto bad;
			r->uid = (uint32_t)u;
			break;
		case K_NODE:
			if (snum(eq, -1, ISOLD_MAX_CPUS, &i))
				goto bad;
			r->node = (int32_t)i;
			break;
		case K_START:
		case K_INO:
		case K_PINO:
			if (num(eq, UINT64_MAX, &u))
				goto bad;
			*(k == K_START ? &r->start : k == K_INO ? &r->ino :
			  &r->pino) = u;
			break;
		case K_CPUS:
			if (cpulist_parse(eq, &r->cpus) || !CPU_COUNT(&r->cpus))
				goto bad;
			break;
		case K_CG:
			if (rtcg_path_decode(eq, r->cg, sizeof(r->cg)))
				goto bad;
			break;
		}
		continue;
bad:
		snprintf(msg, len, "bad %s \"%.40s\"", keys[k], eq);
		return -EINVAL;
	}
	if ((seen & REQUIRED) != REQUIRED) {
		for (k = 0; k < K_COUNT && !(~seen & REQUIRED & (1u << k)); k++)
			;
		snprintf(msg, len, "missing %s", keys[k]);
		return -EINVAL;
	}
	if ((r->flags & ISOLD_CLAIM_F_PROCESS) && r->tid != r->pid) {
		snprintf(msg, len, "process claim with tid != pid");
		return -EINVAL;
	}
	return 0;
}

static int parse_line(struct journal *j, char *s, unsigned int line)
{
	char msg[160];
	struct journal_rec r;
	uint64_t u;

	if (line == 1) {
		if (strncmp(s, "isold-state ", 12)) {
			problem(j, line, "no \"isold-state\" header");
		} else if (num(s + 12, 99, &u) || !u || u > JOURNAL_VERSION) {
			problem(j, line, "unknown version \"%.20s\"", s + 12);
			return 0;
		} else {
			j->version = (unsigned int)u;
			return 0;
		}
	}
	if (!strncmp(s, "next_id ", 8)) {
		if (j->next_id)
			problem(j, line, "next_id repeated");
		else if (num(s + 8, (uint64_t)UINT32_MAX + 1, &u) || !u)
			problem(j, line, "bad next_id \"%.20s\"", s + 8);
		else
			j->next_id = u;
		return 0;
	}
	if (!strncmp(s, "boot_id ", 8)) {
		if (j->boot_id[0] || !is_boot_id(s + 8))
			problem(j, line, "bad or repeated boot_id");
		else
			memcpy(j->boot_id, s + 8, 37);	/* 36 + NUL */
		return 0;
	}
	if (!strncmp(s, "claim ", 6)) {
		if (parse_claim(s + 6, &r, msg, sizeof(msg))) {
			problem(j, line, "malformed claim: %s", msg);
			return 0;
		}
		r.line = line;
		return add(j, &r);
	}
	problem(j, line, "unknown line");
	return 0;
}

int journal_parse(const char *buf, size_t len, struct journal *j)
{
	char line[4096];
	unsigned int lineno = 0;
	size_t off = 0;
	int ret;

	memset(j, 0, sizeof(*j));
	if (!len)
		problem(j, 0, "empty file");
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (buf + off)) : len - off;

		lineno++;
		if (!nl)
			problem(j, lineno, "no newline at the end (truncated)");
		if (memchr(buf + off, '\0', n))
			problem(j, lineno, "NUL byte");
		else if (n >= sizeof(line))
			problem(j, lineno, "line too long");
		else {
			memcpy(line, buf + off, n);
			line[n] = '\0';
			ret = parse_line(j, line, lineno);
			if (ret)
				return ret;
		}
		off += n + (nl ? 1 : 0);
	}
	if (len && !j->version && !j->problems)
		problem(j, 1, "no header");
	return 0;
}

int journal_format(const struct journal *j, char **buf, size_t *len)
{
	char list[1024], cg[3 * RTCG_PATH_MAX + 8];
	size_t i;
	FILE *f;

	*buf = NULL;
	*len = 0;
	f = open_memstream(buf, len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "isold-state %d\n", JOURNAL_VERSION);
	if (j->boot_id[0])
		fprintf(f, "boot_id %s\n", j->boot_id);
	if (j->next_id)
		fprintf(f, "next_id %llu\n", (unsigned long long)j->next_id);
	for (i = 0; i < j->n; i++) {
		const struct journal_rec *r = &j->v[i];

		cpulist_format(&r->cpus, list, sizeof(list));
		strcpy(cg, " cg=");
		if (!r->cg[0] || rtcg_path_encode(r->cg, cg + 4,
						  sizeof(cg) - 4))
			cg[0] = '\0';
		fprintf(f, "claim id=%u flags=%u pid=%d tid=%d uid=%u node=%d "
			"start=%llu ino=%llu pino=%llu cpus=%s%s\n", r->id,
			r->flags, r->pid, r->tid, r->uid, r->node,
			(unsigned long long)r->start,
			(unsigned long long)r->ino,
			(unsigned long long)r->pino, list, cg);
	}
	if (fclose(f)) {
		free(*buf);
		*buf = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int parse(const char *buf, size_t len, void *j)
{
	return journal_parse(buf, len, j);
}

int journal_load(int dirfd, struct journal *j)
{
	memset(j, 0, sizeof(*j));
	return load_state_file_at(dirfd, JOURNAL_NAME, JOURNAL_MAX, parse, j,
				  &j->problems, j->why, sizeof(j->why));
}

int journal_save(int dirfd, const struct journal *j)
{
	size_t len;
	char *buf;
	int ret = journal_format(j, &buf, &len);

	if (ret)
		return ret;
	ret = write_file_atomic_at(dirfd, JOURNAL_NAME, buf, len, 0600);
	free(buf);
	return ret;
}

int journal_set_aside(int dirfd, char *name, size_t len)
{
	return set_aside_at(dirfd, JOURNAL_NAME, name, len);
}

void journal_free(struct journal *j)
{
	free(j->v);
	j->v = NULL;
	j->n = j->cap = 0;
}
