// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claims.c - exclusive RT CPUs held by threads or processes.  A holder is
 * identified by the pidfs inode of its pidfd (and pid, tid, start time;
 * identity.c) and watched through that pidfd, so a reused pid is never
 * mistaken for it and its death frees the CPUs at once.  Every request
 * acts with the identity of its sender (struct peer), checked when it is
 * served.  The journal (journal.c) is plain data: what to do with its
 * records on a restart is decided here.
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
#include "journal.h"
#include "log.h"
#include "paths.h"

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

/* @id belongs to a claim that is held, or revoked and not yet asked about. */
static bool id_in_use(struct isold *d, uint32_t id)
{
	unsigned int i;

	if (claims_find(d, id))
		return true;
	for (i = 0; i < d->nrevoked; i++)
		if (d->revoked[i].id == id)
			return true;
	return false;
}

/*
 * The next claim id.  Ids count up from 1 and wrap after 4294967295 (a
 * user allowed to claim could otherwise use them all up, in about a month
 * of claiming and releasing, and every later claim, root's too, would be
 * refused), skipping the ids still in use: an id names one claim at a
 * time, and a release by id also needs the claim's holder (held_by_peer()),
 * so an old id names nothing of anyone else's.  The loop ends: there are
 * fewer claims and revoked ids than ids.
 */
