// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claims.c - exclusive RT CPUs held by threads or processes.  A holder is
 * identified by pid, tid and start time and watched through a pidfd, so a
 * reused pid is never mistaken for it and its death frees the CPUs at once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fileio.h"
#include "isold.h"
#include "log.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

int task_start_time(pid_t pid, pid_t tid, uint64_t *out)
{
	char path[96], buf[2048], *p;
	int i;

	strfmt(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid,
		 (int)tid);
	if (read_text_file(path, buf, sizeof(buf)) < 0)
		return -ESRCH;
	p = strrchr(buf, ')');
	for (i = 0; p && i < 20; i++)		/* to field 22 */
		p = strchr(p + 1, ' ');
	if (!p)
		return -EINVAL;
	*out = strtoull(p + 1, NULL, 10);
	return 0;
}

int task_pidfd(pid_t pid, pid_t tid, bool thread)
{
	int fd = -1;

	if (thread) {
		fd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
		if (fd >= 0 || errno != EINVAL)
			return fd >= 0 ? fd : -errno;
		/* Kernel < 6.9: watch the process instead of the thread. */
	}
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	return fd >= 0 ? fd : -errno;
}

static bool pidfd_exited(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

static int pin_one(struct isold *d, pid_t tid, const cpu_set_t *to)
{
	cpu_set_t real;

	if (d->pin_best_effort) {
		/* Fixture CPUs may exist only on paper: pin to those this
		 * machine has, skip when there are none. */
		CPU_AND(&real, to, &d->machine);
		if (!CPU_COUNT(&real))
			return 0;
		to = &real;
	}
	if (sched_setaffinity(tid, sizeof(*to), to))
		return -errno;
	return 0;
}

int claim_pin(struct isold *d, const struct claim *c, const cpu_set_t *to)
{
	char path[64];
	struct dirent *e;
	DIR *dp;
	int ret = 0, n = 0;

	if (!(c->flags & ISOLD_CLAIM_F_PROCESS))
		return pin_one(d, c->tid, to);
	strfmt(path, sizeof(path), "/proc/%d/task", (int)c->pid);
	dp = opendir(path);
	if (!dp)
		return -ESRCH;
	while ((e = readdir(dp))) {
		int r;

		if (e->d_name[0] == '.')
			continue;
		r = pin_one(d, (pid_t)atoi(e->d_name), to);
		if (!r)
			n++;
		else if (r != -ESRCH)
			ret = r;
	}
	closedir(dp);
	return ret ? ret : n ? 0 : -ESRCH;
}

void claims_free_cpus(const struct isold *d, cpu_set_t *free_cpus)
{
	unsigned int i;

	*free_cpus = d->rt;
	for (i = 0; i < d->nclaims; i++)
		CPU_ANDNOT(free_cpus, free_cpus, &d->claims[i].cpus);
}

struct claim *claims_find(struct isold *d, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < d->nclaims; i++)
		if (d->claims[i].id == id)
			return &d->claims[i];
	return NULL;
}

/* Take the lowest @n CPUs of @from into @out. */
static unsigned int take(const cpu_set_t *from, unsigned int n, cpu_set_t *out)
{
	unsigned int got = 0;
	int cpu;

	for (cpu = 0; cpu < CPU_SETSIZE && got < n; cpu++)
		if (CPU_ISSET(cpu, from) && !CPU_ISSET(cpu, out)) {
			CPU_SET(cpu, out);
			got++;
		}
	return got;
}

/* Nodes nearest to @pref first (all nodes, in id order, if none). */
static void node_order(const struct topo *t, int pref, int *order)
{
	int i, j, pi = topo_index(t, pref);

	for (i = 0; i < t->nnodes; i++)
		order[i] = i;
	if (pi < 0)
		return;
	for (i = 0; i < t->nnodes; i++)
		for (j = i + 1; j < t->nnodes; j++) {
			int a = order[i], b = order[j];

			if (t->dist[pi][b] < t->dist[pi][a] ||
			    (t->dist[pi][b] == t->dist[pi][a] && b == pi)) {
				order[i] = b;
				order[j] = a;
			}
		}
}

static int choose(struct isold *d, unsigned int n, int pref, cpu_set_t *out,
		  int *node)
{
	int order[ISOLD_MAX_NODES], i;
	cpu_set_t free_cpus, avail;
	unsigned int got = 0;

	CPU_ZERO(out);
	claims_free_cpus(d, &free_cpus);
	if ((unsigned int)CPU_COUNT(&free_cpus) < n)
		return -EBUSY;
	node_order(&d->topo, pref, order);
	/* One node that fits, nearest first ... */
	for (i = 0; i < d->topo.nnodes; i++) {
		CPU_AND(&avail, &free_cpus, &d->topo.cpus[order[i]]);
		if ((unsigned int)CPU_COUNT(&avail) >= n) {
			take(&avail, n, out);
			*node = d->topo.id[order[i]];
			return 0;
		}
	}
	/* ... else spread over the nearest nodes, then anything left. */
	for (i = 0; i < d->topo.nnodes && got < n; i++) {
		CPU_AND(&avail, &free_cpus, &d->topo.cpus[order[i]]);
		got += take(&avail, n - got, out);
	}
	if (got < n)
		take(&free_cpus, n - got, out);
	*node = -1;
	return 0;
}

/* Supplementary groups of @pid (kernel-maintained, /proc status). */
static int task_groups(pid_t pid, gid_t primary, gid_t *gids, int max)
{
	char path[64], line[4096];
	int n = 0;
	FILE *f;

	gids[n++] = primary;
	strfmt(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return n;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + 7, *end;

		if (strncmp(line, "Groups:", 7))
			continue;
		for (;;) {
			unsigned long g = strtoul(p, &end, 10);

			if (end == p || n == max)
				break;
			gids[n++] = (gid_t)g;
			p = end;
		}
		break;
	}
	fclose(f);
	return n;
}

