/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <isol/isol.h> - declare realtime intent in one call.
 *
 * libisol puts the calling thread on an RT CPU, gives it an RT scheduling
 * policy, locks and prefaults its memory, and opts it into RT isolation:
 * every system call that is not on the whitelist of calls certified
 * deterministic is *displaced* - executed on a housekeeping (HK) CPU - and
 * the thread is back on its RT CPU before it returns to user mode.
 *
 * Two backends provide the same behaviour:
 *
 *  - ISOL_BACKEND_KERNEL: the rtisol kernel patch, prctl(PR_RT_ISOLATION)
 *    and /sys/kernel/rt_isolation (chosen when the kernel supports it);
 *  - ISOL_BACKEND_EMULATION: any stock kernel >= 5.11 through Syscall User
 *    Dispatch.  A SIGSYS handler moves the thread to an HK CPU, performs
 *    the call there and moves it back.  See "Emulation notes" below.
 *
 * Conventions: functions return 0 (or a non-negative value) on success and
 * a negative errno value on failure; functions returning pointers never
 * fail.  The library never prints and never exits; install a print
 * callback with isol_set_print() to see its diagnostics.  All functions
 * are thread-safe; isol_rt_enter(), isol_rt_leave() and isol_rt_status()
 * act on the calling thread.
 *
 * Every function has a man page: isol_rt_enter(3), isol_rt_leave(3),
 * isol_rt_status(3), isol_rt_cpus(3), isol_backend(3),
 * isol_syscall_allowed(3), isol_syscall_allowed_args(3),
 * isol_syscall_name(3), isol_syscall_nr(3),
 * isol_notify_syscall(3), isol_strerror(3), isol_set_print(3).
 *
 * Emulation notes (ISOL_BACKEND_EMULATION).  Syscall User Dispatch traps
 * every system call made outside libisol's own trampoline, so a
 * whitelisted call costs one SIGSYS round trip and runs in place (a call
 * allowed by an argument rule also costs the fstat/fstatfs/getsockopt/
 * readlink that classify its fd arguments, made in place); vDSO
 * calls (clock_gettime, gettimeofday, time, getcpu) do not enter the
 * kernel and cost nothing.  Calls that cannot simply be replayed from the
 * signal handler are treated as follows:
 *
 *  - rt_sigreturn (returning from the application's signal handlers): run
 *    in place, never counted, as the kernel backend exempts it.
 *  - exit, exit_group: displaced like any other call; they never return.
 *  - fork, and clone/clone3 without CLONE_VM, CLONE_VFORK or a new stack:
 *    displaced and performed in the handler; the child process inherits
 *    the isolation (it re-arms dispatch for itself) and returns to the
 *    home CPU, like the kernel backend.
 *  - vfork, and clone/clone3 with CLONE_VM, CLONE_VFORK or a new stack
 *    (threads, posix_spawn): the child would run on the handler's stack,
 *    so the call runs *in place* on the RT CPU with the application's own
 *    registers (counted in isol_rt_status.inplace).  New threads are not
 *    opted in: each RT thread calls isol_rt_enter() itself (the kernel
 *    backend lets threads inherit the mode; their isol_rt_status() still
 *    says ISOL_MODE_OFF, it reports what this library did in the thread).
 *  - execve, execveat: run in place, so that the new image keeps the
 *    caller's signal mask, affinity and policy.  Syscall User Dispatch is
 *    per-thread kernel state that the kernel clears at every exec
 *    (begin_new_exec(), secure exec or not), so the new image is not
 *    opted in; in particular a set-user-ID or file-capability exec never
 *    starts opted in (the kernel backend keeps the mode across an
 *    ordinary execve and resets it on a secure exec).
 *  - prctl(PR_RT_ISOLATION, ...): runs in place and is never counted,
 *    refused or notified, in every mode, as with the kernel backend.
 *  - sigaltstack: run in place (rt_sigreturn would undo a replay).
 *  - rt_sigprocmask: applied to the signal mask saved in the interrupted
 *    context, which rt_sigreturn then installs (a replay would be undone).
 *  - sched_setaffinity/sched_getaffinity on the calling thread: run in
 *    place on the RT CPU; a new affinity becomes the thread's home mask.
 *  - rt_sigaction(SIGSYS, ...) that would change the disposition fails
 *    with -EINVAL: libisol owns SIGSYS while a thread is in emulation.
 *  - restartable calls (-ERESTART*, restart_syscall) are restarted by the
 *    kernel inside the trampoline, on the HK CPU, exactly as natively;
 *    the application's signal handlers run nested, on the HK CPU.
 *  - STRICT mode: a refused call is not executed; the process is killed
 *    by SIGSYS (the application cannot handle it, libisol owns SIGSYS).
 *    As in the kernel backend, exit, exit_group, execve and execveat are
 *    never refused, and ISOL_RT_F_NOTIFY is not accepted with STRICT.
 *  - ia32 system calls (int $0x80 from a 64-bit program) fail with -ENOSYS.
 *  - F_NOTIFY signals are queued after the displaced call, so a blocking
 *    call is never interrupted by its own notification. Their siginfo is
 *    the kernel backend's: si_code SI_RT_ISOLATION, si_syscall, si_arch.
 *  - A signal handler that longjmps out of a displaced call leaves the
 *    thread on the HK CPU with dispatch off: call isol_rt_leave() and
 *    isol_rt_enter() again.
 */
#ifndef ISOL_ISOL_H
#define ISOL_ISOL_H

/* cpu_set_t and siginfo_t: define _GNU_SOURCE before the first #include. */
#if !defined(_GNU_SOURCE) && !defined(__cplusplus)
#error "<isol/isol.h> needs _GNU_SOURCE (cpu_set_t); define it before any #include"
#endif

#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sched.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef LIBISOL_API
#define LIBISOL_API __attribute__((visibility("default")))
#endif

#define LIBISOL_MAJOR_VERSION 1
#define LIBISOL_MINOR_VERSION 1

/* RT isolation modes (the values of the kernel's PR_RT_ISOLATION_*). */
enum isol_mode {
	ISOL_MODE_OFF = 0,	/* not opted in (isol_rt_status only) */
	ISOL_MODE_DISPLACE = 1,	/* run non-whitelisted calls on an HK CPU */
	ISOL_MODE_AUDIT = 2,	/* never move; count what would have moved */
	ISOL_MODE_STRICT = 3,	/* refuse non-whitelisted calls with SIGSYS */
};

/* Backends, as returned by isol_backend(). */
enum isol_backend_kind {
	ISOL_BACKEND_KERNEL = 1,	/* prctl(PR_RT_ISOLATION) */
	ISOL_BACKEND_EMULATION = 2,	/* Syscall User Dispatch */
};

/* isol_rt_opts.flags */
#define ISOL_RT_F_CPU		(1U << 0) /* run on .cpu, no claim from isold */
#define ISOL_RT_F_NOTIFY	(1U << 1) /* signal each displacement/audit hit */
#define ISOL_RT_F_NO_MLOCK	(1U << 2) /* do not mlockall() */
#define ISOL_RT_F_ALL		(ISOL_RT_F_CPU | ISOL_RT_F_NOTIFY | \
				 ISOL_RT_F_NO_MLOCK)

