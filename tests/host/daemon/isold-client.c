// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isold-client - minimal client for the VM test of isold (the real client
 * is libisol's):
 *   isold-client claim N [hold]  claim N CPUs for this thread, print them
 *                             and the affinity isold set; with "hold" keep
 *                             the claim until standard input closes;
 *                             release, print "after-release" and its
 *                             cgroup (/proc/self/cgroup), exit
 *   isold-client --as UID ... the same as user (and group) UID, without
 *                             supplementary groups
 *   isold-client stats        print the STATS counters
 *   isold-client irqs-on-rt   count IRQs whose affinity touches RT CPUs
 *   isold-client pidfs        what isold's holder identity rests on
 *                             (docs/security.md): pidfds live on pidfs,
 *                             and their inode numbers are per struct pid:
 *                             equal for two pidfds of one process, different
 *                             for another process and for another thread
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <dirent.h>
#include <grp.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "isold_proto.h"
#include "paths.h"

static int rpc(union isold_msg *m, uint16_t type, union isold_msg *r)
{
	static char buf[ISOLD_MSG_MAX];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	ssize_t n;
	int fd, ret;

	isol_path(ISOL_ROOT_RUNDIR, ISOLD_SOCK_NAME, sa.sun_path,
		  sizeof(sa.sun_path));
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -errno;
	n = isold_msg_encode(m, type, 1, buf, sizeof(buf));
	if (n < 0 || send(fd, buf, (size_t)n, 0) != n) {
		close(fd);
		return -EIO;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	close(fd);
	if (n <= 0)
		return -EPIPE;
	ret = isold_msg_decode(buf, (size_t)n, r);
	return ret < 0 ? ret : r->reply.status;
}

static int claim(unsigned int n, int hold)
{
	union isold_msg m = { 0 }, r;
	cpu_set_t set;
	char list[256];
	int ret;

	m.claim.ncpus = n;
	m.claim.node = -1;
	ret = rpc(&m, ISOLD_CLAIM, &r);
	if (ret) {
		printf("claim failed: %s\n", strerror(-ret));
		return 1;
	}
	isold_mask_to_cpus(r.claim_rep.cpus, &set);
	cpulist_format(&set, list, sizeof(list));
	printf("claimed %s\n", list);
	sched_getaffinity(0, sizeof(set), &set);
	cpulist_format(&set, list, sizeof(list));
	printf("pinned %s\n", list);
	fflush(stdout);
	while (hold && getchar() != EOF)
		;
	memset(&m, 0, sizeof(m));
	ret = rpc(&m, ISOLD_RELEASE, &r) ? 1 : 0;
	if (hold) {
		FILE *f = fopen("/proc/self/cgroup", "re");

		if (f && fgets(list, sizeof(list), f))
			printf("after-release %s", list);
		if (f)
			fclose(f);
	}
	return ret;
}

static int stats(void)
{
	union isold_msg m = { 0 }, r;
	int ret = rpc(&m, ISOLD_STATS, &r);

	if (ret)
		return 1;
	printf("irqs_moved %llu\nirqs_unmovable %llu\nkthreads_moved %llu\n"
	       "kthreads_unmovable %llu\nclaims %llu\n",
	       (unsigned long long)r.stats_rep.irqs_moved,
	       (unsigned long long)r.stats_rep.irqs_unmovable,
	       (unsigned long long)r.stats_rep.kthreads_moved,
	       (unsigned long long)r.stats_rep.kthreads_unmovable,
	       (unsigned long long)r.stats_rep.claims);
	return 0;
}

static int irqs_on_rt(void)
{
	char path[512], buf[4096];
	cpu_set_t rt, aff, x;
	struct dirent *e;
	unsigned int n = 0;
	DIR *d;

	isol_path(ISOL_ROOT_SYSFS, "devices/system/cpu/rt_isolated", path,
		  sizeof(path));
	if (read_text_file(path, buf, sizeof(buf)) < 0 ||
	    cpulist_parse(buf, &rt))
		return 2;
	isol_path(ISOL_ROOT_PROCFS, "irq", path, sizeof(path));
	d = opendir(path);
	if (!d)
		return 2;
	while ((e = readdir(d))) {
		char f[1024];

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(f, sizeof(f), "%s/%s/smp_affinity_list", path,
			 e->d_name);
		if (read_text_file(f, buf, sizeof(buf)) < 0 ||
		    cpulist_parse(buf, &aff))
			continue;
		CPU_AND(&x, &aff, &rt);
		if (CPU_COUNT(&x)) {
			printf("irq %s on %s", e->d_name, buf);
			n++;
		}
	}
	closedir(d);
	printf("%u\n", n);
	return 0;
}

static unsigned long long ino_of(pid_t pid, unsigned int flags,
				 unsigned long *magic)
{
	struct statfs sfs;
	struct stat st;
	int fd = (int)syscall(SYS_pidfd_open, pid, flags);

	if (fd < 0 || fstatfs(fd, &sfs) || fstat(fd, &st)) {
		printf("pidfd_open(%d, %#x): %s\n", (int)pid, flags,
		       strerror(errno));
		exit(1);
	}
	*magic = (unsigned long)sfs.f_type;
	close(fd);
	return (unsigned long long)st.st_ino;
}

static pid_t thread_tid;

static void *thread_fn(void *arg)
{
	(void)arg;
	thread_tid = gettid();
	pause();
	return NULL;
}

/* Prints "pidfs magic ok|bad", "same process same ino yes|no",
 * "other process other ino yes|no", "thread other ino yes|no". */
static int pidfs(void)
{
	unsigned long m1, m2, m3, m4;
	unsigned long long a, b, c, t;
	pthread_t th;
	pid_t child;

	child = fork();
	if (!child) {
		pause();
		_exit(0);
	}
	pthread_create(&th, NULL, thread_fn, NULL);
	while (!__atomic_load_n(&thread_tid, __ATOMIC_SEQ_CST))
		usleep(1000);
	a = ino_of(getpid(), 0, &m1);
	b = ino_of(getpid(), 0, &m2);
	c = ino_of(child, 0, &m3);
	t = ino_of(thread_tid, O_EXCL /* PIDFD_THREAD */, &m4);
	printf("inodes: self %llu %llu, child %llu, thread %llu\n", a, b, c, t);
	printf("pidfs magic %s\n", m1 == 0x50494446 && m3 == m1 && m4 == m1 ?
	       "ok" : "bad");
	printf("same process same ino %s\n", a == b ? "yes" : "no");
	printf("other process other ino %s\n", a != c ? "yes" : "no");
	printf("thread other ino %s\n", t != a && t != c ? "yes" : "no");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 3 && !strcmp(argv[1], "--as")) {
		uid_t u = (uid_t)atoi(argv[2]);

		if (setgroups(0, NULL) || setgid(u) || setuid(u)) {
			perror("isold-client --as");
			return 1;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc == 3 && !strcmp(argv[1], "claim"))
		return claim((unsigned int)atoi(argv[2]), 0);
	if (argc == 4 && !strcmp(argv[1], "claim") && !strcmp(argv[3], "hold"))
		return claim((unsigned int)atoi(argv[2]), 1);
	if (argc == 2 && !strcmp(argv[1], "stats"))
		return stats();
	if (argc == 2 && !strcmp(argv[1], "irqs-on-rt"))
		return irqs_on_rt();
	if (argc == 2 && !strcmp(argv[1], "pidfs"))
		return pidfs();
	fprintf(stderr, "usage: isold-client claim N [hold] | stats | "
		"irqs-on-rt | pidfs\n");
	return 2;
}
