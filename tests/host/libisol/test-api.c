// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-api.c - the small functions: backend, RT CPUs, whitelist sources
 * (kernel file, built-in default), syscall names, notify decoding,
 * isol_strerror() and the print callback.
 */
#include <linux/audit.h>
#include <signal.h>
#include <stdarg.h>

#include "isol-test.h"

/*
 * The kernel's si_code of an F_NOTIFY signal (abi.md), spelled out here:
 * this test is also built the way an application is, against the
 * installed libisol-dev only (make check-deb), which has no rtiso_uapi.h.
 */
#ifndef SI_RT_ISOLATION
#define SI_RT_ISOLATION 0x81
#endif

static int printed;

static int print(enum isol_print_level l, const char *fmt, va_list ap)
{
	(void)l;
	(void)fmt;
	(void)ap;
	printed++;
	return 0;
}

int main(void)
{
	cpu_set_t rt;
	siginfo_t si;
	char path[PATH_MAX + 64];

	t_setup();
	TAP_OK(isol_backend() == t_backend && (t_backend == ISOL_BACKEND_KERNEL ||
	       t_backend == ISOL_BACKEND_EMULATION), "isol_backend: %d",
	       isol_backend());
	TAP_OK(isol_rt_cpus(&rt) == 0 && CPU_ISSET(t_rt_cpu, &rt),
	       "isol_rt_cpus has RT CPU %d", t_rt_cpu);
	TAP_OK(isol_rt_cpus(NULL) == -EINVAL, "isol_rt_cpus(NULL): -EINVAL");

	TAP_OK(isol_syscall_allowed(SYS_clock_nanosleep) == 1,
	       "clock_nanosleep whitelisted");
	TAP_OK(isol_syscall_allowed(SYS_write) == 0, "write not whitelisted");
	TAP_OK(isol_syscall_allowed(-1) == -EINVAL, "nr -1: -EINVAL");
	{
		unsigned long a[6] = { 0 };

		TAP_OK(isol_syscall_allowed_args(-1, a) == -EINVAL &&
		       isol_syscall_allowed_args(SYS_write, NULL) == -EINVAL &&
		       isol_syscall_allowed_args(SYS_clock_nanosleep, a) == 1,
		       "isol_syscall_allowed_args: errors; a whitelisted "
		       "number whatever the arguments");
	}
	TAP_OK(isol_syscall_allowed(100000) == 0, "nr 100000: not allowed");
	if (t_dir[0]) {
		/* Emulation: the kernel file wins; without it, the defaults. */
		t_fixture("sys/kernel/rt_isolation/syscalls_x86_64", "1\n");
		TAP_OK(isol_syscall_allowed(SYS_write) == 1 &&
		       isol_syscall_allowed(SYS_clock_nanosleep) == 0,
		       "whitelist read from the (fixture) kernel file");
		snprintf(path, sizeof(path),
			 "%s/sys/kernel/rt_isolation/syscalls_x86_64", t_dir);
		unlink(path);
		TAP_OK(isol_syscall_allowed(SYS_getcpu) == 1 &&
		       isol_syscall_allowed(SYS_futex) == 0 &&
		       isol_syscall_allowed(SYS_write) == 0,
		       "no file, no isold: built-in default set");
		{
			unsigned long wake[6] = { 0, 129, 1, 0, 0, 0 };
			unsigned long shared[6] = { 0, 1, 1, 0, 0, 0 };
			unsigned long abs_mono[6] = { 1, 1, 0, 0, 0, 0 };
			unsigned long rel_real[6] = { 0, 0, 0, 0, 0, 0 };

			TAP_OK(isol_syscall_allowed_args(SYS_futex, wake) == 1 &&
			       isol_syscall_allowed_args(SYS_futex, shared) == 0 &&
			       isol_syscall_allowed_args(SYS_clock_nanosleep,
							 abs_mono) == 1 &&
			       isol_syscall_allowed_args(SYS_clock_nanosleep,
							 rel_real) == 0,
			       "built-in rules: private futex and absolute "
			       "CLOCK_MONOTONIC sleeps only");
		}
		t_fixture("sys/kernel/rt_isolation/syscalls_x86_64", "1-\n");
		TAP_OK(isol_syscall_allowed(SYS_getcpu) == 1,
		       "malformed file: built-in default set");
	} else {
		TAP_SKIP("whitelist sources need the emulation fixture");
		TAP_SKIP("whitelist sources need the emulation fixture");
		TAP_SKIP("whitelist sources need the emulation fixture");
		TAP_SKIP("whitelist sources need the emulation fixture");
	}

	TAP_OK(!strcmp(isol_syscall_name(SYS_write), "write") &&
	       !strcmp(isol_syscall_name(SYS_clock_nanosleep),
		       "clock_nanosleep"), "isol_syscall_name");
	TAP_OK(isol_syscall_name(-1) == NULL && isol_syscall_name(100000) == NULL,
	       "isol_syscall_name of a bad number: NULL");
	TAP_OK(isol_syscall_nr("getcpu") == SYS_getcpu &&
	       isol_syscall_nr("230") == 230, "isol_syscall_nr");
	TAP_OK(isol_syscall_nr("nosuchcall") == -ENOENT &&
	       isol_syscall_nr(NULL) == -EINVAL, "isol_syscall_nr errors");

	memset(&si, 0, sizeof(si));
	si.si_signo = SIGXCPU;
	si.si_code = SI_RT_ISOLATION;
	si.si_syscall = SYS_write;
	si.si_arch = AUDIT_ARCH_X86_64;
	TAP_OK(isol_notify_syscall(&si) == SYS_write,
	       "decode SI_RT_ISOLATION notify");
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGXCPU;
	si.si_code = SI_QUEUE;	/* what sigqueue() from anyone makes */
	si.si_value.sival_int = SYS_write;
	TAP_OK(isol_notify_syscall(&si) == -EINVAL,
	       "decode: a sigqueue()d look-alike is no notification");
	si.si_code = SI_USER;
	TAP_OK(isol_notify_syscall(&si) == -EINVAL &&
	       isol_notify_syscall(NULL) == -EINVAL, "decode: other signals");

	TAP_OK(!strcmp(isol_strerror(0), "Success") &&
	       strstr(isol_strerror(-ENOSYS), "Syscall User Dispatch") &&
	       !strcmp(isol_strerror(-ENOSYS), isol_strerror(ENOSYS)) &&
	       strlen(isol_strerror(-EPERM)) > 0 &&
	       strlen(isol_strerror(-123456)) > 0, "isol_strerror");

	TAP_OK(isol_set_print(print) == NULL, "no print callback by default");
	{
		ISOL_RT_OPTS(o, .cpu = t_rt_cpu, .flags = ISOL_RT_F_CPU);

		o.mode = 9;
		isol_rt_enter(&o);	/* invalid: may or may not log */
		o.mode = 0;
		o.flags |= ISOL_RT_F_NO_MLOCK;
		setenv("ISOL_RUNDIR", "/nonexistent", 1);
		o.flags &= ~ISOL_RT_F_CPU;
		o.cpu = 0;
		isol_rt_enter(&o);	/* no isold: logged */
	}
	TAP_OK(printed > 0, "diagnostics go to the callback (%d)", printed);
	TAP_OK(isol_set_print(NULL) == print, "callback replaced, old returned");
	return tap_done();
}
