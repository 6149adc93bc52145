/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * config.h - isold.conf (isold.conf(5)): what isold manages and who may
 * claim.  Loading also loads the whitelist records it points at, so one
 * struct is the whole configuration that SIGHUP swaps atomically.
 */
#ifndef ISOLD_CONFIG_H
#define ISOLD_CONFIG_H

#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

#include "bitlist.h"
#include "conf.h"
#include "isold_proto.h"
#include "record.h"
#include "rules.h"

#define CONFIG_MAX_QUOTAS	64
/* Connections one user may hold: the slots that are not root's. */
#define CONFIG_CLIENTS_PER_USER_MAX	240
#define QUOTA_ALL		UINT_MAX

struct isold_quota {
	bool is_group;
	unsigned int id;		/* uid or gid */
	char name[64];
	unsigned int max_cpus;		/* QUOTA_ALL = no limit */
	int line;
	int max_cpus_line;		/* where max_cpus was set, 0 = not */
};

struct isold_config {
	char path[PATH_MAX];
	bool rt_cpus_auto;
	cpu_set_t rt_cpus;		/* when !rt_cpus_auto */
	cpu_set_t runtime_rt_cpus;	/* reserved at start (may be empty) */
	int revoke_signal;		/* told to a revoked holder, 0 = none */
	char whitelist_dir[PATH_MAX];	/* absolute */
	bool accept_provisional;
	bool steer_irqs, steer_workqueue, steer_kthreads;
	unsigned int irq_recheck_ms;
	unsigned int max_clients_per_user;	/* connections of one user */
	unsigned int client_idle_timeout_ms;	/* then the daemon closes it */
	struct isold_quota quotas[CONFIG_MAX_QUOTAS];
	unsigned int nquotas;
	struct isol_recset records;
	unsigned long allowed[SYSCALL_ABI_COUNT][BITLIST_LONGS(ISOLD_MAX_SYSCALLS)];
	unsigned long certified[SYSCALL_ABI_COUNT][BITLIST_LONGS(ISOLD_MAX_SYSCALLS)];
	/* the records with args, as the kernel's rules_<abi> sets */
	struct ruleset rules[SYSCALL_ABI_COUNT];
};

/* Defaults: what an empty isold.conf means. */
void config_init(struct isold_config *cfg);
/*
 * Parse isold.conf text (@name for messages; relative whitelist_dir is
 * taken relative to @confdir) without loading records.
 */
int config_parse_buf(struct isold_config *cfg, const char *name,
		     const char *buf, size_t len, const char *confdir,
		     struct conf_err *err);
/* config_init + parse @path + load the records of whitelist_dir. */
int config_load(struct isold_config *cfg, const char *path,
		struct conf_err *err);
void config_free(struct isold_config *cfg);

/* Max CPUs a client with @uid and groups @gids may hold (0 = may not). */
unsigned int config_quota(const struct isold_config *cfg, uid_t uid,
			  const gid_t *gids, int ngids);

#endif
