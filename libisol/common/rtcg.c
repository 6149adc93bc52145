// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rtcg.c - the cgroup v2 partition of a runtime RT set and the moves of
 * its threads (rtcg.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "paths.h"
#include "rtcg.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

__attribute__((format(printf, 3, 4)))
static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* <cgroup root>/@rel (@rel may be "" for the root itself). */
static int cg_path(const char *rel, char *buf, size_t len)
{
	return isol_path(ISOL_ROOT_CGROUP, rel, buf, len);
}

static bool is_cgroup2(const char *dir)
{
	struct statfs sfs;

	return !statfs(dir, &sfs) &&
	       (unsigned long)sfs.f_type == CGROUP2_SUPER_MAGIC;
}

bool rtcg_fixture(void)
{
	return isol_paths_redirected(ISOL_ROOT_CGROUP) &&
	       !is_cgroup2(isol_paths_root(ISOL_ROOT_CGROUP));
}

static int cg_read(const char *rel, char *buf, size_t len)
{
	char path[4096];
	ssize_t n;

	if (cg_path(rel, path, sizeof(path)))
		return -ENAMETOOLONG;
	n = read_text_file(path, buf, len);
	if (n < 0) {
		buf[0] = '\0';
		return (int)n;
	}
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int cg_read_cpus(const char *rel, cpu_set_t *set)
{
	char buf[1024];
	int ret = cg_read(rel, buf, sizeof(buf));

	CPU_ZERO(set);
	return ret ? ret : cpulist_parse(buf, set);
}

#define FX_FILE_MAX	(1 << 16)

/* The fixture's imitation of the kernel moving @id: drop it from the
 * file @name of @dir and of every cgroup below. */
static void fx_remove_id(const char *dir, const char *name, const char *id)
{
	char path[4096], *buf, *out, *line, *save;
	struct dirent *e;
	size_t used = 0;
	DIR *dp;
	int fd;

	buf = malloc(FX_FILE_MAX);
	out = malloc(FX_FILE_MAX);
	if (buf && out && snprintf(path, sizeof(path), "%s/%s", dir, name) <
	    (int)sizeof(path) && read_text_file(path, buf, FX_FILE_MAX) >= 0) {
		out[0] = '\0';
		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (strcmp(line, id) && used + strlen(line) + 2 <
			    FX_FILE_MAX)
				used += (size_t)snprintf(out + used,
							 FX_FILE_MAX - used,
							 "%s\n", line);
		fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (fd >= 0) {
			if (write(fd, out, used) < 0)
				used = 0;
			close(fd);
		}
	}
	free(buf);
	free(out);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((e = readdir(dp))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) <
		    (int)sizeof(path))
			fx_remove_id(path, name, id);
	}
	closedir(dp);
}

/* Write @val to the control file @rel ("rtisol/cgroup.procs"); @owner: a
 * user whose delegated cgroup files may be written too, or (uid_t)-1. */
static int cg_write_as(const char *rel, const char *val, uid_t owner)
{
	char path[4096];
	const char *name = strrchr(rel, '/');
	int fd, ret;

	if (cg_path(rel, path, sizeof(path)))
		return -ENAMETOOLONG;
	name = name ? name + 1 : rel;
	if (!rtcg_fixture() || (strcmp(name, "cgroup.procs") &&
				strcmp(name, "cgroup.threads")))
		return write_cgroup_file(path, val, owner);
	/* A write the kernel refuses moves nothing: open first. */
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	fx_remove_id(isol_paths_root(ISOL_ROOT_CGROUP), name, val);
	ret = dprintf(fd, "%s\n", val) < 0 ? -EIO : 0;
	close(fd);
	return ret;
}

static int cg_write(const char *rel, const char *val)
{
	return cg_write_as(rel, val, (uid_t)-1);
}

