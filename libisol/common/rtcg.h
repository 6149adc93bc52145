/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtcg.h - the cgroup v2 side of a runtime RT set: one cpuset partition of
 * type "isolated" holding the runtime RT CPUs, and the moves that put an
 * RT thread in it and take it out again.
 *
 * Under the cgroup root (paths.h, ISOL_ROOT_CGROUP):
 *
 *   rtisol/       a "domain threaded" cgroup: the processes of runtime RT
 *                 claimants live here; its CPUs are the root's, minus the
 *                 partition's (the housekeeping CPUs);
 *                 cpuset.cpus.exclusive = the runtime RT CPUs
 *   rtisol/rt/    "threaded", a remote partition of type "isolated":
 *                 cpuset.cpus = cpuset.cpus.exclusive = the runtime RT
 *                 CPUs; the RT threads live here
 *
 * cgroup v2 moves whole processes between domains and single threads only
 * inside one threaded subtree, so a claimant's process moves into rtisol/
 * (its other threads stay on the housekeeping CPUs there) and only the RT
 * thread into rtisol/rt/; the process returns to the cgroup it came from
 * when its last runtime claim ends.
 *
 * On a fixture tree (the cgroup root redirected and not a cgroup2 mount)
 * the kernel's side is imitated just enough for the tests: mkdir creates
 * the control files, rmdir removes them, and a pid or tid written to
 * cgroup.procs or cgroup.threads is moved there from every other file.
 * Every function returns 0 or -errno, with what went wrong in @why.
 */
#ifndef ISOL_COMMON_RTCG_H
#define ISOL_COMMON_RTCG_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define RTCG_DOMAIN	"rtisol"
#define RTCG_PART	"rtisol/rt"
#define RTCG_PATH_MAX	1024	/* a cgroup path ("/system.slice/x") */

struct rtcg_state {
	bool root_cpuset;	/* "cpuset" in the root's subtree_control */
	bool domain, part;	/* rtisol/, rtisol/rt/ exist */
	cpu_set_t cpus;		/* rtisol/rt/cpuset.cpus.exclusive */
	cpu_set_t effective;	/* rtisol/rt/cpuset.cpus.effective */
	char partition[256];	/* rtisol/rt/cpuset.cpus.partition as read */
	bool valid;		/* it reads "isolated" */
	cpu_set_t root_effective;	/* the root's cpuset.cpus.effective */
	bool root_effective_known;	/* (absent before cpuset is enabled) */
};

/* Is the cgroup root usable (cgroup2, cpuset available)?  -ENOTSUP /
 * -ENOENT with the reason. */
int rtcg_check(char *why, size_t len);
/* True when the cgroup root is a fixture tree (see above). */
bool rtcg_fixture(void);
/* Read the state (missing parts read as absent/empty). */
int rtcg_read(struct rtcg_state *s);

/* "+cpuset" in the root's cgroup.subtree_control; *@enabled tells
 * whether this call enabled it (it was not). */
int rtcg_root_enable(bool *enabled, char *why, size_t len);
/* "-cpuset" there; -EBUSY when some cgroup still uses it (left on). */
int rtcg_root_disable(char *why, size_t len);

/*
 * rtcg_set - create rtisol/ and rtisol/rt/ as needed and make the
 * partition exactly @cpus (not empty), then check that it is valid:
 * "isolated" with @cpus effective.  A partition the kernel reports
 * invalid gets one more try (member, then isolated again); if it stays
 * invalid, -EINVAL with the kernel's reason ("isolated invalid (...)")
 * in @why, -EPERM when that reason is the writer's privilege ("Enable
 * partition not permitted": a remote partition needs CAP_SYS_ADMIN).
 * Nothing is undone here: the caller restores the previous set.
 */
int rtcg_set(const cpu_set_t *cpus, char *why, size_t len);

/*
 * rtcg_remove - the partition back to a member, every thread left in
 * rtisol/rt/ moved to rtisol/, rtisol/rt/ removed; then every process left
 * in rtisol/ moved to @fallback (a cgroup path, "/" for the root) and
 * rtisol/ removed.  *@strays (may be NULL) counts the processes moved.
 */
int rtcg_remove(const char *fallback, unsigned int *strays, char *why,
		size_t len);

/* The cgroup of process @pid ("/user.slice/..."), from /proc/PID/cgroup
 * (the fixture's files on a fixture tree). */
int rtcg_of(pid_t pid, char *path, size_t len);
/* True when @path is rtisol/ or below it. */
bool rtcg_is_ours(const char *path);

/*
 * rtcg_enter - put thread @tid of process @pid in the partition: the
 * process into rtisol/ first when it is elsewhere, then @tid (or, with
 * @process, every thread of @pid) into rtisol/rt/.
 */
int rtcg_enter(pid_t pid, pid_t tid, bool process, char *why, size_t len);
/* Thread @tid (every thread of @pid with @process) back to rtisol/. */
int rtcg_leave(pid_t pid, pid_t tid, bool process, char *why, size_t len);
/* Process @pid to the cgroup @path, else the nearest ancestor that takes
 * it, never the root cgroup unless @path is "/" (it then stays in rtisol/).
 * @owner: the process's uid, whose delegated cgroups (cgroup.procs of
 * @owner on a cgroup v2 mount) may be written; (uid_t)-1 for none. */
int rtcg_return(pid_t pid, const char *path, uid_t owner, char *why,
		size_t len);
/* The processes in rtisol/ (and its subtree): a malloc'd array. */
int rtcg_procs(pid_t **pids, size_t *n);

/* Percent-encode a cgroup path for a space-separated journal (every byte
 * outside [!-~], '%' and '=' as %XX), and back.  0 / -ENAMETOOLONG /
 * -EINVAL. */
int rtcg_path_encode(const char *path, char *out, size_t len);
int rtcg_path_decode(const char *s, char *out, size_t len);

#endif
