// SPDX-License-Identifier: LGPL-2.1-or-later
/* bitlist.c - kernel "bitmap list" syntax, the one implementation. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bitlist.h"

static int parse_uint(const char **sp, unsigned int *out)
{
	const char *s = *sp;
	unsigned long v = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 0x7fffffffUL)
			return -ERANGE;
		s++;
	}
	*sp = s;
	*out = (unsigned int)v;
	return 0;
}

/* Parse one "N", "N-M" or "N-M:used/group" item; advance *sp past it. */
static int parse_item(const char **sp, unsigned int nbits, unsigned long *tmp)
{
	unsigned int lo, hi, used = 1, group = 1, i;
	const char *s = *sp;
	int err;

	err = parse_uint(&s, &lo);
	if (err)
		return err;
	hi = lo;
	if (*s == '-') {
		s++;
		err = parse_uint(&s, &hi);
		if (err)
			return err;
		if (*s == ':') {
			s++;
			err = parse_uint(&s, &used);
			if (err)
				return err;
			if (*s++ != '/')
				return -EINVAL;
			err = parse_uint(&s, &group);
			if (err)
				return err;
			if (!used || !group || used > group)
				return -EINVAL;
		}
	}
	if (hi < lo)
		return -EINVAL;
	if (hi >= nbits)
		return -ERANGE;
	for (i = lo; i <= hi; i++)
		if ((i - lo) % group < used)
			bitlist_set(tmp, i);
	*sp = s;
	return 0;
}

int bitlist_parse(const char *s, unsigned long *bits, unsigned int nbits)
{
	unsigned long tmp[BITLIST_LONGS(BITLIST_MAX_BITS)];
	size_t nl = BITLIST_LONGS(nbits);
	int err;

	if (nbits > BITLIST_MAX_BITS)
		return -EINVAL;
	memset(tmp, 0, sizeof(tmp));
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s && *s != '\n' && *s != ' ' && *s != '\t') {
		err = parse_item(&s, nbits, tmp);
		if (err)
			return err;
		if (*s == ',') {
			s++;
			if (!isdigit((unsigned char)*s))
				return -EINVAL;
		} else if (*s && *s != '\n' && *s != ' ' && *s != '\t') {
			return -EINVAL;
		}
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	memcpy(bits, tmp, nl * sizeof(unsigned long));
	return 0;
}

int bitlist_format(const unsigned long *bits, unsigned int nbits,
		   char *buf, size_t len)
{
	size_t off = 0;
	unsigned int i = 0;
	bool first = true;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	while (i < nbits) {
		unsigned int start;
		int n;

		if (!bitlist_test(bits, i)) {
			i++;
			continue;
		}
		start = i;
		while (i + 1 < nbits && bitlist_test(bits, i + 1))
			i++;
		if (start == i)
			n = snprintf(buf + off, len - off, "%s%u",
				     first ? "" : ",", start);
		else
			n = snprintf(buf + off, len - off, "%s%u-%u",
				     first ? "" : ",", start, i);
		if (n < 0 || (size_t)n >= len - off)
			return -ENOSPC;
		off += (size_t)n;
		first = false;
		i++;
	}
	return (int)off;
}

unsigned int bitlist_weight(const unsigned long *bits, unsigned int nbits)
{
	unsigned int i, w = 0;

	for (i = 0; i < nbits; i++)
		w += bitlist_test(bits, i);
	return w;
}

int cpulist_parse(const char *s, cpu_set_t *set)
{
	return bitlist_parse(s, (unsigned long *)(void *)set, CPU_SETSIZE);
}

int cpulist_format(const cpu_set_t *set, char *buf, size_t len)
{
	return bitlist_format((const unsigned long *)(const void *)set,
			      CPU_SETSIZE, buf, len);
}

int cpumask_parse_hex(const char *s, cpu_set_t *set)
{
	size_t n = strcspn(s, "\n");
	unsigned int bit = 0;
	cpu_set_t tmp;
	size_t i;

	if (!n || (s[n] == '\n' && s[n + 1]))
		return -EINVAL;
	CPU_ZERO(&tmp);
	for (i = n; i > 0; i--) {
		unsigned char c = (unsigned char)s[i - 1];
		unsigned int v, b;

		if (c == ',')
			continue;
		if (!isxdigit(c))
			return -EINVAL;
		v = isdigit(c) ? (unsigned int)(c - '0') :
				 (unsigned int)(tolower(c) - 'a' + 10);
		for (b = 0; b < 4; b++, bit++)
			if ((v >> b & 1) && bit < CPU_SETSIZE)
				CPU_SET(bit, &tmp);
	}
	*set = tmp;
	return 0;
}

int cpumask_format_hex(const cpu_set_t *set, char *buf, size_t len)
{
	int top = -1, w, cpu;
	size_t off = 0;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, set))
			top = cpu;
	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	for (w = top < 0 ? 0 : top / 32; w >= 0; w--) {
		unsigned int word = 0;
		int b, k;

		for (b = 0; b < 32; b++)
			if (CPU_ISSET(w * 32 + b, set))
				word |= 1u << b;
		k = snprintf(buf + off, len - off, off ? ",%08x" : "%x", word);
		if (k < 0 || (size_t)k >= len - off)
			return -ENOSPC;
		off += (size_t)k;
	}
	return (int)off;
}
