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
#include "log.h"
#include "rtset.h"

#define ISOLD_MAX_CLIENTS	256
#define ISOLD_ROOT_SLOTS	16	/* of those, only root may use */
#define ISOLD_MAX_CLAIMS	1024
#define ISOLD_ID_END		((uint64_t)UINT32_MAX + 1)	/* past the last id */
#define ISOLD_MAX_NODES		64
#define ISOLD_BAD_MSG_LIMIT	16
#define NGROUPS_MAX_ISOLD	256

/* ---- backends (stalld-style ops) ---- */
struct isold;
struct backend_ops {
	const char *name;
	enum isold_backend id;
	/* Make the kernel's whitelist equal cfg's; 0 or -errno, with the
	 * reason in @why.  @quiet: failures are logged at debug level (the
	 * caller reports them). */
	int (*apply)(struct isold *d, bool quiet, char *why, size_t len);
	/* 0 when the kernel's whitelist equals cfg's, -ESTALE if not. */
	int (*verify)(struct isold *d, bool quiet);
};
extern const struct backend_ops backend_kernel, backend_emul;
/* Log what each record became per ABI (a bit, a rule, not loaded); a
 * non-NULL @norules_<abi> says why rules of that ABI are not loaded. */
void backend_report(struct isold *d, const char *norules_x86_64,
		    const char *norules_ia32);
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
/* Node holding most of @pid's memory (/proc/<pid>/numa_maps, its first
 * 512 KiB), or -1. */
int topo_memory_node(pid_t pid);

/* ---- claims ---- */
/*
 * A holder is the thread @tid of process @pid (or the whole process with
 * ISOLD_CLAIM_F_PROCESS).  Its identity is the pidfs inode number of its
 * pidfd, unique per boot on Linux >= 6.9 (64-bit), plus the start time;
 * @pidfd watches it while isold runs.  docs/security.md says exactly what
 * this guarantees.
 */
struct claim {
	uint32_t id;
	uint32_t flags;		/* ISOLD_CLAIM_F_* */
	pid_t pid, tid;
	uid_t uid;
	int node;
	uint64_t start_time;	/* of @tid, clock ticks since boot */
	uint64_t ino;		/* pidfs inode of the holder (0: unknown) */
	uint64_t proc_ino;	/* pidfs inode of process @pid (0: unknown) */
	cpu_set_t cpus;
	int pidfd;		/* -1 when not (yet) watched */
	/* Runtime RT CPUs (runtime.c): the cgroup the process came from,
	 * where it returns (malloc'd); NULL for boot RT CPUs. */
	char *cg;
};

/* A claim revoked by a forced release, until its holder asks (RELEASE
 * answers ECANCELED) or ISOLD_MAX_REVOKED later ones push it out. */
#define ISOLD_MAX_REVOKED	64
struct revoked {
	uint32_t id;
	pid_t pid;
	uint64_t proc_ino;
};

/*
 * The sender of one request, as the kernel reports it with that message
 * (SCM_CREDENTIALS, SCM_PIDFD): what acts on claims is checked against
 * this, never against who connected.
 */
struct peer {
	pid_t pid;		/* process (thread group) of the sender */
	uid_t uid;		/* its real uid (or credentials it proved) */
	gid_t gid;
	int pidfd;		/* -1 when it had exited before we looked */
	uint64_t ino;		/* pidfs inode of @pidfd (0: unknown) */
};

struct isold_stats {
	uint64_t requests, bad_requests, claims_granted, claims_denied,
		 claims_released, holder_deaths, reloads, reload_failures,
		 irqs_moved, irqs_unmovable, kthreads_moved,
		 kthreads_unmovable;
};

/* A connection; pid/uid are those of connect(), for accounting and logs. */
struct client {
	int fd;
	pid_t pid;
	uid_t uid;
	uint64_t last_ms;	/* last request (or accept) */
	unsigned int bad;
};


/* irqbalance (irqbalance.c): what it was told, and whether it bans that. */
struct isold_irqb {
	pid_t pid;		/* the irqbalance seen; 0: none */
	cpu_set_t told;		/* the CPUs it was told to ban */
	bool verified;		/* its "setup" answer bans exactly @told */
	int status;		/* 0, or -errno of its socket */
	uint64_t told_ms, next_ms;
};
#define ISOLD_IRQ_CHANGES	16	/* IRQ changes kept for the report */

struct isold {
	struct isold_config *cfg;
	const struct backend_ops *backend;
	cpu_set_t online, rt, hk;
	struct topo topo;
	bool pin_best_effort;
	cpu_set_t machine;		/* CPUs this machine really has */

	struct claim *claims;
	unsigned int nclaims;
	uint64_t next_id;		/* ISOLD_ID_END: wrap to 1 */
	char boot_id[40];		/* /proc/sys/kernel/random/boot_id */

	struct client clients[ISOLD_MAX_CLIENTS];
	unsigned int nclients;

	int epfd, lfd, sigfd, timerfd;
	int rundir_fd, lock_fd;		/* the checked run dir, its lock */
	uint64_t start_ms;
	struct isold_stats st;
	char unmovable_irqs[256];	/* last reported, to log changes */
	/* irqbalance.c: irqbalance, and IRQs put back from RT CPUs by the
	 * periodic pass (the last ISOLD_IRQ_CHANGES, a ring). */
	struct isold_irqb irqb;
	char irq_changes[ISOLD_IRQ_CHANGES][512];
	unsigned int irq_changes_next;
	uint64_t irq_changes_total;
	char tuned_conflict[1024];	/* tuned.c: "" or what conflicts */

