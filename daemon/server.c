// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * server.c - the client socket: accept, read one datagram with the
 * sender's credentials, decode it with the one decoder (isold_proto.c),
 * dispatch, reply.
 *
 * Who asks is what the kernel attaches to each message (SCM_CREDENTIALS
 * and SCM_PIDFD, SO_PASSCRED/SO_PASSPIDFD on the socket), checked when the
 * request is served - never the process that connected, which may have
 * handed the connection on and exited.  A message that does not decode
 * changes nothing: it gets an ERROR reply, and the connection is closed
 * after ISOLD_BAD_MSG_LIMIT of them or on a truncated datagram.
 *
 * File descriptors are not accepted: the last close() of some files waits
 * (a socket with SO_LINGER whose peer does not read, a FUSE file, a hung
 * NFS mount), and whoever holds the last reference of a passed file does
 * it.  SO_PASSRIGHTS off (Linux >= 6.16) makes the kernel refuse them at
 * the sender's sendmsg(); on older kernels they arrive, and every one is
 * defused and closed (defuse_close()), also those still queued on a
 * connection isold closes (conn_close()).
 *
 * Slots: a user other than root may hold max_clients_per_user connections
 * and all of them together ISOLD_MAX_CLIENTS - ISOLD_ROOT_SLOTS; root
 * always gets one (the least recently active connection is closed if
 * need be).  A connection idle for client_idle_timeout_ms is closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "isold.h"
#include "log.h"
#include "paths.h"

#ifndef SO_PASSPIDFD
#define SO_PASSPIDFD 76
#endif
#ifndef SCM_PIDFD
#define SCM_PIDFD 0x04
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SO_PASSRIGHTS
#define SO_PASSRIGHTS 83
#endif
#define SCM_MAX_FD_KERNEL 253	/* SCM_MAX_FD: most fds in one message */

/* Room for everything the kernel may attach to one datagram: all of its
 * passed descriptors fit, so none is dropped (and closed) inside recvmsg. */
#define CBUF_SIZE (CMSG_SPACE(sizeof(struct ucred)) + \
		   CMSG_SPACE(sizeof(int)) + \
		   CMSG_SPACE(SCM_MAX_FD_KERNEL * sizeof(int)))

_Static_assert(ISOLD_MAX_CLIENTS - ISOLD_ROOT_SLOTS ==
	       CONFIG_CLIENTS_PER_USER_MAX, "slots of users other than root");

static bool have_passpidfd;

static bool read_peer(struct msghdr *mh, struct peer *p);

#define DEFUSE_MAX 1024		/* descriptors being defused at once */

/* The descriptors of the SCM_RIGHTS messages of @mh onto @stack. */
static int push_rights(struct msghdr *mh, int *stack, int n)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t i, k;

		if (c->cmsg_level != SOL_SOCKET ||
		    (c->cmsg_type != SCM_RIGHTS && c->cmsg_type != SCM_PIDFD))
			continue;
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int),
			       sizeof(fd));
			if (fd < 0)
				continue;
			if (n < DEFUSE_MAX)
				stack[n++] = fd;
			else
				close(fd);	/* no room: at least try */
		}
	}
	return n;
}

/*
 * Close a descriptor a client passed so that no close() waits, and none
 * of the files it holds: a socket gets SO_LINGER off (an abortive close);
 * a unix socket is shut down (nothing more can arrive) and emptied first,
 * its queued messages read and the descriptors in flight in them, or its
 * pending connections accepted, defused in turn - closing it with them
 * queued would release them with no chance to defuse them.  Files whose
 * close() itself waits (FUSE, NFS) are beyond this: SO_PASSRIGHTS.
 */
static void defuse_close(int fd)
{
	static int stack[DEFUSE_MAX];
	static char buf[16384];
	char cbuf[CBUF_SIZE];
	struct iovec iov = { buf, sizeof(buf) };
	int n = 0;

	stack[n++] = fd;
	while (n) {
		struct linger off = { 1, 0 };
		int f = stack[--n], dom = 0, type = 0, acc = 0, c, i;
		socklen_t len = sizeof(int);

		if (getsockopt(f, SOL_SOCKET, SO_DOMAIN, &dom, &len)) {
			close(f);	/* not a socket */
			continue;
		}
		setsockopt(f, SOL_SOCKET, SO_LINGER, &off, sizeof(off));
		len = sizeof(int);
		getsockopt(f, SOL_SOCKET, SO_TYPE, &type, &len);
		len = sizeof(int);
		getsockopt(f, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len);
		if (dom == AF_UNIX) {
			shutdown(f, SHUT_RD);
			while (acc && n < DEFUSE_MAX &&
			       (c = accept4(f, NULL, NULL, SOCK_NONBLOCK |
					    SOCK_CLOEXEC)) >= 0)
				stack[n++] = c;
			for (i = 0; !acc && i < 4096; i++) {
				struct msghdr mh = {
					.msg_iov = &iov, .msg_iovlen = 1,
					.msg_control = cbuf,
					.msg_controllen = sizeof(cbuf),
				};
				ssize_t r = recvmsg(f, &mh, MSG_DONTWAIT |
						    MSG_CMSG_CLOEXEC);

				if (r < 0 || (!r && type == SOCK_STREAM &&
					      !mh.msg_controllen))
					break;
				n = push_rights(&mh, stack, n);
			}
		}
		close(f);
	}
}

