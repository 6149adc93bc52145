// SPDX-License-Identifier: LGPL-2.1-or-later
/* record.c - parse, validate and write whitelist records. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bitlist.h"
#include "profiles.h"
#include "record.h"

enum {
	SEEN_ABI = 1 << 0, SEEN_STATUS = 1 << 1, SEEN_BY = 1 << 2,
	SEEN_KERNEL = 1 << 3, SEEN_HASH = 1 << 4, SEEN_LOAD = 1 << 5,
	SEEN_SAMPLES = 1 << 6, SEEN_P9999 = 1 << 7, SEEN_MAX = 1 << 8,
	SEEN_DATE = 1 << 9, SEEN_NOTE = 1 << 10, SEEN_ARGS = 1 << 11,
	SEEN_PROFILE = 1 << 12,
	SEEN_EVIDENCE = SEEN_BY | SEEN_KERNEL | SEEN_HASH | SEEN_LOAD |
			SEEN_SAMPLES | SEEN_P9999 | SEEN_MAX | SEEN_DATE |
			SEEN_PROFILE,
};

static const struct {
	const char *key;
	unsigned int bit;
} evidence_keys[] = {
	{ "certified_by", SEEN_BY }, { "kernel", SEEN_KERNEL },
	{ "config_sha256", SEEN_HASH }, { "load", SEEN_LOAD },
	{ "samples", SEEN_SAMPLES }, { "p99_99_ns", SEEN_P9999 },
	{ "max_ns", SEEN_MAX }, { "date", SEEN_DATE },
	{ "profile", SEEN_PROFILE },
};

const char *rec_status_name(enum rec_status s)
{
	switch (s) {
	case REC_CERTIFIED:
		return "certified";
	case REC_PROVISIONAL:
		return "provisional";
	case REC_REVOKED:
		return "revoked";
	}
	return "?";
}

struct rparse {
	struct isol_recset *set;
	const char *file;
	size_t first;		/* index of this file's first record */
	struct isol_record *cur;
};

static int set_str(char *dst, size_t len, const char *v, const char *key,
		   struct conf_err *err)
{
	if (strlen(v) >= len)
		return conf_error(err, "%s: longer than %zu bytes", key,
				  len - 1);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int parse_abis(const char *v, unsigned int *out, struct conf_err *err)
{
	char buf[CONF_LINE_MAX + 1], *tok, *save;
	unsigned int abis = 0;

	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		int abi = syscall_abi_parse(tok);

		if (abi < 0)
			return conf_error(err, "abi: unknown ABI \"%s\" "
					  "(x86_64, ia32)", tok);
		abis |= 1u << abi;
	}
	if (!abis)
		return conf_error(err, "abi: empty list");
	*out = abis;
	return 0;
}

static bool digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* YYYY-MM-DD, optionally followed by T or a space and HH:MM[:SS][Z]: a
 * date that exists (2026-02-31 does not). */
static bool valid_date(const char *v)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int y, m, d, hh, mm, ss, max;
	const char *t;

	if (!digits(v, 4, &y) || v[4] != '-' || !digits(v + 5, 2, &m) ||
	    v[7] != '-' || !digits(v + 8, 2, &d))
		return false;
	if (y < 1970 || m < 1 || m > 12)
		return false;
	max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100) ||
					 y % 400 == 0));
	if (d < 1 || d > max)
		return false;
	if (!v[10])
		return true;
	if (v[10] != 'T' && v[10] != ' ')
		return false;
	t = v + 11;
	if (!digits(t, 2, &hh) || t[2] != ':' || !digits(t + 3, 2, &mm) ||
	    hh > 23 || mm > 59)
		return false;
	t += 5;
	if (*t == ':') {
		if (!digits(t + 1, 2, &ss) || ss > 60)
			return false;
		t += 3;
	}
	if (*t == 'Z')
		t++;
	return !*t;
}

/*
 * The args of @r, valid for each of its ABIs (ia32: 32-bit values), in
 * canonical form; and a certified record's rule no wider than what its
 * profile measured (docs/argument-rules.md).
 */
