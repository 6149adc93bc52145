#!/bin/sh
# test-launch.sh - host test of rtiso-launch: it pins, runs the program with
# its arguments and exit status, and refuses bad usage without running it.
l=${O:-build}/transparency/rtiso-launch
n=0 bad=0
check() { # description expected-status command...
	desc=$1 want=$2
	shift 2
	n=$((n + 1))
	"$@" > /tmp/test-launch.$$ 2>&1
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc: exit $got, expected $want"
		sed 's/^/# /' /tmp/test-launch.$$
		bad=1
	fi
}
check "runs the program with its arguments" 3 $l --cpu 0 -- sh -c 'exit $0' 3
check "pins to the CPU" 0 $l --cpu 0 -- sh -c \
	'grep -q "^Cpus_allowed_list:[[:space:]]*0$" /proc/self/status'
check "no --cpu is bad usage" 64 $l -- true
check "a bad CPU number is bad usage" 64 $l --cpu 1x -- true
check "an unknown option is bad usage" 64 $l --cpu 0 --frob -- true
check "no program is bad usage" 64 $l --cpu 0 --
check "a missing program exits 127" 127 $l --cpu 0 -- /nonexistent/program
check "--timeout passes the status on" 5 $l --timeout 10 --cpu 0 -- sh -c 'exit 5'
check "--timeout reports a signal as 128 + N" 143 $l --timeout 10 --cpu 0 -- \
	sh -c 'kill -TERM $$'
check "--timeout stops a program that runs too long" 124 $l --timeout 1 \
	--cpu 0 -- sleep 30
# A process left behind by the test is killed with it.
check "--timeout kills what the test leaves behind" 0 $l --timeout 10 \
	--cpu 0 -- sh -c 'sleep 30 & echo $! > /tmp/test-launch-bg.$PPID'
n=$((n + 1))
sleep 0.2
bg=$(cat /tmp/test-launch-bg.* 2>/dev/null)
rm -f /tmp/test-launch-bg.*
# Killed: gone, or a zombie that init has not reaped yet.
state=$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$bg/stat" 2>/dev/null)
if [ -n "$bg" ] && { [ -z "$state" ] || [ "$state" = Z ]; }; then
	echo "ok $n - the left-behind process is gone"
else
	echo "not ok $n - the left-behind process ($bg) still runs"
	bad=1
fi
# What the test forks may finish after it (a child's exit flushes its
# copy of stdio buffers: x86/entry_from_vm86_32 forks at its end).
n=$((n + 1))
out=$($l --timeout 10 --cpu 0 -- sh -c '(sleep 0.3; echo late) & echo early')
if [ "$out" = "$(printf 'early\nlate')" ]; then
	echo "ok $n - what the test forked finishes after it"
else
	echo "not ok $n - what the test forked finishes after it: '$out'"
	bad=1
fi
check "--timeout 0 is bad usage" 64 $l --timeout 0 --cpu 0 -- true
rm -f /tmp/test-launch.$$
exit $bad
