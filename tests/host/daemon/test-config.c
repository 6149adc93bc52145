// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: the one config parser (conf.c) and its two users: the
 * shipped isold.conf and whitelist pass; every class of error fails fast
 * with "file:line: message"; records written by record_write() read back
 * identical; the whitelist bitmaps follow status and accept_provisional.
 * Issue 13: records with args are rules (valid per ABI, canonical, never
 * bits); a certified record names its profile and is no wider than it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "record.h"
#include "../../lib/tap.h"

static void bad_record(const char *text, const char *want)
{
	struct isol_recset set = { 0 };
	struct conf_err err = { .msg = "" };
	int ret = record_parse_buf("w.conf", text, strlen(text), &set, &err);

	TAP_OK(ret < 0 && strstr(err.msg, want) && set.n == 0,
	       "record error \"%s\" (got \"%s\")", want, err.msg);
	recset_free(&set);
}

static void bad_config(const char *text, const char *want)
{
	struct isold_config cfg;
	struct conf_err err = { .msg = "" };
	int ret;

	config_init(&cfg);
	ret = config_parse_buf(&cfg, "i.conf", text, strlen(text), "/etc/isol",
			       &err);
	TAP_OK(ret < 0 && strstr(err.msg, want),
	       "config error \"%s\" (got \"%s\")", want, err.msg);
}

#define CERT "status = certified\ncertified_by = a\nkernel = 6.12\n" \
	"config_sha256 = " \
	"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n" \
	"load = idle\nsamples = 10\np99_99_ns = 5\nmax_ns = 7\n" \
	"date = 2025-01-02\n"

