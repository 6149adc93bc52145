/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * isol-test.h - common setup of the libisol tests.
 *
 * The same behavioural tests run against whichever backend the machine
 * offers:
 *  - kernel backend (patched kernel, e.g. the VM: RT CPUs 2-3, HK 0-1): the
 *    real sysfs; the RT CPU is the first of rt_isolated; if the kernel
 *    whitelist is empty the default set is written for the test's lifetime;
 *  - emulation (stock kernel, e.g. the host): a fixture sysfs tree makes the
 *    last CPU the RT CPU (CPU 1 on a 2-CPU host) and the others HK; needs
 *    at least 2 CPUs, else the test is skipped.
 * ISOL_TEST_BACKEND=emulation forces the emulation on a patched kernel.
 * isold is never contacted: ISOL_RUNDIR points to an empty directory.
 */
#ifndef ISOL_TEST_H
#define ISOL_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <isol/isol.h>

#include "tap.h"

#ifndef PR_RT_ISOLATION
#define PR_RT_ISOLATION		0x52544953
#define PR_RT_ISOLATION_GET	2
#endif

static int t_rt_cpu = -1;		/* the RT CPU tests run on */
static cpu_set_t t_hk;			/* housekeeping CPUs */
static int t_backend;			/* enum isol_backend_kind */
static char t_dir[PATH_MAX / 2];		/* fixture root (emulation) */
static char t_wl_saved[8192];		/* kernel whitelist to restore */
static int t_wl_changed;

#define WL_FILE "/sys/kernel/rt_isolation/syscalls_x86_64"

__attribute__((unused))
static void t_skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(77);
}

__attribute__((unused))
static int t_write(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fputs(s, f) >= 0;
	return (fclose(f) == 0 && ok) ? 0 : -EIO;
}

__attribute__((unused))
static void t_mkdirs(const char *path)
{
	char tmp[PATH_MAX + 512], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	mkdir(tmp, 0755);
}

/* Remove the fixture tree (called at exit). */
static void t_cleanup(void)
{
	char cmd[PATH_MAX + 16];

	if (t_wl_changed)
		t_write(WL_FILE, t_wl_saved[0] ? t_wl_saved : "\n");
	if (t_dir[0] && getpid() == (pid_t)strtol(strrchr(t_dir, '.') + 1,
						    NULL, 10)) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t_dir);
		if (system(cmd))
			fprintf(stderr, "cannot remove %s\n", t_dir);
	}
}

/* Write a fixture file below t_dir. */
__attribute__((unused))
static void t_fixture(const char *rel, const char *content)
{
	char path[PATH_MAX + 256], dir[PATH_MAX + 256], *slash;

	snprintf(path, sizeof(path), "%s/%s", t_dir, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	t_mkdirs(dir);
	if (t_write(path, content))
		t_skip_all("cannot write the fixture tree");
}

/*
 * The whitelist of the tests: what a deployment would whitelist, minus
 * getcpu, so that syscall(SYS_getcpu) shows where a displaced call runs.
 */
static const char *t_wl_list(void)
{
	static char wl[256];

	snprintf(wl, sizeof(wl), "%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld\n",
		 (long)SYS_clock_gettime, (long)SYS_clock_nanosleep,
		 (long)SYS_gettid, (long)SYS_getpid, (long)SYS_rt_sigreturn,
		 (long)SYS_futex, (long)SYS_sched_yield,
		 (long)SYS_sched_getaffinity, (long)SYS_gettimeofday);
	return wl;
}

static void t_setup_emulation(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	char buf[PATH_MAX + 16];
	cpu_set_t mine;
	int i;

	if (n < 2)
		t_skip_all("needs 2 CPUs (one RT, one HK)");
	if (sched_getaffinity(0, sizeof(mine), &mine) || CPU_COUNT(&mine) < 2)
		t_skip_all("needs 2 usable CPUs in its affinity mask");
	t_rt_cpu = -1;
	CPU_ZERO(&t_hk);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine))
			t_rt_cpu = i;			/* last CPU: RT */
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine) && i != t_rt_cpu)
			CPU_SET(i, &t_hk);
	snprintf(t_dir, sizeof(t_dir), "%s/isol-test.%ld",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	snprintf(buf, sizeof(buf), "%d\n", t_rt_cpu);
	t_fixture("sys/devices/system/cpu/rt_isolated", buf);
	/* "online" = the CPUs we may use, so HK = those minus the RT CPU. */
	buf[0] = '\0';
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &mine))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%d", buf[0] ? "," : "", i);
	strcat(buf, "\n");
	t_fixture("sys/devices/system/cpu/online", buf);
	t_fixture("run/.keep", "");
	t_fixture("sys/kernel/rt_isolation/syscalls_x86_64", t_wl_list());
	atexit(t_cleanup);
	snprintf(buf, sizeof(buf), "%s/sys", t_dir);
	setenv("ISOL_SYSFS", buf, 1);
	snprintf(buf, sizeof(buf), "%s/run", t_dir);
	setenv("ISOL_RUNDIR", buf, 1);
	setenv("ISOL_BACKEND", "emulation", 1);
}

