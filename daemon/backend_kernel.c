// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend_kernel.c - the patched kernel: the whitelist lives in
 * /sys/kernel/rt_isolation/syscalls_{x86_64,ia32} and the argument rules
 * in rules_{x86_64,ia32} (docs/argument-rules.md); each write replaces a
 * whole set atomically (abi.md), so isold writes full sets and reads them
 * back.  Per ABI the rules go first, then the numbers; when the second
 * write fails the first is put back, so a refused whitelist leaves the
 * previous one in force.  A kernel without the rules files loads the
 * records without args only: a record with args is reported as not
 * loaded, never widened to its whole syscall.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"
#include "rtiso_uapi.h"

static const char *const wl_file[SYSCALL_ABI_COUNT] = {
	[SYSCALL_ABI_X86_64] = RTISO_SYSFS_WL_X86_64,
	[SYSCALL_ABI_IA32] = RTISO_SYSFS_WL_IA32,
};

static const char *const rules_file[SYSCALL_ABI_COUNT] = {
	[SYSCALL_ABI_X86_64] = RTISO_SYSFS_RULES_X86_64,
	[SYSCALL_ABI_IA32] = RTISO_SYSFS_RULES_IA32,
};

#define LIST_MAX 8192

static int wl_path(enum syscall_abi abi, char *path, size_t len)
{
	return isol_path(ISOL_ROOT_SYSFS, wl_file[abi], path, len);
}

static int rules_path(enum syscall_abi abi, char *path, size_t len)
{
	return isol_path(ISOL_ROOT_SYSFS, rules_file[abi], path, len);
}

static unsigned int wl_bits(enum syscall_abi abi)
{
	unsigned int n = syscall_nr_max(abi);

	return n > ISOLD_MAX_SYSCALLS ? ISOLD_MAX_SYSCALLS : n;
}

/* 1 when the kernel's set for @abi equals cfg's, 0 if not, -errno. */
static int same(struct isold *d, enum syscall_abi abi)
{
	unsigned long cur[BITLIST_LONGS(ISOLD_MAX_SYSCALLS)] = { 0 };
	char path[4096], buf[LIST_MAX];
	ssize_t n;
	int ret;

	if (wl_path(abi, path, sizeof(path)))
		return -ENAMETOOLONG;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	ret = bitlist_parse(buf, cur, ISOLD_MAX_SYSCALLS);
	if (ret)
		return ret;
	return !memcmp(cur, d->cfg->allowed[abi], sizeof(cur));
}

/*
 * 1 when the kernel's rules for @abi are cfg's set, 0 if not, -errno.
 * The read-back is parsed, so a kernel that spells the set differently
 * still verifies; a spelling other than the canonical one is logged.
 */
static int same_rules(struct isold *d, enum syscall_abi abi, const char *path)
{
	char buf[RULES_TEXT_MAX + 2], want[RULES_TEXT_MAX + 1], msg[256];
	struct ruleset *cur = malloc(sizeof(*cur));
	ssize_t n;
	int ret;

	if (!cur)
		return -ENOMEM;
	n = read_text_file(path, buf, sizeof(buf));
	ret = n < 0 ? (int)n : ruleset_parse(cur, abi, buf, (size_t)n, msg,
					     sizeof(msg));
	if (n >= 0 && ret)
		log_warn("rules: %s reads back what isold cannot parse: %s",
			 path, msg);
	if (!ret) {
		ret = ruleset_equal(cur, &d->cfg->rules[abi]);
		if (ret && ruleset_format(cur, want, sizeof(want)) >= 0 &&
		    strcmp(buf, want))
			log_debug("rules: %s spells the set differently from "
				  "docs/argument-rules.md", path);
	}
	free(cur);
	return ret;
}

/* Say what each record of @abi became: a bit, a rule, or why nothing. */
static void report(struct isold *d, enum syscall_abi abi, const char *norules)
{
	const struct isol_recset *set = &d->cfg->records;
	char rule[RULE_LINE_MAX + 16];
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct isol_record *r = &set->v[i];
		const char *what = NULL;

		if (r->nr[abi] < 0 || !(r->abis & (1u << abi)))
			continue;
		snprintf(rule, sizeof(rule), "%d %s", r->nr[abi], r->args);
		if (r->status == REC_REVOKED)
			what = "revoked: not loaded";
		else if (!record_in_force(r, abi, d->cfg->accept_provisional))
			what = "provisional, not accepted (accept_provisional "
			       "= no): not loaded";
		if (what)
			log_info("record %s (%s) %s:%d: %s", r->syscall,
				 syscall_abi_name(abi), r->file, r->line, what);
		else if (!r->args[0])
			log_info("record %s (%s) %s:%d: syscall %d whitelisted",
				 r->syscall, syscall_abi_name(abi), r->file,
				 r->line, r->nr[abi]);
		else if (norules)
			log_warn("record %s (%s) %s:%d: rule \"%s\" NOT loaded: "
				 "%s; the syscall displaces (a rule is never "
				 "widened to the whole syscall)", r->syscall,
				 syscall_abi_name(abi), r->file, r->line, rule,
				 norules);
		else
			log_info("record %s (%s) %s:%d: rule \"%s\"", r->syscall,
				 syscall_abi_name(abi), r->file, r->line, rule);
	}
}

void backend_report(struct isold *d, const char *norules_x86_64,
		    const char *norules_ia32)
{
	report(d, SYSCALL_ABI_X86_64, norules_x86_64);
	report(d, SYSCALL_ABI_IA32, norules_ia32);
}

