/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bitlist.h - the one parser/formatter of the kernel's "bitmap list" syntax
 * ("0-3,5,8-15:2/4") used by cpulists and syscall-number whitelists alike.
 */
#ifndef ISOL_COMMON_BITLIST_H
#define ISOL_COMMON_BITLIST_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>

#define BITLIST_LONG_BITS	(8 * sizeof(unsigned long))
#define BITLIST_MAX_BITS	4096	/* widest set parsed (CPU_SETSIZE fits) */
#define BITLIST_LONGS(n)	(((n) + BITLIST_LONG_BITS - 1) / BITLIST_LONG_BITS)

static inline void bitlist_set(unsigned long *bits, unsigned int i)
{
	bits[i / BITLIST_LONG_BITS] |= 1UL << (i % BITLIST_LONG_BITS);
}

static inline void bitlist_clear(unsigned long *bits, unsigned int i)
{
	bits[i / BITLIST_LONG_BITS] &= ~(1UL << (i % BITLIST_LONG_BITS));
}

static inline bool bitlist_test(const unsigned long *bits, unsigned int i)
{
	return bits[i / BITLIST_LONG_BITS] & (1UL << (i % BITLIST_LONG_BITS));
}

/*
 * bitlist_parse - parse @s into @bits (@nbits wide), as the kernel's
 * bitmap_parselist() does: comma-separated "N", "N-M" or "N-M:used/group"
 * items; surrounding white space and one trailing newline are accepted; an
 * empty string yields an empty set.  On error @bits is left untouched.
 * @nbits is at most BITLIST_MAX_BITS.
 *
 * Returns 0, -EINVAL for malformed input, -ERANGE for a bit >= @nbits.
 */
int bitlist_parse(const char *s, unsigned long *bits, unsigned int nbits);

/*
 * bitlist_format - print @bits in canonical list form ("0-3,5") into @buf.
 * Returns the string length, or -ENOSPC when @len is too small (the buffer
 * then holds a truncated, NUL-terminated prefix).
 */
int bitlist_format(const unsigned long *bits, unsigned int nbits,
		   char *buf, size_t len);

/* Number of set bits. */
unsigned int bitlist_weight(const unsigned long *bits, unsigned int nbits);

/* cpulist wrappers over cpu_set_t (CPU_SETSIZE bits). */
int cpulist_parse(const char *s, cpu_set_t *set);
int cpulist_format(const cpu_set_t *set, char *buf, size_t len);

/*
 * cpumask_parse_hex - the kernel's hex mask format ("f", "ff,ffffffff"),
 * as /proc/irq/default_smp_affinity and workqueue/cpumask use it.  Commas
 * between 32-bit groups are ignored; one trailing newline is accepted.
 * Returns 0 or -EINVAL (empty or malformed; @set untouched).
 */
int cpumask_parse_hex(const char *s, cpu_set_t *set);

/* cpumask_format_hex - print @set in that format; length or -ENOSPC. */
int cpumask_format_hex(const cpu_set_t *set, char *buf, size_t len);

#endif
