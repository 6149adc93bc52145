#!/bin/bash
# checkpatch.sh - scripts/checkpatch.pl --strict on every patch of the
# series, one TAP line per patch.  Needs the unpacked tree (make kernel).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ksrc=${KSRC:-$here/../build/linux}
if [[ ! -x $ksrc/scripts/checkpatch.pl ]]; then
	echo "checkpatch: $ksrc/scripts/checkpatch.pl missing: run make kernel" >&2
	echo "RTISOL-RESULT: 0 passed, 1 failed, 0 skipped"
	exit 1
fi
mapfile -t patches < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/series" 2>/dev/null)
n=0 p=0 f=0
for pf in "${patches[@]}"; do
	n=$((n + 1))
	out=$(cd "$ksrc" && perl scripts/checkpatch.pl --strict \
		--quiet --show-types "$here/$pf" 2>&1)
	if [[ -z $out ]]; then
		echo "ok $n - checkpatch --strict $pf"
		p=$((p + 1))
	else
		echo "not ok $n - checkpatch --strict $pf"
		sed 's/^/#   /' <<< "$out" | head -40
		f=$((f + 1))
	fi
done
echo "1..$n"
echo "RTISOL-RESULT: $p passed, $f failed, 0 skipped"
((f == 0))
