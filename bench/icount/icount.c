// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * icount.c - a QEMU TCG plugin that counts the guest's instructions per
 * vCPU between markers the guest sets (bench/icount/mark.h).
 *
 *   qemu-system-x86_64 -icount shift=3,sleep=off \
 *       -plugin libicount.so,out=FILE[,sysmap=System.map][,top=N][,idle=SYM:SYM...]
 *
 * Every executed translation block adds its instruction count to one of
 * five counters of the vCPU that ran it:
 *   user    block at a lower-half address (user space)
 *   kernel  block at an upper-half address (x86-64 kernel space)
 *   spin_user, spin_kernel
 *           a block that holds a PAUSE (f3 90: cpu_relax()): waiting for
 *           another CPU, not work; how long it waits depends on how the
 *           vCPUs are interleaved, so it is kept apart
 *   idle    a kernel block inside one of the idle loop's functions (from
 *           System.map; the list is idle_default[] below or idle=): what
 *           the idle task runs while it has nothing to do
 * With sysmap= and top=N the plugin also keeps, per vCPU, the kernel
 * instructions (work, spin and idle) and the calls (executions of a block
 * that starts at the symbol) of every System.map text symbol, and writes
 * the N largest of each vCPU for every region; kernel blocks outside every
 * symbol are filed as "[kernel-other]".
 *
 * Output (out=FILE), one record per line:
 *   ic info KEY VALUE...
 *   ic region K cpu C user U kernel K spin_user SU spin_kernel SK idle I
 *   ic region K cpu C fn NAME insns N calls M
 *   ic warn TEXT
 *   ic total cpu C user ...                      (at exit)
 * A region is what ran between a begin marker and the next end marker,
 * on every vCPU; regions are numbered from 1 in the order they end.
 *
 * Counting is per block, at the block's start (one callback per executed
 * block): a block cut short by an exception (a page fault in its middle)
 * counts whole, and a block is filed under the symbol that holds its
 * first instruction.  Both are deterministic under -icount.  Counts repeat
 * only under -icount shift=N,sleep=off, where the vCPUs run round-robin on
 * one thread: in multi-threaded TCG the interleaving (and so every spin
 * and every timer tick) follows the host's scheduling.
 *
 * Debian's QEMU 7.2 ships no qemu-plugin.h: the few functions and types
 * used here are declared below, as in QEMU's include/qemu/qemu-plugin.h of
 * API version 1 (QEMU 4.2 to 8.1).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the QEMU plugin API, version 1 ----------------------------------- */

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;

typedef struct qemu_info_t {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_outs(const char *string);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv);

/* ---- counters ----------------------------------------------------------- */

enum { C_USER, C_KERNEL, C_SPIN_USER, C_SPIN_KERNEL, C_IDLE, NR_CLASSES };
static const char *const class_name[NR_CLASSES] = {
	"user", "kernel", "spin_user", "spin_kernel", "idle",
};

/*
 * What a block is, packed into the callback's userdata pointer (no
 * allocation per translation):
 *   bits  0-9   instructions in the block (TCG allows at most 512)
 *   bits 10-12  class (C_*)
 *   bit  13     the block starts at its symbol (an entry: one call)
 *   bits 14-15  marker (1 begin, 2 end, 0 none)
 *   bits 16-47  symbol index + 1 (0: none)
 */
#define UD_N(u)		((unsigned int)((u) & 0x3ff))
#define UD_CLASS(u)	((unsigned int)(((u) >> 10) & 7))
#define UD_ENTRY	(1ull << 13)
#define UD_MARK(u)	((unsigned int)(((u) >> 14) & 3))
#define UD_SYM(u)	((size_t)(((u) >> 16) & 0xffffffffull))

#define KERNEL_HALF	0xffff800000000000ull
#define MARK_MAGIC_HI	0x4943u

struct vcpu {
	uint64_t c[NR_CLASSES];
	uint64_t *insns;	/* per symbol (index 0: outside every symbol) */
	uint64_t *calls;
};

struct snap {
	uint64_t c[NR_CLASSES];
	uint64_t *insns;
	uint64_t *calls;
};

struct sym {
	uint64_t addr;
	char *name;
	bool idle;
};

static struct {
	FILE *out;
	unsigned int nr_vcpus;
	struct vcpu *vcpu;
	struct snap *snap;
	bool open;		/* a region has begun */
	unsigned long regions;
	unsigned long warnings;
	struct sym *sym;
	size_t nr_sym;
	uint64_t text_end;	/* end of the last symbol */
	unsigned int top;
	pthread_mutex_t lock;
} ic = { .lock = PTHREAD_MUTEX_INITIALIZER };