/* Stack prefaulted when isol_rt_opts.stack_prefault is 0. */
#define ISOL_STACK_PREFAULT_DEFAULT	(64 * 1024)

/*
 * Called, in signal context, for each notification signal (ISOL_RT_F_NOTIFY)
 * with the syscall number that was displaced or audited.  Only
 * async-signal-safe functions may be used.
 */
typedef void (*isol_notify_fn)(long nr, void *arg);

/*
 * Options of isol_rt_enter().  Declare with ISOL_RT_OPTS(); fields left out
 * are zero, which always means "the default".  sz makes the structure
 * extensible: a newer application on an older library gets -E2BIG if it
 * sets a field the library does not know; an older application's shorter
 * structure gets the defaults for the fields it lacks.
 */
struct isol_rt_opts {
	size_t sz;		/* sizeof(struct isol_rt_opts) */
	int cpu;		/* RT CPU to use; only with ISOL_RT_F_CPU */
	int mode;		/* enum isol_mode; 0 = ISOL_MODE_DISPLACE */
	unsigned int flags;	/* ISOL_RT_F_* */
	int sched_policy;	/* SCHED_FIFO or SCHED_RR; 0 = keep policy */
	int sched_priority;	/* priority for sched_policy (FIFO/RR: 1-99) */
	int notify_signal;	/* ISOL_RT_F_NOTIFY signal; 0 = SIGXCPU */
	isol_notify_fn notify;	/* optional handler of notify_signal */
	void *notify_arg;	/* passed to notify */
	size_t stack_prefault;	/* bytes; 0 = ISOL_STACK_PREFAULT_DEFAULT */
	size_t :0;
};

