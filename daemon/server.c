// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * server.c - the client socket: accept, read one datagram, decode it with
 * the one decoder (isold_proto.c), dispatch, reply.  A message that does
 * not decode changes nothing: it gets an ERROR reply, and the connection
 * is closed after ISOLD_BAD_MSG_LIMIT of them or on a truncated datagram.
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

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif

int server_listen(struct isold *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[4096];
	int fd, ret;

	snprintf(dir, sizeof(dir), "%s", isol_paths_root(ISOL_ROOT_RUNDIR));
	if (mkdir(dir, 0755) && errno != EEXIST) {
		ret = -errno;
		log_err("%s: %s", dir, strerror(errno));
		return ret;
	}
	if (isol_path(ISOL_ROOT_RUNDIR, ISOLD_SOCK_NAME, sa.sun_path,
		      sizeof(sa.sun_path))) {
		log_err("socket path too long under %s", dir);
		return -ENAMETOOLONG;
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(sa.sun_path);	/* stale socket of a killed daemon */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(sa.sun_path, 0666) || listen(fd, 64)) {
		ret = -errno;
		log_err("%s: %s", sa.sun_path, strerror(errno));
		close(fd);
		return ret;
	}
	d->lfd = fd;
	return 0;
}

static void close_client(struct isold *d, unsigned int slot)
{
	struct client *cl = &d->clients[slot];

	epoll_ctl(d->epfd, EPOLL_CTL_DEL, cl->fd, NULL);
	close(cl->fd);
	if (cl->pidfd >= 0)
		close(cl->pidfd);
	cl->fd = -1;
	cl->pidfd = -1;
	d->nclients--;
}

void server_close_all(struct isold *d)
{
	unsigned int i;

	for (i = 0; i < ISOLD_MAX_CLIENTS; i++)
		if (d->clients[i].fd >= 0)
			close_client(d, i);
}

void server_accept(struct isold *d)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned int slot;
	int fd;

	fd = accept4(d->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	for (slot = 0; slot < ISOLD_MAX_CLIENTS; slot++)
		if (d->clients[slot].fd < 0)
			break;
	if (slot == ISOLD_MAX_CLIENTS ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		log_warn("client refused (%s)", slot == ISOLD_MAX_CLIENTS ?
			 "too many clients" : strerror(errno));
		close(fd);
		return;
	}
	d->clients[slot] = (struct client){
		.fd = fd, .pid = cred.pid, .uid = cred.uid, .gid = cred.gid,
		.pidfd = -1,
	};
	/* The peer's pidfd pins its identity: if the pid is reused later,
	 * this fd reports the original's exit. */
	len = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &d->clients[slot].pidfd,
		       &len))
		d->clients[slot].pidfd = (int)syscall(SYS_pidfd_open,
						      cred.pid, 0);
	ev.data.u64 = EP_TAG(TAG_CLIENT, slot);
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		if (d->clients[slot].pidfd >= 0)
			close(d->clients[slot].pidfd);
		d->clients[slot].fd = d->clients[slot].pidfd = -1;
		return;
	}
	d->nclients++;
	log_debug("client pid %d uid %u connected", (int)cred.pid,
		  (unsigned int)cred.uid);
}

static void cpus_to_mask(const cpu_set_t *s, uint64_t *m)
{
	int cpu;

	memset(m, 0, ISOLD_CPU_WORDS * sizeof(*m));
	for (cpu = 0; cpu < ISOLD_MAX_CPUS && cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, s))
			isold_mask_set(m, (unsigned int)cpu);
}

static void do_claim(struct isold *d, struct client *cl,
		     const union isold_msg *in, union isold_msg *out)
{
	struct claim *c;
	int ret = claims_create(d, cl, &in->claim, &c);

	if (ret) {
		d->st.claims_denied++;
		log_info("claim of %u CPU(s) by pid %d uid %u denied: %s",
			 in->claim.ncpus, (int)cl->pid, (unsigned int)cl->uid,
			 strerror(-ret));
		out->reply.status = ret;
		return;
	}
	d->st.claims_granted++;
	out->claim_rep.claim_id = c->id;
	out->claim_rep.ncpus = (uint32_t)CPU_COUNT(&c->cpus);
	cpus_to_mask(&c->cpus, out->claim_rep.cpus);
}

static void do_release(struct isold *d, struct client *cl,
		       const union isold_msg *in, union isold_msg *out)
{
	uint32_t n;
	int ret = claims_release(d, cl->pid, in->release.claim_id, &n);

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
	cpu_set_t free_cpus;
	unsigned int i;

	r->backend = d->backend->id;
	r->total = d->nclaims;
	r->first = in->status.first < d->nclaims ? in->status.first :
						    d->nclaims;
	cpus_to_mask(&d->rt, r->rt_cpus);
	claims_free_cpus(d, &free_cpus);
	cpus_to_mask(&free_cpus, r->free_cpus);
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
		cpus_to_mask(&c->cpus, e->cpus);
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

void server_client_event(struct isold *d, unsigned int slot, uint32_t ev)
{
	static char buf[ISOLD_MSG_MAX + 1];
	static union isold_msg in, out;
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
	n = recv(cl->fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		close_client(d, slot);
		return;
	}
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
			  (int)cl->pid, n, strerror(-type));
		out.reply.status = type;
		if (!reply(cl, &out, ISOLD_ERROR, in.hdr.seq) ||
		    (size_t)n > ISOLD_MSG_MAX || ++cl->bad >= ISOLD_BAD_MSG_LIMIT)
			close_client(d, slot);
		return;
	}
	d->st.requests++;
	switch (type) {
	case ISOLD_CLAIM:
		do_claim(d, cl, &in, &out);
		break;
	case ISOLD_RELEASE:
		do_release(d, cl, &in, &out);
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
	}
	if (out.reply.status) {
		int32_t status = out.reply.status;

		memset(&out, 0, sizeof(out));	/* errors carry no body */
		out.reply.status = status;
	}
	if (!reply(cl, &out, (uint16_t)(ISOLD_REPLY | type), in.hdr.seq))
		close_client(d, slot);
}
