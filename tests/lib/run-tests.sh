#!/bin/sh
# run-tests.sh [-t SECONDS] PROGRAM... - run test programs, count results.
#
# POSIX sh: the same script runs on the host (make check-host) and inside
# the guest under busybox (tests/vm sets).  Each program: exit 0 = pass,
# 77 or 4 (KSFT_SKIP) = skip, anything else = fail.  When a program prints
# TAP lines ("ok N", "not ok N", "ok N ... # SKIP"), those are counted one
# by one instead, plus one failure if it then exits non-zero without a
# "not ok" line (a crash).  Output of every program is shown, indented.
# Ends with "RTISOL-RESULT: N passed, N failed, N skipped".
# A program given as "NAME=COMMAND ARGS" runs COMMAND with a display name.
tmo=600
if [ "${1:-}" = "-t" ]; then tmo=$2; shift 2; fi
tot_p=0 tot_f=0 tot_s=0
out=${TMPDIR:-/tmp}/run-tests.$$
failed_list=
for t in "$@"; do
	case $t in
	*=*) name=${t%%=*} cmd=${t#*=} ;;
	*) name=$t cmd=$t ;;
	esac
	echo "RTISOL-TEST-BEGIN $name"
	# shellcheck disable=SC2086
	timeout "$tmo" $cmd >"$out" 2>&1 </dev/null
	rc=$?
	sed 's/^/    /' "$out"
	p=$(grep -cE '^ok [0-9]+' "$out")
	s=$(grep -cE '^ok [0-9]+.*# *(SKIP|skip)' "$out")
	f=$(grep -cE '^not ok [0-9]+' "$out")
	p=$((p - s))
	if [ $((p + s + f)) -eq 0 ]; then
		case $rc in
		0) p=1 ;;
		77 | 4) s=1 ;;
		*) f=1 ;;
		esac
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "    # exited with status $rc after its TAP output"
	fi
	[ "$rc" -eq 124 ] && echo "    # timed out after ${tmo}s"
	if [ "$f" -gt 0 ]; then
		verdict=FAIL
		failed_list="$failed_list $name"
	elif [ "$p" -gt 0 ]; then verdict=PASS
	else verdict=SKIP
	fi
	echo "RTISOL-TEST-END $name $verdict rc=$rc passed=$p failed=$f skipped=$s"
	tot_p=$((tot_p + p)) tot_f=$((tot_f + f)) tot_s=$((tot_s + s))
done
rm -f "$out"
[ -n "$failed_list" ] && echo "RTISOL-FAILED:$failed_list"
echo "RTISOL-RESULT: $tot_p passed, $tot_f failed, $tot_s skipped"
[ "$tot_f" -eq 0 ]
