#!/bin/bash
# demo.sh - the body of `make demo`: build what is missing, boot the patched
# kernel with RT CPUs 2-3 reserved, and run the guest demo script.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
t0=$SECONDS
echo "demo: building what is missing (kernel, userspace, initramfs)..."
make --no-print-directory kernel > build/demo-build.log 2>&1 ||
	{ tail -30 build/demo-build.log; echo "demo: kernel build failed (build/demo-build.log)"; exit 1; }
make --no-print-directory initramfs >> build/demo-build.log 2>&1 ||
	{ tail -30 build/demo-build.log; echo "demo: initramfs build failed (build/demo-build.log)"; exit 1; }
echo "demo: built in $((SECONDS - t0))s; booting QEMU (-smp 4, isolcpus=rtiso,domain,managed_irq,2-3 nohz_full=2-3 rcu_nocbs=2-3)"
echo
rc=0
tests/vm/run --timeout 600 demo > build/demo.log 2>&1 || rc=$?
sed -e '/^RTISOL-TEST-END/d' -e '/RTISOL-RESULT/d' -e 's/^    //' build/demo.log
echo
if ((rc == 0)); then
	echo "demo: done in $((SECONDS - t0))s (console log: build/vm-logs/demo-latest.log)"
else
	echo "demo: the guest reported a problem (exit $rc); console log: build/vm-logs/demo-latest.log"
fi
exit $rc
