// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emul_sigsys.c - the SIGSYS handler of the emulation: every syscall of an
 * opted-in thread lands here (Syscall User Dispatch).  It decides like the
 * kernel backend (whitelisted: in place; else displace / audit / refuse)
 * and performs the call through the trampoline of emul_tramp.S.
 *
 * Async-signal context: no libc calls that may take locks, no errno, raw
 * syscalls only.  The handler is entered with the selector on BLOCK, sets
 * ALLOW, and goes back to BLOCK just before its rt_sigreturn (issued from
 * the trampoline).  SA_NODEFER lets a trap in a nested signal handler
 * (possible only while the selector is BLOCK, i.e. at the very start or end
 * of this function) re-enter it.
 */
#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>

#include "emul.h"
#include "rtiso_uapi.h"

__thread struct isol_emul_rs isol_emul_rs __attribute__((tls_model("initial-exec")));

#define REG(uc, r)	((uc)->uc_mcontext.gregs[REG_##r])
#define SIGBIT(s)	(1ULL << ((s) - 1))

#ifndef CLONE_VM
#define CLONE_VM	0x00000100
#define CLONE_VFORK	0x00004000
#endif

/* The part of struct clone_args (linux/sched.h) that decides. */
struct emul_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls;
};

/* The kernel's struct sigaction on x86_64. */
struct emul_ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

enum kind {
	K_NORMAL,	/* replayed here, displaced unless whitelisted */
	K_SIGRETURN,	/* rt_sigreturn of an application handler */
	K_FORK,		/* fork-like clone: replayed here, child re-armed */
	K_PASS,		/* run in place with the application's registers */
	K_PASS_NEWSTACK,
	K_PASS_VFORK,
	K_SIGMASK,	/* rt_sigprocmask on the interrupted context's mask */
	K_SIGACTION,	/* rt_sigaction: SIGSYS is ours, never mask it */
	K_AFFINITY,	/* own affinity: in place, updates the home mask */
	K_ALWAYS,	/* prctl(PR_RT_ISOLATION): in place, never counted,
			 * refused or notified (abi.md), like rt_sigreturn */
};

static enum kind clone_kind(uint64_t flags, uint64_t sp, void **child_sp)
{
	if (sp) {
		*child_sp = (void *)(uintptr_t)sp;
		return K_PASS_NEWSTACK;
	}
	if (flags & (CLONE_VM | CLONE_VFORK))
		return K_PASS_VFORK;
	return K_FORK;
}

static enum kind classify(const struct isol_thread *t, long nr,
			  const long *a, void **child_sp)
{
	const struct emul_clone_args *ca;

	switch (nr) {
	case SYS_rt_sigreturn:
		return K_SIGRETURN;
	case SYS_fork:
		return K_FORK;
	case SYS_vfork:
		return K_PASS_VFORK;
	case SYS_clone:
		return clone_kind((uint64_t)a[0], (uint64_t)a[1], child_sp);
	case SYS_clone3:
		ca = (const void *)a[0];
		if (!ca || (unsigned long)a[1] < sizeof(*ca))
			return K_NORMAL;	/* the kernel will refuse it */
		return clone_kind(ca->flags,
				  ca->stack ? ca->stack + ca->stack_size : 0,
				  child_sp);
	case SYS_execve:
	case SYS_execveat:
	case SYS_sigaltstack:
		return K_PASS;
	case SYS_rt_sigprocmask:
		return K_SIGMASK;
	case SYS_rt_sigaction:
		return a[1] ? K_SIGACTION : K_NORMAL;
	case SYS_sched_setaffinity:
	case SYS_sched_getaffinity:
		return a[0] == 0 || a[0] == t->tid ? K_AFFINITY : K_NORMAL;
	case SYS_prctl:
		return a[0] == PR_RT_ISOLATION ? K_ALWAYS : K_NORMAL;
	default:
		return K_NORMAL;
	}
}

/*
 * In place when the number is whitelisted or one of its argument rules
 * holds (rules.c, the code isold and isolctl use): judged here, on the RT
 * CPU, before the call runs; fds are classified with raw calls through
 * the trampoline (fstat, fstatfs, getsockopt, readlink), no allocation.
 */
static bool whitelisted(long nr, const long *a)
{
	if (nr >= 0 && nr < (long)isol_emul.wl_nbits &&
	    bitlist_test(isol_emul.wl, (unsigned int)nr))
		return true;
	return isol_emul.rules.n &&
	       ruleset_match(&isol_emul.rules, nr, (const unsigned long *)a,
			     isol_emul_syscall6) >= 0;
}

