/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syscalls.h - syscall name <-> number per ABI, generated at build time from
 * the kernel's syscall_64.tbl / syscall_32.tbl.  Shared by libisol, isold
 * and the tools: the one syscall-name table of the project.
 */
#ifndef ISOL_COMMON_SYSCALLS_H
#define ISOL_COMMON_SYSCALLS_H

enum syscall_abi {
	SYSCALL_ABI_X86_64 = 0,
	SYSCALL_ABI_IA32 = 1,
	SYSCALL_ABI_COUNT
};

struct syscall_ent {
	int nr;
	const char *name;
};

/* "x86_64" or "ia32" (also "i386") -> ABI; -EINVAL otherwise. */
int syscall_abi_parse(const char *s);
/* ABI -> "x86_64" / "ia32". */
const char *syscall_abi_name(enum syscall_abi abi);

/* Size of the ABI's number space: every valid number is below this. */
unsigned int syscall_nr_max(enum syscall_abi abi);

/* Name of @nr, or NULL when the ABI has no syscall with that number. */
const char *syscall_name(enum syscall_abi abi, int nr);

/*
 * syscall_lookup - resolve a syscall name ("futex") or a decimal number
 * ("202") for @abi.  Returns the number, or -ENOENT / -EINVAL.
 */
int syscall_lookup(enum syscall_abi abi, const char *name_or_nr);

/* Iterate: the i-th table entry (in table order), NULL past the end. */
const struct syscall_ent *syscall_entry(enum syscall_abi abi, unsigned int i);

#endif
