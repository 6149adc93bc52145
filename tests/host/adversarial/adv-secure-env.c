// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: the environment of an unprivileged user does not steer
 * libisol inside a privileged program.  RT applications typically run
 * with privileges their users lack (set-user-ID, or file capabilities such
 * as cap_sys_nice: both make the kernel set AT_SECURE).  libisol read
 * ISOL_RUNDIR, ISOL_SYSFS, ISOL_PROCFS, ISOL_RT_CPUS and ISOL_BACKEND with
 * getenv(): the user who starts such a program could point it at an
 * "isold" of its own, which hands out any CPU (the program then runs with
 * its scheduling privileges on an RT CPU that root's isold gave to another
 * application), or choose its RT CPUs and backend.
 *
 * secure-probe (a libisol program) is installed set-user-ID root and run
 * by nobody with ISOL_* pointing at a socket the test listens on: the
 * socket must get no connection, and the probe must print exactly what it
 * prints without those variables.  Control: a copy without the set-user-ID
 * bit, run the same way, does follow them (the test can see a redirect).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static char dir[] = "/tmp/adv-secure-env.XXXXXX";
static char fake[300];

/* Run @prog as nobody, with the attacker's ISOL_* when @env; its stdout
 * into @out. */
static int run_as_nobody(const char *prog, bool env, char *out, size_t len)
{
	int p[2], st;
	size_t off = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(p))
		return -errno;
	fflush(stdout);
	pid = fork();
	if (!pid) {
		dup2(p[1], 1);
		close(p[0]);
		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(100);
		clearenv();
		if (env) {
			setenv("ISOL_RUNDIR", fake, 1);
			setenv("ISOL_SYSFS", fake, 1);
			setenv("ISOL_PROCFS", fake, 1);
			setenv("ISOL_RT_CPUS", "1", 1);
			setenv("ISOL_BACKEND", "emulation", 1);
		}
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (off + 1 < len && (n = read(p[0], out + off, len - 1 - off)) > 0)
		off += (size_t)n;
	out[off] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The attacker's "isold": accepts and closes connections, counting. */
static int nconn;

static void *fake_isold(void *arg)
{
	int l = *(int *)arg, fd;

	while ((fd = accept4(l, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		__atomic_add_fetch(&nconn, 1, __ATOMIC_SEQ_CST);
		close(fd);
	}
	return NULL;
}

/* Connections since the last call. */
static int connections(void)
{
	return __atomic_exchange_n(&nconn, 0, __ATOMIC_SEQ_CST);
}

static void one_line(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\n' ? '|' : *s);
}

int main(void)
{
	char suid[400], plain[400], cmd[1000], base[512], got[512];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *b = getenv("B");
	pthread_t th;
	int l, n;

	if (!mkdtemp(dir))
		return 1;
	chmod(dir, 0755);
	snprintf(suid, sizeof(suid), "%s/probe-suid", dir);
	snprintf(plain, sizeof(plain), "%s/probe", dir);
	snprintf(fake, sizeof(fake), "%s/fake", dir);
	snprintf(cmd, sizeof(cmd), "cp %s/tests/adversarial/secure-probe %s && "
		 "cp %s %s && chown 0:0 %s && chmod 4755 %s && mkdir -m 0777 %s",
		 b ? b : "build/host", suid, suid, plain, suid, suid, fake);
	if (system(cmd)) {
		printf("Bail out! cannot install the probe\n");
		return 1;
	}
	/* The attacker's "isold": a socket it listens on. */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/isold.sock", fake);
	l = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(sa.sun_path, 0666) || listen(l, 16) ||
	    pthread_create(&th, NULL, fake_isold, &l))
		return 1;

	run_as_nobody(suid, false, base, sizeof(base));
	connections();
	run_as_nobody(suid, true, got, sizeof(got));
	n = connections();
	printf("# without ISOL_*: ");
	one_line(base);
	printf("\n# with ISOL_*:    ");
	one_line(got);
	printf("\n");
	TAP_OK(n == 0, "the set-user-ID program did not connect to the "
	       "user's socket (%d connection(s))", n);
	TAP_OK(!strcmp(base, got), "it sees the same backend and RT CPUs and "
	       "gets the same answer as without the user's ISOL_*");

	run_as_nobody(plain, true, got, sizeof(got));
	n = connections();
	TAP_OK(n > 0 && strstr(got, "rt_cpus 0 1\n"), "control: without "
	       "set-user-ID the same program follows ISOL_* (%d "
	       "connection(s))", n);

	shutdown(l, SHUT_RDWR);
	pthread_join(th, NULL);
	close(l);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		TAP_DIAG("cannot remove %s", dir);
	return tap_done();
}
