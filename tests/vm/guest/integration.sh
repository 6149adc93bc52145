#!/bin/sh
# isold + libisol + the kernel together: the example RT app claims an RT CPU
# from isold, runs there, is displaced for its non-whitelisted open/write/
# close, and its claim is released when it exits.
. /rtisol/tests/vm/isold-lib.sh
n=0
ok() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi; }
if [ ! -d /sys/kernel/rt_isolation ]; then
	echo "1..0 # SKIP kernel without RT isolation"; exit 0
fi
isold > /tmp/int-isold.log 2>&1 &
isold_pid=$!
wait_isold
ok "isold is up" "[ -S /run/isol/isold.sock ]"
isol-rtloop -n 400 -e 40 -p 80 > /tmp/int-app.out 2>&1
rc=$?
sed 's/^/# /' /tmp/int-app.out
ok "the app ran" "[ $rc -eq 0 ]"
ok "it got RT CPU 2 or 3 from isold" "grep -q 'backend kernel, CPU [23],' /tmp/int-app.out"
ok "isold logged the claim" "grep -q 'claim [0-9]*: CPUs [23] ' /tmp/int-isold.log"
ok "its open/write/close were displaced" "grep -qE ' [1-9][0-9]* displacements, ended on CPU [23]' /tmp/int-app.out"
ok "the kernel counted them per syscall" "grep -qE '^syscall x86_64 257 [1-9]' /sys/kernel/rt_isolation/stats"
sleep 0.3
ok "the claim is gone after the app exited" "isolctl claims | grep -q '^0 claim(s)'"
kill $isold_pid; wait $isold_pid 2>/dev/null
echo "1..$n"
[ -z "$fail" ]
