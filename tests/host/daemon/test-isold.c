// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Test summary: the real isold on a fixture tree.  Start-up (whitelist in
 * the fake kernel files, IRQ/workqueue steering, READY=1), WHITELIST,
 * STATUS, STATS, claim/release, exclusivity, quota for root and for an
 * unprivileged client, NUMA choice on the fake topology, pinning, release
 * on the holder's death (pidfd poll; the time is reported), SIGHUP with a
 * good and a bad config, SIGTERM with STOPPING=1.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "syscalls.h"
#include "../../lib/tap.h"

static struct fixture fx;

static void startup(void)
{
	char buf[256];

	TAP_OK(!fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
			sizeof(buf)) && !strcmp(buf, "15,24,228,309"),
	       "x86_64 whitelist written to the kernel file, without the "
	       "records with args (\"%s\")", buf);
	TAP_OK(!fx_read(&fx, "sys/kernel/rt_isolation/syscalls_ia32", buf,
			sizeof(buf)) && !strcmp(buf, "119,158,173,265,318,403"),
	       "ia32 whitelist written to the kernel file (\"%s\")", buf);
	TAP_OK(!fx_read(&fx, "proc/irq/9/smp_affinity_list", buf,
			sizeof(buf)) && !strcmp(buf, "0,4"),
	       "IRQ 9 moved to the housekeeping CPUs (\"%s\")", buf);
	TAP_OK(!fx_read(&fx, "proc/irq/default_smp_affinity", buf,
			sizeof(buf)) && !strcmp(buf, "11"),
	       "default_smp_affinity = housekeeping (\"%s\")", buf);
	TAP_OK(!fx_read(&fx, "sys/devices/virtual/workqueue/cpumask", buf,
			sizeof(buf)) && !strcmp(buf, "11"),
	       "unbound workqueue cpumask = housekeeping (\"%s\")", buf);
}

static void new_irq(void)
{
	char buf[64] = "";
	int i;

	fx_write(&fx, "proc/irq/77/smp_affinity_list", "2-3\n");
	for (i = 0; i < 100; i++) {
		usleep(20000);
		fx_read(&fx, "proc/irq/77/smp_affinity_list", buf, sizeof(buf));
		if (!strcmp(buf, "0,4"))
			break;
	}
	TAP_OK(!strcmp(buf, "0,4"), "a new IRQ on RT CPUs is moved (\"%s\")",
	       buf);
}

static void queries(void)
{
	union isold_msg m = { 0 }, r;
	int fd = fx_connect(&fx), ret;

	ret = fx_rpc(fd, &m, ISOLD_WHITELIST, &r);
	TAP_OK(ret == (ISOLD_REPLY | ISOLD_WHITELIST) && !r.reply.status &&
	       isold_mask_test(r.whitelist_rep.allowed, 309) &&
	       !isold_mask_test(r.whitelist_rep.allowed, 202) &&
	       !isold_mask_test(r.whitelist_rep.allowed, 0) &&
	       !isold_mask_test(r.whitelist_rep.certified, 309) &&
	       r.whitelist_rep.nbits == syscall_nr_max(SYSCALL_ABI_X86_64),
	       "WHITELIST x86_64: getcpu allowed (provisional); futex (a "
	       "rule) and read not");
	memset(&m, 0, sizeof(m));
	m.whitelist.abi = 1;
	ret = fx_rpc(fd, &m, ISOLD_WHITELIST, &r);
	TAP_OK(ret > 0 && isold_mask_test(r.whitelist_rep.allowed, 403) &&
	       !isold_mask_test(r.whitelist_rep.allowed, 422) &&
	       r.whitelist_rep.abi == 1, "WHITELIST ia32: clock_gettime64, "
	       "not futex_time64 (a rule)");
	memset(&m, 0, sizeof(m));
	ret = fx_rpc(fd, &m, ISOLD_RULES, &r);
	TAP_OK(ret == (ISOLD_REPLY | ISOLD_RULES) && !r.reply.status &&
	       r.rules_rep.flags == ISOLD_RULES_F_UNSUPPORTED &&
	       !r.rules_rep.nrules && !strcmp(r.rules_rep.text, "\n"),
	       "RULES x86_64 on a kernel without rules files: unsupported, "
	       "no rules in force");
	memset(&m, 0, sizeof(m));
	ret = fx_rpc(fd, &m, ISOLD_STATUS, &r);
	TAP_OK(ret > 0 && r.status_rep.backend == ISOLD_BACKEND_KERNEL &&
	       mask_count(r.status_rep.rt_cpus) == 6 &&
	       mask_count(r.status_rep.free_cpus) == 6 && !r.status_rep.total,
	       "STATUS: kernel backend, 6 RT CPUs, all free");
	memset(&m, 0, sizeof(m));
	ret = fx_rpc(fd, &m, ISOLD_STATS, &r);
	TAP_OK(ret > 0 && r.stats_rep.irqs_moved >= 4 &&
	       r.stats_rep.whitelist_x86_64 == 4 && r.stats_rep.clients == 1,
	       "STATS: %llu IRQs moved, 4 syscalls, 1 client",
	       (unsigned long long)r.stats_rep.irqs_moved);
	close(fd);
}

