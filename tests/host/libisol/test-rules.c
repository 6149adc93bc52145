// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-rules.c (issue 13) - argument rules in force, against whichever
 * backend runs (isol-test.h): the emulation on the host (rules in the
 * fixture rules_x86_64, judged in the SIGSYS handler), the kernel in the
 * VM (the real rules_x86_64; skipped when the kernel has none).  The same
 * expectations for both backends are the proof that they agree:
 *  - write is not whitelisted as a number, but "1 fd0=pipe" lets a write
 *    into a pipe run in place while a write into a file displaces;
 *  - isol_syscall_allowed_args() answers the same for the same calls;
 *  - a masked and a multi-valued arg predicate (futex private ops);
 *  - a closed fd, a FIFO, an O_PATH fd of a FIFO (no open file to the
 *    kernel: of no class), an AF_UNIX socket and an eventfd;
 *  - STRICT: a write into a pipe is not refused, into a file it is
 *    (in a child, which dies of SIGSYS).
 */
#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "isol-test.h"

#define RULES_FILE "/sys/kernel/rt_isolation/rules_x86_64"

static char rules_saved[8192];
static int rules_changed;

static void restore_rules(void)
{
	if (rules_changed)
		t_write(RULES_FILE, rules_saved[0] ? rules_saved : "\n");
}

/* The numbers of the test (without write and futex) and its rules. */
static void set_rules(const char *rules)
{
	char wl[128];

	snprintf(wl, sizeof(wl), "%ld,%ld,%ld,%ld,%ld,%ld\n",
		 (long)SYS_clock_gettime, (long)SYS_gettid, (long)SYS_getpid,
		 (long)SYS_rt_sigreturn, (long)SYS_sched_getaffinity,
		 (long)SYS_exit_group);
	if (t_backend == ISOL_BACKEND_EMULATION) {
		t_fixture("sys/kernel/rt_isolation/syscalls_x86_64", wl);
		t_fixture("sys/kernel/rt_isolation/rules_x86_64", rules);
		return;
	}
	if (access(RULES_FILE, F_OK))
		t_skip_all(RULES_FILE " missing: this kernel has no argument "
			   "rules (issue 13 kernel part)");
	if (!rules_changed) {
		FILE *f = fopen(RULES_FILE, "r");

		if (f) {
			size_t n = fread(rules_saved, 1, sizeof(rules_saved) - 1, f);

			rules_saved[n] = '\0';
			fclose(f);
		}
		rules_changed = 1;
		atexit(restore_rules);
	}
	if (t_write(WL_FILE, wl) || t_write(RULES_FILE, rules))
		t_skip_all("cannot write the kernel's whitelist or rules");
}

static int allowed(long nr, unsigned long a0, unsigned long a1)
{
	unsigned long a[6] = { a0, a1, 0, 0, 0, 0 };

	return isol_syscall_allowed_args(nr, a);
}

/* Displacements caused by @n writes of @len bytes into @fd (overhead
 * removed). */
static unsigned long long displaced_writes(int fd, size_t len, int n,
					   unsigned long long ov)
{
	static const uint64_t one = 1;
	unsigned long long d0 = t_displacements(), d1;
	int i;

	for (i = 0; i < n; i++)
		if (write(fd, &one, len) != (ssize_t)len)
			return ~0ULL;
	d1 = t_displacements();
	return d1 - d0 - ov;
}

/* A child in STRICT mode writes to @fd: 0 when it survived. */
static int strict_write(int fd)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (t_enter(ISOL_MODE_STRICT, 0))
			_exit(3);
		/* raw calls: sanitizer runtimes make syscalls of their own */
		if (syscall(SYS_write, fd, "x", 1) != 1)
			syscall(SYS_exit_group, 4);
		syscall(SYS_exit_group, 0);	/* exempt from STRICT */
		_exit(5);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st) ? 256 : 0;
}

