#!/bin/sh
# vm-runtime-flow.sh - RT CPUs reserved and released at runtime, the whole
# story (issue 14, "Done when"), on a kernel whose rt_isolated root may
# write: isolctl reserve -> rt_isolated has them -> an RT app claims one
# from isold, is displaced for its I/O and returns to its CPU -> release
# refused while it runs -> reserve/release cycles of the other CPU under
# it -> a forced release revokes a holder -> isolctl release -> the CPUs
# take ordinary work again (a load spreads onto them); isold killed (-9)
# at every step of a reserve and of a release, then restarted: nothing
# half-reserved.  SKIPs, saying why, on a kernel that refuses the write
# (Linux 6.12 without kernel patch 0035: rt_isolated is read-only).
#
# CPUs: 2-3 on a machine booted without RT CPUs (tests/vm/run --rt none),
# else 1 (the boot RT CPUs are claimed first by holders).  --story runs
# only the story, --crash only isold killed at every step (two test lines
# of a set, each within the per-test timeout under TCG).  TAP.
part=all
case ${1:-} in --story) part=story ;; --crash) part=crash ;; esac
CG=/sys/fs/cgroup
RT=/sys/devices/system/cpu/rt_isolated
if [ ! -e $RT ]; then
	echo "1..0 # SKIP kernel without RT isolation ($RT missing)"
	exit 0
fi
cur=$(cat $RT)
if ! (echo "$cur" >$RT) 2>/tmp/rtf-err; then
	echo "1..0 # SKIP this kernel cannot change its RT CPUs at runtime" \
		"(writing $RT: $(sed 's/.*: //' /tmp/rtf-err)): the runtime RT set" \
		"needs the kernel half of issue 14"
	exit 0
fi
. /rtisol/tests/vm/isold-lib.sh
n=0 fail=0
cpu_of() { awk '{ print $39 }' "/proc/$1/stat"; }
allowed() { sed -n 's/^Cpus_allowed_list:\t//p' "/proc/$1/status"; }

boot=$cur
if [ -z "$boot" ]; then CPUS=2-3 FIRST=2 OTHER=3; else CPUS=1 FIRST=1 OTHER=; fi
echo "# boot RT CPUs '${boot}', reserving $CPUS"
holders=
# --- the story (not with --crash)
if [ $part != crash ]; then
# nobody may claim one CPU (the delegated-cgroup step); restored after
cp /etc/isol/isold.conf /tmp/rtf-isold.conf.saved
printf '[user nobody]\nmax_cpus = 1\n' >>/etc/isol/isold.conf
start_isold /tmp/rtf-isold.log
for c in $(expand "$boot"); do
	# the boot RT CPUs taken, so that the app gets a runtime one
	rm -f /tmp/rtf-h$c; mkfifo /tmp/rtf-h$c
	isold-client claim 1 hold </tmp/rtf-h$c >/tmp/rtf-h$c.out 2>&1 &
	holders="$holders $!"
	eval "exec $((c + 3))>/tmp/rtf-h$c"
done

# --- reserve
isolctl reserve $CPUS >/tmp/rtf-out 2>&1
t "isolctl reserve $CPUS (through isold)" has "Done by: +isold" /tmp/rtf-out
sed 's/^/# /' /tmp/rtf-out
t "rt_isolated reads $(cat $RT): $CPUS in it" meets "$(cat $RT)" $CPUS
t "the partition is valid" [ "$(cat $CG/rtisol/rt/cpuset.cpus.partition)" = isolated ]
isolctl doctor >/tmp/rtf-out 2>&1
t "doctor tells them reserved at runtime" has "at runtime: $CPUS" /tmp/rtf-out
sleep 100 &
sl=$!
t "a task in the root cgroup is kept off them ($(allowed $sl))" misses "$(allowed $sl)" $CPUS
kill $sl

# --- an RT app on a runtime RT CPU
isol-rtloop -n 400 -e 40 -p 80 >/tmp/rtf-app.out 2>&1
rc=$?
sed 's/^/# /' /tmp/rtf-app.out
t "the RT app ran" [ $rc -eq 0 ]
t "it got runtime RT CPU $FIRST from isold" has "backend kernel, CPU $FIRST," /tmp/rtf-app.out
t "its I/O was displaced and it returned to its CPU" \
	has " [1-9][0-9]* displacements, ended on CPU $FIRST" /tmp/rtf-app.out
