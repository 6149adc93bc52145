// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * backend_kernel.c - the patched kernel: the whitelist lives in
 * /sys/kernel/rt_isolation/syscalls_{x86_64,ia32}; each write replaces a
 * whole set atomically (abi.md), so isold writes the full list and reads
 * it back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bitlist.h"
#include "fileio.h"
#include "isold.h"
#include "log.h"
#include "paths.h"
#include "rtiso_uapi.h"

static const char *const wl_file[SYSCALL_ABI_COUNT] = {
	[SYSCALL_ABI_X86_64] = RTISO_SYSFS_WL_X86_64,
	[SYSCALL_ABI_IA32] = RTISO_SYSFS_WL_IA32,
};

#define LIST_MAX 8192

static int wl_path(enum syscall_abi abi, char *path, size_t len)
{
	return isol_path(ISOL_ROOT_SYSFS, wl_file[abi], path, len);
}

static unsigned int wl_bits(enum syscall_abi abi)
{
	unsigned int n = syscall_nr_max(abi);

	return n > ISOLD_MAX_SYSCALLS ? ISOLD_MAX_SYSCALLS : n;
}

/* 1 when the kernel's set for @abi equals cfg's, 0 if not, -errno. */
static int same(struct isold *d, enum syscall_abi abi)
{
	unsigned long cur[BITLIST_LONGS(ISOLD_MAX_SYSCALLS)] = { 0 };
	char path[4096], buf[LIST_MAX];
	ssize_t n;
	int ret;

	if (wl_path(abi, path, sizeof(path)))
		return -ENAMETOOLONG;
	n = read_text_file(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	ret = bitlist_parse(buf, cur, ISOLD_MAX_SYSCALLS);
	if (ret)
		return ret;
	return !memcmp(cur, d->cfg->allowed[abi], sizeof(cur));
}

static int kernel_apply(struct isold *d, bool quiet, char *why, size_t len)
{
	char path[4096], list[LIST_MAX];
	unsigned int abi;
	int ret, err = 0;

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		if (wl_path(abi, path, sizeof(path)))
			return -ENAMETOOLONG;
		if (access(path, F_OK) && abi == SYSCALL_ABI_IA32) {
			if (!quiet)
				log_info("whitelist: %s absent (no "
					 "IA32_EMULATION)", path);
			continue;
		}
		ret = bitlist_format(d->cfg->allowed[abi], wl_bits(abi), list,
				     sizeof(list));
		if (ret < 0)
			return ret;
		ret = write_text_file(path, ret ? list : "\n");
		if (!ret)
			ret = same(d, abi) == 1 ? 0 : -EIO;
		if (ret) {
			log_msg(quiet ? LOG_DEBUG : LOG_ERR,
				"whitelist: writing %s: %s", path,
				strerror(-ret));
			if (!err)
				snprintf(why, len, "%s: %s", path,
					 strerror(-ret));
			err = err ?: ret;
			continue;
		}
		log_info("whitelist %s: %s", syscall_abi_name(abi),
			 list[0] ? list : "(empty)");
	}
	return err;
}

static int kernel_verify(struct isold *d, bool quiet)
{
	char path[4096];
	unsigned int abi;
	int ret;

	for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
		if (wl_path(abi, path, sizeof(path)))
			return -ENAMETOOLONG;
		if (access(path, F_OK) && abi == SYSCALL_ABI_IA32)
			continue;
		ret = same(d, abi);
		if (ret != 1) {
			log_msg(quiet ? LOG_DEBUG : LOG_WARNING,
				"whitelist: %s differs from the records%s",
				path, ret < 0 ? " (unreadable)" : "");
			return -ESTALE;
		}
	}
	return 0;
}

const struct backend_ops backend_kernel = {
	.name = "kernel",
	.id = ISOLD_BACKEND_KERNEL,
	.apply = kernel_apply,
	.verify = kernel_verify,
};

const struct backend_ops *backend_select(const char *want)
{
	char path[4096];
	bool have;

	isol_path(ISOL_ROOT_SYSFS, RTISO_SYSFS_WL_X86_64, path, sizeof(path));
	have = !access(path, F_OK);
	if (!strcmp(want, "kernel")) {
		if (!have) {
			log_err("backend kernel: %s: %s", path,
				strerror(errno));
			return NULL;
		}
		return &backend_kernel;
	}
	if (!strcmp(want, "emulation"))
		return &backend_emul;
	if (strcmp(want, "auto")) {
		log_err("unknown backend \"%s\" (auto, kernel, emulation)",
			want);
		return NULL;
	}
	if (!have)
		log_info("%s absent: kernel without CONFIG_RT_ISOLATION, "
			 "using the emulation backend", path);
	return have ? &backend_kernel : &backend_emul;
}