static void claims(void)
{
	uint64_t cpus[ISOLD_CPU_WORDS];
	union isold_msg m = { 0 }, r;
	int st, cpu, st2, cpu2, fd, ret;
	pid_t a, b;
	cpu_set_t aff;

	/* No node preference: the node of the caller's memory (node 0). */
	a = fx_holder(&fx, (uid_t)-1, 1, 0, -1, &st, &cpu);
	TAP_OK(st == 0 && cpu == 1, "claim 1 CPU: got CPU %d (node 0, "
	       "where the caller's memory is), status %d", cpu, st);
	TAP_OK(!sched_getaffinity(a, sizeof(aff), &aff) &&
	       CPU_COUNT(&aff) == 1 && CPU_ISSET(1, &aff),
	       "the daemon pinned the holder to CPU 1");
	b = fx_holder(&fx, (uid_t)-1, 1, ISOLD_CLAIM_F_NODE, 1, &st2, &cpu2);
	TAP_OK(st2 == 0 && cpu2 == 5, "claim with node 1 preference: CPU %d",
	       cpu2);
	ret = fx_claim(&fx, 3, ISOLD_CLAIM_F_NODE, 0, cpus, NULL);
	TAP_OK(ret == 0 && mask_count(cpus) == 3 && !isold_mask_test(cpus, 1) &&
	       !isold_mask_test(cpus, 5),
	       "3 more CPUs: none of the claimed ones (exclusive)");
	ret = fx_claim(&fx, 2, 0, -1, NULL, NULL);
	TAP_OK(ret == -EBUSY, "claim beyond the free RT CPUs: EBUSY (%d)", ret);
	ret = fx_claim(&fx, 1, ISOLD_CLAIM_F_NODE, 9, NULL, NULL);
	TAP_OK(ret == -EINVAL, "claim on an unknown node: EINVAL (%d)", ret);
	/* The 3-CPU claim is this test process's: release it. */
	fd = fx_connect(&fx);
	m.release.claim_id = 0;
	ret = fx_rpc(fd, &m, ISOLD_RELEASE, &r);
	close(fd);
	TAP_OK(ret > 0 && !r.reply.status && r.release_rep.released == 1,
	       "RELEASE all of mine: 1 claim released");
	fx_status(&fx, &r);
	TAP_OK(r.status_rep.total == 2 && mask_count(r.status_rep.free_cpus) == 4,
	       "2 claims left, 4 CPUs free (%u)", r.status_rep.total);
	memset(&m, 0, sizeof(m));

	/* RELEASE from the holder itself is the only way to release. */
	fd = fx_connect(&fx);
	m.release.claim_id = r.status_rep.entries[0].claim_id;
	ret = fx_rpc(fd, &m, ISOLD_RELEASE, &r);
	TAP_OK(ret > 0 && r.reply.status == -ENOENT,
	       "RELEASE of another process's claim: ENOENT");
	close(fd);

	/*
	 * Death of the holder: released through the pidfd poll, at once (the
	 * time is reported, not asserted: a loaded CI machine is no clock).
	 */
	{
		long long t0;
		int i;

		kill(a, SIGKILL);
		t0 = now_us();
		for (i = 0; i < 1000; i++) {
			fx_status(&fx, &r);
			if (r.status_rep.total == 1)
				break;
			usleep(2000);
		}
		waitpid(a, NULL, 0);
		TAP_OK(r.status_rep.total == 1,
		       "holder killed: claim released (after %lld us)",
		       now_us() - t0);
	}
	fx_kill(b);
	usleep(50000);
	fx_status(&fx, &r);
	TAP_OK(r.status_rep.total == 0 && mask_count(r.status_rep.free_cpus) == 6,
	       "all RT CPUs free again");
}

