// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 14): the runtime RT set's journal (rtset.c) and the
 * cgroup path encoding of the claim journal (rtcg.c).  A journal formats
 * and parses back to the same data; every malformed line is a problem
 * (the parser never refuses input, the lines that parse are kept); a
 * cgroup path with spaces, '%' or '=' survives a space-separated
 * key=value line; bad encodings are refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bitlist.h"
#include "rtcg.h"
#include "rtset.h"
#include "../../lib/tap.h"

static void bad(const char *text, const char *what)
{
	struct rtset s;

	rtset_init(&s);
	rtset_parse(text, strlen(text), &s);
	TAP_OK(s.problems > 0, "%s: a problem (%s)", what, s.why);
	rtset_free(&s);
}

int main(void)
{
	struct rtset a, b;
	char *text, enc[256], dec[256];
	size_t len;
	cpu_set_t set;

	rtset_init(&a);
	strcpy(a.boot_id, "0f5b2a52-8d0e-4a07-b5b5-5b6b55a9e5cb");
	cpulist_parse("2-3", &a.cpus);
	a.root_cpuset = true;
	a.op = RTSET_OP_RELEASE;
	a.from = a.cpus;
	cpulist_parse("2", &a.to);
	a.force = true;
	cpulist_parse("0-7", &set);
	steer_saved_add(&a.saved, STEER_IRQ, 24, 0, &set, false);
	steer_saved_add(&a.saved, STEER_KTHREAD, 57, 123456, &set, false);
	cpulist_parse("0,4", &set);
	steer_saved_add(&a.saved, STEER_IRQ, 24, 0, &set, false);
	TAP_OK(a.saved.n == 2, "a second save of the same IRQ keeps the first");
	TAP_OK(!rtset_format(&a, &text, &len), "format");
	rtset_init(&b);
	TAP_OK(!rtset_parse(text, len, &b) && !b.problems, "parse back: %s",
	       b.why);
	TAP_OK(!strcmp(a.boot_id, b.boot_id) && CPU_EQUAL(&a.cpus, &b.cpus) &&
	       a.root_cpuset == b.root_cpuset && a.op == b.op &&
	       CPU_EQUAL(&a.from, &b.from) && CPU_EQUAL(&a.to, &b.to) &&
	       a.force == b.force && b.saved.n == 2 &&
	       !memcmp(a.saved.v, b.saved.v, 2 * sizeof(*a.saved.v)),
	       "the same data");
	TAP_OK(strstr(text, "op release from=2-3 to=2 force=yes\n") &&
	       strstr(text, "saved irq 24 0 0-7\n") &&
	       strstr(text, "saved kthread 57 123456 0-7\n"),
	       "the documented spelling");
	free(text);
	rtset_free(&b);
	a.op = RTSET_OP_NONE;
	CPU_ZERO(&a.cpus);
	rtset_format(&a, &text, &len);
	rtset_init(&b);
	rtset_parse(text, len, &b);
	TAP_OK(!b.problems && !CPU_COUNT(&b.cpus) && b.op == RTSET_OP_NONE &&
	       strstr(text, "cpus -\n") && !strstr(text, "op "),
	       "an empty set is \"-\", no op line");
	free(text);
	rtset_free(&b);
	rtset_free(&a);

	bad("", "empty file");
	bad("isol-rtset 2\ncpus -\n", "unknown version");
	bad("isol-rtset 1\ncpus 2-3", "no final newline");
	bad("isol-rtset 1\n", "no cpus line");
	bad("isol-rtset 1\ncpus 2-3\ncpus 4\n", "cpus twice");
	bad("isol-rtset 1\ncpus 2-x\n", "a bad cpulist");
	bad("isol-rtset 1\ncpus 2\nop reserve from=- to=2\n", "op without force");
	bad("isol-rtset 1\ncpus 2\nop grow from=- to=2 force=no\n",
	    "unknown op");
	bad("isol-rtset 1\ncpus 2\nsaved irq 24 0 -\n", "saved without CPUs");
	bad("isol-rtset 1\ncpus 2\nsaved mouse 1 0 1\n", "unknown saved kind");
	bad("isol-rtset 1\ncpus 2\nsaved irq 024 0 1\n", "leading zero");
	bad("isol-rtset 1\ncpus 2\nfrobnicate\n", "unknown line");
	{
		static const char nul[] = "isol-rtset 1\ncpus 2\0\n";
		struct rtset s;

		rtset_init(&s);
		rtset_parse(nul, sizeof(nul) - 1, &s);
		TAP_OK(s.problems > 0, "a NUL byte: a problem");
		rtset_free(&s);
	}
	{
		struct rtset s;
		const char *t = "isol-rtset 1\ncpus 4-5\nbogus\n"
				"saved wq 0 0 0-7\n";

		rtset_init(&s);
		rtset_parse(t, strlen(t), &s);
		TAP_OK(s.problems == 1 && CPU_COUNT(&s.cpus) == 2 &&
		       s.saved.n == 1, "the lines that parse are kept");
		rtset_free(&s);
	}

	TAP_OK(!rtcg_path_encode("/a b/c%d=e", enc, sizeof(enc)) &&
	       !strcmp(enc, "/a%20b/c%25d%3De"),
	       "path encoded: %s", enc);
	TAP_OK(!rtcg_path_decode(enc, dec, sizeof(dec)) &&
	       !strcmp(dec, "/a b/c%d=e"), "and decoded back");
	TAP_OK(rtcg_path_decode("/a%2", dec, sizeof(dec)) == -EINVAL &&
	       rtcg_path_decode("/a%00", dec, sizeof(dec)) == -EINVAL &&
	       rtcg_path_decode("rel", dec, sizeof(dec)) == -EINVAL &&
	       rtcg_path_decode("/a=b", dec, sizeof(dec)) == -EINVAL,
	       "bad encodings refused");
	TAP_OK(rtcg_path_encode("/abc", enc, 4) == -ENAMETOOLONG,
	       "a buffer too short: ENAMETOOLONG");
	TAP_OK(rtcg_is_ours("/rtisol") && rtcg_is_ours("/rtisol/rt") &&
	       !rtcg_is_ours("/rtisolx") && !rtcg_is_ours("/"),
	       "rtcg_is_ours");
	return tap_done();
}
