// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl whitelist show|add|remove|check - the syscalls that run in place
 * on RT CPUs, by name or number per ABI, with each record's evidence, and
 * the argument rules that let a syscall run in place only for some calls
 * (--args fd0=pipe; docs/argument-rules.md).
 *
 * The kernel files (/sys/kernel/rt_isolation/syscalls_<abi> and
 * rules_<abi>) are the truth of what is in force; the records in
 * CONFDIR/whitelist.d (isold.conf(5), parsed with isold's own parser)
 * carry the evidence.  Changes go through
 * isold when it runs (a record in whitelist.d/90-isolctl.conf, then a
 * RELOAD request whose outcome isolctl waits for; a rejected reload puts
 * the file back and fails with the daemon's reason), else straight to the
 * kernel files (root).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "isold_client.h"
#include "isolctl.h"
#include "kinfo.h"
#include "paths.h"
#include "record.h"
#include "rtiso_uapi.h"
#include "rules.h"
#include "syscalls.h"

#define ISOLCTL_RECORD_FILE "whitelist.d/90-isolctl.conf"

enum { OPT_ABI = OPT_CMD_FIRST, OPT_FILE, OPT_KERNEL, OPT_ARGS };

static void usage(void)
{
	printf("Usage:\n"
	       " isolctl whitelist show [options]\n"
	       " isolctl whitelist add [options] SYSCALL...\n"
	       " isolctl whitelist add [options] SYSCALL --args PREDICATES\n"
	       " isolctl whitelist remove [options] SYSCALL... [--args PREDICATES]\n"
	       " isolctl whitelist check [options] SYSCALL... [--args PREDICATES]\n"
	       " isolctl whitelist check --file FILE...\n\n"
	       "Show or change the syscalls that run in place on RT CPUs.  SYSCALL\n"
	       "is a name (futex) or a number of the ABI.  With --args the change\n"
	       "or question is about an argument rule (\"fd0=pipe\", \"arg1=128,129\";\n"
	       "isold.conf(5)): the syscall runs in place only for calls it admits.\n"
	       "'check' exits 0 when every SYSCALL (with --args: every call the\n"
	       "predicates admit) runs in place, or every FILE is a valid record\n"
	       "file; 2 otherwise.\n\n"
	       "Options:\n"
	       "     --abi ABI          x86_64 (default) or ia32\n"
	       "     --args PREDICATES  an argument rule of one SYSCALL, e.g. 'fd0=pipe'\n"
	       "     --file             check: arguments are record files\n"
	       "     --kernel           add/remove: write the kernel files even\n"
	       "                        when isold runs (it will undo it on reload)\n"
	       ISOLCTL_COMMON_HELP);
	exit(EXIT_SUCCESS);
}

struct wl {
	struct isolctl_params *p;
	enum syscall_abi abi;
	bool abi_given;
	const char *args;		/* --args, as given */
	unsigned long kbits[SYSCALL_ABI_COUNT][BITLIST_LONGS(BITLIST_MAX_BITS)];
	bool kok[SYSCALL_ABI_COUNT];
	struct ruleset krules[SYSCALL_ABI_COUNT];
	int krules_err[SYSCALL_ABI_COUNT];	/* -ENOENT: no rules file */
	struct isol_recset recs;
	char confdir[PATH_MAX];
};

static void load_state(struct wl *w)
{
	struct conf_err err = { 0 };
	char dir[PATH_MAX];
	int abi;

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		w->kok[abi] = !kinfo_whitelist((enum syscall_abi)abi, w->kbits[abi]);
		w->krules_err[abi] = kinfo_rules((enum syscall_abi)abi,
						 &w->krules[abi]);
	}
	if (!isol_path(ISOL_ROOT_CONFDIR, "whitelist.d", dir, sizeof(dir)) &&
	    record_load_dir(dir, &w->recs, &err))
		fprintf(stderr, "isolctl whitelist: warning: records: %s\n", err.msg);
}

/* The record of @nr in @abi with exactly @args ("" = without args). */
static const struct isol_record *find_rec(const struct wl *w, int abi, int nr,
					  const char *args)
{
	size_t i;

	for (i = 0; i < w->recs.n; i++)
		if ((w->recs.v[i].abis & (1u << abi)) && w->recs.v[i].nr[abi] == nr &&
		    !strcmp(w->recs.v[i].args, args))
			return &w->recs.v[i];
	return NULL;
}

/* What the KERNEL column says about a rule. */
static const char *rule_in_kernel(const struct wl *w, int abi, int nr,
				  const char *args)
{
	if (!w->kok[abi])
		return "n/a";
	if (w->krules_err[abi] == -ENOENT)
		return "no-rules";
	if (w->krules_err[abi])
		return "?";
	return ruleset_find(&w->krules[abi], nr, args) >= 0 ? "yes" : "no";
}

static void row(struct out *o, int abi, int nr, const char *args,
		const char *kernel, const struct isol_record *r)
{
	const char *name = syscall_name((enum syscall_abi)abi, nr);
	struct libscols_line *ln = out_row(o);

	out_set(ln, 0, "%s", name ? name : "?");
	out_set(ln, 1, "%s", syscall_abi_name((enum syscall_abi)abi));
	out_set(ln, 2, "%d", nr);
	out_set(ln, 3, "%s", args[0] ? args : "-");
	out_set(ln, 4, "%s", kernel);
	out_set(ln, 5, "%s", r ? rec_status_name(r->status) : "-");
	if (r && r->samples) {
		out_set(ln, 6, "%llu", (unsigned long long)r->p9999_ns);
		out_set(ln, 7, "%llu", (unsigned long long)r->max_ns);
	} else {
		out_set(ln, 6, "-");
		out_set(ln, 7, "-");
	}
	out_set(ln, 8, "%s", r && r->kernel[0] ? r->kernel : "-");
	out_set(ln, 9, "%s", r && r->date[0] ? r->date : "-");
	if (r)
		out_set(ln, 10, "%s:%d", r->file, r->line);
	else
		out_set(ln, 10, "kernel");
}

static int show(struct wl *w)
{
	char args[RULE_LINE_MAX];
	struct out o;
	int abi;

	if (out_init(&o, "whitelist", &w->p->out))
		return EXIT_FAILURE;
	out_col(&o, "SYSCALL", 0, OUT_STR, false);
	out_col(&o, "ABI", 0, OUT_STR, false);
	out_col(&o, "NR", 0, OUT_NUM, true);
	out_col(&o, "ARGS", 0, OUT_STR, false);
	out_col(&o, "KERNEL", 0, OUT_STR, false);
	out_col(&o, "STATUS", 0, OUT_STR, false);
	out_col(&o, "P99.99-NS", 0, OUT_STR, true);
	out_col(&o, "MAX-NS", 0, OUT_STR, true);
	out_col(&o, "CERTIFIED-ON", 0, OUT_STR, false);
	out_col(&o, "DATE", 0, OUT_STR, false);
	out_col(&o, "SOURCE", 0, OUT_STR, false);
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		unsigned int nr, max = syscall_nr_max((enum syscall_abi)abi);
		const struct ruleset *kr = &w->krules[abi];
		size_t i;

		if (w->abi_given && abi != (int)w->abi)
			continue;
		for (nr = 0; nr < max; nr++) {
			const struct isol_record *r = find_rec(w, abi, (int)nr, "");
			bool in_k = w->kok[abi] && bitlist_test(w->kbits[abi], nr);
			unsigned int k;

			if (in_k || r)
				row(&o, abi, (int)nr, "", !w->kok[abi] ? "n/a" :
				    in_k ? "yes" : "no", r);
			/* the records with args of this number */
			for (i = 0; i < w->recs.n; i++) {
				const struct isol_record *a = &w->recs.v[i];

				if (a->args[0] && (a->abis & (1u << abi)) &&
				    a->nr[abi] == (int)nr)
					row(&o, abi, (int)nr, a->args,
					    rule_in_kernel(w, abi, (int)nr, a->args), a);
			}
			/* kernel rules without a record */
			for (k = 0; !w->krules_err[abi] && k < kr->n; k++) {
				if (kr->rules[k].nr != (int)nr)
					continue;
				rule_format(kr, k, false, args, sizeof(args));
				if (!find_rec(w, abi, (int)nr, args))
					row(&o, abi, (int)nr, args, "yes", NULL);
			}
		}
	}
	out_print(&o);
	out_free(&o);
	return EXIT_SUCCESS;
}

