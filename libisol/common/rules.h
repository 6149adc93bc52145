/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rules.h - argument rules: the one parser, canonical printer and evaluator
 * of the kernel's rules_<abi> syntax (docs/argument-rules.md is the
 * specification; the kernel follows it):
 *
 *   <nr> <pred> [<pred> ...]          one rule per line
 *   fd<N>=<class>[,<class>...]        argument N is an open fd of a class
 *   arg<N>=<v>[,<v>...]               argument N equals one of the values
 *   arg<N>&<mask>=<v>[,<v>...]        argument N & mask equals one of them
 *
 * A syscall runs in place when its number is whitelisted or when every
 * predicate of one of its rules holds.  isold, isolctl, isol-certify and
 * libisol's emulation all use this file, so they agree with each other and
 * with the kernel on what a rule means.
 *
 * Nothing here allocates; ruleset_match() and rule_fd_classify() use only
 * the stack and the system calls they are given, so libisol runs them in
 * its SIGSYS handler.
 */
#ifndef ISOL_COMMON_RULES_H
#define ISOL_COMMON_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscalls.h"

/* Limits of the kernel contract (abi.md) and of docs/argument-rules.md. */
#define RULES_MAX		128	/* rules in one set */
#define RULE_MAX_PREDS		8	/* predicates in one rule */
#define RULE_MAX_VALUES		16	/* values or classes in a predicate */
#define RULE_MAX_ARG		5	/* fd<N>, arg<N>: N = 0..5 */
/*
 * A set, written or read, in bytes: the kernel's limit.  sysfs hands a
 * longer write on in pieces of 4096 bytes, and a read returns at most
 * 4095, so the kernel refuses a write of 4096 bytes.
 */
#define RULES_TEXT_MAX		4095
#define RULE_LINE_MAX		1024	/* one canonical rule, newline included */
/* Every value takes at least two bytes of a set's text ("1,"). */
#define RULES_POOL_MAX		(RULES_TEXT_MAX / 2)
#define RULE_CHR_MAJOR_MAX	4095	/* 12-bit major (MAJOR() of dev_t) */
#define RULE_CHR_MINOR_MAX	1048575	/* 20-bit minor */

/* fd classes, in canonical order. */
enum rule_class {
	RULE_CLASS_PIPE,	/* pipes and FIFOs */
	RULE_CLASS_EVENTFD,
	RULE_CLASS_TIMERFD,
	RULE_CLASS_SIGNALFD,
	RULE_CLASS_UNIX,	/* AF_UNIX sockets */
	RULE_CLASS_SHMEM,	/* regular files on tmpfs/shmem, memfd */
	RULE_CLASS_CHR,		/* character devices: chr, chr:MAJ, chr:MAJ:MIN */
	RULE_CLASS_COUNT,
	RULE_CLASS_NONE = -1,	/* an open fd of no class (a disk file...) */
};

enum rule_pred_kind {
	RULE_PRED_FD = 1,
	RULE_PRED_ARG = 2,
};

struct rule_pred {
	uint8_t kind;		/* enum rule_pred_kind */
	uint8_t arg;		/* 0..RULE_MAX_ARG */
	uint8_t masked;		/* RULE_PRED_ARG: "&mask" given */
	uint8_t nvals;		/* 1..RULE_MAX_VALUES */
	uint16_t off;		/* first value in the set's pool */
	uint64_t mask;		/* when masked (never 0) */
};

struct rule {
	int nr;
	unsigned int npreds;
	struct rule_pred pred[RULE_MAX_PREDS];
};

/*
 * A set of rules for one ABI, sorted canonically (by number, then by
 * canonical text).  Values live in @pool: fd classes are encoded by
 * rule_class_key(), argument values are themselves.  About 34 KiB: keep
 * it off small stacks.
 */
struct ruleset {
	enum syscall_abi abi;
	unsigned int n;
	unsigned int npool;
	struct rule rules[RULES_MAX];
	uint64_t pool[RULES_POOL_MAX];
};

/* An empty set of @abi. */
void ruleset_init(struct ruleset *s, enum syscall_abi abi);

/*
 * ruleset_parse - a whole set as written to (or read from) rules_<abi>:
 * @len bytes of @text, one rule per line, blank lines ignored, the last
 * newline optional.  All or nothing: on error @s is unchanged and @err
 * (may be NULL) says why, naming the line.  Enforces every limit of the
 * kernel, including the size of the canonical read-back.
 * Returns 0, -EINVAL (malformed, unknown class, N > 5, duplicate ...),
 * -E2BIG (more than RULES_MAX rules, more than RULES_TEXT_MAX bytes in or
 * out).
 */
