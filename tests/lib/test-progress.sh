#!/bin/bash
# test-progress.sh - tests/lib/progress.sh: plain lines for CI and pipes,
# one line rewritten in place on a terminal, the status figure, and a
# failure's last log lines with the log's path.  TAP; run from the
# repository root (make check-host).
. tests/host/tools/check.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/run" <<'SH'
#!/bin/bash
# progress_run of a 2 s step with a status, then of a failing one
set -euo pipefail
. tests/lib/progress.sh
progress_init
echo "mode $RTISOL_PROGRESS"
st() { echo "$(cat "$T/n" 2>/dev/null || echo 0)/2 steps"; }
PROGRESS_STATUS=st progress_run "step one" "$T/one.log" \
	bash -c 'for i in 1 2; do echo out$i; echo $i > "$T/n.tmp"; mv "$T/n.tmp" "$T/n"; sleep 1; done; echo out3'
rc=0
PROGRESS_TAIL=5 progress_run "step two" "$T/two.log" \
	bash -c 'for i in $(seq 1 40); do echo line$i; done; exit 7' || rc=$?
echo "step two returned $rc"
SH
chmod +x "$tmp/run"
export T=$tmp

# Plain: stderr is a pipe here.
env -u RTISOL_PROGRESS -u RTISOL_PROGRESS_FD RTISOL_PROGRESS_EVERY=1 \
	"$tmp/run" > "$tmp/plain" 2>&1
check "stderr not a terminal: plain mode" "cat $tmp/plain" 0 "^mode plain$"
check "plain: a start line with the log" "cat $tmp/plain" 0 "^step one: started \(log: $tmp/one.log\)$"
check "plain: a periodic line with time and status" "cat $tmp/plain" 0 "^step one  0:0[1-2]  [1-2]/2 steps$"
check "plain: an end line with the time" "cat $tmp/plain" 0 "^step one: done in 0:0[2-3]$"
check "the step's output is in its log, not on the terminal" \
	"grep -q out2 $tmp/one.log && ! grep -q out2 $tmp/plain"
check "no carriage return in plain mode" "! grep -q \$(printf '\r') $tmp/plain"
check "failure: the step's exit status is returned" "cat $tmp/plain" 0 "^step two returned 7$"
check "failure: says it failed, with the time and status" "cat $tmp/plain" 0 "^step two: FAILED after 0:0[0-1] \(exit 7\)"
check "failure: the last lines of the log" "grep -c '  | line' $tmp/plain; grep -q '  | line40' $tmp/plain && ! grep -q '  | line35' $tmp/plain" 0 "^5$"
check "failure: where the whole log is" "cat $tmp/plain" 0 "^step two: whole log: $tmp/two.log$"
# CI=true is plain even on a terminal.
check "CI=true: plain mode on a terminal" \
	"env -u RTISOL_PROGRESS -u RTISOL_PROGRESS_FD CI=true script -qec '$tmp/run' /dev/null" 0 "^mode plain"

# A terminal: one line rewritten in place.
if command -v script > /dev/null; then
	env -u RTISOL_PROGRESS -u RTISOL_PROGRESS_FD -u CI \
		script -qec "$tmp/run" /dev/null > "$tmp/tty" 2>&1
	tr '\r' '~' < "$tmp/tty" | sed 's/\x1b\[K/<K>/g' > "$tmp/tty.txt"
	check "stderr a terminal: tty mode" "cat $tmp/tty.txt" 0 "^mode tty"
	check "tty: the line is rewritten in place with time and status" \
		"grep -c '~<K>step one  0:0[0-2]  [0-2]/2 steps~<K>step one  0:0[1-2]  [1-2]/2 steps' $tmp/tty.txt" 0 "^1$"
	check "tty: cleared and followed by the end line" "cat $tmp/tty.txt" 0 "~<K>step one: done in 0:0[2-3]~?$"
	check "tty: a failure prints the log's last lines and path" "cat $tmp/tty.txt" 0 "^step two: whole log: "
	env -u RTISOL_PROGRESS -u RTISOL_PROGRESS_FD -u CI \
		script -qec "stty cols 22; $tmp/run" /dev/null > "$tmp/narrow" 2>&1
	check "tty, 22 columns: the label is shortened, not the figure" \
		"tr '\r' '\n' < $tmp/narrow | sed 's/\x1b\[K//'" 0 "^step  0:0[0-2]  [0-2]/2 steps$"
else
	skip "tty mode" "script(1) not installed"
fi

# A nested script inherits the mode and the progress descriptor.
cat > "$tmp/outer" <<'SH'
#!/bin/bash
. tests/lib/progress.sh
progress_init
RTISOL_PROGRESS=plain
echo "outer fd $RTISOL_PROGRESS_FD"
bash -c '. tests/lib/progress.sh; progress_init; echo "inner fd $RTISOL_PROGRESS_FD $RTISOL_PROGRESS"; progress_note "to the outer stderr"' > "$T/inner.out" 2> /dev/null
cat "$T/inner.out"
SH
chmod +x "$tmp/outer"
env -u RTISOL_PROGRESS -u RTISOL_PROGRESS_FD "$tmp/outer" > "$tmp/nest" 2>&1
check "nested: same descriptor and mode, note reaches the outer stderr" \
	"fd=\$(sed -n 's/^outer fd //p' $tmp/nest); grep -q \"^inner fd \$fd plain\$\" $tmp/nest && grep -q '^to the outer stderr$' $tmp/nest"
check_done