static int resolve(struct wl *w, const char *s)
{
	int nr = syscall_lookup(w->abi, s);

	if (nr < 0)
		fprintf(stderr, "isolctl whitelist: unknown %s syscall '%s'%s\n",
			syscall_abi_name(w->abi), s,
			w->abi_given ? "" : " (use --abi ia32 for 32-bit calls)");
	return nr;
}

static void print_rec(const struct isol_record *r)
{
	if (r)
		printf("; record %s:%d, %s%s%s\n", r->file, r->line,
		       rec_status_name(r->status),
		       r->samples ? ", certified on " : "",
		       r->samples ? r->kernel : "");
	else
		printf("; no record\n");
}

/* --args of @nr in canonical form into @out; -1 with a message if bad. */
static int canon_args(struct wl *w, int nr, char *out, size_t len)
{
	char msg[256];

	if (rule_preds_canon(w->abi, nr, w->args, out, len, msg, sizeof(msg))) {
		fprintf(stderr, "isolctl whitelist: --args '%s': %s (see "
			"isold.conf(5))\n", w->args, msg);
		return -1;
	}
	return 0;
}

/* One SYSCALL (with --args: the calls they admit): 0 in place, 1 not,
 * -1 error. */
static int check_one(struct wl *w, const char *name)
{
	const struct ruleset *kr = &w->krules[w->abi];
	char args[RULE_LINE_MAX], text[RULE_LINE_MAX];
	struct ruleset *q = NULL;
	int nr = resolve(w, name), k, ret = 1;
	bool any = false;

	if (nr < 0)
		return -1;
	if (!w->kok[w->abi]) {
		fprintf(stderr, "isolctl whitelist: cannot read the kernel "
			"whitelist; this kernel has no RT isolation "
			"(CONFIG_RT_ISOLATION)\n");
		return -1;
	}
	if (w->args && canon_args(w, nr, args, sizeof(args)))
		return -1;
	printf("%s (%s %d)%s%s: ", name, syscall_abi_name(w->abi), nr,
	       w->args ? " with " : "", w->args ? args : "");
	if (bitlist_test(w->kbits[w->abi], (unsigned int)nr)) {
		printf("whitelisted");
		print_rec(find_rec(w, w->abi, nr, ""));
		return 0;
	}
	if (w->krules_err[w->abi]) {
		printf("not whitelisted: it displaces%s",
		       w->krules_err[w->abi] == -ENOENT ?
		       " (this kernel has no argument rules)" :
		       " (the kernel's rules are unreadable)");
		print_rec(find_rec(w, w->abi, nr, w->args ? args : ""));
		return 1;
	}
	if (w->args) {
		q = malloc(sizeof(*q));
		if (!q)
			return -1;
		ruleset_init(q, w->abi);
		ruleset_add(q, nr, args, NULL, 0);
	}
	for (k = ruleset_first(kr, nr); k >= 0 && (unsigned int)k < kr->n &&
	     kr->rules[k].nr == nr; k++) {
		rule_format(kr, (unsigned int)k, true, text, sizeof(text));
		if (q && rule_within(q, 0, kr, (unsigned int)k)) {
			printf("in place by rule '%s'", text);
			rule_format(kr, (unsigned int)k, false, text, sizeof(text));
			print_rec(find_rec(w, w->abi, nr, text));
			ret = 0;
			break;
		}
		if (!q) {
			if (any)
				printf(", '%s'", text);
			else
				printf("not whitelisted as a whole: in place "
				       "only by rule '%s'", text);
			any = true;
		}
	}
	free(q);
	if (ret && !any)
		printf("not whitelisted: it displaces%s", w->args ?
		       " (no rule admits every such call)" : "");
	if (ret)
		print_rec(find_rec(w, w->abi, nr, w->args ? args : ""));
	return ret;
}

