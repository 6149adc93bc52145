#!/bin/sh
# run.sh [-c CPU] [-l LIST]... [-x TAG] GROUP... - the transparency suites
# (guest).
#
# Runs every test of the lists (default: /rtisol/transparency/kselftests.list
# and rt-tests.list) that
# belongs to a GROUP twice, through rtiso-launch:
#   plain      pinned to RT CPU CPU (default 2), not opted in;
#   displaced  pinned to the same CPU and opted in to DISPLACE, with the
#              whitelist (and the argument rules) emptied, so that every
#              syscall but the always-in-place ones is displaced.
# Both runs must give the same verdict: the exit status class (pass, skip,
# timeout, else rcN with the status, 128 + N for signal N) and the counts
# of the test's own subtest verdicts (TAP "ok"/"not ok"/"# SKIP" lines,
# the x86 tests' [OK]/[FAIL]/[SKIP]).
# The displaced run must have displaced (stats "displacements" grew by at
# least MIN_DISPLACEMENTS), no displacement or return may have failed, and
# the plain run must not have displaced at all.  A test tagged "timing"
# (its verdict depends on wall-clock deadlines) that differs is run again,
# up to three pairs; the first pair that agrees decides, and the note says
# what the earlier pairs gave.
#
# GROUP: "all", "quick" (the tests tagged quick), a suite, or SUITE/TEST;
# -x TAG leaves out the tests tagged TAG.
# Prints one TAP line per test (run-tests.sh counts them), the output of
# both runs when they differ, then a table, and one "TRANSP-ROW
# suite|test|plain|displaced|displacements|note" line per test for
# tests/transparency/table.sh.  A difference documented in README.md (tag
# known=ID) is reported as a skip naming the ID.  The whitelist and rules
# are restored on exit.
cpu=2 lists= skiptag= min_disp=${MIN_DISPLACEMENTS:-10}
dir=/rtisol/transparency
while [ $# -gt 0 ]; do
	case $1 in
	-c) cpu=$2; shift 2 ;;
	-l) lists="$lists $2"; shift 2 ;;
	-x) skiptag=$2; shift 2 ;;
	*) break ;;
	esac
done
[ -n "$lists" ] || lists="$dir/kselftests.list $dir/rt-tests.list"
[ $# -gt 0 ] || { echo "usage: run.sh [-c CPU] [-l LIST]... [-x TAG] GROUP..." >&2; exit 64; }

sysrt=/sys/kernel/rt_isolation
if [ ! -r $sysrt/stats ] || ! grep -q . /sys/devices/system/cpu/rt_isolated 2>/dev/null; then
	echo "run.sh: no RT isolation here (no $sysrt/stats or no RT CPU): skipped"
	exit 77
fi
echo "# RT CPUs $(cat /sys/devices/system/cpu/rt_isolated), tests on CPU $cpu;" \
	"CPU $(grep -q -w fsgsbase /proc/cpuinfo && echo has || echo lacks) FSGSBASE;" \
	"kernel: $(cat /proc/cmdline)"

work=/tmp/transparency
rm -rf $work
mkdir -p $work/save $work/cwd

# Empty the whitelist and the rules (every syscall displaced); restore them
# whatever happens.
wlfiles=
for f in syscalls_x86_64 syscalls_ia32 rules_x86_64 rules_ia32; do
	[ -w $sysrt/$f ] || continue
	cat $sysrt/$f > $work/save/$f
	wlfiles="$wlfiles $f"
done
restore() {
	for f in $wlfiles; do
		if [ -s $work/save/$f ]; then
			cat $work/save/$f > $sysrt/$f
		else
			echo > $sysrt/$f
		fi
	done
}
trap 'restore' EXIT
trap 'exit 130' INT TERM
for f in $wlfiles; do
	if ! echo > $sysrt/$f || [ -n "$(tr -d '\n' < $sysrt/$f)" ]; then
		echo "run.sh: cannot empty $sysrt/$f"
		exit 1
	fi
done

stat() { awk -v k="$1" '$1 == k { print $2 }' $sysrt/stats; }

# verdict OUT RC: "CLASS[ OK/FAIL/SKIP]" from the exit status and the
# subtest lines of the output.
verdict() {
	case $2 in
	0) c=pass ;;
	4 | 77) c=skip ;;
	124) c=timeout ;;
	*) c=rc$2 ;;
	esac
	ok=$(grep -cE '^ok [0-9]+|\[OK\]' "$1")
	sk=$(grep -cE '^ok [0-9]+.*# *(SKIP|skip)' "$1")
	ok=$((ok - sk))
	sk=$((sk + $(grep -c '\[SKIP\]' "$1")))
	nok=$(grep -cE '^not ok [0-9]+|\[FAIL\]' "$1")
	if [ $((ok + nok + sk)) -gt 0 ]; then
		echo "$c $ok/$nok/$sk"
	else
		echo "$c"
	fi
}