/* STRICT never refuses these (as the kernel backend): they displace. */
/*
 * As the kernel's STRICT mode: exit and exec are displaced, never refused;
 * prctl(PR_RT_ISOLATION) runs in place (rt_sigreturn never gets here).
 */
static bool strict_exempt(long nr, const long *a)
{
	return nr == SYS_exit || nr == SYS_exit_group ||
	       nr == SYS_execve || nr == SYS_execveat ||
	       (nr == SYS_prctl && (int)a[0] == PR_RT_ISOLATION);
}

static bool displace(struct isol_thread *t)
{
	if (emul_sys(SYS_sched_setaffinity, 0, sizeof(cpu_set_t),
		     &isol_emul.hk, 0, 0, 0))
		return false;	/* no HK CPU left: run in place */
	t->displacements++;
	return true;
}

static void go_home(struct isol_thread *t)
{
	emul_sys(SYS_sched_setaffinity, 0, sizeof(cpu_set_t), &t->home,
		 0, 0, 0);
}

/*
 * The kernel's notification siginfo: SI_RT_ISOLATION, which a thread may
 * queue to itself but no other process can, with the SIGSYS fields.
 */
static void notify(const struct isol_thread *t, long nr)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_signo = t->sig;
	si.si_code = SI_RT_ISOLATION;
	si.si_syscall = (int)nr;
	si.si_arch = AUDIT_ARCH_X86_64;
	emul_sys(SYS_rt_tgsigqueueinfo, t->pid, t->tid, t->sig, &si, 0, 0);
}

/* STRICT: the call is not executed; SIGSYS (default action) ends us. */
__attribute__((noreturn))
static void strict_refuse(const struct isol_thread *t)
{
	struct emul_ksigaction dfl = { .handler = SIG_DFL };

	emul_sys(SYS_rt_sigaction, SIGSYS, &dfl, 0, sizeof(uint64_t), 0, 0);
	emul_sys(SYS_tgkill, t->pid, t->tid, SIGSYS, 0, 0, 0);
	for (;;)
		emul_sys(SYS_exit_group, 128 + SIGSYS, 0, 0, 0, 0, 0);
}

static long emul_sigprocmask(ucontext_t *uc, const long *a)
{
	uint64_t *cur = (uint64_t *)(void *)&uc->uc_sigmask;
	uint64_t old = *cur, set, next;

	if (a[3] != sizeof(uint64_t))
		return -EINVAL;
	if (a[1]) {
		set = *(const uint64_t *)a[1];
		set &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP) | SIGBIT(SIGSYS));
		switch (a[0]) {
		case SIG_BLOCK:
			next = old | set;
			break;
		case SIG_UNBLOCK:
			next = old & ~set;
			break;
		case SIG_SETMASK:
			next = set;
			break;
		default:
			return -EINVAL;
		}
		*cur = next;
	}
	if (a[2])
		*(uint64_t *)a[2] = old;
	return 0;
}

static long emul_sigaction(const long *a)
{
	struct emul_ksigaction act;

	if (a[0] == SIGSYS)
		return -EINVAL;
	act = *(const struct emul_ksigaction *)a[1];
	act.mask &= ~SIGBIT(SIGSYS);
	return emul_sys(SYS_rt_sigaction, a[0], &act, a[2], a[3], 0, 0);
}

static long emul_affinity(struct isol_thread *t, long nr, const long *a)
{
	long ret = emul_sys(nr, a[0], a[1], a[2], 0, 0, 0);
	size_t len = (size_t)a[1];

	if (nr == SYS_sched_setaffinity && !ret) {
		CPU_ZERO(&t->home);
		memcpy(&t->home, (const void *)a[2],
		       len < sizeof(t->home) ? len : sizeof(t->home));
	}
	return ret;
}

static void set_ret(ucontext_t *uc, long ret)
{
	REG(uc, RAX) = ret;
	REG(uc, RCX) = REG(uc, RIP);	/* what the syscall instruction */
	REG(uc, R11) = REG(uc, EFL);	/* leaves in rcx and r11 */
}

/* Leave the handler through a pass-through trampoline. */
static void pass(ucontext_t *uc, enum kind k, void *child_sp)
{
	struct isol_emul_rs *rs = &isol_emul_rs;
	void *ret = (void *)REG(uc, RIP);

	if (rs->depth >= EMUL_RS_MAX) {
		set_ret(uc, -EAGAIN);
		return;
	}
	rs->slot[rs->depth] = ret;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	rs->depth++;
	if (k == K_PASS_NEWSTACK) {
		((void **)child_sp)[-1] = ret;
		REG(uc, RIP) = (greg_t)isol_emul_pass_newstack;
	} else if (k == K_PASS_VFORK) {
		REG(uc, RIP) = (greg_t)isol_emul_pass_vfork;
	} else {
		REG(uc, RIP) = (greg_t)isol_emul_pass;
	}
	/* RAX still holds the syscall number (Syscall User Dispatch). */
}