static int check(struct wl *w, int argc, char **argv, bool files)
{
	int i, r, bad = 0;

	for (i = 0; i < argc; i++) {
		if (files) {
			struct isol_recset set = { 0 };
			struct conf_err err = { 0 };

			if (record_parse_file(argv[i], &set, &err)) {
				printf("%s: invalid: %s\n", argv[i], err.msg);
				bad++;
			} else {
				printf("%s: ok, %zu record(s)\n", argv[i], set.n);
			}
			recset_free(&set);
			continue;
		}
		r = check_one(w, argv[i]);
		if (r < 0)
			return EXIT_FAILURE;
		bad += r;
	}
	return bad ? 2 : EXIT_SUCCESS;
}

/* Ask isold to reload and wait for the outcome (RELOAD); the daemon's
 * reason lands in @reason.  0 or -errno. */
static int reload_isold(pid_t pid, char *reason, size_t len)
{
	union isold_msg req, rep;
	int ret;

	memset(&req, 0, sizeof(req));
	memset(&rep, 0, sizeof(rep));
	reason[0] = '\0';
	ret = isold_transact(&req, ISOLD_RELOAD, &rep);
	if (rep.hdr.type == (ISOLD_REPLY | ISOLD_RELOAD))
		snprintf(reason, len, "%s", rep.reload_rep.reason);
	if (ret == -ENOMSG) {
		/* An isold that predates RELOAD: no outcome to wait for.
		 * Signalled through a pidfd of the socket's listener, not
		 * by @pid, which may be another process's by now. */
		ret = kinfo_daemon_signal(SIGHUP);
		if (ret) {
			snprintf(reason, len, "isold (pid %d) predates RELOAD "
				 "and cannot be sent SIGHUP safely: %s", (int)pid,
				 strerror(-ret));
			return ret;
		}
		snprintf(reason, len, "isold (pid %d) predates RELOAD: sent it "
			 "SIGHUP, check its log for the outcome", (int)pid);
		return 1;
	}
	if (ret && !reason[0])
		snprintf(reason, len, "%s", strerror(-ret));
	return ret;
}

