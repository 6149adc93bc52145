#!/bin/sh
# P3 split: displace vs return, from the rt_isolation trace events.
. /rtisol/bench/common.sh
set -e
rtbench split --label p3.split --nr $NR_getuid --cpu 2 --count $(n 2000)