int ruleset_parse(struct ruleset *s, enum syscall_abi abi, const char *text,
		  size_t len, char *err, size_t errlen);

/*
 * ruleset_add - add the rule "@nr @preds" (@preds: the predicates only,
 * e.g. "fd0=pipe") to @s, keeping it canonical.  On error @s is
 * unchanged.  0, -EINVAL, -E2BIG (a limit of the set), -EEXIST (the same
 * rule is already there).
 */
int ruleset_add(struct ruleset *s, int nr, const char *preds, char *err,
		size_t errlen);

/* Remove rule @i (sorted order is kept). */
void ruleset_del(struct ruleset *s, unsigned int i);

/*
 * ruleset_format - the canonical text of @s: every rule followed by a
 * newline; an empty set is "\n" (what the kernel reads back, and what
 * clears the set when written).  Returns the length, or -ENOSPC when
 * @len is too small (@buf then holds a truncated, NUL-terminated prefix).
 */
int ruleset_format(const struct ruleset *s, char *buf, size_t len);

/*
 * rule_format - rule @i of @s in canonical form without the newline;
 * with @with_nr the number first ("1 fd0=pipe"), else the predicates
 * only ("fd0=pipe").  Length or -ENOSPC.
 */
int rule_format(const struct ruleset *s, unsigned int i, bool with_nr,
		char *buf, size_t len);

/*
 * rule_preds_canon - check the predicates @preds for syscall @nr of @abi
 * and write their canonical spelling into @out ("arg1=129,128" ->
 * "arg1=128,129").  0 or -errno with the reason in @err.
 */
int rule_preds_canon(enum syscall_abi abi, int nr, const char *preds,
		     char *out, size_t outlen, char *err, size_t errlen);

/* Index of the first rule of @nr in @s, or -1. */
int ruleset_first(const struct ruleset *s, int nr);
/* Index of the rule of @nr whose predicates are exactly @preds, or -1. */
int ruleset_find(const struct ruleset *s, int nr, const char *preds);
/* True when @a and @b are the same set. */
bool ruleset_equal(const struct ruleset *a, const struct ruleset *b);

/*
 * rule_within - true when every call that rule @ia of @a admits is also
 * admitted by rule @ib of @b ("@ia is no wider than @ib"): for every
 * predicate of @ib some predicate of @ia on the same argument implies it
 * (fd classes covered, chr covering chr:MAJ covering chr:MAJ:MIN; a mask
 * of @ib within the mask of @ia and every value of @ia masked into @ib's
 * values).  Sound, not complete: false may also mean "cannot tell".
 * The numbers are not compared.
 */
bool rule_within(const struct ruleset *a, unsigned int ia,
		 const struct ruleset *b, unsigned int ib);

/* ---- evaluation ---- */

/* What an fd is, for fd<N> predicates. */
struct rule_fd {
	int cls;		/* enum rule_class, RULE_CLASS_NONE */
	unsigned int major, minor;	/* RULE_CLASS_CHR */
};

/* A raw system call: returns the result or -errno, never touches errno. */
typedef long (*rule_sys_fn)(long nr, long a1, long a2, long a3, long a4,
			    long a5, long a6);
/* rule_sys_fn through libc's syscall() (not for signal handlers). */
long rule_sys_libc(long nr, long a1, long a2, long a3, long a4, long a5,
		   long a6);

/*
 * rule_fd_classify - what fd @fd of the calling process is, with raw
 * system calls only (fcntl F_GETFL, fstat, fstatfs, getsockopt SO_DOMAIN,
 * readlink of /proc/self/fd/N for anon inodes): async-signal-safe when
 * @sys is.  An O_PATH fd is of no class (the kernel sees no open file).
 * 0, or -EBADF when @fd is not open (-errno of fcntl).
 */
int rule_fd_classify(int fd, struct rule_fd *out, rule_sys_fn sys);

/*
 * ruleset_match - the index of the first rule of @nr whose predicates all
 * hold for the arguments @a (fd predicates: @a[N]'s low 32 bits as an fd
 * of the calling process, classified through @sys), or -1.  No allocation.
 */
int ruleset_match(const struct ruleset *s, long nr, const unsigned long a[6],
		  rule_sys_fn sys);

/* The encoding of a class in the pool, ordered canonically. */
uint64_t rule_class_key(int cls, int depth, unsigned int major,
			unsigned int minor);

#endif
