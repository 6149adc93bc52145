// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 13): the one parser, canonical printer, comparator
 * and evaluator of argument rules (libisol/common/rules.c), against the
 * specification docs/argument-rules.md:
 *  - canonical spelling: predicate order, class order, value order and
 *    number formatting, rule order in a set, the empty set;
 *  - every rejection path and every limit (128 rules, 8 predicates,
 *    16 values, 4095 bytes in and out, N > 5, 32-bit ia32 arguments),
 *    each leaving the previous set untouched;
 *  - rule_within ("no wider than"), the relation isol-certify and
 *    isolctl rely on;
 *  - evaluation against real file descriptors of every class (pipe,
 *    FIFO, eventfd, timerfd, signalfd, AF_UNIX, tmpfs file, memfd,
 *    /dev/null as chr:1:3) and a regular file on a disk filesystem.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "rules.h"
#include "../../lib/tap.h"

static struct ruleset set, set2;
static char err[256];

/* Parse @in into a fresh set and compare its canonical text with @want. */
static bool canon(enum syscall_abi abi, const char *in, const char *want)
{
	char buf[RULES_TEXT_MAX + 1];
	int ret;

	err[0] = '\0';
	ret = ruleset_parse(&set, abi, in, strlen(in), err, sizeof(err));
	if (ret) {
		TAP_DIAG("parse \"%s\": %d %s", in, ret, err);
		return false;
	}
	ret = ruleset_format(&set, buf, sizeof(buf));
	if (ret < 0 || strcmp(buf, want)) {
		TAP_DIAG("\"%s\" -> \"%s\", want \"%s\"", in, buf, want);
		return false;
	}
	/* the canonical text reads back as itself */
	ret = ruleset_parse(&set2, abi, buf, strlen(buf), err, sizeof(err));
	return !ret && ruleset_equal(&set, &set2);
}

/* @in is rejected with @want_err, and the previous set stays. */
static bool rejects(enum syscall_abi abi, const char *in, int want_err,
		    const char *msg_part)
{
	char before[RULES_TEXT_MAX + 1], after[RULES_TEXT_MAX + 1];
	int ret;

	ruleset_parse(&set, abi, "1 fd0=pipe\n", 11, NULL, 0);
	ruleset_format(&set, before, sizeof(before));
	err[0] = '\0';
	ret = ruleset_parse(&set, abi, in, strlen(in), err, sizeof(err));
	ruleset_format(&set, after, sizeof(after));
	if (ret != want_err || strcmp(before, after) ||
	    (msg_part && !strstr(err, msg_part))) {
		TAP_DIAG("\"%.60s\": %d \"%s\" (want %d, \"%s\")", in, ret, err,
			 want_err, msg_part ? msg_part : "");
		return false;
	}
	return true;
}