int server_listen(struct isold *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ret, one = 1, zero = 0;

	if (isol_path(ISOL_ROOT_RUNDIR, ISOLD_SOCK_NAME, sa.sun_path,
		      sizeof(sa.sun_path))) {
		log_err("socket path too long under %s",
			isol_paths_root(ISOL_ROOT_RUNDIR));
		return -ENAMETOOLONG;
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Credentials and a pidfd of the sender with every message; the
	 * accepted sockets inherit both. */
	if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one))) {
		ret = -errno;
		log_err("SO_PASSCRED: %s", strerror(errno));
		close(fd);
		return ret;
	}
	have_passpidfd = !setsockopt(fd, SOL_SOCKET, SO_PASSPIDFD, &one,
				     sizeof(one));
	if (!have_passpidfd)
		log_info("no SO_PASSPIDFD (Linux < 6.5): senders are pinned "
			 "with pidfd_open() when their message is read");
	/* Accepted sockets inherit it: nothing can be queued before.  Test
	 * hook ISOLD_DEBUG_ACCEPT_FDS: as on a kernel without it. */
	if (getenv("ISOLD_DEBUG_ACCEPT_FDS") ||
	    setsockopt(fd, SOL_SOCKET, SO_PASSRIGHTS, &zero, sizeof(zero)))
		log_info("no SO_PASSRIGHTS (Linux < 6.16): file descriptors "
			 "clients pass are received, defused and closed; one "
			 "whose close() waits by itself (FUSE, a hung NFS "
			 "mount) would stall isold");
	/* We hold the run dir's lock: a socket there is a dead daemon's. */
	unlinkat(d->rundir_fd, ISOLD_SOCK_NAME, 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    fchmodat(d->rundir_fd, ISOLD_SOCK_NAME, 0666, 0) ||
	    listen(fd, 64)) {
		ret = -errno;
		log_err("%s: %s", sa.sun_path, strerror(errno));
		close(fd);
		return ret;
	}
	d->lfd = fd;
	return 0;
}

/*
 * Close a client connection.  Datagrams still queued on it are read first
 * (after shutdown(), so no more can come): closing the socket with them
 * would make isold do the last close() of the descriptors they carry.
 */
static void conn_close(int fd)
{
	char buf[64], cbuf[CBUF_SIZE];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	struct peer p;

	shutdown(fd, SHUT_RDWR);
	for (;;) {
		mh = (struct msghdr){
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		if (recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) <= 0)
			break;
		read_peer(&mh, &p);
		if (p.pidfd >= 0)
			close(p.pidfd);
	}
	close(fd);
}

static void close_client(struct isold *d, unsigned int slot)
{
	struct client *cl = &d->clients[slot];

	epoll_ctl(d->epfd, EPOLL_CTL_DEL, cl->fd, NULL);
	conn_close(cl->fd);
	cl->fd = -1;
	d->nclients--;
}

void server_close_all(struct isold *d)
{
	unsigned int i;

	for (i = 0; i < ISOLD_MAX_CLIENTS; i++)
		if (d->clients[i].fd >= 0)
			close_client(d, i);
}

