/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * irqbalance.h - the client of irqbalance's control socket (irqbalance
 * 1.9, the one irqbalance-ui uses), so that IRQs it balances stay off RT
 * CPUs it does not know about: CPUs reserved at runtime, or RT CPUs given
 * to isold without isolcpus=.
 *
 * The protocol (irqbalance.c sock_handle() of irqbalance 1.9): a stream
 * socket <run>/irqbalance/irqbalance<PID>.sock (the systemd unit's
 * RuntimeDirectory=; <run> is the parent of the ISOL_ROOT_RUNDIR root,
 * /run), one message per connection, sent with SCM_CREDENTIALS of uid 0
 * (others are refused without an answer):
 *
 *   "setup"                 -> "SLEEP <s> [IRQ <n> LOAD .. DIFF .. CLASS ..]...
 *                               BANNED <hex cpumask>"
 *   "settings cpus <list>"  -> no answer; from its next rescan (within
 *                              SLEEP seconds) it bans exactly <list>,
 *                              replacing what it found itself
 *                              (isolated, nohz_full, IRQBALANCE_BANNED_CPULIST)
 *   "settings cpus NULL"    -> back to what it finds itself
 *
 * irqbalance binds no path socket when <run>/irqbalance does not exist (it
 * falls back to an abstract name that is not per daemon); this client
 * talks only to the path socket.
 */
#ifndef ISOL_COMMON_IRQBALANCE_H
#define ISOL_COMMON_IRQBALANCE_H

#include <sched.h>
#include <sys/types.h>

/*
 * irqb_find - the pid of a running irqbalance (comm "irqbalance", real
 * and effective uid 0, under the ISOL_ROOT_PROCFS root; one with its
 * control socket first, then the lowest).  Returns the pid, or 0 when
 * none runs.  Any user can name a process "irqbalance": those of other
 * users are never taken for it.
 */
pid_t irqb_find(void);

/*
 * irqb_own_bans - the CPUs irqbalance @pid bans by itself, before anyone
 * tells it otherwise: IRQBALANCE_BANNED_CPULIST of its environment when set
 * (/proc/PID/environ), else the kernel's isolated and nohz_full CPUs.
 * Returns 0 or -errno.
 */
int irqb_own_bans(pid_t pid, cpu_set_t *out);

/*
 * irqb_setup - ask irqbalance @pid which CPUs it bans now (and, when
 * @sleep is not NULL, its balancing interval in seconds).  Returns 0,
 * -ENOENT (no socket: not irqbalance 1.9 or no <run>/irqbalance), -EPROTO
 * (an answer without BANNED), or another -errno.
 */
int irqb_setup(pid_t pid, cpu_set_t *banned, unsigned int *sleep);

/*
 * irqb_ban - tell irqbalance @pid to ban exactly @cpus ("settings cpus";
 * an empty set sends NULL: back to its own).  It takes effect at its next
 * rescan: check with irqb_setup().  Returns 0 or -errno.
 */
int irqb_ban(pid_t pid, const cpu_set_t *cpus);

#endif