static void t_setup_kernel(void)
{
	cpu_set_t rt, online;
	FILE *f;
	int i, err;

	err = isol_rt_cpus(&rt);
	if (err || !CPU_COUNT(&rt))
		t_skip_all("kernel has RT isolation but no RT CPU "
			   "(boot with isolcpus=rtiso,<cpus>)");
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &rt)) {
			t_rt_cpu = i;
			break;
		}
	CPU_ZERO(&t_hk);
	if (sched_getaffinity(0, sizeof(online), &online))
		t_skip_all("sched_getaffinity failed");
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &online) && !CPU_ISSET(i, &rt))
			CPU_SET(i, &t_hk);
	f = fopen(WL_FILE, "r");
	if (f) {
		if (!fgets(t_wl_saved, sizeof(t_wl_saved), f))
			t_wl_saved[0] = '\0';
		fclose(f);
	}
	if (!t_write(WL_FILE, t_wl_list()))
		t_wl_changed = 1;
	else
		t_skip_all("cannot write " WL_FILE);
	atexit(t_cleanup);
}

/* Choose and prepare the backend; skips the whole test when impossible. */
__attribute__((unused))
static void t_setup(void)
{
	const char *want = getenv("ISOL_TEST_BACKEND");
	int kernel = prctl(PR_RT_ISOLATION, PR_RT_ISOLATION_GET, 0, 0, 0) >= 0;

	setenv("ISOL_RUNDIR", "/nonexistent-isol-rundir", 1);
	if (kernel && !(want && !strcmp(want, "emulation")))
		t_setup_kernel();
	else
		t_setup_emulation();
	t_backend = isol_backend();
	if (t_backend < 0)
		t_skip_all("no libisol backend on this kernel");
	TAP_DIAG("backend %s, RT CPU %d",
		 t_backend == ISOL_BACKEND_KERNEL ? "kernel" : "emulation",
		 t_rt_cpu);
}

/* Enter RT mode on the test's RT CPU. */
__attribute__((unused))
static int t_enter(int mode, unsigned int flags)
{
	ISOL_RT_OPTS(o, .cpu = t_rt_cpu, .mode = mode,
		     .flags = ISOL_RT_F_CPU | ISOL_RT_F_NO_MLOCK | flags);

	return isol_rt_enter(&o);
}

/*
 * The body probe: where the kernel runs the body of a system call. One
 * pread64 of /proc/thread-self/stat, whose field 39 ("processor") is
 * task_cpu() while the read runs; the pread64 is displaced, or runs in
 * place when whitelisted, like any call. (A real getcpu() cannot tell:
 * a displaced one reports the CPU the task returns to, as the vDSO does.)
 * The file is opened once per thread (t_overhead() opens it before a
 * count starts) so that a probe is exactly one system call; a fork child
 * reopens its own.
 */
static __thread int t_probe_fd = -1;

static void t_probe_forked(void)
{
	t_probe_fd = -1;
}

static int t_probe_open(void)
{
	static int atfork;

	if (t_probe_fd >= 0)
		return 0;
	if (!atfork && !pthread_atfork(NULL, NULL, t_probe_forked))
		atfork = 1;
	t_probe_fd = open("/proc/thread-self/stat", O_RDONLY | O_CLOEXEC);
	return t_probe_fd < 0 ? -errno : 0;
}

__attribute__((unused))
static int t_body_cpu(void)
{
	char buf[1024], *p;
	ssize_t n;
	int f, err = t_probe_open();

	if (err)
		return err;
	n = pread(t_probe_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	for (f = 2; p && *p; p++)
		if (*p == ' ' && ++f == 39)
			return atoi(p + 1);
	return -EIO;
}

__attribute__((unused))
static unsigned long long t_displacements(void)
{
	struct isol_rt_status st = { .sz = sizeof(st) };

	if (isol_rt_status(&st))
		return ~0ULL;
	return st.displacements;
}

__attribute__((unused))
static int t_is_hk(int cpu)
{
	return cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, &t_hk);
}

/*
 * Reading the counters costs syscalls of its own with the kernel backend
 * (/proc/self/task/<tid>/status); t_overhead() measures that cost so
 * that deltas can be compared exactly.
 */
__attribute__((unused))
static unsigned long long t_overhead(void)
{
	unsigned long long a;

	t_probe_open();
	a = t_displacements();
	return t_displacements() - a;
}

#endif
