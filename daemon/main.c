// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isold - keeps the kernel's deterministic-syscall whitelist equal to the
 * certified records, steers noise off the RT CPUs and hands exclusive RT
 * CPUs to applications.  A new-style daemon (daemon(7)): foreground, logs
 * to stderr, sd_notify, SIGHUP reload, SIGTERM exit.  See isold(8).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "isold.h"
#include "log.h"
#include "notify.h"
#include "paths.h"

#define ISOLD_VERSION "0.1"

struct opts {
	const char *config;
	const char *backend;
	bool check;
	bool pin_best_effort;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: isold [options]\n"
"Manage RT CPUs: the syscall whitelist, IRQ/workqueue/kthread steering and\n"
"exclusive CPU claims.  Runs in the foreground; see isold(8).\n\n"
"  -c, --config FILE     configuration (default CONFDIR/isold.conf)\n"
"  -t, --check           validate the configuration and records, then exit\n"
"  -b, --backend NAME    auto (default), kernel or emulation\n"
"      --sysfs DIR       root of /sys   (also ISOL_SYSFS)\n"
"      --procfs DIR      root of /proc  (also ISOL_PROCFS)\n"
"      --confdir DIR     instead of /etc/isol (also ISOL_CONFDIR)\n"
"      --rundir DIR      instead of /run/isol (also ISOL_RUNDIR)\n"
"      --pin-best-effort pin only to CPUs this machine has (fixture trees)\n"
"  -v, --verbose         debug messages\n"
"  -h, --help            this text\n"
"  -V, --version         version\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { O_SYSFS = 256, O_PROCFS, O_CONFDIR, O_RUNDIR, O_PIN };
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "backend", required_argument, NULL, 'b' },
		{ "sysfs", required_argument, NULL, O_SYSFS },
		{ "procfs", required_argument, NULL, O_PROCFS },
		{ "confdir", required_argument, NULL, O_CONFDIR },
		{ "rundir", required_argument, NULL, O_RUNDIR },
		{ "pin-best-effort", no_argument, NULL, O_PIN },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret = 0;

	o->backend = "auto";
	while ((c = getopt_long(argc, argv, "c:tb:vhV", lo, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 't':
			o->check = true;
			break;
		case 'b':
			o->backend = optarg;
			break;
		case O_SYSFS:
			ret = isol_paths_set(ISOL_ROOT_SYSFS, optarg);
			break;
		case O_PROCFS:
			ret = isol_paths_set(ISOL_ROOT_PROCFS, optarg);
			break;
		case O_CONFDIR:
			ret = isol_paths_set(ISOL_ROOT_CONFDIR, optarg);
			break;
		case O_RUNDIR:
			ret = isol_paths_set(ISOL_ROOT_RUNDIR, optarg);
			break;
		case O_PIN:
			o->pin_best_effort = true;
			break;
		case 'v':
			log_max_level = LOG_DEBUG;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("isold %s (protocol %d)\n", ISOLD_VERSION,
			       ISOLD_PROTO_VERSION);
			exit(0);
		default:
			fprintf(stderr, "Try 'isold --help'.\n");
			return -EINVAL;
		}
		if (ret) {
			fprintf(stderr, "isold: %s: path too long\n", optarg);
			return ret;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "isold: unexpected argument \"%s\"\n"
			"Try 'isold --help'.\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

/* Load and validate; on success *out is a new config. */
static int load(struct isold *d, const char *path, struct isold_config **out,
		cpu_set_t *rt, cpu_set_t *hk)
{
	struct isold_config *cfg = malloc(sizeof(*cfg));
	struct conf_err err = { .msg = "" };
	char msg[1024];
	int ret;

	if (!cfg)
		return -ENOMEM;
	ret = config_load(cfg, path, &err);
	if (ret) {
		log_err("%s", err.msg);
		goto fail;
	}
	ret = system_probe(d, cfg, rt, hk, msg, sizeof(msg));
	if (ret) {
		log_err("%s", msg);
		goto fail;
	}
	*out = cfg;
	return 0;
fail:
	config_free(cfg);
	free(cfg);
	return ret;
}

static void summary(const struct isold *d, const char *what)
{
	char rt[512], hk[512];
	unsigned int i, n[4] = { 0 };

	for (i = 0; i < d->cfg->records.n; i++)
		n[d->cfg->records.v[i].status & 3]++;
	cpuset_format(&d->rt, rt, sizeof(rt));
	cpuset_format(&d->hk, hk, sizeof(hk));
	log_info("%s %s: RT CPUs %s, housekeeping %s; %zu record(s): %u "
		 "certified, %u provisional%s, %u revoked", what, d->cfg->path,
		 rt, hk, d->cfg->records.n, n[REC_CERTIFIED],
		 n[REC_PROVISIONAL], d->cfg->accept_provisional ?
		 " (accepted)" : " (ignored)", n[REC_REVOKED]);
}

static void apply(struct isold *d)
{
	if (d->backend->apply(d))
		log_err("whitelist not applied; see above");
	steer_all(d, true);
}

static void reload(struct isold *d)
{
	struct isold_config *cfg;
	cpu_set_t rt, hk, lost;
	unsigned int i;

	notify_reloading();
	log_info("SIGHUP: reloading %s", d->cfg->path);
	if (load(d, d->cfg->path, &cfg, &rt, &hk)) {
		d->st.reload_failures++;
		log_err("reload rejected; the previous configuration stays "
			"in force");
		notify_send("READY=1\nSTATUS=reload rejected, old config in "
			    "force");
		return;
	}
	config_free(d->cfg);
	free(d->cfg);
	d->cfg = cfg;
	d->rt = rt;
	d->hk = hk;
	topo_load(&d->topo, &d->online);
	for (i = 0; i < d->nclaims; i++) {
		CPU_ANDNOT(&lost, &d->claims[i].cpus, &d->rt);
		if (CPU_COUNT(&lost))
			log_warn("claim %u holds CPUs that are no longer RT "
				 "CPUs; it stays until released",
				 d->claims[i].id);
	}
	d->st.reloads++;
	summary(d, "reloaded");
	apply(d);
	journal_save(d);
	notify_send("READY=1\nSTATUS=running");
}

static int setup_fds(struct isold *d)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };
	struct epoll_event ev = { .events = EPOLLIN };
	sigset_t mask;
	unsigned int ms = d->cfg->irq_recheck_ms;

	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL))
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	d->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC,
				    TFD_CLOEXEC | TFD_NONBLOCK);
	if (d->epfd < 0 || d->sigfd < 0 || d->timerfd < 0)
		return -errno;
	its.it_value.tv_sec = its.it_interval.tv_sec = ms / 1000;
	its.it_value.tv_nsec = its.it_interval.tv_nsec =
		(long)(ms % 1000) * 1000000L;
	timerfd_settime(d->timerfd, 0, &its, NULL);
	ev.data.u64 = EP_TAG(TAG_SIGNAL, 0);
	epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->sigfd, &ev);
	ev.data.u64 = EP_TAG(TAG_TIMER, 0);
	epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->timerfd, &ev);
	return 0;
}

