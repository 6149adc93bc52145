/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* internal.h - libisol internals: per-thread state, backend ops, helpers. */
#ifndef ISOL_INTERNAL_H
#define ISOL_INTERNAL_H

#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "isol/isol.h"

struct ruleset;

#define ISOL_HIDDEN __attribute__((visibility("hidden")))

#ifndef SYS_RT_ISOLATION
#define SYS_RT_ISOLATION	3	/* SIGSYS si_code of a STRICT refusal */
#endif

/* Whole options, after validation and defaults. */
struct isol_params {
	int cpu;		/* -1: claim from isold */
	int mode;
	unsigned int flags;
	int policy;		/* 0: keep */
	int priority;
	int sig;		/* notification signal (0 without F_NOTIFY) */
	isol_notify_fn notify;
	void *notify_arg;
	size_t stack_prefault;
};

/*
 * Per-thread state.  Lives in initial-exec TLS so that the SIGSYS handler
 * reaches it without calling into the dynamic linker.
 */
struct isol_thread {
	bool active;
	int backend;		/* enum isol_backend_kind */
	int cpu;
	int mode;
	unsigned int flags;
	int sig;
	cpu_set_t home;		/* where the thread runs between syscalls */
	cpu_set_t saved_mask;	/* affinity before isol_rt_enter() */
	int saved_policy;
	int saved_priority;
	bool sched_changed;
	bool claimed;		/* CPU claimed from isold */
	bool claim_unknown;	/* a CLAIM/RELEASE got no reply: isold may
				 * hold a claim of this thread we do not know */
	unsigned int claim_id;
	bool partition;		/* moved into the runtime partition by us */
	/* emulation */
	volatile char selector;	/* Syscall User Dispatch selector byte */
	int tid, pid;		/* cached for the handler (renewed in a fork child) */
	unsigned long long displacements, audit_hits, inplace, whitelisted;
};

extern __thread struct isol_thread isol_self
	__attribute__((tls_model("initial-exec"))) ISOL_HIDDEN;

/* Backend operations: the kernel prctl or the emulation. */
struct isol_backend_ops {
	const char *name;
	int kind;
	/* RT CPUs of the system (may be empty). */
	int (*rt_cpus)(cpu_set_t *set);
	/* Opt the calling thread in/out (t->mode, t->flags, t->sig set). */
	int (*opt_in)(struct isol_thread *t, const struct isol_params *p);
	int (*opt_out)(struct isol_thread *t);
	/* 1 if native @nr runs in place, 0 if not, -errno. */
	int (*syscall_allowed)(long nr);
	/* 1 if native @nr with @args, made now, runs in place (its number
	 * whitelisted or one of its rules holding), 0 if not, -errno. */
	int (*call_allowed)(long nr, const unsigned long args[6]);
	/* Fill the counters of @st for the calling thread. */
	int (*counters)(struct isol_thread *t, struct isol_rt_status *st);
};

extern const struct isol_backend_ops isol_kernel_ops ISOL_HIDDEN;
extern const struct isol_backend_ops isol_emul_ops ISOL_HIDDEN;

/* backend.c: the active backend, or NULL (then *err says why). */
const struct isol_backend_ops *isol_ops(int *err) ISOL_HIDDEN;
bool isol_kernel_supported(void) ISOL_HIDDEN;
bool isol_emul_supported(void) ISOL_HIDDEN;

/* opts.c */
int isol_params_from_opts(const struct isol_rt_opts *opts,
			  struct isol_params *p) ISOL_HIDDEN;

/* cpus.c */
int isol_online_cpus(cpu_set_t *set) ISOL_HIDDEN;

/* rtsetup.c: the pieces of isol_rt_enter() that are not backend-specific. */
int isol_check_stack(size_t bytes) ISOL_HIDDEN;
void isol_prefault_stack(size_t bytes) ISOL_HIDDEN;
int isol_mlock_begin(bool *did) ISOL_HIDDEN;
void isol_mlock_undo(void) ISOL_HIDDEN;

/* notify.c: process-wide handler of the notification signal. */
struct sigaction;
int isol_notify_install(int sig, isol_notify_fn fn, void *arg,
			struct sigaction *old) ISOL_HIDDEN;
void isol_notify_restore(int sig, const struct sigaction *old) ISOL_HIDDEN;

/* claim.c: CPU claims from isold. */
int isol_claim_cpu(struct isol_thread *t, const cpu_set_t *rt) ISOL_HIDDEN;
void isol_release_cpu(struct isol_thread *t) ISOL_HIDDEN;

/* partition.c: a runtime RT CPU named in the options (no claim). */
int isol_partition_enter(struct isol_thread *t) ISOL_HIDDEN;
void isol_partition_leave(struct isol_thread *t) ISOL_HIDDEN;

/* whitelist.c: the numbers and the argument rules, from one source. */
int isol_whitelist_load(unsigned long *bits, unsigned int nbits,
			struct ruleset *rules) ISOL_HIDDEN;
/* The kernel's syscalls_x86_64 file into @bits: 0 or -errno. */
int isol_whitelist_from_kernel(unsigned long *bits, unsigned int nbits) ISOL_HIDDEN;
/* The kernel's rules_x86_64 into @rules (empty when the kernel has none):
 * 0 or -errno. */
int isol_rules_from_kernel(struct ruleset *rules) ISOL_HIDDEN;
int isol_whitelist_from_daemon(unsigned long *bits, unsigned int nbits) ISOL_HIDDEN;
/* isold's RULES reply into @rules (empty when isold has none in force or
 * predates RULES): 0 or -errno. */
int isol_rules_from_daemon(struct ruleset *rules) ISOL_HIDDEN;

/* log.c */
__attribute__((format(printf, 2, 3)))
void isol_pr(enum isol_print_level level, const char *fmt, ...) ISOL_HIDDEN;
#define pr_warn(...)	isol_pr(ISOL_WARN, __VA_ARGS__)
#define pr_info(...)	isol_pr(ISOL_INFO, __VA_ARGS__)
#define pr_debug(...)	isol_pr(ISOL_DEBUG, __VA_ARGS__)

/* Read a field of a size-prefixed struct, or @def when it is past ->sz. */
#define ISOL_OPTS_HAS(o, f) \
	((o)->sz >= offsetof(__typeof__(*(o)), f) + sizeof((o)->f))
#define ISOL_OPTS_GET(o, f, def) (ISOL_OPTS_HAS(o, f) ? (o)->f : (def))

#endif
