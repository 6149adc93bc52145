/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtiso_uapi.h - the kernel ABI of RT isolation (shared/design/abi.md),
 * shipped with #ifndef fallbacks so userspace builds against any headers.
 */
#ifndef ISOL_COMMON_RTISO_UAPI_H
#define ISOL_COMMON_RTISO_UAPI_H

#include <sys/prctl.h>

#ifndef PR_RT_ISOLATION
#define PR_RT_ISOLATION			0x52544953	/* 'RTIS' */
#endif
#ifndef PR_RT_ISOLATION_SET
#define PR_RT_ISOLATION_SET		1
#endif
#ifndef PR_RT_ISOLATION_GET
#define PR_RT_ISOLATION_GET		2
#endif
#ifndef PR_RT_ISOLATION_OFF
#define PR_RT_ISOLATION_OFF		0
#define PR_RT_ISOLATION_DISPLACE	1
#define PR_RT_ISOLATION_AUDIT		2
#define PR_RT_ISOLATION_STRICT		3
#endif
#ifndef PR_RT_ISOLATION_F_NOTIFY
#define PR_RT_ISOLATION_F_NOTIFY	1
#endif

/*
 * si_code of the F_NOTIFY signal: kernel-only (positive), so no other
 * process can forge it with sigqueue(); the siginfo has the SIGSYS fields
 * si_syscall, si_arch and si_call_addr.
 */
#ifndef SI_RT_ISOLATION
#define SI_RT_ISOLATION			0x81
#endif

/* Kernel files, relative to the sysfs root (see paths.h). */
#define RTISO_SYSFS_RT_CPUS		"devices/system/cpu/rt_isolated"
#define RTISO_SYSFS_DIR			"kernel/rt_isolation"
#define RTISO_SYSFS_WL_X86_64		"kernel/rt_isolation/syscalls_x86_64"
#define RTISO_SYSFS_WL_IA32		"kernel/rt_isolation/syscalls_ia32"
#define RTISO_SYSFS_STATS		"kernel/rt_isolation/stats"
/* Argument rules (docs/argument-rules.md); absent on older kernels. */
#define RTISO_SYSFS_RULES_X86_64	"kernel/rt_isolation/rules_x86_64"
#define RTISO_SYSFS_RULES_IA32		"kernel/rt_isolation/rules_ia32"

#endif
