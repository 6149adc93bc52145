#!/bin/sh
# The rest of `make demo`: isold takes over the RT CPUs, doctor checks them,
# an RT app opts in through libisol, its displacements show live with their
# syscall names; then an argument rule (issue 13) lets its writes into a
# pipe run in place while its writes into a file still displace.  On a
# kernel without argument rules the rule is not loaded (said so) and the
# demo goes on.
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
echo "\$ isol-rtloop -n 8000 -e 50 -w -p 80 &   (1 ms SCHED_FIFO loop: a write into a pipe and one into a file every cycle, open+write+close every 50 ms)"
isol-rtloop -n 8000 -e 50 -w -p 80 > /tmp/rtloop.out 2>&1 &
app=$!
sleep 2
echo "\$ isolctl tasks"
isolctl tasks

snap > /tmp/s0
sleep 2
snap > /tmp/s1
echo "displacements in the last 2 s, by syscall (isolctl stats):"
delta /tmp/s0 /tmp/s1

hdr "7. A rule for write(): into a pipe it runs in place, into a file it still displaces"
RULES=/sys/kernel/rt_isolation/rules_x86_64
[ -e $RULES ] ||
	echo "(this kernel has no argument rules: $RULES is missing; isold keeps the rule as a record but cannot load it, and never widens it to every write)"
echo "\$ isolctl whitelist add write --args fd0=pipe"
isolctl whitelist add write --args fd0=pipe
echo "\$ isolctl whitelist show | grep -E 'SYSCALL|^write'"
isolctl whitelist show | grep -E 'SYSCALL|^write'
echo "\$ isolctl whitelist check write --args fd0=pipe"
isolctl whitelist check write --args fd0=pipe
sleep 2
snap > /tmp/s2
sleep 2
snap > /tmp/s3
if [ -e $RULES ]; then
	echo "displacements in the next 2 s (one displaced write per cycle instead of two: only the file writes and the bursts' writes remain; openat counts the bursts, one per 50 cycles, and the loop now runs more cycles under QEMU TCG):"
else
	echo "displacements in the next 2 s (unchanged: no argument rules in this kernel):"
fi
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
