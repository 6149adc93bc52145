#!/bin/bash
# check.sh - `make check-transparency`: every transparency test, plain and
# displaced, in two boots of the base kernel: the default CPU model (with
# FSGSBASE) and "nofsgsbase" (the legacy FS/GS base paths, as on QEMU's
# default CPU model) for the x86 suite.  Writes the table of both runs to
# build/transparency-table.md and ends with "N passed, N failed, N skipped".
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
MAKE="make --no-print-directory"
$MAKE kernel initramfs || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

passed=0 failed=0 skipped=0 logs=()
boot() { # set vm-args...
	local set=$1 log res p f s
	shift
	log=build/vm-logs/$set-$(date +%Y%m%d-%H%M%S).log
	logs+=("$log")
	echo "=== $set"
	# clearcpuid=smap: QEMU 7.2's TCG checks SMAP on the stack accesses
	# of a user-mode far call or return (README.md).
	tests/vm/run --log "$log" --timeout 5400 --append rtisol.timeout=1800 \
		--append clearcpuid=smap "$@" "$set"
	res=$(grep -aE 'RTISOL-RESULT: [0-9]+ passed' "$log" | tail -1)
	if [[ -z $res ]]; then
		failed=$((failed + 1))
		return
	fi
	read -r p f s < <(sed -E 's/.*RESULT: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1 \2 \3/' <<< "$res")
	# A splat fails the run.
	grep -qaE '^\[ *[0-9]+\.[0-9]+\] .*(BUG:|WARNING:|Oops|Kernel panic|Call Trace:)' "$log" &&
		f=$((f + 1))
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}
t0=$SECONDS
boot transparency
boot transparency-nofsgsbase --append nofsgsbase
tests/transparency/table.sh "${logs[@]}" > build/transparency-table.md
echo
echo "=== table: build/transparency-table.md ($((SECONDS - t0))s of VM time)"
cat build/transparency-table.md
echo
echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