/* A slot for a new connection of @uid, or -1 (refused, @why set). */
static int find_slot(struct isold *d, uid_t uid, const char **why)
{
	unsigned int i, mine = 0, others = 0, free_slot = ISOLD_MAX_CLIENTS,
		     lru = ISOLD_MAX_CLIENTS;

	for (i = 0; i < ISOLD_MAX_CLIENTS; i++) {
		const struct client *cl = &d->clients[i];

		if (cl->fd < 0) {
			if (free_slot == ISOLD_MAX_CLIENTS)
				free_slot = i;
			continue;
		}
		mine += cl->uid == uid;
		others += cl->uid != 0;
		if (lru == ISOLD_MAX_CLIENTS ||
		    cl->last_ms < d->clients[lru].last_ms)
			lru = i;
	}
	if (uid == 0) {
		if (free_slot < ISOLD_MAX_CLIENTS)
			return (int)free_slot;
		/* Root always gets through: the stalest connection goes. */
		log_info("all %d client slots in use: closing the least "
			 "recently active (pid %d uid %u) for root",
			 ISOLD_MAX_CLIENTS, (int)d->clients[lru].pid,
			 (unsigned int)d->clients[lru].uid);
		close_client(d, lru);
		return (int)lru;
	}
	if (mine >= d->cfg->max_clients_per_user) {
		*why = "max_clients_per_user reached";
		return -1;
	}
	if (others >= ISOLD_MAX_CLIENTS - ISOLD_ROOT_SLOTS ||
	    free_slot == ISOLD_MAX_CLIENTS) {
		*why = "every slot for users other than root taken";
		return -1;
	}
	return (int)free_slot;
}

void server_accept(struct isold *d)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct epoll_event ev = { .events = EPOLLIN };
	const char *why = NULL;
	int fd, slot;

	fd = accept4(d->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		conn_close(fd);
		return;
	}
	slot = find_slot(d, cred.uid, &why);
	if (slot < 0) {
		if (log_ratelimit(&d->rl_refused, "client refused"))
			log_warn("client pid %d uid %u refused: %s",
				 (int)cred.pid, (unsigned int)cred.uid, why);
		conn_close(fd);
		return;
	}
	d->clients[slot] = (struct client){
		.fd = fd, .pid = cred.pid, .uid = cred.uid,
		.last_ms = now_ms(),
	};
	ev.data.u64 = EP_TAG(TAG_CLIENT, slot);
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		conn_close(fd);
		d->clients[slot].fd = -1;
		return;
	}
	d->nclients++;
	log_debug("client pid %d uid %u connected", (int)cred.pid,
		  (unsigned int)cred.uid);
}

int server_expire(struct isold *d)
{
	uint64_t now = now_ms(), idle = d->cfg->client_idle_timeout_ms,
		 next = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < ISOLD_MAX_CLIENTS; i++) {
		struct client *cl = &d->clients[i];

		if (cl->fd < 0)
			continue;
		if (now - cl->last_ms >= idle) {
			log_debug("client pid %d uid %u idle for %llu ms: "
				  "closed", (int)cl->pid,
				  (unsigned int)cl->uid,
				  (unsigned long long)(now - cl->last_ms));
			close_client(d, i);
			continue;
		}
		if (cl->last_ms + idle - now < next)
			next = cl->last_ms + idle - now;
	}
	return next == UINT64_MAX ? -1 : (int)(next > INT32_MAX ? INT32_MAX :
					       next);
}

static void do_claim(struct isold *d, const struct peer *p,
		     const union isold_msg *in, union isold_msg *out)
{
	struct claim *c;
	int ret = claims_create(d, p, &in->claim, &c);

	if (ret) {
		d->st.claims_denied++;
		if (log_ratelimit(&d->rl_denied, "claim denied"))
			log_info("claim of %u CPU(s) by pid %d uid %u denied: "
				 "%s", in->claim.ncpus, (int)p->pid,
				 (unsigned int)p->uid, strerror(-ret));
		out->reply.status = ret;
		return;
	}
	d->st.claims_granted++;
	out->claim_rep.claim_id = c->id;
	out->claim_rep.ncpus = (uint32_t)CPU_COUNT(&c->cpus);
	isold_mask_from_cpus(out->claim_rep.cpus, &c->cpus);
}

static void do_release(struct isold *d, const struct peer *p,
		       const union isold_msg *in, union isold_msg *out)
{
	uint32_t n;
	int ret = claims_release(d, p, in->release.claim_id, &n);

	out->reply.status = ret;
	if (!ret) {
		out->release_rep.released = n;
		d->st.claims_released += n;
	}
}

static void do_status(struct isold *d, const union isold_msg *in,
		      union isold_msg *out)
{
	struct isold_status_rep *r = &out->status_rep;
	uint64_t now = now_ms();
	cpu_set_t free_cpus;
	unsigned int i;

