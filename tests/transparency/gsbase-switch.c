// SPDX-License-Identifier: GPL-2.0-only
/*
 * gsbase-switch - does a context switch change this task's GS base?
 *
 *   gsbase-switch --syscall        one getppid() in between
 *   gsbase-switch --preempt SECS   spin in user mode, no syscall, while a
 *                                  child spins on the same CPUs
 *
 * The x86 fsgsbase_64 selftest differs between a plain and a displaced run
 * on CPUs without FSGSBASE (tests/transparency/README.md).  This is its
 * core, without signals or ptrace: ARCH_SET_GS(B), then "mov 0, %gs"
 * (which zeroes the base on CPUs without X86_BUG_NULL_SEG), then watch the
 * base through a GS-relative load of a two-page mapping: page 0 reads 0,
 * page 1 (B = 4096 further) reads 1.  Without FSGSBASE, a context switch
 * saves a null selector's base as the last ARCH_SET_GS value (it does not
 * read the MSR: save_base_legacy() in arch/x86/kernel/process_64.c) and
 * restores it, so the base silently goes back from 0 to B.
 *
 * --syscall shows it for a displaced task (displacement switches context
 * on every syscall); --preempt shows the same for a plain task that is
 * merely preempted.  Exit: 0 the base stayed 0, 1 it changed back to B,
 * 4 (skip) the null selector load did not zero the base or FSGSBASE is
 * enabled (the kernel then saves the real base), 2 error.
 */
#include <asm/prctl.h>
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KSFT_SKIP	4
#define HWCAP2_FSGSBASE	(1 << 1)

static unsigned char gs_byte(const unsigned char *addr)
{
	unsigned char v;

	asm volatile("movb %%gs:(%1), %0" : "=q" (v) : "r" (addr) : "memory");
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);	/* vDSO: no syscall */
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	int preempt = argc == 3 && !strcmp(argv[1], "--preempt");
	double secs = preempt ? atof(argv[2]) : 0, t0;
	unsigned char *m;
	unsigned long spins = 0;
	pid_t child = 0;
	int changed;

	if (!preempt && !(argc == 2 && !strcmp(argv[1], "--syscall"))) {
		fprintf(stderr, "usage: gsbase-switch --syscall | --preempt SECS\n");
		return 2;
	}
	if (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) {
		printf("FSGSBASE is enabled: the kernel saves the real base; skipped\n");
		return KSFT_SKIP;
	}
	m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		err(2, "mmap");
	m[page] = 1;

	if (preempt) {
		child = fork();
		if (child < 0)
			err(2, "fork");
		if (!child)
			for (;;)
				asm volatile("" ::: "memory");
		usleep(10000);	/* let the spinner start */
	}

	if (syscall(SYS_arch_prctl, ARCH_SET_GS, page))
		err(2, "ARCH_SET_GS");
	asm volatile("mov %0, %%gs" : : "rm" ((unsigned short)0));
	if (gs_byte(m) != 0) {
		printf("loading a null selector kept the base (X86_BUG_NULL_SEG); skipped\n");
		if (child)
			kill(child, SIGKILL);
		return KSFT_SKIP;
	}

	if (preempt) {
		t0 = now();
		while (gs_byte(m) == 0 && now() - t0 < secs)
			spins++;
	} else {
		syscall(SYS_getppid);
	}
	changed = gs_byte(m) != 0;
	if (child) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	if (changed)
		printf("GS base went back from 0 to the ARCH_SET_GS value 0x%lx%s\n",
		       page, preempt ? " while spinning (preempted)" : " across getppid()");
	else
		printf("GS base stayed 0%s\n", preempt ? " while spinning" : " across getppid()");
	return changed;
}
