// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rules.c - parse, canonicalise, compare and evaluate argument rules
 * (rules.h; the specification is docs/argument-rules.md).
 *
 * A rule is parsed into a struct tmp_rule (values inline), checked,
 * sorted into canonical order, and then stored in a set whose values live
 * in one pool.  The one printer works on a struct tmp_rule, so the set's
 * rules are loaded back into one to be printed: there is exactly one
 * spelling of everything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "rules.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC		0x01021994
#endif
#ifndef ANON_INODE_FS_MAGIC
#define ANON_INODE_FS_MAGIC	0x09041934
#endif

static const char *const class_names[RULE_CLASS_COUNT] = {
	[RULE_CLASS_PIPE] = "pipe",
	[RULE_CLASS_EVENTFD] = "eventfd",
	[RULE_CLASS_TIMERFD] = "timerfd",
	[RULE_CLASS_SIGNALFD] = "signalfd",
	[RULE_CLASS_UNIX] = "unix",
	[RULE_CLASS_SHMEM] = "shmem",
	[RULE_CLASS_CHR] = "chr",
};

#define KEY_CLS(k)	((int)((k) >> 56))
#define KEY_HASMAJ	(1ULL << 53)
#define KEY_HASMIN	(1ULL << 20)
#define KEY_MAJ(k)	((unsigned int)(((k) >> 21) & 0xfff))
#define KEY_MIN(k)	((unsigned int)((k) & 0xfffff))

uint64_t rule_class_key(int cls, int depth, unsigned int major,
			unsigned int minor)
{
	uint64_t k = (uint64_t)cls << 56;

	if (cls != RULE_CLASS_CHR || depth < 1)
		return k;
	k |= KEY_HASMAJ | (uint64_t)(major & 0xfff) << 21;
	if (depth > 1)
		k |= KEY_HASMIN | (minor & 0xfffff);
	return k;
}

/* Does class @outer admit every file class @inner admits? */
static bool class_covers(uint64_t outer, uint64_t inner)
{
	if (KEY_CLS(outer) != KEY_CLS(inner))
		return false;
	if (KEY_CLS(outer) != RULE_CLASS_CHR || !(outer & KEY_HASMAJ))
		return true;
	if (!(inner & KEY_HASMAJ) || KEY_MAJ(outer) != KEY_MAJ(inner))
		return false;
	if (!(outer & KEY_HASMIN))
		return true;
	return (inner & KEY_HASMIN) && KEY_MIN(outer) == KEY_MIN(inner);
}

/* ---- messages ---- */

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* ---- one rule with its values inline ---- */

struct tmp_pred {
	struct rule_pred p;	/* .off unused */
	uint64_t v[RULE_MAX_VALUES];
};

struct tmp_rule {
	int nr;
	unsigned int npreds;
	struct tmp_pred pred[RULE_MAX_PREDS];
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Canonical predicate order: by argument, fd before arg, unmasked before
 * masked, masks ascending. */
static int cmp_pred(const void *a, const void *b)
{
	const struct rule_pred *x = &((const struct tmp_pred *)a)->p;
	const struct rule_pred *y = &((const struct tmp_pred *)b)->p;

	if (x->arg != y->arg)
		return x->arg < y->arg ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->masked != y->masked)
		return x->masked < y->masked ? -1 : 1;
	return x->mask < y->mask ? -1 : x->mask > y->mask;
}

/* Append to @buf at *@off; false when it does not fit. */
__attribute__((format(printf, 4, 5)))
static bool put(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return false;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *off) {
		*off = len;
		return false;
	}
	*off += (size_t)n;
	return true;
}

static bool put_class(char *buf, size_t len, size_t *off, uint64_t k)
{
	bool ok = put(buf, len, off, "%s", class_names[KEY_CLS(k)]);

	if (k & KEY_HASMAJ)
		ok = ok && put(buf, len, off, ":%u", KEY_MAJ(k));
	if (k & KEY_HASMIN)
		ok = ok && put(buf, len, off, ":%u", KEY_MIN(k));
	return ok;
}

