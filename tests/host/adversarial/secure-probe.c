// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * secure-probe - a libisol application for adv-secure-env, installed
 * set-user-ID root there: prints the backend and the RT CPUs libisol
 * sees, then asks isold for an RT CPU (isol_rt_enter() without a CPU)
 * and prints the outcome.  Linked statically, so no library path is
 * involved.
 */
#include <sched.h>
#include <stdio.h>

#include <isol/isol.h>

int main(void)
{
	ISOL_RT_OPTS(o, .flags = ISOL_RT_F_NO_MLOCK);
	cpu_set_t set;
	int cpu, ret;

	printf("backend %d\n", isol_backend());
	ret = isol_rt_cpus(&set);
	printf("rt_cpus %d", ret);
	for (cpu = 0; !ret && cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			printf(" %d", cpu);
	printf("\n");
	fflush(stdout);
	ret = isol_rt_enter(&o);
	printf("enter %d\n", ret);
	if (!ret)
		isol_rt_leave();
	return 0;
}