static void test_canonical(void)
{
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 fd0=pipe", "1 fd0=pipe\n"),
	       "one rule, newline added");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "", "\n") &&
	       canon(SYSCALL_ABI_X86_64, "\n", "\n") &&
	       canon(SYSCALL_ABI_X86_64, " \n\t\n", "\n"),
	       "empty set: written as nothing or blank lines, read as \"\\n\"");
	TAP_OK(canon(SYSCALL_ABI_X86_64,
		     "  1\t fd0=unix,pipe,chr:4:1,shmem,chr:1,eventfd  \n",
		     "1 fd0=pipe,eventfd,unix,shmem,chr:1,chr:4:1\n"),
	       "classes in canonical order, white space normalised");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 fd0=chr:10:3,chr:4,chr:10:2,signalfd,timerfd",
		     "1 fd0=timerfd,signalfd,chr:4,chr:10:2,chr:10:3\n"),
	       "chr classes by major then minor");
	TAP_OK(canon(SYSCALL_ABI_X86_64,
		     "202 arg3=7 arg1&0x80=0x80 fd4=pipe arg1=0x81,128 arg1&0x7F=9,0x1 fd1=pipe",
		     "202 fd1=pipe arg1=128,129 arg1&0x7f=0x1,0x9 arg1&0x80=0x80 arg3=7 fd4=pipe\n"),
	       "predicates by argument, fd before arg, unmasked before masked, "
	       "masks ascending; values ascending, decimal unless masked, hex lower-case");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 arg2=0x0000000000000000010,0",
		     "1 arg2=0,16\n"),
	       "hex values without a mask print in decimal, leading zeros dropped");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 arg2&0x00ff=0",
		     "1 arg2&0xff=0x0\n"),
	       "a masked zero is 0x0");
	TAP_OK(canon(SYSCALL_ABI_X86_64,
		     "1 arg0=18446744073709551615 arg1&0xffffffffffffffff=0xffffffffffffffff",
		     "1 arg0=18446744073709551615 arg1&0xffffffffffffffff=0xffffffffffffffff\n"),
	       "64-bit extremes, an all-ones mask kept as written");
	TAP_OK(canon(SYSCALL_ABI_X86_64,
		     "230 arg0=1 arg1=1\n1 fd0=pipe\n1 fd0=eventfd\n\n0 fd0=pipe\n202 arg1=128\n1 arg2=1",
		     "0 fd0=pipe\n1 arg2=1\n1 fd0=eventfd\n1 fd0=pipe\n202 arg1=128\n230 arg0=1 arg1=1\n"),
	       "rules sorted by number, then by their canonical text");
	TAP_OK(canon(SYSCALL_ABI_IA32, "240 arg1=0xffffffff,128",
		     "240 arg1=128,4294967295\n"),
	       "ia32: 32-bit values are fine");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 fd5=pipe arg5=0", "1 fd5=pipe arg5=0\n"),
	       "argument 5 is the last");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 fd0=chr:0:0,chr:4095:1048575",
		     "1 fd0=chr:0:0,chr:4095:1048575\n"),
	       "chr major 0-4095, minor 0-1048575");
	TAP_OK(canon(SYSCALL_ABI_X86_64, "1 fd0=pipe arg0=3", "1 fd0=pipe arg0=3\n"),
	       "fd and arg predicates may share an argument");
}

