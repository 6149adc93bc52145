// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: a whitelist record that another user could have written
 * never reaches the kernel.  Whoever writes a record decides which
 * syscalls run in place on the RT CPUs of every opted-in task; isold runs
 * as root and writes what it reads into /sys/kernel/rt_isolation.  A
 * careless administrator leaves a door open, an unprivileged user (nobody)
 * adds "[syscall openat] status = provisional", root reloads:
 *   - a record file in whitelist.d made world-writable;
 *   - a record file that belongs to that user;
 *   - "dir =" a world-writable sticky directory (like /tmp);
 *   - a whitelist dir that belongs to that user;
 *   - isold.conf itself world-writable (the user points "dir =" at its own
 *     directory).
 * Each time the reload must be refused naming the file or directory, and
 * openat (257) must not be in the kernel's whitelist; a root-owned record
 * added the same way does get in (the check can see a change).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

#define EVIL "[syscall openat]\nstatus = provisional\n"
#define NR_OPENAT "257"
#define GOOD "[syscall getpid]\nstatus = provisional\n"
#define NR_GETPID "39"

static struct fixture fx;
static char conf[2048];

/* Is syscall @nr in the fixture kernel's x86_64 whitelist? */
static bool in_kernel(const char *nr)
{
	char buf[4096], *tok, *save;

	if (fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
		    sizeof(buf)))
		return false;
	for (tok = strtok_r(buf, ",\n", &save); tok;
	     tok = strtok_r(NULL, ",\n", &save))
		if (!strcmp(tok, nr))
			return true;
	return false;
}

/* As nobody: fopen(@path, @how) (0644 if created), write @text. */
static int attacker_put(const char *path, const char *text, const char *how)
{
	pid_t pid = fork();
	int st;

	if (!pid) {
		FILE *f;

		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(100);
		umask(022);
		f = fopen(path, how);
		if (!f)
			_exit(errno);
		fputs(text, f);
		_exit(fclose(f) ? errno : 0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? -WEXITSTATUS(st) : -EINTR;
}

/* SIGHUP and wait for the reload's outcome. */
static void reload(void)
{
	kill(fx.daemon, SIGHUP);
	fx_wait_notify(&fx, "RELOADING=1", 10000);
	fx_wait_notify(&fx, "READY=1", 10000);
}

static bool log_names(const char *what)
{
	return adv_log_has(&fx, what);
}

int main(void)
{
	char wl[400], p[600], q[600], dir[400];
	int ret;

	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	snprintf(wl, sizeof(wl), "%s/whitelist.d", fx.etc);

	/* Control: root adds a record the same way; it does get in. */
	snprintf(p, sizeof(p), "%s/10-root.conf", wl);
	fx_write(&fx, "etc/isol/whitelist.d/10-root.conf", GOOD);
	chmod(p, 0644);
	reload();
	TAP_OK(in_kernel(NR_GETPID), "control: a root-owned 0644 record "
	       "reaches the kernel whitelist");
	unlink(p);

	/* 1: a record file anyone can write. */
	snprintf(p, sizeof(p), "%s/00-rt-loop.conf", wl);
	chmod(p, 0666);
	ret = attacker_put(p, EVIL, "a");
	reload();
	TAP_OK(!ret && !in_kernel(NR_OPENAT) && log_names("00-rt-loop.conf"),
	       "a world-writable record file, edited by nobody: refused, "
	       "openat not whitelisted (append %d)", ret);
	fx_write(&fx, "etc/isol/whitelist.d/00-rt-loop.conf", "");
	snprintf(q, sizeof(q), "cp daemon/conf/whitelist.d/00-rt-loop.conf "
		 "%s", p);
	if (system(q))
		return 1;
	chmod(p, 0644);
	reload();

	/* 2: a record file that belongs to the user. */
	snprintf(p, sizeof(p), "%s/20-user.conf", wl);
	fx_write(&fx, "etc/isol/whitelist.d/20-user.conf", "");
	chmod(p, 0644);
	if (chown(p, ADV_NOBODY, ADV_NOGROUP))
		return 1;
	ret = attacker_put(p, EVIL, "a");
	reload();
	TAP_OK(!ret && !in_kernel(NR_OPENAT) && log_names("20-user.conf"),
	       "a record file of nobody's: refused, openat not whitelisted "
	       "(append %d)", ret);
	unlink(p);
	reload();

	/* 3: dir = a world-writable sticky directory. */
	snprintf(dir, sizeof(dir), "%s/tmpwl", fx.root);
	mkdir(dir, 0755);
	chmod(dir, 01777);
	snprintf(conf, sizeof(conf), "[daemon]\nrt_cpus = auto\n"
		 "irq_recheck_ms = 100\n[whitelist]\ndir = %s\n"
		 "[user root]\nmax_cpus = all\n", dir);
	fx_write(&fx, "etc/isol/isold.conf", conf);
	snprintf(p, sizeof(p), "%s/50-evil.conf", dir);
	ret = attacker_put(p, EVIL, "a");
	reload();
	TAP_OK(!ret && !in_kernel(NR_OPENAT) && log_names("tmpwl"),
	       "dir = a sticky world-writable directory: refused, openat not "
	       "whitelisted (nobody's file there: %d)", ret);
	unlink(p);

	/* 4: a whitelist dir that belongs to the user. */
	chmod(dir, 0755);
	if (chown(dir, ADV_NOBODY, ADV_NOGROUP))
		return 1;
	ret = attacker_put(p, EVIL, "a");
	reload();
	TAP_OK(!ret && !in_kernel(NR_OPENAT) && log_names("tmpwl"),
	       "a whitelist dir of nobody's: refused, openat not whitelisted "
	       "(nobody's file there: %d)", ret);
	unlink(p);

	/* 5: isold.conf anyone can write: the user names its own dir. */
	fx_write(&fx, "etc/isol/isold.conf", "[daemon]\nrt_cpus = auto\n"
		 "irq_recheck_ms = 100\n[whitelist]\ndir = whitelist.d\n"
		 "[user root]\nmax_cpus = all\n");
	snprintf(p, sizeof(p), "%s/isold.conf", fx.etc);
	chmod(p, 0666);
	reload();
	snprintf(q, sizeof(q), "%s/50-evil.conf", dir);
	ret = attacker_put(q, EVIL, "a");
	snprintf(conf, sizeof(conf), "[daemon]\nrt_cpus = auto\n"
		 "[whitelist]\ndir = %s\n[user nobody]\nmax_cpus = all\n",
		 dir);
	if (!ret)
		ret = attacker_put(p, conf, "w");
	reload();
	TAP_OK(!ret && !in_kernel(NR_OPENAT) && log_names("isold.conf"),
	       "a world-writable isold.conf, rewritten by nobody: refused, "
	       "openat not whitelisted (%d)", ret);

	TAP_OK(kill(fx.daemon, 0) == 0 && !fx_status(&fx,
	       &(union isold_msg){ 0 }), "the daemon kept serving with the "
	       "previous configuration");
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
