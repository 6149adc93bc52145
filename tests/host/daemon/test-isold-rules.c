// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary (issue 13): isold and argument rules, the real daemon on a
 * fixture tree whose fake kernel has rules_x86_64 and rules_ia32:
 *  - at start the records with args (the shipped futex and clock_nanosleep
 *    records) are written to rules_<abi> in canonical form, the others to
 *    syscalls_<abi>; the log says per record what it became;
 *  - RULES serves the set in force; WHITELIST does not carry the rules;
 *  - a reload with a new record with args extends the rules;
 *  - a rules file the kernel refuses (here: it cannot be written) keeps the
 *    previous rules and the previous syscall numbers (nothing half done);
 *  - a rules set the kernel would refuse (129 rules) is rejected at load,
 *    naming the record, before anything is written;
 *  - a changed rules file is noticed and rewritten;
 *  - the emulation backend serves the rules (RULES without "unsupported").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "syscalls.h"
#include "../../lib/tap.h"

static struct fixture fx;

static bool log_has(const char *what)
{
	char buf[65536];
	int fd = open(fx.log, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return strstr(buf, what) != NULL;
}

static int rules_rpc(unsigned int abi, union isold_msg *r)
{
	union isold_msg m = { 0 };
	int fd = fx_connect(&fx), ret;

	m.rules.abi = abi;
	ret = fx_rpc(fd, &m, ISOLD_RULES, r);
	close(fd);
	return ret;
}

static bool reload_ok(void)
{
	kill(fx.daemon, SIGHUP);
	return !fx_wait_notify(&fx, "READY=1", 3000);
}

static void startup(void)
{
	char buf[8192];
	union isold_msg r;

	fx_read(&fx, "sys/kernel/rt_isolation/rules_x86_64", buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "202 arg1=128,129,137,138\n230 arg0=1 arg1=1"),
	       "rules_x86_64: the futex and clock_nanosleep records, canonical");
	fx_read(&fx, "sys/kernel/rt_isolation/rules_ia32", buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "240 arg1=128,129,137,138\n267 arg0=1 arg1=1\n"
		       "407 arg0=1 arg1=1\n422 arg1=128,129,137,138"),
	       "rules_ia32: by the ia32 numbers");
	fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "15,24,228,309"),
	       "syscalls_x86_64: the records without args (\"%s\")", buf);
	TAP_OK(log_has("record futex (x86_64) ") &&
	       log_has(": rule \"202 arg1=128,129,137,138\"") &&
	       log_has("record getcpu (x86_64) ") &&
	       log_has(": syscall 309 whitelisted"),
	       "the log says per record what it became");
	TAP_OK(rules_rpc(0, &r) == (ISOLD_REPLY | ISOLD_RULES) &&
	       !r.reply.status && !r.rules_rep.flags && r.rules_rep.nrules == 2 &&
	       !strcmp(r.rules_rep.text,
		       "202 arg1=128,129,137,138\n230 arg0=1 arg1=1\n") &&
	       r.rules_rep.len == strlen(r.rules_rep.text),
	       "RULES x86_64: the set in force");
	TAP_OK(rules_rpc(1, &r) > 0 && r.rules_rep.abi == 1 &&
	       r.rules_rep.nrules == 4, "RULES ia32: 4 rules");
}

static void reload_rules(void)
{
	char buf[8192];
	union isold_msg r;

	fx_write(&fx, "etc/isol/whitelist.d/50-write.conf",
		 "[syscall write]\nabi = x86_64\nargs = fd0=unix,pipe\n"
		 "status = provisional\n");
	TAP_OK(reload_ok(), "reload with a record with args");
	fx_read(&fx, "sys/kernel/rt_isolation/rules_x86_64", buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "1 fd0=pipe,unix\n202 arg1=128,129,137,138\n"
		       "230 arg0=1 arg1=1"), "rules_x86_64 has the new rule");
	fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "15,24,228,309"),
	       "write is a rule, not a syscall number (\"%s\")", buf);
	TAP_OK(rules_rpc(0, &r) > 0 && r.rules_rep.nrules == 3,
	       "RULES: 3 rules");

	/* changed behind isold's back: noticed on the next tick */
	fx_write(&fx, "sys/kernel/rt_isolation/rules_x86_64", "\n");
	for (int i = 0; i < 100; i++) {
		usleep(20000);
		fx_read(&fx, "sys/kernel/rt_isolation/rules_x86_64", buf,
			sizeof(buf));
		if (strlen(buf) > 10)
			break;
	}
	TAP_OK(!strcmp(buf, "1 fd0=pipe,unix\n202 arg1=128,129,137,138\n"
		       "230 arg0=1 arg1=1"), "rules cleared behind isold's "
	       "back are rewritten");
}

