// SPDX-License-Identifier: LGPL-2.1-or-later
/* profiles.c - the rule each isol-certify profile measures (profiles.h). */
#include <string.h>

#include "profiles.h"

/*
 * Linux x86 values: CLOCK_MONOTONIC 1, TIMER_ABSTIME 1, FUTEX_WAIT_PRIVATE
 * 128, FUTEX_WAKE_PRIVATE 129.  The predicates are spelled canonically
 * (test-rules checks that they are).
 */
static const struct cert_profile profiles[] = {
	{ "getpid", "getpid", "" },
	{ "getcpu", "getcpu", "" },
	{ "sched_yield", "sched_yield", "" },
	{ "clock_gettime:monotonic", "clock_gettime", "arg0=1" },
	{ "futex:wait-private", "futex", "arg1=128" },
	{ "futex:wake-private", "futex", "arg1=129" },
	{ "futex:wait-wake-private", "futex", "arg1=128,129" },
	{ "clock_nanosleep:abs-monotonic", "clock_nanosleep", "arg0=1 arg1=1" },
	{ "nanosleep:1ms", "nanosleep", "" },
	{ "write:pipe", "write", "fd0=pipe" },
	{ "write:eventfd", "write", "fd0=eventfd" },
	{ "read:eventfd", "read", "fd0=eventfd" },
	{ "read:timerfd", "read", "fd0=timerfd" },
	{ "sendto:unix-dgram", "sendto", "fd0=unix" },
	{ "fsync:tmpfs", "fsync", "fd0=shmem" },
	{ "read:pipe-wait", "read", "fd0=pipe" },
};

const struct cert_profile *cert_profile_at(unsigned int i)
{
	return i < sizeof(profiles) / sizeof(profiles[0]) ? &profiles[i] : NULL;
}

const struct cert_profile *cert_profile_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}
