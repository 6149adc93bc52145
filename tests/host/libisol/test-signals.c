// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-signals.c - signals and an RT thread in isolation: a handler that
 * interrupts user code makes displaced syscalls and returns (rt_sigreturn)
 * to the RT CPU; EINTR and SA_RESTART work for displaced blocking calls,
 * including restart_syscall; the signal mask is the application's.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "isol-test.h"

static volatile sig_atomic_t got, handler_cpu = -2;
static pthread_t main_thread;
static pid_t main_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handler_cpu = t_sys_getcpu();
	got++;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigfillset(&sa.sa_mask);	/* includes SIGSYS: libisol copes */
	sigaction(sig, &sa, NULL);
}

/*
 * Wait (up to 10 s) until thread @tid of process @pid is blocked in
 * syscall @nr, as /proc/PID/task/TID/syscall reports it: a signal sent
 * before the call blocks would not interrupt it, and a fixed delay is not
 * enough on a loaded machine (a displaced call waits for its migration).
 */
static void wait_in_syscall(pid_t pid, pid_t tid, long nr)
{
	char path[64], buf[64];
	int i, fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid,
		 (int)tid);
	for (i = 0; i < 10000; i++) {
		ssize_t n = -1;

		fd = open(path, O_RDONLY);
		if (fd >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
		}
		if (n > 0) {
			buf[n] = 0;
			if (buf[0] >= '0' && buf[0] <= '9' &&
			    strtol(buf, NULL, 10) == nr)
				return;
		}
		usleep(1000);
	}
	fprintf(stderr, "# thread %d not seen in syscall %ld\n", (int)tid, nr);
}

/*
 * Helper thread: once the main thread is blocked in syscall @nr (or,
 * with @nr -1, after @ms), signal it; then, with @fd, write a byte @ms
 * later.
 */
struct kick {
	int ms, sig, fd;
	long nr;
};

static void *kicker(void *arg)
{
	struct kick *k = arg;
	struct timespec ts = { k->ms / 1000, (k->ms % 1000) * 1000000L };

	if (k->nr >= 0)
		wait_in_syscall(getpid(), main_tid, k->nr);
	else
		nanosleep(&ts, NULL);
	pthread_kill(main_thread, k->sig);
	if (k->fd >= 0) {
		nanosleep(&ts, NULL);
		if (write(k->fd, "x", 1) != 1)
			perror("write");
	}
	return NULL;
}

