#!/bin/sh
# README walkthrough: certify write(2) on an RT CPU, isold reloads the
# record, the whitelist changes, the app stops being displaced for write.
say() { echo "\$ $*"; }
. /rtisol/tests/vm/isold-lib.sh
isold > /tmp/isold.log 2>&1 &
wait_isold
say "isol-rtloop -n 10000000 -e 50 -p 80 &    # the app, on RT CPU 2, runs until killed"
isol-rtloop -n 10000000 -e 50 -p 80 > /tmp/rtloop.out 2>&1 &
app=$!
sleep 1
snap > /tmp/a; sleep 2; snap > /tmp/b
echo "its displacements over 2 s:"
delta /tmp/a /tmp/b
echo
say "isol-certify write --args pipe --cpu 3 --load cpu,contender -n 2000 --bound 20us"
isol-certify write --args pipe --cpu 3 --load cpu,contender -n 2000 --bound 20us |
	grep -E '^(In place|Trace|Verdict)'
echo "(QEMU TCG stalls vCPUs for milliseconds: a bound for this VM must be loose)"
say "isol-certify write --args pipe --cpu 3 --load cpu,contender -n 5000 --bound 100ms --out /etc/isol/whitelist.d/60-write.conf"
isol-certify write --args pipe --cpu 3 --load cpu,contender -n 5000 --bound 100ms \
	--out /etc/isol/whitelist.d/60-write.conf
echo
say "cat /etc/isol/whitelist.d/60-write.conf"
cat /etc/isol/whitelist.d/60-write.conf
say "kill -HUP \$(pidof isold)"
kill -HUP "$(pidof isold)"
sleep 1
grep -E 'reload|whitelist x86_64' /tmp/isold.log | tail -2 | sed 's/^/  /'
say "isolctl whitelist show | grep -E 'SYSCALL|write'"
isolctl whitelist show | grep -E 'SYSCALL|^write'
snap > /tmp/c; sleep 2; snap > /tmp/d
echo "the app's displacements over the next 2 s:"
delta /tmp/c /tmp/d
kill -0 "$app" && echo "(the app is still running: write now runs in place)"
kill "$app"
kill "$(pidof isold)"
