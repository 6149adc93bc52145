#!/bin/sh
# README walkthrough: a claim survives `kill -9` of isold.
say() { echo "\$ $*"; }
. /rtisol/tests/vm/isold-lib.sh
say "isold &"
isold > /tmp/isold.log 2>&1 &
wait_isold
say "isol-rtloop -n 20000 -e 100 -p 80 &     # claims an RT CPU from isold"
isol-rtloop -n 20000 -e 100 -p 80 > /tmp/rtloop.out 2>&1 &
app=$!
sleep 2
say "isolctl claims"
isolctl claims
say "kill -9 \$(pidof isold)"
kill -9 "$(pidof isold)"
sleep 0.5
say "isolctl claims"
isolctl claims
say "isold &                 # restart"
rm -f /run/isol/isold.sock
isold > /tmp/isold2.log 2>&1 &
wait_isold
grep -E 'claim|ready' /tmp/isold2.log | sed 's/^/  /'
say "isolctl claims"
isolctl claims
say "kill \$app; isolctl claims   # the holder dies: released within 100 ms"
kill "$app"
sleep 0.3
isolctl claims
grep -E 'released' /tmp/isold2.log | sed 's/^/  /'
kill "$(pidof isold)"