/* A child that SIGSTOPs and SIGCONTs us once told to go; returns the fd. */
static int start_stopper(void)
{
	int p[2];
	pid_t parent = getpid();
	char c;

	if (pipe(p))
		exit(1);
	if (fork() == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) == 1) {
			wait_in_syscall(parent, parent, SYS_nanosleep);
			kill(parent, SIGSTOP);
			usleep(20000);
			kill(parent, SIGCONT);
		}
		_exit(0);
	}
	close(p[0]);
	return p[1];
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(void)
{
	unsigned long long d0, d1, ov;
	struct kick k;
	pthread_t th;
	sigset_t set, old;
	char c;
	int fds[2], err, stopper_go;
	ssize_t n;
	double t0;

	t_setup();
	main_thread = pthread_self();
	main_tid = gettid();
	set_handler(SIGUSR1, on_usr1, SA_RESTART);
	if (pipe(fds))
		return 1;

	stopper_go = start_stopper();
	err = t_enter(ISOL_MODE_DISPLACE, 0);
	if (!TAP_OK(err == 0, "enter: %s", isol_strerror(err)))
		return tap_done();
	ov = t_overhead();

	/* 1. Asynchronous signal while the thread runs user code. */
	k = (struct kick){ 20, SIGUSR1, -1, -1 };
	pthread_create(&th, NULL, kicker, &k);
	d0 = t_displacements();
	while (!got)
		;			/* spin in user mode, no syscalls */
	d1 = t_displacements();
	TAP_OK(sched_getcpu() == t_rt_cpu, "back on the RT CPU after the handler");
	TAP_OK(t_is_hk(handler_cpu), "handler's getcpu ran on HK CPU %d",
	       (int)handler_cpu);
	TAP_OK(d1 - d0 - ov == 1,
	       "handler's syscall displaced, its rt_sigreturn not (%llu)",
	       d1 - d0 - ov);
	pthread_join(th, NULL);

	/* 2. Synchronous: raise() from the RT thread itself. */
	got = 0;
	raise(SIGUSR1);
	TAP_OK(got == 1 && sched_getcpu() == t_rt_cpu,
	       "raise(): handler ran, thread home again");

	/* 3. EINTR of a displaced blocking read (no SA_RESTART). */
	set_handler(SIGUSR1, on_usr1, 0);
	got = 0;
	k = (struct kick){ 30, SIGUSR1, -1, SYS_read };
	pthread_create(&th, NULL, kicker, &k);
	n = read(fds[0], &c, 1);
	TAP_OK(n == -1 && errno == EINTR && got == 1,
	       "blocking read interrupted: EINTR (n=%zd, %s)", n, strerror(errno));
	TAP_OK(sched_getcpu() == t_rt_cpu, "home after EINTR");
	pthread_join(th, NULL);

	/* 4. SA_RESTART: the read is restarted and gets the byte. */
	set_handler(SIGUSR1, on_usr1, SA_RESTART);
	got = 0;
	k = (struct kick){ 30, SIGUSR1, fds[1], SYS_read };
	pthread_create(&th, NULL, kicker, &k);
	n = read(fds[0], &c, 1);
	TAP_OK(n == 1 && c == 'x' && got == 1,
	       "SA_RESTART: read restarted and completed (n=%zd)", n);
	TAP_OK(sched_getcpu() == t_rt_cpu, "home after the restarted read");
	pthread_join(th, NULL);

	/* 5. nanosleep + handler: EINTR, as natively. */
	got = 0;
	k = (struct kick){ 0, SIGUSR1, -1, SYS_nanosleep };
	pthread_create(&th, NULL, kicker, &k);
	err = syscall(SYS_nanosleep, &(struct timespec){ 10, 0 }, NULL);
	TAP_OK(got == 1 && err == -1 && errno == EINTR,
	       "nanosleep interrupted by a handler: EINTR");
	pthread_join(th, NULL);

	/*
	 * 5b. restart_syscall: SIGSTOP/SIGCONT (no handler) while in a
	 * displaced nanosleep; the kernel restarts it transparently.
	 */
	t0 = now_ms();
	if (write(stopper_go, "g", 1) != 1)
		return 1;
	err = syscall(SYS_nanosleep, &(struct timespec){ 0, 150000000L }, NULL);
	t0 = now_ms() - t0;
	TAP_OK(err == 0 && t0 >= 149.0,
	       "stopped and continued nanosleep completes (%d, %.1f ms)",
	       err, t0);
	TAP_OK(sched_getcpu() == t_rt_cpu, "home after the restart");

	/* 6. The signal mask is the application's (rt_sigprocmask). */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	got = 0;
	TAP_OK(pthread_sigmask(SIG_BLOCK, &set, &old) == 0, "block SIGUSR1");
	raise(SIGUSR1);
	TAP_OK(got == 0, "blocked signal not delivered");
	sigpending(&set);
	TAP_OK(sigismember(&set, SIGUSR1), "it is pending");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	TAP_OK(got == 1, "delivered once unblocked");
	sigfillset(&set);
	pthread_sigmask(SIG_SETMASK, &set, &old);
	pthread_sigmask(SIG_SETMASK, &old, &set);
	TAP_OK(sigismember(&set, SIGUSR1) &&
	       (t_backend != ISOL_BACKEND_EMULATION || !sigismember(&set, SIGSYS)),
	       "sigfillset mask installed (SIGSYS kept open by the emulation)");
	TAP_OK(sched_getcpu() == t_rt_cpu && t_is_hk(t_sys_getcpu()),
	       "still isolated after the mask games");

	/* 7. Sleep on the RT CPU: whitelisted clock_nanosleep stays. */
	d0 = t_displacements();
	clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){ 0, 1000000 },
			NULL);
	d1 = t_displacements();
	TAP_OK(d1 - d0 - ov == 0, "clock_nanosleep not displaced (%llu)",
	       d1 - d0 - ov);

	TAP_OK(isol_rt_leave() == 0, "leave");
	return tap_done();
}
