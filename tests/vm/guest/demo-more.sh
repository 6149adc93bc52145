#!/bin/sh
# The rest of `make demo`: isold takes over the RT CPUs, doctor checks them,
# an RT app opts in through libisol, its displacements show live with their
# syscall names, one more syscall is whitelisted and its displacements stop.
. /rtisol/tests/vm/isold-lib.sh
hdr() { echo; echo "== $*"; }
[ -d /sys/kernel/rt_isolation ] || { echo "(kernel without RT isolation: the rest needs it)"; exit 0; }
command -v isold > /dev/null || exit 0

hdr "4. isold takes over the RT CPUs"
echo "\$ isold &"
isold > /tmp/isold.log 2>&1 &
isold_pid=$!
wait_isold
sed 's/^/  /' /tmp/isold.log
echo "\$ isolctl whitelist show"
isolctl whitelist show

hdr "5. isolctl doctor: pre-flight check of the RT CPUs"
isolctl doctor

hdr "6. An RT app opts in through libisol"
echo "\$ isol-rtloop -n 8000 -e 50 -p 80 &   (1 ms SCHED_FIFO loop, open+write+close every 50 ms)"
isol-rtloop -n 8000 -e 50 -p 80 > /tmp/rtloop.out 2>&1 &
app=$!
sleep 2
echo "\$ isolctl tasks"
isolctl tasks

snap > /tmp/s0
sleep 2
snap > /tmp/s1
echo "displacements in the last 2 s, by syscall (isolctl stats):"
delta /tmp/s0 /tmp/s1

hdr "7. Whitelist write(): it now runs in place on the RT CPU"
echo "\$ isolctl whitelist add write"
isolctl whitelist add write
sleep 2
snap > /tmp/s2
sleep 2
snap > /tmp/s3
echo "displacements in the next 2 s (write is gone):"
delta /tmp/s2 /tmp/s3

hdr "8. Report (latencies under QEMU TCG are emulation noise, not RT figures)"
wait $app
sed 's/^/  /' /tmp/rtloop.out
echo "\$ isolctl stats"
isolctl stats
kill $isold_pid
wait $isold_pid 2> /dev/null
echo "isold stopped:"
tail -2 /tmp/isold.log | sed 's/^/  /'