static uint32_t take_id(struct isold *d)
{
	uint64_t n = d->next_id;

	for (;; n++) {
		if (n < 1 || n >= ISOLD_ID_END)
			n = 1;
		if (!id_in_use(d, (uint32_t)n))
			break;
	}
	d->next_id = n + 1;
	return (uint32_t)n;
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

/* @n CPUs of @pool, on one node near @pref if they fit. */
static void choose_from(struct isold *d, const cpu_set_t *pool, unsigned int n,
			int pref, cpu_set_t *out, int *node)
{
	int order[ISOLD_MAX_NODES], i;
	cpu_set_t avail;
	unsigned int got = 0;

	node_order(&d->topo, pref, order);
	/* One node that fits, nearest first ... */
	for (i = 0; i < d->topo.nnodes; i++) {
		CPU_AND(&avail, pool, &d->topo.cpus[order[i]]);
		if ((unsigned int)CPU_COUNT(&avail) >= n) {
			take(&avail, n, out);
			*node = d->topo.id[order[i]];
			return;
		}
	}
	/* ... else spread over the nearest nodes, then anything left. */
	for (i = 0; i < d->topo.nnodes && got < n; i++) {
		CPU_AND(&avail, pool, &d->topo.cpus[order[i]]);
		got += take(&avail, n - got, out);
	}
	if (got < n)
		take(pool, n - got, out);
	*node = -1;
}

/*
 * A claim never mixes boot and runtime RT CPUs: a thread in the runtime
 * partition runs on its CPUs only.  Boot RT CPUs first (their tick can be
 * off, nohz_full), then the runtime ones.
 */
static int choose(struct isold *d, unsigned int n, int pref, cpu_set_t *out,
		  int *node)
{
	cpu_set_t free_cpus, pool;

	CPU_ZERO(out);
	claims_free_cpus(d, &free_cpus);
	CPU_ANDNOT(&pool, &free_cpus, &d->rtset.cpus);
	if ((unsigned int)CPU_COUNT(&pool) < n)
		CPU_AND(&pool, &free_cpus, &d->rtset.cpus);
	if ((unsigned int)CPU_COUNT(&pool) < n)
		return -EBUSY;
	choose_from(d, &pool, n, pref, out, node);
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

/*
 * Does @c->tid (@c->pid with ISOLD_CLAIM_F_PROCESS) still name the holder?
 * Not once it has exited, even if isold has not read its pidfd yet: the
 * number may be someone else's by now.  A thread must also still be a
 * thread of its live process (without pidfds of threads, Linux < 6.9,
 * @c->pidfd watches the process).
 */
static bool holder_alive(const struct claim *c)
{
	char path[64];

	if (pidfd_exited(c->pidfd))
		return false;
	if (c->flags & ISOLD_CLAIM_F_PROCESS)
		return true;
	strfmt(path, sizeof(path), "/proc/%d/task/%d", (int)c->pid,
	       (int)c->tid);
	return !access(path, F_OK);
}

void claims_remove(struct isold *d, struct claim *c, bool unpin)
{
	char list[256];
	bool alive;

	/* A dead holder's numbers may name other tasks now: not moved. */
	alive = unpin && holder_alive(c);
	runtime_claim_leave(d, c, alive);
	if (alive && claim_pin(d, c, &d->hk))
		log_debug("claim %u: could not unpin", c->id);
	cpuset_format(&c->cpus, list, sizeof(list));
	log_info("claim %u released: CPUs %s of pid %d tid %d", c->id, list,
		 (int)c->pid, (int)c->tid);
	if (c->pidfd >= 0) {
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->pidfd, NULL);
		close(c->pidfd);
	}
	free(c->cg);
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

/*
 * Why a thread @tid named by a process is not one of its threads: it
 * exists elsewhere (EINVAL: not yours) or not at all (ESRCH: it has exited,
 * or never was).
 */
static int thread_verdict(pid_t tid)
{
	char path[64];

	strfmt(path, sizeof(path), "/proc/%d", (int)tid);
	return access(path, F_OK) ? -ESRCH : -EINVAL;
}

int claims_create(struct isold *d, const struct peer *p,
		  const struct isold_claim_req *req, struct claim **out)
{
	bool process = req->flags & ISOLD_CLAIM_F_PROCESS;
	pid_t tid = req->tid ? req->tid : p->pid;
	gid_t gids[NGROUPS_MAX_ISOLD];
	unsigned int quota, held;
	struct claim c = { .pidfd = -1 }, *slot;
	char path[96], list[256];
	int ngids, pref, ret;

	if (pidfd_exited(p->pidfd))
		return -ESRCH;		/* the sender is gone */
	if (process && tid != p->pid)
		return -EINVAL;
	strfmt(path, sizeof(path), "/proc/%d/task/%d", (int)p->pid,
	       (int)tid);
	if (access(path, F_OK))
		return thread_verdict(tid);
	ngids = task_groups(p->pid, p->gid, gids, NGROUPS_MAX_ISOLD);
	quota = config_quota(d->cfg, p->uid, gids, ngids);
	if (!quota)
		return -EPERM;
	held = held_by(d, p->uid);
	if (quota != QUOTA_ALL && held + req->ncpus > quota)
		return -EDQUOT;
	if (req->flags & ISOLD_CLAIM_F_NODE) {
		if (topo_index(&d->topo, req->node) < 0)
			return -EINVAL;
		pref = req->node;
	} else {
		pref = topo_memory_node(p->pid);
	}
	ret = choose(d, req->ncpus, pref, &c.cpus, &c.node);
	if (ret)
		return ret;
	c.pidfd = task_pidfd(p->pid, tid, !process);
	if (c.pidfd < 0)
		return thread_verdict(tid);
	/*
	 * The pidfd pins the thread number, the sender's pidfd its pid: if
	 * both still live after this read, @tid is a thread of the sender.
	 */
	if (task_start_time(p->pid, tid, &c.start_time)) {
		close(c.pidfd);
		return thread_verdict(tid);
	}
	if (pidfd_exited(c.pidfd) || pidfd_exited(p->pidfd)) {
		close(c.pidfd);
		return -ESRCH;
	}
	c.ino = pidfd_ino(c.pidfd);
	c.proc_ino = p->ino;
	c.flags = req->flags & ISOLD_CLAIM_F_PROCESS;
	c.pid = p->pid;
	c.tid = tid;
	c.uid = p->uid;
	ret = runtime_claim_prepare(d, &c);
	if (ret) {
		close(c.pidfd);
		return ret;
	}
	slot = append(d);
	if (!slot) {
		close(c.pidfd);
		free(c.cg);
		return -ENOSPC;
	}
	c.id = take_id(d);
	*slot = c;
	/* Journal first: a crash from here on is re-adopted on restart. */
	ret = claims_save(d);
	if (!ret) {
		debug_crash("claim-journaled");
		ret = runtime_claim_enter(d, slot);
	}
	if (!ret) {
		if (slot->cg)
			debug_crash("claim-entered");
		ret = claim_pin(d, slot, &slot->cpus);
	}
	if (!ret) {
		debug_crash("claim-pinned");
		ret = claims_watch(d, slot);
	}
	if (ret) {
		claims_remove(d, slot, true);	/* closes the pidfd */
		claims_save(d);
		return ret;
	}
	cpuset_format(&slot->cpus, list, sizeof(list));
	log_info("claim %u: CPUs %s (node %d) to pid %d tid %d uid %u%s",
		 slot->id, list, slot->node, (int)slot->pid, (int)slot->tid,
		 (unsigned int)slot->uid, process ? " (process)" : "");
	*out = slot;
	return 0;
}

/* Is the sender of a request the process that holds @c? */
static bool held_by_peer(const struct claim *c, const struct peer *p)
{
	if (c->proc_ino && p->ino)
		return c->proc_ino == p->ino;
	/* No pidfs: the holder's pidfd still live means its pid number has
	 * not been reused, so an equal pid is the same process. */
	return c->pid == p->pid && !pidfd_exited(c->pidfd);
}

int claims_release(struct isold *d, const struct peer *p, uint32_t id,
		   uint32_t *released)
{
	unsigned int i;

	*released = 0;
	if (pidfd_exited(p->pidfd))
		return -ESRCH;		/* the sender is gone */
	for (i = 0; i < d->nclaims; ) {
		struct claim *c = &d->claims[i];

		if ((!id || c->id == id) && held_by_peer(c, p) &&
		    (p->uid == 0 || p->uid == c->uid)) {
			claims_remove(d, c, true);	/* moves the last in */
			(*released)++;
			continue;
		}
		i++;
	}
	if (!*released) {
		if (id && runtime_was_revoked(d, p, id))
			return -ECANCELED;
		return id ? -ENOENT : 0;
	}
	claims_save(d);
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
	claims_save(d);
	debug_crash("death-journaled");
}

/* ---- the journal ---- */

int claims_save(struct isold *d)
{
	struct journal j = { .next_id = d->next_id };
	unsigned int i;
	int ret;

	snprintf(j.boot_id, sizeof(j.boot_id), "%s", d->boot_id);
	if (d->nclaims) {
		j.v = calloc(d->nclaims, sizeof(*j.v));
		if (!j.v)
			return -ENOMEM;
	}
	for (i = 0; i < d->nclaims; i++) {
		const struct claim *c = &d->claims[i];
		struct journal_rec *r = &j.v[j.n++];

		r->id = c->id;
		r->flags = c->flags;
		r->pid = c->pid;
		r->tid = c->tid;
		r->uid = c->uid;
		r->node = c->node;
		r->start = c->start_time;
		r->ino = c->ino;
		r->pino = c->proc_ino;
		r->cpus = c->cpus;
		if (c->cg)
			strcopy(r->cg, sizeof(r->cg), c->cg);
	}
	ret = journal_save(d->rundir_fd, &j);
	free(j.v);
	if (ret)
		log_err("journal %s/%s: %s", isol_paths_root(ISOL_ROOT_RUNDIR),
			JOURNAL_NAME, strerror(-ret));
	return ret;
}

/*
 * Is the holder of @r alive and provably the same thread/process?  Its
 * pidfd (on success, in *@fd) must have the recorded pidfs inode, the
 * process the recorded one, and the start time must match; without
 * recorded inodes (journal version 1, or no pidfs) pid, tid and start
 * time decide.
 */
static int verify_holder(const struct journal_rec *r, int *fd)
{
	bool process = r->flags & ISOLD_CLAIM_F_PROCESS;
	uint64_t start;
	int pfd;

	*fd = task_pidfd(r->pid, r->tid, !process);
	if (*fd < 0)
		return -ESRCH;
	if (r->ino && pidfd_ino(*fd) != r->ino)
		goto gone;		/* pid reused */
	if (r->pino) {
		pfd = task_pidfd(r->pid, r->pid, false);
		if (pfd < 0)
			goto gone;
		if (pidfd_ino(pfd) != r->pino) {
			close(pfd);
			goto gone;
		}
		close(pfd);
	}
	if (task_start_time(r->pid, r->tid, &start) || start != r->start ||
	    pidfd_exited(*fd))
		goto gone;
	return 0;
gone:
	close(*fd);
	*fd = -1;
	return -ESRCH;
}

static void to_claim(const struct journal_rec *r, struct claim *c)
{
	memset(c, 0, sizeof(*c));
	c->id = r->id;
	c->flags = r->flags;
	c->pid = r->pid;
	c->tid = r->tid;
	c->uid = r->uid;
	c->node = r->node;
	c->start_time = r->start;
	c->ino = r->ino;
	c->proc_ino = r->pino;
	c->cpus = r->cpus;
	c->pidfd = -1;
	c->cg = r->cg[0] ? strdup(r->cg) : NULL;
}

/* A live, verified holder whose claim cannot be kept: off the RT CPUs
 * (and out of the runtime partition). */
static void evict(struct isold *d, struct claim *c, const char *why)
{
	log_warn("journal: claim %u of pid %d tid %d not kept (%s); the "
		 "holder is moved to the housekeeping CPUs", c->id,
		 (int)c->pid, (int)c->tid, why);
	runtime_claim_leave(d, c, true);
	claim_pin(d, c, &d->hk);
	free(c->cg);
	c->cg = NULL;
}

static bool id_taken(const struct isold *d, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < d->nclaims; i++)
		if (d->claims[i].id == id)
			return true;
	return false;
}

int claims_restore(struct isold *d)
{
	unsigned int kept = 0, dropped = 0, i;
	char aside[128] = "";
	uint64_t next = 1;
	struct journal j;
	bool other_boot, corrupt;
	int ret;

	ret = journal_load(d->rundir_fd, &j);
	if (ret == -ENOENT)
		return claims_save(d);
	if (ret) {
		log_err("journal %s/%s: %s; its claims cannot be re-adopted",
			isol_paths_root(ISOL_ROOT_RUNDIR), JOURNAL_NAME,
			strerror(-ret));
		journal_free(&j);
		return ret;
	}
	corrupt = j.problems > 0;
	for (i = 0; i < j.n && !corrupt; i++) {
		unsigned int k;

		for (k = 0; k < i; k++)
			if (j.v[k].id == j.v[i].id) {
				corrupt = true;
				snprintf(j.why, sizeof(j.why), "line %u: id %u "
					 "repeats line %u", j.v[i].line,
					 j.v[i].id, j.v[k].line);
				break;
			}
	}
	if (corrupt) {
		ret = journal_set_aside(d->rundir_fd, aside, sizeof(aside));
		log_err("journal %s/%s is corrupt (%s; %u problem(s)): %s; "
			"re-adopting only the claims whose holders are alive "
			"and verified", isol_paths_root(ISOL_ROOT_RUNDIR),
			JOURNAL_NAME, j.why, j.problems ? j.problems : 1,
			ret ? "could not keep it aside" : "kept as");
		if (!ret)
			log_err("journal: the corrupt journal is %s/%s",
				isol_paths_root(ISOL_ROOT_RUNDIR), aside);
	}
	other_boot = j.boot_id[0] && d->boot_id[0] &&
		     strcmp(j.boot_id, d->boot_id);
	if (other_boot)
		log_info("journal: written before a reboot (boot %s): none of "
			 "its %zu holder(s) can be alive", j.boot_id, j.n);
	for (i = 0; i < j.n; i++) {
		const struct journal_rec *r = &j.v[i];
		cpu_set_t outside, free_cpus;
		struct claim c, *slot;
		int fd;

		if ((uint64_t)r->id + 1 > next)
			next = (uint64_t)r->id + 1;
		to_claim(r, &c);
		if (other_boot || verify_holder(r, &fd)) {
			log_info("journal: claim %u of pid %d tid %d released "
				 "(holder gone)", c.id, (int)c.pid, (int)c.tid);
			/* its process may live on in the partition */
			if (!other_boot)
				runtime_claim_leave(d, &c, false);
			free(c.cg);
			dropped++;
			continue;
		}
		if (id_taken(d, c.id)) {
			close(fd);
			evict(d, &c, "its id repeats an earlier claim");
			dropped++;
			continue;
		}
		claims_free_cpus(d, &free_cpus);
		CPU_ANDNOT(&outside, &c.cpus, &free_cpus);
		if (CPU_COUNT(&outside) || d->nclaims == ISOLD_MAX_CLAIMS) {
			close(fd);
			evict(d, &c, CPU_COUNT(&outside) ?
			      "its CPUs are no longer RT CPUs, or taken" :
			      "too many claims");
			dropped++;
			continue;
		}
		slot = append(d);
		if (!slot) {
			close(fd);
			evict(d, &c, "out of memory");
			dropped++;
			continue;
		}
		c.pidfd = fd;
		*slot = c;
		if ((slot->cg && runtime_claim_enter(d, slot)) ||
		    claim_pin(d, slot, &slot->cpus))
			log_warn("journal: claim %u: re-pinning failed",
				 slot->id);
		claims_watch(d, slot);
		kept++;
	}
	/* Go on past every id seen and the recorded next (take_id() wraps). */
	if (j.next_id > next)
		next = j.next_id;
	if (next > d->next_id)
		d->next_id = next;
	journal_free(&j);
	log_info("journal: %u claim(s) re-adopted, %u released", kept,
		 dropped);
	return claims_save(d);
}