static unsigned int held_by(const struct isold *d, uid_t uid)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->nclaims; i++)
		if (d->claims[i].uid == uid)
			n += (unsigned int)CPU_COUNT(&d->claims[i].cpus);
	return n;
}

int claims_watch(struct isold *d, struct claim *c)
{
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.u64 = EP_TAG(TAG_CLAIM, c->id),
	};

	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, c->pidfd, &ev))
		return -errno;
	return 0;
}

void claims_remove(struct isold *d, struct claim *c, bool unpin)
{
	char list[256];

	if (unpin && claim_pin(d, c, &d->hk))
		log_debug("claim %u: could not unpin", c->id);
	cpuset_format(&c->cpus, list, sizeof(list));
	log_info("claim %u released: CPUs %s of pid %d tid %d", c->id, list,
		 (int)c->pid, (int)c->tid);
	if (c->pidfd >= 0) {
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->pidfd, NULL);
		close(c->pidfd);
	}
	*c = d->claims[--d->nclaims];
}

static struct claim *append(struct isold *d)
{
	struct claim *v;

	if (d->nclaims == ISOLD_MAX_CLAIMS)
		return NULL;
	v = realloc(d->claims, (d->nclaims + 1) * sizeof(*v));
	if (!v)
		return NULL;
	d->claims = v;
	return &d->claims[d->nclaims++];
}

int claims_create(struct isold *d, const struct client *cl,
		  const struct isold_claim_req *req, struct claim **out)
{
	bool process = req->flags & ISOLD_CLAIM_F_PROCESS;
	pid_t tid = req->tid ? req->tid : cl->pid;
	gid_t gids[NGROUPS_MAX_ISOLD];
	unsigned int quota, held;
	struct claim c = { .pidfd = -1 }, *slot;
	char path[96], list[256];
	int ngids, pref, ret;

	if (process && tid != cl->pid)
		return -EINVAL;
	strfmt(path, sizeof(path), "/proc/%d/task/%d", (int)cl->pid,
		 (int)tid);
	if (access(path, F_OK))
		return -EINVAL;		/* not a thread of the caller */
	ngids = task_groups(cl->pid, cl->gid, gids, NGROUPS_MAX_ISOLD);
	quota = config_quota(d->cfg, cl->uid, gids, ngids);
	if (!quota)
		return -EPERM;
	held = held_by(d, cl->uid);
	if (quota != QUOTA_ALL && held + req->ncpus > quota)
		return -EDQUOT;
	if (req->flags & ISOLD_CLAIM_F_NODE) {
		if (topo_index(&d->topo, req->node) < 0)
			return -EINVAL;
		pref = req->node;
	} else {
		pref = topo_memory_node(cl->pid);
	}
	ret = choose(d, req->ncpus, pref, &c.cpus, &c.node);
	if (ret)
		return ret;
	c.pidfd = task_pidfd(cl->pid, tid, !process);
	if (c.pidfd < 0)
		return -ESRCH;
	if (task_start_time(cl->pid, tid, &c.start_time) ||
	    pidfd_exited(c.pidfd) ||
	    (cl->pidfd >= 0 && pidfd_exited(cl->pidfd))) {
		close(c.pidfd);
		return -ESRCH;
	}
	c.id = d->next_id++;
	c.flags = req->flags & ISOLD_CLAIM_F_PROCESS;
	c.pid = cl->pid;
	c.tid = tid;
	c.uid = cl->uid;
	slot = append(d);
	if (!slot) {
		close(c.pidfd);
		return -ENOSPC;
	}
	*slot = c;
	/* Journal first: a crash from here on is re-adopted on restart. */
	ret = journal_save(d);
	if (!ret) {
		debug_crash("claim-journaled");
		ret = claim_pin(d, slot, &slot->cpus);
	}
	if (!ret) {
		debug_crash("claim-pinned");
		ret = claims_watch(d, slot);
	}
	if (ret) {
		slot->pidfd = -1;
		close(c.pidfd);
		claims_remove(d, slot, true);
		journal_save(d);
		return ret;
	}
	cpuset_format(&slot->cpus, list, sizeof(list));
	log_info("claim %u: CPUs %s (node %d) to pid %d tid %d uid %u%s",
		 slot->id, list, slot->node, (int)slot->pid, (int)slot->tid,
		 (unsigned int)slot->uid, process ? " (process)" : "");
	*out = slot;
	return 0;
}

int claims_release(struct isold *d, pid_t pid, uint32_t id,
		   uint32_t *released)
{
	unsigned int i;

	*released = 0;
	for (i = 0; i < d->nclaims; ) {
		struct claim *c = &d->claims[i];

		if (c->pid == pid && (!id || c->id == id)) {
			claims_remove(d, c, true);	/* moves the last in */
			(*released)++;
			continue;
		}
		i++;
	}
	if (!*released)
		return id ? -ENOENT : 0;
	journal_save(d);
	debug_crash("release-journaled");
	return 0;
}

void claims_holder_died(struct isold *d, uint32_t id)
{
	struct claim *c = claims_find(d, id);

	if (!c)
		return;
	log_info("claim %u: holder pid %d tid %d exited", c->id, (int)c->pid,
		 (int)c->tid);
	claims_remove(d, c, false);
	d->st.holder_deaths++;
	journal_save(d);
	debug_crash("death-journaled");
}