static void test_rejects(void)
{
	char big[RULES_TEXT_MAX + 64], *p;
	int i;

	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1", -EINVAL, "at least one predicate"),
	       "a rule without predicates");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "x fd0=pipe", -EINVAL, "syscall number"),
	       "number not a number");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "01 fd0=pipe", -EINVAL, "syscall number"),
	       "number with a leading zero (no octal)");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "0x1 fd0=pipe", -EINVAL, "syscall number"),
	       "number in hex");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "-1 fd0=pipe", -EINVAL, NULL),
	       "negative number");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "4000 fd0=pipe", -EINVAL, "no such x86_64"),
	       "number beyond the ABI's table");
	TAP_OK(rejects(SYSCALL_ABI_IA32, "500 fd0=pipe", -EINVAL, "no such ia32"),
	       "number beyond the ia32 table");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pip", -EINVAL, "unknown class \"pip\""),
	       "unknown class");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=PIPE", -EINVAL, "unknown class"),
	       "classes are lower case");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd6=pipe", -EINVAL, "0-5"),
	       "fd6: N > 5");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg6=1", -EINVAL, "0-5"),
	       "arg6: N > 5");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd10=pipe", -EINVAL, "0-5"),
	       "fd10");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd=pipe", -EINVAL, NULL),
	       "fd without N");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fdx=pipe", -EINVAL, NULL),
	       "fd with a letter for N");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0", -EINVAL, NULL),
	       "predicate without '='");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=", -EINVAL, "empty value"),
	       "empty class list");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe,", -EINVAL, "empty value"),
	       "trailing comma");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe,,unix", -EINVAL, "empty value"),
	       "empty element");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0 =pipe", -EINVAL, NULL),
	       "space inside a predicate");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 foo0=1", -EINVAL, NULL),
	       "unknown predicate");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=abc", -EINVAL, "bad value"),
	       "value not a number");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=010", -EINVAL, "bad value"),
	       "value with a leading zero (no octal)");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=0X10", -EINVAL, "bad value"),
	       "0X prefix");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=0x", -EINVAL, "bad value"),
	       "0x without digits");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=-1", -EINVAL, "bad value"),
	       "negative value");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=18446744073709551616", -EINVAL,
		       "too large"), "value of 2^64");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=0x10000000000000000", -EINVAL,
		       "too large"), "hex value of 2^64");
	TAP_OK(rejects(SYSCALL_ABI_IA32, "4 arg1=0x100000000", -EINVAL, "32-bit"),
	       "ia32: value wider than 32 bits");
	TAP_OK(rejects(SYSCALL_ABI_IA32, "4 arg1&0x100000000=0", -EINVAL, "32-bit"),
	       "ia32: mask wider than 32 bits");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1&0=0", -EINVAL, "mask of 0"),
	       "mask 0");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1&=0", -EINVAL, "bad mask"),
	       "empty mask");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1&0x7f=0x80", -EINVAL, "outside the mask"),
	       "value with bits outside the mask");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0&1=pipe", -EINVAL, NULL),
	       "a mask on an fd predicate");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=1,1", -EINVAL, "twice"),
	       "duplicate value");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=16,0x10", -EINVAL, "twice"),
	       "duplicate value in two spellings");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe,pipe", -EINVAL, "twice"),
	       "duplicate class");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr,chr:4", -EINVAL, "covered by chr"),
	       "chr:4 covered by chr");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:4:1,chr:4", -EINVAL, "covered by chr:4"),
	       "chr:4:1 covered by chr:4");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:4096", -EINVAL, "bad major"),
	       "major beyond 12 bits");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:1:1048576", -EINVAL, "bad minor"),
	       "minor beyond 20 bits");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:", -EINVAL, "bad major"),
	       "chr: without a major");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:1:", -EINVAL, "bad minor"),
	       "chr:1: without a minor");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:0x1", -EINVAL, "bad major"),
	       "majors are decimal");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=chr:1:2:3", -EINVAL, "bad minor"),
	       "chr with three numbers");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe fd0=unix", -EINVAL, "two fd0"),
	       "two fd predicates on one argument");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1=1 arg1=2", -EINVAL, "two arg1"),
	       "two unmasked arg predicates on one argument");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 arg1&0x3=1 arg1&3=2", -EINVAL, "same mask"),
	       "two arg predicates with the same mask");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe\n1 fd0=pipe", -EEXIST,
		       "line 2: duplicate rule"), "duplicate rule");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe,unix\n1 fd0=unix,pipe", -EEXIST,
		       "duplicate"), "duplicate rule in another spelling");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe\n2 fd0=pi\x01pe", -EINVAL,
		       "line 2: a byte"), "control character");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe\xc3\xa9", -EINVAL, "printable"),
	       "non-ASCII byte");
	TAP_OK(rejects(SYSCALL_ABI_X86_64, "1 fd0=pipe\r\n", -EINVAL, "printable"),
	       "CR line ending");
	TAP_OK(rejects(SYSCALL_ABI_X86_64,
		       "1 arg0=1 arg1=1 arg2=1 arg3=1 arg4=1 arg5=1 fd0=pipe fd1=pipe fd2=pipe",
		       -EINVAL, "more than 8 predicates"), "9 predicates in a rule");
	TAP_OK(canon(SYSCALL_ABI_X86_64,
		     "1 arg0=1 arg1=1 arg2=1 arg3=1 arg4=1 arg5=1 fd0=pipe fd1=pipe",
		     "1 fd0=pipe arg0=1 fd1=pipe arg1=1 arg2=1 arg3=1 arg4=1 arg5=1\n"),
	       "8 predicates are fine");
	TAP_OK(rejects(SYSCALL_ABI_X86_64,
		       "1 arg1=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", -EINVAL,
		       "more than 16 values"), "17 values in a predicate");
	TAP_OK(canon(SYSCALL_ABI_X86_64,
		     "1 arg1=16,15,14,13,12,11,10,9,8,7,6,5,4,3,2,1",
		     "1 arg1=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16\n"),
	       "16 values are fine");

	/* 129 rules */
	p = big;
	for (i = 0; i < 129; i++)
		p += sprintf(p, "%d arg0=1\n", i);
	TAP_OK(rejects(SYSCALL_ABI_X86_64, big, -E2BIG, "more than 128 rules"),
	       "129 rules");
	big[strlen(big) - strlen("128 arg0=1\n")] = '\0';
	TAP_OK(!ruleset_parse(&set, SYSCALL_ABI_X86_64, big, strlen(big), err,
			      sizeof(err)) && set.n == 128, "128 rules are fine");

	/* more than 4095 bytes written */
	memset(big, ' ', sizeof(big));
	memcpy(big, "1 fd0=pipe", 10);
	big[RULES_TEXT_MAX + 1] = '\0';
	TAP_OK(rejects(SYSCALL_ABI_X86_64, big, -E2BIG, "at most 4095"),
	       "4096 bytes written");
	big[RULES_TEXT_MAX] = '\0';
	TAP_OK(!ruleset_parse(&set, SYSCALL_ABI_X86_64, big, strlen(big), err,
			      sizeof(err)), "4095 bytes written are fine");

	/* input within 4095, canonical read-back beyond: masked decimal
	 * values print as longer hex */
	p = big;
	for (i = 0; i < 128; i++)
		p += sprintf(p, "%d arg1&0xff=1,2,3,4,5,6,7,8,9\n", i);
	TAP_DIAG("input of %zu bytes", strlen(big));
	TAP_OK(strlen(big) <= RULES_TEXT_MAX &&
	       rejects(SYSCALL_ABI_X86_64, big, -E2BIG, "canonical text"),
	       "a set whose canonical read-back exceeds 4095 bytes");
}

