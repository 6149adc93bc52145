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
rm -f /tmp/test-launch.$$
exit $bad
