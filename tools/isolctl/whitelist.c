// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * isolctl whitelist show|add|remove|check - the syscalls that run in place
 * on RT CPUs, by name or number per ABI, with each record's evidence.
 *
 * The kernel files (/sys/kernel/rt_isolation/syscalls_<abi>) are the truth
 * of what is in force; the records in CONFDIR/whitelist.d (isold.conf(5),
 * parsed with isold's own parser) carry the evidence.  Changes go through
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
#include "syscalls.h"

#define ISOLCTL_RECORD_FILE "whitelist.d/90-isolctl.conf"

enum { OPT_ABI = OPT_CMD_FIRST, OPT_FILE, OPT_KERNEL };

static void usage(void)
{
	printf("Usage:\n"
	       " isolctl whitelist show [options]\n"
	       " isolctl whitelist add [options] SYSCALL...\n"
	       " isolctl whitelist remove [options] SYSCALL...\n"
	       " isolctl whitelist check [options] SYSCALL...\n"
	       " isolctl whitelist check --file FILE...\n\n"
	       "Show or change the syscalls that run in place on RT CPUs.  SYSCALL\n"
	       "is a name (futex) or a number of the ABI.  'check' exits 0 when\n"
	       "every SYSCALL is whitelisted (or every FILE is a valid record\n"
	       "file), 2 otherwise.\n\n"
	       "Options:\n"
	       "     --abi ABI          x86_64 (default) or ia32\n"
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
	unsigned long kbits[SYSCALL_ABI_COUNT][BITLIST_LONGS(BITLIST_MAX_BITS)];
	bool kok[SYSCALL_ABI_COUNT];
	struct isol_recset recs;
	char confdir[PATH_MAX];
};

static void load_state(struct wl *w)
{
	struct conf_err err = { 0 };
	char dir[PATH_MAX];
	int abi;

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++)
		w->kok[abi] = !kinfo_whitelist((enum syscall_abi)abi, w->kbits[abi]);
	if (!isol_path(ISOL_ROOT_CONFDIR, "whitelist.d", dir, sizeof(dir)) &&
	    record_load_dir(dir, &w->recs, &err))
		fprintf(stderr, "isolctl whitelist: warning: records: %s\n", err.msg);
}

static const struct isol_record *find_rec(const struct wl *w, int abi, int nr)
{
	size_t i;

	for (i = 0; i < w->recs.n; i++)
		if ((w->recs.v[i].abis & (1u << abi)) && w->recs.v[i].nr[abi] == nr)
			return &w->recs.v[i];
	return NULL;
}

static int show(struct wl *w)
{
	struct out o;
	int abi;

	if (out_init(&o, "whitelist", &w->p->out))
		return EXIT_FAILURE;
	out_col(&o, "SYSCALL", 0, OUT_STR, false);
	out_col(&o, "ABI", 0, OUT_STR, false);
	out_col(&o, "NR", 0, OUT_NUM, true);
	out_col(&o, "KERNEL", 0, OUT_STR, false);
	out_col(&o, "STATUS", 0, OUT_STR, false);
	out_col(&o, "P99.99-NS", 0, OUT_STR, true);
	out_col(&o, "MAX-NS", 0, OUT_STR, true);
	out_col(&o, "CERTIFIED-ON", 0, OUT_STR, false);
	out_col(&o, "DATE", 0, OUT_STR, false);
	out_col(&o, "SOURCE", 0, OUT_STR, false);
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		unsigned int nr, max = syscall_nr_max((enum syscall_abi)abi);

		if (w->abi_given && abi != (int)w->abi)
			continue;
		for (nr = 0; nr < max; nr++) {
			const struct isol_record *r = find_rec(w, abi, (int)nr);
			bool in_k = w->kok[abi] && bitlist_test(w->kbits[abi], nr);
			const char *name = syscall_name((enum syscall_abi)abi, (int)nr);
			struct libscols_line *ln;

			if (!in_k && !r)
				continue;
			ln = out_row(&o);
			out_set(ln, 0, "%s", name ? name : "?");
			out_set(ln, 1, "%s", syscall_abi_name((enum syscall_abi)abi));
			out_set(ln, 2, "%u", nr);
			out_set(ln, 3, "%s", !w->kok[abi] ? "n/a" : in_k ? "yes" : "no");
			out_set(ln, 4, "%s", r ? rec_status_name(r->status) : "-");
			if (r && r->samples) {
				out_set(ln, 5, "%llu", (unsigned long long)r->p9999_ns);
				out_set(ln, 6, "%llu", (unsigned long long)r->max_ns);
			} else {
				out_set(ln, 5, "-");
				out_set(ln, 6, "-");
			}
			out_set(ln, 7, "%s", r && r->kernel[0] ? r->kernel : "-");
			out_set(ln, 8, "%s", r && r->date[0] ? r->date : "-");
			if (r)
				out_set(ln, 9, "%s:%d", r->file, r->line);
			else
				out_set(ln, 9, "kernel");
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

static int check(struct wl *w, int argc, char **argv, bool files)
{
	int i, bad = 0;

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
		} else {
			int nr = resolve(w, argv[i]);
			const struct isol_record *r;

			if (nr < 0)
				return EXIT_FAILURE;
			if (!w->kok[w->abi]) {
				fprintf(stderr, "isolctl whitelist: cannot read the kernel "
					"whitelist; this kernel has no RT isolation "
					"(CONFIG_RT_ISOLATION)\n");
				return EXIT_FAILURE;
			}
			r = find_rec(w, w->abi, nr);
			if (bitlist_test(w->kbits[w->abi], (unsigned int)nr)) {
				printf("%s (%s %d): whitelisted", argv[i],
				       syscall_abi_name(w->abi), nr);
			} else {
				printf("%s (%s %d): not whitelisted: it displaces", argv[i],
				       syscall_abi_name(w->abi), nr);
				bad++;
			}
			if (r)
				printf("; record %s:%d, %s%s%s\n", r->file, r->line,
				       rec_status_name(r->status),
				       r->samples ? ", certified on " : "",
				       r->samples ? r->kernel : "");
			else
				printf("; no record\n");
		}
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
		/* An isold that predates RELOAD: no outcome to wait for. */
		if (kill(pid, SIGHUP))
			return -errno;
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

/* Rewrite 90-isolctl.conf with @nr of w->abi added or removed. */
static int via_daemon(struct wl *w, pid_t pid, int argc, char **argv, bool add)
{
	struct isol_recset mine = { 0 };
	struct conf_err err = { 0 };
	char path[PATH_MAX], *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int a, ret;

	(void)pid;
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

		if (nr < 0)
			goto fail;
		name = syscall_name(w->abi, nr);
		for (i = 0; i < mine.n; i++)
			if (!strcmp(mine.v[i].syscall, name) &&
			    (mine.v[i].abis & (1u << w->abi)))
				break;
		r = find_rec(w, w->abi, nr);
		if (add) {
			struct isol_record *n;

			if (i < mine.n || (r && r->status != REC_REVOKED)) {
				printf("%s: already whitelisted by %s:%d\n", name,
				       r ? r->file : path, r ? r->line : 0);
				continue;
			}
			if (r) {
				fprintf(stderr, "isolctl whitelist: %s is revoked in %s:%d; "
					"change its status there and reload isold\n",
					name, r->file, r->line);
				goto fail;
			}
			n = realloc(mine.v, (mine.n + 1) * sizeof(*n));
			if (!n)
				goto fail;
			mine.v = n;
			n = &mine.v[mine.n++];
			memset(n, 0, sizeof(*n));
			snprintf(n->syscall, sizeof(n->syscall), "%s", name);
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
						"(kill -HUP %d)\n", name, r->file, r->line, (int)pid);
					goto fail;
				}
				printf("%s: not in the whitelist\n", name);
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
		} else {
			free(w);
			return isolctl_usage_err(p, "bad option");
		}
	}
	action = optind < argc ? argv[optind++] : "show";
	load_state(w);
	if (!strcmp(action, "show")) {
		rc = optind < argc ? isolctl_usage_err(p, "show takes no arguments") :
				     show(w);
	} else if (!strcmp(action, "check") || !strcmp(action, "add") ||
		   !strcmp(action, "remove")) {
		if (optind >= argc) {
			rc = isolctl_usage_err(p, "%s needs at least one %s", action,
					       files ? "file" : "syscall");
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
