// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the config parser, as isold.conf and as a whitelist
 * record file; a record set that parses must survive write + re-parse.
 * The same bytes as an argument rules set (rules.c, issue 13): a set that
 * parses must print canonically and read back as the same set. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "record.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct isold_config cfg;
	struct isol_recset set = { 0 }, back = { 0 };
	struct conf_err err;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	config_init(&cfg);
	config_parse_buf(&cfg, "fuzz.conf", (const char *)data, size,
			 "/etc/isol", &err);
	if (record_parse_buf("fuzz.conf", (const char *)data, size, &set,
			     &err) == 0) {
		f = open_memstream(&buf, &len);
		for (i = 0; i < set.n; i++)
			record_write(f, &set.v[i]);
		fclose(f);
		if (record_parse_buf("back.conf", buf, len, &back, &err) ||
		    back.n != set.n)
			abort();
		free(buf);
	}
	recset_free(&set);
	recset_free(&back);
	{
		static struct ruleset rs, rs2;
		static char text[RULES_TEXT_MAX + 1];
		int abi;

		for (abi = 0; abi < SYSCALL_ABI_COUNT; abi++) {
			if (ruleset_parse(&rs, abi, (const char *)data, size,
					  NULL, 0))
				continue;
			if (ruleset_format(&rs, text, sizeof(text)) < 0 ||
			    ruleset_parse(&rs2, abi, text, strlen(text), NULL,
					  0) || !ruleset_equal(&rs, &rs2))
				abort();
		}
	}
	return 0;
}