/*
 * Replace @path by @len bytes of @buf, have isold reload and wait for the
 * outcome; when the reload fails, put the previous content (or absence)
 * of @path back, reload again, and fail with the daemon's reason: a
 * rejected change changes nothing.
 */
static int replace_and_reload(const char *path, const char *buf, size_t len,
			      pid_t pid)
{
	char why[128] = "", reason[ISOLD_REASON_MAX], again[ISOLD_REASON_MAX];
	char old[CONF_FILE_MAX > 65536 ? 65536 : CONF_FILE_MAX];
	ssize_t olen = read_text_file(path, old, sizeof(old));
	int ret;

	if (olen < 0 && olen != -ENOENT) {
		fprintf(stderr, "isolctl whitelist: %s: %s\n", path,
			strerror((int)-olen));
		return EXIT_FAILURE;
	}
	ret = write_file_atomic(path, buf, len, 0644, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "isolctl whitelist: cannot write %s: %s%s\n", path,
			ret == -EPERM && why[0] ? "its directory is not safe: " :
			strerror(-ret), ret == -EPERM ? why : "");
		return EXIT_FAILURE;
	}
	ret = reload_isold(pid, reason, sizeof(reason));
	if (ret > 0) {
		printf("wrote %s; %s\n", path, reason);
		return EXIT_SUCCESS;
	}
	if (!ret) {
		printf("wrote %s and isold (pid %d) reloaded\n", path, (int)pid);
		return EXIT_SUCCESS;
	}
	/* Rejected: back to how it was. */
	if (olen >= 0)
		write_file_atomic(path, old, (size_t)olen, 0644, NULL, 0);
	else
		unlink(path);
	if (reload_isold(pid, again, sizeof(again)) < 0)
		fprintf(stderr, "isolctl whitelist: reloading the previous records "
			"failed too: %s\n", again);
	fprintf(stderr, "isolctl whitelist: isold (pid %d) rejected the change: "
		"%s\nisolctl whitelist: %s %s; nothing changed\n", (int)pid, reason,
		path, olen >= 0 ? "restored" : "removed");
	return EXIT_FAILURE;
}

