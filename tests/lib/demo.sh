#!/bin/bash
# demo.sh - the body of `make demo`: build what is missing, boot the patched
# kernel with RT CPUs 2-3 reserved, and run the guest demo script.
#
# The builds' output goes to build/demo-build.log; what shows is each long
# step with its elapsed time (and the kernel build's objects: kbuild.sh),
# one line updating in place on a terminal, plain lines otherwise
# (tests/lib/progress.sh).  A failure shows the last lines of the log.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. tests/lib/progress.sh
progress_init
t0=$SECONDS
log=build/demo-build.log
mkdir -p build
: > "$log"
echo "demo: building what is missing (kernel, userspace, initramfs); log: $log"
# kbuild.sh shows its own progress (unpacking, objects built).
make --no-print-directory kernel >> "$log" 2>&1 || {
	tail -15 "$log" | sed 's/^/  | /'
	echo "demo: kernel build failed; whole log: $log"
	exit 1
}
progress_run "demo: userspace and initramfs" build/demo-initramfs.log \
	make --no-print-directory initramfs || exit 1
cat build/demo-initramfs.log >> "$log"
echo "demo: built in $(progress_time $((SECONDS - t0))); booting QEMU (-smp 4, isolcpus=rtiso,domain,managed_irq,2-3 nohz_full=2-3 rcu_nocbs=2-3)"
echo
rc=0
tests/vm/run --timeout 600 demo 2>&1 | tee build/demo.log |
	sed -u -e '/^RTISOL-TEST-END/d' -e '/RTISOL-RESULT/d' -e 's/^    //' ||
	rc=${PIPESTATUS[0]}
echo
if ((rc == 0)); then
	echo "demo: done in $(progress_time $((SECONDS - t0))) (console log: build/vm-logs/demo-latest.log)"
else
	echo "demo: the guest reported a problem (exit $rc); console log: build/vm-logs/demo-latest.log"
fi
exit $rc
