/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * adv.h - helpers of the adversarial suite (tests/host/adversarial): the
 * attacker is a really unprivileged user (setgroups(0) + setresgid +
 * setresuid to nobody or another unused id, no capabilities left), pid
 * reuse is forced in a private pid namespace (unshare, ns_last_pid), and
 * the daemon is the real isold on the fixture tree of
 * tests/host/daemon/harness.c.
 */
#ifndef ADV_H
#define ADV_H

#include <stdbool.h>
#include <sys/types.h>

#include "../daemon/harness.h"

#define ADV_NOBODY	65534
#define ADV_NOGROUP	65534
/* A second unprivileged id with no passwd entry and no policy. */
#define ADV_OTHER	65533

/*
 * adv_pidns - continue in a new pid + mount namespace, as its pid 1 with
 * a /proc of its own; the original process waits and exits with the
 * child's status.  Returns 0 in the child, or -errno (no namespace:
 * the caller skips).
 */
int adv_pidns(void);

/* Drop to @uid/@gid for good (no supplementary groups). 0 or -errno. */
int adv_drop(uid_t uid, gid_t gid);

/*
 * adv_fork_as_pid - fork with the child getting pid @want (ns_last_pid;
 * needs adv_pidns()).  Returns the child's pid (== @want on success, the
 * caller checks), 0 in the child, -errno.
 */
pid_t adv_fork_as_pid(pid_t want);

/*
 * adv_freeze - stop @pid (SIGSTOP) and return once it is stopped, as a
 * daemon the scheduler does not run; adv_thaw - let it go on.  An attacker
 * cannot stop root's daemon, but it cannot rule out that the daemon does
 * not run for a while either: what is queued meanwhile is served in order.
 */
void adv_freeze(pid_t pid);
void adv_thaw(pid_t pid);

/* Lines of the daemon's log that contain @needle (all of them). */
int adv_log_count(struct fixture *fx, const char *needle);
/* The log from line @from on contains @needle. */
bool adv_log_has(struct fixture *fx, const char *needle);

/* Affinity of @tid as a bit mask of CPUs 0-63. */
unsigned long long adv_affinity(pid_t tid);

/* Run @cmd through sh -c, stdout+stderr into @out (NUL-terminated);
 * returns the exit status (or 128+signal). */
int adv_sh(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
