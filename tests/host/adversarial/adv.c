// SPDX-License-Identifier: LGPL-2.1-or-later
/* adv.c - helpers of the adversarial suite: namespaces, users, pids. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"

int adv_pidns(void)
{
	pid_t pid;
	int st;

	if (unshare(CLONE_NEWPID | CLONE_NEWNS))
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		/*
		 * _exit: after unshare(CLONE_NEWPID) this process can no
		 * longer create tasks (their namespace's init is gone), and
		 * LeakSanitizer's exit-time check needs one.
		 */
		fflush(stdout);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	/* pid 1 of the new namespace: a /proc that shows it. */
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL)) {
		printf("Bail out! cannot mount /proc in the pid namespace: %s\n",
		       strerror(errno));
		exit(1);
	}
	/* If the test dies, its children (daemon, holders) die with it. */
	return 0;
}

int adv_drop(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
	    setresuid(uid, uid, uid))
		return -errno;
	prctl(PR_SET_DUMPABLE, 1);	/* so that /proc/<pid> stays readable */
	return 0;
}

pid_t adv_fork_as_pid(pid_t want)
{
	char buf[32];
	int fd, n;

	fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d", (int)want - 1);
	if (write(fd, buf, (size_t)n) != n) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	fflush(stdout);
	return fork();
}

/* State letter of @pid (/proc/<pid>/stat field 3), '?' if unknown. */
static char task_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return '?';
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

void adv_freeze(pid_t pid)
{
	kill(pid, SIGSTOP);
	while (task_state(pid) != 'T' && task_state(pid) != '?')
		usleep(1000);
}

void adv_thaw(pid_t pid)
{
	kill(pid, SIGCONT);
}

int adv_log_count(struct fixture *fx, const char *needle)
{
	char line[2048];
	FILE *f = fopen(fx->log, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

bool adv_log_has(struct fixture *fx, const char *needle)
{
	return adv_log_count(fx, needle) > 0;
}

unsigned long long adv_affinity(pid_t tid)
{
	unsigned long long m = 0;
	cpu_set_t s;
	int i;

	if (sched_getaffinity(tid, sizeof(s), &s))
		return 0;
	for (i = 0; i < 64; i++)
		if (CPU_ISSET(i, &s))
			m |= 1ULL << i;
	return m;
}

int adv_sh(char *out, size_t len, const char *fmt, ...)
{
	char cmd[8192];
	size_t off = 0;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	strncat(cmd, " 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	fflush(stdout);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	out[0] = '\0';
	while (off + 1 < len) {
		size_t n = fread(out + off, 1, len - 1 - off, p);

		if (!n)
			break;
		off += n;
	}
	out[off] = '\0';
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