t "isold logged the claim" has "claim [0-9]+: CPUs $FIRST " /tmp/rtf-isold.log

# --- under a running app: release refused, cycles of the other CPU
isol-rtloop -n 6000 -e 50 -p 80 >/tmp/rtf-app.out 2>&1 &
app=$!
i=0
while ! grep -q "claim [0-9]*: CPUs $FIRST .*pid $app " /tmp/rtf-isold.log && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done
t "the app holds CPU $FIRST, its thread in rtisol/rt" \
	sh -c "grep -qx '0::/rtisol/rt' /proc/$app/task/*/cgroup"
isolctl release $CPUS >/tmp/rtf-out 2>&1
t "release $CPUS while it runs: refused, the claim named" has "claimed \(claim" /tmp/rtf-out
if [ -n "$OTHER" ]; then
	ok=0
	for i in 1 2 3; do
		isolctl release $OTHER >/dev/null 2>&1 || ok=1
		[ "$(cat $CG/rtisol/rt/cpuset.cpus.effective)" = $FIRST ] || ok=1
		isolctl reserve $OTHER >/dev/null 2>&1 || ok=1
		[ "$(cat $CG/rtisol/rt/cpuset.cpus.partition)" = isolated ] || ok=1
	done
	t "release/reserve CPU $OTHER three times under the app" [ $ok -eq 0 ]
	t "... the partition stays valid: $(cat $CG/rtisol/rt/cpuset.cpus.effective)" \
		[ "$(cat $CG/rtisol/rt/cpuset.cpus.effective)" = $CPUS ]
else
	skip "reserve/release cycles under the app: one runtime RT CPU here"
fi
wait $app
rc=$?
echo "# exit $rc"
sed 's/^/# /' /tmp/rtf-app.out
t "the app ran through it, displaced and back on CPU $FIRST" \
	sh -c "[ $rc -eq 0 ] && grep -qE ' [1-9][0-9]* displacements, ended on CPU $FIRST' /tmp/rtf-app.out"

# --- a claim from a cgroup delegated to its user (a systemd user
# session's scope: cgroup.procs is the user's) goes back there, not to /
D=$CG/rtf-deleg
mkdir -p $D
chown 65534:65534 $D $D/cgroup.procs $D/cgroup.threads $D/cgroup.subtree_control
rm -f /tmp/rtf-dh; mkfifo /tmp/rtf-dh
sh -c "echo \$\$ >$D/cgroup.procs &&
	exec isold-client --as 65534 claim 1 hold" \
	</tmp/rtf-dh >/tmp/rtf-dh.out 2>&1 &
dp=$!
exec 8>/tmp/rtf-dh
i=0
while ! grep -q '^pinned' /tmp/rtf-dh.out && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
sed 's/^/# /' /tmp/rtf-dh.out
t "nobody's process in its delegated cgroup claims runtime RT CPU $FIRST" \
	has "^claimed $FIRST$" /tmp/rtf-dh.out
t "... its thread in rtisol/rt" sh -c "grep -qx '0::/rtisol/rt' /proc/$dp/cgroup"
exec 8>&-
wait $dp
sed 's/^/# /' /tmp/rtf-dh.out
t "released: back in its own cgroup /rtf-deleg, not in /" \
	has "^after-release 0::/rtf-deleg$" /tmp/rtf-dh.out
rmdir $D

# --- a forced release revokes a holder: moved off, back in its cgroup
rm -f /tmp/rtf-hold; mkfifo /tmp/rtf-hold
isold-client claim 1 hold </tmp/rtf-hold >/tmp/rtf-hold.out 2>&1 &
hp=$!
exec 9>/tmp/rtf-hold
i=0
while ! grep -q '^pinned' /tmp/rtf-hold.out && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t "a holder on runtime RT CPU $(sed -n 's/^claimed //p' /tmp/rtf-hold.out)" \
	has "^claimed $FIRST$" /tmp/rtf-hold.out
