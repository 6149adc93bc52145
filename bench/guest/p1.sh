#!/bin/sh
# P1: getppid/getpid of a task that did not opt in (run on the patched and
# on the unpatched kernel; bench/run.sh divides).
. /rtisol/bench/common.sh
set -e
N=$(n 500000)
rtbench loop --label p1.getppid.cpu0 --nr $NR_getppid --cpu 0 --count $N --reps 3
rtbench loop --label p1.getpid.cpu0 --nr $NR_getpid --cpu 0 --count $N --reps 3
rtbench loop --label p1.getppid.cpu2 --nr $NR_getppid --cpu 2 --count $N --reps 3
