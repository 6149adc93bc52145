// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 12 items 5 and 12): write_file_atomic(), the one
 * writer of files that must not be redirected (isold's journal,
 * isolctl's record file, isol-certify --out): it does not follow a
 * symlink planted at a temporary name or at the target, refuses a
 * directory another user could write (sticky ones excepted, where it
 * cannot be redirected), and sets the mode it is given whatever the umask.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "../../lib/tap.h"

static char dir[] = "/tmp/test-fileio.XXXXXX";

static bool file_is(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");

	if (f) {
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = '\0';
		fclose(f);
	}
	return !strcmp(buf, want);
}

static void mkfile(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

int main(void)
{
	char victim[300], out[300], tmp[400], sub[300], cmd[400], why[128] = "";
	struct stat st;
	int ret;

	if (!mkdtemp(dir))
		return 1;
	chmod(dir, 0755);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(out, sizeof(out), "%s/out.conf", dir);
	mkfile(victim, "precious\n");

	/* A symlink at the temporary name the old writer used. */
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", out, (long)getpid());
	if (symlink(victim, tmp))
		return 1;
	ret = write_file_atomic(out, "new\n", 4, 0644, NULL, 0);
	TAP_OK(!ret && file_is(out, "new\n") && file_is(victim, "precious\n"),
	       "a symlink at a temporary name is not followed (%d)", ret);
	unlink(tmp);

	/* A symlink at the target is replaced, not followed. */
	mkfile(victim, "precious\n");
	unlink(out);
	if (symlink(victim, out))
		return 1;
	ret = write_file_atomic(out, "new\n", 4, 0644, NULL, 0) ?: lstat(out, &st);
	TAP_OK(!ret && S_ISREG(st.st_mode) &&
	       file_is(victim, "precious\n"),
	       "a symlink at the target is replaced, not followed (%d)", ret);

	/* The mode is the one asked for, whatever the umask. */
	umask(077);
	ret = write_file_atomic(out, "x\n", 2, 0644, NULL, 0) ?: stat(out, &st);
	TAP_OK(!ret && (st.st_mode & 07777) == 0644,
	       "umask 077: mode 0644 as asked (%o)", st.st_mode & 07777);
	umask(022);

	/* Directories another user could write. */
	snprintf(sub, sizeof(sub), "%s/user", dir);
	mkdir(sub, 0755);
	if (chown(sub, 65534, 65534))
		return 1;
	snprintf(tmp, sizeof(tmp), "%s/f.conf", sub);
	ret = write_file_atomic(tmp, "x\n", 2, 0644, why, sizeof(why));
	TAP_OK(ret == -EPERM && access(tmp, F_OK) && strstr(why, "uid 65534"),
	       "a directory owned by another user is refused (%d: %s)", ret,
	       why);
	if (chown(sub, 0, 0) || chmod(sub, 0777))
		return 1;
	ret = write_file_atomic(tmp, "x\n", 2, 0644, NULL, 0);
	TAP_OK(ret == -EPERM && access(tmp, F_OK),
	       "a world-writable directory is refused (%d)", ret);
	/* Writable by a group other than root's (root's own is root's). */
	if (chown(sub, 0, 65534))
		return 1;
	chmod(sub, 0775);
	ret = write_file_atomic(tmp, "x\n", 2, 0644, NULL, 0);
	TAP_OK(ret == -EPERM, "a group-writable directory is refused (%d)",
	       ret);
	if (chown(sub, 0, 0))
		return 1;
	ret = write_file_atomic(tmp, "x\n", 2, 0644, NULL, 0);
	TAP_OK(!ret, "writable by root's group only: fine (%d)", ret);
	chmod(sub, 01777);
	ret = write_file_atomic(tmp, "x\n", 2, 0644, NULL, 0);
	TAP_OK(!ret && file_is(tmp, "x\n"),
	       "a sticky world-writable directory (like /tmp) is fine (%d)",
	       ret);
	ret = write_file_atomic("/nonexistent-dir/x", "x", 1, 0644, NULL, 0);
	TAP_OK(ret == -ENOENT, "a missing directory: ENOENT (%d)", ret);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		TAP_DIAG("could not remove %s", dir);
	return tap_done();
}
