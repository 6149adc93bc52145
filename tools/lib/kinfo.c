// SPDX-License-Identifier: GPL-2.0-or-later
/* kinfo.c - read the RT isolation kernel interface (abi.md). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "kinfo.h"
#include "paths.h"
#include "rtiso_uapi.h"
#include "rules.h"
#include "util.h"

bool kinfo_supported(void)
{
	char p[PATH_MAX];
	struct stat st;

	if (isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_DIR, p, sizeof(p)))
		return false;
	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

const char *rt_source_name(enum rt_source s)
{
	switch (s) {
	case RT_SRC_KERNEL:
		return "kernel (rt_isolated)";
	case RT_SRC_CMDLINE:
		return "boot command line (isolcpus=rtiso)";
	case RT_SRC_ISOLATED:
		return "stock kernel (isolcpus/nohz_full)";
	default:
		return "none";
	}
}

int kinfo_cmdline(const char *name, char *val, size_t len)
{
	char p[PATH_MAX], buf[8192], *tok, *save = NULL;
	size_t nl = strlen(name);
	int found = -ENOENT;

	if (isol_path(ISOL_ROOT_PROCFS, "cmdline", p, sizeof(p)) ||
	    read_text_file(p, buf, sizeof(buf)) < 0)
		return -ENOENT;
	/* last occurrence wins, as in the kernel */
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (!strcmp(tok, "--"))
			break;
		if (strncmp(tok, name, nl) || (tok[nl] != '=' && tok[nl]))
			continue;
		snprintf(val, len, "%s", tok[nl] == '=' ? tok + nl + 1 : "");
		found = 0;
	}
	return found;
}

/* isolcpus=[flags,]list: the list starts at the first item with a digit. */
static int isolcpus_rtiso(cpu_set_t *set)
{
	char v[1024], *p;
	bool rtiso = false;

	if (kinfo_cmdline("isolcpus", v, sizeof(v)))
		return -ENOENT;
	for (p = v; *p && !isdigit((unsigned char)*p);) {
		if (!strncmp(p, "rtiso", 5) && (p[5] == ',' || !p[5]))
			rtiso = true;
		p = strchr(p, ',');
		if (!p)
			return -ENOENT;
		p++;
	}
	if (!rtiso)
		return -ENOENT;
	return cpulist_parse(p, set);
}

int kinfo_cpus(struct cpus *c)
{
	cpu_set_t tmp;
	int i;

	CPU_ZERO(&c->rt);
	c->src = RT_SRC_NONE;
	if (sysfs_read_cpulist("devices/system/cpu/online", &c->online, NULL)) {
		CPU_ZERO(&c->online);
		for (i = 0; i < sysconf(_SC_NPROCESSORS_ONLN) && i < CPU_SETSIZE; i++)
			CPU_SET(i, &c->online);
	}
	if (!sysfs_read_cpulist(RTISO_SYSFS_RT_CPUS, &c->rt, NULL)) {
		c->src = RT_SRC_KERNEL;
	} else if (!isolcpus_rtiso(&c->rt)) {
		c->src = RT_SRC_CMDLINE;
	} else {
		CPU_ZERO(&c->rt);
		if (!sysfs_read_cpulist("devices/system/cpu/isolated", &tmp, NULL))
			CPU_OR(&c->rt, &c->rt, &tmp);
		if (!sysfs_read_cpulist("devices/system/cpu/nohz_full", &tmp, NULL))
			CPU_OR(&c->rt, &c->rt, &tmp);
		if (CPU_COUNT(&c->rt))
			c->src = RT_SRC_ISOLATED;
	}
	CPU_XOR(&c->hk, &c->online, &c->rt);
	CPU_AND(&c->hk, &c->hk, &c->online);
	return 0;
}

void kinfo_rt_origin(const struct cpus *c, cpu_set_t *boot,
		     cpu_set_t *runtime)
{
	cpu_set_t cmd;

	if (c->src != RT_SRC_KERNEL) {
		*boot = c->rt;
		CPU_ZERO(runtime);
		return;
	}
	if (isolcpus_rtiso(&cmd))
		CPU_ZERO(&cmd);
	CPU_AND(boot, &c->rt, &cmd);
	CPU_XOR(runtime, &c->rt, boot);
}

const char *cpus_str(const cpu_set_t *set, char *buf, size_t len)
{
	if (!CPU_COUNT(set))
		snprintf(buf, len, "none");
	else if (cpulist_format(set, buf, len) < 0)
		snprintf(buf, len, "?");
	return buf;
}