#define ISOL_RT_OPTS(NAME, ...)						\
	struct isol_rt_opts NAME = {					\
		.sz = sizeof(struct isol_rt_opts),			\
		__VA_ARGS__						\
	}

/*
 * State of the calling thread, filled by isol_rt_status().  Set sz to
 * sizeof(struct isol_rt_status); fields beyond sz are not written.
 */
struct isol_rt_status {
	size_t sz;
	int mode;		/* enum isol_mode; ISOL_MODE_OFF when not in */
	int cpu;		/* home RT CPU, -1 when not in */
	int backend;		/* enum isol_backend_kind, 0 when not in */
	unsigned int flags;	/* ISOL_RT_F_* given to isol_rt_enter() */
	unsigned long long displacements; /* calls moved to an HK CPU (and,
					     in AUDIT mode, audit hits) */
	unsigned long long audit_hits;	/* AUDIT mode: calls not moved */
	unsigned long long inplace;	/* emulation: non-whitelisted calls run
					   in place (see Emulation notes) */
	unsigned long long whitelisted;	/* emulation: whitelisted calls */
	size_t :0;
};

/* isol_rt_enter - make the calling thread an isolated RT thread. */
LIBISOL_API int isol_rt_enter(const struct isol_rt_opts *opts);

/* isol_rt_leave - undo isol_rt_enter() for the calling thread. */
LIBISOL_API int isol_rt_leave(void);

/* isol_rt_status - mode, CPU, backend and counters of the calling thread. */
LIBISOL_API int isol_rt_status(struct isol_rt_status *st);

/* isol_rt_cpus - the RT CPUs of this system as the active backend sees them. */
LIBISOL_API int isol_rt_cpus(cpu_set_t *set);

/* isol_backend - ISOL_BACKEND_KERNEL, ISOL_BACKEND_EMULATION or -ENOSYS. */
LIBISOL_API int isol_backend(void);

/*
 * isol_syscall_allowed - 1 if native syscall @nr runs in place whatever
 * its arguments (its number is whitelisted), 0 if not.  A syscall with
 * argument rules (docs/argument-rules.md) may still run in place for some
 * arguments: see isol_syscall_allowed_args().
 */
LIBISOL_API int isol_syscall_allowed(long nr);

/*
 * isol_syscall_allowed_args - 1 if native syscall @nr with the arguments
 * @args[0..5], made now by the calling process, runs in place (its number
 * whitelisted, or every predicate of one of its argument rules holding,
 * fd predicates judged against the caller's open files), 0 if not.
 * Since libisol 1.1 (LIBISOL_1.1).
 */
LIBISOL_API int isol_syscall_allowed_args(long nr, const unsigned long args[6]);

/* isol_syscall_name - x86_64 name of syscall @nr, or NULL. */
LIBISOL_API const char *isol_syscall_name(long nr);

/* isol_syscall_nr - x86_64 number of syscall @name, or -ENOENT. */
LIBISOL_API long isol_syscall_nr(const char *name);

/* isol_notify_syscall - syscall number carried by a notification signal. */
LIBISOL_API long isol_notify_syscall(const siginfo_t *si);

/* isol_strerror - message for a libisol return value (-errno). */
LIBISOL_API const char *isol_strerror(int err);

enum isol_print_level {
	ISOL_WARN,
	ISOL_INFO,
	ISOL_DEBUG,
};

typedef int (*isol_print_fn)(enum isol_print_level level, const char *fmt,
			     va_list ap);

/* isol_set_print - install a print callback (NULL: silence); returns the old. */
LIBISOL_API isol_print_fn isol_set_print(isol_print_fn fn);

#ifdef __cplusplus
}
#endif

#endif