static int check_args(struct isol_record *r, struct conf_err *err)
{
	const struct cert_profile *pr = NULL;
	struct ruleset *mine, *meas;
	char canon[RULE_LINE_MAX], msg[256];
	unsigned int abi;
	int ret = 0;

	for (abi = 0; r->args[0] && abi < SYSCALL_ABI_COUNT; abi++) {
		if (!(r->abis & (1u << abi)))
			continue;
		if (rule_preds_canon(abi, r->nr[abi], r->args, canon,
				     sizeof(canon), msg, sizeof(msg)))
			return conf_error(err, "[syscall %s]: args (%s): %s",
					  r->syscall, syscall_abi_name(abi),
					  msg);
	}
	if (r->args[0]) {
		memset(r->args, 0, sizeof(r->args));
		memcpy(r->args, canon, strlen(canon) + 1);
	}
	if (r->seen & SEEN_PROFILE) {
		pr = cert_profile_find(r->profile);
		if (!pr)
			return conf_error(err, "[syscall %s]: unknown profile "
					  "\"%s\" (isol-certify --list)",
					  r->syscall, r->profile);
		if (strcmp(pr->syscall, r->syscall))
			return conf_error(err, "[syscall %s]: profile %s "
					  "measures %s, not %s", r->syscall,
					  pr->name, pr->syscall, r->syscall);
	}
	if (r->status != REC_CERTIFIED || !pr || !pr->args[0])
		return 0;
	if (!r->args[0])
		return conf_error(err, "[syscall %s]: certified for the whole "
				  "syscall, but profile %s measured only "
				  "\"%s\": add \"args = %s\" (or lower the "
				  "status to provisional)", r->syscall,
				  pr->name, pr->args, pr->args);
	/* both rules on the same (x86_64 or ia32) number */
	for (abi = 0; !(r->abis & (1u << abi)); abi++)
		;
	mine = malloc(sizeof(*mine));
	meas = malloc(sizeof(*meas));
	if (!mine || !meas) {
		ret = -ENOMEM;
		goto out;
	}
	ruleset_init(mine, abi);
	ruleset_init(meas, abi);
	if (ruleset_add(mine, r->nr[abi], r->args, msg, sizeof(msg)) ||
	    ruleset_add(meas, r->nr[abi], pr->args, msg, sizeof(msg))) {
		ret = conf_error(err, "[syscall %s]: %s", r->syscall, msg);
		goto out;
	}
	if (!rule_within(mine, 0, meas, 0))
		ret = conf_error(err, "[syscall %s]: certified, but \"args = "
				 "%s\" admits calls profile %s did not measure "
				 "(it measured \"%s\"): narrow the args or "
				 "lower the status to provisional", r->syscall,
				 r->args, pr->name, pr->args);
out:
	free(mine);
	free(meas);
	return ret;
}

static int finish(struct rparse *rp, struct conf_err *err)
{
	struct isol_record *r = rp->cur;
	unsigned int abi, found = 0;
	size_t i;
	int ret;

	if (!r)
		return 0;
	rp->cur = NULL;
	err->line = r->line;
	if (!(r->seen & SEEN_STATUS))
		return conf_error(err, "[syscall %s]: missing \"status\"",
				  r->syscall);
	if (r->status == REC_CERTIFIED &&
	    (r->seen & SEEN_EVIDENCE) != SEEN_EVIDENCE) {
		for (i = 0; i < sizeof(evidence_keys) / sizeof(evidence_keys[0]);
		     i++)
			if (!(r->seen & evidence_keys[i].bit))
				break;
		return conf_error(err, "[syscall %s]: certified record "
				  "lacks \"%s\"", r->syscall,
				  evidence_keys[i].key);
	}
	if ((r->seen & SEEN_P9999) && (r->seen & SEEN_MAX) &&
	    r->p9999_ns > r->max_ns)
		return conf_error(err, "[syscall %s]: p99_99_ns > max_ns",
				  r->syscall);
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		r->nr[abi] = -1;
		if (r->abis_explicit && !(r->abis & (1u << abi)))
			continue;
		r->nr[abi] = syscall_lookup(abi, r->syscall);
		if (r->nr[abi] >= 0) {
			found |= 1u << abi;
		} else if (r->abis_explicit) {
			return conf_error(err, "[syscall %s]: no such syscall "
					  "in ABI %s", r->syscall,
					  syscall_abi_name(abi));
		}
	}
	if (!found)
		return conf_error(err, "[syscall %s]: unknown syscall",
				  r->syscall);
	r->abis = found;
	ret = check_args(r, err);
	if (ret)
		return ret;
	for (i = 0; i + 1 < rp->set->n; i++) {
		const struct isol_record *o = &rp->set->v[i];

		if (!strcmp(o->syscall, r->syscall) && (o->abis & r->abis) &&
		    !strcmp(o->args, r->args))
			return conf_error(err, "[syscall %s]: duplicate "
					  "record%s%s, first at %s:%d",
					  r->syscall, r->args[0] ?
					  " with args = " : "", r->args,
					  o->file, o->line);
	}
	err->line = 0;
	return 0;
}

