// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (attack 0202): impersonating irqbalance.  isold finds
 * irqbalance by the name in /proc/<pid>/comm (the lowest pid called
 * "irqbalance") and then talks to <run>/irqbalance/irqbalance<pid>.sock.
 * Any user can call a process "irqbalance" (prctl(PR_SET_NAME), or exec
 * through a link of that name); one with a lower pid than the real
 * irqbalance (a pid the user got after the pids wrapped, or the real one
 * restarted) was taken for it: isold then asked a socket that does not
 * exist, never told the real irqbalance to ban the RT CPUs (so it kept
 * putting IRQs on them at every rescan), and blamed the user's process for
 * every IRQ moved onto an RT CPU (irq-changes, log, STATUS=).
 *
 * The fixture's /proc shows the test's real processes (proc/<pid> links
 * to the pid namespace's /proc/<pid>): root's stand-in irqbalance serves
 * the control socket protocol; the attacker runs as nobody with the lower
 * pid.  A control run without the attacker shows that the stand-in is
 * told (the test can pass).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "bitlist.h"
#include "../../lib/tap.h"

static struct fixture fx;

/* The stand-in irqbalance: answers "setup" with what it bans, takes
 * "settings cpus LIST"; every message is appended to <root>/irqb.log. */
static void irqbalance(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char path[600], buf[1024], hex[300];
	cpu_set_t banned;
	int lfd, fd;
	FILE *log;

	prctl(PR_SET_NAME, "irqbalance");
	CPU_ZERO(&banned);
	snprintf(a.sun_path, sizeof(a.sun_path),
		 "%s/run/irqbalance/irqbalance%d.sock", fx.root, (int)getpid());
	snprintf(path, sizeof(path), "%s/irqb.log", fx.root);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(lfd, 8))
		_exit(1);
	for (;;) {
		ssize_t n;

		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n > 0) {
			buf[n] = '\0';
			log = fopen(path, "a");
			if (log) {
				fprintf(log, "%d %s\n", (int)getpid(), buf);
				fclose(log);
			}
			if (!strcmp(buf, "setup")) {
				cpumask_format_hex(&banned, hex, sizeof(hex));
				n = snprintf(buf, sizeof(buf),
					     "SLEEP 10 BANNED %s", hex);
				if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) < 0)
					n = 0;
			} else if (!strncmp(buf, "settings cpus ", 14)) {
				if (!strcmp(buf + 14, "NULL"))
					CPU_ZERO(&banned);
				else
					cpulist_parse(buf + 14, &banned);
			}
		}
		close(fd);
	}
}

/* Show @pid in the fixture's /proc. */
static void show(pid_t pid)
{
	char link[400], to[64];

	snprintf(link, sizeof(link), "%s/%d", fx.proc, (int)pid);
	snprintf(to, sizeof(to), "/proc/%d", (int)pid);
	if (symlink(to, link))
		printf("# symlink %s: %s\n", link, strerror(errno));
}

static pid_t spawn_irqbalance(pid_t want)
{
	char sock[600];
	pid_t p = adv_fork_as_pid(want);
	int i;

	if (!p)
		irqbalance();
	if (p < 0)
		return p;
	snprintf(sock, sizeof(sock), "%s/run/irqbalance/irqbalance%d.sock",
		 fx.root, (int)p);
	for (i = 0; i < 500 && access(sock, F_OK); i++)
		usleep(10000);
	show(p);
	return p;
}

/* Has the stand-in @pid been told "settings cpus @list" (or did it ban
 * them already, as isold verified)?  Waits up to @ms. */
static bool told(pid_t pid, const char *list, int ms)
{
	char want[128], buf[8192], verified[64];
	int t;

	snprintf(want, sizeof(want), "%d settings cpus %s", (int)pid, list);
	snprintf(verified, sizeof(verified), "irqbalance: pid %d bans CPUs",
		 (int)pid);
	for (t = 0; t < ms; t += 50) {
		if (!fx_read(&fx, "irqb.log", buf, sizeof(buf)) &&
		    strstr(buf, want))
			return true;
		usleep(50000);
	}
	return adv_log_count(&fx, verified) > 0;
}

int main(void)
{
	char dir[600], buf[8192], needle[128];
	pid_t real1, real2, fake;
	int p[2], ready = 0;

	if (adv_pidns()) {
		printf("1..0 # SKIP no pid namespace (needs root)\n");
		return 77;
	}
	if (fx_create(&fx, NULL)) {
		printf("Bail out! no fixture\n");
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/run/irqbalance", fx.root);
	mkdir(dir, 0755);

	/* Control: root's irqbalance alone is told to ban the RT CPUs. */
	real1 = spawn_irqbalance(300);
	if (real1 != 300) {
		printf("Bail out! no irqbalance stand-in at pid 300 (%d)\n",
		       (int)real1);
		return 1;
	}
	if (fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	TAP_OK(told(real1, "1-3,5-7", 3000), "control: irqbalance pid %d "
	       "alone is told to ban the RT CPUs 1-3,5-7", (int)real1);
	fx_stop(&fx, SIGTERM);
	fx_kill(real1);

	/* The attack: nobody's process called "irqbalance", lower pid. */
	if (pipe(p))
		return 1;
	fake = adv_fork_as_pid(100);
	if (!fake) {
		close(p[0]);
		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(1);
		prctl(PR_SET_NAME, "irqbalance");
		ready = 1;
		if (write(p[1], &ready, sizeof(ready)) != sizeof(ready))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (fake != 100 || read(p[0], &ready, sizeof(ready)) != sizeof(ready)) {
		printf("Bail out! attacker not at pid 100 (%d)\n", (int)fake);
		return 1;
	}
	show(fake);
	real2 = spawn_irqbalance(400);
	if (real2 != 400) {
		printf("Bail out! no irqbalance stand-in at pid 400 (%d)\n",
		       (int)real2);
		return 1;
	}
	if (fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	TAP_OK(told(real2, "1-3,5-7", 3000), "with nobody's process "
	       "\"irqbalance\" at pid %d, the real irqbalance pid %d is still "
	       "told to ban the RT CPUs", (int)fake, (int)real2);
	snprintf(needle, sizeof(needle), "irqbalance: pid %d", (int)fake);
	TAP_OK(adv_log_count(&fx, needle) == 0, "isold never takes nobody's "
	       "pid %d for irqbalance (%d log lines name it)", (int)fake,
	       adv_log_count(&fx, needle));

	/* An IRQ moved onto an RT CPU is not blamed on the attacker. */
	fx_write(&fx, "proc/irq/9/smp_affinity_list", "0-7\n");
	usleep(500000);
	snprintf(needle, sizeof(needle), "irqbalance pid %d", (int)fake);
	buf[0] = '\0';
	fx_read(&fx, "run/isol/irq-changes", buf, sizeof(buf));
	TAP_OK(strstr(buf, "IRQ 9") && !strstr(buf, needle), "irq-changes "
	       "reports IRQ 9 without naming nobody's pid %d as the writer",
	       (int)fake);
	if (tap_failed)
		printf("# irq-changes: %s\n", buf);

	fx_kill(fake);
	fx_kill(real2);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
