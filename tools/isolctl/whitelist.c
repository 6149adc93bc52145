// SPDX-License-Identifier: GPL-2.0-or-later
/* isolctl whitelist - placeholder, replaced below. */
#include <stdlib.h>
#include "isolctl.h"

int cmd_whitelist(struct isolctl_params *p, int argc, char **argv)
{
	(void)argc; (void)argv;
	return isolctl_usage_err(p, "not yet");
}