/* The one printer: canonical text of @r (already sorted). */
static int format_tmp(const struct tmp_rule *r, bool with_nr, char *buf,
		      size_t len)
{
	size_t off = 0;
	unsigned int i, j;
	bool ok = true;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	if (with_nr)
		ok = put(buf, len, &off, "%d", r->nr);
	for (i = 0; ok && i < r->npreds; i++) {
		const struct tmp_pred *p = &r->pred[i];

		if (with_nr || i)
			ok = put(buf, len, &off, " ");
		if (p->p.kind == RULE_PRED_FD)
			ok = ok && put(buf, len, &off, "fd%u=", p->p.arg);
		else if (p->p.masked)
			ok = ok && put(buf, len, &off, "arg%u&0x%llx=", p->p.arg,
				       (unsigned long long)p->p.mask);
		else
			ok = ok && put(buf, len, &off, "arg%u=", p->p.arg);
		for (j = 0; ok && j < p->p.nvals; j++) {
			if (j)
				ok = put(buf, len, &off, ",");
			if (!ok)
				break;
			if (p->p.kind == RULE_PRED_FD)
				ok = put_class(buf, len, &off, p->v[j]);
			else if (p->p.masked)
				ok = put(buf, len, &off, "0x%llx",
					 (unsigned long long)p->v[j]);
			else
				ok = put(buf, len, &off, "%llu",
					 (unsigned long long)p->v[j]);
		}
	}
	if (!ok) {
		buf[len - 1] = '\0';
		return -ENOSPC;
	}
	return (int)off;
}

/* ---- parsing ---- */

