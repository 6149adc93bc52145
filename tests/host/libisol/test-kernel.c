// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-kernel.c - what only the kernel backend does (VM test): libisol's
 * opt-in is the kernel's PR_RT_ISOLATION state (prctl GET, /proc status),
 * inherited by new threads and kept across execve, and off after leave.
 * Skipped, with the reason, when the kernel lacks RT isolation.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include "isol-test.h"

extern char **environ;

static long prctl_get(void)
{
	return prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_GET, 0, 0, 0);
}

static void *thread_get(void *arg)
{
	*(long *)arg = prctl_get();
	return NULL;
}

static int proc_status_has(const char *needle)
{
	char path[64], line[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)gettid());
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, needle) != NULL;
	if (f)
		fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	char self[4096], cpu[16];
	pthread_t th;
	long got = -1;
	pid_t pid;
	int err, st;
	ssize_t n;

	if (argc == 3 && !strcmp(argv[1], "--exec-child")) {
		/* Exec'd image: still opted in, still displacing, home CPU. */
		long mode = prctl_get();
		int c = t_body_cpu();

		return (mode & 0xff) == 1 && c >= 0 && c != atoi(argv[2]) &&
		       sched_getcpu() == atoi(argv[2]) ? 0 : 1;
	}
	if (prctl_get() < 0)
		t_skip_all("kernel without PR_RT_ISOLATION (the rtisol patch "
			   "is not in this kernel)");
	t_setup();
	if (t_backend != ISOL_BACKEND_KERNEL)
		t_skip_all("libisol did not pick the kernel backend");

	TAP_OK(prctl_get() == 0, "not opted in before enter");
	err = t_enter(ISOL_MODE_DISPLACE, 0);
	if (!TAP_OK(err == 0, "enter: %s", isol_strerror(err)))
		return tap_done();
	TAP_OK((prctl_get() & 0xff) == ISOL_MODE_DISPLACE,
	       "prctl GET: displace (%ld)", prctl_get());
	TAP_OK(proc_status_has("RtIsolation:\tdisplace"),
	       "/proc status: RtIsolation displace");
	TAP_OK(t_is_hk(t_body_cpu()) && sched_getcpu() == t_rt_cpu,
	       "kernel displaces a syscall body and brings the thread back");
	if (isol_syscall_allowed(SYS_getcpu) == 0) {
		unsigned int c = ~0U;

		syscall(SYS_getcpu, &c, NULL, NULL);
		TAP_OK((int)c == t_rt_cpu, "a displaced getcpu reports the RT "
		       "CPU %d, as the vDSO does (%u)", t_rt_cpu, c);
	} else {
		TAP_SKIP("getcpu is whitelisted here");
	}

	pthread_create(&th, NULL, thread_get, &got);
	pthread_join(th, NULL);
	TAP_OK((got & 0xff) == ISOL_MODE_DISPLACE,
	       "a new thread inherits the mode (%ld)", got);

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *args[] = { self, "--exec-child", cpu, NULL };

		self[n] = '\0';
		snprintf(cpu, sizeof(cpu), "%d", t_rt_cpu);
		pid = fork();
		if (pid == 0) {
			execve(self, args, environ);
			_exit(99);
		}
		waitpid(pid, &st, 0);
		TAP_OK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		       "opt-in kept across fork + execve (status %d)", st);
	} else {
		TAP_SKIP("no /proc/self/exe");
	}

	TAP_OK(isol_rt_leave() == 0, "leave");
	TAP_OK(prctl_get() == 0, "prctl GET: off after leave");

	signal(SIGXCPU, SIG_IGN);	/* the default notification signal */
	err = t_enter(ISOL_MODE_AUDIT, ISOL_RT_F_NOTIFY);
	TAP_OK(err == 0 && prctl_get() == (ISOL_MODE_AUDIT | 1 << 8),
	       "AUDIT|NOTIFY reaches the kernel (%ld)", prctl_get());
	isol_rt_leave();
	return tap_done();
}
