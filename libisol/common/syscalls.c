// SPDX-License-Identifier: LGPL-2.1-or-later
/* syscalls.c - lookups over the generated per-ABI syscall tables. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls.h"

extern const struct syscall_ent syscalls_x86_64[], syscalls_ia32[];
extern const unsigned int syscalls_x86_64_count, syscalls_ia32_count;
extern const unsigned int syscalls_x86_64_nr_max, syscalls_ia32_nr_max;

static const struct syscall_ent *table(enum syscall_abi abi, unsigned int *n)
{
	if (abi == SYSCALL_ABI_IA32) {
		*n = syscalls_ia32_count;
		return syscalls_ia32;
	}
	*n = syscalls_x86_64_count;
	return syscalls_x86_64;
}

int syscall_abi_parse(const char *s)
{
	if (!strcmp(s, "x86_64"))
		return SYSCALL_ABI_X86_64;
	if (!strcmp(s, "ia32") || !strcmp(s, "i386"))
		return SYSCALL_ABI_IA32;
	return -EINVAL;
}

const char *syscall_abi_name(enum syscall_abi abi)
{
	return abi == SYSCALL_ABI_IA32 ? "ia32" : "x86_64";
}

unsigned int syscall_nr_max(enum syscall_abi abi)
{
	return abi == SYSCALL_ABI_IA32 ? syscalls_ia32_nr_max :
					 syscalls_x86_64_nr_max;
}

const char *syscall_name(enum syscall_abi abi, int nr)
{
	unsigned int i, n;
	const struct syscall_ent *t = table(abi, &n);

	for (i = 0; i < n; i++)
		if (t[i].nr == nr)
			return t[i].name;
	return NULL;
}

int syscall_lookup(enum syscall_abi abi, const char *s)
{
	unsigned int i, n;
	const struct syscall_ent *t = table(abi, &n);
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	if (*s >= '0' && *s <= '9') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || *end || v < 0 || v >= (long)syscall_nr_max(abi))
			return -EINVAL;
		return syscall_name(abi, (int)v) ? (int)v : -ENOENT;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, s))
			return t[i].nr;
	return -ENOENT;
}

const struct syscall_ent *syscall_entry(enum syscall_abi abi, unsigned int i)
{
	unsigned int n;
	const struct syscall_ent *t = table(abi, &n);

	return i < n ? &t[i] : NULL;
}