/*
 * The idle loop (kernel/sched/idle.c and what it calls to wait): the
 * instructions the idle task runs while it has nothing to do.  The NOHZ
 * tick stop/restart (tick_nohz_*), the scheduler's switch to and from the
 * idle task and the interrupt that ends the wait are not in this list:
 * they are work a CPU does because it went idle, and they are counted.
 * A name matches the symbol and its compiler clones (NAME.isra.0, ...).
 */
static const char *const idle_default[] = {
	"do_idle", "cpu_idle_poll", "cpuidle_idle_call", "default_idle_call",
	"arch_cpu_idle", "default_idle", "amd_e400_idle", "mwait_idle",
	"cpuidle_enter", "cpuidle_enter_state", "cpuidle_select",
	"cpuidle_reflect", "cpuidle_not_available", "cpuidle_get_cpu_driver",
	"cpuidle_get_device", "ladder_select_state", "ladder_reflect",
	"menu_select", "menu_reflect", "teo_select", "teo_reflect",
	"acpi_idle_enter", "acpi_idle_enter_s2idle", "acpi_idle_do_entry",
	"acpi_safe_halt", "acpi_processor_ffh_cstate_enter", "poll_idle",
	"haltpoll_enter_dead", "arch_cpu_idle_enter", "arch_cpu_idle_exit",
	"cpu_idle_poll_ctrl", "play_idle_precise", "current_clr_polling",
	NULL,
};

static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
	va_list ap;

	ic.warnings++;
	if (!ic.out)
		return;
	fputs("ic warn ", ic.out);
	va_start(ap, fmt);
	vfprintf(ic.out, fmt, ap);
	va_end(ap);
	fputc('\n', ic.out);
	fflush(ic.out);
}

/* ---- System.map ------------------------------------------------------- */

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool name_in(const char *name, const char *const *list, size_t n)
{
	size_t len = strcspn(name, ".");
	size_t i;

	for (i = 0; i < n && list[i]; i++)
		if (strlen(list[i]) == len && !strncmp(name, list[i], len))
			return true;
	return false;
}