static int start(struct rparse *rp, const char *arg, int line,
		 struct conf_err *err)
{
	struct isol_recset *set = rp->set;
	struct isol_record *r;
	const char *p;

	if (!arg)
		return conf_error(err, "want [syscall NAME]");
	for (p = arg; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '_')
			return conf_error(err, "bad syscall name \"%s\"", arg);
	if (isdigit((unsigned char)*arg))
		return conf_error(err, "syscall must be named, not "
				  "numbered: \"%s\"", arg);
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct isol_record *v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	r = &set->v[set->n++];
	memset(r, 0, sizeof(*r));
	if (set_str(r->syscall, sizeof(r->syscall), arg, "syscall", err))
		return -EINVAL;
	snprintf(r->file, sizeof(r->file), "%s", rp->file);
	r->line = line;
	rp->cur = r;
	return 0;
}

static int key(struct isol_record *r, const char *k, const char *v,
	       struct conf_err *err)
{
	unsigned int bit = 0;
	int ret = 0;

	if (!strcmp(k, "abi")) {
		bit = SEEN_ABI;
		ret = parse_abis(v, &r->abis, err);
		r->abis_explicit = true;
	} else if (!strcmp(k, "status")) {
		bit = SEEN_STATUS;
		if (!strcmp(v, "certified"))
			r->status = REC_CERTIFIED;
		else if (!strcmp(v, "provisional"))
			r->status = REC_PROVISIONAL;
		else if (!strcmp(v, "revoked"))
			r->status = REC_REVOKED;
		else
			return conf_error(err, "status: want certified, "
					  "provisional or revoked, not \"%s\"",
					  v);
	} else if (!strcmp(k, "certified_by")) {
		bit = SEEN_BY;
		ret = set_str(r->certified_by, sizeof(r->certified_by), v, k,
			      err);
	} else if (!strcmp(k, "kernel")) {
		bit = SEEN_KERNEL;
		ret = set_str(r->kernel, sizeof(r->kernel), v, k, err);
	} else if (!strcmp(k, "config_sha256")) {
		const char *p;

		bit = SEEN_HASH;
		for (p = v; *p; p++)
			if (!isxdigit((unsigned char)*p) || isupper((unsigned char)*p))
				break;
		if (*p || p - v != 64)
			return conf_error(err, "config_sha256: want 64 "
					  "lower-case hex digits");
		ret = set_str(r->config_sha256, sizeof(r->config_sha256), v,
			      k, err);
	} else if (!strcmp(k, "load")) {
		bit = SEEN_LOAD;
		ret = set_str(r->load, sizeof(r->load), v, k, err);
	} else if (!strcmp(k, "samples")) {
		bit = SEEN_SAMPLES;
		if (conf_u64(v, UINT64_MAX, &r->samples) || !r->samples)
			return conf_error(err, "samples: want a positive "
					  "integer");
	} else if (!strcmp(k, "p99_99_ns")) {
		bit = SEEN_P9999;
		if (conf_u64(v, UINT64_MAX, &r->p9999_ns))
			return conf_error(err, "p99_99_ns: want nanoseconds");
	} else if (!strcmp(k, "max_ns")) {
		bit = SEEN_MAX;
		if (conf_u64(v, UINT64_MAX, &r->max_ns))
			return conf_error(err, "max_ns: want nanoseconds");
	} else if (!strcmp(k, "date")) {
		bit = SEEN_DATE;
		if (!valid_date(v))
			return conf_error(err, "date: want YYYY-MM-DD "
					  "(optionally followed by a time)");
		ret = set_str(r->date, sizeof(r->date), v, k, err);
	} else if (!strcmp(k, "note")) {
		bit = SEEN_NOTE;
		ret = set_str(r->note, sizeof(r->note), v, k, err);
	} else if (!strcmp(k, "args")) {
		bit = SEEN_ARGS;
		if (!*v)
			return conf_error(err, "args: empty (leave the key out "
					  "to whitelist the whole syscall)");
		/* checked per ABI when the section ends */
		ret = set_str(r->args, sizeof(r->args), v, k, err);
	} else if (!strcmp(k, "profile")) {
		bit = SEEN_PROFILE;
		ret = set_str(r->profile, sizeof(r->profile), v, k, err);
	} else {
		return conf_error(err, "unknown key \"%s\" in a record", k);
	}
	if (ret)
		return ret;
	if (r->seen & bit)
		return conf_error(err, "\"%s\" given twice", k);
	r->seen |= bit;
	return 0;
}

