#!/bin/sh
# rtloop-rules.sh (issue 13) - the demo's story as a test: isol-rtloop -w
# writes one byte into a pipe and one into a regular file every cycle;
# without a rule both displace, with the rule "1 fd0=pipe" only the file
# writes do.  Host: the emulation on a fixture sysfs.  VM: the kernel
# backend on the real syscalls_x86_64/rules_x86_64 (SKIP with the reason
# when the kernel has no rules_x86_64; the files are restored), then the
# emulation on a fixture.  TAP.
B=${B:-build/host}
RTLOOP=$B/examples/isol-rtloop
[ -x "$RTLOOP" ] || RTLOOP=$(command -v isol-rtloop)
N=300
WL="15,24,39,96,186,228,230,309"	# the loop's own calls (no write)
n=0 fail=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }

[ "$(nproc)" -ge 2 ] || { echo "1..0 # SKIP needs 2 CPUs"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpu=$(($(nproc) - 1))

# displacements of one run (the number isol-rtloop reports)
run() {
	env "$@" "$RTLOOP" -c "$cpu" -n $N -i 1000 -e 0 -w -f "$tmp/dat" > "$tmp/out" 2>&1
	sed 's/^/# /' "$tmp/out" >&2
	sed -n 's/.* \([0-9][0-9]*\) displacements,.*/\1/p' "$tmp/out"
}


# --- emulation on a fixture sysfs
sys=$tmp/sys
mkdir -p "$sys/kernel/rt_isolation" "$sys/devices/system/cpu" "$tmp/run"
echo "$WL" > "$sys/kernel/rt_isolation/syscalls_x86_64"
echo "0-$cpu" > "$sys/devices/system/cpu/online"
echo "$cpu" > "$sys/devices/system/cpu/rt_isolated"
emul="ISOL_BACKEND=emulation ISOL_SYSFS=$sys ISOL_RUNDIR=$tmp/run"
echo > "$sys/kernel/rt_isolation/rules_x86_64"
d=$(run $emul)
[ -n "$d" ] && [ "$d" -ge $((2 * N)) ]
ok $? "emulation, no rule: pipe and file writes displace ($d for $N cycles)"
echo "1 fd0=pipe" > "$sys/kernel/rt_isolation/rules_x86_64"
d=$(run $emul)
[ -n "$d" ] && [ "$d" -ge $N ] && [ "$d" -lt $((N + 20)) ]
ok $? "emulation, rule 1 fd0=pipe: only the file writes displace ($d for $N cycles)"
rm "$sys/kernel/rt_isolation/rules_x86_64"
d=$(run $emul)
[ -n "$d" ] && [ "$d" -ge $((2 * N)) ]
ok $? "emulation, no rules file: both displace, nothing widened ($d)"

# --- the kernel backend (the VM)
K=/sys/kernel/rt_isolation
if [ ! -e $K/syscalls_x86_64 ]; then
	skip "kernel backend: this kernel has no RT isolation"
	skip "kernel backend: this kernel has no RT isolation"
elif [ ! -e $K/rules_x86_64 ]; then
	skip "kernel backend: $K/rules_x86_64 missing: this kernel has no argument rules"
	skip "kernel backend: $K/rules_x86_64 missing: this kernel has no argument rules"
else
	old_wl=$(cat $K/syscalls_x86_64)
	old_rules=$(cat $K/rules_x86_64)
	cpu=$(cut -d, -f1 < /sys/devices/system/cpu/rt_isolated | cut -d- -f1)
	echo "$WL" > $K/syscalls_x86_64
	echo > $K/rules_x86_64
	d=$(run ISOL_RUNDIR=$tmp/run)
	[ -n "$d" ] && [ "$d" -ge $((2 * N)) ]
	ok $? "kernel, no rule: pipe and file writes displace ($d for $N cycles)"
	echo "1 fd0=pipe" > $K/rules_x86_64
	d=$(run ISOL_RUNDIR=$tmp/run)
	[ -n "$d" ] && [ "$d" -ge $N ] && [ "$d" -lt $((N + 20)) ]
	ok $? "kernel, rule 1 fd0=pipe: only the file writes displace ($d for $N cycles)"
	echo "${old_wl:-}" > $K/syscalls_x86_64
	printf '%s\n' "$old_rules" > $K/rules_x86_64
fi
echo "1..$n"
exit $fail
