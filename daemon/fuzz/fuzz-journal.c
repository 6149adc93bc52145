// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: the claim journal parser (journal.c).  Any input
 * parses without a crash; what parsed is written back (journal_format)
 * and must re-parse without a problem into the same records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal j, back;
	size_t len, i;
	char *buf;

	if (journal_parse((const char *)data, size, &j))
		return 0;
	if (journal_format(&j, &buf, &len)) {
		journal_free(&j);
		return 0;
	}
	if (journal_parse(buf, len, &back))
		abort();
	if (back.problems || back.n != j.n || back.next_id != j.next_id ||
	    strcmp(back.boot_id, j.boot_id))
		abort();
	for (i = 0; i < j.n; i++) {
		struct journal_rec a = j.v[i], b = back.v[i];

		a.line = b.line = 0;
		if (memcmp(&a, &b, sizeof(a)))
			abort();
	}
	free(buf);
	journal_free(&j);
	journal_free(&back);
	return 0;
}