/* "0", "[1-9][0-9]*" or "0x<hex>" (only with @hex_ok), at most @max. */
static int parse_num(const char *s, size_t n, bool hex_ok, uint64_t max,
		     uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (!n)
		return -EINVAL;
	if (hex_ok && n > 2 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < n; i++) {
			char c = s[i];
			unsigned int d;

			if (c >= '0' && c <= '9')
				d = (unsigned int)(c - '0');
			else if (c >= 'a' && c <= 'f')
				d = (unsigned int)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				d = (unsigned int)(c - 'A' + 10);
			else
				return -EINVAL;
			if (v >> 60)
				return -ERANGE;
			v = v << 4 | d;
		}
	} else {
		if (s[0] == '0' && n > 1)
			return -EINVAL;	/* no octal, no leading zeros */
		for (i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -EINVAL;
			if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
				return -ERANGE;
			v = v * 10 + (uint64_t)(s[i] - '0');
		}
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int parse_class(const char *s, size_t n, uint64_t *key, char *err,
		       size_t errlen)
{
	const char *c1, *c2;
	uint64_t maj, min;
	int i;

	for (i = 0; i < RULE_CLASS_COUNT; i++)
		if (strlen(class_names[i]) == n &&
		    !memcmp(s, class_names[i], n)) {
			*key = rule_class_key(i, 0, 0, 0);
			return 0;
		}
	if (n >= 4 && !memcmp(s, "chr:", 4)) {
		c1 = s + 4;
		c2 = memchr(c1, ':', n - 4);
		if (parse_num(c1, (size_t)((c2 ? c2 : s + n) - c1), false,
			      RULE_CHR_MAJOR_MAX, &maj))
			return fail(err, errlen, "bad major in class \"%.*s\" "
				    "(want chr:MAJOR[:MINOR], MAJOR 0-%d)",
				    (int)n, s, RULE_CHR_MAJOR_MAX);
		if (!c2) {
			*key = rule_class_key(RULE_CLASS_CHR, 1,
					      (unsigned int)maj, 0);
			return 0;
		}
		if (parse_num(c2 + 1, (size_t)(s + n - c2 - 1), false,
			      RULE_CHR_MINOR_MAX, &min))
			return fail(err, errlen, "bad minor in class \"%.*s\" "
				    "(want chr:MAJOR:MINOR, MINOR 0-%d)",
				    (int)n, s, RULE_CHR_MINOR_MAX);
		*key = rule_class_key(RULE_CLASS_CHR, 2, (unsigned int)maj,
				      (unsigned int)min);
		return 0;
	}
	return fail(err, errlen, "unknown class \"%.*s\" (pipe, eventfd, "
		    "timerfd, signalfd, unix, shmem, chr, chr:MAJ, "
		    "chr:MAJ:MIN)", (int)n, s);
}

/* "fd<N>" / "arg<N>": the N after @pfx; -1 with a message if bad. */
static int parse_index(const char *s, size_t n, char *err, size_t errlen,
		       const char *tok, size_t toklen)
{
	if (n == 1 && s[0] >= '0' && s[0] <= '0' + RULE_MAX_ARG)
		return s[0] - '0';
	if (n >= 1 && s[0] >= '0' && s[0] <= '9') {
		fail(err, errlen, "\"%.*s\": argument index must be 0-%d",
		     (int)toklen, tok, RULE_MAX_ARG);
		return -1;
	}
	fail(err, errlen, "\"%.*s\": want fd<N>=..., arg<N>=... or "
	     "arg<N>&<mask>=...", (int)toklen, tok);
	return -1;
}

static int parse_pred(enum syscall_abi abi, const char *tok, size_t n,
		      struct tmp_pred *p, char *err, size_t errlen)
{
	uint64_t max = abi == SYSCALL_ABI_IA32 ? UINT32_MAX : UINT64_MAX;
	const char *eq = memchr(tok, '=', n), *amp, *v, *end = tok + n;
	size_t pl;
	int idx, ret;

	memset(p, 0, sizeof(*p));
	if (!eq)
		return fail(err, errlen, "\"%.*s\": want fd<N>=..., arg<N>=... "
			    "or arg<N>&<mask>=...", (int)n, tok);
	pl = (size_t)(eq - tok);
	if (pl > 2 && !memcmp(tok, "fd", 2)) {
		p->p.kind = RULE_PRED_FD;
		idx = parse_index(tok + 2, pl - 2, err, errlen, tok, n);
	} else if (pl > 3 && !memcmp(tok, "arg", 3)) {
		p->p.kind = RULE_PRED_ARG;
		amp = memchr(tok, '&', pl);
		idx = parse_index(tok + 3, (size_t)((amp ? amp : eq) - tok - 3),
				  err, errlen, tok, n);
		if (idx >= 0 && amp) {
			ret = parse_num(amp + 1, (size_t)(eq - amp - 1), true,
					max, &p->p.mask);
			if (ret)
				return fail(err, errlen, "\"%.*s\": %s mask",
					    (int)n, tok, ret == -ERANGE ?
					    (abi == SYSCALL_ABI_IA32 ?
					     "32-bit argument, wider" :
					     "too large a") : "bad");
			if (!p->p.mask)
				return fail(err, errlen, "\"%.*s\": a mask of 0 "
					    "makes the predicate always or "
					    "never hold", (int)n, tok);
			p->p.masked = 1;
		}
	} else {
		return fail(err, errlen, "\"%.*s\": want fd<N>=..., arg<N>=... "
			    "or arg<N>&<mask>=...", (int)n, tok);
	}
	if (idx < 0)
		return -EINVAL;
	p->p.arg = (uint8_t)idx;
	for (v = eq + 1;; ) {
		const char *c = memchr(v, ',', (size_t)(end - v));
		size_t vl = (size_t)((c ? c : end) - v);

		if (!vl)
			return fail(err, errlen, "\"%.*s\": empty value",
				    (int)n, tok);
		if (p->p.nvals == RULE_MAX_VALUES)
			return fail(err, errlen, "\"%.*s\": more than %d values",
				    (int)n, tok, RULE_MAX_VALUES);
		if (p->p.kind == RULE_PRED_FD) {
			if (parse_class(v, vl, &p->v[p->p.nvals], err, errlen))
				return -EINVAL;
		} else {
			ret = parse_num(v, vl, true, max, &p->v[p->p.nvals]);
			if (ret)
				return fail(err, errlen, "\"%.*s\": %s value "
					    "\"%.*s\"", (int)n, tok,
					    ret == -ERANGE ?
					    (abi == SYSCALL_ABI_IA32 ?
					     "32-bit argument, wider" :
					     "too large a") : "bad",
					    (int)vl, v);
			if (p->p.masked && (p->v[p->p.nvals] & ~p->p.mask))
				return fail(err, errlen, "\"%.*s\": value "
					    "\"%.*s\" has bits outside the "
					    "mask: it never matches", (int)n,
					    tok, (int)vl, v);
		}
		p->p.nvals++;
		if (!c)
			break;
		v = c + 1;
	}
	qsort(p->v, p->p.nvals, sizeof(p->v[0]), cmp_u64);
	for (idx = 1; idx < p->p.nvals; idx++) {
		if (p->v[idx] == p->v[idx - 1])
			return fail(err, errlen, "\"%.*s\": a value given twice",
				    (int)n, tok);
	}
	if (p->p.kind == RULE_PRED_FD) {
		int i, j;

		for (i = 0; i < p->p.nvals; i++)
			for (j = 0; j < p->p.nvals; j++)
				if (i != j && class_covers(p->v[i], p->v[j])) {
					char a[40], b[40];
					size_t oa = 0, ob = 0;

					put_class(a, sizeof(a), &oa, p->v[j]);
					put_class(b, sizeof(b), &ob, p->v[i]);
					return fail(err, errlen, "\"%.*s\": %s "
						    "is already covered by %s",
						    (int)n, tok, a, b);
				}
	}
	return 0;
}

/* The predicates of one rule from @s (@n bytes, white-space separated). */
static int parse_preds(enum syscall_abi abi, const char *s, size_t n,
		       struct tmp_rule *r, char *err, size_t errlen)
{
	const char *p = s, *end = s + n;
	unsigned int i;

	r->npreds = 0;
	for (;;) {
		const char *t;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		for (t = p; t < end && *t != ' ' && *t != '\t'; t++)
			;
		if (r->npreds == RULE_MAX_PREDS)
			return fail(err, errlen, "more than %d predicates in "
				    "one rule", RULE_MAX_PREDS);
		if (parse_pred(abi, p, (size_t)(t - p), &r->pred[r->npreds],
			       err, errlen))
			return -EINVAL;
		r->npreds++;
		p = t;
	}
	if (!r->npreds)
		return fail(err, errlen, "a rule needs at least one predicate "
			    "(to whitelist the whole syscall, use its number "
			    "in syscalls_<abi>)");
	qsort(r->pred, r->npreds, sizeof(r->pred[0]), cmp_pred);
	for (i = 1; i < r->npreds; i++) {
		const struct rule_pred *a = &r->pred[i - 1].p, *b = &r->pred[i].p;

		if (!cmp_pred(&r->pred[i - 1], &r->pred[i]))
			return fail(err, errlen, "two %s%u predicates%s in one "
				    "rule (list the values in one)",
				    a->kind == RULE_PRED_FD ? "fd" : "arg",
				    a->arg, b->masked ? " with the same mask" :
				    "");
	}
	return 0;
}

static int check_nr(enum syscall_abi abi, const char *s, size_t n, int *nr,
		    char *err, size_t errlen)
{
	uint64_t v;

	if (parse_num(s, n, false, UINT32_MAX, &v))
		return fail(err, errlen, "\"%.*s\": want a syscall number "
			    "(decimal)", (int)n, s);
	if (v >= syscall_nr_max(abi))
		return fail(err, errlen, "%llu: no such %s syscall number "
			    "(at most %u)", (unsigned long long)v,
			    syscall_abi_name(abi), syscall_nr_max(abi) - 1);
	*nr = (int)v;
	return 0;
}

/* "<nr> <preds>" (one line without its newline). */
static int parse_line(enum syscall_abi abi, const char *s, size_t n,
		      struct tmp_rule *r, char *err, size_t errlen)
{
	const char *p = s, *end = s + n, *t;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (t = p; t < end && *t != ' ' && *t != '\t'; t++)
		;
	if (check_nr(abi, p, (size_t)(t - p), &r->nr, err, errlen))
		return -EINVAL;
	return parse_preds(abi, t, (size_t)(end - t), r, err, errlen);
}

/* ---- the set ---- */

static void load_rule(const struct ruleset *s, unsigned int i,
		      struct tmp_rule *r)
{
	const struct rule *sr = &s->rules[i];
	unsigned int j;

	r->nr = sr->nr;
	r->npreds = sr->npreds;
	for (j = 0; j < sr->npreds; j++) {
		r->pred[j].p = sr->pred[j];
		memcpy(r->pred[j].v, &s->pool[sr->pred[j].off],
		       sr->pred[j].nvals * sizeof(uint64_t));
	}
}

void ruleset_init(struct ruleset *s, enum syscall_abi abi)
{
	s->abi = abi;
	s->n = 0;
	s->npool = 0;
}

int rule_format(const struct ruleset *s, unsigned int i, bool with_nr,
		char *buf, size_t len)
{
	struct tmp_rule r;

	load_rule(s, i, &r);
	return format_tmp(&r, with_nr, buf, len);
}

int ruleset_format(const struct ruleset *s, char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i;
	int n;

	if (len < 2) {
		if (len)
			buf[0] = '\0';
		return -ENOSPC;
	}
	if (!s->n) {
		memcpy(buf, "\n", 2);
		return 1;
	}
	buf[0] = '\0';
	for (i = 0; i < s->n; i++) {
		n = rule_format(s, i, true, buf + off, len - off);
		if (n < 0 || (size_t)n + 1 >= len - off) {
			buf[off] = '\0';
			return -ENOSPC;
		}
		off += (size_t)n;
		buf[off++] = '\n';
		buf[off] = '\0';
	}
	return (int)off;
}

/* Size of the set's canonical text. */
static size_t text_size(const struct ruleset *s)
{
	char line[RULE_LINE_MAX];
	size_t sum = 0;
	unsigned int i;

	if (!s->n)
		return 1;
	for (i = 0; i < s->n; i++) {
		int n = rule_format(s, i, true, line, sizeof(line));

		sum += n < 0 ? sizeof(line) : (size_t)n + 1;
	}
	return sum;
}

/* Insert @r (canonical) at its sorted place, index in *@at (may be
 * NULL).  -EEXIST, -E2BIG. */
static int insert(struct ruleset *s, const struct tmp_rule *r,
		  unsigned int *at, char *err, size_t errlen)
{
	char text[RULE_LINE_MAX], other[RULE_LINE_MAX];
	unsigned int i, j, nv = 0;
	struct rule *d;
	int c;

	if (format_tmp(r, true, text, sizeof(text)) < 0) {
		fail(err, errlen, "rule longer than %d bytes",
		     RULE_LINE_MAX - 1);
		return -E2BIG;
	}
	for (j = 0; j < r->npreds; j++)
		nv += r->pred[j].p.nvals;
	if (s->n == RULES_MAX) {
		fail(err, errlen, "more than %d rules", RULES_MAX);
		return -E2BIG;
	}
	if (s->npool + nv > RULES_POOL_MAX) {
		fail(err, errlen, "more than %d values in the set",
		     RULES_POOL_MAX);
		return -E2BIG;
	}
	for (i = 0; i < s->n; i++) {
		if (s->rules[i].nr < r->nr)
			continue;
		if (s->rules[i].nr > r->nr)
			break;
		rule_format(s, i, true, other, sizeof(other));
		c = strcmp(other, text);
		if (!c) {
			fail(err, errlen, "duplicate rule \"%s\"", text);
			return -EEXIST;
		}
		if (c > 0)
			break;
	}
	memmove(&s->rules[i + 1], &s->rules[i],
		(s->n - i) * sizeof(s->rules[0]));
	d = &s->rules[i];
	d->nr = r->nr;
	d->npreds = r->npreds;
	for (j = 0; j < r->npreds; j++) {
		d->pred[j] = r->pred[j].p;
		d->pred[j].off = (uint16_t)s->npool;
		memcpy(&s->pool[s->npool], r->pred[j].v,
		       r->pred[j].p.nvals * sizeof(uint64_t));
		s->npool += r->pred[j].p.nvals;
	}
	s->n++;
	if (at)
		*at = i;
	return 0;
}

void ruleset_del(struct ruleset *s, unsigned int i)
{
	unsigned int j, k, first = ~0u, nv = 0;

	if (i >= s->n)
		return;
	for (j = 0; j < s->rules[i].npreds; j++) {
		const struct rule_pred *p = &s->rules[i].pred[j];

		if (p->off < first)
			first = p->off;
		nv += p->nvals;
	}
	/* a rule's values are contiguous in the pool */
	if (nv) {
		memmove(&s->pool[first], &s->pool[first + nv],
			(s->npool - first - nv) * sizeof(uint64_t));
		s->npool -= nv;
		for (j = 0; j < s->n; j++)
			for (k = 0; k < s->rules[j].npreds; k++)
				if (s->rules[j].pred[k].off > first)
					s->rules[j].pred[k].off -= (uint16_t)nv;
	}
	memmove(&s->rules[i], &s->rules[i + 1],
		(s->n - i - 1) * sizeof(s->rules[0]));
	s->n--;
}

int ruleset_add(struct ruleset *s, int nr, const char *preds, char *err,
		size_t errlen)
{
	struct tmp_rule r;
	unsigned int at;
	int ret;

	if (nr < 0 || (unsigned int)nr >= syscall_nr_max(s->abi))
		return fail(err, errlen, "%d: no such %s syscall number", nr,
			    syscall_abi_name(s->abi));
	r.nr = nr;
	if (parse_preds(s->abi, preds, strlen(preds), &r, err, errlen))
		return -EINVAL;
	ret = insert(s, &r, &at, err, errlen);
	if (ret)
		return ret;
	if (text_size(s) > RULES_TEXT_MAX) {
		ruleset_del(s, at);
		fail(err, errlen, "the set would be longer than %d bytes",
		     RULES_TEXT_MAX);
		return -E2BIG;
	}
	return 0;
}

int rule_preds_canon(enum syscall_abi abi, int nr, const char *preds,
		     char *out, size_t outlen, char *err, size_t errlen)
{
	struct tmp_rule r;

	r.nr = nr;
	if (parse_preds(abi, preds, strlen(preds), &r, err, errlen))
		return -EINVAL;
	if (format_tmp(&r, false, out, outlen) < 0) {
		fail(err, errlen, "predicates longer than %zu bytes",
		     outlen - 1);
		return -E2BIG;
	}
	return 0;
}

int ruleset_parse(struct ruleset *s, enum syscall_abi abi, const char *text,
		  size_t len, char *err, size_t errlen)
{
	struct ruleset *t;
	size_t off = 0;
	int line = 0, ret = 0;
	char msg[256];

	if (len > RULES_TEXT_MAX) {
		fail(err, errlen, "%zu bytes: a set is at most %d", len,
		     RULES_TEXT_MAX);
		return -E2BIG;
	}
	t = malloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	ruleset_init(t, abi);
	while (off < len && !ret) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - text - off) : len - off, i;
		const char *l = text + off;
		struct tmp_rule r;
		bool blank = true;

		line++;
		off += n + (nl ? 1 : 0);
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)l[i];

			if (c != ' ' && c != '\t')
				blank = false;
			if ((c < 0x20 && c != '\t') || c > 0x7e) {
				ret = fail(err, errlen, "line %d: a byte that "
					   "is not printable ASCII", line);
				break;
			}
		}
		if (ret || blank)
			continue;
		ret = parse_line(abi, l, n, &r, msg, sizeof(msg));
		if (!ret)
			ret = insert(t, &r, NULL, msg, sizeof(msg));
		if (ret)
			fail(err, errlen, "line %d: %s", line, msg);
	}
	if (!ret && text_size(t) > RULES_TEXT_MAX) {
		fail(err, errlen, "the canonical text of the set is longer "
		     "than %d bytes", RULES_TEXT_MAX);
		ret = -E2BIG;
	}
	if (!ret)
		memcpy(s, t, sizeof(*t));
	free(t);
	return ret;
}

