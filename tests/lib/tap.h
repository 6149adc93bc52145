/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tap.h - minimal TAP producer for host test programs.
 *
 *   TAP_OK(cond, "fmt", ...)   one test case; prints diagnostics on failure
 *   TAP_SKIP("reason")         one skipped case
 *   return tap_done();         "1..N" plan; exit 0 when nothing failed
 */
#ifndef RTISOL_TAP_H
#define RTISOL_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 4, 5), unused))
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define TAP_OK(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define TAP_SKIP(reason) \
	(printf("ok %d - # SKIP %s\n", ++tap_n, (reason)), fflush(stdout))
#define TAP_DIAG(...) (printf("# " __VA_ARGS__), printf("\n"))

__attribute__((unused))
static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