# run_one MODE TIMEOUT CMD...: run, leave the output in $work/MODE.out and
# the verdict in $v.
run_one() {
	mode=$1 tmo=$2
	shift 2
	opt=
	[ "$mode" = displaced ] && opt=--displace
	(cd $work/cwd && exec rtiso-launch $opt --timeout "$tmo" \
		--cpu "$cpu" -- "$@") > $work/$mode.out 2>&1 < /dev/null
	rc=$?
	v=$(verdict $work/$mode.out $rc)
}

show() { # title file: the failures with what led to them, and the end
	echo "#   --- $1: failures (with 15 lines before each)"
	grep -nE -B15 '^not ok [0-9]+|\[FAIL\]' "$2" | head -120 | sed 's/^/#     /'
	echo "#   --- $1: last 25 lines"
	tail -25 "$2" | sed 's/^/#     /'
}

n=0 rows=$work/rows
: > $rows
# The selected tests: "SUITE TEST TAGS COMMAND..." lines.
sed -e 's/#.*//' $lists | awk 'NF >= 4' > $work/all
for g in "$@"; do
	case $g in
	all) cat $work/all ;;
	quick) awk '$3 ~ /(^|,)quick(,|$)/' $work/all ;;
	*/*) awk -v s="${g%%/*}" -v t="${g#*/}" '$1 == s && $2 == t' $work/all ;;
	*) awk -v s="$g" '$1 == s' $work/all ;;
	esac
done | awk -v x="$skiptag" 'x == "" || $3 !~ "(^|,)" x "(,|$)"' > $work/selected
if [ ! -s $work/selected ]; then
	echo "run.sh: no test matches $*"
	exit 1
fi

while read -r suite test tags cmd; do
	n=$((n + 1))
	tmo=120 known=
	for t in $(echo "$tags" | tr , ' '); do
		case $t in
		timeout=*) tmo=${t#timeout=} ;;
		known=*) known=${t#known=} ;;
		esac
	done
	set -f
	# shellcheck disable=SC2086
	set -- $cmd
	set +f
	case $1 in
	/*) ;;
	*) p=$1; shift; set -- "$dir/$p" "$@" ;;
	esac

	t0=$(cut -d. -f1 /proc/uptime)
	try=1 tries=1 retried=
	case ,$tags, in *,timing,*) tries=3 ;; esac
	while :; do
		d0=$(stat displacements)
		run_one plain "$tmo" "$@"
		vp=$v
		d1=$(stat displacements) f1=$(stat displace_failed) r1=$(stat return_failed)
		run_one displaced "$tmo" "$@"
		vd=$v
		d2=$(stat displacements) f2=$(stat displace_failed) r2=$(stat return_failed)
		[ "$vp" = "$vd" ] || [ $try -ge $tries ] && break
		# A timing test: show this pair, then run both again.
		echo "# $suite/$test: try $try: plain $vp, displaced $vd; again (tag timing)"
		show "plain: $vp" $work/plain.out
		show "displaced: $vd" $work/displaced.out
		retried="${retried:+$retried, }try $try: $vp / $vd"
		try=$((try + 1))
	done
	disp=$((d2 - d1))
	secs=$(($(cut -d. -f1 /proc/uptime) - t0))

	problem=
	[ "$vp" != "$vd" ] && problem="results differ"
	[ $((d1 - d0)) -ne 0 ] && problem="${problem:+$problem; }plain run displaced $((d1 - d0)) times"
	[ "$disp" -lt "$min_disp" ] && problem="${problem:+$problem; }only $disp displacements"
	[ $((f2 - f1)) -ne 0 ] && problem="${problem:+$problem; }$((f2 - f1)) displacements failed"
	[ $((r2 - r1)) -ne 0 ] && problem="${problem:+$problem; }$((r2 - r1)) returns failed"

	desc="$suite/$test: plain $vp, displaced $vd, $disp displacements (${secs}s)"
	note=
	[ -n "$retried" ] && desc="$desc; timing, differed before ($retried)"
	if [ -z "$problem" ]; then
		echo "ok $n - $desc"
		[ -n "$known" ] && note="known difference $known did not show"
		[ -n "$retried" ] && note="same on try $try (before: $retried)"
	elif [ -n "$known" ] && [ "$problem" = "results differ" ]; then
		echo "ok $n - $desc # SKIP known difference '$known' (README.md)"
		note="known difference: $known"
	else
		echo "not ok $n - $desc: $problem"
		note=$problem
	fi
	if [ -n "$problem" ]; then
		show "plain: $vp" $work/plain.out
		show "displaced: $vd" $work/displaced.out
	fi
	echo "$suite|$test|$vp|$vd|$disp|$note" >> $rows
done < $work/selected

echo "# transparency: $n tests (verdict: exit class [ok/fail/skip subtests])"
awk -F'|' '{ printf "#   %-12s %-34s %-16s %-16s %8s  %s\n", $1, $2, $3, $4, $5, $6 }
	BEGIN { printf "#   %-12s %-34s %-16s %-16s %8s  %s\n", "suite", "test",
		"plain", "displaced", "displ.", "note" }' $rows
sed 's/^/TRANSP-ROW /' $rows