static void test_add_del(void)
{
	char buf[256];
	int ret;

	ruleset_init(&set, SYSCALL_ABI_X86_64);
	ret = ruleset_add(&set, 1, "fd0=unix,pipe", err, sizeof(err));
	ret = ret ?: ruleset_add(&set, 0, "fd0=pipe", err, sizeof(err));
	ret = ret ?: ruleset_add(&set, 1, "fd0=eventfd", err, sizeof(err));
	ruleset_format(&set, buf, sizeof(buf));
	TAP_OK(!ret && !strcmp(buf, "0 fd0=pipe\n1 fd0=eventfd\n1 fd0=pipe,unix\n"),
	       "ruleset_add keeps the set canonical");
	TAP_OK(ruleset_add(&set, 1, "fd0=pipe,unix", err, sizeof(err)) == -EEXIST &&
	       set.n == 3, "adding an existing rule: -EEXIST, unchanged");
	TAP_OK(ruleset_add(&set, 1, "fd0=nope", err, sizeof(err)) == -EINVAL &&
	       set.n == 3, "adding a bad rule: -EINVAL, unchanged");
	TAP_OK(ruleset_find(&set, 1, "fd0=unix,pipe") == 2 &&
	       ruleset_find(&set, 1, "fd0=pipe") == -1 &&
	       ruleset_first(&set, 1) == 1 && ruleset_first(&set, 2) == -1,
	       "ruleset_find and ruleset_first");
	ruleset_del(&set, 1);
	ruleset_format(&set, buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "0 fd0=pipe\n1 fd0=pipe,unix\n") &&
	       set.npool == 3, "ruleset_del compacts the pool");
	ret = rule_preds_canon(SYSCALL_ABI_X86_64, 202, "arg1=129,128", buf,
			       sizeof(buf), err, sizeof(err));
	TAP_OK(!ret && !strcmp(buf, "arg1=128,129"), "rule_preds_canon");
}

/* rule_within on two single-rule sets */
static bool within(const char *a, const char *b)
{
	char ta[128], tb[128];

	snprintf(ta, sizeof(ta), "1 %s", a);
	snprintf(tb, sizeof(tb), "1 %s", b);
	if (ruleset_parse(&set, SYSCALL_ABI_X86_64, ta, strlen(ta), err, sizeof(err)) ||
	    ruleset_parse(&set2, SYSCALL_ABI_X86_64, tb, strlen(tb), err, sizeof(err))) {
		TAP_DIAG("within: %s", err);
		return false;
	}
	return rule_within(&set, 0, &set2, 0);
}