int main(void)
{
	struct isold_config cfg;
	struct conf_err err = { .msg = "" };
	struct isol_recset set = { 0 }, back = { 0 };
	gid_t gids[1] = { 12345 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	ret = config_load(&cfg, "daemon/conf/isold.conf", &err);
	TAP_OK(!ret && cfg.records.n == 10, "shipped config and whitelist "
	       "load (%zu records) %s", cfg.records.n, err.msg);
	TAP_OK(!bitlist_test(cfg.allowed[SYSCALL_ABI_X86_64], 202) &&
	       !bitlist_test(cfg.allowed[SYSCALL_ABI_X86_64], 230) &&
	       !bitlist_test(cfg.allowed[SYSCALL_ABI_IA32], 422) &&
	       bitlist_test(cfg.allowed[SYSCALL_ABI_X86_64], 309),
	       "futex and clock_nanosleep are not bits; getcpu is");
	TAP_OK(ruleset_find(&cfg.rules[SYSCALL_ABI_X86_64], 202,
			    "arg1=128,129,137,138") >= 0 &&
	       ruleset_find(&cfg.rules[SYSCALL_ABI_X86_64], 230,
			    "arg0=1 arg1=1") >= 0 &&
	       ruleset_find(&cfg.rules[SYSCALL_ABI_IA32], 422,
			    "arg1=128,129,137,138") >= 0 &&
	       ruleset_find(&cfg.rules[SYSCALL_ABI_IA32], 407,
			    "arg0=1 arg1=1") >= 0 &&
	       ruleset_find(&cfg.rules[SYSCALL_ABI_IA32], 240,
			    "arg1=128,129,137,138") >= 0 &&
	       cfg.rules[SYSCALL_ABI_X86_64].n == 2 &&
	       cfg.rules[SYSCALL_ABI_IA32].n == 4,
	       "shipped futex and clock_nanosleep records are rules, both ABIs");
	TAP_OK(config_quota(&cfg, 0, gids, 1) == QUOTA_ALL &&
	       config_quota(&cfg, 4242, gids, 1) == 0,
	       "root unlimited, others not allowed");
	config_free(&cfg);

	bad_config("[daemon]\nrt_cpus = 1-\n", "i.conf:2: rt_cpus: bad CPU");
	bad_config("[daemon]\nfoo = 1\n", "i.conf:2: unknown key \"foo\"");
	bad_config("\n\n[nosuch]\n", "i.conf:3: unknown section [nosuch]");
	bad_config("x = 1\n", "i.conf:1: \"x\" outside a section");
	bad_config("[daemon\n", "i.conf:1: malformed section header");
	bad_config("[daemon]\njunk\n", "i.conf:2: expected \"key = value\"");
	bad_config("[user no-such-user-xyz]\n", "i.conf:1: unknown user");
	bad_config("[user root]\nmax_cpus = -1\n", "i.conf:2: max_cpus");
	bad_config("[user root]\n[user 0]\n", "i.conf:2: [user 0] repeats");
	bad_config("[whitelist]\naccept_provisional = maybe\n",
		   "i.conf:2: accept_provisional: want yes or no");
	bad_config("[daemon]\nirq_recheck_ms = 1\n", "i.conf:2: irq_recheck");
	bad_config("[daemon]\nrt_cpus = 1\x01\n", "i.conf:2: control char");
	/* issue 12 item 13: a key given twice is an error, as in records */
	bad_config("[daemon]\nrt_cpus = 1\nrt_cpus = 2\n",
		   "i.conf:3: \"rt_cpus\" given twice, first at line 2");
	bad_config("[daemon]\nsteer_irqs = no\n[daemon]\nsteer_irqs = yes\n",
		   "i.conf:4: \"steer_irqs\" given twice, first at line 2");
	bad_config("[whitelist]\ndir = a\ndir = b\n",
		   "i.conf:3: \"dir\" given twice");
	bad_config("[user root]\nmax_cpus = 1\nmax_cpus = all\n",
		   "i.conf:3: \"max_cpus\" given twice");

	bad_record("[syscall futex]\n", "w.conf:1: [syscall futex]: missing "
		   "\"status\"");
	bad_record("[syscall futex]\nstatus = maybe\n", "w.conf:2: status:");
	bad_record("[syscall nosuchcall]\nstatus = provisional\n",
		   "w.conf:1: [syscall nosuchcall]: unknown syscall");
	bad_record("[syscall 202]\nstatus = provisional\n",
		   "w.conf:1: syscall must be named");
	bad_record("[syscall futex]\nstatus = certified\n",
		   "w.conf:1: [syscall futex]: certified record lacks "
		   "\"certified_by\"");
	bad_record("[syscall futex]\n" CERT "samples = 3\n",
		   "w.conf:11: \"samples\" given twice");
	bad_record("[syscall futex]\nstatus = provisional\n\n"
		   "[syscall futex]\nstatus = revoked\n",
		   "w.conf:4: [syscall futex]: duplicate record, first at "
		   "w.conf:1");
	bad_record("[syscall futex_time64]\nabi = x86_64\nstatus = "
		   "provisional\n", "w.conf:1: [syscall futex_time64]: no "
		   "such syscall in ABI x86_64");
	bad_record("[syscall futex]\nabi = x32\n", "w.conf:2: abi: unknown "
		   "ABI");
	bad_record("[syscall futex]\nconfig_sha256 = abc\n",
		   "w.conf:2: config_sha256");
	bad_record("[syscall futex]\ndate = yesterday\n", "w.conf:2: date");
	/* issue 12 item 13: dates that do not exist */
	bad_record("[syscall futex]\ndate = 2026-02-31\n", "w.conf:2: date");
	bad_record("[syscall futex]\ndate = 2026-04-31\n", "w.conf:2: date");
	bad_record("[syscall futex]\ndate = 2025-02-29\n", "w.conf:2: date");
	bad_record("[syscall futex]\ndate = 2026-01-01Tnoon\n",
		   "w.conf:2: date");
	bad_record("[syscall futex]\ndate = 2026-01-01T24:00:00Z\n",
		   "w.conf:2: date");
	{
		static const char *const good[] = {
			"2024-02-29", "2026-11-21T20:56:42Z",
			"2026-12-31T23:59:59", "2026-01-01 08:00",
		};
		unsigned int i;

		for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
			char t[200];

			snprintf(t, sizeof(t), "[syscall futex]\nstatus = "
				 "provisional\ndate = %s\n", good[i]);
			ret = record_parse_buf("w.conf", t, strlen(t), &set,
					       &err);
			TAP_OK(!ret, "date = %s is fine (%s)", good[i], err.msg);
			recset_free(&set);
		}
	}
	bad_record("[syscall futex]\nstatus = provisional\np99_99_ns = 9\n"
		   "max_ns = 3\n", "w.conf:1: [syscall futex]: p99_99_ns > "
		   "max_ns");
	bad_record("status = provisional\n", "w.conf:1: \"status\" outside");
	bad_record("[record x]\n", "w.conf:1: unknown section [record]");

	/* args: checked, per ABI, and canonical */
	bad_record("[syscall write]\nargs = fd0=pip\nstatus = provisional\n",
		   "w.conf:1: [syscall write]: args (x86_64): unknown class "
		   "\"pip\"");
	bad_record("[syscall write]\nargs =\nstatus = provisional\n",
		   "w.conf:2: args: empty");
	bad_record("[syscall write]\nargs = fd6=pipe\nstatus = provisional\n",
		   "argument index must be 0-5");
	bad_record("[syscall futex]\nargs = arg1=0x100000000\n"
		   "status = provisional\n", "args (ia32): \"arg1=0x100000000\""
		   ": 32-bit argument");
	bad_record("[syscall write]\nargs = fd0=pipe\nargs = fd0=unix\n"
		   "status = provisional\n", "w.conf:3: \"args\" given twice");
	bad_record("[syscall write]\nargs = fd0=pipe\nstatus = provisional\n"
		   "[syscall write]\nargs = fd0=pipe \nstatus = revoked\n",
		   "w.conf:4: [syscall write]: duplicate record with args = "
		   "fd0=pipe, first at w.conf:1");
	bad_record("[syscall write]\nargs = fd0=unix,pipe\nstatus = provisional\n"
		   "[syscall write]\nargs = fd0=pipe,unix\nstatus = revoked\n",
		   "duplicate record with args = fd0=pipe,unix");
	/* certified: a known profile of this syscall, no wider than it */
	bad_record("[syscall write]\nargs = fd0=pipe\n" CERT,
		   "certified record lacks \"profile\"");
	bad_record("[syscall write]\nargs = fd0=pipe\n" CERT
		   "profile = write:nosuch\n", "unknown profile \"write:nosuch\"");
	bad_record("[syscall write]\nargs = fd0=pipe\n" CERT
		   "profile = futex:wait-private\n",
		   "profile futex:wait-private measures futex, not write");
	bad_record("[syscall write]\n" CERT "profile = write:pipe\n",
		   "certified for the whole syscall, but profile write:pipe "
		   "measured only \"fd0=pipe\"");
	bad_record("[syscall write]\nargs = fd0=pipe,unix\n" CERT
		   "profile = write:pipe\n", "certified, but \"args = "
		   "fd0=pipe,unix\" admits calls profile write:pipe did not "
		   "measure");
	bad_record("[syscall futex]\nargs = arg1&0x80=0x80\n" CERT
		   "profile = futex:wait-private\n", "admits calls profile "
		   "futex:wait-private did not measure");
	{
		static const char *const good[] = {
			/* as measured */
			"[syscall write]\nargs = fd0=pipe\n" CERT
			"profile = write:pipe\n",
			/* narrower than measured */
			"[syscall write]\nargs = fd0=pipe arg2=1\n" CERT
			"profile = write:pipe\n",
			/* a profile without predicate: the whole syscall */
			"[syscall getpid]\n" CERT "profile = getpid\n",
			/* provisional: may be as wide as one likes */
			"[syscall write]\nstatus = provisional\n"
			"profile = write:pipe\n",
			/* a bit and rules of one syscall */
			"[syscall write]\nstatus = revoked\n[syscall write]\n"
			"args = fd0=pipe\nstatus = provisional\n[syscall write]\n"
			"args = fd0=eventfd\nstatus = provisional\n",
		};
		unsigned int i;

		for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
			ret = record_parse_buf("w.conf", good[i],
					       strlen(good[i]), &set, &err);
			TAP_OK(!ret, "good record %u (%s)", i, err.msg);
			recset_free(&set);
		}
	}

	/* Round trip: parse, write, parse again, compare. */
	{
		static const char text[] =
			"[syscall clock_nanosleep]\n"
			"args = arg1=1  arg0=1\n" CERT
			"profile = clock_nanosleep:abs-monotonic\n"
			"note = measured with stress-ng\n"
			"[syscall nanosleep]\n" CERT "profile = nanosleep:1ms\n"
			"[syscall sigreturn]\nabi = ia32\n"
			"status = revoked\n";
		size_t i;

		ret = record_parse_buf("rt.conf", text, sizeof(text) - 1, &set,
				       &err);
		TAP_OK(!ret && set.n == 3, "records parse (%s)", err.msg);
		TAP_OK(!ret && !strcmp(set.v[0].args, "arg0=1 arg1=1"),
		       "args stored canonically: %s", set.v[0].args);
		f = open_memstream(&buf, &len);
		for (i = 0; i < set.n; i++)
			record_write(f, &set.v[i]);
		fclose(f);
		ret = record_parse_buf("back.conf", buf, len, &back, &err);
		TAP_OK(!ret && back.n == 3, "written records parse back (%s)",
		       err.msg);
		for (i = 0; !ret && i < set.n; i++) {
			struct isol_record a = set.v[i], b = back.v[i];

			memset(a.file, 0, sizeof(a.file));
			memset(b.file, 0, sizeof(b.file));
			a.line = b.line = 0;
			a.abis_explicit = b.abis_explicit = false;
			TAP_OK(!memcmp(&a, &b, sizeof(a)), "record %s identical "
			       "after write + parse", a.syscall);
		}
		{
			unsigned long al[BITLIST_LONGS(1024)],
				      ce[BITLIST_LONGS(1024)];

			struct ruleset *rs = malloc(sizeof(*rs));
			char rtext[128];

			recset_bitmaps(&set, SYSCALL_ABI_X86_64, false, al, ce,
				       1024);
			TAP_OK(bitlist_weight(al, 1024) == 1 &&
			       bitlist_test(al, 35) && bitlist_test(ce, 35),
			       "certified nanosleep whitelisted, clock_nanosleep "
			       "(a rule) not a bit");
			recset_bitmaps(&set, SYSCALL_ABI_IA32, true, al, ce,
				       1024);
			TAP_OK(!bitlist_test(al, 119) && !bitlist_test(al, 267) &&
			       bitlist_test(al, 162),
			       "revoked sigreturn is not");
			ret = recset_rules(&set, SYSCALL_ABI_X86_64, false, rs,
					   &err);
			ruleset_format(rs, rtext, sizeof(rtext));
			TAP_OK(!ret && !strcmp(rtext, "230 arg0=1 arg1=1\n"),
			       "the x86_64 rules are the record with args");
			ret = recset_rules(&set, SYSCALL_ABI_IA32, false, rs,
					   &err);
			ruleset_format(rs, rtext, sizeof(rtext));
			TAP_OK(!ret && !strcmp(rtext, "267 arg0=1 arg1=1\n"),
			       "the ia32 rules, by the ia32 number");
			free(rs);
		}
		free(buf);
		recset_free(&set);
		recset_free(&back);
	}
	return tap_done();
}
