// SPDX-License-Identifier: LGPL-2.1-or-later
/* config.c - isold.conf semantics over the conf.c parser. */
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

void config_init(struct isold_config *cfg)
{
	unsigned int abi;

	memset(cfg, 0, sizeof(*cfg));
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++)
		ruleset_init(&cfg->rules[abi], abi);
	cfg->rt_cpus_auto = true;
	cfg->accept_provisional = true;
	cfg->steer_irqs = cfg->steer_workqueue = cfg->steer_kthreads = true;
	cfg->irq_recheck_ms = 1000;
	cfg->max_clients_per_user = 16;
	cfg->client_idle_timeout_ms = 10000;
	cfg->revoke_signal = SIGURG;
	snprintf(cfg->whitelist_dir, sizeof(cfg->whitelist_dir),
		 "whitelist.d");
}

enum { K_RT_CPUS, K_STEER_IRQS, K_STEER_WQ, K_STEER_KTHREADS, K_RECHECK,
       K_MAX_CLIENTS, K_IDLE, K_RUNTIME, K_REVOKE_SIG, K_DIR, K_PROVISIONAL,
       K_COUNT };

struct cparse {
	struct isold_config *cfg;
	const char *confdir;
	struct isold_quota *quota;	/* current [user]/[group] section */
	enum { S_NONE, S_DAEMON, S_WHITELIST, S_POLICY } sect;
	int seen[K_COUNT];		/* line of each [daemon]/[whitelist] key */
};

/* A key given twice is an error, as in the records (record.c). */
static int once(struct cparse *cp, int k, const char *name, int line,
		struct conf_err *err)
{
	if (cp->seen[k])
		return conf_error(err, "\"%s\" given twice, first at line %d",
				  name, cp->seen[k]);
	cp->seen[k] = line;
	return 0;
}

static int resolve_id(struct isold_quota *q, const char *name,
		      struct conf_err *err)
{
	uint64_t id;

	if (strlen(name) >= sizeof(q->name))
		return conf_error(err, "name too long");
	snprintf(q->name, sizeof(q->name), "%s", name);
	if (!conf_u64(name, UINT32_MAX - 1, &id)) {
		q->id = (unsigned int)id;
		return 0;
	}
	if (q->is_group) {
		struct group *g = getgrnam(name);

		if (!g)
			return conf_error(err, "unknown group \"%s\"", name);
		q->id = g->gr_gid;
	} else {
		struct passwd *p = getpwnam(name);

		if (!p)
			return conf_error(err, "unknown user \"%s\"", name);
		q->id = p->pw_uid;
	}
	return 0;
}

static int section(struct cparse *cp, const char *s, const char *arg,
		   int line, struct conf_err *err)
{
	struct isold_config *cfg = cp->cfg;
	struct isold_quota *q;
	unsigned int i;

	cp->quota = NULL;
	if (!strcmp(s, "daemon") || !strcmp(s, "whitelist") ||
	    !strcmp(s, "policy")) {
		if (arg)
			return conf_error(err, "[%s] takes no argument", s);
		cp->sect = !strcmp(s, "daemon") ? S_DAEMON :
			   !strcmp(s, "whitelist") ? S_WHITELIST : S_POLICY;
		return 0;
	}
	if (strcmp(s, "user") && strcmp(s, "group"))
		return conf_error(err, "unknown section [%s]", s);
	if (!arg)
		return conf_error(err, "want [%s NAME]", s);
	if (cfg->nquotas == CONFIG_MAX_QUOTAS)
		return conf_error(err, "more than %d [user]/[group] sections",
				  CONFIG_MAX_QUOTAS);
	q = &cfg->quotas[cfg->nquotas];
	memset(q, 0, sizeof(*q));
	q->is_group = !strcmp(s, "group");
	q->line = line;
	if (resolve_id(q, arg, err))
		return -EINVAL;
	for (i = 0; i < cfg->nquotas; i++)
		if (cfg->quotas[i].is_group == q->is_group &&
		    cfg->quotas[i].id == q->id)
			return conf_error(err, "[%s %s] repeats line %d", s,
					  arg, cfg->quotas[i].line);
	cfg->nquotas++;
	cp->quota = q;
	cp->sect = S_POLICY;
	return 0;
}

/* "none" -> 0, "SIGURG"/"URG"/"23" -> 23; -1 when not a signal one may
 * send (SIGKILL and SIGSTOP are refused too: a notice must not kill). */
