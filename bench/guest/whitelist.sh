#!/bin/sh
# The bench whitelist: rt_sigreturn, sched_yield, getpid, gettimeofday,
# getppid, clock_gettime, clock_nanosleep, getcpu.  getuid (102), the
# "trivial non-whitelisted call" of P3 and the scaling runs, stays out.
. /rtisol/bench/common.sh
if ! have_rtiso; then echo "# no RT isolation in this kernel: no whitelist"; exit 0; fi
echo 15,24,39,96,110,228,230,309 > /sys/kernel/rt_isolation/syscalls_x86_64 || exit 1
echo "# whitelist: $(cat /sys/kernel/rt_isolation/syscalls_x86_64)"
