/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * out.h - one output path for text tables, raw and JSON: a thin layer over
 * libsmartcols (as lsblk/lscpu/findmnt use it).  Every subcommand builds a
 * table and prints it once; --json selects JSON from the same code.
 */
#ifndef ISOL_TOOLS_OUT_H
#define ISOL_TOOLS_OUT_H

#include <stdbool.h>
#include <libsmartcols.h>

struct out_opts {
	bool json;
	bool raw;
	bool noheadings;
};

struct out {
	struct libscols_table *tb;
	int ncols;
};

enum out_type { OUT_STR, OUT_NUM, OUT_BOOL };

/* @name is the JSON top-level key.  0 or -ENOMEM. */
int out_init(struct out *o, const char *name, const struct out_opts *opts);
/* Add a column; @right aligns numbers.  Returns the column index or -errno. */
int out_col(struct out *o, const char *name, double whint, enum out_type t,
	    bool right);
/* A new row, NULL on ENOMEM. */
struct libscols_line *out_row(struct out *o);
/* Set a cell, printf-style.  0 or -errno. */
__attribute__((format(printf, 3, 4)))
int out_set(struct libscols_line *ln, int col, const char *fmt, ...);
/* Key/value table (lscpu style): FIELD, DATA. */
int out_kv_init(struct out *o, const char *name, const struct out_opts *opts);
__attribute__((format(printf, 3, 4)))
int out_kv(struct out *o, const char *field, const char *fmt, ...);
int out_print(struct out *o);
void out_free(struct out *o);

#endif