static int signal_parse(const char *v)
{
	static const struct { const char *name; int sig; } sigs[] = {
		{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
		{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "PIPE", SIGPIPE },
		{ "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
		{ "CONT", SIGCONT }, { "URG", SIGURG }, { "XCPU", SIGXCPU },
		{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM },
		{ "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO },
		{ "PWR", SIGPWR }, { "SYS", SIGSYS },
	};
	uint64_t n;
	size_t i;

	if (!strcmp(v, "none"))
		return 0;
	if (!conf_u64(v, (uint64_t)SIGRTMAX, &n))
		return n && n != SIGKILL && n != SIGSTOP ? (int)n : -1;
	if (!strncmp(v, "SIG", 3))
		v += 3;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!strcmp(v, sigs[i].name))
			return sigs[i].sig;
	return -1;
}

static int boolean(const char *k, const char *v, bool *out,
		   struct conf_err *err)
{
	if (conf_bool(v, out))
		return conf_error(err, "%s: want yes or no, not \"%s\"", k, v);
	return 0;
}

static int daemon_key(struct cparse *cp, const char *k, const char *v,
		      int line, struct conf_err *err)
{
	static const char *const names[] = {
		[K_RT_CPUS] = "rt_cpus", [K_STEER_IRQS] = "steer_irqs",
		[K_STEER_WQ] = "steer_workqueue",
		[K_STEER_KTHREADS] = "steer_kthreads",
		[K_RECHECK] = "irq_recheck_ms",
		[K_MAX_CLIENTS] = "max_clients_per_user",
		[K_IDLE] = "client_idle_timeout_ms",
		[K_RUNTIME] = "runtime_rt_cpus",
		[K_REVOKE_SIG] = "revoke_signal",
	};
	struct isold_config *cfg = cp->cfg;
	uint64_t x;
	int ret, i;

	for (i = 0; i <= K_REVOKE_SIG && strcmp(k, names[i]); i++)
		;
	if (i <= K_REVOKE_SIG && once(cp, i, k, line, err))
		return -EINVAL;
	if (!strcmp(k, "runtime_rt_cpus")) {
		ret = cpulist_parse(v, &cfg->runtime_rt_cpus);
		if (ret)
			return conf_error(err, "runtime_rt_cpus: bad CPU list "
					  "\"%s\" (%s)", v, strerror(-ret));
		return 0;
	}
	if (!strcmp(k, "revoke_signal")) {
		ret = signal_parse(v);
		if (ret < 0)
			return conf_error(err, "revoke_signal: want none, a "
					  "signal name (SIGURG) or a number "
					  "1..%d, not \"%s\"", SIGRTMAX, v);
		cfg->revoke_signal = ret;
		return 0;
	}
	if (!strcmp(k, "max_clients_per_user")) {
		if (conf_u64(v, CONFIG_CLIENTS_PER_USER_MAX, &x) || !x)
			return conf_error(err, "max_clients_per_user: want "
					  "1..%d", CONFIG_CLIENTS_PER_USER_MAX);
		cfg->max_clients_per_user = (unsigned int)x;
		return 0;
	}
	if (!strcmp(k, "client_idle_timeout_ms")) {
		if (conf_u64(v, 3600000, &x) || x < 100)
			return conf_error(err, "client_idle_timeout_ms: want "
					  "100..3600000");
		cfg->client_idle_timeout_ms = (unsigned int)x;
		return 0;
	}
	if (!strcmp(k, "rt_cpus")) {
		if (!strcmp(v, "auto")) {
			cfg->rt_cpus_auto = true;
			return 0;
		}
		ret = cpulist_parse(v, &cfg->rt_cpus);
		if (ret)
			return conf_error(err, "rt_cpus: bad CPU list \"%s\" "
					  "(%s)", v, strerror(-ret));
		if (!CPU_COUNT(&cfg->rt_cpus))
			return conf_error(err, "rt_cpus: empty list (use "
					  "auto)");
		cfg->rt_cpus_auto = false;
		return 0;
	}
	if (!strcmp(k, "steer_irqs"))
		return boolean(k, v, &cfg->steer_irqs, err);
	if (!strcmp(k, "steer_workqueue"))
		return boolean(k, v, &cfg->steer_workqueue, err);
	if (!strcmp(k, "steer_kthreads"))
		return boolean(k, v, &cfg->steer_kthreads, err);
	if (!strcmp(k, "irq_recheck_ms")) {
		if (conf_u64(v, 3600000, &x) || x < 10)
			return conf_error(err, "irq_recheck_ms: want 10.."
					  "3600000");
		cfg->irq_recheck_ms = (unsigned int)x;
		return 0;
	}
	return conf_error(err, "unknown key \"%s\" in [daemon]", k);
}

static int strfmt_ok(char *dst, size_t len, const char *v)
{
	if (strlen(v) >= len)
		return -ENAMETOOLONG;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int whitelist_key(struct cparse *cp, const char *k, const char *v,
			 int line, struct conf_err *err)
{
	struct isold_config *cfg = cp->cfg;

	if ((!strcmp(k, "dir") && once(cp, K_DIR, k, line, err)) ||
	    (!strcmp(k, "accept_provisional") &&
	     once(cp, K_PROVISIONAL, k, line, err)))
		return -EINVAL;
	if (!strcmp(k, "dir")) {
		/* Relative paths are resolved by default_dir() at the end. */
		if (!*v)
			return conf_error(err, "dir: empty");
		if (strfmt_ok(cfg->whitelist_dir, sizeof(cfg->whitelist_dir),
			      v))
			return conf_error(err, "dir: path too long");
		return 0;
	}
	if (!strcmp(k, "accept_provisional"))
		return boolean(k, v, &cfg->accept_provisional, err);
	return conf_error(err, "unknown key \"%s\" in [whitelist]", k);
}

static int policy_key(struct cparse *cp, const char *k, const char *v,
		      int line, struct conf_err *err)
{
	uint64_t x;

	if (!cp->quota)
		return conf_error(err, "\"%s\": [policy] keys go in [user "
				  "NAME] or [group NAME] sections", k);
	if (strcmp(k, "max_cpus"))
		return conf_error(err, "unknown key \"%s\" in [%s %s]", k,
				  cp->quota->is_group ? "group" : "user",
				  cp->quota->name);
	if (cp->quota->max_cpus_line)
		return conf_error(err, "\"max_cpus\" given twice, first at "
				  "line %d", cp->quota->max_cpus_line);
	cp->quota->max_cpus_line = line;
	if (!strcmp(v, "all")) {
		cp->quota->max_cpus = QUOTA_ALL;
		return 0;
	}
	if (conf_u64(v, ISOLD_MAX_CPUS, &x))
		return conf_error(err, "max_cpus: want 0..%d or all, not "
				  "\"%s\"", ISOLD_MAX_CPUS, v);
	cp->quota->max_cpus = (unsigned int)x;
	return 0;
}

static int config_cb(void *ctx, const char *s, const char *arg,
		     const char *k, const char *v, int line,
		     struct conf_err *err)
{
	struct cparse *cp = ctx;

	if (!line)
		return 0;
	if (!k)
		return section(cp, s, arg, line, err);
	switch (cp->sect) {
	case S_DAEMON:
		return daemon_key(cp, k, v, line, err);
	case S_WHITELIST:
		return whitelist_key(cp, k, v, line, err);
	case S_POLICY:
		return policy_key(cp, k, v, line, err);
	case S_NONE:
		break;
	}
	return conf_error(err, "\"%s\" outside a section", k);
}

static void default_dir(struct isold_config *cfg, const char *confdir)
{
	char tmp[PATH_MAX];
	size_t n = strlen(confdir);

	if (cfg->whitelist_dir[0] == '/')
		return;
	memcpy(tmp, cfg->whitelist_dir, sizeof(tmp));
	if (n + 1 + strlen(tmp) >= sizeof(cfg->whitelist_dir)) {
		cfg->whitelist_dir[0] = '\0';
		return;
	}
	memcpy(cfg->whitelist_dir, confdir, n);
	cfg->whitelist_dir[n] = '/';
	memcpy(cfg->whitelist_dir + n + 1, tmp, strlen(tmp) + 1);
}

int config_parse_buf(struct isold_config *cfg, const char *name,
		     const char *buf, size_t len, const char *confdir,
		     struct conf_err *err)
{
	struct cparse cp = { .cfg = cfg, .confdir = confdir };
	int ret = conf_parse_buf(name, buf, len, config_cb, &cp, err);

	default_dir(cfg, confdir);
	return ret;
}

int config_load(struct isold_config *cfg, const char *path,
		struct conf_err *err)
{
	char dirbuf[PATH_MAX];
	struct cparse cp = { .cfg = cfg };
	unsigned int abi;
	int ret;

	config_init(cfg);
	snprintf(cfg->path, sizeof(cfg->path), "%s", path);
	snprintf(dirbuf, sizeof(dirbuf), "%s", path);
	cp.confdir = dirname(dirbuf);
	ret = conf_parse_file(path, 0, config_cb, &cp, err);
	if (ret)
		return ret;
	default_dir(cfg, cp.confdir);
	if (access(cfg->whitelist_dir, R_OK | X_OK)) {
		ret = -errno;
		snprintf(err->msg, sizeof(err->msg), "%s: whitelist dir %.*s: "
			 "%s", path, 200, cfg->whitelist_dir, strerror(-ret));
		return ret;
	}
	ret = record_load_dir(cfg->whitelist_dir, &cfg->records, err);
	if (ret) {
		recset_free(&cfg->records);
		return ret;
	}
	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		recset_bitmaps(&cfg->records, abi, cfg->accept_provisional,
			       cfg->allowed[abi], cfg->certified[abi],
			       ISOLD_MAX_SYSCALLS);
		/* a set the kernel would refuse is refused here, with the
		 * record to blame, before anything is written */
		ret = recset_rules(&cfg->records, abi, cfg->accept_provisional,
				   &cfg->rules[abi], err);
		if (ret) {
			recset_free(&cfg->records);
			return ret;
		}
	}
	return 0;
}

void config_free(struct isold_config *cfg)
{
	recset_free(&cfg->records);
}

unsigned int config_quota(const struct isold_config *cfg, uid_t uid,
			  const gid_t *gids, int ngids)
{
	unsigned int i, best = 0;
	int g;

	for (i = 0; i < cfg->nquotas; i++) {
		const struct isold_quota *q = &cfg->quotas[i];
		bool match = false;

		if (!q->is_group)
			match = q->id == uid;
		for (g = 0; q->is_group && g < ngids; g++)
			match |= q->id == gids[g];
		if (match && q->max_cpus > best)
			best = q->max_cpus;
	}
	return best;
}
