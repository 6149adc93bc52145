#!/bin/sh
# vm-rtloop-demo.sh [ISOL-RTLOOP ARGS] - the demo's RT app on both backends.
# Without isold nobody has written the kernel whitelist; give the loop the
# usual RT set (clock_nanosleep, clock_gettime, futex, rt_sigreturn, ...)
# for the run, so that only its occasional open()/write()/close() is
# displaced, then restore the old set.
wl=/sys/kernel/rt_isolation/syscalls_x86_64
old=
if [ -w "$wl" ]; then
	old=$(cat "$wl")
	# clock_gettime 228, clock_nanosleep 230, gettimeofday 96, futex 202,
	# rt_sigreturn 15, sched_yield 24, getcpu 309, gettid 186, getpid 39
	[ -n "$old" ] || echo "15,24,39,96,186,202,228,230,309" > "$wl"
fi
rc=0
echo "== kernel backend (if this kernel has it)"
isol-rtloop "$@" || rc=1
echo "== Syscall User Dispatch emulation"
ISOL_BACKEND=emulation isol-rtloop "$@" || rc=1
if [ -w "$wl" ] && [ -z "$old" ]; then
	echo > "$wl"
fi
exit $rc