int kinfo_whitelist(enum syscall_abi abi, unsigned long *bits)
{
	char p[PATH_MAX], buf[8192];
	ssize_t n;

	if (isol_path(ISOL_ROOT_SYSFS, abi == SYSCALL_ABI_IA32 ?
		      RTISO_SYSFS_WL_IA32 : RTISO_SYSFS_WL_X86_64, p, sizeof(p)))
		return -ENAMETOOLONG;
	n = read_text_file(p, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return bitlist_parse(buf, bits, syscall_nr_max(abi));
}

int kinfo_rules_path(enum syscall_abi abi, char *p, size_t len)
{
	return isol_path(ISOL_ROOT_SYSFS, abi == SYSCALL_ABI_IA32 ?
			 RTISO_SYSFS_RULES_IA32 : RTISO_SYSFS_RULES_X86_64,
			 p, len) ? -ENAMETOOLONG : 0;
}

int kinfo_rules(enum syscall_abi abi, struct ruleset *rules)
{
	char p[PATH_MAX], buf[RULES_TEXT_MAX + 2];
	ssize_t n;

	ruleset_init(rules, abi);
	if (kinfo_rules_path(abi, p, sizeof(p)))
		return -ENAMETOOLONG;
	n = read_text_file(p, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return ruleset_parse(rules, abi, buf, (size_t)n, NULL, 0);
}

int kstats_read(struct kstats *s)
{
	char p[PATH_MAX], line[256];
	FILE *f;

	memset(s, 0, sizeof(*s));
	if (isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_STATS, p, sizeof(p)))
		return -ENAMETOOLONG;
	f = fopen(p, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char key[48], abi[16];
		unsigned long long v;
		int nr;

		if (sscanf(line, "syscall %15s %d %llu", abi, &nr, &v) == 3) {
			struct kstat_sc *sc = realloc(s->sc, (s->nsc + 1) * sizeof(*sc));

			if (!sc) {
				fclose(f);
				kstats_free(s);
				return -ENOMEM;
			}
			s->sc = sc;
			sc = &s->sc[s->nsc++];
			snprintf(sc->abi_name, sizeof(sc->abi_name), "%s", abi);
			sc->abi = syscall_abi_parse(abi);
			if (sc->abi < 0)
				sc->abi = -1;
			sc->nr = nr;
			sc->count = v;
		} else if (sscanf(line, "%47s %llu", key, &v) == 2 &&
			   s->nkv < sizeof(s->kv) / sizeof(s->kv[0])) {
			snprintf(s->kv[s->nkv].key, sizeof(s->kv[0].key), "%s", key);
			s->kv[s->nkv++].val = v;
		}
	}
	fclose(f);
	return 0;
}

uint64_t kstats_get(const struct kstats *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nkv; i++)
		if (!strcmp(s->kv[i].key, key))
			return s->kv[i].val;
	return 0;
}

uint64_t kstats_sc(const struct kstats *s, int abi, int nr)
{
	size_t i;

	for (i = 0; i < s->nsc; i++)
		if (s->sc[i].abi == abi && s->sc[i].nr == nr)
			return s->sc[i].count;
	return 0;
}

void kstats_free(struct kstats *s)
{
	free(s->sc);
	s->sc = NULL;
	s->nsc = 0;
}

static const char *mode_word(const char *v)
{
	static const char *const words[] = { "off", "displace", "audit", "strict" };

	if (v[0] >= '0' && v[0] <= '3' && !v[1])
		return words[v[0] - '0'];
	return v;
}

int ktask_read(const char *dir, int pid, int tid, struct ktask *t)
{
	char p[PATH_MAX], line[512];
	FILE *f;

	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->tid = tid;
	t->displacements = -1;
	t->displaced_ns = -1;
	t->home_cpu = -1;
	t->last_cpu = -1;
	snprintf(p, sizeof(p), "%s/status", dir);
	f = fopen(p, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, ':');

		if (!v)
			continue;
		*v++ = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		rstrip(v);
		if (!strcmp(line, "Name"))
			snprintf(t->comm, sizeof(t->comm), "%s", v);
		else if (!strcmp(line, "RtIsolation")) {
			snprintf(t->mode, sizeof(t->mode), "%s", mode_word(v));
			t->has_mode = true;
		} else if (!strcmp(line, "RtIsolation_displacements"))
			t->displacements = strtoll(v, NULL, 10);
		else if (!strcmp(line, "RtIsolation_home_cpu"))
			t->home_cpu = atoi(v);
		else if (!strcmp(line, "RtIsolation_displaced_ns"))
			t->displaced_ns = strtoll(v, NULL, 10);
		else if (!strcmp(line, "Cpus_allowed_list"))
			snprintf(t->cpus_allowed, sizeof(t->cpus_allowed), "%s", v);
	}
	fclose(f);

	/* field 39 of stat: the CPU it last ran on */
	snprintf(p, sizeof(p), "%s/stat", dir);
	if (read_text_file(p, line, sizeof(line)) > 0) {
		char *s = strrchr(line, ')');
		int field = 2;

		for (; s && *s; s++) {
			if (*s != ' ')
				continue;
			if (++field == 39) {
				t->last_cpu = atoi(s + 1);
				break;
			}
		}
	}
	return 0;
}

