#!/bin/sh
# vm-systemd.sh - the packaged isold.service under systemd as PID 1, on the
# patched distro-config kernel (RT CPUs 2-3; tests/vm/systemd/run.sh).
# The sandbox must let isold do all of its work (whitelist, IRQs, workqueue
# mask, claims, reload, restart) and nothing else (read-only /etc and
# kernel tunables, CAP_SYS_NICE only); the example RT application unit
# (examples/isol-rt-app.service) runs its program on a claimed RT CPU with
# SCHED_FIFO 80 and RT isolation.  isolctl reserve is refused under the
# shipped unit, saying what isold lacks, and gets past the cpuset
# partition with the packaged drop-in isold-runtime-reserve.conf.  TAP.
. /rtisol/tests/tools/check.sh
log=/run/isold.log
WL=/sys/kernel/rt_isolation/syscalls_x86_64

mainpid() { systemctl show -p MainPID --value "$1"; }
wait_active() { # unit: up to 10 s
	i=0
	while [ "$(systemctl is-active "$1")" != active ] && [ $i -lt 50 ]; do
		sleep 0.2; i=$((i + 1))
	done
}

check "systemd is PID 1" "cat /proc/1/comm" 0 "^systemd$"
check "isold.service starts (ExecStartPre isold --check, READY=1)" \
	"systemctl start isold.service && systemctl is-active isold.service" 0 "^active$"
pid=$(mainpid isold.service)
check "the unit runs the packaged /usr/sbin/isold" "readlink /proc/$pid/exe" 0 "^/usr/sbin/isold$"
check "isold's bounding set is CAP_SYS_NICE alone" "grep CapBnd /proc/$pid/status" 0 "0000000000800000$"
check "no new privileges, a seccomp filter" \
	"grep -E '^(NoNewPrivs|Seccomp):' /proc/$pid/status | tr -s '\t ' ' ' | tr '\n' ' '" 0 \
	"^NoNewPrivs: 1 Seccomp: 2 $"
wl=$(sed -n 's/.*info: whitelist x86_64: //p' $log | tail -n 1)
check "isold wrote the whitelist it computed ($wl) to the kernel" \
	"[ -n '$wl' ] && cat $WL" 0 "^$wl$"
check "isold steered the default IRQ affinity to CPUs 0-1" "cat /proc/irq/default_smp_affinity" 0 "^0*3$"
check "isold steered the unbound workqueue mask to CPUs 0-1" \
	"cat /sys/devices/virtual/workqueue/cpumask" 0 "^0*3$"
check "isold's log has no refused write" \
	"! grep -E 'Read-only|Permission denied|Operation not permitted|not applied' $log"
check "isold is ready (log)" "cat $log" 0 "ready: kernel backend"

# The sandbox, seen from isold's mount namespace: can a file be opened for
# writing there (nothing is written; busybox's test -w is always true for
# root, whatever the mount)?
ns="nsenter -t $pid -m"
w() { echo "$ns sh -c ': >> $1'"; }
check "sandbox: the whitelist is writable" "$(w $WL)"
check "sandbox: /proc/irq is writable" "$(w /proc/irq/default_smp_affinity)"
check "sandbox: the workqueue mask is writable" "$(w /sys/devices/virtual/workqueue/cpumask)"
if [ -e /sys/kernel/rt_isolation/rules_x86_64 ]; then
	check "sandbox: the argument rules are writable" "$(w /sys/kernel/rt_isolation/rules_x86_64)"
fi
check "sandbox: /run/isol is writable" "$ns sh -c ': > /run/isol/.w && rm /run/isol/.w'"
check "sandbox: /etc is read-only" "$(w /etc/isol/isold.conf)" 1 "Read-only file system"
check "sandbox: /usr is read-only" "$(w /usr/bin/isolctl)" 1 "Read-only file system"
check "sandbox: kernel tunables are read-only" "$(w /proc/sys/kernel/sched_rt_runtime_us)" 1 "Read-only file system"
check "sandbox: other sysfs files are read-only" "$(w /sys/kernel/mm/transparent_hugepage/enabled)" 1 "Read-only file system"
check "sandbox: /dev is private" "$ns ls /dev" 0 "^null$"
check "sandbox: no /dev/mem" "! $ns test -e /dev/mem"

