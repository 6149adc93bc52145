// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 item 5): isold refuses a run directory another
 * user could write (owned by that user, or mode 1777) before it writes
 * anything there, so a user cannot make it write its journal through a
 * planted symlink; a missing run directory is created 0755 root.  Nor
 * one named through a symbolic link that user owns, in a directory of its
 * own: safe where it leads today, but the user can point the link
 * elsewhere at any time (its own directory with its own "isold.sock",
 * where root's clients would then connect).
 * The shared safe writer (fileio.c) itself is tested in test-fileio.
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

static struct fixture fx;

/* As the attacker: a symlink from the journal's temporary name and from
 * the journal itself to the victim file. */
static void plant(pid_t daemon, const char *victim)
{
	char p[600];
	pid_t pid = fork();

	if (!pid) {
		if (adv_drop(ADV_NOBODY, ADV_NOGROUP))
			_exit(1);
		snprintf(p, sizeof(p), "%s/state.tmp.%d", fx.run, (int)daemon);
		unlink(p);
		if (symlink(victim, p))
			_exit(1);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static bool victim_intact(const char *victim)
{
	char buf[64] = "";
	FILE *f = fopen(victim, "r");

	if (f) {
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
	}
	return !strcmp(buf, "precious\n");
}

int main(void)
{
	char victim[400];
	struct stat st;
	int ret;
	FILE *f;

	if (fx_create(&fx, NULL))
		return 1;
	snprintf(victim, sizeof(victim), "%s/victim", fx.root);
	f = fopen(victim, "w");
	fputs("precious\n", f);
	fclose(f);

	/* 1: the run dir belongs to an unprivileged user. */
	if (chown(fx.run, ADV_NOBODY, ADV_NOGROUP))
		return 1;
	ret = fx_start(&fx, NULL);
	if (!ret) {
		plant(fx.daemon, victim);
		fx_claim(&fx, 1, 0, -1, NULL, NULL);
	}
	TAP_OK(ret != 0 && adv_log_has(&fx, "not safe"),
	       "a run dir owned by uid %d is refused", ADV_NOBODY);
	TAP_OK(victim_intact(victim), "the victim file is intact");
	fx_stop(&fx, SIGKILL);

	/* 2: a world-writable sticky run dir. */
	if (chown(fx.run, 0, 0) || chmod(fx.run, 01777))
		return 1;
	ret = fx_start(&fx, NULL);
	TAP_OK(ret != 0 && adv_log_has(&fx, "writable by others"),
	       "a 1777 run dir is refused");
	fx_stop(&fx, SIGKILL);
	{
		char p[400];

		snprintf(p, sizeof(p), "%s/isold.sock", fx.run);
		TAP_OK(access(p, F_OK) && errno == ENOENT,
		       "nothing was created in it");
	}

	/* 3: a missing run dir is created with the promised mode. */
	{
		char cmd[600];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.run);
		if (system(cmd))
			return 1;
	}
	ret = fx_start(&fx, NULL) ?: stat(fx.run, &st);
	TAP_OK(!ret && (st.st_mode & 07777) == 0755 &&
	       st.st_uid == 0, "a missing run dir is created 0755 root (%o)",
	       st.st_mode & 07777);
	fx_stop(&fx, SIGTERM);

	/* 4: the run dir as named runs through a link of nobody's. */
	{
		char home[400], link[450], via[500], to[450];
		const char *args[] = { "--rundir", via, NULL };
		pid_t pid;

		snprintf(home, sizeof(home), "%s/home", fx.root);
		snprintf(link, sizeof(link), "%s/link", home);
		snprintf(via, sizeof(via), "%s/isol", link);
		mkdir(home, 0755);
		if (chown(home, ADV_NOBODY, ADV_NOGROUP))
			return 1;
		snprintf(to, sizeof(to), "%s/target", fx.root);
		mkdir(to, 0755);
		pid = fork();
		if (!pid)
			_exit(adv_drop(ADV_NOBODY, ADV_NOGROUP) ||
			      symlink(to, link));
		waitpid(pid, &ret, 0);
		ret = ret ? -1 : fx_start_args(&fx, NULL, args);
		TAP_OK(ret != 0 && adv_log_has(&fx, "not safe") &&
		       adv_log_has(&fx, "/home"),
		       "a run dir named through uid %d's symlink in its own "
		       "directory is refused (%d)", ADV_NOBODY, ret);
		fx_stop(&fx, SIGKILL);
		strcat(to, "/isol");
		TAP_OK(access(to, F_OK) && errno == ENOENT, "nothing was "
		       "created where the link leads");
	}
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