static int cg_write_cpus(const char *rel, const cpu_set_t *set)
{
	char buf[1024];

	if (cpulist_format(set, buf, sizeof(buf)) < 0)
		return -ENOSPC;
	/* An empty cpulist is written as a newline: the kernel clears. */
	return cg_write(rel, buf[0] ? buf : "\n");
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || isspace((unsigned char)p[-1])) &&
		    (!p[n] || isspace((unsigned char)p[n])))
			return true;
		p += n;
	}
	return false;
}

static bool exists(const char *rel)
{
	char path[4096];
	struct stat st;

	return !cg_path(rel, path, sizeof(path)) && !stat(path, &st) &&
	       S_ISDIR(st.st_mode);
}

/* mkdir a cgroup; on a fixture, with the control files the kernel makes. */
static int cg_mkdir(const char *rel)
{
	static const struct { const char *name, *val; } files[] = {
		{ "cgroup.procs", "" }, { "cgroup.threads", "" },
		{ "cgroup.type", "domain\n" }, { "cgroup.subtree_control", "" },
		{ "cgroup.controllers", "cpuset\n" }, { "cpuset.cpus", "\n" },
		{ "cpuset.cpus.exclusive", "\n" }, { "cpuset.mems", "\n" },
		{ "cpuset.cpus.partition", "member\n" },
		{ "cpuset.cpus.effective", "\n" },
	};
	char path[4096], file[4200];
	size_t i;
	int fd;

	if (cg_path(rel, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (mkdir(path, 0755))
		return errno == EEXIST ? 0 : -errno;
	if (!rtcg_fixture())
		return 0;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s", path, files[i].name);
		fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			return -errno;
		if (write(fd, files[i].val, strlen(files[i].val)) < 0) {
			close(fd);
			return -errno;
		}
		close(fd);
	}
	return 0;
}

static int cg_rmdir(const char *rel)
{
	char path[4096], file[4400];
	struct dirent *e;
	DIR *dp;

	if (cg_path(rel, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (rtcg_fixture() && (dp = opendir(path))) {
		while ((e = readdir(dp)))
			if (e->d_type == DT_REG) {
				snprintf(file, sizeof(file), "%s/%s", path,
					 e->d_name);
				unlink(file);
			}
		closedir(dp);
	}
	if (rmdir(path))
		return errno == ENOENT ? 0 : -errno;
	return 0;
}

int rtcg_check(char *why, size_t len)
{
	const char *root = isol_paths_root(ISOL_ROOT_CGROUP);
	char buf[1024];
	struct stat st;

	if (stat(root, &st) || !S_ISDIR(st.st_mode)) {
		fail(why, len, "%s: no cgroup v2 mount there (mount cgroup2 "
		     "or give --cgroup DIR)", root);
		return -ENOENT;
	}
	if (!is_cgroup2(root) && !rtcg_fixture()) {
		fail(why, len, "%s is not a cgroup v2 mount (cgroup v1 or a "
		     "hybrid hierarchy?): runtime RT CPUs need cgroup2 "
		     "cpuset partitions; mount cgroup2 or give --cgroup DIR",
		     root);
		return -ENOTSUP;
	}
	if (cg_read("cgroup.controllers", buf, sizeof(buf)) ||
	    !has_word(buf, "cpuset")) {
		fail(why, len, "%s/cgroup.controllers has no cpuset (a kernel "
		     "without CONFIG_CPUSETS, or cpuset bound to a cgroup v1 "
		     "hierarchy)", root);
		return -ENOTSUP;
	}
	return 0;
}

int rtcg_read(struct rtcg_state *s)
{
	char buf[1024];

	memset(s, 0, sizeof(*s));
	if (!cg_read("cgroup.subtree_control", buf, sizeof(buf)))
		s->root_cpuset = has_word(buf, "cpuset");
	s->root_effective_known = !cg_read_cpus("cpuset.cpus.effective",
						&s->root_effective);
	s->domain = exists(RTCG_DOMAIN);
	s->part = exists(RTCG_PART);
	if (!s->part)
		return 0;
	cg_read_cpus(RTCG_PART "/cpuset.cpus.exclusive", &s->cpus);
	cg_read_cpus(RTCG_PART "/cpuset.cpus.effective", &s->effective);
	cg_read(RTCG_PART "/cpuset.cpus.partition", s->partition,
		sizeof(s->partition));
	s->valid = !strcmp(s->partition, "isolated");
	return 0;
}

int rtcg_root_enable(bool *enabled, char *why, size_t len)
{
	char buf[1024];
	int ret;

	*enabled = false;
	ret = cg_read("cgroup.subtree_control", buf, sizeof(buf));
	if (ret) {
		fail(why, len, "%s/cgroup.subtree_control: %s",
		     isol_paths_root(ISOL_ROOT_CGROUP), strerror(-ret));
		return ret;
	}
	if (has_word(buf, "cpuset"))
		return 0;
	ret = cg_write("cgroup.subtree_control",
		       rtcg_fixture() ? "cpuset" : "+cpuset");
	if (ret) {
		fail(why, len, "enabling cpuset in %s/cgroup.subtree_control: "
		     "%s", isol_paths_root(ISOL_ROOT_CGROUP), strerror(-ret));
		return ret;
	}
	*enabled = true;
	return 0;
}

int rtcg_root_disable(char *why, size_t len)
{
	char buf[1024];
	int ret;

	if (cg_read("cgroup.subtree_control", buf, sizeof(buf)) ||
	    !has_word(buf, "cpuset"))
		return 0;
	ret = cg_write("cgroup.subtree_control",
		       rtcg_fixture() ? "\n" : "-cpuset");
	if (ret)
		fail(why, len, "disabling cpuset in %s/cgroup.subtree_control: "
		     "%s", isol_paths_root(ISOL_ROOT_CGROUP), strerror(-ret));
	return ret;
}

/* Write one file as a step of rtcg_set(), with the file in @why. */
static int step_cpus(const char *rel, const cpu_set_t *set, char *why,
		     size_t len)
{
	char list[256];
	int ret = cg_write_cpus(rel, set);

	if (ret) {
		cpulist_format(set, list, sizeof(list));
		fail(why, len, "%s/%s = %s: %s%s",
		     isol_paths_root(ISOL_ROOT_CGROUP), rel, list[0] ? list :
		     "(empty)", strerror(-ret), ret == -EINVAL ?
		     " (another cgroup holds some of these CPUs exclusively, "
		     "or they are not available to the root cgroup)" : "");
	}
	return ret;
}

static int partition_write(const char *val, char *why, size_t len)
{
	int ret = cg_write(RTCG_PART "/cpuset.cpus.partition", val);

	if (ret)
		fail(why, len, "%s/" RTCG_PART "/cpuset.cpus.partition = %s: "
		     "%s", isol_paths_root(ISOL_ROOT_CGROUP), val,
		     strerror(-ret));
	return ret;
}

int rtcg_set(const cpu_set_t *cpus, char *why, size_t len)
{
	char buf[256];
	cpu_set_t cur, both, eff;
	int ret, tries;

	if (!CPU_COUNT(cpus))
		return fail(why, len, "empty partition"), -EINVAL;
	ret = cg_mkdir(RTCG_DOMAIN);
	if (ret)
		return fail(why, len, "mkdir %s/" RTCG_DOMAIN ": %s",
			    isol_paths_root(ISOL_ROOT_CGROUP),
			    strerror(-ret)), ret;
	if (!cg_read(RTCG_DOMAIN "/cgroup.subtree_control", buf, sizeof(buf)) &&
	    !has_word(buf, "cpuset")) {
		ret = cg_write(RTCG_DOMAIN "/cgroup.subtree_control",
			       rtcg_fixture() ? "cpuset" : "+cpuset");
		if (ret)
			return fail(why, len, "enabling cpuset in %s/"
				    RTCG_DOMAIN "/cgroup.subtree_control: %s",
				    isol_paths_root(ISOL_ROOT_CGROUP),
				    strerror(-ret)), ret;
	}
	/* The parent's exclusive CPUs must cover the partition's at every
	 * moment: grow it first, shrink it last. */
	cg_read_cpus(RTCG_PART "/cpuset.cpus.exclusive", &cur);
	CPU_OR(&both, &cur, cpus);
	ret = step_cpus(RTCG_DOMAIN "/cpuset.cpus.exclusive", &both, why, len);
	if (ret)
		return ret;
	ret = cg_mkdir(RTCG_PART);
	if (ret)
		return fail(why, len, "mkdir %s/" RTCG_PART ": %s",
			    isol_paths_root(ISOL_ROOT_CGROUP),
			    strerror(-ret)), ret;
	if (!cg_read(RTCG_PART "/cgroup.type", buf, sizeof(buf)) &&
	    strcmp(buf, "threaded")) {
		ret = cg_write(RTCG_PART "/cgroup.type", "threaded");
		if (ret)
			return fail(why, len, "%s/" RTCG_PART "/cgroup.type = "
				    "threaded: %s",
				    isol_paths_root(ISOL_ROOT_CGROUP),
				    strerror(-ret)), ret;
	}
	ret = step_cpus(RTCG_PART "/cpuset.cpus.exclusive", cpus, why, len);
	if (!ret)
		ret = step_cpus(RTCG_PART "/cpuset.cpus", cpus, why, len);
	if (!ret)
		ret = step_cpus(RTCG_DOMAIN "/cpuset.cpus.exclusive", cpus, why,
				len);
	if (ret)
		return ret;
	for (tries = 0; tries < 2; tries++) {
		cg_read(RTCG_PART "/cpuset.cpus.partition", buf, sizeof(buf));
		if (strcmp(buf, "isolated")) {
			/* an invalid partition is revalidated from member */
			if (strcmp(buf, "member") &&
			    (ret = partition_write("member", why, len)))
				return ret;
			ret = partition_write("isolated", why, len);
			if (ret)
				return ret;
			cg_read(RTCG_PART "/cpuset.cpus.partition", buf,
				sizeof(buf));
		}
		if (strcmp(buf, "isolated"))
			continue;
		if (rtcg_fixture())
			return 0;
		cg_read_cpus(RTCG_PART "/cpuset.cpus.effective", &eff);
		if (CPU_EQUAL(&eff, cpus))
			return 0;
		snprintf(buf, sizeof(buf), "isolated, but effective CPUs "
			 "differ from the requested ones");
	}
	fail(why, len, "the partition %s/" RTCG_PART " is not valid: "
	     "cpuset.cpus.partition reads \"%s\"",
	     isol_paths_root(ISOL_ROOT_CGROUP), buf);
	/* the kernel's PERR_ACCESS: the writer lacks CAP_SYS_ADMIN */
	return strstr(buf, "not permitted") ? -EPERM : -EINVAL;
}

/* Read a list of ids (one per line) from the control file @rel. */
static int read_ids(const char *rel, pid_t **ids, size_t *n)
{
	char path[4096], *buf, *line, *save;
	size_t cap = 0;
	ssize_t len;
	pid_t *v = NULL;

	*ids = NULL;
	*n = 0;
	if (cg_path(rel, path, sizeof(path)))
		return -ENAMETOOLONG;
	buf = malloc(1 << 20);
	if (!buf)
		return -ENOMEM;
	len = read_text_file(path, buf, 1 << 20);
	if (len < 0) {
		free(buf);
		return len == -ENOENT ? 0 : (int)len;
	}
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		long id = strtol(line, NULL, 10);

		if (id <= 0)
			continue;
		if (*n == cap) {
			pid_t *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				free(buf);
				return -ENOMEM;
			}
			v = nv;
		}
		v[(*n)++] = (pid_t)id;
	}
	free(buf);
	*ids = v;
	return 0;
}

int rtcg_procs(pid_t **pids, size_t *n)
{
	return read_ids(RTCG_DOMAIN "/cgroup.procs", pids, n);
}

int rtcg_remove(const char *fallback, unsigned int *strays, char *why,
		size_t len)
{
	char buf[256], id[16];
	pid_t *ids;
	size_t i, n;
	int ret;

	if (strays)
		*strays = 0;
	if (exists(RTCG_PART)) {
		cg_read(RTCG_PART "/cpuset.cpus.partition", buf, sizeof(buf));
		if (strcmp(buf, "member") &&
		    (ret = partition_write("member", why, len)))
			return ret;
		if (!read_ids(RTCG_PART "/cgroup.threads", &ids, &n)) {
			for (i = 0; i < n; i++) {
				snprintf(id, sizeof(id), "%d", (int)ids[i]);
				cg_write(RTCG_DOMAIN "/cgroup.threads", id);
			}
			free(ids);
		}
		ret = cg_rmdir(RTCG_PART);
		if (ret)
			return fail(why, len, "rmdir %s/" RTCG_PART ": %s",
				    isol_paths_root(ISOL_ROOT_CGROUP),
				    strerror(-ret)), ret;
	}
	if (!exists(RTCG_DOMAIN))
		return 0;
	if (!rtcg_procs(&ids, &n)) {
		for (i = 0; i < n; i++)
			if (!rtcg_return(ids[i], fallback, (uid_t)-1, NULL,
					 0) && strays)
				(*strays)++;
		free(ids);
	}
	ret = cg_rmdir(RTCG_DOMAIN);
	if (ret)
		return fail(why, len, "rmdir %s/" RTCG_DOMAIN ": %s",
			    isol_paths_root(ISOL_ROOT_CGROUP),
			    strerror(-ret)), ret;
	return 0;
}

/* On a fixture: the cgroup (path relative to the root) whose
 * cgroup.procs holds @id. */
static bool fx_find(const char *dir, const char *rel, const char *id,
		    char *out, size_t len)
{
	char path[4096], sub[4096], *buf, *line, *save;
	struct dirent *e;
	bool found = false;
	DIR *dp;

	buf = malloc(FX_FILE_MAX);
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if (buf && read_text_file(path, buf, FX_FILE_MAX) >= 0)
		for (line = strtok_r(buf, "\n", &save); line && !found;
		     line = strtok_r(NULL, "\n", &save))
			found = !strcmp(line, id);
	free(buf);
	if (found) {
		snprintf(out, len, "%s", *rel ? rel : "/");
		return true;
	}
	dp = opendir(dir);
	if (!dp)
		return false;
	while (!found && (e = readdir(dp))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
		found = fx_find(path, sub, id, out, len);
	}
	closedir(dp);
	return found;
}

int rtcg_of(pid_t pid, char *path, size_t len)
{
	char file[64], buf[4096], id[16];

	if (rtcg_fixture()) {
		snprintf(id, sizeof(id), "%d", (int)pid);
		if (!fx_find(isol_paths_root(ISOL_ROOT_CGROUP), "", id, path,
			     len))
			snprintf(path, len, "/");
		return 0;
	}
	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	if (read_text_file(file, buf, sizeof(buf)) < 0)
		return -ESRCH;
	{
		char *line, *save;

		for (line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (!strncmp(line, "0::", 3)) {
				if ((size_t)snprintf(path, len, "%s", line + 3)
				    >= len)
					return -ENAMETOOLONG;
				return 0;
			}
	}
	return -ENOENT;		/* no cgroup v2 line */
}

bool rtcg_is_ours(const char *path)
{
	size_t n = strlen("/" RTCG_DOMAIN);

	return !strncmp(path, "/" RTCG_DOMAIN, n) &&
	       (path[n] == '\0' || path[n] == '/');
}

int rtcg_enter(pid_t pid, pid_t tid, bool process, char *why, size_t len)
{
	char cur[RTCG_PATH_MAX], id[16];
	int ret;

	ret = rtcg_of(pid, cur, sizeof(cur));
	if (ret)
		return fail(why, len, "cgroup of pid %d: %s", (int)pid,
			    strerror(-ret)), ret;
	if (!rtcg_is_ours(cur) || process) {
		snprintf(id, sizeof(id), "%d", (int)pid);
		ret = cg_write(process ? RTCG_PART "/cgroup.procs" :
			       RTCG_DOMAIN "/cgroup.procs", id);
		if (ret)
			return fail(why, len, "moving pid %d into %s: %s",
				    (int)pid, process ? RTCG_PART : RTCG_DOMAIN,
				    strerror(-ret)), ret;
		if (process)
			return 0;
	}
	snprintf(id, sizeof(id), "%d", (int)tid);
	ret = cg_write(RTCG_PART "/cgroup.threads", id);
	if (ret)
		return fail(why, len, "moving thread %d into " RTCG_PART ": %s",
			    (int)tid, strerror(-ret)), ret;
	return 0;
}

int rtcg_leave(pid_t pid, pid_t tid, bool process, char *why, size_t len)
{
	char id[16];
	int ret;

	snprintf(id, sizeof(id), "%d", (int)(process ? pid : tid));
	ret = cg_write(process ? RTCG_DOMAIN "/cgroup.procs" :
		       RTCG_DOMAIN "/cgroup.threads", id);
	if (ret == -ESRCH)
		return 0;	/* gone */
	if (ret)
		fail(why, len, "moving %s %s back to " RTCG_DOMAIN ": %s",
		     process ? "pid" : "thread", id, strerror(-ret));
	return ret;
}

int rtcg_return(pid_t pid, const char *path, uid_t owner, char *why,
		size_t len)
{
	char dir[RTCG_PATH_MAX], rel[RTCG_PATH_MAX + 16], id[16], *slash;
	int ret;

	snprintf(id, sizeof(id), "%d", (int)pid);
	if ((size_t)snprintf(dir, sizeof(dir), "%s", path) >= sizeof(dir) ||
	    dir[0] != '/' || rtcg_is_ours(dir))
		snprintf(dir, sizeof(dir), "/");
	for (;;) {
		snprintf(rel, sizeof(rel), "%s/cgroup.procs",
			 strcmp(dir, "/") ? dir + 1 : "");
		ret = cg_write_as(strcmp(dir, "/") ? rel : "cgroup.procs", id,
				  owner);
		if (!ret || ret == -ESRCH || !strcmp(dir, "/"))
			break;
		/*
		 * Gone, or a cgroup that cannot take processes: go up, but
		 * not into the root cgroup (unless @path was it), which no
		 * limit of the process's slice reaches: it stays in rtisol/,
		 * out of the partition.
		 */
		slash = strrchr(dir, '/');
		if (slash == dir)
			break;
		*slash = '\0';
	}
	if (ret == -ESRCH)
		return 0;
	if (ret)
		fail(why, len, "moving pid %d back to %s: %s (left in "
		     RTCG_DOMAIN ")", (int)pid, dir, strerror(-ret));
	return ret;
}

int rtcg_path_encode(const char *path, char *out, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++) {
		if (*p > ' ' && *p <= '~' && *p != '%' && *p != '=') {
			if (o + 1 >= len)
				return -ENAMETOOLONG;
			out[o++] = (char)*p;
			continue;
		}
		if (o + 3 >= len)
			return -ENAMETOOLONG;
		out[o++] = '%';
		out[o++] = hex[*p >> 4];
		out[o++] = hex[*p & 15];
	}
	if (o >= len)
		return -ENAMETOOLONG;
	out[o] = '\0';
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int rtcg_path_decode(const char *s, char *out, size_t len)
{
	size_t o = 0;

	for (; *s; s++) {
		int c = (unsigned char)*s;

		if (c <= ' ' || c > '~' || c == '=')
			return -EINVAL;
		if (c == '%') {
			int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);

			if (lo < 0)
				return -EINVAL;
			c = hi << 4 | lo;
			if (!c)
				return -EINVAL;
			s += 2;
		}
		if (o + 1 >= len)
			return -ENAMETOOLONG;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out[0] == '/' ? 0 : -EINVAL;
}
