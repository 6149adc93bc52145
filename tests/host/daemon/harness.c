// SPDX-License-Identifier: LGPL-2.1-or-later
/* harness.c - fixture tree, daemon process and socket clients for tests. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bitlist.h"
#include "harness.h"

#define DEFAULT_CONF \
	"[daemon]\nrt_cpus = auto\nirq_recheck_ms = 100\n" \
	"[whitelist]\ndir = whitelist.d\n" \
	"[user root]\nmax_cpus = all\n[user nobody]\nmax_cpus = 1\n"

long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int mkdirs(const char *path)
{
	char tmp[512], *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	return mkdir(tmp, 0755) && errno != EEXIST ? -errno : 0;
}

int fx_write(struct fixture *fx, const char *rel, const char *text)
{
	char path[600], dir[600], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	mkdirs(dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs(text, f);
	return fclose(f) ? -errno : 0;
}

int fx_read(struct fixture *fx, const char *rel, char *buf, size_t len)
{
	char path[600];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

static int copy_whitelist(struct fixture *fx)
{
	char cmd[800];

	snprintf(cmd, sizeof(cmd), "cp daemon/conf/whitelist.d/*.conf "
		 "%s/whitelist.d/", fx->etc);
	return system(cmd) ? -1 : 0;
}

int fx_create(struct fixture *fx, const char *conf)
{
	static const char *const irqs[] = { "0", "1", "9", "24" };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char rel[128];
	unsigned int i;

	memset(fx, 0, sizeof(*fx));
	fx->notify_fd = -1;
	snprintf(fx->root, sizeof(fx->root), "/tmp/isold-test.XXXXXX");
	if (!mkdtemp(fx->root))
		return -errno;
	chmod(fx->root, 0755);	/* unprivileged clients reach the socket */
	snprintf(fx->sys, sizeof(fx->sys), "%s/sys", fx->root);
	snprintf(fx->proc, sizeof(fx->proc), "%s/proc", fx->root);
	snprintf(fx->etc, sizeof(fx->etc), "%s/etc/isol", fx->root);
	snprintf(fx->run, sizeof(fx->run), "%s/run/isol", fx->root);
	snprintf(fx->log, sizeof(fx->log), "%s/isold.log", fx->root);
	snprintf(fx->notify, sizeof(fx->notify), "%s/notify", fx->root);

	fx_write(fx, "sys/devices/system/cpu/online", "0-7\n");
	fx_write(fx, "sys/devices/system/cpu/possible", "0-7\n");
	fx_write(fx, "sys/devices/system/cpu/rt_isolated", "1-3,5-7\n");
	fx_write(fx, "sys/devices/system/cpu/isolated", "1-3,5-7\n");
	fx_write(fx, "sys/devices/system/cpu/nohz_full", "1-3,5-7\n");
	for (i = 0; i < 8; i++) {
		snprintf(rel, sizeof(rel),
			 "sys/devices/system/cpu/cpu%u/topology/"
			 "physical_package_id", i);
		fx_write(fx, rel, i < 4 ? "0\n" : "1\n");
	}
	fx_write(fx, "sys/devices/system/node/node0/cpulist", "0-3\n");
	fx_write(fx, "sys/devices/system/node/node0/distance", "10 20\n");
	fx_write(fx, "sys/devices/system/node/node1/cpulist", "4-7\n");
	fx_write(fx, "sys/devices/system/node/node1/distance", "20 10\n");
	fx_write(fx, "sys/kernel/rt_isolation/syscalls_x86_64", "\n");
	fx_write(fx, "sys/kernel/rt_isolation/syscalls_ia32", "\n");
	fx_write(fx, "sys/kernel/rt_isolation/stats", "displacements 0\n");
	fx_write(fx, "sys/devices/virtual/workqueue/cpumask", "ff\n");
	fx_write(fx, "proc/irq/default_smp_affinity", "ff\n");
	for (i = 0; i < sizeof(irqs) / sizeof(irqs[0]); i++) {
		snprintf(rel, sizeof(rel), "proc/irq/%s/smp_affinity_list",
			 irqs[i]);
		fx_write(fx, rel, "0-7\n");
	}
	fx_write(fx, "etc/isol/isold.conf", conf ? conf : DEFAULT_CONF);
	mkdirs(fx->run);
	snprintf(rel, sizeof(rel), "%s/whitelist.d", fx->etc);
	mkdirs(rel);
	if (copy_whitelist(fx))
		return -1;

	fx->notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", fx->notify);
	if (bind(fx->notify_fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	return 0;
}

void fx_destroy(struct fixture *fx)
{
	char cmd[400];

	if (fx->daemon > 0)
		fx_stop(fx, SIGKILL);
	if (fx->notify_fd >= 0)
		close(fx->notify_fd);
	if (getenv("ISOLD_TEST_KEEP"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->root);
	if (system(cmd))
		fprintf(stderr, "# could not remove %s\n", fx->root);
}

int fx_wait_notify(struct fixture *fx, const char *what, int timeout_ms)
{
	long long end = now_us() + timeout_ms * 1000LL;
	char buf[512];

	while (now_us() < end) {
		struct pollfd p = { .fd = fx->notify_fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 20) <= 0) {
			if (fx->daemon > 0 &&
			    waitpid(fx->daemon, NULL, WNOHANG) == fx->daemon) {
				fx->daemon = 0;
				return -1;
			}
			continue;
		}
		n = recv(fx->notify_fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		if (strstr(buf, what))
			return 0;
	}
	return -1;
}

pid_t fx_spawn(struct fixture *fx, const char *const *env,
	       const char *const *extra, const char *log)
{
	const char *argv[32] = {
		"isold", "--sysfs", fx->sys, "--procfs", fx->proc,
		"--confdir", fx->etc, "--rundir", fx->run,
		"--pin-best-effort", "--verbose",
	};
	char bin[300];
	const char *b = getenv("B"), *isold = getenv("ISOLD");
	unsigned int n = 11;
	pid_t pid;

	for (; extra && *extra && n < 31; extra++)
		argv[n++] = *extra;
	argv[n] = NULL;
	/* ISOLD: an installed isold (make check-deb), else $B/isold */
	if (isold && *isold)
		snprintf(bin, sizeof(bin), "%s", isold);
	else
		snprintf(bin, sizeof(bin), "%s/isold", b ? b : "build/host");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = open(log ? log : fx->log,
			      O_WRONLY | O_CREAT | O_APPEND, 0644);

		dup2(fd, 2);
		dup2(fd, 1);
		setenv("NOTIFY_SOCKET", fx->notify, 1);
		for (; env && *env; env++)
			putenv((char *)*env);
		execv(bin, (char **)argv);
		_exit(127);
	}
	return pid;
}

int fx_start_args(struct fixture *fx, const char *const *env,
		  const char *const *extra)
{
	pid_t pid = fx_spawn(fx, env, extra, NULL);

	if (pid < 0)
		return -1;
	fx->daemon = pid;
	return fx_wait_notify(fx, "READY=1", 5000);
}

int fx_start(struct fixture *fx, const char *const *env)
{
	return fx_start_args(fx, env, NULL);
}

int fx_wait_exit(struct fixture *fx, int timeout_ms)
{
	long long end = now_us() + timeout_ms * 1000LL;
	int st;

	while (now_us() < end) {
		if (waitpid(fx->daemon, &st, WNOHANG) == fx->daemon) {
			fx->daemon = 0;
			return st;
		}
		usleep(5000);
	}
	return -1;
}

int fx_stop(struct fixture *fx, int sig)
{
	int st = -1;

	if (fx->daemon <= 0)
		return -1;
	kill(fx->daemon, sig);
	st = fx_wait_exit(fx, 5000);
	if (st == -1) {
		kill(fx->daemon, SIGKILL);
		waitpid(fx->daemon, &st, 0);
		fx->daemon = 0;
	}
	return st;
}

void fx_dump_log(struct fixture *fx)
{
	char line[512];
	FILE *f = fopen(fx->log, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("#   | %s", line);
	fclose(f);
}

int fx_connect(struct fixture *fx)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/isold.sock", fx->run);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	return fd;
}

int fx_send_raw(int fd, const void *buf, size_t len)
{
	return send(fd, buf, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -errno;
}

int fx_recv(int fd, union isold_msg *rep, int timeout_ms)
{
	static char buf[ISOLD_MSG_MAX];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return -ETIMEDOUT;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return -EPIPE;
	return isold_msg_decode(buf, (size_t)n, rep);
}

int fx_rpc(int fd, union isold_msg *m, uint16_t type, union isold_msg *rep)
{
	static char buf[ISOLD_MSG_MAX];
	ssize_t n = isold_msg_encode(m, type, 42, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	if (fx_send_raw(fd, buf, (size_t)n))
		return -EPIPE;
	return fx_recv(fd, rep, 3000);
}

int fx_claim(struct fixture *fx, uint32_t ncpus, uint32_t flags, int node,
	     uint64_t *cpus, uint32_t *id)
{
	union isold_msg m = { 0 }, r;
	int fd = fx_connect(fx), ret;

	if (fd < 0)
		return fd;
	m.claim.ncpus = ncpus;
	m.claim.flags = flags;
	m.claim.node = node;
	ret = fx_rpc(fd, &m, ISOLD_CLAIM, &r);
	close(fd);
	if (ret < 0)
		return ret;
	if (cpus)
		memcpy(cpus, r.claim_rep.cpus, sizeof(r.claim_rep.cpus));
	if (id)
		*id = r.claim_rep.claim_id;
	return r.reply.status;
}

int fx_status(struct fixture *fx, union isold_msg *rep)
{
	union isold_msg m = { 0 };
	int fd = fx_connect(fx), ret;

	if (fd < 0)
		return fd;
	ret = fx_rpc(fd, &m, ISOLD_STATUS, rep);
	close(fd);
	return ret == (ISOLD_REPLY | ISOLD_STATUS) ? 0 : ret < 0 ? ret : -1;
}

int mask_first(const uint64_t *m)
{
	int i;

	for (i = 0; i < ISOLD_MAX_CPUS; i++)
		if (isold_mask_test(m, (unsigned int)i))
			return i;
	return -1;
}

int mask_count(const uint64_t *m)
{
	int i, n = 0;

	for (i = 0; i < ISOLD_MAX_CPUS; i++)
		n += isold_mask_test(m, (unsigned int)i);
	return n;
}

pid_t fx_holder(struct fixture *fx, uid_t uid, uint32_t ncpus, uint32_t flags,
		int node, int *status, int *cpu)
{
	int pfd[2], res[2] = { -999, -1 };
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (!pid) {
		uint64_t cpus[ISOLD_CPU_WORDS];

		close(pfd[0]);
		if (uid != (uid_t)-1 && setuid(uid))
			_exit(1);
		res[0] = fx_claim(fx, ncpus, flags, node, cpus, NULL);
		res[1] = res[0] ? -1 : mask_first(cpus);
		if (write(pfd[1], res, sizeof(res)) != sizeof(res))
			_exit(1);
		close(pfd[1]);
		for (;;)
			pause();
	}
	close(pfd[1]);
	if (read(pfd[0], res, sizeof(res)) != sizeof(res))
		res[0] = -999;
	close(pfd[0]);
	*status = res[0];
	if (cpu)
		*cpu = res[1];
	return pid;
}

void fx_kill(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

int fx_cgroup(struct fixture *fx)
{
	return fx_write(fx, "sys/fs/cgroup/cgroup.controllers",
			"cpuset cpu io memory pids\n") ||
	       fx_write(fx, "sys/fs/cgroup/cgroup.subtree_control", "") ||
	       fx_write(fx, "sys/fs/cgroup/cgroup.procs", "") ||
	       fx_write(fx, "sys/fs/cgroup/cgroup.threads", "") ||
	       fx_write(fx, "sys/fs/cgroup/cpuset.cpus.effective", "0-7\n") ||
	       fx_write(fx, "sys/fs/cgroup/cpuset.cpus.isolated", "\n") ? -1 : 0;
}

/* Append "rel: content" lines of every file below @dir, sorted. */
static int snap_dir(const char *root, const char *rel, FILE *out)
{
	char path[1024], sub[1024], buf[8192];
	struct dirent **names;
	int i, n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		return -errno;
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct stat st;

		if (name[0] == '.')
			goto next;
		snprintf(sub, sizeof(sub), "%s/%s", rel, name);
		snprintf(path, sizeof(path), "%s/%s", root, sub);
		if (lstat(path, &st))
			goto next;
		if (S_ISDIR(st.st_mode)) {
			fprintf(out, "%s/\n", sub);
			snap_dir(root, sub, out);
		} else {
			FILE *f = fopen(path, "r");
			size_t len = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

			if (f)
				fclose(f);
			while (len && buf[len - 1] == '\n')
				len--;
			buf[len] = '\0';
			for (char *p = buf; *p; p++)
				if (*p == '\n')
					*p = '|';
			fprintf(out, "%s: %s\n", sub, buf);
		}
next:
		free(names[i]);
	}
	free(names);
	return 0;
}

char *fx_snapshot(struct fixture *fx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	snap_dir(fx->root, "sys", f);
	snap_dir(fx->root, "proc", f);
	fclose(f);
	return buf;
}

void fx_diff(const char *a, const char *b)
{
	char *x = strdup(a), *y = strdup(b), *s1, *s2, *l1, *l2;
	unsigned int shown = 0;

	l1 = strtok_r(x, "\n", &s1);
	l2 = strtok_r(y, "\n", &s2);
	while ((l1 || l2) && shown < 12) {
		if (l1 && l2 && !strcmp(l1, l2)) {
			l1 = strtok_r(NULL, "\n", &s1);
			l2 = strtok_r(NULL, "\n", &s2);
			continue;
		}
		printf("#   - %s\n#   + %s\n", l1 ? l1 : "(end)",
		       l2 ? l2 : "(end)");
		shown++;
		if (l1)
			l1 = strtok_r(NULL, "\n", &s1);
		if (l2)
			l2 = strtok_r(NULL, "\n", &s2);
	}
	free(x);
	free(y);
}

int fx_reserve(struct fixture *fx, uint32_t op, uint32_t flags,
	       const char *cpus, union isold_msg *rep)
{
	union isold_msg m = { 0 };
	cpu_set_t set;
	int fd, ret, cpu;

	CPU_ZERO(&set);
	if (cpus && cpulist_parse(cpus, &set))
		return -EINVAL;
	m.reserve.op = op;
	m.reserve.flags = flags;
	for (cpu = 0; cpu < ISOLD_MAX_CPUS; cpu++)
		if (CPU_ISSET(cpu, &set))
			isold_mask_set(m.reserve.cpus, (unsigned int)cpu);
	fd = fx_connect(fx);
	if (fd < 0)
		return fd;
	memset(rep, 0, sizeof(*rep));
	ret = fx_rpc(fd, &m, ISOLD_RESERVE, rep);
	close(fd);
	if (ret < 0)
		return ret;
	if (ret != (ISOLD_REPLY | ISOLD_RESERVE))
		return -EPROTO;
	return rep->reply.status;
}
