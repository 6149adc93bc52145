#!/bin/sh
# Scaling: 1, 2, 3 RT CPUs (1-3) displacing getuid at once onto HK CPU 0,
# SCHED_OTHER and SCHED_FIFO, then with a SCHED_OTHER hog on CPU 0.
. /rtisol/bench/common.sh
set -e
N=$(n 2000)
for pol in other fifo; do
	rtbench scale --label scale.$pol.1 --nr $NR_getuid --cpus 1 --policy $pol --count $N
	rtbench scale --label scale.$pol.2 --nr $NR_getuid --cpus 1-2 --policy $pol --count $N
	rtbench scale --label scale.$pol.3 --nr $NR_getuid --cpus 1-3 --policy $pol --count $N
	rtbench scale --label scale.$pol.3hog --nr $NR_getuid --cpus 1-3 --policy $pol --count $N --hog 0
done
