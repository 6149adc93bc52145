#!/bin/sh
# The guest side of `make demo`: RT isolation at work, step by step.
cpu_of() { awk '{print $39}' "/proc/$1/stat"; }
hdr() { echo; echo "== $*"; }

hdr "1. The machine: CPUs and the boot reservation"
echo "kernel:       $(uname -r)"
echo "cmdline:      $(cat /proc/cmdline)"
echo "online CPUs:  $(cat /sys/devices/system/cpu/online)"
echo "isolated:     $(cat /sys/devices/system/cpu/isolated)   (isolcpus domain isolation)"
echo "nohz_full:    $(cat /sys/devices/system/cpu/nohz_full)   (no tick with one task)"
if [ -e /sys/devices/system/cpu/rt_isolated ]; then
	echo "rt_isolated:  $(cat /sys/devices/system/cpu/rt_isolated)   (RT CPUs: syscall displacement active)"
else
	echo "rt_isolated:  (this kernel has no RT isolation)"
fi

hdr "2. A pinned task on RT CPU 2"
taskset -c 2 sh -c 'while :; do :; done' &
spin=$!
sleep 1
echo "task $spin: Cpus_allowed_list $(grep Cpus_allowed_list /proc/$spin/status | cut -f2), running on CPU $(cpu_of $spin)"
echo "CPU 2 load: the task alone; the scheduler does not balance onto isolated CPUs:"
for i in 1 2 3; do
	sleep 1
	echo "  t+${i}s task on CPU $(cpu_of $spin)"
done
kill $spin

if [ -d /sys/kernel/rt_isolation ]; then
	hdr "3. The RT isolation interface"
	for f in /sys/kernel/rt_isolation/*; do
		echo "$f:"
		sed 's/^/    /' "$f" | head -12
	done
fi
[ -x /rtisol/tests/vm/demo-more.sh ] && /rtisol/tests/vm/demo-more.sh
echo
echo "== 9. The same app on both libisol backends: the kernel's displacement,"
echo "     and Syscall User Dispatch emulation for stock kernels"
