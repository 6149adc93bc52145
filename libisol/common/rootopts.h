/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rootopts.h - the one parser of the root-prefix options that isold,
 * isolctl and isol-certify share:
 *
 *   --root DIR     DIR/sys, DIR/proc, DIR/etc/isol and DIR/run/isol
 *   --sysfs DIR    instead of /sys        --procfs DIR   instead of /proc
 *   --confdir DIR  instead of /etc/isol   --rundir DIR   instead of /run/isol
 *   --cgroup DIR   the cgroup v2 mount, instead of /sys/fs/cgroup (by
 *                  default it follows --sysfs: SYSFS/fs/cgroup)
 *
 * Every error is fatal for the program (nothing falls back to the real
 * system): an empty DIR, a DIR of ISOL_ROOT_MAX characters or more, a
 * --root, --sysfs, --procfs or --confdir that is not a directory, and a
 * partial redirection - /sys and /proc describe one machine, so one of
 * them redirected (by option or environment) without the other is
 * refused, since the program would mix a fixture with the real system; so
 * is a redirected sysfs with the real /sys/fs/cgroup named as --cgroup.
 * Nothing is printed: the message is returned in the caller's buffer.
 */
#ifndef ISOL_COMMON_ROOTOPTS_H
#define ISOL_COMMON_ROOTOPTS_H

#include <getopt.h>
#include <stddef.h>

/* getopt_long values of the options (above any short option). */
enum {
	ISOL_OPT_ROOT = 0x1000,
	ISOL_OPT_SYSFS,
	ISOL_OPT_PROCFS,
	ISOL_OPT_CONFDIR,
	ISOL_OPT_RUNDIR,
	ISOL_OPT_CGROUP,
};

/* The struct option entries, for a program's long option table. */
#define ISOL_ROOT_LONGOPTS \
	{ "root", required_argument, NULL, ISOL_OPT_ROOT }, \
	{ "sysfs", required_argument, NULL, ISOL_OPT_SYSFS }, \
	{ "procfs", required_argument, NULL, ISOL_OPT_PROCFS }, \
	{ "confdir", required_argument, NULL, ISOL_OPT_CONFDIR }, \
	{ "rundir", required_argument, NULL, ISOL_OPT_RUNDIR }, \
	{ "cgroup", required_argument, NULL, ISOL_OPT_CGROUP }

/* Their --help lines. */
#define ISOL_ROOT_HELP \
	"     --root DIR         use DIR/sys, DIR/proc, DIR/etc/isol, DIR/run/isol\n" \
	"     --sysfs DIR        sysfs root (default /sys, env ISOL_SYSFS)\n" \
	"     --procfs DIR       procfs root (default /proc, env ISOL_PROCFS);\n" \
	"                        --sysfs and --procfs go together\n" \
	"     --confdir DIR      config dir (default /etc/isol, env ISOL_CONFDIR)\n" \
	"     --rundir DIR       state dir (default /run/isol, env ISOL_RUNDIR)\n" \
	"     --cgroup DIR       cgroup v2 mount (default SYSFS/fs/cgroup, env\n" \
	"                        ISOL_CGROUP)\n"

/*
 * isol_rootopt - handle option @opt with argument @arg.  Returns 1 when
 * it was one of ISOL_OPT_*, 0 when it is not, or -errno with a message
 * ("--sysfs /x: No such file or directory") in @err.
 */
int isol_rootopt(int opt, const char *arg, char *err, size_t len);

/*
 * isol_rootopts_done - after the options: refuse a partial redirection
 * (see above).  Returns 0 or -EINVAL with a message in @err.
 */
int isol_rootopts_done(char *err, size_t len);

#endif
