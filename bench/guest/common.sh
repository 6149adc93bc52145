# Sourced by the bench guest scripts.  Parameters come from the kernel
# command line (bench/run.sh passes them with --append): rtbench.scale=F
# multiplies every count and duration (default 1), rtbench.lat_s=S is the
# duration of each latency run.
arg() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
SCALE=$(arg rtbench.scale); SCALE=${SCALE:-1}
n() { awk -v a="$1" -v s="$SCALE" 'BEGIN { v = int(a * s); print (v < 10 ? 10 : v) }'; }
have_rtiso() { [ -d /sys/kernel/rt_isolation ]; }
# x86_64 numbers (the guest has no headers)
NR_getpid=39 NR_getppid=110 NR_getuid=102
echo "# kernel $(uname -r), $(uname -v)"
echo "# cmdline $(cat /proc/cmdline)"
echo "# clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)," \
	"preempt $(grep -o 'PREEMPT[_A-Z]*' /proc/version | tr '\n' ' ')"