/* Symbol index + 1 of the text symbol holding @addr, 0 if none. */
static size_t sym_of(uint64_t addr)
{
	size_t lo = 0, hi = ic.nr_sym;

	if (!ic.nr_sym || addr < ic.sym[0].addr || addr >= ic.text_end)
		return 0;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (ic.sym[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1;
}

static int load_sysmap(const char *path, const char *const *idle, size_t nidle)
{
	char line[512];
	size_t cap = 0, n_idle = 0, i;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char type, name[400];
		uint64_t addr;

		if (sscanf(line, "%" SCNx64 " %c %399s", &addr, &type, name) != 3)
			continue;
		if (!strcmp(name, "_etext")) {
			ic.text_end = addr;
			continue;
		}
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		if (addr < KERNEL_HALF)
			continue;
		if (ic.nr_sym == cap) {
			struct sym *s;

			cap = cap ? cap * 2 : 16384;
			s = realloc(ic.sym, cap * sizeof(*s));
			if (!s) {
				fclose(f);
				return -ENOMEM;
			}
			ic.sym = s;
		}
		ic.sym[ic.nr_sym].addr = addr;
		ic.sym[ic.nr_sym].name = strdup(name);
		if (!ic.sym[ic.nr_sym].name) {
			fclose(f);
			return -ENOMEM;
		}
		ic.sym[ic.nr_sym].idle = name_in(name, idle, nidle);
		n_idle += ic.sym[ic.nr_sym].idle;
		ic.nr_sym++;
	}
	fclose(f);
	if (!ic.nr_sym)
		return -ENOENT;
	qsort(ic.sym, ic.nr_sym, sizeof(*ic.sym), cmp_sym);
	/* Symbols past _etext (init text, entry trampolines) end at the next. */
	if (ic.text_end <= ic.sym[ic.nr_sym - 1].addr)
		ic.text_end = ic.sym[ic.nr_sym - 1].addr + 4096;
	fprintf(ic.out, "ic info sysmap %s symbols %zu idle_symbols %zu\n",
		path, ic.nr_sym, n_idle);
	for (i = 0; i < ic.nr_sym; i++)
		if (ic.sym[i].idle)
			fprintf(ic.out, "ic info idle %s %#" PRIx64 " %#" PRIx64 "\n",
				ic.sym[i].name, ic.sym[i].addr,
				i + 1 < ic.nr_sym ? ic.sym[i + 1].addr : ic.text_end);
	return 0;
}

/* ---- regions ---------------------------------------------------------- */

static void take_snapshot(void)
{
	unsigned int v;

	for (v = 0; v < ic.nr_vcpus; v++) {
		memcpy(ic.snap[v].c, ic.vcpu[v].c, sizeof(ic.snap[v].c));
		if (ic.top) {
			memcpy(ic.snap[v].insns, ic.vcpu[v].insns,
			       (ic.nr_sym + 1) * sizeof(uint64_t));
			memcpy(ic.snap[v].calls, ic.vcpu[v].calls,
			       (ic.nr_sym + 1) * sizeof(uint64_t));
		}
	}
}

static void write_counts(const uint64_t *now, const uint64_t *then)
{
	int k;

	for (k = 0; k < NR_CLASSES; k++)
		fprintf(ic.out, " %s %" PRIu64, class_name[k],
			now[k] - (then ? then[k] : 0));
	fputc('\n', ic.out);
}

struct prof {
	size_t sym;
	uint64_t insns;
};

static int cmp_prof(const void *a, const void *b)
{
	const struct prof *x = a, *y = b;

	if (x->insns != y->insns)
		return x->insns > y->insns ? -1 : 1;
	return x->sym < y->sym ? -1 : x->sym > y->sym;
}

/* The ic.top symbols of vCPU @v with the most instructions in the region. */
static void write_profile(unsigned int v)
{
	const struct vcpu *cur = &ic.vcpu[v];
	const struct snap *old = &ic.snap[v];
	struct prof *p = malloc((ic.nr_sym + 1) * sizeof(*p));
	size_t n = 0, s, j;

	if (!p)
		return;
	for (s = 0; s <= ic.nr_sym; s++)
		if (cur->insns[s] != old->insns[s])
			p[n++] = (struct prof){ s, cur->insns[s] - old->insns[s] };
	qsort(p, n, sizeof(*p), cmp_prof);
	for (j = 0; j < n && j < ic.top; j++) {
		s = p[j].sym;
		fprintf(ic.out, "ic region %lu cpu %u fn %s insns %" PRIu64
			" calls %" PRIu64 "\n", ic.regions, v,
			s ? ic.sym[s - 1].name : "[kernel-other]", p[j].insns,
			cur->calls[s] - old->calls[s]);
	}
	free(p);
}

static void marker(unsigned int op, unsigned int vcpu)
{
	unsigned int v;

	pthread_mutex_lock(&ic.lock);
	if (op == 1) {
		if (ic.open)
			warn("begin on cpu %u inside an open region: restarted", vcpu);
		take_snapshot();
		ic.open = true;
	} else if (!ic.open) {
		warn("end on cpu %u without a begin: ignored", vcpu);
	} else {
		ic.open = false;
		ic.regions++;
		for (v = 0; v < ic.nr_vcpus; v++) {
			fprintf(ic.out, "ic region %lu cpu %u", ic.regions, v);
			write_counts(ic.vcpu[v].c, ic.snap[v].c);
		}
		if (ic.top)
			for (v = 0; v < ic.nr_vcpus; v++)
				write_profile(v);
		fflush(ic.out);
	}
	pthread_mutex_unlock(&ic.lock);
}

/* ---- callbacks ---------------------------------------------------------- */

static void tb_exec(unsigned int vcpu, void *udata)
{
	uint64_t u = (uintptr_t)udata;
	struct vcpu *v;

	if (vcpu >= ic.nr_vcpus)
		return;
	v = &ic.vcpu[vcpu];
	/*
	 * Both markers act at the start of their block: a begin marker's
	 * block is inside the region, an end marker's outside.
	 */
	if (UD_MARK(u))
		marker(UD_MARK(u), vcpu);
	v->c[UD_CLASS(u)] += UD_N(u);
	if (ic.top && UD_CLASS(u) != C_USER && UD_CLASS(u) != C_SPIN_USER) {
		v->insns[UD_SYM(u)] += UD_N(u);
		if (u & UD_ENTRY)
			v->calls[UD_SYM(u)]++;
	}
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i, s = 0;
	uint64_t pc = qemu_plugin_tb_vaddr(tb), u;
	bool kernel = pc >= KERNEL_HALF, pause = false;
	unsigned int cls, mark = 0;

	(void)id;
	for (i = 0; i < n; i++) {
		const struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const uint8_t *b = qemu_plugin_insn_data(insn);
		size_t sz = qemu_plugin_insn_size(insn);

		if (sz == 2 && b[0] == 0xf3 && b[1] == 0x90)
			pause = true;
		else if (sz == 7 && b[0] == 0x0f && b[1] == 0x1f && b[2] == 0x80 &&
			 b[4] == 0 && b[5] == (MARK_MAGIC_HI & 0xff) &&
			 b[6] == (MARK_MAGIC_HI >> 8) && (b[3] == 1 || b[3] == 2))
			mark = b[3];
	}
	if (kernel)
		s = sym_of(pc);
	if (kernel && s && ic.sym[s - 1].idle)
		cls = C_IDLE;
	else if (pause)
		cls = kernel ? C_SPIN_KERNEL : C_SPIN_USER;
	else
		cls = kernel ? C_KERNEL : C_USER;
	u = (uint64_t)(n & 0x3ff) | (uint64_t)cls << 10 | (uint64_t)mark << 14 |
	    (uint64_t)s << 16;
	if (s && ic.sym[s - 1].addr == pc)
		u |= UD_ENTRY;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
					     (void *)(uintptr_t)u);
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	unsigned int v;

	(void)id;
	(void)p;
	if (ic.open)
		warn("a region was still open at exit");
	for (v = 0; v < ic.nr_vcpus; v++) {
		fprintf(ic.out, "ic total cpu %u", v);
		write_counts(ic.vcpu[v].c, NULL);
	}
	fprintf(ic.out, "ic info regions %lu warnings %lu\n", ic.regions, ic.warnings);
	fclose(ic.out);
	ic.out = NULL;
}