	r->backend = d->backend->id;
	r->total = d->nclaims;
	r->first = in->status.first < d->nclaims ? in->status.first :
						    d->nclaims;
	r->wl_status = d->wl.status;
	r->wl_failures = d->wl.failures;
	r->wl_retry_ms = d->wl.status && d->wl.next_ms > now ?
			 (uint32_t)(d->wl.next_ms - now) : 0;
	r->reload_status = d->reload.status;
	r->reloads = d->reload.count;
	r->log_suppressed = log_suppressed > UINT32_MAX ? UINT32_MAX :
			    (uint32_t)log_suppressed;
	isold_mask_from_cpus(r->rt_cpus, &d->rt);
	claims_free_cpus(d, &free_cpus);
	isold_mask_from_cpus(r->free_cpus, &free_cpus);
	for (i = r->first; i < d->nclaims && r->count < ISOLD_STATUS_MAX;
	     i++) {
		const struct claim *c = &d->claims[i];
		struct isold_claim_ent *e = &r->entries[r->count++];

		e->claim_id = c->id;
		e->flags = c->flags;
		e->pid = c->pid;
		e->tid = c->tid;
		e->uid = c->uid;
		e->node = c->node;
		e->start_time = c->start_time;
		isold_mask_from_cpus(e->cpus, &c->cpus);
	}
}

static void do_whitelist(struct isold *d, const union isold_msg *in,
			 union isold_msg *out)
{
	struct isold_whitelist_rep *r = &out->whitelist_rep;
	unsigned int abi = in->whitelist.abi, nr;

	r->abi = abi;
	r->nbits = syscall_nr_max(abi) < ISOLD_MAX_SYSCALLS ?
		   syscall_nr_max(abi) : ISOLD_MAX_SYSCALLS;
	for (nr = 0; nr < r->nbits; nr++) {
		if (bitlist_test(d->cfg->allowed[abi], nr))
			isold_mask_set(r->allowed, nr);
		if (bitlist_test(d->cfg->certified[abi], nr))
			isold_mask_set(r->certified, nr);
	}
}

static void do_rules(struct isold *d, const union isold_msg *in,
		     union isold_msg *out)
{
	struct isold_rules_rep *r = &out->rules_rep;
	unsigned int abi = in->rules.abi, i;
	int n;

	r->abi = abi;
	if (d->rules_absent[abi]) {
		r->flags = ISOLD_RULES_F_UNSUPPORTED;
		memcpy(r->text, "\n", 2);
		r->len = 1;
		return;
	}
	n = ruleset_format(&d->cfg->rules[abi], r->text, sizeof(r->text));
	if (n < 0) {		/* cannot happen: the set was checked */
		memset(r, 0, sizeof(*r));
		r->r.status = -EOVERFLOW;
		return;
	}
	r->len = (uint32_t)n;
	r->nrules = d->cfg->rules[abi].n;
	for (i = (unsigned int)n; i < sizeof(r->text); i++)
		r->text[i] = '\0';
}

static void do_stats(struct isold *d, union isold_msg *out)
{
	struct isold_stats_rep *r = &out->stats_rep;

	r->uptime_ms = now_ms() - d->start_ms;
	r->requests = d->st.requests;
	r->bad_requests = d->st.bad_requests;
	r->claims_granted = d->st.claims_granted;
	r->claims_denied = d->st.claims_denied;
	r->claims_released = d->st.claims_released;
	r->holder_deaths = d->st.holder_deaths;
	r->reloads = d->st.reloads;
	r->reload_failures = d->st.reload_failures;
	r->irqs_moved = d->st.irqs_moved;
	r->irqs_unmovable = d->st.irqs_unmovable;
	r->kthreads_moved = d->st.kthreads_moved;
	r->kthreads_unmovable = d->st.kthreads_unmovable;
	r->clients = d->nclients;
	r->claims = d->nclaims;
	r->whitelist_x86_64 = bitlist_weight(d->cfg->allowed[0],
					     ISOLD_MAX_SYSCALLS);
	r->whitelist_ia32 = bitlist_weight(d->cfg->allowed[1],
					   ISOLD_MAX_SYSCALLS);
}

static void do_reload(struct isold *d, const struct peer *p,
		      union isold_msg *out)
{
	struct isold_reload_rep *r = &out->reload_rep;

	if (p->uid != 0 && p->uid != geteuid()) {
		r->r.status = -EPERM;
		return;
	}
	log_info("RELOAD requested by pid %d uid %u", (int)p->pid,
		 (unsigned int)p->uid);
	r->r.status = isold_reload(d);
	r->reloads = d->reload.count;
	snprintf(r->reason, sizeof(r->reason), "%s", d->reload.reason);
}

/* Send @out as the reply of @type; false when the client must go. */
static bool reply(struct client *cl, union isold_msg *out, uint16_t type,
		  uint32_t seq)
{
	static char buf[ISOLD_MSG_MAX];
	ssize_t n = isold_msg_encode(out, type, seq, buf, sizeof(buf));

	if (n < 0)
		return false;
	return send(cl->fd, buf, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) == n;
}

