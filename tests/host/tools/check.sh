#!/bin/sh
# check.sh - the CLI test helper (rtla tests/ style), POSIX sh so it runs on
# the host and under busybox in the guest.  Source it, then:
#
#   check "description" "command" [exit] [regex]
#       runs command (through sh -c), passes when its exit status is
#       <exit> (default 0) and, when given, a line of its stdout+stderr
#       matches the extended regex.  Prints TAP "ok N - description" / "not ok N".
#   check_json "description" "command"   stdout must be valid JSON
#   skip "description" "reason"
#   check_done                            prints the plan, returns 0/1
ntest=0
nfail=0
check_out=${TMPDIR:-/tmp}/check.$$

check() {
	_c_desc=$1 _c_cmd=$2 _c_want=${3:-0} _c_re=${4:-}
	ntest=$((ntest + 1))
	sh -c "$_c_cmd" >"$check_out" 2>&1
	_c_rc=$?
	_c_ok=1
	[ "$_c_rc" -eq "$_c_want" ] || _c_ok=0
	if [ $_c_ok -eq 1 ] && [ -n "$_c_re" ]; then
		grep -Eq -- "$_c_re" "$check_out" || _c_ok=0
	fi
	if [ $_c_ok -eq 1 ]; then
		echo "ok $ntest - $_c_desc"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $_c_desc"
		echo "#   command: $_c_cmd"
		echo "#   exit $_c_rc (wanted $_c_want)${_c_re:+, regex /$_c_re/}"
		sed 's/^/#   | /' "$check_out" | head -30
	fi
	return 0
}

# check_json DESC CMD: exit 0 and stdout is valid JSON
check_json() {
	ntest=$((ntest + 1))
	if sh -c "$2" 2>/dev/null | python3 -m json.tool >"$check_out" 2>&1; then
		echo "ok $ntest - $1"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $1"
		echo "#   command: $2"
		sed 's/^/#   | /' "$check_out" | head -10
	fi
}

skip() {
	ntest=$((ntest + 1))
	echo "ok $ntest - $1 # SKIP $2"
}

check_done() {
	rm -f "$check_out"
	echo "1..$ntest"
	[ "$nfail" -eq 0 ]
}
