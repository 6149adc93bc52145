// SPDX-License-Identifier: LGPL-2.1-or-later
/* log.c - the library prints only through the application's callback. */
#include <stdarg.h>

#include "internal.h"

static isol_print_fn print_fn;

isol_print_fn isol_set_print(isol_print_fn fn)
{
	return __atomic_exchange_n(&print_fn, fn, __ATOMIC_ACQ_REL);
}

void isol_pr(enum isol_print_level level, const char *fmt, ...)
{
	isol_print_fn fn = __atomic_load_n(&print_fn, __ATOMIC_ACQUIRE);
	va_list ap;

	if (!fn)
		return;
	va_start(ap, fmt);
	fn(level, fmt, ap);
	va_end(ap);
}
