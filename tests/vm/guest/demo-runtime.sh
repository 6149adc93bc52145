#!/bin/sh
# make demo, the runtime chapter (issue 14): on a machine booted WITHOUT RT
# CPUs, reserve two at runtime, run an RT app there, give them back to
# ordinary work - no reboot.  On a kernel that cannot change rt_isolated
# yet (today's series), it shows what works (the cgroup v2 partition, the
# steering, everything undone when the kernel refuses) and says so.
RT=/sys/devices/system/cpu/rt_isolated
CG=/sys/fs/cgroup
cpu_of() { awk '{print $39}' "/proc/$1/stat"; }
allowed() { sed -n 's/^Cpus_allowed_list:\t//p' "/proc/$1/status"; }
hdr() { echo; echo "== $*"; }
. /rtisol/tests/vm/isold-lib.sh

spinners() { # spinners N: N busy loops, their CPUs after a second
	pids=
	i=0
	while [ $i -lt "$1" ]; do
		sh -c 'while :; do :; done' &
		pids="$pids $!"
		i=$((i + 1))
	done
	sleep 1
	for p in $pids; do printf '  spinner %-5s on CPU %s (allowed %s)\n' \
		"$p" "$(cpu_of $p)" "$(allowed $p)"; done
	kill $pids
}

hdr "R1. A machine booted without RT CPUs"
echo "cmdline:     $(cat /proc/cmdline)"
echo "online CPUs: $(cat /sys/devices/system/cpu/online)"
echo "rt_isolated: '$(cat $RT 2>/dev/null)'   (no RT CPU)"
echo "isolctl doctor says:"
isolctl doctor --problems 2>/dev/null | sed -n '2,3p' | cut -c1-150 | sed 's/^/  /'

hdr "R2. Ordinary work runs on every CPU"
spinners 4

isold >/tmp/demo-isold.log 2>&1 &
isold_pid=$!
wait_isold
hdr "R3. isolctl reserve 2-3   (isold does it: a cgroup v2 cpuset partition"
echo "    of type isolated, IRQs/workqueues/kthreads steered off, rt_isolated)"
isolctl reserve 2-3 >/tmp/demo-out 2>&1
rc=$?
sed 's/^/  /' /tmp/demo-out
if [ $rc -ne 0 ]; then
	echo
	echo "This kernel cannot change rt_isolated at runtime yet (the kernel half of"
	echo "issue 14 is not in this series): isold undid every step, in reverse:"
	echo "  rtisol cgroup: $([ -d $CG/rtisol ] && echo present || echo gone)," \
		"root cgroup's CPUs: $(cat $CG/cpuset.cpus.effective), rt_isolated: '$(cat $RT)'"
	kill $isold_pid
	wait $isold_pid 2>/dev/null
	hdr "R4. What this kernel does support: the partition and the steering"
	echo "    (isolctl stopped on purpose after steering, before rt_isolated)"
	ISOLD_DEBUG_CRASH=reserve-steered isolctl reserve 2-3 >/dev/null 2>&1
	echo "  $CG/rtisol/rt: cpuset.cpus.partition '$(cat $CG/rtisol/rt/cpuset.cpus.partition)'," \
		"CPUs $(cat $CG/rtisol/rt/cpuset.cpus.effective)"
	echo "  root cgroup's CPUs now: $(cat $CG/cpuset.cpus.effective)," \
		"kernel's isolated partitions: $(cat $CG/cpuset.cpus.isolated)"
	echo "  ordinary work stays off CPUs 2-3:"
	spinners 4
	echo "  a thread moved into the partition runs there:"
	isolctl run --cpu 2 --force --mode off -- /rtisol/tests/tools/probe-getcpu 2>&1 |
		sed 's/^/    /'
	echo "  the next isolctl finds the unfinished reserve and undoes it:"
	isolctl reserve 2-3 2>&1 | grep -E "unfinished|failed" | cut -c1-150 | sed 's/^/    /'
	echo "  root cgroup's CPUs: $(cat $CG/cpuset.cpus.effective)"
	echo
	echo "The rest of this chapter (an RT app on runtime RT CPUs, release) needs a"
	echo "kernel whose rt_isolated root may write."
	exit 0
fi
echo "rt_isolated now: $(cat $RT)"
echo "$CG/rtisol/rt: $(cat $CG/rtisol/rt/cpuset.cpus.partition), CPUs $(cat $CG/rtisol/rt/cpuset.cpus.effective)"
echo "isolctl doctor on runtime RT CPUs:"
isolctl doctor 2>/dev/null | grep -E '^(rt-cpus|runtime-)' | cut -c1-150 | sed 's/^/  /'

hdr "R4. Ordinary work is kept off CPUs 2-3"
spinners 4

hdr "R5. The demo's RT app claims a runtime RT CPU from isold"
isol-rtloop -n 2000 -e 100 -p 80 2>&1 | sed 's/^/  /'

hdr "R6. isolctl release 2-3: refused while claimed, then the CPUs are ordinary again"
rm -f /tmp/demo-hold; mkfifo /tmp/demo-hold
isold-client claim 1 hold </tmp/demo-hold >/tmp/demo-hold.out 2>&1 &
hp=$!
exec 9>/tmp/demo-hold
sleep 0.5
echo "  a holder: $(head -1 /tmp/demo-hold.out)"
isolctl release 2-3 2>&1 | fold -s -w 100 | sed 's/^/  /'
exec 9>&-
wait $hp
isolctl release 2-3 2>&1 | sed 's/^/  /'
echo "rt_isolated: '$(cat $RT)', rtisol cgroup: $([ -d $CG/rtisol ] && echo present || echo gone)"
spinners 4
kill $isold_pid
wait $isold_pid 2>/dev/null
