#!/bin/sh
# test-reserve.sh - host tests of isolctl reserve / release (issue 14) on a
# fixture tree with a fake cgroup v2 root: directly (isold not running)
# and through a running isold; every step in the files, a failure undone,
# a kill -9 in the middle finished or undone by the next isolctl or isold,
# doctor and status telling runtime RT CPUs from boot ones.  Run from the
# repository root with B=build/<variant>; needs root (the tests' uid).
here=$(dirname "$0")
. "$here/check.sh"
B=${B:-build/host}
I="$B/bin/isolctl"
ISOLD="$B/isold"
fx=$(mktemp -d /tmp/test-reserve.XXXXXX)
trap 'rm -rf "$fx"' EXIT

mk() { mkdir -p "$(dirname "$fx/$1")"; printf '%s\n' "$2" >"$fx/$1"; }
mk sys/devices/system/cpu/online 0-3
mk sys/devices/system/cpu/rt_isolated ""
mk sys/devices/system/cpu/isolated ""
mk sys/devices/system/cpu/nohz_full ""
mk sys/devices/virtual/workqueue/cpumask f
mkdir -p "$fx/sys/kernel/rt_isolation"
mk sys/kernel/rt_isolation/syscalls_x86_64 ""
mk sys/kernel/rt_isolation/syscalls_ia32 ""
mk sys/fs/cgroup/cgroup.controllers "cpuset cpu io memory pids"
mk sys/fs/cgroup/cgroup.subtree_control ""
mk sys/fs/cgroup/cpuset.cpus.effective 0-3
mk sys/fs/cgroup/cgroup.procs ""
mk proc/irq/default_smp_affinity f
mk proc/irq/1/smp_affinity_list 0-3
mk proc/irq/24/smp_affinity_list 2
mk proc/irq/25/smp_affinity_list 1-3
mk proc/cmdline "console=ttyS0"
mk proc/sys/kernel/osrelease "6.12.117-rtisol"
mkdir -p "$fx/etc/isol/whitelist.d" "$fx/run/isol"
chmod 755 "$fx"
R="--root $fx"

# Helpers as scripts, for check's sh -c: snap prints every file of the
# fake kernel on one line each, same NAME: unchanged since snap >NAME,
# val FILE...: their contents on one line, whatever their final newlines.
cat >"$fx/snap" <<'EOF'
#!/bin/sh
cd "$(dirname "$0")" && find sys proc -type f | sort | while read -r f; do
	printf '%s: %s\n' "$f" "$(tr '\n' '|' <"$f" | sed 's/|*$//')"
done
EOF
cat >"$fx/same" <<'EOF'
#!/bin/sh
d=$(dirname "$0")
"$d/snap" | diff "$d/$1" - | head -20
"$d/snap" | cmp -s "$d/$1" -
EOF
cat >"$fx/val" <<'EOF'
#!/bin/sh
for f; do printf '%s ' "$(cat "$f")"; done
echo
EOF
chmod +x "$fx/snap" "$fx/same" "$fx/val"
same="$fx/same" val="$fx/val"
"$fx/snap" >"$fx/base"

check "reserve --help" "$I reserve --help" 0 "^Usage:"
check "release --help names --force" "$I release --help" 0 "--force"
check "reserve needs CPUs" "$I $R reserve" 1 "no CPUs given"
check "reserve: a bad CPU list" "$I $R reserve 2-x" 1 "invalid CPU list '2-x'"
check "reserve has no --force" "$I $R reserve --force 2" 1 "bad option"
check "reserve: root only" "setpriv --reuid=65534 --regid=65534 --clear-groups $I $R reserve 2-3" 1 "only root may reserve"
check "refused requests change no file" "$same base"