isolctl release --force $CPUS >/tmp/rtf-out 2>&1
sed 's/^/# /' /tmp/rtf-out
t "release --force: its claim revoked" has "Claims revoked: +1" /tmp/rtf-out
t "... the holder is off the CPUs ($(allowed $hp))" misses "$(allowed $hp)" $CPUS
t "... and back in the root cgroup" sh -c "grep -qx '0::/' /proc/$hp/cgroup"
t "isold told it (revoked, signal)" has "claim [0-9]+ of pid $hp .* revoked" /tmp/rtf-isold.log
exec 9>&-
wait $hp

# --- released: the CPUs take ordinary work again
t "rt_isolated without them: '$(cat $RT)'" misses "$(cat $RT)" $CPUS
t "the partition is gone" [ ! -d $CG/rtisol ]
spin=
for i in 1 2 3 4 5 6; do
	sh -c 'while :; do :; done' &
	spin="$spin $!"
done
got=
i=0
while [ -z "$got" ] && [ $i -lt 100 ]; do
	sleep 0.1
	for p in $spin; do
		c=$(cpu_of $p)
		meets "$c" $CPUS && got=$c
	done
	i=$((i + 1))
done
kill $spin
t "a load spreads onto them (a spinner ran on CPU ${got:-none})" [ -n "$got" ]
cp /tmp/rtf-isold.conf.saved /etc/isol/isold.conf

fi

# --- isold killed (-9) at every step, restarted: nothing half-reserved
# (not with --story)
if [ $part != crash ]; then kill $ip; wait $ip; fi
if [ $part != story ]; then
for step in journaled cgroup partition steered rt committed; do
	if ! start_isold /tmp/rtf-isold.log ISOLD_DEBUG_CRASH=reserve-$step; then
		t "isold ready, to be killed at reserve-$step" false
		kill $ip 2>/dev/null
		wait $ip
		continue
	fi
	isolctl reserve $CPUS >/dev/null 2>&1
	killed_at $ip reserve-$step ||
		t "isold killed at reserve-$step (the reserve reached it)" false
	start_isold /tmp/rtf-isold.log
	if [ $step = committed ]; then
		t "isold killed at reserve-$step, restarted: reserved" \
			sh -c "[ \"\$(cat $CG/rtisol/rt/cpuset.cpus.partition)\" = isolated ]"
		isolctl release $CPUS >/dev/null 2>&1
	else
		t "isold killed at reserve-$step, restarted: undone" \
			sh -c "[ ! -d $CG/rtisol ] && [ \"\$(cat $RT)\" = '$boot' ]" ||
			sed 's/^/#   | /' /tmp/rtf-isold.log | tail -12
	fi
	kill $ip
	wait $ip
done
for step in journaled revoked rt partition restored cgroup committed; do
	start_isold /tmp/rtf-isold.log
	isolctl reserve $CPUS >/dev/null 2>&1
	kill $ip
	wait $ip
	if ! start_isold /tmp/rtf-isold.log ISOLD_DEBUG_CRASH=release-$step; then
		t "isold ready, to be killed at release-$step" false
		kill $ip 2>/dev/null
		wait $ip
		continue
	fi
	isolctl release $CPUS >/tmp/rtf-out 2>&1
	killed_at $ip release-$step || {
		sed 's/^/#   | /' /tmp/rtf-out | tail -4
		t "isold killed at release-$step (the release reached it)" false
	}
	start_isold /tmp/rtf-isold.log
	t "isold killed at release-$step, restarted: released" \
		sh -c "[ ! -d $CG/rtisol ] && [ \"\$(cat $RT)\" = '$boot' ]" ||
		sed 's/^/#   | /' /tmp/rtf-isold.log | tail -12
	kill $ip
	wait $ip
done
fi
for c in $(expand "$boot"); do eval "exec $((c + 3))>&-"; done
for h in $holders; do wait "$h"; done
[ $fail -eq 0 ] || sed 's/^/# isold: /' /tmp/rtf-isold.log | tail -20
echo "1..$n"
exit $fail
