// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tuned.c - the active tuned profile and the CPUs it isolates (tuned.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "paths.h"
#include "tuned.h"

static const char *const families[] = {
	"cpu-partitioning", "cpu-partitioning-powersave", "realtime",
	"realtime-virtual-host", "realtime-virtual-guest",
};

/* <etc> and <root> from the config dir (/etc/isol -> /etc, ""). */
static void roots(char *etc, size_t elen, char *root, size_t rlen)
{
	char *s;

	snprintf(etc, elen, "%s", isol_paths_root(ISOL_ROOT_CONFDIR));
	s = strrchr(etc, '/');
	if (s)
		*s = '\0';
	snprintf(root, rlen, "%s", etc);
	s = strrchr(root, '/');
	if (s)
		*s = '\0';
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* The value of "key = value" in @path (the first, any section). */
static int conf_value(const char *path, const char *key, char *out,
		      size_t len)
{
	char line[1024];
	FILE *f = fopen(path, "re");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *k;

		if (line[0] == '#' || !eq)
			continue;
		*eq = '\0';
		k = trim(line);
		if (strcmp(k, key))
			continue;
		snprintf(out, len, "%s", trim(eq + 1));
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

static bool is_family(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (!strcmp(name, families[i]))
			return true;
	return false;
}

/* The profile file of @name: <etc>/tuned/NAME before the shipped one. */
static int profile_file(const char *name, char *out, size_t len)
{
	char etc[ISOL_ROOT_MAX], root[ISOL_ROOT_MAX];

	roots(etc, sizeof(etc), root, sizeof(root));
	snprintf(out, len, "%s/tuned/%s/tuned.conf", etc, name);
	if (!access(out, R_OK))
		return 0;
	snprintf(out, len, "%s/usr/lib/tuned/%s/tuned.conf", root, name);
	return access(out, R_OK) ? -ENOENT : 0;
}

/* The partitioning family of profile @name (itself or by include=), and
 * the isolated_cores a child profile sets itself. */
static bool find_family(const char *name, struct tuned_state *t, int depth)
{
	char path[PATH_MAX], inc[512], v[256], *tok, *save;

	if (is_family(name)) {
		snprintf(t->family, sizeof(t->family), "%s", name);
		return true;
	}
	if (depth > 8 || profile_file(name, path, sizeof(path)))
		return false;
	if (conf_value(path, "include", inc, sizeof(inc)))
		return false;
	for (tok = strtok_r(inc, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (!find_family(tok, t, depth + 1))
			continue;
		if (!t->isolated_expr[0] &&
		    !conf_value(path, "isolated_cores", v, sizeof(v)) &&
		    strcmp(v, "${isolated_cores}")) {
			snprintf(t->isolated_expr, sizeof(t->isolated_expr),
				 "%s", v);
			snprintf(t->source, sizeof(t->source), "%s", path);
		}
		return true;
	}
	return false;
}

/* ${f:calc_isolated_cores[:N]}: all CPUs but the first N of each package. */
static int calc_isolated(const char *args, cpu_set_t *out)
{
	cpu_set_t online;
	int keep = 1, kept[CPU_SETSIZE] = { 0 }, cpu;
	char rel[128], buf[32];

	if (*args == ':')
		keep = atoi(args + 1);
	if (keep < 0 || sysfs_read_cpulist("devices/system/cpu/online",
					   &online, NULL))
		return -EINVAL;
	CPU_ZERO(out);
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		char path[PATH_MAX];
		int pkg;

		if (!CPU_ISSET(cpu, &online))
			continue;
		snprintf(rel, sizeof(rel),
			 "devices/system/cpu/cpu%d/topology/physical_package_id",
			 cpu);
		isol_path(ISOL_ROOT_SYSFS, rel, path, sizeof(path));
		pkg = read_text_file(path, buf, sizeof(buf)) > 0 ? atoi(buf) : 0;
		if (pkg < 0 || pkg >= CPU_SETSIZE)
			pkg = 0;
		if (kept[pkg] < keep)
			kept[pkg]++;
		else
			CPU_SET(cpu, out);
	}
	return 0;
}

static void parse_cpus(struct tuned_state *t)
{
	static const char calc[] = "${f:calc_isolated_cores";
	char *e = t->isolated_expr;

	t->cpus_known = false;
	if (!strncmp(e, calc, sizeof(calc) - 1) && e[strlen(e) - 1] == '}') {
		char args[64];

		snprintf(args, sizeof(args), "%.*s",
			 (int)(strlen(e) - sizeof(calc)),
			 e + sizeof(calc) - 1);
		t->cpus_known = !calc_isolated(args, &t->isolated);
		return;
	}
	t->cpus_known = *e && !cpulist_parse(e, &t->isolated);
}

static pid_t find_tuned(void)
{
	char path[PATH_MAX + 300], comm[64];
	const char *dir = isol_paths_root(ISOL_ROOT_PROCFS);
	struct dirent *e;
	pid_t pid = 0;
	DIR *dp = opendir(dir);

	if (!dp)
		return 0;
	while ((e = readdir(dp)) && !pid) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/comm", dir, e->d_name);
		if (read_text_file(path, comm, sizeof(comm)) > 0 &&
		    !strcmp(comm, "tuned\n"))
			pid = (pid_t)atoi(e->d_name);
	}
	closedir(dp);
	return pid;
}

int tuned_read(struct tuned_state *t)
{
	char etc[ISOL_ROOT_MAX], root[ISOL_ROOT_MAX], path[PATH_MAX + 64], buf[256];
	char *tok, *save;
	ssize_t n;

	memset(t, 0, sizeof(*t));
	roots(etc, sizeof(etc), root, sizeof(root));
	snprintf(path, sizeof(path), "%s/tuned/active_profile", etc);
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return n == -ENOENT ? 0 : (int)n;
	snprintf(t->profile, sizeof(t->profile), "%s", trim(buf));
	t->pid = find_tuned();
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save))
		if (find_family(tok, t, 0))
			break;
	if (!t->family[0])
		return 0;
	if (!t->isolated_expr[0]) {
		snprintf(t->source, sizeof(t->source),
			 "%s/tuned/%s-variables.conf", etc, t->family);
		if (conf_value(t->source, "isolated_cores", t->isolated_expr,
			       sizeof(t->isolated_expr)))
			snprintf(t->isolated_expr, sizeof(t->isolated_expr),
				 "(unset)");
	}
	parse_cpus(t);
	return 1;
}