int ruleset_first(const struct ruleset *s, int nr)
{
	unsigned int i;

	for (i = 0; i < s->n && s->rules[i].nr <= nr; i++)
		if (s->rules[i].nr == nr)
			return (int)i;
	return -1;
}

int ruleset_find(const struct ruleset *s, int nr, const char *preds)
{
	char want[RULE_LINE_MAX], have[RULE_LINE_MAX], msg[8];
	int i;

	if (preds && rule_preds_canon(s->abi, nr, preds, want, sizeof(want),
				      msg, sizeof(msg)))
		return -1;
	for (i = ruleset_first(s, nr); i >= 0 && (unsigned int)i < s->n &&
	     s->rules[i].nr == nr; i++) {
		if (!preds)
			return i;
		rule_format(s, (unsigned int)i, false, have, sizeof(have));
		if (!strcmp(have, want))
			return i;
	}
	return -1;
}

bool ruleset_equal(const struct ruleset *a, const struct ruleset *b)
{
	char x[RULE_LINE_MAX], y[RULE_LINE_MAX];
	unsigned int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		rule_format(a, i, true, x, sizeof(x));
		rule_format(b, i, true, y, sizeof(y));
		if (strcmp(x, y))
			return false;
	}
	return true;
}

/* ---- comparing ---- */