static void test_within(void)
{
	TAP_OK(within("fd0=pipe", "fd0=pipe"), "a rule is within itself");
	TAP_OK(within("fd0=pipe", "fd0=pipe,unix") &&
	       !within("fd0=pipe,unix", "fd0=pipe"), "fewer classes are narrower");
	TAP_OK(within("fd0=pipe arg2=1", "fd0=pipe") &&
	       !within("fd0=pipe", "fd0=pipe arg2=1"), "more predicates are narrower");
	TAP_OK(!within("fd1=pipe", "fd0=pipe"), "another argument is not within");
	TAP_OK(within("fd0=chr:4:1", "fd0=chr:4") && within("fd0=chr:4", "fd0=chr") &&
	       !within("fd0=chr", "fd0=chr:4") && !within("fd0=chr:4", "fd0=chr:4:1") &&
	       !within("fd0=chr:5:1", "fd0=chr:4"), "chr covers chr:MAJ covers chr:MAJ:MIN");
	TAP_OK(within("arg1=128", "arg1=128,129") && !within("arg1=128,130", "arg1=128,129"),
	       "values: subset is within");
	TAP_OK(within("arg1=128", "arg1&0x80=0x80") && !within("arg1=0", "arg1&0x80=0x80"),
	       "an exact value within a masked predicate");
	TAP_OK(!within("arg1&0x80=0x80", "arg1=128"), "a masked predicate is not within an exact one");
	TAP_OK(within("arg1&0xff=0x81", "arg1&0x80=0x80") &&
	       !within("arg1&0x80=0x80", "arg1&0xff=0x81"), "masks: a wider mask is narrower");
	TAP_OK(!within("fd0=pipe", "arg0=3"), "fd does not imply arg");
}

struct fds {
	int pipe[2], fifo, evfd, tfd, sfd, sock[2], tmpf, memfd, null, disk;
};

static int open_fds(struct fds *f)
{
	char fifo[] = "/tmp/test-rules-fifo.XXXXXX", tmp[] = "/dev/shm/test-rules.XXXXXX";
	char disk[] = "/var/tmp/test-rules.XXXXXX";
	sigset_t ss;
	int fd;

	if (pipe(f->pipe))
		return -1;
	fd = mkstemp(fifo);
	close(fd);
	unlink(fifo);
	if (mkfifo(fifo, 0600))
		return -1;
	f->fifo = open(fifo, O_RDWR);
	unlink(fifo);
	f->evfd = eventfd(0, 0);
	f->tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	f->sfd = signalfd(-1, &ss, 0);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, f->sock))
		return -1;
	f->tmpf = mkstemp(tmp);
	unlink(tmp);
	f->memfd = memfd_create("test-rules", 0);
	f->null = open("/dev/null", O_RDWR);
	f->disk = mkstemp(disk);
	unlink(disk);
	return f->fifo < 0 || f->evfd < 0 || f->tfd < 0 || f->sfd < 0 ||
	       f->tmpf < 0 || f->memfd < 0 || f->null < 0 || f->disk < 0 ? -1 : 0;
}

static bool cls_is(int fd, int want)
{
	struct rule_fd r;

	return !rule_fd_classify(fd, &r, rule_sys_libc) && r.cls == want;
}

static int match(const char *rules, long nr, unsigned long a0, unsigned long a1)
{
	unsigned long a[6] = { a0, a1, 0, 0, 0, 0 };

	if (ruleset_parse(&set, SYSCALL_ABI_X86_64, rules, strlen(rules), err,
			  sizeof(err))) {
		TAP_DIAG("%s", err);
		return -2;
	}
	return ruleset_match(&set, nr, a, rule_sys_libc);
}

