#!/bin/sh
# The guest sees 4 CPUs, and CPUs 2-3 are isolated (isolcpus) and nohz_full.
n=0
t() { n=$((n + 1)); if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1 (got '$2', want '$3')"; fi; }
t "4 CPUs online" "$(cat /sys/devices/system/cpu/online)" "0-3"
t "isolcpus domain isolation of 2-3" "$(cat /sys/devices/system/cpu/isolated)" "2-3"
t "nohz_full on 2-3" "$(cat /sys/devices/system/cpu/nohz_full)" "2-3"
if [ -e /sys/devices/system/cpu/rt_isolated ]; then
	t "RT CPUs are 2-3" "$(cat /sys/devices/system/cpu/rt_isolated)" "2-3"
else
	n=$((n + 1)); echo "ok $n - RT CPUs are 2-3 # SKIP kernel without RT isolation"
fi
taskset -c 2 sh -c 'grep Cpus_allowed_list /proc/self/status' > /tmp/pin.out 2>&1
t "a task pins to RT CPU 2" "$(cut -f2 /tmp/pin.out)" "2"
echo "1..$n"
