#!/bin/sh
# Instruction counts (bench/icount/): regions counted by the icount plugin
# around loops of known length, on the patched and on the unpatched kernel
# (what needs RT isolation is skipped on the latter).  rtbench.ic=LIST on
# the kernel command line picks figures (default p1,p2,p3,p4); counts are
# small: under -icount they repeat, so one pass is the measurement.
. /rtisol/bench/common.sh
set -e
FIG=$(arg rtbench.ic); FIG=${FIG:-p1,p2,p3,p4}
# Let the boot's deferred work (asynchronous device probes: the PS/2
# controller's retries ran into the first measurements) finish first.
# Idle guest time costs nothing under -icount sleep=off.
sleep 3
want() { case ",$FIG," in *",$1,"*) return 0 ;; esac; return 1; }
if want p1; then
	N=$(n 20000)
	rtbench loop --ic --label ic.p1.getppid.cpu0 --nr $NR_getppid --cpu 0 --count $N --reps 5
	rtbench loop --ic --label ic.p1.getpid.cpu0 --nr $NR_getpid --cpu 0 --count $N --reps 5
	rtbench loop --ic --label ic.p1.getppid.cpu2 --nr $NR_getppid --cpu 2 --count $N --reps 5
fi
if want p2 && have_rtiso; then
	N=$(n 20000)
	rtbench loop --ic --label ic.p2.plain --nr $NR_getppid --cpu 2 --count $N --reps 5
	rtbench loop --ic --label ic.p2.optin --nr $NR_getppid --cpu 2 --count $N --mode kernel --reps 5
fi
if want p3; then
	N=$(n 1000)
	rtbench loop --ic --label ic.p3.plain --nr $NR_getuid --cpu 2 --count $N --reps 5
	have_rtiso && rtbench loop --ic --label ic.p3.kernel --nr $NR_getuid --cpu 2 --count $N --mode kernel --reps 5
	rtbench loop --ic --label ic.p3.pingpong --nr $NR_getuid --cpu 2 --count $N --mode pingpong --hk 0-1 --reps 5
	rtbench loop --ic --label ic.p3.emul --nr $NR_getuid --cpu 2 --count $N --mode emul --reps 5
fi
if want p4; then
	N=$(n 40)
	rtbench work --label ic.p4.off --cpu 2 --count $N --reps 3
	have_rtiso && rtbench work --label ic.p4.on --cpu 2 --count $N --mode kernel --reps 3
fi
exit 0