static bool has_value(const uint64_t *v, unsigned int n, uint64_t x)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* Does predicate @a imply predicate @b (same argument)? */
static bool implies(const struct tmp_pred *a, const struct tmp_pred *b)
{
	uint64_t ma = a->p.masked ? a->p.mask : UINT64_MAX;
	uint64_t mb = b->p.masked ? b->p.mask : UINT64_MAX;
	unsigned int i, j;

	if (a->p.kind != b->p.kind || a->p.arg != b->p.arg)
		return false;
	if (a->p.kind == RULE_PRED_FD) {
		for (i = 0; i < a->p.nvals; i++) {
			for (j = 0; j < b->p.nvals; j++)
				if (class_covers(b->v[j], a->v[i]))
					break;
			if (j == b->p.nvals)
				return false;
		}
		return true;
	}
	if (mb & ~ma)
		return false;
	for (i = 0; i < a->p.nvals; i++)
		if (!has_value(b->v, b->p.nvals, a->v[i] & mb))
			return false;
	return true;
}

bool rule_within(const struct ruleset *a, unsigned int ia,
		 const struct ruleset *b, unsigned int ib)
{
	struct tmp_rule ra, rb;
	unsigned int i, j;

	load_rule(a, ia, &ra);
	load_rule(b, ib, &rb);
	for (j = 0; j < rb.npreds; j++) {
		for (i = 0; i < ra.npreds; i++)
			if (implies(&ra.pred[i], &rb.pred[j]))
				break;
		if (i == ra.npreds)
			return false;
	}
	return true;
}

