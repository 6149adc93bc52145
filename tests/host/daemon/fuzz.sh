#!/bin/sh
# fuzz.sh SECONDS - run each isold fuzz target for SECONDS (make check
# runs it for a few seconds; `make fuzz-isold` for long).  Corpora live in
# $B/fuzz/corpus-*, seeded from the shipped config and records; crashes are
# written to $B/fuzz/ and fail the run.  Skips (77) without the fuzzers.
secs=${1:-5}
dir=${B:-build/host}/fuzz
for t in proto config journal; do
	[ -x "$dir/fuzz-$t" ] || { echo "fuzz-$t not built (no clang): skip"; exit 77; }
done
mkdir -p "$dir/corpus-proto" "$dir/corpus-config" "$dir/corpus-journal"
cp daemon/conf/isold.conf daemon/conf/whitelist.d/*.conf "$dir/corpus-config/"
cp daemon/fuzz/journal.seed "$dir/corpus-journal/"
n=0 fail=0
for t in proto config journal; do
	n=$((n + 1))
	if "$dir/fuzz-$t" -max_total_time="$secs" -max_len=20000 \
		-artifact_prefix="$dir/crash-$t-" -print_final_stats=0 \
		"$dir/corpus-$t" >"$dir/fuzz-$t.log" 2>&1; then
		echo "ok $n - fuzz-$t ran ${secs}s: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$dir/fuzz-$t.log" || tail -n 1 "$dir/fuzz-$t.log")"
	else
		echo "not ok $n - fuzz-$t found a crash (see $dir/fuzz-$t.log)"
		tail -n 30 "$dir/fuzz-$t.log" | sed 's/^/#   /'
		fail=1
	fi
done
echo "1..$n"
exit $fail