# --- directly (no isold)
check "reserve 2-3 without isold" "$I $R reserve 2-3" 0 "Done by: +isolctl \(isold not running\)"
check "... rt_isolated 2-3" "cat $fx/sys/devices/system/cpu/rt_isolated" 0 "^2-3$"
check "... an isolated partition of 2-3" "$val $fx/sys/fs/cgroup/rtisol/rt/cpuset.cpus.partition $fx/sys/fs/cgroup/rtisol/rt/cpuset.cpus.exclusive" 0 "^isolated 2-3 $"
check "... IRQs off 2-3" "$val $fx/proc/irq/24/smp_affinity_list $fx/proc/irq/25/smp_affinity_list" 0 "^0-1 1 $"
check "... workqueue mask and default affinity 0-1" "$val $fx/sys/devices/virtual/workqueue/cpumask $fx/proc/irq/default_smp_affinity" 0 "^3 3 $"
check "... the journal" "cat $fx/run/isol/rtset" 0 "^cpus 2-3$"
check "reserve 2 again: EEXIST" "$I $R reserve 2" 1 "RT CPUs already"
check "status tells runtime RT CPUs" "$I $R status" 0 "Reserved at runtime: +2-3 \(isolctl reserve\)"
check "doctor: reserved at runtime" "$I $R doctor" 0 "rt-cpus +info +reserved at boot: none; at runtime: 2-3"
check "doctor: the partition is valid" "$I $R doctor" 0 "runtime-partition +ok"
check "doctor: the tick is boot-only, and what to do" "$I $R doctor" 0 "runtime-tick +warning +runtime RT CPUs 2-3 keep the scheduler tick.*boot-only on Linux 6.12 +boot with nohz_full=2-3 rcu_nocbs=2-3 but without isolcpus="
cp "$fx/sys/fs/cgroup/rtisol/rt/cpuset.cpus.partition" "$fx/part.save"
echo "isolated invalid (Parent is not a partition root)" >"$fx/sys/fs/cgroup/rtisol/rt/cpuset.cpus.partition"
check "doctor: an invalid partition is an error, with the kernel's reason" "$I $R doctor" 2 "runtime-partition +error .*isolated invalid \(Parent is not a partition root\)"
cp "$fx/part.save" "$fx/sys/fs/cgroup/rtisol/rt/cpuset.cpus.partition"
check "release 3" "$I $R release 3" 0 "Runtime RT CPUs: +2$"
check "... the partition shrunk" "$val $fx/sys/fs/cgroup/rtisol/rt/cpuset.cpus.exclusive $fx/sys/devices/system/cpu/rt_isolated" 0 "^2 2 $"
check "release 2: everything as before" "$I $R release 2 && $same base"
check "release of a CPU not reserved" "$I $R release 1" 1 "not reserved RT CPUs"

# --- a failure at a step: undone
for step in cgroup partition steered rt committed; do
	check "reserve failing at $step: undone, exit 1" "ISOLD_DEBUG_FAIL=reserve-$step $I $R reserve 2-3" 1 "reserve of CPU\(s\) 2-3 failed: .*Input/output error"
	check "... every file as before ($step)" "$same base"
done
check "rt_isolated refused (EACCES): the reason says why" "ISOLD_DEBUG_FAIL=reserve-rt $I $R reserve 2-3" 1 "this kernel cannot change its RT CPUs at runtime"

# --- without the privilege a reserve needs: CAP_SYS_ADMIN dropped and the
# cgroup tree not writable (root without CAP_DAC_OVERRIDE cannot write a
# file of mode 0444, as isold cannot under isold.service's read-only
# cgroup mount): the reason says what is missing, nothing changes
nopriv="setpriv --bounding-set -dac_override,-sys_admin --inh-caps -dac_override,-sys_admin"
chmod -R a-w "$fx/sys/fs/cgroup"
check "without CAP_SYS_ADMIN and a writable cgroup tree: refused, saying what isolctl lacks" \
	"$nopriv $I $R reserve 2-3" 1 "failed: isolctl lacks CAP_SYS_ADMIN and write access to $fx/sys/fs/cgroup \(.*isold\(8\)\); .*Permission denied"
check "... every file as before" "$same base"
chmod -R u+w "$fx/sys/fs/cgroup"

