// SPDX-License-Identifier: LGPL-2.1-or-later
/* The generated syscall tables agree with the C library's numbers. */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

#include "syscalls.h"
#include "../../lib/tap.h"

int main(void)
{
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "getcpu") == SYS_getcpu,
	       "x86_64 getcpu = %d", SYS_getcpu);
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "futex") == SYS_futex,
	       "x86_64 futex");
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "clock_nanosleep") ==
	       SYS_clock_nanosleep, "x86_64 clock_nanosleep");
	TAP_OK(syscall_lookup(SYSCALL_ABI_IA32, "getcpu") == 318,
	       "ia32 getcpu = 318");
	TAP_OK(syscall_lookup(SYSCALL_ABI_IA32, "rt_sigreturn") == 173,
	       "ia32 rt_sigreturn = 173");
	TAP_OK(!strcmp(syscall_name(SYSCALL_ABI_X86_64, 0), "read"),
	       "x86_64 0 is read");
	TAP_OK(syscall_name(SYSCALL_ABI_X86_64, 512) == NULL,
	       "x32-only numbers are absent");
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "202") == 202,
	       "numbers are accepted");
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "nosuchcall") == -ENOENT,
	       "unknown name -> -ENOENT");
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "99999") == -EINVAL,
	       "out-of-range number -> -EINVAL");
	TAP_OK(syscall_lookup(SYSCALL_ABI_X86_64, "") == -EINVAL,
	       "empty -> -EINVAL");
	TAP_OK(syscall_abi_parse("ia32") == SYSCALL_ABI_IA32 &&
	       syscall_abi_parse("x32") == -EINVAL, "ABI names");
	TAP_OK(syscall_nr_max(SYSCALL_ABI_X86_64) > 400, "x86_64 nr_max");
	return tap_done();
}
