// SPDX-License-Identifier: LGPL-2.1-or-later
/* rtsetup.c - memory locking and stack prefaulting for isol_rt_enter(). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

#include "internal.h"

#define PREFAULT_MARGIN	(16 * 1024)	/* left untouched above the limit */
#define PAGE_STEP	4096

/* -EINVAL when @bytes below the current frame would leave the stack. */
int isol_check_stack(size_t bytes)
{
	pthread_attr_t attr;
	void *addr;
	size_t size;
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	int err;

	if (bytes > (size_t)1 << 30)
		return -EINVAL;
	err = pthread_getattr_np(pthread_self(), &attr);
	if (err)
		return -err;
	err = pthread_attr_getstack(&attr, &addr, &size);
	pthread_attr_destroy(&attr);
	if (err)
		return -err;
	if (sp < (uintptr_t)addr ||
	    sp - (uintptr_t)addr < bytes + PREFAULT_MARGIN)
		return -EINVAL;
	return 0;
}

/*
 * Touch one byte per page of the @bytes below this frame so that the RT
 * loop never takes a stack page fault.  Memory below the stack pointer is
 * dead, so writing it is harmless; ASan's shadow of it is stale, hence
 * no instrumentation here.
 */
__attribute__((noinline, no_sanitize_address))
void isol_prefault_stack(size_t bytes)
{
	volatile char *sp = (volatile char *)__builtin_frame_address(0);
	size_t off;

	for (off = PAGE_STEP; off <= bytes; off += PAGE_STEP)
		sp[-(ptrdiff_t)off] = 0;
}

/*
 * mlockall() is process-wide: the first isol_rt_enter() that asks for it
 * locks; nothing unlocks it except the rollback of that same call.
 */
static pthread_mutex_t mlock_lock = PTHREAD_MUTEX_INITIALIZER;
static bool mlock_done;

int isol_mlock_begin(bool *did)
{
	int err = 0;

	*did = false;
	pthread_mutex_lock(&mlock_lock);
	if (!mlock_done) {
		if (mlockall(MCL_CURRENT | MCL_FUTURE))
			err = -errno;
		else
			mlock_done = *did = true;
	}
	pthread_mutex_unlock(&mlock_lock);
	return err;
}

void isol_mlock_undo(void)
{
	pthread_mutex_lock(&mlock_lock);
	munlockall();
	mlock_done = false;
	pthread_mutex_unlock(&mlock_lock);
}