# --- kill -9 in the middle: the next isolctl finishes or undoes it
for step in journaled cgroup partition steered rt; do
	check "isolctl killed at reserve-$step" "ISOLD_DEBUG_CRASH=reserve-$step $I $R reserve 2-3" 137
	check "... the next isolctl undoes it, then reserves" "$I $R reserve 2-3" 0 "an unfinished reserve of 2-3 was undone"
	check "... and releases" "$I $R release 2-3 && $same base"
done
$I $R reserve 2-3 >/dev/null 2>&1
"$fx/snap" >"$fx/reserved"
for step in journaled rt partition restored cgroup; do
	check "isolctl killed at release-$step" "ISOLD_DEBUG_CRASH=release-$step $I $R release 2-3" 137
	check "... the next isolctl finishes the release" "$I $R reserve 2-3" 0 "an unfinished release was finished"
	check "... and can release again" "$I $R release 2-3 && $same base && $I $R reserve 2-3 >/dev/null && $same reserved"
done
$I $R release 2-3 >/dev/null 2>&1

# --- beside a boot RT CPU (3) whose IRQ nobody steered: the release puts
# back exactly what was there, the boot RT CPU included
echo 3 >"$fx/sys/devices/system/cpu/rt_isolated"
"$fx/snap" >"$fx/boot3"
check "beside boot RT CPU 3: reserve 2" "$I $R reserve 2" 0 "RT CPUs: +2-3$"
check "... IRQ 25 (1-3) steered to 1" "$val $fx/proc/irq/25/smp_affinity_list" 0 "^1 $"
check "... release 2: IRQ 25 back on 1-3, every file as before" "$I $R release 2 && $same boot3"
echo "" >"$fx/sys/devices/system/cpu/rt_isolated"

# --- through isold, and isold finishing what an isolctl left
if [ -x "$ISOLD" ]; then
	start_isold() {
		"$ISOLD" --root "$fx" --pin-best-effort >>"$fx/isold.log" 2>&1 &
		isold_pid=$!
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
			[ -S "$fx/run/isol/isold.sock" ] && return 0
			sleep 0.2
		done
		return 1
	}
	printf '[daemon]\nrt_cpus = auto\n[whitelist]\ndir = whitelist.d\n[user root]\nmax_cpus = all\n' >"$fx/etc/isol/isold.conf"
	check "isolctl killed at reserve-rt" "ISOLD_DEBUG_CRASH=reserve-rt $I $R reserve 2-3" 137
	start_isold
	check "isold starts and undoes what the isolctl left" "grep 'an unfinished reserve of 2-3 was undone' $fx/isold.log"
	check "... every file as before" "$same base"
	check "reserve through isold" "$I $R reserve 2-3" 0 "Done by: +isold"
	check "... the same files as directly" "$same reserved"
	check "isolctl while isold runs goes through it" "$I $R release 2-3" 0 "Claims revoked: +0"
	check "... everything back" "$same base"
	check "a refusal through isold: the reason" "$I $R release 1" 1 "not reserved RT CPUs"
	kill "$isold_pid"
	wait "$isold_pid"
	# isold under systemd (INVOCATION_ID) without the privilege: the
	# reason names isold.service's sandbox and the drop-in
	chmod -R a-w "$fx/sys/fs/cgroup"
	INVOCATION_ID=0123 $nopriv "$ISOLD" --root "$fx" --pin-best-effort >>"$fx/isold.log" 2>&1 &
	isold_pid=$!
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
		[ -S "$fx/run/isol/isold.sock" ] && break
		sleep 0.2
	done
	check "isold without the privilege: refused, naming the drop-in" "$I $R reserve 2-3" 1 \
		"failed: isold lacks CAP_SYS_ADMIN and write access to $fx/sys/fs/cgroup \(isold.service's sandbox: install the drop-in isold-runtime-reserve.conf, isold\(8\)\); enabling cpuset in"
	check "... every file as before" "$same base"
	check "... isold's log says so too" "grep 'RESERVE of CPU(s) 2-3 failed: isold lacks CAP_SYS_ADMIN' $fx/isold.log"
	kill "$isold_pid"
	wait "$isold_pid"
	chmod -R u+w "$fx/sys/fs/cgroup"
else
	skip "isolctl through isold" "no $ISOLD"
fi
check_done