/* ---- install ---------------------------------------------------------- */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	char msg[512];
	int len = snprintf(msg, sizeof(msg), "icount plugin: ");
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + len, sizeof(msg) - (size_t)len - 1, fmt, ap);
	va_end(ap);
	strcat(msg, "\n");
	qemu_plugin_outs(msg);
	fputs(msg, stderr);
	return -1;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *out = NULL, *sysmap = NULL;
	const char *idle[64];
	size_t nidle = 0;
	char *idle_arg = NULL;
	unsigned int v;
	int i, err;

	for (i = 0; idle_default[i]; i++)
		idle[nidle++] = idle_default[i];
	for (i = 0; i < argc; i++) {
		char *a = argv[i];

		if (!strncmp(a, "out=", 4)) {
			out = a + 4;
		} else if (!strncmp(a, "sysmap=", 7)) {
			sysmap = a + 7;
		} else if (!strncmp(a, "top=", 4)) {
			ic.top = (unsigned int)strtoul(a + 4, NULL, 10);
		} else if (!strncmp(a, "idle=", 5)) {
			char *tok, *save = NULL;

			/* replaces the default list; ':'-separated */
			idle_arg = strdup(a + 5);
			if (!idle_arg)
				return fail("out of memory");
			nidle = 0;
			for (tok = strtok_r(idle_arg, ":", &save); tok && nidle < 63;
			     tok = strtok_r(NULL, ":", &save))
				idle[nidle++] = tok;
		} else {
			return fail("unknown argument '%s' (out= sysmap= top= idle=)", a);
		}
	}
	idle[nidle] = NULL;
	if (!info->system_emulation || strcmp(info->target_name, "x86_64"))
		return fail("needs qemu-system-x86_64 (target %s)", info->target_name);
	if (!out)
		return fail("out=FILE is required");
	ic.out = fopen(out, "w");
	if (!ic.out)
		return fail("cannot write %s: %s", out, strerror(errno));
	ic.nr_vcpus = (unsigned int)info->system.max_vcpus;
	fprintf(ic.out, "ic info version 1 vcpus %u smp %d api %d-%d\n",
		ic.nr_vcpus, info->system.smp_vcpus, info->version.min,
		info->version.cur);
	if (sysmap) {
		err = load_sysmap(sysmap, idle, nidle);
		if (err)
			return fail("cannot read the text symbols of %s: %s", sysmap, strerror(-err));
	} else {
		ic.top = 0;
		fprintf(ic.out, "ic info sysmap none (no idle exclusion, no profile)\n");
	}
	ic.vcpu = calloc(ic.nr_vcpus, sizeof(*ic.vcpu));
	ic.snap = calloc(ic.nr_vcpus, sizeof(*ic.snap));
	if (!ic.vcpu || !ic.snap)
		return fail("out of memory");
	for (v = 0; v < ic.nr_vcpus && ic.top; v++) {
		ic.vcpu[v].insns = calloc(ic.nr_sym + 1, sizeof(uint64_t));
		ic.vcpu[v].calls = calloc(ic.nr_sym + 1, sizeof(uint64_t));
		ic.snap[v].insns = calloc(ic.nr_sym + 1, sizeof(uint64_t));
		ic.snap[v].calls = calloc(ic.nr_sym + 1, sizeof(uint64_t));
		if (!ic.vcpu[v].insns || !ic.vcpu[v].calls || !ic.snap[v].insns ||
		    !ic.snap[v].calls)
			return fail("out of memory");
	}
	fprintf(ic.out, "ic info top %u\n", ic.top);
	fflush(ic.out);
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