static int record_cb(void *ctx, const char *section, const char *arg,
		     const char *k, const char *v, int line,
		     struct conf_err *err)
{
	struct rparse *rp = ctx;
	int ret;

	if (!line)
		return finish(rp, err);
	if (!k) {
		ret = finish(rp, err);
		if (ret)
			return ret;
		if (strcmp(section, "syscall"))
			return conf_error(err, "unknown section [%s] (records "
					  "are [syscall NAME])", section);
		return start(rp, arg, line, err);
	}
	if (!rp->cur)
		return conf_error(err, "\"%s\" outside a [syscall NAME] "
				  "section", k);
	return key(rp->cur, k, v, err);
}

int record_parse_buf(const char *name, const char *buf, size_t len,
		     struct isol_recset *set, struct conf_err *err)
{
	struct rparse rp = { .set = set, .file = name, .first = set->n };
	int ret = conf_parse_buf(name, buf, len, record_cb, &rp, err);

	if (ret)
		set->n = rp.first;	/* all or nothing per file */
	return ret;
}

static int parse_file(const char *path, unsigned int flags,
		      struct isol_recset *set, struct conf_err *err)
{
	struct rparse rp = { .set = set, .file = path, .first = set->n };
	int ret = conf_parse_file(path, flags, record_cb, &rp, err);

	if (ret)
		set->n = rp.first;
	return ret;
}

int record_parse_file(const char *path, struct isol_recset *set,
		      struct conf_err *err)
{
	return parse_file(path, 0, set, err);
}

static int conf_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 &&
	       !strcmp(d->d_name + n - 5, ".conf");
}

int record_load_dir(const char *dir, struct isol_recset *set,
		    struct conf_err *err)
{
	struct dirent **names;
	char path[4096];
	struct stat st;
	int i, n, ret = 0;

