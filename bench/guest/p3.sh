#!/bin/sh
# P3: one displaced round trip of a trivial non-whitelisted call (getuid)
# from RT CPU 2: kernel, libisol emulation, user-space ping-pong.
. /rtisol/bench/common.sh
set -e
N=$(n 2000)
rtbench loop --label p3.plain --nr $NR_getuid --cpu 2 --count $(n 500000) --reps 3
rtbench loop --label p3.kernel --nr $NR_getuid --cpu 2 --count $N --reps 3 --mode kernel
rtbench loop --label p3.emul --nr $NR_getuid --cpu 2 --count $N --reps 3 --mode emul
rtbench loop --label p3.pingpong --nr $NR_getuid --cpu 2 --count $N --reps 3 --mode pingpong --hk 0-1