/* ---- evaluation ---- */

long rule_sys_libc(long nr, long a1, long a2, long a3, long a4, long a5,
		   long a6)
{
	long r = syscall(nr, a1, a2, a3, a4, a5, a6);

	return r == -1 ? -errno : r;
}

/* "anon_inode:[eventfd]" and friends. */
static bool link_is(const char *buf, long n, const char *want)
{
	long i;

	for (i = 0; i < n && want[i]; i++)
		if (buf[i] != want[i])
			return false;
	return i == n && !want[i];
}

int rule_fd_classify(int fd, struct rule_fd *out, rule_sys_fn sys)
{
	char path[32] = "/proc/self/fd/", digits[12], link[64];
	struct statfs sf;
	struct stat st;
	long r;
	int dom = 0, i, nd = 0;
	socklen_t dl = sizeof(dom);
	unsigned int u = (unsigned int)fd;

	out->cls = RULE_CLASS_NONE;
	out->major = out->minor = 0;
	/* An O_PATH fd opens no file: the kernel's fdget() skips it. */
	r = sys(SYS_fcntl, fd, F_GETFL, 0, 0, 0, 0);
	if (r < 0)
		return (int)r;
	if (r & O_PATH)
		return 0;
	r = sys(SYS_fstat, fd, (long)&st, 0, 0, 0, 0);
	if (r < 0)
		return (int)r;
	switch (st.st_mode & S_IFMT) {
	case S_IFIFO:
		out->cls = RULE_CLASS_PIPE;
		return 0;
	case S_IFCHR:
		out->cls = RULE_CLASS_CHR;
		out->major = major(st.st_rdev);
		out->minor = minor(st.st_rdev);
		return 0;
	case S_IFSOCK:
		r = sys(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, (long)&dom,
			(long)&dl, 0);
		if (!r && dom == AF_UNIX)
			out->cls = RULE_CLASS_UNIX;
		return 0;
	}
	r = sys(SYS_fstatfs, fd, (long)&sf, 0, 0, 0, 0);
	if (r < 0)
		return 0;
	if (sf.f_type == TMPFS_MAGIC) {
		if (S_ISREG(st.st_mode))
			out->cls = RULE_CLASS_SHMEM;
		return 0;
	}
	if (sf.f_type != ANON_INODE_FS_MAGIC)
		return 0;
	do {
		digits[nd++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	for (i = 0; i < nd; i++)
		path[14 + i] = digits[nd - 1 - i];
	path[14 + nd] = '\0';
	r = sys(SYS_readlink, (long)path, (long)link, sizeof(link), 0, 0, 0);
	if (r <= 0)
		return 0;
	if (link_is(link, r, "anon_inode:[eventfd]"))
		out->cls = RULE_CLASS_EVENTFD;
	else if (link_is(link, r, "anon_inode:[timerfd]"))
		out->cls = RULE_CLASS_TIMERFD;
	else if (link_is(link, r, "anon_inode:[signalfd]"))
		out->cls = RULE_CLASS_SIGNALFD;
	return 0;
}

static bool fd_in(const struct ruleset *s, const struct rule_pred *p,
		  const struct rule_fd *f)
{
	uint64_t key;
	unsigned int i;

	if (f->cls < 0)
		return false;
	key = rule_class_key(f->cls, 2, f->major, f->minor);
	for (i = 0; i < p->nvals; i++)
		if (class_covers(s->pool[p->off + i], key))
			return true;
	return false;
}

int ruleset_match(const struct ruleset *s, long nr, const unsigned long a[6],
		  rule_sys_fn sys)
{
	struct rule_fd fds[RULE_MAX_ARG + 1];
	unsigned int known = 0, i, j, k;

	for (i = 0; i < s->n && s->rules[i].nr <= nr; i++) {
		const struct rule *r = &s->rules[i];
		bool ok = r->nr == nr;

		for (j = 0; ok && j < r->npreds; j++) {
			const struct rule_pred *p = &r->pred[j];
			uint64_t x = a[p->arg];

			if (p->kind == RULE_PRED_FD) {
				if (!(known & (1u << p->arg))) {
					if (rule_fd_classify((int)(unsigned int)x,
							     &fds[p->arg], sys))
						fds[p->arg].cls = RULE_CLASS_NONE;
					known |= 1u << p->arg;
				}
				ok = fd_in(s, p, &fds[p->arg]);
				continue;
			}
			if (s->abi == SYSCALL_ABI_IA32)
				x &= UINT32_MAX;
			if (p->masked)
				x &= p->mask;
			ok = false;
			for (k = 0; k < p->nvals; k++)
				if (s->pool[p->off + k] == x)
					ok = true;
		}
		if (ok)
			return (int)i;
	}
	return -1;
}
