#!/bin/sh
# README walkthrough (issue 13): certify write(2) into a pipe on an RT CPU.
# The app writes one byte into a pipe and one into a regular file every
# cycle: before certification both writes displace.  isol-certify measures
# the pipe write and writes the rule it measured ("args = fd0=pipe"); isold
# loads it as "1 fd0=pipe"; afterwards only the file writes displace.  On
# a kernel without argument rules (no rules_x86_64) isold loads the record
# nowhere - it is never widened to every write - and both writes keep
# displacing; the script says so and goes on.
say() { echo "\$ $*"; }
. /rtisol/tests/vm/isold-lib.sh
RULES=/sys/kernel/rt_isolation/rules_x86_64
isold > /tmp/isold.log 2>&1 &
wait_isold
if [ -e $RULES ]; then
	echo "(this kernel has argument rules: $RULES)"
else
	echo "(this kernel has no argument rules: $RULES is missing; the rule below is not loaded and both writes keep displacing)"
fi
say "isol-rtloop -n 10000000 -e 0 -w -p 80 &    # the app on RT CPU 2; every 1 ms cycle: a write into a pipe, a write into a file"
isol-rtloop -n 10000000 -e 0 -w -p 80 > /tmp/rtloop.out 2>&1 &
app=$!
sleep 1
snap > /tmp/a; sleep 2; snap > /tmp/b
echo "its displacements over 2 s (write: the pipe writes and the file writes):"
delta /tmp/a /tmp/b
echo
say "isol-certify write --args pipe --cpu 3 --load cpu,contender -n 2000 --bound 20us"
isol-certify write --args pipe --cpu 3 --load cpu,contender -n 2000 --bound 20us |
	grep -E '^(Rule|In place|Trace|Verdict)'
echo "(QEMU TCG stalls vCPUs for milliseconds: a bound for this VM must be loose)"
say "isol-certify write --args pipe --cpu 3 --load cpu,contender -n 5000 --bound 1s --out /etc/isol/whitelist.d/60-write.conf"
isol-certify write --args pipe --cpu 3 --load cpu,contender -n 5000 --bound 1s \
	--out /etc/isol/whitelist.d/60-write.conf
echo
say "cat /etc/isol/whitelist.d/60-write.conf"
cat /etc/isol/whitelist.d/60-write.conf
say "kill -HUP \$(pidof isold)"
kill -HUP "$(pidof isold)"
sleep 1
grep -E 'reloaded|rules x86_64|record write \(x86_64\)' /tmp/isold.log | tail -3 | sed 's/^/  /'
say "isolctl whitelist show | grep -E 'SYSCALL|write'"
isolctl whitelist show | grep -E 'SYSCALL|^write'
if [ -e $RULES ]; then
	say "cat $RULES"
	cat $RULES
fi
say "isolctl whitelist check write --args fd0=pipe"
isolctl whitelist check write --args fd0=pipe
say "isolctl whitelist check write"
isolctl whitelist check write
snap > /tmp/c; sleep 2; snap > /tmp/d
echo "the app's displacements over the next 2 s:"
delta /tmp/c /tmp/d
if [ -e $RULES ]; then
	echo "(one displaced write per cycle instead of two: the file writes still displace, the pipe writes run in place by rule 1 fd0=pipe; under QEMU TCG the loop now runs more cycles in 2 s, so the total need not halve)"
else
	echo "(unchanged: this kernel cannot load the rule, and isold never widens it to every write)"
fi
kill -0 "$app" && echo "(the app is still running)"
kill "$app"
kill "$(pidof isold)"
