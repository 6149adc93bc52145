/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* emul.h - shared state of the Syscall User Dispatch emulation. */
#ifndef ISOL_EMUL_H
#define ISOL_EMUL_H

#include <signal.h>
#include <stdint.h>

#include "internal.h"
#include "bitlist.h"
#include "rules.h"

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH	59
#endif
#ifndef PR_SYS_DISPATCH_OFF
#define PR_SYS_DISPATCH_OFF		0
#endif
#ifndef PR_SYS_DISPATCH_ON
#define PR_SYS_DISPATCH_ON		1
#endif
#ifndef SYSCALL_DISPATCH_FILTER_ALLOW
#define SYSCALL_DISPATCH_FILTER_ALLOW	0
#define SYSCALL_DISPATCH_FILTER_BLOCK	1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH		2
#endif

#define EMUL_WL_BITS	1024

/* Process-wide emulation state; written under emul_lock, read lock-free. */
struct emul_global {
	unsigned long wl[BITLIST_LONGS(EMUL_WL_BITS)];	/* whitelist */
	unsigned int wl_nbits;
	struct ruleset rules;		/* argument rules (rules.h) */
	cpu_set_t hk;			/* where displaced calls run */
	int nactive;			/* threads in emulation */
	bool installed;			/* our SIGSYS handler is in place */
	struct sigaction old_sigsys;
};
extern struct emul_global isol_emul ISOL_HIDDEN;

/* Return addresses of pass-through calls (see emul_tramp.S). */
#define EMUL_RS_MAX	16
struct isol_emul_rs {
	long depth;
	void *slot[EMUL_RS_MAX];
};
extern __thread struct isol_emul_rs isol_emul_rs
	__attribute__((tls_model("initial-exec"))) ISOL_HIDDEN;

/* emul_tramp.S */
long isol_emul_syscall6(long nr, long a1, long a2, long a3, long a4, long a5,
			long a6) ISOL_HIDDEN;
void isol_emul_sigreturn(void *uc) __attribute__((noreturn)) ISOL_HIDDEN;
extern char isol_emul_pass[], isol_emul_pass_newstack[],
	isol_emul_pass_vfork[] ISOL_HIDDEN;
extern char __start_isol_emul_text[], __stop_isol_emul_text[] ISOL_HIDDEN;

#define emul_sys(nr, a1, a2, a3, a4, a5, a6)				\
	isol_emul_syscall6((nr), (long)(a1), (long)(a2), (long)(a3),	\
			   (long)(a4), (long)(a5), (long)(a6))

/* emul_sigsys.c */
void isol_emul_sigsys(int sig, siginfo_t *si, void *ctx) ISOL_HIDDEN;
/* Switch dispatch on for the calling thread (selector: t->selector). */
long isol_emul_arm(struct isol_thread *t) ISOL_HIDDEN;

#endif