/*
 * The sender from the control messages of one datagram.  File
 * descriptors a client passed along (SCM_RIGHTS, only where the kernel
 * lacks SO_PASSRIGHTS) are closed by defuse_close().  Returns false when
 * there were no credentials at all (no datagram: EOF).
 */
static bool read_peer(struct msghdr *mh, struct peer *p)
{
	struct cmsghdr *c;
	bool creds = false;

	p->pidfd = -1;
	p->ino = 0;
	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
			struct ucred u;

			memcpy(&u, CMSG_DATA(c), sizeof(u));
			p->pid = u.pid;
			p->uid = u.uid;
			p->gid = u.gid;
			creds = true;
		} else if (c->cmsg_type == SCM_PIDFD &&
			   c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int fd;

			memcpy(&fd, CMSG_DATA(c), sizeof(fd));
			if (p->pidfd >= 0)
				close(p->pidfd);
			p->pidfd = fd;	/* < 0: the sender has exited */
		} else if (c->cmsg_type == SCM_RIGHTS) {
			size_t i, n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			for (i = 0; i < n; i++) {
				int fd;

				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int),
				       sizeof(fd));
				defuse_close(fd);
			}
		}
	}
	if (creds && !have_passpidfd && p->pidfd < 0)
		p->pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
	if (p->pidfd >= 0)
		p->ino = pidfd_ino(p->pidfd);
	return creds;
}

void server_client_event(struct isold *d, unsigned int slot, uint32_t ev)
{
	static char buf[ISOLD_MSG_MAX + 1];
	static union isold_msg in, out;
	char cbuf[CBUF_SIZE];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct peer p = { .pidfd = -1 };
	struct client *cl;
	ssize_t n;
	int type;

	if (slot >= ISOLD_MAX_CLIENTS || d->clients[slot].fd < 0)
		return;
	cl = &d->clients[slot];
	if (!(ev & EPOLLIN)) {
		close_client(d, slot);
		return;
	}
	/* MSG_TRUNC: the real size even when larger than the buffer. */
	n = recvmsg(cl->fd, &mh, MSG_TRUNC | MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0 || !read_peer(&mh, &p)) {
		/* No datagram (EOF), or a socket error. */
		if (p.pidfd >= 0)
			close(p.pidfd);
		close_client(d, slot);
		return;
	}
	cl->last_ms = now_ms();
	memset(&out, 0, sizeof(out));
	type = isold_msg_decode(buf, (size_t)n < sizeof(buf) ? (size_t)n :
				sizeof(buf), &in);
	if (type > 0 && (type & ISOLD_REPLY))
		type = -ENOMSG;		/* clients send requests only */
	if (type < 0 || (size_t)n > ISOLD_MSG_MAX) {
		if ((size_t)n > ISOLD_MSG_MAX)
			type = -EMSGSIZE;
		d->st.bad_requests++;
		log_debug("client pid %d: bad message (%zd bytes): %s",
			  (int)p.pid, n, strerror(-type));
		out.reply.status = type;
		if (!reply(cl, &out, ISOLD_ERROR, in.hdr.seq) ||
		    (size_t)n > ISOLD_MSG_MAX || ++cl->bad >= ISOLD_BAD_MSG_LIMIT)
			close_client(d, slot);
		if (p.pidfd >= 0)
			close(p.pidfd);
		return;
	}
	d->st.requests++;
	switch (type) {
	case ISOLD_CLAIM:
		do_claim(d, &p, &in, &out);
		break;
	case ISOLD_RELEASE:
		do_release(d, &p, &in, &out);
		break;
	case ISOLD_STATUS:
		do_status(d, &in, &out);
		break;
	case ISOLD_WHITELIST:
		do_whitelist(d, &in, &out);
		break;
	case ISOLD_STATS:
		do_stats(d, &out);
		break;
	case ISOLD_RULES:
		do_rules(d, &in, &out);
		break;
	case ISOLD_RELOAD:
		do_reload(d, &p, &out);
		break;
	case ISOLD_RESERVE:
		runtime_request(d, &p, &in, &out);
		break;
	}
	if (p.pidfd >= 0)
		close(p.pidfd);
	/* Errors carry no body, except the reasons of RELOAD and RESERVE. */
	if (out.reply.status && type != ISOLD_RELOAD &&
	    type != ISOLD_RESERVE) {
		int32_t status = out.reply.status;

		memset(&out, 0, sizeof(out));	/* errors carry no body */
		out.reply.status = status;
	}
	if (!reply(cl, &out, (uint16_t)(ISOLD_REPLY | type), in.hdr.seq))
		close_client(d, slot);
}
