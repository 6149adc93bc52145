// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ictest - the guest side of the icount plugin's self-test
 * (bench/icount/selftest.sh, a stage of `make check`).
 *
 *   ictest [--cpu C] [--loops K]
 *
 * Pinned to CPU C (default 2), runs four counted regions whose
 * instruction counts are known in advance, and prints after each
 *   ICOUNT <label> <K>
 *   ICEXPECT <label> <cpu> <class[+class]> <min> <max>
 * lines: the plugin's count of that class on that vCPU in that region
 * must lie in [min, max].  The regions are written in assembly so that
 * every block boundary is known:
 *
 *   user     4 user instructions a pass, K passes: 4K + 3 exactly
 *            (the +3: the block holding the begin marker carries the
 *            marker and the counter load, 6 instructions for the first
 *            pass's 4, and the jump to the end marker's block)
 *   syscall  K getppid() through the syscall instruction, 4 user
 *            instructions a pass: user 4K + 3 exactly; kernel between
 *            20 and 5000 a call (the split: every kernel instruction
 *            counted as kernel, none as user)
 *   pause    K passes of pause; dec; jnz: user + spin_user = 3K + 3,
 *            and at least K of them in blocks holding a PAUSE
 *   sleep    one 20 ms nanosleep: the CPU idles; some idle-loop
 *            instructions, counted apart (idle > 0)
 * Exit 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mark.h"

/* The magic NOPs of mark.h, inline: here the marker starts the block. */
#define BEGIN_NOP ".byte 0x0f, 0x1f, 0x80, 0x01, 0x00, 0x43, 0x49\n\t"
#define END_NOP   ".byte 0x0f, 0x1f, 0x80, 0x02, 0x00, 0x43, 0x49\n\t"

static void expect(const char *label, int cpu, const char *cls, long min, long max)
{
	printf("ICEXPECT %s %d %s %ld %ld\n", label, cpu, cls, min, max);
}

static void region_user(long k)
{
	unsigned long a = 0, d = 0;

	__asm__ volatile(
		"jmp 2f\n\t"
		"2:\n\t" BEGIN_NOP
		"mov %[k], %%rbx\n\t"
		"1: inc %[a]\n\t"
		"inc %[d]\n\t"
		"dec %%rbx\n\t"
		"jnz 1b\n\t"
		"jmp 3f\n\t"
		"3:\n\t" END_NOP
		: [a] "+r"(a), [d] "+r"(d)
		: [k] "r"(k)
		: "rbx", "cc", "memory");
}

static void region_syscall(long k)
{
	__asm__ volatile(
		"jmp 2f\n\t"
		"2:\n\t" BEGIN_NOP
		"mov %[k], %%rbx\n\t"
		"1: mov $110, %%eax\n\t"	/* getppid */
		"syscall\n\t"
		"dec %%rbx\n\t"
		"jnz 1b\n\t"
		"jmp 3f\n\t"
		"3:\n\t" END_NOP
		:
		: [k] "r"(k)
		: "rax", "rbx", "rcx", "r11", "cc", "memory");
}

static void region_pause(long k)
{
	__asm__ volatile(
		"jmp 2f\n\t"
		"2:\n\t" BEGIN_NOP
		"mov %[k], %%rbx\n\t"
		"1: pause\n\t"
		"dec %%rbx\n\t"
		"jnz 1b\n\t"
		"jmp 3f\n\t"
		"3:\n\t" END_NOP
		:
		: [k] "r"(k)
		: "rbx", "cc", "memory");
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	long k = 200000, ks;
	int cpu = 2, i;
	cpu_set_t set;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cpu") && i + 1 < argc)
			cpu = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--loops") && i + 1 < argc)
			k = strtol(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: ictest [--cpu C] [--loops K]\n");
			return 1;
		}
	}
	if (k < 1) {
		fprintf(stderr, "ictest: --loops must be positive\n");
		return 1;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "ictest: sched_setaffinity(%d): %s\n", cpu, strerror(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	region_user(k);
	printf("ICOUNT user %ld\n", k);
	expect("user", cpu, "user", 4 * k + 3, 4 * k + 3);

	ks = k / 10 > 0 ? k / 10 : 1;
	region_syscall(ks);
	printf("ICOUNT syscall %ld\n", ks);
	expect("syscall", cpu, "user", 4 * ks + 3, 4 * ks + 3);
	expect("syscall", cpu, "kernel", 20 * ks, 5000 * ks);

	region_pause(k);
	printf("ICOUNT pause %ld\n", k);
	expect("pause", cpu, "user+spin_user", 3 * k + 3, 3 * k + 3);
	expect("pause", cpu, "spin_user", k, 3 * k + 3);

	ic_begin();
	nanosleep(&ts, NULL);
	ic_end_print("sleep", 1);
	expect("sleep", cpu, "idle", 1, 1000000000L);
	return 0;
}
