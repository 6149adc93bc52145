// SPDX-License-Identifier: GPL-2.0-or-later
/* out.c - text/raw/JSON tables through libsmartcols. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

int out_init(struct out *o, const char *name, const struct out_opts *opts)
{
	o->ncols = 0;
	o->tb = scols_new_table();
	if (!o->tb)
		return -ENOMEM;
	scols_table_set_name(o->tb, name);
	if (opts->json)
		scols_table_enable_json(o->tb, 1);
	else if (opts->raw)
		scols_table_enable_raw(o->tb, 1);
	if (opts->noheadings)
		scols_table_enable_noheadings(o->tb, 1);
	return 0;
}

int out_col(struct out *o, const char *name, double whint, enum out_type t,
	    bool right)
{
	struct libscols_column *cl;

	cl = scols_table_new_column(o->tb, name, whint,
				    right ? SCOLS_FL_RIGHT : 0);
	if (!cl)
		return -ENOMEM;
	if (t == OUT_NUM)
		scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	else if (t == OUT_BOOL)
		scols_column_set_json_type(cl, SCOLS_JSON_BOOLEAN);
	return o->ncols++;
}

struct libscols_line *out_row(struct out *o)
{
	return scols_table_new_line(o->tb, NULL);
}

int out_set(struct libscols_line *ln, int col, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (!ln)
		return -ENOMEM;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	/* the line owns @s from here on */
	return scols_line_refer_data(ln, (size_t)col, s);
}

int out_kv_init(struct out *o, const char *name, const struct out_opts *opts)
{
	struct out_opts kv = *opts;
	int err;

	if (!kv.json)
		kv.noheadings = true;
	err = out_init(o, name, &kv);
	if (err)
		return err;
	if (out_col(o, "field", 0, OUT_STR, false) < 0 ||
	    out_col(o, "data", 0, OUT_STR, false) < 0)
		return -ENOMEM;
	return 0;
}

int out_kv(struct out *o, const char *field, const char *fmt, ...)
{
	struct libscols_line *ln = out_row(o);
	size_t fl = strlen(field);
	va_list ap;
	char *s;
	int n;

	if (!ln)
		return -ENOMEM;
	/* "RT CPUs:" in text, "RT CPUs" as JSON value */
	if (scols_table_is_json(o->tb) && fl && field[fl - 1] == ':')
		fl--;
	if (out_set(ln, 0, "%.*s", (int)fl, field))
		return -ENOMEM;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	return scols_line_refer_data(ln, 1, s);
}

int out_print(struct out *o)
{
	int err = scols_print_table(o->tb);

	fflush(stdout);
	return err ? -EIO : 0;
}

void out_free(struct out *o)
{
	scols_unref_table(o->tb);
	o->tb = NULL;
}
