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
#include "rootopts.h"

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
ISOL_ROOT_HELP
"      --pin-best-effort pin only to CPUs this machine has (fixture trees)\n"
"  -v, --verbose         debug messages\n"
"  -h, --help            this text\n"
"  -V, --version         version\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { O_PIN = 256 };
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check", no_argument, NULL, 't' },
		{ "backend", required_argument, NULL, 'b' },
		ISOL_ROOT_LONGOPTS,
		{ "pin-best-effort", no_argument, NULL, O_PIN },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	char err[512];
	int c, ret;

	o->backend = "auto";
	while ((c = getopt_long(argc, argv, "c:tb:vhV", lo, NULL)) != -1) {
		ret = isol_rootopt(c, optarg, err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "isold: %s\n", err);
			return ret;
		}
		if (ret)
			continue;
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
	}
	if (optind < argc) {
		fprintf(stderr, "isold: unexpected argument \"%s\"\n"
			"Try 'isold --help'.\n", argv[optind]);
		return -EINVAL;
	}
	ret = isol_rootopts_done(err, sizeof(err));
	if (ret) {
		fprintf(stderr, "isold: %s\n", err);
		return ret;
	}
	return 0;
}

/* Load and validate; on success *out is a new config.  The error is
 * logged and copied to @why (may be NULL). */
