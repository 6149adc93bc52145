// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-fork.c - fork, vfork, posix_spawn and execve from an RT thread: the
 * parent stays isolated on its RT CPU; a fork child inherits the isolation
 * and starts on the RT CPU; an exec'd image runs on the RT CPU.
 */
#include <spawn.h>
#include <sys/wait.h>

#include "isol-test.h"

extern char **environ;

/* Exit status of a child: bit 0 on RT CPU, bit 1 a displaced body. */
static int child_report(void)
{
	int s = 0;

	s |= sched_getcpu() == t_rt_cpu;
	s |= t_is_hk(t_body_cpu()) << 1;
	s |= (sched_getcpu() == t_rt_cpu) << 2;
	return s;
}

static int wait_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	char cpu[16], self[4096];
	unsigned long long d0, ov;
	pid_t pid;
	int err, st;
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "--exec-child")) {
		/* The exec'd image: on the RT CPU (affinity kept). */
		return sched_getcpu() == atoi(argv[2]) ? 0 : 1;
	}
	t_setup();
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return 1;
	self[n] = '\0';
	snprintf(cpu, sizeof(cpu), "%d", t_rt_cpu);

	err = t_enter(ISOL_MODE_DISPLACE, 0);
	if (!TAP_OK(err == 0, "enter: %s", isol_strerror(err)))
		return tap_done();
	ov = t_overhead();

	d0 = t_displacements();
	pid = fork();
	if (pid == 0)
		_exit(child_report());
	d0 = t_displacements() - d0 - ov;
	TAP_OK(pid > 0, "fork from an RT thread");
	/* glibc's fork() may add a call or two of its own (e.g. rseq). */
	TAP_OK(d0 >= 1 && d0 <= 3, "fork was displaced (%llu)", d0);
	TAP_OK(sched_getcpu() == t_rt_cpu, "parent back on the RT CPU");
	st = wait_status(pid);
	TAP_OK(st == 7, "fork child: on RT CPU, isolated, home again (%d)", st);

	pid = vfork();
	if (pid == 0)
		_exit(sched_getcpu() == t_rt_cpu ? 0 : 1);
	TAP_OK(pid > 0 && wait_status(pid) == 0, "vfork + _exit");
	TAP_OK(sched_getcpu() == t_rt_cpu && t_is_hk(t_body_cpu()),
	       "parent still isolated after vfork");

	{
		char *args[] = { self, "--exec-child", cpu, NULL };

		err = posix_spawn(&pid, self, NULL, NULL, args, environ);
		TAP_OK(err == 0, "posix_spawn: %s", strerror(err));
		st = err ? -1 : wait_status(pid);
		TAP_OK(st == 0, "spawned image runs on the RT CPU (%d)", st);
	}

	pid = fork();
	if (pid == 0) {
		char *args[] = { self, "--exec-child", cpu, NULL };

		execve(self, args, environ);
		_exit(99);
	}
	st = wait_status(pid);
	TAP_OK(st == 0, "fork + execve from the isolated child (%d)", st);

	errno = 0;
	TAP_OK(execve("/nonexistent/binary", (char *[]){ "x", NULL },
		      environ) == -1 && errno == ENOENT,
	       "failed execve returns ENOENT to the RT thread");
	TAP_OK(sched_getcpu() == t_rt_cpu && t_is_hk(t_body_cpu()),
	       "still isolated after the failed execve");

	st = system("exit 3");
	TAP_OK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "system() works (%d)", st);

	TAP_OK(isol_rt_leave() == 0, "leave");
	return tap_done();
}
