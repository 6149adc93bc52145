#!/bin/sh
# P4/P5: timerlat-like probe (SCHED_FIFO 90, RT CPU 2, 1 ms period) with
# no neighbour (idle), a neighbour not opted in (off) or opted in (on);
# hkhog (control): only a busy loop on HK CPU 0.
. /rtisol/bench/common.sh
S=$(arg rtbench.lat_s); S=${S:-20}
case $1 in
idle) nb=none ;;
off) nb=plain ;;
hkhog) nb=hkhog ;;
on) nb=displace; have_rtiso || { echo "# no RT isolation: skipped"; exit 77; } ;;
*) echo "usage: lat.sh idle|hkhog|off|on" >&2; exit 2 ;;
esac
exec rtbench lat --label "lat.$1" --cpu 2 --period-us 1000 --duration "$S" --neighbour $nb --hist-us 10