/* Write @text to @path and check it reads back as cfg's rules. */
static int put_rules(struct isold *d, enum syscall_abi abi, const char *path,
		     const char *text)
{
	int ret = write_text_file(path, text);

	if (!ret)
		ret = same_rules(d, abi, path) == 1 ? 0 : -EIO;
	return ret;
}

static int apply_abi(struct isold *d, enum syscall_abi abi, bool quiet,
		     char *why, size_t len)
{
	char path[4096], rpath[4096], list[LIST_MAX];
	char old[RULES_TEXT_MAX + 2], text[RULES_TEXT_MAX + 1];
	bool rules = false;
	ssize_t olen = -1;
	int ret;

	if (wl_path(abi, path, sizeof(path)) ||
	    rules_path(abi, rpath, sizeof(rpath)))
		return -ENAMETOOLONG;
	d->rules_absent[abi] = access(rpath, F_OK) != 0;
	if (!d->rules_absent[abi]) {
		ret = ruleset_format(&d->cfg->rules[abi], text, sizeof(text));
		if (ret < 0)
			return ret;
		olen = read_text_file(rpath, old, sizeof(old));
		ret = put_rules(d, abi, rpath, text);
		if (ret) {
			log_msg(quiet ? LOG_DEBUG : LOG_ERR,
				"rules: writing %s: %s; the previous rules and "
				"whitelist stay", rpath, strerror(-ret));
			snprintf(why, len, "%s: %s", rpath, strerror(-ret));
			if (ret == -EIO && olen >= 0)
				write_text_file(rpath, olen ? old : "\n");
			return ret;
		}
		rules = true;
	}
	ret = bitlist_format(d->cfg->allowed[abi], wl_bits(abi), list,
			     sizeof(list));
	if (ret < 0)
		return ret;
	ret = write_text_file(path, ret ? list : "\n");
	if (!ret)
		ret = same(d, abi) == 1 ? 0 : -EIO;
	if (ret) {
		log_msg(quiet ? LOG_DEBUG : LOG_ERR, "whitelist: writing %s: %s",
			path, strerror(-ret));
		snprintf(why, len, "%s: %s", path, strerror(-ret));
		/* the rules of the new set must not stay with the old numbers */
		if (rules && olen >= 0 && write_text_file(rpath, olen ? old : "\n"))
			log_err("rules: %s could not be put back", rpath);
		return ret;
	}
	if (!quiet) {
		log_info("whitelist %s: %s", syscall_abi_name(abi),
			 list[0] ? list : "(empty)");
		if (rules)
			log_info("rules %s: %u rule(s)", syscall_abi_name(abi),
				 d->cfg->rules[abi].n);
	}
	return 0;
}

static int kernel_apply(struct isold *d, bool quiet, char *why, size_t len)
{
	char path[4096], norules[SYSCALL_ABI_COUNT][200];
	unsigned int abi;
	int ret, err = 0;

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		norules[abi][0] = '\0';
		if (wl_path(abi, path, sizeof(path)))
			return -ENAMETOOLONG;
		if (access(path, F_OK) && abi == SYSCALL_ABI_IA32) {
			if (!quiet)
				log_info("whitelist: %s absent (no "
					 "IA32_EMULATION)", path);
			d->rules_absent[abi] = true;
			snprintf(norules[abi], sizeof(norules[abi]),
				 "this kernel has no ia32 syscalls");
			continue;
		}
		ret = apply_abi(d, abi, quiet, why, len);
		if (ret && !err) {
			err = ret;
			why = NULL;	/* keep the first reason */
			len = 0;
		}
		if (d->rules_absent[abi] &&
		    !rules_path(abi, path, sizeof(path)))
			snprintf(norules[abi], sizeof(norules[abi]),
				 "this kernel has no argument rules (%.100s "
				 "absent)", path);
	}
	if (!quiet && !err)
		backend_report(d, norules[0][0] ? norules[0] : NULL,
			       norules[1][0] ? norules[1] : NULL);
	return err;
}

static int kernel_verify(struct isold *d, bool quiet)
{
	char path[4096];
	unsigned int abi;
	int ret;

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		if (wl_path(abi, path, sizeof(path)))
			return -ENAMETOOLONG;
		if (access(path, F_OK) && abi == SYSCALL_ABI_IA32)
			continue;
		ret = same(d, abi);
		if (ret == 1 && !d->rules_absent[abi]) {
			if (rules_path(abi, path, sizeof(path)))
				return -ENAMETOOLONG;
			ret = same_rules(d, abi, path);
		}
		if (ret != 1) {
			log_msg(quiet ? LOG_DEBUG : LOG_WARNING,
				"whitelist: %s differs from the records%s",
				path, ret < 0 ? " (unreadable)" : "");
			return -ESTALE;
		}
	}
	return 0;
}

const struct backend_ops backend_kernel = {
	.name = "kernel",
	.id = ISOLD_BACKEND_KERNEL,
	.apply = kernel_apply,
	.verify = kernel_verify,
};

const struct backend_ops *backend_select(const char *want)
{
	char path[4096];
	bool have;

	isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_WL_X86_64, path, sizeof(path));
	have = !access(path, F_OK);
	if (!strcmp(want, "kernel")) {
		if (!have) {
			log_err("backend kernel: %s: %s", path,
				strerror(errno));
			return NULL;
		}
		return &backend_kernel;
	}
	if (!strcmp(want, "emulation"))
		return &backend_emul;
	if (strcmp(want, "auto")) {
		log_err("unknown backend \"%s\" (auto, kernel, emulation)",
			want);
		return NULL;
	}
	if (!have)
		log_info("%s absent: kernel without CONFIG_RT_ISOLATION, "
			 "using the emulation backend", path);
	return have ? &backend_kernel : &backend_emul;
}