	/* Per ABI: the kernel has no rules file, so records with args are
	 * not loaded (RULES replies say so). */
	bool rules_absent[SYSCALL_ABI_COUNT];
	/* The kernel whitelist: 0 in force, else -errno of the last try. */
	struct {
		int status;
		unsigned int failures;
		uint64_t next_ms;	/* next attempt (back-off) */
	} wl;
	/* The last reload (SIGHUP or RELOAD). */
	struct {
		int status;
		uint32_t count;
		char reason[ISOLD_REASON_MAX];
	} reload;
	struct ratelimit rl_denied, rl_refused;

	/* The runtime RT set (runtime.c): its journal, loaded at start. */
	struct rtset rtset;
	bool rtset_loaded;
	struct revoked revoked[ISOLD_MAX_REVOKED];
	unsigned int nrevoked, next_revoked;
};

/* system.c: CPUs and the validation of a config against this system. */
int system_probe(struct isold *d, const struct isold_config *cfg,
		 cpu_set_t *rt, cpu_set_t *hk, char *err, size_t errlen);
uint64_t now_ms(void);
/* snprintf that reports truncation: 0 or -ENAMETOOLONG. */
__attribute__((format(printf, 3, 4)))
int strfmt(char *buf, size_t len, const char *fmt, ...);
void debug_crash(const char *point);
/* Copy @src into @dst (@len bytes), truncated and NUL-terminated. */
void strcopy(char *dst, size_t len, const char *src);
int cpuset_format(const cpu_set_t *s, char *buf, size_t len);

/* steer.c: move noise off the RT CPUs, then verify (libisol/common/
 * steer.c), and log what happened. */
struct steer_opts;
struct steer_report;
void isold_steer(struct isold *d, bool verbose);
void isold_steer_irqs(struct isold *d, bool verbose);
void isold_steer_opts(const struct isold *d, struct steer_opts *o);
void isold_steer_report(struct isold *d, const struct steer_report *r,
			bool verbose, bool irqs_only);

/* irqbalance.c: tell a running irqbalance to ban the RT CPUs and verify
 * it does (called on every tick; it paces itself); report IRQs the
 * periodic pass put back (@r->moved), with who moved them if known; the
 * STATUS= text of both (empty, or starting "; "). */
void isold_irqbalance(struct isold *d);
void isold_irq_changes(struct isold *d, const struct steer_report *r);
void isold_irqbalance_status(const struct isold *d, char *buf, size_t len);
/* tuned.c: warn about a tuned partitioning profile on the same CPUs
 * (d->tuned_conflict). */
void isold_tuned(struct isold *d);
/* main.c: send the STATUS= line again (state of irqbalance, tuned). */
void isold_notify_status(struct isold *d);

/* identity.c: tasks, their pidfds and pidfs inode numbers. */
int task_start_time(pid_t pid, pid_t tid, uint64_t *out);
int task_pidfd(pid_t pid, pid_t tid, bool thread);
/* The pidfs inode number of @pidfd, 0 when pidfs is not there. */
uint64_t pidfd_ino(int pidfd);
bool pidfd_exited(int pidfd);
/* This boot's id (36 characters) into @buf; "" if unknown. */
void boot_id(char *buf, size_t len);

/* claims.c */
int claim_pin(struct isold *d, const struct claim *c, const cpu_set_t *to);
int claims_create(struct isold *d, const struct peer *p,
		  const struct isold_claim_req *req, struct claim **out);
int claims_release(struct isold *d, const struct peer *p, uint32_t id,
		   uint32_t *released);
void claims_holder_died(struct isold *d, uint32_t id);
struct claim *claims_find(struct isold *d, uint32_t id);
/* Drop @c; @unpin: move its holder to the housekeeping CPUs, if it is
 * still alive (a dead holder's number may be someone else's). */
void claims_remove(struct isold *d, struct claim *c, bool unpin);
int claims_watch(struct isold *d, struct claim *c);
void claims_free_cpus(const struct isold *d, cpu_set_t *free_cpus);
/* Write the journal from the claims; 0 or -errno (logged). */
int claims_save(struct isold *d);
/* Re-adopt the journal's claims whose holders provably live. */
int claims_restore(struct isold *d);

/* runtime.c: the runtime RT set (libisol/common/reserve.h). */
/* Load its journal (before the claims are restored): 0 or -errno. */
int runtime_load(struct isold *d);
/* Finish what a crash left, then reserve runtime_rt_cpus. */
void runtime_start(struct isold *d);
/* After a reload: reserve what runtime_rt_cpus adds. */
void runtime_reload(struct isold *d);
/* A RESERVE request. */
void runtime_request(struct isold *d, const struct peer *p,
		     const union isold_msg *in, union isold_msg *out);
/* Claims: prepare records where the process comes from when @c's CPUs
 * are runtime RT CPUs (c->cg), enter moves it into the partition, leave
 * out of it (back to c->cg when @c was the process's last) when it ends;
 * @alive: the holder lives. */
int runtime_claim_prepare(struct isold *d, struct claim *c);
int runtime_claim_enter(struct isold *d, struct claim *c);
void runtime_claim_leave(struct isold *d, struct claim *c, bool alive);
/* A revoked claim asked about by @p: true (and forgotten) if it is one. */
bool runtime_was_revoked(struct isold *d, const struct peer *p, uint32_t id);

/* rundir.c: the run dir, checked, and the lock that makes isold one. */
int rundir_open(struct isold *d);
int rundir_lock(struct isold *d);

/* server.c */
int server_listen(struct isold *d);
void server_accept(struct isold *d);
void server_client_event(struct isold *d, unsigned int slot, uint32_t ev);
void server_close_all(struct isold *d);
/* Close idle connections; returns ms until the next may expire, or -1. */
int server_expire(struct isold *d);

/* main.c: reload (SIGHUP or RELOAD); 0 or -errno, reason in d->reload. */
int isold_reload(struct isold *d);

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