/* Rewrite 90-isolctl.conf with @nr of w->abi (with --args: that rule)
 * added or removed. */
static int via_daemon(struct wl *w, pid_t pid, int argc, char **argv, bool add)
{
	struct isol_recset mine = { 0 };
	struct conf_err err = { 0 };
	char path[PATH_MAX], args[RULE_LINE_MAX] = "", what[RULE_LINE_MAX + 80];
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int a, ret;

	if (isol_path(ISOL_ROOT_CONFDIR, ISOLCTL_RECORD_FILE, path, sizeof(path)))
		return EXIT_FAILURE;
	if (!access(path, F_OK) && record_parse_file(path, &mine, &err)) {
		fprintf(stderr, "isolctl whitelist: %s: %s\n", path, err.msg);
		return EXIT_FAILURE;
	}
	for (a = 0; a < argc; a++) {
		int nr = resolve(w, argv[a]);
		const struct isol_record *r;
		const char *name;

		if (nr < 0 || (w->args && canon_args(w, nr, args, sizeof(args))))
			goto fail;
		name = syscall_name(w->abi, nr);
		snprintf(what, sizeof(what), "%s%s%s%s", name, args[0] ? " (" : "",
			 args, args[0] ? ")" : "");
		for (i = 0; i < mine.n; i++)
			if (!strcmp(mine.v[i].syscall, name) &&
			    (mine.v[i].abis & (1u << w->abi)) &&
			    !strcmp(mine.v[i].args, args))
				break;
		r = find_rec(w, w->abi, nr, args);
		if (add) {
			struct isol_record *n;

			if (i < mine.n || (r && r->status != REC_REVOKED)) {
				printf("%s: already whitelisted by %s:%d\n", what,
				       r ? r->file : path, r ? r->line : 0);
				continue;
			}
			if (r) {
				fprintf(stderr, "isolctl whitelist: %s is revoked in %s:%d; "
					"change its status there and reload isold\n",
					what, r->file, r->line);
				goto fail;
			}
			n = realloc(mine.v, (mine.n + 1) * sizeof(*n));
			if (!n)
				goto fail;
			mine.v = n;
			n = &mine.v[mine.n++];
			memset(n, 0, sizeof(*n));
			snprintf(n->syscall, sizeof(n->syscall), "%s", name);
			memcpy(n->args, args, sizeof(args));
			n->abis = 1u << w->abi;
			n->abis_explicit = true;
			n->status = REC_PROVISIONAL;
			snprintf(n->note, sizeof(n->note),
				 "added by isolctl whitelist add; certify it with isol-certify");
		} else {
			if (i == mine.n) {
				if (r) {
					fprintf(stderr, "isolctl whitelist: %s comes from %s:%d; "
						"set 'status = revoked' there and reload isold "
						"(kill -HUP %d)\n", what, r->file, r->line, (int)pid);
					goto fail;
				}
				printf("%s: not in the whitelist\n", what);
				continue;
			}
			mine.v[i] = mine.v[--mine.n];
		}
	}
	f = open_memstream(&buf, &len);
	if (!f)
		goto fail;
	fprintf(f, "# Written by isolctl whitelist add/remove.  Records here are\n"
		"# provisional until isol-certify has measured them (isold.conf(5)).\n");
	for (i = 0; i < mine.n; i++) {
		fputc('\n', f);
		record_write(f, &mine.v[i]);
	}
	fclose(f);
	recset_free(&mine);
	ret = replace_and_reload(path, buf, len, pid);
	free(buf);
	return ret;
fail:
	recset_free(&mine);
	return EXIT_FAILURE;
}