	if (!stat(dir, &st) && conf_check_perms("whitelist dir", dir,
						 st.st_mode, st.st_uid,
						 st.st_gid, err))
		return -EPERM;
	n = scandir(dir, &names, conf_filter, alphasort);
	if (n < 0) {
		if (errno == ENOENT)
			return 0;
		ret = -errno;
		snprintf(err->msg, sizeof(err->msg), "%s: %s", dir,
			 strerror(errno));
		return ret;
	}
	for (i = 0; i < n; i++) {
		if (!ret) {
			snprintf(path, sizeof(path), "%s/%s", dir,
				 names[i]->d_name);
			ret = parse_file(path, CONF_NOFOLLOW, set, err);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

void recset_free(struct isol_recset *set)
{
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

int record_write(FILE *f, const struct isol_record *r)
{
	unsigned int abi;
	const char *sep = "";

	fprintf(f, "[syscall %s]\n", r->syscall);
	if (r->abis && r->abis != REC_ABI_ALL) {
		fprintf(f, "abi = ");
		for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++)
			if (r->abis & (1u << abi)) {
				fprintf(f, "%s%s", sep, syscall_abi_name(abi));
				sep = " ";
			}
		fprintf(f, "\n");
	} else if (r->abis_explicit) {
		fprintf(f, "abi = x86_64 ia32\n");
	}
	if (r->args[0])
		fprintf(f, "args = %s\n", r->args);
	fprintf(f, "status = %s\n", rec_status_name(r->status));
	if (r->profile[0])
		fprintf(f, "profile = %s\n", r->profile);
	if (r->certified_by[0])
		fprintf(f, "certified_by = %s\n", r->certified_by);
	if (r->kernel[0])
		fprintf(f, "kernel = %s\n", r->kernel);
	if (r->config_sha256[0])
		fprintf(f, "config_sha256 = %s\n", r->config_sha256);
	if (r->load[0])
		fprintf(f, "load = %s\n", r->load);
	if (r->samples)
		fprintf(f, "samples = %llu\n", (unsigned long long)r->samples);
	if (r->samples || r->p9999_ns || r->max_ns) {
		fprintf(f, "p99_99_ns = %llu\n",
			(unsigned long long)r->p9999_ns);
		fprintf(f, "max_ns = %llu\n", (unsigned long long)r->max_ns);
	}
	if (r->date[0])
		fprintf(f, "date = %s\n", r->date);
	if (r->note[0])
		fprintf(f, "note = %s\n", r->note);
	return ferror(f) ? -EIO : 0;
}

bool record_in_force(const struct isol_record *r, enum syscall_abi abi,
		     bool provisional)
{
	return r->nr[abi] >= 0 && (r->abis & (1u << abi)) &&
	       (r->status == REC_CERTIFIED ||
		(provisional && r->status == REC_PROVISIONAL));
}

int recset_rules(const struct isol_recset *set, enum syscall_abi abi,
		 bool provisional, struct ruleset *rules, struct conf_err *err)
{
	char msg[256];
	size_t i;
	int ret;

	ruleset_init(rules, abi);
	for (i = 0; i < set->n; i++) {
		const struct isol_record *r = &set->v[i];

		if (!r->args[0] || !record_in_force(r, abi, provisional))
			continue;
		ret = ruleset_add(rules, r->nr[abi], r->args, msg, sizeof(msg));
		if (ret == -EEXIST)
			continue;	/* same rule from two ABI spellings */
		if (ret) {
			snprintf(err->msg, sizeof(err->msg), "%.200s:%d: "
				 "[syscall %s]: the %s rules: %.200s", r->file,
				 r->line, r->syscall, syscall_abi_name(abi),
				 msg);
			return ret;
		}
	}
	return 0;
}

void recset_bitmaps(const struct isol_recset *set, enum syscall_abi abi,
		    bool provisional, unsigned long *allowed,
		    unsigned long *certified, unsigned int nbits)
{
	size_t i;

	memset(allowed, 0, BITLIST_LONGS(nbits) * sizeof(long));
	if (certified)
		memset(certified, 0, BITLIST_LONGS(nbits) * sizeof(long));
	for (i = 0; i < set->n; i++) {
		const struct isol_record *r = &set->v[i];
		int nr = r->nr[abi];

		if (nr < 0 || (unsigned int)nr >= nbits ||
		    !(r->abis & (1u << abi)) || r->args[0])
			continue;
		if (r->status == REC_CERTIFIED ||
		    (provisional && r->status == REC_PROVISIONAL))
			bitlist_set(allowed, (unsigned int)nr);
		if (certified && r->status == REC_CERTIFIED)
			bitlist_set(certified, (unsigned int)nr);
	}
}