# Reload (ExecReload= kill -HUP) and restart after a crash.
check "systemctl reload isold: reloaded, still active" \
	"systemctl reload isold.service && sleep 1 && systemctl is-active isold.service && grep -c 'reloaded /etc/isol/isold.conf' $log" \
	0 "^1$"
check "kill -9 isold: Restart=on-failure brings it back" \
	"kill -9 $pid; sleep 2; i=0; while [ \$(systemctl is-active isold.service) != active ] && [ \$i -lt 50 ]; do sleep 0.2; i=\$((i+1)); done; systemctl is-active isold.service" \
	0 "^active$"
pid2=$(mainpid isold.service)
check "... as a new process ($pid2)" "[ $pid2 -ne $pid ] && [ $pid2 -gt 0 ]"

# The example RT application unit, as README.md and isolctl(8) show it,
# with /bin/sleep as the application and a claim quota for its user.
echo "rtapp:x:1000:1000:rt app:/nonexistent:/bin/false" >> /etc/passwd
echo "rtapp:x:1000:" >> /etc/group
printf '\n[user rtapp]\nmax_cpus = 1\n' >> /etc/isol/isold.conf
systemctl reload isold.service
sleep 1
sed -e 's#^ExecStart=.*#ExecStart=/usr/bin/isolctl run --claim --prio 80 -- /bin/sleep 1000#' \
	/rtisol/tests/daemon/isol-rt-app.service > /etc/systemd/system/isol-rt-app.service
systemctl daemon-reload
check "isol-rt-app.service starts" \
	"systemctl start isol-rt-app.service && sleep 1 && systemctl is-active isol-rt-app.service" 0 "^active$"
app=$(mainpid isol-rt-app.service)
check "its main process is the application (isolctl exec'd it)" "cat /proc/$app/comm" 0 "^sleep$"
check "it runs as rtapp" "grep '^Uid:' /proc/$app/status" 0 "^Uid:\s+1000\s"
check "isold lists rtapp's claim" "isolctl claims" 0 " rtapp .* [23] "
check "the application is pinned to its claimed RT CPU" \
	"grep Cpus_allowed_list /proc/$app/status" 0 "Cpus_allowed_list:\s+[23]$"
check "the application is opted in (displace)" "cat /proc/$app/status" 0 "^RtIsolation:\s+displace"
check "the application runs SCHED_FIFO 80" "chrt -p $app" 0 "priority: 80"
check "stopping the unit releases the claim" \
	"systemctl stop isol-rt-app.service; sleep 1; isolctl claims -n" 0 "^0 claim\(s\)"

# isolctl reserve through isold (issue 14).  Under the shipped unit isold
# cannot make the cpuset partition (no CAP_SYS_ADMIN, the cgroup tree
# read-only): refused, saying what it lacks and naming the drop-in, every
# file as before.  With the drop-in installed the reserve gets past the
# cgroup and partition steps to the rt_isolated write (refused by a kernel
# whose rt_isolated is not writable, or done) and is undone or released.
RTF=/sys/devices/system/cpu/rt_isolated
CG=/sys/fs/cgroup
DROPIN=/usr/share/doc/isold/examples/isold-runtime-reserve.conf
if [ ! -e $RTF ] || ! grep -qw cpuset $CG/cgroup.controllers 2>/dev/null; then
	skip "isolctl reserve under isold.service" "no $RTF, or no cgroup2 cpuset"
