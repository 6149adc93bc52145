/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kinfo.h - what the tools read from the kernel (abi.md), through the
 * redirectable roots of paths.h so fixture trees work: RT/HK CPU sets,
 * the whitelist, global stats, per-task status lines, boot parameters.
 */
#ifndef ISOL_TOOLS_KINFO_H
#define ISOL_TOOLS_KINFO_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "syscalls.h"

/* Where the RT CPU set came from. */
enum rt_source {
	RT_SRC_NONE,		/* no RT CPUs anywhere */
	RT_SRC_KERNEL,		/* /sys/devices/system/cpu/rt_isolated */
	RT_SRC_CMDLINE,		/* isolcpus=rtiso,... on a kernel without the file */
	RT_SRC_ISOLATED,	/* stock kernel: isolcpus= / nohz_full= CPUs */
};

struct cpus {
	cpu_set_t online;
	cpu_set_t rt;
	cpu_set_t hk;		/* online minus rt */
	enum rt_source src;
};

/* 1 when /sys/kernel/rt_isolation exists, else 0. */
bool kinfo_supported(void);
const char *rt_source_name(enum rt_source s);

/* Fill @c; never fails on a stock kernel (src = RT_SRC_NONE). */
int kinfo_cpus(struct cpus *c);
/*
 * Which RT CPUs of @c were reserved at boot (isolcpus=rtiso,...) and which
 * at runtime (the rest: isolctl reserve, a cgroup v2 cpuset partition).
 */
void kinfo_rt_origin(const struct cpus *c, cpu_set_t *boot,
		     cpu_set_t *runtime);
/* Format a CPU set ("2-3", or "none"). */
const char *cpus_str(const cpu_set_t *set, char *buf, size_t len);

/* Value of boot parameter @name from <procfs>/cmdline, 0 / -ENOENT. */
int kinfo_cmdline(const char *name, char *val, size_t len);

/* Read the whitelist of @abi into @bits (syscall_nr_max(abi) bits). */
int kinfo_whitelist(enum syscall_abi abi, unsigned long *bits);
/* The path of rules_<abi> into @p. */
int kinfo_rules_path(enum syscall_abi abi, char *p, size_t len);
/* Read the argument rules of @abi (docs/argument-rules.md) into @rules:
 * 0, -ENOENT when the kernel has no rules file, -EINVAL unparsable. */
struct ruleset;
int kinfo_rules(enum syscall_abi abi, struct ruleset *rules);

struct kstat_sc {
	int abi;		/* enum syscall_abi, or -1 when unknown */
	char abi_name[16];
	int nr;
	uint64_t count;
};

struct kstats {
	struct { char key[48]; uint64_t val; } kv[32];
	size_t nkv;
	struct kstat_sc *sc;
	size_t nsc;
};

/* Parse <sysfs>/kernel/rt_isolation/stats.  0 or -errno. */
int kstats_read(struct kstats *s);
/* A key's value, or 0 when absent. */
uint64_t kstats_get(const struct kstats *s, const char *key);
/* Count for one syscall, 0 when absent. */
uint64_t kstats_sc(const struct kstats *s, int abi, int nr);
void kstats_free(struct kstats *s);

struct ktask {
	int pid, tid;
	char comm[64];
	char mode[16];		/* off / displace / audit / strict */
	bool has_mode;
	int64_t displacements;	/* -1 unknown */
	int home_cpu;		/* -1 unknown */
	int64_t displaced_ns;	/* -1 unknown */
	char cpus_allowed[64];
	int last_cpu;		/* /proc stat field 39, -1 unknown */
};

/* Parse one status file (and the stat file next to it). 0 or -errno. */
int ktask_read(const char *taskdir, int pid, int tid, struct ktask *t);
/* Call @cb for every thread of every process.  Stops on non-zero return. */
int ktasks_scan(int (*cb)(const struct ktask *t, void *arg), void *arg);

/* Kernel release via <procfs>/sys/kernel/osrelease (fixture friendly). */
int kinfo_release(char *buf, size_t len);
/*
 * kinfo_config_hash - "sha256:HEX" of the kernel config: @file when given
 * (decompressed when it ends in .gz), else the decompressed
 * <procfs>/config.gz, else /boot/config-RELEASE; "unknown" when none is
 * readable.  @src receives which file it was.
 */
void kinfo_config_hash(const char *file, char *buf, size_t len, char *src,
		       size_t srclen);

/* true when something accepts connections on <rundir>/isold.sock. */
bool kinfo_daemon_up(void);
/* isold's pid from SO_PEERCRED on its socket; 0 if unknown, -1 if down.
 * For messages only: the number may be another process's by now. */
pid_t kinfo_daemon_pid(void);
/*
 * Send @sig to the process listening on <rundir>/isold.sock, through a
 * pidfd of it (SO_PEERPIDFD, Linux >= 6.5), never by its number: an error
 * when it has exited (its number may be another process's), -EPERM when
 * it belongs to a user other than root and us (a run dir another user
 * controls).  0 or -errno.
 */
int kinfo_daemon_signal(int sig);

#endif
