// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * whitelist.c - the syscall whitelist and the argument rules the emulation
 * enforces, both from the first source that has a whitelist:
 *   1. the kernel's /sys/kernel/rt_isolation/syscalls_x86_64 and
 *      rules_x86_64 (a patched kernel with the emulation forced, or a
 *      fixture tree via ISOL_SYSFS; no rules file: no rules);
 *   2. isold (WHITELIST and RULES requests), when it is running;
 *   3. the built-in default set below.
 * The rules are parsed and evaluated by libisol/common/rules.c, the code
 * isold and isolctl use too (docs/argument-rules.md).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "internal.h"
#include "bitlist.h"
#include "fileio.h"
#include "paths.h"
#include "rtiso_uapi.h"
#include "rules.h"
#include "syscalls.h"

/* Calls that are deterministic enough to run on the RT CPU by default. */
static const char *const default_set[] = {
	"clock_gettime", "clock_getres", "gettimeofday", "time", "getcpu",
	"sched_yield", "sched_getaffinity", "rt_sigreturn", "getpid", "gettid",
};

/* ... and the calls that are, only with these arguments (the shipped
 * records of isold, daemon/conf/whitelist.d/00-rt-loop.conf). */
static const struct {
	const char *name, *args;
} default_rules[] = {
	{ "clock_nanosleep", "arg0=1 arg1=1" },
	{ "futex", "arg1=128,129,137,138" },
};

int isol_whitelist_from_kernel(unsigned long *bits, unsigned int nbits)
{
	char path[PATH_MAX], buf[8192];
	ssize_t n;
	int err;

	err = isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_WL_X86_64, path,
			sizeof(path));
	if (err)
		return err;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return bitlist_parse(buf, bits, nbits);
}

int isol_rules_from_kernel(struct ruleset *rules)
{
	char path[PATH_MAX], buf[RULES_TEXT_MAX + 2];
	ssize_t n;
	int err;

	ruleset_init(rules, SYSCALL_ABI_X86_64);
	err = isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_RULES_X86_64, path,
			sizeof(path));
	if (err)
		return err;
	n = read_text_file(path, buf, sizeof(buf));
	if (n == -ENOENT)
		return 0;	/* a kernel without argument rules */
	if (n < 0)
		return (int)n;
	return ruleset_parse(rules, SYSCALL_ABI_X86_64, buf, (size_t)n, NULL, 0);
}

static int from_defaults(unsigned long *bits, struct ruleset *rules)
{
	size_t i;

	for (i = 0; i < sizeof(default_set) / sizeof(default_set[0]); i++) {
		int nr = syscall_lookup(SYSCALL_ABI_X86_64, default_set[i]);

		if (nr >= 0)
			bitlist_set(bits, (unsigned int)nr);
	}
	ruleset_init(rules, SYSCALL_ABI_X86_64);
	for (i = 0; i < sizeof(default_rules) / sizeof(default_rules[0]); i++) {
		int nr = syscall_lookup(SYSCALL_ABI_X86_64, default_rules[i].name);

		if (nr >= 0)
			ruleset_add(rules, nr, default_rules[i].args, NULL, 0);
	}
	return 0;
}

int isol_whitelist_load(unsigned long *bits, unsigned int nbits,
			struct ruleset *rules)
{
	int err;

	memset(bits, 0, BITLIST_LONGS(nbits) * sizeof(unsigned long));
	err = isol_whitelist_from_kernel(bits, nbits);
	if (!err) {
		err = isol_rules_from_kernel(rules);
		if (err) {
			/* never fall back to a wider set than the kernel's */
			pr_warn("libisol: kernel rules unreadable (%d): no "
				"rules\n", err);
			ruleset_init(rules, SYSCALL_ABI_X86_64);
		}
		pr_debug("libisol: whitelist from the kernel files\n");
		return 0;
	}
	if (err != -ENOENT)
		pr_warn("libisol: kernel whitelist unreadable (%d)\n", err);
	memset(bits, 0, BITLIST_LONGS(nbits) * sizeof(unsigned long));
	err = isol_whitelist_from_daemon(bits, nbits);
	if (!err) {
		err = isol_rules_from_daemon(rules);
		if (err) {
			pr_warn("libisol: rules from isold unusable (%d): no "
				"rules\n", err);
			ruleset_init(rules, SYSCALL_ABI_X86_64);
		}
		pr_debug("libisol: whitelist from isold\n");
		return 0;
	}
	pr_debug("libisol: built-in default whitelist\n");
	memset(bits, 0, BITLIST_LONGS(nbits) * sizeof(unsigned long));
	return from_defaults(bits, rules);
}