else
	# The state a reserve touches, one line each; sd-same NAME: unchanged
	# since sd-state >/tmp/sd-NAME.
	cat >/tmp/sd-state <<-STATE
	#!/bin/sh
	echo "rt_isolated: \$(cat $RTF)"
	echo "root subtree_control: \$(cat $CG/cgroup.subtree_control)"
	echo "rtisol: \$([ -d $CG/rtisol ] && echo present || echo absent)"
	echo "wq: \$(cat /sys/devices/virtual/workqueue/cpumask)"
	echo "irq default: \$(cat /proc/irq/default_smp_affinity)"
	for f in /proc/irq/*/smp_affinity_list; do echo "\$f: \$(cat "\$f")"; done
	STATE
	cat >/tmp/sd-same <<-'SAME'
	#!/bin/sh
	/tmp/sd-state | diff "/tmp/sd-$1" - | head -20
	/tmp/sd-state | cmp -s "/tmp/sd-$1" -
	SAME
	chmod +x /tmp/sd-state /tmp/sd-same
	/tmp/sd-state >/tmp/sd-base
	cpu=1
	check "shipped unit: isolctl reserve $cpu refused, saying what isold lacks and naming the drop-in" \
		"isolctl reserve $cpu" 1 \
		"failed: isold lacks CAP_SYS_ADMIN and write access to $CG.*\(isold.service's sandbox: install the drop-in isold-runtime-reserve.conf, isold\(8\)\)"
	check "... every file as before" "/tmp/sd-same base"
	check "... isold still active" "systemctl is-active isold.service" 0 "^active$"
	check "the drop-in is installed with the package" "test -f $DROPIN"
	mkdir -p /etc/systemd/system/isold.service.d
	cp $DROPIN /etc/systemd/system/isold.service.d/runtime-reserve.conf
	systemctl daemon-reload
	systemctl restart isold.service
	wait_active isold.service
	pid3=$(mainpid isold.service)
	check "with the drop-in: isold restarted ($pid3)" \
		"[ $pid3 -gt 0 ] && systemctl is-active isold.service" 0 "^active$"
	check "... its bounding set is CAP_SYS_NICE, CAP_SYS_ADMIN and CAP_DAC_OVERRIDE" \
		"grep CapBnd /proc/$pid3/status" 0 "0000000000a00002$"
	check "... the rest of the sandbox stays: no new privileges, a seccomp filter" \
		"grep -E '^(NoNewPrivs|Seccomp):' /proc/$pid3/status | tr -s '\t ' ' ' | tr '\n' ' '" 0 \
		"^NoNewPrivs: 1 Seccomp: 2 $"
	ns3="nsenter -t $pid3 -m"
	check "... the cgroup tree is writable in its sandbox" "$ns3 sh -c ': >> $CG/cgroup.subtree_control'"
	check "... /etc is still read-only" "$ns3 sh -c ': >> /etc/isol/isold.conf'" 1 "Read-only file system"
	check "... other sysfs files are still read-only" \
		"$ns3 sh -c ': >> /sys/kernel/mm/transparent_hugepage/enabled'" 1 "Read-only file system"
	isolctl reserve $cpu >/tmp/sd-out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/sd-out
	if [ $rc -eq 0 ]; then
		check "with the drop-in: reserve $cpu done (this kernel's rt_isolated is writable)" \
			"cat $RTF" 0 "(^|,)$cpu(-|,|$)"
		check "... release $cpu: every file as before" "isolctl release $cpu && /tmp/sd-same base"
	else
		check "with the drop-in: the reserve gets past the cgroup and partition to rt_isolated (this kernel cannot write it)" \
			"cat /tmp/sd-out" 0 "this kernel cannot change its RT CPUs at runtime"
		check "... no privilege is missing any more" "! grep -E 'lacks|Read-only|not permitted' /tmp/sd-out"
		check "... every file as before" "/tmp/sd-same base"
	fi
	rm /etc/systemd/system/isold.service.d/runtime-reserve.conf
	systemctl daemon-reload
	systemctl restart isold.service
	wait_active isold.service
	check "drop-in removed: the bounding set is CAP_SYS_NICE alone again" \
		"grep CapBnd /proc/$(mainpid isold.service)/status" 0 "0000000000800000$"
fi

check "systemctl stop isold: stopped" \
	"systemctl stop isold.service; systemctl is-active isold.service" 3 "^inactive$"
check "... its socket removed" "test ! -e /run/isol/isold.sock"
echo "# isold's log:"
sed 's/^/#   /' $log
check_done
