/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * profiles.h - the argument profiles isol-certify measures, with the rule
 * each one measured (docs/argument-rules.md): the evidence a certified
 * whitelist record points at with "profile = NAME".  The record parser
 * (record.c) refuses a certified record whose rule is wider than its
 * profile's; isol-certify (tools/certify/profiles.c) holds the code that
 * measures each profile and must have an entry here for every one.
 */
#ifndef ISOL_COMMON_PROFILES_H
#define ISOL_COMMON_PROFILES_H

struct cert_profile {
	const char *name;	/* "write:pipe" */
	const char *syscall;	/* "write" (syscalls.h name) */
	const char *args;	/* the rule's predicates, canonical; "" when the
				 * profile constrains no argument */
};

/* The profile called @name, or NULL. */
const struct cert_profile *cert_profile_find(const char *name);
/* The @i-th profile, NULL past the end. */
const struct cert_profile *cert_profile_at(unsigned int i);

#endif