/* Without isold: one rule into or out of the kernel's rules_<abi>. */
static int rule_via_kernel(struct wl *w, const char *name, bool add)
{
	struct ruleset *kr = &w->krules[w->abi];
	char p[PATH_MAX], args[RULE_LINE_MAX], msg[256];
	char buf[RULES_TEXT_MAX + 1], back[RULES_TEXT_MAX + 2];
	int nr = resolve(w, name), i, err;

	if (nr < 0 || canon_args(w, nr, args, sizeof(args)))
		return EXIT_FAILURE;
	if (w->krules_err[w->abi]) {
		fprintf(stderr, "isolctl whitelist: %s\n",
			w->krules_err[w->abi] == -ENOENT ?
			"this kernel has no argument rules (rules_<abi> is "
			"missing); a rule is never widened to its whole syscall" :
			"the kernel's rules are unreadable");
		return EXIT_FAILURE;
	}
	if (add) {
		err = ruleset_add(kr, nr, args, msg, sizeof(msg));
		if (err == -EEXIST) {
			printf("%s (%s): already in the kernel's rules\n", name, args);
			return EXIT_SUCCESS;
		}
		if (err) {
			fprintf(stderr, "isolctl whitelist: %s\n", msg);
			return EXIT_FAILURE;
		}
	} else {
		i = ruleset_find(kr, nr, args);
		if (i < 0) {
			printf("%s (%s): not in the kernel's rules\n", name, args);
			return EXIT_SUCCESS;
		}
		ruleset_del(kr, (unsigned int)i);
	}
	if (ruleset_format(kr, buf, sizeof(buf)) < 0 ||
	    kinfo_rules_path(w->abi, p, sizeof(p)))
		return EXIT_FAILURE;
	err = write_text_file(p, buf);
	if (!err && (read_text_file(p, back, sizeof(back)) < 0 ||
		     strcmp(back, buf)))
		err = -EIO;
	if (err) {
		fprintf(stderr, "isolctl whitelist: cannot write %s: %s%s\n", p,
			strerror(-err), err == -EACCES || err == -EPERM ?
			" (run as root)" : err == -EIO ?
			" (it reads back differently)" : "");
		return EXIT_FAILURE;
	}
	printf("kernel rules (%s) are now:\n%s", syscall_abi_name(w->abi), buf);
	return EXIT_SUCCESS;
}

