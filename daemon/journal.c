// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * journal.c - the claims, in $ISOL_RUNDIR/state, rewritten (write, fsync,
 * rename) on every change so that a daemon killed at any point restarts
 * with exactly the claims whose holders still live.
 *
 *   isold-state 1
 *   next_id 7
 *   claim id=3 flags=0 pid=812 tid=815 uid=1000 node=0 start=123456 cpus=2
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"

#define JOURNAL_NAME "state"
#define JOURNAL_MAX (ISOLD_MAX_CLAIMS * 512 + 256)

int journal_save(struct isold *d)
{
	char path[4096], list[1024], *buf;
	size_t off = 0;
	unsigned int i;
	int ret;

	if (isol_path(ISOL_ROOT_RUNDIR, JOURNAL_NAME, path, sizeof(path)))
		return -ENAMETOOLONG;
	buf = malloc(JOURNAL_MAX);
	if (!buf)
		return -ENOMEM;
	off += (size_t)snprintf(buf + off, JOURNAL_MAX - off,
				"isold-state 1\nnext_id %u\n", d->next_id);
	for (i = 0; i < d->nclaims && off < JOURNAL_MAX; i++) {
		const struct claim *c = &d->claims[i];

		cpulist_format(&c->cpus, list, sizeof(list));
		off += (size_t)snprintf(buf + off, JOURNAL_MAX - off,
			"claim id=%u flags=%u pid=%d tid=%d uid=%u node=%d "
			"start=%llu cpus=%s\n", c->id, c->flags, (int)c->pid,
			(int)c->tid, (unsigned int)c->uid, c->node,
			(unsigned long long)c->start_time, list);
	}
	if (off >= JOURNAL_MAX) {
		free(buf);
		return -ENOSPC;
	}
	ret = write_file_atomic(path, buf, off, 0600);
	free(buf);
	if (ret)
		log_err("journal %s: %s", path, strerror(-ret));
	return ret;
}

static int parse_claim(const char *line, struct claim *c)
{
	char list[1024];
	unsigned long long start;
	int n = 0;

	memset(c, 0, sizeof(*c));
	if (sscanf(line, "claim id=%u flags=%u pid=%d tid=%d uid=%u node=%d "
		   "start=%llu cpus=%1023s%n", &c->id, &c->flags, &c->pid,
		   &c->tid, &c->uid, &c->node, &start, list, &n) != 8)
		return -EINVAL;
	if (line[n] && line[n] != '\n')
		return -EINVAL;
	if (!c->id || c->pid <= 0 || c->tid <= 0 ||
	    (c->flags & ~ISOLD_CLAIM_F_PROCESS) || cpulist_parse(list, &c->cpus) ||
	    !CPU_COUNT(&c->cpus))
		return -EINVAL;
	c->start_time = start;
	c->pidfd = -1;
	return 0;
}

/* Decide about one journalled claim; 0 when it was re-adopted. */
static int adopt(struct isold *d, struct claim *c)
{
	bool process = c->flags & ISOLD_CLAIM_F_PROCESS;
	cpu_set_t outside, free_cpus;
	uint64_t start;
	int fd;

	fd = task_pidfd(c->pid, c->tid, !process);
	if (fd < 0)
		return -ESRCH;
	if (task_start_time(c->pid, c->tid, &start) || start != c->start_time) {
		close(fd);
		return -ESRCH;		/* dead, or pid reused */
	}
	claims_free_cpus(d, &free_cpus);
	CPU_ANDNOT(&outside, &c->cpus, &free_cpus);
	if (CPU_COUNT(&outside)) {
		close(fd);
		claim_pin(d, c, &d->hk);
		return -EXDEV;		/* no longer an RT CPU, or taken */
	}
	c->pidfd = fd;
	return 0;
}

int journal_restore(struct isold *d)
{
	char path[4096], line[2048];
	unsigned int version = 0, next = 1, lineno = 0, kept = 0, dropped = 0;
	struct claim c, *slot;
	FILE *f;
	int ret;

	if (isol_path(ISOL_ROOT_RUNDIR, JOURNAL_NAME, path, sizeof(path)))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		log_err("journal %s: %s", path, strerror(errno));
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (lineno == 1) {
			if (sscanf(line, "isold-state %u", &version) != 1 ||
			    version != 1)
				break;
			continue;
		}
		if (!strncmp(line, "next_id ", 8)) {
			next = (unsigned int)strtoul(line + 8, NULL, 10);
			continue;
		}
		if (parse_claim(line, &c)) {
			log_err("%s:%u: malformed claim, ignored", path, lineno);
			continue;
		}
		if (c.id >= next)
			next = c.id + 1;
		ret = adopt(d, &c);
		if (ret) {
			log_info("journal: claim %u of pid %d tid %d released "
				 "(%s)", c.id, (int)c.pid, (int)c.tid,
				 ret == -ESRCH ? "holder gone" :
				 "CPUs no longer available");
			dropped++;
			continue;
		}
		if (d->nclaims == ISOLD_MAX_CLAIMS) {
			close(c.pidfd);
			continue;
		}
		slot = realloc(d->claims, (d->nclaims + 1) * sizeof(*slot));
		if (!slot) {
			close(c.pidfd);
			continue;
		}
		d->claims = slot;
		slot = &d->claims[d->nclaims++];
		*slot = c;
		if (claim_pin(d, slot, &slot->cpus))
			log_warn("journal: claim %u: re-pinning failed",
				 slot->id);
		claims_watch(d, slot);
		kept++;
	}
	fclose(f);
	if (lineno && version != 1)
		log_err("journal %s: unknown format, ignored", path);
	if (next > d->next_id)
		d->next_id = next;
	log_info("journal: %u claim(s) re-adopted, %u released", kept,
		 dropped);
	return journal_save(d);
}
