#!/bin/bash
# demo-runtime.sh - make demo's second boot (after tests/lib/demo.sh has
# built everything): a guest WITHOUT isolcpus, RT CPUs reserved and
# released at runtime (tests/vm/guest/demo-runtime.sh, issue 14).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
t0=$SECONDS
echo
echo "demo: booting QEMU again, this time without isolcpus: RT CPUs reserved at runtime"
rc=0
tests/vm/run --rt none --timeout 600 demo-runtime > build/demo-runtime.log 2>&1 || rc=$?
sed -e '/^RTISOL-TEST-END/d' -e '/RTISOL-RESULT/d' -e 's/^    //' build/demo-runtime.log
echo
if ((rc == 0)); then
	echo "demo: runtime chapter done in $((SECONDS - t0))s (console log: build/vm-logs/demo-runtime-latest.log)"
else
	echo "demo: the runtime chapter reported a problem (exit $rc); console log: build/vm-logs/demo-runtime-latest.log"
fi
exit $rc
