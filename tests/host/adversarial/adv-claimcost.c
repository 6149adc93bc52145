// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (attack 0202): the time one CLAIM costs isold.  Without a
 * node preference isold picks the node that holds most of the caller's
 * memory from /proc/<pid>/numa_maps, and read all of it.  A user allowed
 * to claim (nobody, 1 CPU) maps one file with a 4 KB path 60,000 times
 * (vm.max_map_count is 65,530): its numa_maps is about 240 MB, which took
 * isold over 2 s to generate and scan per CLAIM, while every other client
 * (root's STATUS, a holder's death) waited; 16 connections of CLAIMs keep
 * it busy for good.  Root's STATUS, sent while the attacker's CLAIM is
 * served, must come back within 300 ms.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adv.h"
#include "../../lib/tap.h"

static struct fixture fx;

#define MAPS	60000

/* As nobody: the mappings, then one CLAIM (when told) and its time. */
static void attacker(int go, int res)
{
	char path[8192], comp[256];
	union isold_msg m = { 0 }, rep;
	long long t0, r[3] = { 0, 0, 0 };
	int i, fd, c;

	if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
		_exit(1);
	memset(comp, 'a', 250);
	comp[250] = '\0';
	snprintf(path, sizeof(path), "%s/nobody", fx.root);
	for (i = 0; i < 15; i++) {
		strcat(path, "/");
		strcat(path, comp);
		mkdir(path, 0755);
	}
	strcat(path, "/f");
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || ftruncate(fd, 4096))
		_exit(1);
	/* Offset 0 each time: neighbours never merge into one mapping. */
	for (i = 0; i < MAPS; i++)
		if (mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) ==
		    MAP_FAILED)
			break;
	r[2] = i;
	fd = fx_connect(&fx);
	c = 1;
	if (write(res, &c, sizeof(c)) != sizeof(c) ||
	    read(go, &c, sizeof(c)) != sizeof(c))
		_exit(1);
	m.claim.ncpus = 1;
	m.claim.node = -1;
	t0 = now_us();
	c = fx_rpc(fd, &m, ISOLD_CLAIM, &rep);
	r[1] = now_us() - t0;
	r[0] = c < 0 ? c : rep.reply.status;
	if (write(res, r, sizeof(r)) != sizeof(r))
		_exit(1);
	pause();
	_exit(0);
}

int main(void)
{
	char dir[600];
	int go[2], res[2], c = 0, fd;
	long long r[3], t0, status_us;
	union isold_msg m = { 0 }, rep;
	pid_t a;

	if (geteuid()) {
		printf("1..0 # SKIP needs root\n");
		return 77;
	}
	if (fx_create(&fx, NULL) || fx_start(&fx, NULL)) {
		printf("Bail out! daemon did not start\n");
		fx_dump_log(&fx);
		return 1;
	}
	snprintf(dir, sizeof(dir), "%s/nobody", fx.root);
	if (mkdir(dir, 0700) || chown(dir, ADV_NOBODY, ADV_NOGROUP) ||
	    pipe(go) || pipe(res))
		return 1;
	a = fork();
	if (!a)
		attacker(go[0], res[1]);
	if (read(res[0], &c, sizeof(c)) != sizeof(c)) {
		printf("Bail out! the attacker did not get ready\n");
		return 1;
	}
	fd = fx_connect(&fx);
	if (write(go[1], &c, sizeof(c)) != sizeof(c))
		return 1;
	usleep(20000);		/* the CLAIM is being served */
	t0 = now_us();
	c = fx_rpc(fd, &m, ISOLD_STATUS, &rep);
	status_us = now_us() - t0;
	if (read(res[0], r, sizeof(r)) != sizeof(r))
		r[0] = -9999;
	TAP_OK(c > 0 && !rep.reply.status, "root's STATUS answered (%d)", c);
	TAP_OK(r[0] == 0, "nobody's CLAIM granted (%lld)", r[0]);
	TAP_DIAG("nobody's CLAIM with %lld mappings of a 4 KB path took "
		 "%lld ms; root's STATUS meanwhile %lld ms", r[2], r[1] / 1000,
		 status_us / 1000);
	TAP_OK(status_us < 300000, "root's STATUS sent during nobody's CLAIM "
	       "comes back within 300 ms (%lld ms)", status_us / 1000);
	TAP_OK(r[1] < 300000, "one CLAIM costs isold less than 300 ms "
	       "(%lld ms)", r[1] / 1000);
	fx_kill(a);
	fx_stop(&fx, SIGTERM);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
