#!/bin/sh
# P2: a whitelisted call (getppid) on RT CPU 2, opted in vs not opted in.
. /rtisol/bench/common.sh
set -e
N=$(n 500000)
rtbench loop --label p2.plain --nr $NR_getppid --cpu 2 --count $N --reps 3
rtbench loop --label p2.optin --nr $NR_getppid --cpu 2 --count $N --reps 3 --mode kernel
# The floor: the generic entry slow path alone (Syscall User Dispatch on,
# selector ALLOW), which any SYSCALL_WORK flag costs.
rtbench loop --label p2.slowpath --nr $NR_getppid --cpu 2 --count $N --reps 3 --mode sudallow
# For reference: the emulation backend's whitelisted call (a SIGSYS trip).
rtbench loop --label p2.emul --nr $NR_getppid --cpu 2 --count $(n 5000) --reps 3 --mode emul
