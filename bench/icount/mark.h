/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mark.h - guest side of the icount plugin (bench/icount/icount.c): the
 * markers that open and close a counted region.
 *
 * A marker is a 7-byte NOP whose displacement is a magic number,
 * "nopl 0x4943000N(%rax)" (0f 1f 80 0N 00 43 49): it does nothing on any
 * x86-64 CPU, with or without the plugin, and the plugin recognises it
 * by its bytes when it translates the block, wherever the code lives
 * (static or PIE, any address, any process).  N = 1 opens a region
 * (snapshot of every vCPU's counters), N = 2 closes it (the plugin writes
 * the difference).  The markers sit in functions of their own so that the
 * block holding one starts at the function: the region then starts and
 * ends at the calls, not somewhere inside a caller's block.
 *
 * Regions are numbered by the plugin in the order they close; a guest
 * program says what region k was by printing "ICOUNT <label> <calls>"
 * after closing it (ic_end_print()), and bench/icount/join.sh pairs the
 * k-th such line of the console log with the k-th region of the plugin's
 * output.
 */
#ifndef RTISOL_ICOUNT_MARK_H
#define RTISOL_ICOUNT_MARK_H

#include <stdio.h>

#define IC_MARK_MAGIC	0x49430000u	/* "IC" */
#define IC_MARK_BEGIN	1u
#define IC_MARK_END	2u

__attribute__((noinline, unused)) static void ic_begin(void)
{
	__asm__ volatile(".byte 0x0f, 0x1f, 0x80, 0x01, 0x00, 0x43, 0x49" ::: "memory");
}

__attribute__((noinline, unused)) static void ic_end(void)
{
	__asm__ volatile(".byte 0x0f, 0x1f, 0x80, 0x02, 0x00, 0x43, 0x49" ::: "memory");
}

/* Close the region and say what it was: @calls operations of @label. */
__attribute__((unused)) static void ic_end_print(const char *label, long calls)
{
	ic_end();
	printf("ICOUNT %s %ld\n", label, calls);
	fflush(stdout);
}

#endif
