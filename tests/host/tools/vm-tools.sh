#!/bin/sh
# vm-tools.sh - isolctl and isol-certify against the patched kernel in the
# guest (RT CPUs 2-3, housekeeping 0-1, tracefs at /sys/kernel/tracing).
# Skips with a reason when the kernel lacks RT isolation.
here=$(dirname "$0")
. "$here/check.sh"
I=isolctl
C=isol-certify
P=$here

if [ ! -d /sys/kernel/rt_isolation ]; then
	echo "# SKIP: kernel without RT isolation (no /sys/kernel/rt_isolation)"
	exit 77
fi
rt=$(cat /sys/devices/system/cpu/rt_isolated)
[ -n "$rt" ] || { echo "# SKIP: no RT CPUs (boot with isolcpus=rtiso,...)"; exit 77; }

check "status: kernel support and RT CPUs" "$I status" 0 "RT CPUs: +$rt"
check "status: RT CPUs from the kernel" "$I status" 0 "RT CPUs from: +kernel"
check "doctor runs on the guest (no errors)" "$I doctor" 0 "rt-cpus +ok"
check "doctor --json" "$I doctor --json" 0 '"doctor": \['
check "whitelist show" "$I whitelist show" 0 "^SYSCALL"

# run really displaces: the read() that produces /proc/self/stat runs on a
# housekeeping CPU; getcpu, displaced or whitelisted, reports the RT CPU
# the program runs on (a displaced getcpu reports the CPU the task returns
# to, as the vDSO does)
check "run --mode off --cpu 2 stays on CPU 2" "$I run --cpu 2 --mode off -- $P/probe-getcpu" 0 "^stat-cpu 2$"
check "run (displace) on CPU 2: read() body runs on a housekeeping CPU" "$I run --cpu 2 -- $P/probe-getcpu" 0 "^stat-cpu [01]$"
check "run: getcpu from the launched program reports CPU 2" "$I run --cpu 2 -- $P/probe-getcpu" 0 "^cpu 2$"
check "run --claim picks an RT CPU" "$I run --dry-run -- true" 0 "^cpu +[23]$"
# the launcher's execve runs displaced; the probe's first call that is not
# whitelisted kills it
check "run: strict mode kills on a non-whitelisted call (SIGSYS)" "$I run --cpu 2 --mode strict -- $P/probe-syscalls" 159

# tasks and stats see an opted-in task
$I run --cpu 3 -- sleep 3 &
sleep 1
check "tasks lists the launched task" "$I tasks" 0 "sleep +3 +displace"
check "stats has per-syscall counts" "$I stats" 0 "x86_64 +[0-9]+ +[1-9][0-9]*$"
wait

# audit names the syscalls the probe makes, and only syscalls a static
# binary's start-up and exit make besides
out=/tmp/audit.$$
check "audit reports getppid x7" "$I audit --cpu 2 -r -- $P/probe-syscalls | tee $out" 0 "^getppid x86_64 110 7$"
check "audit reports umask x3" "cat $out" 0 "^umask x86_64 95 3$"
check "audit names only the probe's syscalls" "awk 'NR > 1 { print \$1 }' $out | grep -vxE 'getppid|umask|execve|brk|arch_prctl|set_tid_address|set_robust_list|rseq|prlimit64|readlink|readlinkat|getrandom|mprotect|exit_group|uname|mmap|munmap|newfstatat|fstat|ioctl|write|openat|read|close|access'" 1
check "audit --json" "$I audit --cpu 2 --json -- $P/probe-syscalls" 0 '"audit": \['
rm -f $out

# isol-certify on an RT CPU
load=none
command -v stress-ng >/dev/null && load=cpu,contender
# (QEMU without KVM: timing verdicts use wide bounds and no load; without
# /proc/config.gz the verdict is "not certified" for the missing config
# hash, so checks of other things accept exit 0 or 2: "test $? -ne 1")
check "certify getpid on RT CPU 2 under load" "$C getpid --cpu 2 --load $load -n 20000 --bound 5s; test \$? -ne 1" 0 "CPU: +2 \\(RT CPU"
if $I whitelist check getpid >/dev/null 2>&1; then
	check "certify: displaced comparison unavailable for a whitelisted call" "$C getpid --cpu 2 --load none -n 2000 --bound 5s; test \$? -ne 1" 0 "Displaced: +unavailable: the syscall is whitelisted"
else
	check "certify measures the displaced call" "$C getpid --cpu 2 --load none -n 2000 --bound 5s; test \$? -ne 1" 0 "Displaced latency"
fi
check "certify watches the RT CPU through tracefs" "$C getpid --cpu 2 --load none -n 2000 --bound 5s; test \$? -ne 1" 0 "Trace of the CPU: +measuring thread left the CPU 0 times"
# a measuring thread that blocks before the measurement while the watch
# runs (preempted on a loaded host): not counted as the call sleeping
check "certify: a slow start of the measuring thread is not the call's" "ISOL_CERTIFY_DEBUG_SLOW_START=300 $C getpid --cpu 2 --load none -n 2000 --bound 5s; test \$? -ne 1" 0 "Trace of the CPU: +measuring thread left the CPU 0 times"
check "certify refuses a call that sleeps (trace sees it)" "$C read --args pipe-wait --cpu 2 --load none -n 100 --bound 5s" 2 "\\(slept [1-9]"
check "certify: nanosleep 1ms passes in place" "$C nanosleep --cpu 2 --load none -n 50 --bound 5s; test \$? -ne 1" 0 "Verdict: +(CERTIFIED: woke up in time, max [0-9]+ ns <= bound|NOT CERTIFIED: no kernel config to hash [^;]*$)"
check "certify refuses a tight bound" "$C fsync --cpu 2 --load $load -n 2000 --bound 50ns" 2 "NOT CERTIFIED"
conf=/tmp/certconf.$$
mkdir -p $conf/whitelist.d
cp /etc/isol/isold.conf $conf/ 2>/dev/null
if [ -r /proc/config.gz ]; then
	check "certify writes a certified record" "$C futex --args wait-private --cpu 2 --load none -n 5000 --bound 5s --out $conf/whitelist.d/50-futex.conf" 0 "CERTIFIED"
	want="1 certified"
else
	# no config to hash: the evidence is incomplete, the record is revoked
	check "certify refuses without a kernel config to hash" "$C futex --args wait-private --cpu 2 --load none -n 5000 --bound 5s --out $conf/whitelist.d/50-futex.conf" 2 "no kernel config to hash"
	want="1 revoked"
fi
if command -v isold >/dev/null && [ -f $conf/isold.conf ]; then
	check "isold --check accepts the record" "isold --check --confdir $conf" 0 "$want"
else
	skip "isold --check accepts the record" "isold or /etc/isol/isold.conf not installed"
fi
rm -rf $conf
check_done
