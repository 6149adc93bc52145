/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * record.h - whitelist records (the .conf files of /etc/isol/whitelist.d): one
 * "[syscall NAME]" section per syscall with its certification evidence.
 * Written by isol-certify, shown by isolctl, enforced by isold.  The format
 * is documented in isold.conf(5).  Part of libisol-common.a.
 */
#ifndef ISOL_COMMON_RECORD_H
#define ISOL_COMMON_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf.h"
#include "rules.h"
#include "syscalls.h"

enum rec_status {
	REC_CERTIFIED = 1,
	REC_PROVISIONAL,
	REC_REVOKED,
};

#define REC_ABI_X86_64	(1u << SYSCALL_ABI_X86_64)
#define REC_ABI_IA32	(1u << SYSCALL_ABI_IA32)
#define REC_ABI_ALL	(REC_ABI_X86_64 | REC_ABI_IA32)

struct isol_record {
	char syscall[64];		/* name per syscalls.h */
	unsigned int abis;		/* REC_ABI_*; 0 in input = "auto" */
	bool abis_explicit;		/* "abi =" given */
	int nr[SYSCALL_ABI_COUNT];	/* resolved number, -1 if none */
	enum rec_status status;
	char certified_by[128];
	char kernel[128];		/* uname -r */
	char config_sha256[65];		/* hex sha256 of the kernel .config */
	char load[256];			/* load profile, free text */
	uint64_t samples;
	uint64_t p9999_ns;		/* p99.99 latency */
	uint64_t max_ns;
	char date[32];			/* YYYY-MM-DD[THH:MM:SS[Z]] */
	char note[256];
	/* "args =": the rule's predicates, canonical (docs/argument-rules.md);
	 * "" = the whole syscall (a bit of syscalls_<abi>) */
	char args[RULE_LINE_MAX];
	char profile[64];		/* isol-certify profile measured */
	/* where it came from */
	char file[256];
	int line;
	unsigned int seen;		/* REC_SEEN_* bits (parser use) */
};

struct isol_recset {
	struct isol_record *v;
	size_t n, cap;
};

const char *rec_status_name(enum rec_status s);

/*
 * Parse one record file (a buffer) and append its records to @set.
 * Duplicates (same syscall, ABI and args, in this or earlier files) are
 * errors; a syscall may have one record without args and any number with
 * different args.  A certified record needs the whole evidence, including
 * "profile", and its rule may not be wider than its profile's
 * (profiles.h, rule_within()).  0 or -errno with "file:line: message" in
 * @err.
 */
int record_parse_buf(const char *name, const char *buf, size_t len,
		     struct isol_recset *set, struct conf_err *err);
int record_parse_file(const char *path, struct isol_recset *set,
		      struct conf_err *err);
/*
 * Every *.conf in @dir, in name order (a missing dir is an empty set).
 * Only regular files, never through a symlink (conf_parse_file()
 * CONF_NOFOLLOW); files others can write are read with a warning.
 */
int record_load_dir(const char *dir, struct isol_recset *set,
		    struct conf_err *err);
void recset_free(struct isol_recset *set);

/* Write @r in the canonical form record_parse_* reads back. 0 or -errno. */
int record_write(FILE *f, const struct isol_record *r);

/* Whether record @r is in force for @abi: it has that ABI, and it is
 * certified (or provisional, when @provisional). */
bool record_in_force(const struct isol_record *r, enum syscall_abi abi,
		     bool provisional);

/*
 * The syscall bitmaps of @abi (@nbits wide) from the records without
 * args: @allowed gets certified records, plus provisional ones when
 * @provisional; @certified (may be NULL) certified only.  Revoked records
 * contribute nothing.
 */
void recset_bitmaps(const struct isol_recset *set, enum syscall_abi abi,
		    bool provisional, unsigned long *allowed,
		    unsigned long *certified, unsigned int nbits);

/*
 * The rules of @abi from the records with args that are in force (as
 * above) into @rules (initialised here).  0, or -E2BIG / -EINVAL when the
 * set breaks a limit of the kernel (128 rules, 4096 bytes), with the
 * reason in @err.
 */
int recset_rules(const struct isol_recset *set, enum syscall_abi abi,
		 bool provisional, struct ruleset *rules, struct conf_err *err);

#endif
