// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * irqbalance.c - irqbalance's control socket (irqbalance.h): find the
 * daemon, ask what it bans, tell it what to ban.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "irqbalance.h"
#include "paths.h"

#define IRQB_TIMEOUT_MS	2000	/* it answers from its main loop */

/* <run>/irqbalance/irqbalance<pid>.sock, <run> the parent of isold's run
 * dir.  0 or -errno. */
static int sock_path(pid_t pid, char *buf, size_t len)
{
	char run[PATH_MAX];
	const char *slash;

	snprintf(run, sizeof(run), "%s", isol_paths_root(ISOL_ROOT_RUNDIR));
	slash = strrchr(run, '/');
	if (!slash || slash == run)
		return -EINVAL;
	run[slash - run] = '\0';
	if (snprintf(buf, len, "%s/irqbalance/irqbalance%d.sock", run,
		     (int)pid) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

/* Real and effective uid of /proc/<pid>/status (@dir: the procfs root)
 * are 0.  Not the owner of /proc/<pid>: a process that makes itself not
 * dumpable shows as root's there. */
static bool runs_as_root(const char *dir, const char *pid)
{
	char path[PATH_MAX + 300], buf[4096], *u;
	unsigned long ruid, euid;

	snprintf(path, sizeof(path), "%s/%s/status", dir, pid);
	if (read_text_file(path, buf, sizeof(buf)) < 0)
		return false;
	u = strstr(buf, "\nUid:");
	return u && sscanf(u + 5, "%lu %lu", &ruid, &euid) == 2 && !ruid &&
	       !euid;
}

/*
 * The comm is anyone's to choose (prctl(PR_SET_NAME), or exec through a
 * link called "irqbalance"): a process of another user with that name is
 * not irqbalance, and among root's, one that has its socket comes first.
 */
pid_t irqb_find(void)
{
	char dir[PATH_MAX], path[PATH_MAX + 300], comm[64];
	pid_t best = 0;
	bool best_sock = false;
	struct dirent *e;
	struct stat st;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s", isol_paths_root(ISOL_ROOT_PROCFS));
	dp = opendir(dir);
	if (!dp)
		return 0;
	while ((e = readdir(dp))) {
		bool sock;
		long pid;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/comm", dir, e->d_name);
		if (read_text_file(path, comm, sizeof(comm)) < 0 ||
		    strcmp(comm, "irqbalance\n") ||
		    !runs_as_root(dir, e->d_name))
			continue;
		pid = strtol(e->d_name, NULL, 10);
		if (pid <= 0 || pid > INT_MAX)
			continue;
		sock = !sock_path((pid_t)pid, path, sizeof(path)) &&
		       !stat(path, &st) && S_ISSOCK(st.st_mode);
		if (!best || (sock && !best_sock) ||
		    (sock == best_sock && pid < best)) {
			best = (pid_t)pid;
			best_sock = sock;
		}
	}
	closedir(dp);
	return best;
}

int irqb_own_bans(pid_t pid, cpu_set_t *out)
{
	static const char key[] = "IRQBALANCE_BANNED_CPULIST=";
	char path[PATH_MAX], env[32768];
	cpu_set_t nohz;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/environ",
		 isol_paths_root(ISOL_ROOT_PROCFS), (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, env, sizeof(env) - 1);
		close(fd);
		if (n > 0) {
			char *p = env, *end = env + n;

			env[n] = '\0';
			for (; p < end; p += strlen(p) + 1)
				if (!strncmp(p, key, sizeof(key) - 1) &&
				    p[sizeof(key) - 1])
					return cpulist_parse(p + sizeof(key) - 1,
							     out);
		}
	}
	if (sysfs_read_cpulist("devices/system/cpu/isolated", out, NULL))
		CPU_ZERO(out);
	if (!sysfs_read_cpulist("devices/system/cpu/nohz_full", &nohz, NULL))
		CPU_OR(out, out, &nohz);
	return 0;
}

/* Connect to irqbalance @pid's socket and send @msg with our credentials
 * (irqbalance answers uid 0 only).  Returns the socket or -errno. */
static int irqb_send(pid_t pid, const char *msg)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { (void *)msg, strlen(msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf) };
	struct ucred cred = { getpid(), getuid(), getgid() };
	struct cmsghdr *c;
	int fd;

	fd = sock_path(pid, a.sun_path, sizeof(a.sun_path));
	if (fd)
		return fd;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		int err = errno == ECONNREFUSED ? ENOENT : errno;

		close(fd);
		return -err;
	}
	memset(&ctl, 0, sizeof(ctl));
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof(cred));
	memcpy(CMSG_DATA(c), &cred, sizeof(cred));
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) != (ssize_t)iov.iov_len) {
		int err = errno ? errno : EIO;

		close(fd);
		return -err;
	}
	return fd;
}

int irqb_setup(pid_t pid, cpu_set_t *banned, unsigned int *sleep)
{
	char buf[8192], *p, *q;
	size_t used = 0;
	int fd, ret = 0;

	fd = irqb_send(pid, "setup");
	if (fd < 0)
		return fd;
	/* The answer ends when irqbalance closes the connection. */
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&pfd, 1, IRQB_TIMEOUT_MS) <= 0) {
			ret = -ETIMEDOUT;
			break;
		}
		n = recv(fd, buf + used, sizeof(buf) - 1 - used, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (!n)
			break;
		used += (size_t)n;
		if (used == sizeof(buf) - 1) {
			ret = -EMSGSIZE;
			break;
		}
	}
	close(fd);
	if (ret)
		return ret;
	buf[used] = '\0';
	/* "SLEEP 10 [IRQ ...] BANNED 0000000c" (the last field) */
	p = strstr(buf, "BANNED ");
	if (!p)
		return -EPROTO;
	while ((q = strstr(p + 1, "BANNED ")))
		p = q;
	p += strlen("BANNED ");
	p[strcspn(p, " \n")] = '\0';
	if (cpumask_parse_hex(p, banned))
		return -EPROTO;
	if (sleep) {
		if (strncmp(buf, "SLEEP ", 6))
			return -EPROTO;
		*sleep = (unsigned int)strtoul(buf + 6, NULL, 10);
	}
	return 0;
}

int irqb_ban(pid_t pid, const cpu_set_t *cpus)
{
	char msg[480];
	int fd;

	if (CPU_COUNT(cpus)) {
		strcpy(msg, "settings cpus ");
		if (cpulist_format(cpus, msg + strlen(msg),
				   sizeof(msg) - strlen(msg)) < 0)
			return -ENAMETOOLONG;
	} else {
		strcpy(msg, "settings cpus NULL");
	}
	fd = irqb_send(pid, msg);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}
