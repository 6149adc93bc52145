// SPDX-License-Identifier: GPL-2.0-or-later
/* plot.c - the latency histogram as a PNG, through gnuplot. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certify.h"

int plot_png(const char *png, const struct stats *st, const char *title)
{
	char data[] = "/tmp/isol-certify-plot.XXXXXX";
	uint64_t lo = st->min, hi = st->max, width;
	unsigned long i, j;
	FILE *f, *gp;
	int fd, ret;

	fd = mkstemp(data);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(data);
		return -errno;
	}
	/* 100 buckets from min to max */
	width = (hi - lo) / 100 + 1;
	for (i = 0, j = 0; i <= 100 && j < st->n; i++) {
		uint64_t top = lo + (i + 1) * width, n = 0;

		while (j < st->n && st->v[j] < top) {
			j++;
			n++;
		}
		if (n)
			fprintf(f, "%llu %llu\n", (unsigned long long)(lo + i * width),
				(unsigned long long)n);
	}
	fclose(f);
	gp = popen("gnuplot", "w");
	if (!gp) {
		unlink(data);
		return -errno;
	}
	fprintf(gp, "set terminal png size 900,500\n"
		"set output '%s'\n"
		"set title '%s'\n"
		"set xlabel 'latency (ns)'\nset ylabel 'samples'\n"
		"set logscale y\nset style fill solid 0.6\nset boxwidth %llu\n"
		"set arrow from %llu, graph 0 to %llu, graph 1 nohead dt 2\n"
		"set label 'p99.99' at %llu, graph 0.95\n"
		"plot '%s' using 1:2 with boxes notitle\n",
		png, title, (unsigned long long)width,
		(unsigned long long)st->p9999, (unsigned long long)st->p9999,
		(unsigned long long)st->p9999, data);
	ret = pclose(gp);
	unlink(data);
	return ret ? -EIO : 0;
}