int main(void)
{
	char file[] = "/tmp/isol-test-rules.XXXXXX", fifo[64];
	int pfd[2], sk[2], ffd, efd, fdf, opath, err;
	unsigned long long ov, n;

	t_setup();
	set_rules("1 fd0=pipe\n202 arg1=128,129\n202 arg1&0x80=0x80 arg2=7\n");
	if (pipe(pfd) || socketpair(AF_UNIX, SOCK_DGRAM, 0, sk))
		t_skip_all("pipe/socketpair failed");
	fdf = mkstemp(file);
	unlink(file);
	snprintf(fifo, sizeof(fifo), "%s.fifo", file);
	mkfifo(fifo, 0600);
	ffd = open(fifo, O_RDWR | O_NONBLOCK);
	opath = open(fifo, O_PATH);
	unlink(fifo);
	efd = eventfd(0, 0);
	if (fdf < 0 || ffd < 0 || efd < 0 || opath < 0)
		t_skip_all("cannot create the files");

	TAP_OK(isol_syscall_allowed(SYS_write) == 0,
	       "write is not a whitelisted number");
	TAP_OK(allowed(SYS_write, (unsigned long)pfd[1], 0) == 1 &&
	       allowed(SYS_write, (unsigned long)ffd, 0) == 1,
	       "a write into a pipe or a FIFO runs in place (fd0=pipe)");
	TAP_OK(allowed(SYS_write, (unsigned long)fdf, 0) == 0 &&
	       allowed(SYS_write, (unsigned long)sk[0], 0) == 0 &&
	       allowed(SYS_write, (unsigned long)efd, 0) == 0 &&
	       allowed(SYS_write, 9999, 0) == 0,
	       "a write into a file, a socket, an eventfd or a closed fd does not");
	TAP_OK(allowed(SYS_write, (unsigned long)opath, 0) == 0,
	       "nor into an O_PATH fd of a FIFO (no open file: of no class)");
	TAP_OK(allowed(SYS_read, (unsigned long)pfd[0], 0) == 0,
	       "the rule is write's: read from a pipe does not");
	TAP_OK(allowed(SYS_futex, 0, FUTEX_WAKE_PRIVATE) == 1 &&
	       allowed(SYS_futex, 0, FUTEX_WAIT_PRIVATE) == 1 &&
	       allowed(SYS_futex, 0, FUTEX_WAKE) == 0 &&
	       allowed(SYS_futex, 0, FUTEX_LOCK_PI_PRIVATE) == 0,
	       "futex: private WAIT/WAKE only");
	{
		unsigned long a[6] = { 0, FUTEX_CMP_REQUEUE_PRIVATE, 7, 0, 0, 0 };
		unsigned long b[6] = { 0, FUTEX_CMP_REQUEUE_PRIVATE, 6, 0, 0, 0 };

		TAP_OK(isol_syscall_allowed_args(SYS_futex, a) == 1 &&
		       isol_syscall_allowed_args(SYS_futex, b) == 0,
		       "a masked predicate and a second predicate of one rule");
	}

	err = t_enter(ISOL_MODE_DISPLACE, 0);
	if (!TAP_OK(err == 0, "isol_rt_enter on CPU %d: %s", t_rt_cpu,
		    isol_strerror(err)))
		return tap_done();
	ov = t_overhead();
	n = displaced_writes(pfd[1], 1, 50, ov);
	TAP_OK(n == 0, "50 writes into a pipe: none displaced (%llu)", n);
	n = displaced_writes(fdf, 1, 50, ov);
	TAP_OK(n == 50, "50 writes into a file: all displaced (%llu)", n);
	n = displaced_writes(ffd, 1, 20, ov);
	TAP_OK(n == 0, "20 writes into a FIFO: none displaced (%llu)", n);
	n = displaced_writes(efd, 8, 1, ov);
	TAP_OK(n == 1, "a write into an eventfd is displaced (%llu)", n);
	{
		/* fails with EBADF, wherever it runs */
		unsigned long long d0 = t_displacements();

		err = (int)syscall(SYS_write, opath, "x", 1);
		n = t_displacements() - d0 - ov;
		TAP_OK(err == -1 && n == 1,
		       "a write into an O_PATH fd of a FIFO is displaced (%llu)", n);
	}
	TAP_OK(allowed(SYS_write, (unsigned long)pfd[1], 0) == 1 &&
	       allowed(SYS_write, (unsigned long)fdf, 0) == 0,
	       "isol_syscall_allowed_args agrees while opted in");
	isol_rt_leave();

	n = (unsigned long long)strict_write(pfd[1]);
	TAP_OK(n == 0, "STRICT: a write into a pipe is not refused (%llu)", n);
	TAP_OK(strict_write(fdf) == SIGSYS,
	       "STRICT: a write into a file is refused (SIGSYS)");

	/* rules replaced: the same call now displaces */
	set_rules("1 fd0=eventfd\n");
	TAP_OK(allowed(SYS_write, (unsigned long)pfd[1], 0) == 0 &&
	       allowed(SYS_write, (unsigned long)efd, 0) == 1,
	       "new rules: the pipe write displaces, the eventfd write not");
	return tap_done();
}