static void refused(void)
{
	char buf[8192], path[700], *big, *p;
	union isold_msg m = { 0 }, r;
	int fd, i;

	/* A kernel that refuses the rules: the rules file cannot be
	 * written (a directory stands in for -EINVAL), so neither the new
	 * rules nor the new numbers may be in force afterwards. */
	fx_write(&fx, "etc/isol/whitelist.d/51-getpid.conf",
		 "[syscall getpid]\nstatus = provisional\n");
	snprintf(path, sizeof(path), "%s/sys/kernel/rt_isolation/rules_x86_64",
		 fx.root);
	{
		char saved[700];

		snprintf(saved, sizeof(saved), "%s.saved", path);
		rename(path, saved);
		mkdir(path, 0755);
		TAP_OK(reload_ok(), "reload with a rules file that refuses");
		fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
			sizeof(buf));
		TAP_OK(!strcmp(buf, "15,24,228,309"), "the old syscall numbers "
		       "stay (getpid not added): \"%s\"", buf);
		fd = fx_connect(&fx);
		fx_rpc(fd, &m, ISOLD_STATUS, &r);
		close(fd);
		TAP_OK(r.status_rep.wl_status < 0 && r.status_rep.reload_status < 0,
		       "STATUS: whitelist refused (%d), reload failed (%d)",
		       r.status_rep.wl_status, r.status_rep.reload_status);
		TAP_OK(log_has("the previous rules and whitelist stay"),
		       "the log says the previous state stays");
		rmdir(path);
		rename(saved, path);
	}
	/* the kernel accepts again: retried with back-off, then in force */
	for (i = 0; i < 200; i++) {
		usleep(50000);
		fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
			sizeof(buf));
		if (!strcmp(buf, "15,24,39,228,309"))
			break;
	}
	TAP_OK(!strcmp(buf, "15,24,39,228,309"), "once the kernel accepts, the "
	       "new set goes in (\"%s\")", buf);

	/* 129 rules: refused at load, before anything is written */
	big = malloc(129 * 128);
	p = big;
	for (i = 0; i < 129; i++)
		p += sprintf(p, "[syscall write]\nabi = x86_64\nargs = arg2=%d\n"
			     "status = provisional\n", i + 1);
	fx_write(&fx, "etc/isol/whitelist.d/52-many.conf", big);
	free(big);
	TAP_OK(reload_ok(), "reload with 129 rules for x86_64");
	TAP_OK(log_has("more than 128 rules") && log_has("52-many.conf"),
	       "rejected, naming the record");
	fx_read(&fx, "sys/kernel/rt_isolation/rules_x86_64", buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "1 fd0=pipe,unix\n202 arg1=128,129,137,138\n"
		       "230 arg0=1 arg1=1"), "the previous rules stay");
	fx_write(&fx, "etc/isol/whitelist.d/52-many.conf", "");
}

static void emulation(void)
{
	static const char *const extra[] = { "--backend", "emulation", NULL };
	union isold_msg r;

	fx_stop(&fx, SIGTERM);
	fx_write(&fx, "etc/isol/whitelist.d/50-write.conf", "");
	if (!TAP_OK(!fx_start_args(&fx, NULL, extra),
		    "isold --backend emulation starts")) {
		fx_dump_log(&fx);
		return;
	}
	TAP_OK(rules_rpc(0, &r) > 0 && !r.rules_rep.flags &&
	       !strcmp(r.rules_rep.text,
		       "202 arg1=128,129,137,138\n230 arg0=1 arg1=1\n"),
	       "emulation: RULES serves the rules to libisol");
}

static void absent(void)
{
	union isold_msg r;

	fx_stop(&fx, SIGTERM);
	fx_write(&fx, "sys/kernel/rt_isolation/rules_x86_64", "");
	{
		char path[700];

		snprintf(path, sizeof(path),
			 "%s/sys/kernel/rt_isolation/rules_x86_64", fx.root);
		unlink(path);
	}
	TAP_OK(!fx_start(&fx, NULL), "isold starts on a kernel without "
	       "rules_x86_64");
	TAP_OK(log_has("rule \"202 arg1=128,129,137,138\" NOT loaded: this "
		       "kernel has no argument rules"),
	       "the log says the futex rule is not loaded");
	TAP_OK(rules_rpc(0, &r) > 0 &&
	       r.rules_rep.flags == ISOLD_RULES_F_UNSUPPORTED &&
	       !strcmp(r.rules_rep.text, "\n"),
	       "RULES x86_64: unsupported, nothing in force");
	TAP_OK(rules_rpc(1, &r) > 0 && !r.rules_rep.flags &&
	       r.rules_rep.nrules == 4, "RULES ia32 still in force");
}

int main(void)
{
	int st;

	if (fx_create(&fx, "[daemon]\nirq_recheck_ms = 100\n[user root]\n"
		      "max_cpus = all\n")) {
		printf("Bail out! fixture\n");
		return 1;
	}
	fx_write(&fx, "sys/kernel/rt_isolation/rules_x86_64", "\n");
	fx_write(&fx, "sys/kernel/rt_isolation/rules_ia32", "\n");
	if (!TAP_OK(!fx_start(&fx, NULL), "isold starts and sends READY=1")) {
		fx_dump_log(&fx);
		fx_destroy(&fx);
		return tap_done();
	}
	startup();
	reload_rules();
	refused();
	emulation();
	absent();
	st = fx_stop(&fx, SIGTERM);
	TAP_OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "clean exit (0x%x)", st);
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
