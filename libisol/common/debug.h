/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * debug.h - test hooks of the state machines (isold's claims, the runtime
 * RT set), by environment variable, so tests can stop a program between
 * two steps or make one step fail:
 *
 *   ISOLD_DEBUG_CRASH=<point>  SIGKILL ourselves when reaching <point>
 *   ISOLD_DEBUG_FAIL=<point>   the step named <point> fails with -EIO
 *
 * The points are listed where they are passed (daemon/system.c,
 * libisol/common/reserve.h).  Both are read from the environment every
 * time, and cost a getenv() otherwise.
 */
#ifndef ISOL_COMMON_DEBUG_H
#define ISOL_COMMON_DEBUG_H

/* Prints "ISOLD_DEBUG_CRASH=<point>: killing myself" to stderr first. */
void isol_debug_crash(const char *point);
/* -EIO when ISOLD_DEBUG_FAIL names @point, else 0. */
int isol_debug_fail(const char *point);

#endif
