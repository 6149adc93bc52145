/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * harness.h - host tests of isold: a fixture tree (fake /sys, /proc/irq,
 * /etc/isol, /run/isol), the real daemon started on it, real socket
 * clients.  Run from the repository root with B set (make run-host-tests).
 *
 * Fixture: CPUs 0-7 online; NUMA node0 = 0-3, node1 = 4-7; RT CPUs
 * (rt_isolated) 1-3,5-7, so housekeeping = 0,4.  IRQs 0,1,9,24 start on
 * 0-7.  The daemon runs with --pin-best-effort: it pins for real to the
 * fixture CPUs this machine has.
 */
#ifndef ISOLD_TEST_HARNESS_H
#define ISOLD_TEST_HARNESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "isold_proto.h"

struct fixture {
	char root[256];
	char sys[300], proc[300], etc[300], run[300];
	char log[300];
	char notify[300];
	int notify_fd;
	pid_t daemon;
};

/* Create the tree; @conf is the isold.conf text (NULL: default policy
 * with root unlimited, nobody 1 CPU). */
int fx_create(struct fixture *fx, const char *conf);
void fx_destroy(struct fixture *fx);
int fx_write(struct fixture *fx, const char *rel, const char *text);
/* Read a fixture file (trailing newline stripped). */
int fx_read(struct fixture *fx, const char *rel, char *buf, size_t len);

/* Start isold (env "K=V" strings may be NULL-terminated list); waits for
 * READY=1 up to 5 s.  Returns 0 (fx->daemon set) or -1 (daemon exited or
 * timed out). */
int fx_start(struct fixture *fx, const char *const *env);
/* fx_start with @extra arguments (NULL-terminated) after the usual ones. */
int fx_start_args(struct fixture *fx, const char *const *env,
		  const char *const *extra);
/* Start an isold on this fixture without waiting (@log: NULL = fx->log). */
pid_t fx_spawn(struct fixture *fx, const char *const *env,
	       const char *const *extra, const char *log);
/* Wait for a notify message containing @what (e.g. "READY=1"). */
int fx_wait_notify(struct fixture *fx, const char *what, int timeout_ms);
/* Send @sig and reap; returns the wait status. */
int fx_stop(struct fixture *fx, int sig);
/* Wait for the daemon to exit by itself (e.g. ISOLD_DEBUG_CRASH). */
int fx_wait_exit(struct fixture *fx, int timeout_ms);
void fx_dump_log(struct fixture *fx);

int fx_connect(struct fixture *fx);
/* Send @m as @type, receive and decode the reply.  Returns the decoded
 * type, or -errno (-EPIPE when the daemon closed the connection). */
int fx_rpc(int fd, union isold_msg *m, uint16_t type, union isold_msg *rep);
int fx_send_raw(int fd, const void *buf, size_t len);
int fx_recv(int fd, union isold_msg *rep, int timeout_ms);

/* One CLAIM over a fresh connection.  status/cpus out. */
int fx_claim(struct fixture *fx, uint32_t ncpus, uint32_t flags, int node,
	     uint64_t *cpus, uint32_t *id);
int fx_status(struct fixture *fx, union isold_msg *rep);

/*
 * A client process that claims and then stays alive until killed.
 * @uid >= 0: setuid first.  Returns the child's pid; the reply's status
 * and first CPU are reported through *status and *cpu.
 */
pid_t fx_holder(struct fixture *fx, uid_t uid, uint32_t ncpus, uint32_t flags,
		int node, int *status, int *cpu);
void fx_kill(pid_t pid);

/* A fake cgroup v2 root at sys/fs/cgroup (no cpuset enabled yet, CPUs
 * 0-7), for the runtime RT set (libisol/common/rtcg.h). */
int fx_cgroup(struct fixture *fx);
/* Every file of the fixture's sys/ and proc/ trees as "path: content"
 * lines (trailing newlines dropped), malloc'd; the run dir is not in it. */
char *fx_snapshot(struct fixture *fx);
/* Print the first differing lines of two snapshots as TAP comments. */
void fx_diff(const char *a, const char *b);
/* One RESERVE request (@cpus a cpulist or NULL); the reply's status, or
 * -errno (-EPIPE: the daemon closed the connection). */
int fx_reserve(struct fixture *fx, uint32_t op, uint32_t flags,
	       const char *cpus, union isold_msg *rep);

int mask_first(const uint64_t *m);
int mask_count(const uint64_t *m);
long long now_us(void);

#endif