static bool numeric(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int ktasks_scan(int (*cb)(const struct ktask *t, void *arg), void *arg)
{
	const char *root = isol_paths_root(ISOL_ROOT_PROCFS);
	struct dirent *pe, *te;
	DIR *pd, *td;
	int ret = 0;

	pd = opendir(root);
	if (!pd)
		return -errno;
	while (!ret && (pe = readdir(pd))) {
		char tdir[PATH_MAX];

		if (!numeric(pe->d_name))
			continue;
		snprintf(tdir, sizeof(tdir), "%s/%s/task", root, pe->d_name);
		td = opendir(tdir);
		if (!td)
			continue;	/* exited meanwhile */
		while (!ret && (te = readdir(td))) {
			char dir[PATH_MAX + 300];
			struct ktask t;

			if (!numeric(te->d_name))
				continue;
			snprintf(dir, sizeof(dir), "%s/%s", tdir, te->d_name);
			if (ktask_read(dir, atoi(pe->d_name), atoi(te->d_name), &t))
				continue;
			ret = cb(&t, arg);
		}
		closedir(td);
	}
	closedir(pd);
	return ret;
}

int kinfo_release(char *buf, size_t len)
{
	char p[PATH_MAX];
	ssize_t n;

	if (isol_path(ISOL_ROOT_PROCFS, "sys/kernel/osrelease", p, sizeof(p)))
		return -ENAMETOOLONG;
	n = read_text_file(p, buf, len);
	if (n < 0) {
		snprintf(buf, len, "unknown");
		return (int)n;
	}
	rstrip(buf);
	return 0;
}

static int sha256_cmd(const char *cmd, char *hex, size_t len)
{
	char out[128];
	FILE *f = popen(cmd, "r");
	int ok;

	if (!f)
		return -errno;
	ok = fgets(out, sizeof(out), f) != NULL;
	if (pclose(f) != 0 || !ok || strlen(out) < 64)
		return -EIO;
	out[64] = '\0';
	snprintf(hex, len, "sha256:%s", out);
	return 0;
}

void kinfo_config_hash(const char *file, char *buf, size_t len, char *src,
		       size_t srclen)
{
	char p[PATH_MAX], rel[256], cmd[PATH_MAX + 64];

	if (file) {
		size_t n = strlen(file);

		snprintf(src, srclen, "%s", file);
		snprintf(buf, len, "unknown");
		if (strchr(file, '\'') || access(file, R_OK))
			return;
		if (n > 3 && !strcmp(file + n - 3, ".gz"))
			snprintf(cmd, sizeof(cmd), "gzip -dc '%s' 2>/dev/null | sha256sum", file);
		else
			snprintf(cmd, sizeof(cmd), "sha256sum '%s' 2>/dev/null", file);
		sha256_cmd(cmd, buf, len);
		return;
	}

	if (!isol_path(ISOL_ROOT_PROCFS, "config.gz", p, sizeof(p)) &&
	    !access(p, R_OK) && !strchr(p, '\'')) {
		snprintf(cmd, sizeof(cmd), "gzip -dc '%s' 2>/dev/null | sha256sum", p);
		if (!sha256_cmd(cmd, buf, len)) {
			snprintf(src, srclen, "%s", p);
			return;
		}
	}
	kinfo_release(rel, sizeof(rel));
	snprintf(p, sizeof(p), "/boot/config-%s", rel);
	if (!access(p, R_OK) && !strchr(p, '\'')) {
		snprintf(cmd, sizeof(cmd), "sha256sum '%s' 2>/dev/null", p);
		if (!sha256_cmd(cmd, buf, len)) {
			snprintf(src, srclen, "%s", p);
			return;
		}
	}
	snprintf(buf, len, "unknown");
	snprintf(src, srclen, "none");
}

pid_t kinfo_daemon_pid(void)
{
	static const int types[] = { SOCK_SEQPACKET, SOCK_STREAM };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char p[PATH_MAX];
	pid_t pid = -1;
	size_t i;

	if (isol_path(ISOL_ROOT_RUNDIR, "isold.sock", p, sizeof(p)) ||
	    strlen(p) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, p);
	/* isold speaks SOCK_SEQPACKET (docs/isold-protocol.md) */
	for (i = 0; i < sizeof(types) / sizeof(types[0]) && pid < 0; i++) {
		struct ucred cr;
		socklen_t len = sizeof(cr);
		int fd = socket(AF_UNIX, types[i] | SOCK_CLOEXEC, 0);

		if (fd < 0)
			continue;
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			pid = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) ?
				0 : cr.pid;
		close(fd);
	}
	return pid;
}

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

int kinfo_daemon_signal(int sig)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cr;
	socklen_t len = sizeof(cr), plen = sizeof(int);
	int fd, pidfd = -1, ret;
	char p[PATH_MAX];

	if (isol_path(ISOL_ROOT_RUNDIR, "isold.sock", p, sizeof(p)) ||
	    strlen(p) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, p);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	/* The listener's pidfd: an error if it has exited since listen(). */
	ret = getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &plen) ?
	      -errno : 0;
	close(fd);
	if (ret)
		return ret;
	if (cr.uid != 0 && cr.uid != geteuid())
		ret = -EPERM;
	else if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0))
		ret = -errno;
	close(pidfd);
	return ret;
}

bool kinfo_daemon_up(void)
{
	return kinfo_daemon_pid() >= 0;
}
