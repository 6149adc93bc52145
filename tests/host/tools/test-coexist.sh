#!/bin/sh
# test-coexist.sh - isolctl doctor and isold beside tuned (issue 16), on
# the fixture tree good/ (RT CPUs 2-3 of 0-3) with a fake <root>/etc/tuned
# per case: which profile, which CPUs, what conflicts.  tuned need not run.
# Also doctor's irqbalance row when none runs.  Run from the repository
# root with B=build/<variant>.
here=$(dirname "$0")
. "$here/check.sh"
B=${B:-build/host}
I="$B/bin/isolctl"
D="$B/isold"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r "$here/fixtures/good/." "$T/"
mkdir -p "$T/etc/tuned"
doc="$I --root $T doctor"
tuned() { # tuned PROFILE [FILE LINE]...: a fresh <root>/etc/tuned
	rm -rf "$T/etc/tuned" "$T/usr"
	mkdir -p "$T/etc/tuned"
	[ -n "$1" ] && echo "$1" > "$T/etc/tuned/active_profile"
	shift
	while [ $# -ge 2 ]; do
		mkdir -p "$(dirname "$T/$1")"
		printf '%s\n' "$2" >> "$T/$1"
		shift 2
	done
}

tuned ""
check "no tuned: no tuned finding" "! $doc | grep -q '^tuned'"
check "no irqbalance in the fixture: said so" "$doc" 0 "^irqbalance +info +irqbalance is not running"
check "isold --check without tuned: no tuned warning" "! $D --check --root $T 2>&1 | grep -q tuned"

tuned balanced
check "a profile without CPU partitioning is fine" "$doc" 0 \
	'^tuned +ok +tuned profile "balanced" does not partition CPUs'

tuned cpu-partitioning etc/tuned/cpu-partitioning-variables.conf "isolated_cores=2-3"
check "cpu-partitioning on the RT CPUs: a warning that names it and the CPUs" "$doc" 0 \
	'^tuned +warning +tuned profile "cpu-partitioning" \(cpu-partitioning, isolated_cores=2-3 from .*/etc/tuned/cpu-partitioning-variables.conf\) manages RT CPUs 2-3 too'
check "... and what it does (moves RT tasks too)" "$doc" 0 "RT tasks isold pinned there included"
check "... tuned is not running: at its next start" "$doc" 0 "tuned is not running: at its next start"
check "isold --check warns, naming profile and CPUs, and starts" "$D --check --root $T" 0 \
	'warning: tuned: tuned profile "cpu-partitioning" .*manages RT CPUs 2-3 too'

tuned cpu-partitioning etc/tuned/cpu-partitioning-variables.conf "isolated_cores = 3"
check "isolated_cores leaves an RT CPU to housekeeping: an error" "$doc" 2 \
	'^tuned +error +.*disagrees with isold.s RT CPUs 2-3: it treats RT CPUs 2 as housekeeping'
check "isold --check: the same warning" "$D --check --root $T" 0 \
	'warning: tuned: .*it treats RT CPUs 2 as housekeeping'

tuned realtime etc/tuned/realtime-variables.conf 'isolated_cores=${f:calc_isolated_cores:1}'
check "realtime with calc_isolated_cores:1 (one package: 1-3) isolates housekeeping CPU 1" \
	"$doc" 2 '^tuned +error +tuned profile "realtime" \(realtime, isolated_cores=1-3 .*it isolates isold.s housekeeping CPUs 1'

tuned realtime etc/tuned/realtime-variables.conf 'isolated_cores=${f:calc_isolated_cores:2}'
check "calc_isolated_cores:2 (2-3) agrees" "$doc" 0 '^tuned +warning +.*isolated_cores=2-3 .*manages RT CPUs 2-3 too'

tuned "my-rt" etc/tuned/my-rt/tuned.conf "[main]" etc/tuned/my-rt/tuned.conf "include=cpu-partitioning" \
	etc/tuned/my-rt/tuned.conf "[variables]" etc/tuned/my-rt/tuned.conf "isolated_cores=1-3"
check "a profile that includes cpu-partitioning, isolated_cores set in it" "$doc" 2 \
	'^tuned +error +tuned profile "my-rt" \(cpu-partitioning, isolated_cores=1-3 from .*/etc/tuned/my-rt/tuned.conf\)'

tuned "my-shipped" usr/lib/tuned/my-shipped/tuned.conf "[main]" usr/lib/tuned/my-shipped/tuned.conf \
	"include=realtime-virtual-guest" etc/tuned/realtime-virtual-guest-variables.conf "isolated_cores=2,3"
check "a shipped profile (usr/lib/tuned) including realtime-virtual-guest" "$doc" 0 \
	'^tuned +warning +tuned profile "my-shipped" \(realtime-virtual-guest, isolated_cores=2-3'

tuned cpu-partitioning etc/tuned/cpu-partitioning-variables.conf 'isolated_cores=${f:cpulist_online:2-3}'
check "an expression isold cannot evaluate: a warning that says so" "$doc" 0 \
	'^tuned +warning +.*isolated_cores=\$\{f:cpulist_online:2-3\} .*cannot evaluate'
check "isold --check says so too" "$D --check --root $T" 0 "warning: tuned: .*cannot evaluate"

tuned cpu-partitioning
check "cpu-partitioning without its variables file: unset, cannot evaluate" "$doc" 0 \
	'^tuned +warning +.*isolated_cores=\(unset\)'
check_done