static int via_kernel(struct wl *w, int argc, char **argv, bool add)
{
	unsigned int max = syscall_nr_max(w->abi);
	char p[PATH_MAX], buf[8192];
	int i, err;

	if (!w->kok[w->abi]) {
		fprintf(stderr, "isolctl whitelist: cannot read the kernel whitelist; "
			"this kernel has no RT isolation (CONFIG_RT_ISOLATION)\n");
		return EXIT_FAILURE;
	}
	if (w->args)
		return rule_via_kernel(w, argv[0], add);
	for (i = 0; i < argc; i++) {
		int nr = resolve(w, argv[i]);

		if (nr < 0)
			return EXIT_FAILURE;
		if (add)
			bitlist_set(w->kbits[w->abi], (unsigned int)nr);
		else
			bitlist_clear(w->kbits[w->abi], (unsigned int)nr);
	}
	if (bitlist_format(w->kbits[w->abi], max, buf, sizeof(buf)) < 0 ||
	    isol_path(ISOL_ROOT_SYSFS, w->abi == SYSCALL_ABI_IA32 ?
		      RTISO_SYSFS_WL_IA32 : RTISO_SYSFS_WL_X86_64, p, sizeof(p)))
		return EXIT_FAILURE;
	err = write_text_file(p, buf);
	if (err) {
		fprintf(stderr, "isolctl whitelist: cannot write %s: %s%s\n", p,
			strerror(-err), err == -EACCES || err == -EPERM ?
			" (run as root)" : "");
		return EXIT_FAILURE;
	}
	printf("kernel whitelist (%s) is now: %s\n", syscall_abi_name(w->abi),
	       buf[0] ? buf : "(empty)");
	return EXIT_SUCCESS;
}

int cmd_whitelist(struct isolctl_params *p, int argc, char **argv)
{
	static const struct option longopts[] = {
		ISOLCTL_COMMON_LONGOPTS,
		{ "abi", required_argument, NULL, OPT_ABI },
		{ "file", no_argument, NULL, OPT_FILE },
		{ "kernel", no_argument, NULL, OPT_KERNEL },
		{ "args", required_argument, NULL, OPT_ARGS },
		{ NULL, 0, NULL, 0 }
	};
	bool files = false, kernel = false;
	const char *action;
	struct wl *w;
	pid_t pid;
	int ch, rc;

	w = calloc(1, sizeof(*w));
	if (!w)
		return EXIT_FAILURE;
	w->p = p;
	while ((ch = isolctl_getopt(argc, argv, ISOLCTL_COMMON_SHORTOPTS,
				    longopts)) != -1) {
		int r = isolctl_common_opt(p, ch, optarg, usage);

		if (r < 0)
			goto usage_fail;
		if (r)
			continue;
		if (ch == OPT_ABI) {
			int abi = syscall_abi_parse(optarg);

			if (abi < 0) {
				free(w);
				return isolctl_usage_err(p, "unknown ABI '%s' (x86_64 or ia32)",
							 optarg);
			}
			w->abi = (enum syscall_abi)abi;
			w->abi_given = true;
		} else if (ch == OPT_FILE) {
			files = true;
		} else if (ch == OPT_KERNEL) {
			kernel = true;
		} else if (ch == OPT_ARGS) {
			w->args = optarg;
		} else {
			free(w);
			return isolctl_usage_err(p, "bad option");
		}
	}
	action = optind < argc ? argv[optind++] : "show";
	load_state(w);
	if (!strcmp(action, "show")) {
		rc = optind < argc || w->args ?
		     isolctl_usage_err(p, "show takes no arguments") : show(w);
	} else if (!strcmp(action, "check") || !strcmp(action, "add") ||
		   !strcmp(action, "remove")) {
		if (optind >= argc) {
			rc = isolctl_usage_err(p, "%s needs at least one %s", action,
					       files ? "file" : "syscall");
		} else if (w->args && (files || argc - optind != 1)) {
			rc = isolctl_usage_err(p, "--args is the rule of one SYSCALL");
		} else if (!strcmp(action, "check")) {
			rc = check(w, argc - optind, argv + optind, files);
		} else if (!kernel && (pid = kinfo_daemon_pid()) > 0) {
			rc = via_daemon(w, pid, argc - optind, argv + optind,
					!strcmp(action, "add"));
		} else {
			rc = via_kernel(w, argc - optind, argv + optind,
					!strcmp(action, "add"));
		}
	} else {
		rc = isolctl_usage_err(p, "unknown action '%s' (show, add, remove, check)",
				       action);
	}
	recset_free(&w->recs);
	free(w);
	return rc;
usage_fail:
	free(w);
	return EXIT_FAILURE;
}
