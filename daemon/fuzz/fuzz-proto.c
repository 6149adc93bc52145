// SPDX-License-Identifier: LGPL-2.1-or-later
/* libFuzzer target: the one message decoder, and re-encoding what it
 * accepts must give back the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "isold_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[ISOLD_MSG_MAX];
	union isold_msg m;
	int type = isold_msg_decode(data, size, &m);
	ssize_t n;

	if (type <= 0)
		return 0;
	n = isold_msg_encode(&m, (uint16_t)type, m.hdr.seq, out, sizeof(out));
	if (n != (ssize_t)size || memcmp(out, data, size))
		abort();
	return 0;
}
