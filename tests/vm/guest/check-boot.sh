#!/bin/sh
# The guest sees 4 CPUs, and the CPUs the runner isolated (tests/vm/run
# --rt LIST, default 2-3; none for "--rt none") are isolated (isolcpus),
# nohz_full and RT CPUs.
n=0
t() { n=$((n + 1)); if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1 (got '$2', want '$3')"; fi; }
# The list of isolcpus=rtiso,domain,managed_irq,LIST, empty without it.
rt=$(sed -n 's/.*isolcpus=rtiso,domain,managed_irq,\([^ ]*\).*/\1/p' /proc/cmdline)
t "4 CPUs online" "$(cat /sys/devices/system/cpu/online)" "0-3"
t "isolcpus domain isolation of '$rt'" "$(cat /sys/devices/system/cpu/isolated)" "$rt"
# A NO_HZ_FULL kernel booted without nohz_full= prints its unset mask as
# "(null)" (Debian's config; the tiny one has no nohz_full file then).
nohz=$(cat /sys/devices/system/cpu/nohz_full 2>/dev/null)
[ "$nohz" = "(null)" ] && nohz=
t "nohz_full on '$rt'" "$nohz" "$rt"
if [ -e /sys/devices/system/cpu/rt_isolated ]; then
	t "RT CPUs are '$rt'" "$(cat /sys/devices/system/cpu/rt_isolated)" "$rt"
else
	n=$((n + 1)); echo "ok $n - RT CPUs are '$rt' # SKIP kernel without RT isolation"
fi
taskset -c 2 sh -c 'grep Cpus_allowed_list /proc/self/status' > /tmp/pin.out 2>&1
t "a task pins to CPU 2" "$(cut -f2 /tmp/pin.out)" "2"
echo "1..$n"
