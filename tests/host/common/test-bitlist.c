// SPDX-License-Identifier: LGPL-2.1-or-later
/* Golden and negative tests of the one bit-list/cpulist parser. */
#include <errno.h>
#include <string.h>

#include "bitlist.h"
#include "../../lib/tap.h"

static void golden(const char *in, const char *canon)
{
	unsigned long bits[BITLIST_LONGS(512)] = { 0 };
	char out[512];
	int err = bitlist_parse(in, bits, 512);

	if (!TAP_OK(err == 0, "parse \"%s\"", in)) {
		TAP_DIAG("err=%d", err);
		return;
	}
	bitlist_format(bits, 512, out, sizeof(out));
	TAP_OK(!strcmp(out, canon), "\"%s\" formats as \"%s\" (got \"%s\")",
	       in, canon, out);
}

static void bad(const char *in, int want)
{
	unsigned long bits[BITLIST_LONGS(64)];
	int err;

	memset(bits, 0xa5, sizeof(bits));
	err = bitlist_parse(in, bits, 64);
	TAP_OK(err == want && bits[0] == 0xa5a5a5a5a5a5a5a5UL,
	       "reject \"%s\" with %d, set untouched (got %d)", in, want, err);
}

int main(void)
{
	cpu_set_t set;
	char buf[8];

	golden("", "");
	golden("\n", "");
	golden("0", "0");
	golden("2-3", "2-3");
	golden("3,2,1,0", "0-3");
	golden("0-3,5,7-9\n", "0-3,5,7-9");
	golden(" 1,2 ", "1-2");
	golden("0-15:2/4", "0-1,4-5,8-9,12-13");
	golden("511", "511");
	golden("0,1,39,228-230", "0-1,39,228-230");

	bad("a", -EINVAL);
	bad("1-", -EINVAL);
	bad("3-1", -EINVAL);
	bad("1,,2", -EINVAL);
	bad("1,", -EINVAL);
	bad("-1", -EINVAL);
	bad("64", -ERANGE);
	bad("0-64", -ERANGE);
	bad("1 2", -EINVAL);
	bad("0-7:0/4", -EINVAL);
	bad("0-7:5/4", -EINVAL);
	bad("99999999999", -ERANGE);

	TAP_OK(cpulist_parse("2-3", &set) == 0 && CPU_COUNT(&set) == 2 &&
	       CPU_ISSET(2, &set) && CPU_ISSET(3, &set), "cpulist 2-3");
	CPU_ZERO(&set);
	for (int i = 0; i < 20; i += 2)
		CPU_SET(i, &set);
	TAP_OK(cpulist_format(&set, buf, sizeof(buf)) == -ENOSPC,
	       "format reports -ENOSPC on a short buffer");
	/* hex masks, as /proc/irq/default_smp_affinity and workqueue/cpumask */
	TAP_OK(cpumask_parse_hex("c\n", &set) == 0 && CPU_COUNT(&set) == 2 &&
	       CPU_ISSET(2, &set) && CPU_ISSET(3, &set), "hex c = CPUs 2-3");
	TAP_OK(cpumask_parse_hex("1,00000001", &set) == 0 &&
	       CPU_COUNT(&set) == 2 && CPU_ISSET(0, &set) && CPU_ISSET(32, &set),
	       "hex 1,00000001 = CPUs 0,32");
	CPU_ZERO(&set);
	CPU_SET(5, &set);
	TAP_OK(cpumask_parse_hex("", &set) == -EINVAL &&
	       cpumask_parse_hex("xyz", &set) == -EINVAL &&
	       cpumask_parse_hex("f\nf", &set) == -EINVAL &&
	       CPU_COUNT(&set) == 1 && CPU_ISSET(5, &set),
	       "bad hex masks rejected, set untouched");
	{
		char hx[64];

		CPU_ZERO(&set);
		CPU_SET(0, &set);
		CPU_SET(1, &set);
		CPU_SET(33, &set);
		TAP_OK(cpumask_format_hex(&set, hx, sizeof(hx)) > 0 &&
		       !strcmp(hx, "2,00000003"), "format hex: %s", hx);
		CPU_ZERO(&set);
		TAP_OK(cpumask_format_hex(&set, hx, sizeof(hx)) == 1 &&
		       !strcmp(hx, "0"), "format hex of the empty set: 0");
		TAP_OK(cpumask_format_hex(&set, hx, 1) == -ENOSPC,
		       "format hex -ENOSPC");
	}
	return tap_done();
}