static void tick(struct isold *d)
{
	uint64_t n;

	if (read(d->timerfd, &n, sizeof(n)) < 0)
		return;
	steer_irqs(d, false);		/* IRQs that appeared since */
	if (d->backend->verify(d)) {
		log_warn("whitelist changed behind isold's back; rewriting");
		d->backend->apply(d);
	}
}

/* Returns false when it is time to stop. */
static bool on_signal(struct isold *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload(d);
			continue;
		}
		log_info("signal %u: exiting (claims stay in the journal)",
			 si.ssi_signo);
		return false;
	}
	return true;
}

static int run(struct isold *d)
{
	struct epoll_event evs[32];
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.u64 = EP_TAG(TAG_LISTEN, 0) };
	int i, n;

	epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->lfd, &ev);
	notify_send("READY=1\nSTATUS=running");
	log_info("ready: %s backend, %u claim(s), listening on %s/%s",
		 d->backend->name, d->nclaims,
		 isol_paths_root(ISOL_ROOT_RUNDIR), ISOLD_SOCK_NAME);
	for (;;) {
		n = epoll_wait(d->epfd, evs, 32, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (i = 0; i < n; i++) {
			uint64_t tag = evs[i].data.u64 >> 32;
			uint32_t v = (uint32_t)evs[i].data.u64;

			switch (tag) {
			case TAG_LISTEN:
				server_accept(d);
				break;
			case TAG_SIGNAL:
				if (!on_signal(d))
					return 0;
				break;
			case TAG_TIMER:
				tick(d);
				break;
			case TAG_CLIENT:
				server_client_event(d, v, evs[i].events);
				break;
			case TAG_CLAIM:
				claims_holder_died(d, v);
				break;
			}
		}
	}
}

int main(int argc, char **argv)
{
	static struct isold d;
	struct opts o = { 0 };
	char path[4096];
	unsigned int i;
	int ret;

	if (parse_opts(argc, argv, &o))
		return 2;
	if (!o.config) {
		isol_path(ISOL_ROOT_CONFDIR, "isold.conf", path, sizeof(path));
		o.config = path;
	}
	d.next_id = 1;
	d.lfd = d.epfd = d.sigfd = d.timerfd = -1;
	for (i = 0; i < ISOLD_MAX_CLIENTS; i++)
		d.clients[i].fd = d.clients[i].pidfd = -1;
	d.start_ms = now_ms();
	d.pin_best_effort = o.pin_best_effort;
	sched_getaffinity(0, sizeof(d.machine), &d.machine);

	if (load(&d, o.config, &d.cfg, &d.rt, &d.hk))
		return 1;
	if (o.check) {
		summary(&d, "configuration OK:");
		return 0;
	}
	d.backend = backend_select(o.backend);
	if (!d.backend)
		return 1;
	summary(&d, "starting with");
	topo_load(&d.topo, &d.online);
	if (setup_fds(&d)) {
		log_err("setup: %s", strerror(errno));
		return 1;
	}
	if (d.backend->apply(&d)) {
		log_err("the kernel refused the whitelist; exiting");
		return 1;
	}
	steer_all(&d, true);
	if (journal_restore(&d))
		log_warn("journal could not be written; claims are not "
			 "crash-safe until it can");
	debug_crash("restored");
	ret = server_listen(&d);
	if (ret)
		return 1;
	ret = run(&d);
	notify_send("STOPPING=1");
	server_close_all(&d);
	isol_path(ISOL_ROOT_RUNDIR, ISOLD_SOCK_NAME, path, sizeof(path));
	unlink(path);
	journal_save(&d);
	log_info("stopped");
	return ret ? 1 : 0;
}
