// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-displace.c - a non-whitelisted syscall really runs on an HK CPU and
 * the thread is back on its RT CPU afterwards; whitelisted calls stay;
 * counters match; results and errno come back intact.
 */
#include <fcntl.h>
#include <string.h>

#include "isol-test.h"

int main(void)
{
	unsigned long long d0, d1, ov;
	struct isol_rt_status st = { .sz = sizeof(st) };
	int err, cpu, i, bad = 0, away = 0, fds[2];
	char buf[16];
	cpu_set_t before, after;

	t_setup();
	sched_getaffinity(0, sizeof(before), &before);

	err = t_enter(ISOL_MODE_DISPLACE, 0);
	if (!TAP_OK(err == 0, "isol_rt_enter on CPU %d: %s", t_rt_cpu,
		    isol_strerror(err)))
		return tap_done();
	TAP_OK(sched_getcpu() == t_rt_cpu, "running on the RT CPU after enter");
	isol_rt_status(&st);
	TAP_OK(st.mode == ISOL_MODE_DISPLACE && st.cpu == t_rt_cpu &&
	       st.backend == t_backend, "status: mode %d cpu %d backend %d",
	       st.mode, st.cpu, st.backend);

	ov = t_overhead();
	d0 = t_displacements();
	cpu = t_body_cpu();
	d1 = t_displacements();
	TAP_OK(t_is_hk(cpu), "a syscall body (pread64) ran on HK CPU %d", cpu);
	TAP_OK(sched_getcpu() == t_rt_cpu, "back on RT CPU %d (vDSO/rseq)",
	       sched_getcpu());
	TAP_OK(d1 - d0 - ov == 1, "one displacement counted (%llu)",
	       d1 - d0 - ov);

	d0 = t_displacements();
	for (i = 0; i < 100; i++) {
		cpu = t_body_cpu();
		bad += !t_is_hk(cpu);
		away += sched_getcpu() != t_rt_cpu;
	}
	d1 = t_displacements();
	TAP_OK(!bad && !away, "100 probes: %d not on HK, %d not back home",
	       bad, away);
	TAP_OK(d1 - d0 - ov == 100, "100 displacements counted (%llu)",
	       d1 - d0 - ov);

	d0 = t_displacements();
	for (i = 0; i < 10; i++)
		syscall(SYS_gettid);
	d1 = t_displacements();
	TAP_OK(isol_syscall_allowed(SYS_gettid) == 1 && d1 - d0 - ov == 0,
	       "whitelisted gettid not displaced (%llu)", d1 - d0 - ov);

	errno = 0;
	TAP_OK(syscall(SYS_close, -1) == -1 && errno == EBADF,
	       "errors come back as errno (close(-1): %s)", strerror(errno));
	TAP_OK(syscall(SYS_getpid) == getpid(), "getpid result intact");

	TAP_OK(pipe(fds) == 0 && write(fds[1], "hello", 5) == 5 &&
	       read(fds[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5),
	       "pipe write/read round trip while displaced");
	close(fds[0]);
	close(fds[1]);
	i = open("/proc/self/stat", O_RDONLY);
	TAP_OK(i >= 0 && read(i, buf, sizeof(buf)) > 0 && close(i) == 0,
	       "open/read/close of a file");
	TAP_OK(sched_getcpu() == t_rt_cpu, "still home after the I/O");

	err = isol_rt_leave();
	TAP_OK(err == 0, "isol_rt_leave: %s", isol_strerror(err));
	sched_getaffinity(0, sizeof(after), &after);
	TAP_OK(CPU_EQUAL(&before, &after), "affinity restored by leave");
	st.sz = sizeof(st);
	isol_rt_status(&st);
	TAP_OK(st.mode == ISOL_MODE_OFF && st.cpu == -1, "status off after leave");
	cpu = t_body_cpu();
	TAP_OK(cpu == sched_getcpu() || cpu >= 0,
	       "syscalls run natively after leave");
	TAP_OK(isol_rt_leave() == -ENOENT, "second leave: -ENOENT");
	return tap_done();
}