int tuned_conflict(const struct tuned_state *t, const cpu_set_t *rt,
		   const cpu_set_t *online, char *buf, size_t len)
{
	char rts[256], iso[256], a[256], b[256];
	cpu_set_t both, hk_rt, iso_hk, hk;

	buf[0] = '\0';
	if (!t->family[0])
		return 0;
	cpulist_format(rt, rts, sizeof(rts));
	if (!t->cpus_known) {
		snprintf(buf, len, "tuned profile \"%s\" (%s) isolates "
			 "isolated_cores=%s of %s, which isold cannot "
			 "evaluate: it may move processes, workqueues and "
			 "IRQs onto or off RT CPUs %s", t->profile, t->family,
			 t->isolated_expr, t->source, rts);
		return 3;
	}
	cpulist_format(&t->isolated, iso, sizeof(iso));
	CPU_AND(&both, rt, &t->isolated);
	CPU_XOR(&hk_rt, rt, &both);		/* RT, tuned housekeeping */
	CPU_XOR(&hk, online, rt);
	CPU_AND(&hk, &hk, online);
	CPU_AND(&iso_hk, &t->isolated, &hk);	/* tuned isolated, isold hk */
	if (CPU_COUNT(&hk_rt) || CPU_COUNT(&iso_hk)) {
		size_t n;

		cpulist_format(&hk_rt, a, sizeof(a));
		cpulist_format(&iso_hk, b, sizeof(b));
		snprintf(buf, len, "tuned profile \"%s\" (%s, isolated_cores="
			 "%s from %s) disagrees with isold's RT CPUs %s:",
			 t->profile, t->family, iso, t->source, rts);
		n = strlen(buf);
		if (CPU_COUNT(&hk_rt))
			snprintf(buf + n, len - n, " it treats RT CPUs %s as "
				 "housekeeping%s", a, CPU_COUNT(&iso_hk) ?
				 " and" : "");
		n = strlen(buf);
		if (CPU_COUNT(&iso_hk))
			snprintf(buf + n, len - n, " it isolates isold's "
				 "housekeeping CPUs %s", b);
		n = strlen(buf);
		snprintf(buf + n, len - n, "; on every apply tuned and isold "
			 "move workqueues, IRQs and processes in opposite "
			 "directions");
		return 2;
	}
	if (!CPU_COUNT(&both))
		return 0;
	snprintf(buf, len, "tuned profile \"%s\" (%s, isolated_cores=%s from "
		 "%s) manages RT CPUs %s too: on every apply it moves all "
		 "processes not in its ps_blacklist off them (RT tasks isold "
		 "pinned there included), sets the workqueue mask and "
		 "irqbalance's banned CPUs", t->profile, t->family, iso,
		 t->source, rts);
	return 1;
}