static int load(struct isold *d, const char *path, struct isold_config **out,
		cpu_set_t *rt, cpu_set_t *hk, char *why, size_t whylen)
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
		if (why)
			strcopy(why, whylen, err.msg);
		goto fail;
	}
	ret = system_probe(d, cfg, rt, hk, msg, sizeof(msg));
	if (ret) {
		log_err("%s", msg);
		if (why)
			strcopy(why, whylen, msg);
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

/* The STATUS= line for the service manager (with READY=1 when @ready:
 * at start and after a reload). */
static void notify_status(struct isold *d, bool ready)
{
	char buf[2048], irqb[600];
	size_t n;

	if (!d->wl.status)
		snprintf(buf, sizeof(buf), "%sSTATUS=running",
			 ready ? "READY=1\n" : "");
	else
		snprintf(buf, sizeof(buf), "%sSTATUS=running; the kernel "
			 "refuses the whitelist (%s), retrying",
			 ready ? "READY=1\n" : "", strerror(-d->wl.status));
	/* Coexistence (irqbalance.c, tuned.c). */
	isold_irqbalance_status(d, irqb, sizeof(irqb));
	n = strlen(buf);
	snprintf(buf + n, sizeof(buf) - n, "%s", irqb);
	n = strlen(buf);
	if (d->irq_changes_total)
		snprintf(buf + n, sizeof(buf) - n, "; %llu IRQ change(s) "
			 "onto RT CPUs reverted, the last: %s",
			 (unsigned long long)d->irq_changes_total,
			 d->irq_changes[(d->irq_changes_next +
					 ISOLD_IRQ_CHANGES - 1) %
					ISOLD_IRQ_CHANGES]);
	n = strlen(buf);
	if (d->tuned_conflict[0])
		snprintf(buf + n, sizeof(buf) - n, "; %s", d->tuned_conflict);
	notify_send(buf);
}

void isold_notify_status(struct isold *d)
{
	notify_status(d, false);
}

/*
 * The outcome of an attempt to write the whitelist: in force, or refused
 * and retried with exponential back-off (irq_recheck_ms doubled per
 * failure, at most 5 minutes), logged on the first failure and then at
 * 2, 4, 8 ... attempts only.
 */
static void wl_result(struct isold *d, int ret, const char *why)
{
	uint64_t delay;
	unsigned int f;

	if (!ret) {
		if (d->wl.status)
			log_info("whitelist: in force again after %u failed "
				 "attempt(s)", d->wl.failures);
		d->wl.status = 0;
		d->wl.failures = 0;
		d->wl.next_ms = 0;
		return;
	}
	f = ++d->wl.failures;
	d->wl.status = ret;
	delay = (uint64_t)d->cfg->irq_recheck_ms << (f < 12 ? f : 12);
	if (delay > 300000)
		delay = 300000;
	d->wl.next_ms = now_ms() + delay;
	if (f == 1)
		log_err("whitelist: the kernel refuses it: %s; retrying with "
			"back-off (see isolctl status)", why);
	else if (!(f & (f - 1)))
		log_warn("whitelist: still refused after %u attempts (%s); "
			 "next in %llu ms", f, why, (unsigned long long)delay);
	else
		log_debug("whitelist: attempt %u refused (%s)", f, why);
}

static int apply(struct isold *d, char *why, size_t len)
{
	int ret = d->backend->apply(d, false, why, len);

	wl_result(d, ret, why);
	isold_steer(d, true);
	isold_irqbalance(d);
	return ret;
}

int isold_reload(struct isold *d)
{
	struct isold_config *cfg;
	cpu_set_t rt, hk, lost;
	char why[ISOLD_REASON_MAX];
	unsigned int i;
	int ret;

	d->reload.count++;
	notify_reloading();
	log_info("reloading %s", d->cfg->path);
	ret = load(d, d->cfg->path, &cfg, &rt, &hk, why, sizeof(why));
	if (ret) {
		d->st.reload_failures++;
		d->reload.status = ret;
		strcopy(d->reload.reason, sizeof(d->reload.reason), why);
		log_err("reload rejected; the previous configuration stays "
			"in force");
		notify_send("READY=1\nSTATUS=reload rejected, old config in "
			    "force");
		return ret;
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
	runtime_reload(d);
	summary(d, "reloaded");
	isold_tuned(d);
	why[0] = '\0';
	ret = apply(d, why, sizeof(why));
	if (ret)
		d->st.reload_failures++;
	d->reload.status = ret;
	d->reload.reason[0] = '\0';
	if (ret) {
		strcopy(d->reload.reason, sizeof(d->reload.reason),
			"configuration loaded, but the kernel refuses the "
			"whitelist: ");
		strcopy(d->reload.reason + strlen(d->reload.reason),
			sizeof(d->reload.reason) - strlen(d->reload.reason),
			why);
	}
	claims_save(d);
	notify_status(d, true);
	return ret;
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
	char why[ISOLD_REASON_MAX] = "";
	uint64_t n;
	int ret;

	if (read(d->timerfd, &n, sizeof(n)) < 0)
		return;
	isold_irqbalance(d);		/* irqbalance.c: paces itself */
	isold_steer_irqs(d, false);	/* IRQs that appeared or moved */
	if (d->wl.status) {
		if (now_ms() < d->wl.next_ms)
			return;		/* backing off */
	} else {
		if (!d->backend->verify(d, false))
			return;
		log_warn("whitelist changed behind isold's back; rewriting");
	}
	ret = d->backend->apply(d, d->wl.status != 0, why, sizeof(why));
	n = (uint64_t)d->wl.status;
	wl_result(d, ret, why);
	if ((uint64_t)d->wl.status != n)
		notify_status(d, false);
}

/* Returns false when it is time to stop. */
static bool on_signal(struct isold *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			isold_reload(d);
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
	notify_status(d, true);
	log_info("ready: %s backend, %u claim(s), listening on %s/%s",
		 d->backend->name, d->nclaims,
		 isol_paths_root(ISOL_ROOT_RUNDIR), ISOLD_SOCK_NAME);
	for (;;) {
		n = epoll_wait(d->epfd, evs, 32, server_expire(d));
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

static void on_conf_warning(const char *msg)
{
	log_warn("%s", msg);
}

int main(int argc, char **argv)
{
	static struct isold d;
	struct opts o = { 0 };
	char path[4096], why[ISOLD_REASON_MAX];
	unsigned int i;
	int ret;

	if (parse_opts(argc, argv, &o))
		return 2;
	conf_set_warn(on_conf_warning);
	conf_set_strict(true);	/* what others could write is refused */
	if (!o.config) {
		if (isol_path(ISOL_ROOT_CONFDIR, "isold.conf", path,
			      sizeof(path))) {
			log_err("config path too long");
			return 2;
		}
		o.config = path;
	}
	d.next_id = 1;
	d.lfd = d.epfd = d.sigfd = d.timerfd = -1;
	d.rundir_fd = d.lock_fd = -1;
	for (i = 0; i < ISOLD_MAX_CLIENTS; i++)
		d.clients[i].fd = -1;
	d.start_ms = now_ms();
	d.pin_best_effort = o.pin_best_effort;
	d.rl_denied = RATELIMIT_INIT(5000, 10);
	d.rl_refused = RATELIMIT_INIT(5000, 10);
	sched_getaffinity(0, sizeof(d.machine), &d.machine);
	boot_id(d.boot_id, sizeof(d.boot_id));

	if (load(&d, o.config, &d.cfg, &d.rt, &d.hk, NULL, 0))
		return 1;
	isold_tuned(&d);		/* tuned.c: warns */
	if (o.check) {
		summary(&d, "configuration OK:");
		return 0;
	}
	d.backend = backend_select(o.backend);
	if (!d.backend)
		return 1;
	/* Nothing is written anywhere before the run dir is ours. */
	if (rundir_open(&d) || rundir_lock(&d) || runtime_load(&d))
		return 1;
	summary(&d, "starting with");
	topo_load(&d.topo, &d.online);
	if (setup_fds(&d)) {
		log_err("setup: %s", strerror(errno));
		return 1;
	}
	if (d.backend->apply(&d, false, why, sizeof(why))) {
		log_err("the kernel refused the whitelist (%s); exiting", why);
		return 1;
	}
	if (claims_restore(&d))
		log_warn("journal could not be written; claims are not "
			 "crash-safe until it can");
	/* The runtime RT set settled first: a release a crash left half
	 * done is finished before steering looks at the RT CPUs. */
	runtime_start(&d);
	isold_steer(&d, true);
	isold_irqbalance(&d);
	debug_crash("restored");
	ret = server_listen(&d);
	if (ret)
		return 1;
	ret = run(&d);
	notify_send("STOPPING=1");
	server_close_all(&d);
	unlinkat(d.rundir_fd, ISOLD_SOCK_NAME, 0);
	claims_save(&d);
	log_info("stopped");
	return ret ? 1 : 0;
}