static void quota(void)
{
	union isold_msg r;
	int st, st2, cpu;
	pid_t a, b;

	a = fx_holder(&fx, 65534, 2, 0, -1, &st, &cpu);
	TAP_OK(st == -EDQUOT, "nobody claims 2 CPUs with max_cpus 1: EDQUOT "
	       "(%d)", st);
	fx_kill(a);
	a = fx_holder(&fx, 65534, 1, 0, -1, &st, &cpu);
	TAP_OK(st == 0, "nobody claims 1 CPU: granted (%d, CPU %d)", st, cpu);
	b = fx_holder(&fx, 65534, 1, 0, -1, &st2, NULL);
	TAP_OK(st2 == -EDQUOT, "nobody's second process, 1 more CPU: EDQUOT "
	       "(%d)", st2);
	fx_kill(b);
	b = fx_holder(&fx, 1, 1, 0, -1, &st2, NULL);
	TAP_OK(st2 == -EPERM, "a user without a policy entry: EPERM (%d)",
	       st2);
	fx_kill(b);
	fx_kill(a);
	usleep(50000);
	fx_status(&fx, &r);
	TAP_OK(r.status_rep.total == 0, "no claim left");
}

static void reload(void)
{
	char buf[256];
	union isold_msg m = { 0 }, r;
	int fd;

	/* A good config: one certified record, provisional ones ignored. */
	fx_write(&fx, "etc/isol/whitelist.d/50-getpid.conf",
		 "[syscall getpid]\nstatus = certified\n"
		 "profile = getpid\n"
		 "certified_by = test\nkernel = 6.12.117-rtisol\n"
		 "config_sha256 = 0123456789abcdef0123456789abcdef"
		 "0123456789abcdef0123456789abcdef\nload = idle\n"
		 "samples = 1000\np99_99_ns = 900\nmax_ns = 1000\n"
		 "date = 2025-01-02\n");
	fx_write(&fx, "etc/isol/isold.conf",
		 "[daemon]\nirq_recheck_ms = 100\n[whitelist]\n"
		 "accept_provisional = no\n[user root]\nmax_cpus = 1\n");
	kill(fx.daemon, SIGHUP);
	TAP_OK(!fx_wait_notify(&fx, "RELOADING=1", 3000),
	       "SIGHUP: RELOADING=1");
	TAP_OK(!fx_wait_notify(&fx, "READY=1", 3000), "then READY=1");
	fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
		sizeof(buf));
	TAP_OK(!strcmp(buf, "39"), "provisional records ignored, certified "
	       "getpid in (\"%s\")", buf);
	TAP_OK(fx_claim(&fx, 2, 0, -1, NULL, NULL) == -EDQUOT,
	       "new policy in force (root max_cpus 1)");

	/* A bad config: rejected, the old one stays. */
	fx_write(&fx, "etc/isol/whitelist.d/60-bad.conf",
		 "[syscall no_such_call]\nstatus = certified\n");
	kill(fx.daemon, SIGHUP);
	TAP_OK(!fx_wait_notify(&fx, "READY=1", 3000),
	       "bad config: READY=1 again");
	fd = fx_connect(&fx);
	fx_rpc(fd, &m, ISOLD_STATS, &r);
	close(fd);
	TAP_OK(r.stats_rep.reloads == 1 && r.stats_rep.reload_failures == 1,
	       "1 reload, 1 rejected");
	TAP_OK(fx_claim(&fx, 2, 0, -1, NULL, NULL) == -EDQUOT,
	       "the previous policy still in force");
	fx_read(&fx, "sys/kernel/rt_isolation/syscalls_x86_64", buf,
		sizeof(buf));
	TAP_OK(!strcmp(buf, "39"), "whitelist unchanged (\"%s\")", buf);
}

int main(void)
{
	int st;

	if (fx_create(&fx, NULL)) {
		printf("Bail out! fixture\n");
		return 1;
	}
	if (!TAP_OK(!fx_start(&fx, NULL), "isold starts and sends READY=1")) {
		fx_dump_log(&fx);
		fx_destroy(&fx);
		return tap_done();
	}
	startup();
	queries();
	new_irq();
	claims();
	quota();
	reload();
	kill(fx.daemon, SIGTERM);
	TAP_OK(!fx_wait_notify(&fx, "STOPPING=1", 3000), "SIGTERM: STOPPING=1");
	st = fx_wait_exit(&fx, 3000);
	TAP_OK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "clean exit (0x%x)", st);
	TAP_OK(access(fx.run, F_OK) == 0, "run dir kept (journal)");
	if (tap_failed)
		fx_dump_log(&fx);
	fx_destroy(&fx);
	return tap_done();
}
