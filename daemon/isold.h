/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * isold.h - the daemon's state and the entry points of its modules.
 * Everything lives in one struct isold passed around explicitly (no
 * file-scope state beyond what each module documents).
 */
#ifndef ISOLD_ISOLD_H
#define ISOLD_ISOLD_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "isold_proto.h"

#define ISOLD_MAX_CLIENTS	256
#define ISOLD_MAX_CLAIMS	1024
#define ISOLD_MAX_NODES		64
#define ISOLD_BAD_MSG_LIMIT	16
#define NGROUPS_MAX_ISOLD	256

/* ---- backends (stalld-style ops) ---- */
struct isold;
struct backend_ops {
	const char *name;
	enum isold_backend id;
	/* Make the kernel's whitelist equal cfg's; 0 or -errno. */
	int (*apply)(struct isold *d);
	/* 0 when the kernel's whitelist equals cfg's, -ESTALE if not. */
	int (*verify)(struct isold *d);
};
extern const struct backend_ops backend_kernel, backend_emul;
/* "auto", "kernel" or "emulation" -> ops; NULL + log on failure. */
const struct backend_ops *backend_select(const char *want);

/* ---- NUMA topology ---- */
struct topo {
	int nnodes;
	int id[ISOLD_MAX_NODES];
	cpu_set_t cpus[ISOLD_MAX_NODES];
	int dist[ISOLD_MAX_NODES][ISOLD_MAX_NODES];	/* by index */
};
/* libnuma on the real /sys; the fixture nodeN files when redirected. */
int topo_load(struct topo *t, const cpu_set_t *online);
int topo_index(const struct topo *t, int node);	/* -1 if unknown */
int topo_node_of_cpu(const struct topo *t, int cpu);
/* Node holding most of @pid's memory (/proc/<pid>/numa_maps), or -1. */
int topo_memory_node(pid_t pid);

/* ---- claims ---- */
struct claim {
	uint32_t id;
	uint32_t flags;		/* ISOLD_CLAIM_F_* */
	pid_t pid, tid;
	uid_t uid;
	int node;
	uint64_t start_time;
	cpu_set_t cpus;
	int pidfd;		/* -1 when not (yet) watched */
};

struct isold_stats {
	uint64_t requests, bad_requests, claims_granted, claims_denied,
		 claims_released, holder_deaths, reloads, reload_failures,
		 irqs_moved, irqs_unmovable, kthreads_moved,
		 kthreads_unmovable;
};

struct client {
	int fd;
	pid_t pid;
	uid_t uid;
	gid_t gid;
	int pidfd;
	unsigned int bad;
};

struct isold {
	struct isold_config *cfg;
	const struct backend_ops *backend;
	cpu_set_t online, rt, hk;
	struct topo topo;
	bool pin_best_effort;
	cpu_set_t machine;		/* CPUs this machine really has */

	struct claim *claims;
	unsigned int nclaims;
	uint32_t next_id;

	struct client clients[ISOLD_MAX_CLIENTS];
	unsigned int nclients;

	int epfd, lfd, sigfd, timerfd;
	uint64_t start_ms;
	struct isold_stats st;
	char unmovable_irqs[256];	/* last reported, to log changes */
};

/* system.c: CPUs and the validation of a config against this system. */
int system_probe(struct isold *d, const struct isold_config *cfg,
		 cpu_set_t *rt, cpu_set_t *hk, char *err, size_t errlen);
uint64_t now_ms(void);
/* snprintf that reports truncation: 0 or -ENAMETOOLONG. */
__attribute__((format(printf, 3, 4)))
int strfmt(char *buf, size_t len, const char *fmt, ...);
void debug_crash(const char *point);
int cpuset_format(const cpu_set_t *s, char *buf, size_t len);

/* steer.c: move noise off the RT CPUs, then verify. */
void steer_all(struct isold *d, bool verbose);
void steer_irqs(struct isold *d, bool verbose);

/* claims.c */
int task_start_time(pid_t pid, pid_t tid, uint64_t *out);
int task_pidfd(pid_t pid, pid_t tid, bool thread);
int claim_pin(struct isold *d, const struct claim *c, const cpu_set_t *to);
int claims_create(struct isold *d, const struct client *cl,
		  const struct isold_claim_req *req, struct claim **out);
int claims_release(struct isold *d, pid_t pid, uint32_t id,
		   uint32_t *released);
void claims_holder_died(struct isold *d, uint32_t id);
struct claim *claims_find(struct isold *d, uint32_t id);
void claims_remove(struct isold *d, struct claim *c, bool unpin);
int claims_watch(struct isold *d, struct claim *c);
void claims_free_cpus(const struct isold *d, cpu_set_t *free_cpus);

/* journal.c */
int journal_save(struct isold *d);
/* Re-adopt live claims of the journal; release dead ones. */
int journal_restore(struct isold *d);

/* server.c */
int server_listen(struct isold *d);
void server_accept(struct isold *d);
void server_client_event(struct isold *d, unsigned int slot, uint32_t ev);
void server_close_all(struct isold *d);

/* dst = a & ~b (glibc has no CPU_ANDNOT) */
static inline void cpuset_andnot(cpu_set_t *dst, const cpu_set_t *a,
				 const cpu_set_t *b)
{
	cpu_set_t both;

	CPU_AND(&both, a, b);
	CPU_XOR(dst, a, &both);
}
#define CPU_ANDNOT(d, a, b) cpuset_andnot((d), (a), (b))

/* epoll tags */
#define TAG_LISTEN	1ULL
#define TAG_SIGNAL	2ULL
#define TAG_TIMER	3ULL
#define TAG_CLIENT	4ULL
#define TAG_CLAIM	5ULL
#define EP_TAG(kind, v)	(((uint64_t)(kind) << 32) | (uint32_t)(v))

#endif