/* Run a call here, on an HK CPU when @move. */
static long run(struct isol_thread *t, ucontext_t *uc, enum kind k, long nr,
		const long *a, bool move, bool notify_after)
{
	long ret;

	if (move)
		move = displace(t);
	switch (k) {
	case K_SIGMASK:
		ret = emul_sigprocmask(uc, a);
		break;
	case K_SIGACTION:
		ret = emul_sigaction(a);
		break;
	default:
		ret = emul_sys(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		break;
	}
	if (k == K_FORK && ret == 0) {
		/* The child: dispatch is not inherited, re-arm it. */
		t->tid = (int)emul_sys(SYS_gettid, 0, 0, 0, 0, 0, 0);
		t->pid = (int)emul_sys(SYS_getpid, 0, 0, 0, 0, 0, 0);
		isol_emul_arm(t);
		notify_after = false;
	}
	if (move)
		go_home(t);
	if (notify_after && (t->flags & ISOL_RT_F_NOTIFY))
		notify(t, nr);
	return ret;
}

/*
 * The way out: selector back to @sel, then rt_sigreturn from the
 * trampoline.  Not instrumented by ASan: the __asan_handle_no_return() it
 * would insert makes a syscall, which must happen (in the caller, with the
 * selector still on ALLOW) before the selector goes back to BLOCK.
 */
__attribute__((noreturn, noinline, no_sanitize_address))
static void leave_handler(struct isol_thread *t, ucontext_t *uc, char sel)
{
	t->selector = sel;
	isol_emul_sigreturn(uc);
}

void isol_emul_sigsys(int sig, siginfo_t *si, void *ctx)
{
	struct isol_thread *t = &isol_self;
	ucontext_t *uc = ctx;
	void *child_sp = NULL;
	bool move = false, note = false;
	enum kind k;
	char prev = t->selector;
	long nr, a[6];

	(void)sig;
	t->selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	if (si->si_code != SYS_USER_DISPATCH)
		leave_handler(t, uc, prev);	/* a kill(SIGSYS): ignored */

	nr = si->si_syscall;
	a[0] = REG(uc, RDI);
	a[1] = REG(uc, RSI);
	a[2] = REG(uc, RDX);
	a[3] = REG(uc, R10);
	a[4] = REG(uc, R8);
	a[5] = REG(uc, R9);

	if (si->si_arch != AUDIT_ARCH_X86_64) {
		set_ret(uc, -ENOSYS);	/* int $0x80: not emulated */
		goto out;
	}
	if (!t->active) {		/* not ours: just run it */
		set_ret(uc, emul_sys(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
		goto out;
	}

	k = classify(t, nr, a, &child_sp);
	if (k == K_SIGRETURN) {
		/* Restore the application's frame from the trampoline. */
		REG(uc, RIP) = (greg_t)isol_emul_pass;
		goto out;
	}
	if (k == K_ALWAYS) {
		set_ret(uc, emul_sys(nr, a[0], a[1], a[2], a[3], a[4], a[5]));
		goto out;
	}

	if (whitelisted(nr, a)) {
		t->whitelisted++;
	} else {
		switch (t->mode) {
		case ISOL_MODE_AUDIT:
			t->displacements++;
			t->audit_hits++;
			note = true;
			break;
		case ISOL_MODE_STRICT:
			if (!strict_exempt(nr, a))
				strict_refuse(t);
			/* fall through */
		default:
			if (k >= K_PASS && k <= K_PASS_VFORK) {
				t->inplace++;
			} else if (k == K_AFFINITY) {
				t->inplace++;
			} else {
				move = true;
				note = t->mode == ISOL_MODE_DISPLACE;
			}
			break;
		}
	}

	switch (k) {
	case K_PASS:
	case K_PASS_NEWSTACK:
	case K_PASS_VFORK:
		if (note && (t->flags & ISOL_RT_F_NOTIFY))
			notify(t, nr);
		pass(uc, k, child_sp);
		break;
	case K_AFFINITY:
		set_ret(uc, emul_affinity(t, nr, a));
		break;
	default:
		set_ret(uc, run(t, uc, k, nr, a, move, note));
		break;
	}
out:
	leave_handler(t, uc, SYSCALL_DISPATCH_FILTER_BLOCK);
}