static void test_eval(void)
{
	struct fds f;
	struct rule_fd r;
	struct statfs sf;

	if (open_fds(&f)) {
		TAP_OK(0, "cannot create the file descriptors: %s", strerror(errno));
		return;
	}
	TAP_OK(cls_is(f.pipe[0], RULE_CLASS_PIPE) && cls_is(f.pipe[1], RULE_CLASS_PIPE),
	       "a pipe is pipe");
	TAP_OK(cls_is(f.fifo, RULE_CLASS_PIPE), "a FIFO is pipe");
	TAP_OK(cls_is(f.evfd, RULE_CLASS_EVENTFD), "eventfd");
	TAP_OK(cls_is(f.tfd, RULE_CLASS_TIMERFD), "timerfd");
	TAP_OK(cls_is(f.sfd, RULE_CLASS_SIGNALFD), "signalfd");
	TAP_OK(cls_is(f.sock[0], RULE_CLASS_UNIX), "AF_UNIX socket is unix");
	if (!statfs("/dev/shm", &sf) && sf.f_type == 0x01021994)
		TAP_OK(cls_is(f.tmpf, RULE_CLASS_SHMEM), "a file in /dev/shm is shmem");
	else
		TAP_SKIP("/dev/shm is not a tmpfs here");
	if (!statfs("/var/tmp", &sf) && sf.f_type != 0x01021994)
		TAP_OK(cls_is(f.disk, RULE_CLASS_NONE), "a file in /var/tmp is of no class");
	else
		TAP_SKIP("/var/tmp is a tmpfs here");
	TAP_OK(cls_is(f.memfd, RULE_CLASS_SHMEM), "memfd is shmem");
	TAP_OK(!rule_fd_classify(f.null, &r, rule_sys_libc) && r.cls == RULE_CLASS_CHR &&
	       r.major == 1 && r.minor == 3, "/dev/null is chr 1:3");
	TAP_OK(rule_fd_classify(999, &r, rule_sys_libc) == -EBADF, "a closed fd: -EBADF");

	TAP_OK(match("1 fd0=pipe", 1, (unsigned long)f.pipe[1], 0) == 0 &&
	       match("1 fd0=pipe", 1, (unsigned long)f.disk, 0) == -1,
	       "write on a pipe holds, on a disk file not");
	TAP_OK(match("1 fd0=pipe", 1, 999, 0) == -1 &&
	       match("1 fd0=pipe", 1, (unsigned long)-1, 0) == -1,
	       "a closed or negative fd never holds");
	TAP_OK(match("1 fd0=pipe", 1, (unsigned long)f.pipe[1] | 1UL << 32, 0) == 0,
	       "the fd is the argument's low 32 bits, as the kernel reads it");
	TAP_OK(match("1 fd0=pipe", 0, (unsigned long)f.pipe[1], 0) == -1,
	       "another syscall number never matches");
	TAP_OK(match("1 fd0=chr:1:3", 1, (unsigned long)f.null, 0) == 0 &&
	       match("1 fd0=chr:1", 1, (unsigned long)f.null, 0) == 0 &&
	       match("1 fd0=chr", 1, (unsigned long)f.null, 0) == 0 &&
	       match("1 fd0=chr:1:5", 1, (unsigned long)f.null, 0) == -1 &&
	       match("1 fd0=chr:4", 1, (unsigned long)f.null, 0) == -1,
	       "chr, chr:MAJ, chr:MAJ:MIN against /dev/null");
	TAP_OK(match("1 fd0=eventfd,timerfd,signalfd,unix,shmem", 1,
		     (unsigned long)f.memfd, 0) == 0 &&
	       match("1 fd0=eventfd,timerfd,signalfd,unix,shmem", 1,
		     (unsigned long)f.pipe[1], 0) == -1, "a class list");
	TAP_OK(match("202 arg1=128,129", 202, 0, 128) == 0 &&
	       match("202 arg1=128,129", 202, 0, 129) == 0 &&
	       match("202 arg1=128,129", 202, 0, 6) == -1, "arg values");
	TAP_OK(match("202 arg1&0x80=0x80", 202, 0, 0x89) == 0 &&
	       match("202 arg1&0x80=0x80", 202, 0, 0x09) == -1, "masked arg");
	TAP_OK(match("230 arg0=1 arg1=1", 230, 1, 1) == 0 &&
	       match("230 arg0=1 arg1=1", 230, 1, 0) == -1 &&
	       match("230 arg0=1 arg1=1", 230, 0, 1) == -1,
	       "every predicate of a rule must hold");
	TAP_OK(match("1 fd0=eventfd\n1 fd0=pipe", 1, (unsigned long)f.pipe[1], 0) == 1,
	       "one of several rules of a number holding is enough");
	TAP_OK(match("1 arg0=3 fd0=pipe", 1, (unsigned long)f.pipe[1], 0) ==
	       (f.pipe[1] == 3 ? 0 : -1), "fd and arg on the same argument");
	if (!ruleset_parse(&set, SYSCALL_ABI_IA32, "4 arg1=5", 8, err, sizeof(err))) {
		unsigned long a[6] = { 0, 5UL | 1UL << 40, 0, 0, 0, 0 };

		TAP_OK(ruleset_match(&set, 4, a, rule_sys_libc) == 0,
		       "ia32: only the low 32 bits of an argument count");
	}
}

int main(void)
{
	test_canonical();
	test_rejects();
	test_add_del();
	test_within();
	test_eval();
	return tap_done();
}
