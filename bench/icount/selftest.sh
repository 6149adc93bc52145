#!/bin/bash
# bench/icount/selftest.sh - the icount plugin's self-test (a stage of
# `make check`): known loops give known counts.
#
#   bench/icount/selftest.sh [--kernel BZIMAGE] [--initrd CPIO] [--skew N]
#
# Boots the kernel (default: the base flavour and make check's initramfs,
# which holds ictest) under -icount shift=3,sleep=off with the plugin, runs
# the icount-selftest set (ictest pinned to RT CPU 2: a user loop, a
# syscall loop, a PAUSE loop, a sleep; bench/icount/ictest.c), pairs the
# plugin's regions with ictest's labels and checks every ICEXPECT line:
# the plugin's count for that vCPU and class must lie in [min, max].  Then
# checks that the checker fails when each exact expectation is off by one
# instruction per pass (so this test can fail).  --skew N moves every
# expectation by N instructions per pass before the real check (N=1 must
# make it fail: a demonstration).
#
# Prints TAP lines and "RTISOL-RESULT: P passed, F failed, 0 skipped".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
kernel=build/kernel-base/arch/x86/boot/bzImage
initrd=build/initramfs-base.cpio
skew=0
while (($#)); do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--skew) skew=$2; shift 2 ;;
	*) echo "selftest.sh: unknown argument $1" >&2; exit 64 ;;
	esac
done
sysmap=$(dirname "$kernel")/../../../System.map
dir=build/icount
out=$dir/selftest.ic log=$dir/selftest.log vals=$dir/selftest.txt
pass=0 fail=0 n=0
ok() { n=$((n + 1)) pass=$((pass + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)) fail=$((fail + 1)); echo "not ok $n - $*"; }
finish() {
	echo "RTISOL-RESULT: $pass passed, $fail failed, 0 skipped"
	exit $((fail > 0))
}

make -s --no-print-directory icount-plugin ||
	{ notok "the plugin and ictest build"; finish; }
for f in "$kernel" "$sysmap" "$initrd"; do
	[[ -r $f ]] || { notok "$f exists (make kernel initramfs)"; finish; }
done
rm -f "$out"
# nokaslr: the plugin finds the idle loop by System.map's addresses, which
# are the running kernel's only without KASLR (Debian's config has it).
tests/vm/run --kernel "$kernel" --initrd "$initrd" --icount 3 --timeout 300 \
	--plugin "$dir/libicount.so,out=$out,sysmap=$sysmap" --append nokaslr \
	--log "$log" --quiet icount-selftest
rc=$?
if ((rc == 0)); then ok "the guest ran ictest under the plugin"; else
	notok "the guest ran ictest under the plugin (tests/vm/run exit $rc, log $log)"; fi
nidle=$(grep -c '^ic info idle ' "$out" 2>/dev/null)
if ((nidle >= 3)); then ok "the idle loop's functions found in System.map ($nidle)"; else
	notok "the idle loop's functions found in System.map (${nidle:-0}; see $out)"; fi
if bench/icount/join.sh "$out" "$log" > "$vals"; then
	ok "every region paired with its label ($(grep -c '\.calls ' "$vals") regions)"
else
	notok "every region paired with its label"
fi

# check SKEW QUIET: every ICEXPECT, expectations moved by SKEW per pass;
# prints TAP lines unless QUIET; returns the number of failed checks.
check() {
	tr -d '\r' < "$log" | awk -v skew="$1" -v quiet="$2" -v vals="$vals" '
		BEGIN { while ((getline l < vals) > 0) { split(l, f, " "); v[f[1]] = f[2] } }
		$1 == "ICEXPECT" {
			lab = $2; cpu = $3; cls = $4
			calls = v[lab ".calls"]
			min = $5 + skew * calls; max = $6 + skew * calls
			got = 0; have = 1
			nc = split(cls, c, "+")
			for (i = 1; i <= nc; i++) {
				k = lab ".ic.cpu" cpu "." c[i]
				if (!(k in v)) have = 0
				got += v[k]
			}
			okk = have && got >= min && got <= max
			bad += !okk
			if (!quiet)
				printf "%s - %s: cpu %d %s = %s, expected %s\n",
					okk ? "ok" : "not ok", lab, cpu, cls,
					have ? got : "missing", min == max ? min : "[" min ", " max "]"
		}
		END { exit bad > 100 ? 100 : bad }'
}

while read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) notok "${line#not ok - }" ;;
	esac
done < <(check "$skew" 0)

# The checker must be able to fail: one instruction more per pass than
# counted must fail every exact expectation (there are 3).
check 1 1
bad=$?
if ((bad >= 3)); then ok "the check fails when the expected count is off by one instruction a pass ($bad failed)"; else
	notok "the check fails when the expected count is off by one instruction a pass (only $bad failed)"; fi
finish
