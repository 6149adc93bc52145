#!/bin/sh
# vm-irqbalance.sh - isold beside the real irqbalance (Debian's 1.9 binary,
# issue 16).  CPU 1 is an RT CPU only isold knows (rt_cpus = 1-3 given in
# the config; the kernel isolated 2-3 at boot, or nothing with --rt none),
# so irqbalance balances IRQs onto it until it is told:
#   1. without isold, irqbalance (in its --debug record) uses CPU 1 and puts
#      IRQs there (the control: the test can fail);
#   2. with isold, irqbalance's own record bans CPU 1 (after its next
#      rescan, forced with SIGHUP) and isolctl doctor says it does;
#   3. a manual write of an IRQ's affinity onto CPU 1 is put back and
#      reported (log line, /run/isol/irq-changes, doctor, STATUS= text) as
#      not irqbalance's;
#   4. irqbalance restarted (a new pid) is told again.
# TAP.
IRQB=/usr/sbin/irqbalance
if [ ! -x $IRQB ]; then
	echo "1..0 # SKIP no $IRQB in this guest"
	exit 0
fi
if [ "$(grep -c ^processor /proc/cpuinfo)" -lt 3 ]; then
	echo "1..0 # SKIP fewer than 3 CPUs"
	exit 0
fi
W=/tmp/irqb
rm -rf $W
mkdir -p $W /run/irqbalance
. /rtisol/tests/vm/isold-lib.sh
n=0 fail=0
# wait_for SECONDS COMMAND...: until the command succeeds
wait_for() {
	i=0 lim=$(($1 * 10))
	shift
	while ! "$@" && [ $i -lt $lim ]; do
		sleep 0.1
		i=$((i + 1))
	done
	"$@"
}
# The last "Banned CPUs:" mask irqbalance --debug printed (hex).
banned() { sed -n 's/^Banned CPUs: *//p' "$1" | tail -n 1; }
cpu1_banned() { b=$(banned "$1"); [ -n "$b" ] && [ $((0x${b##*,} & 2)) -ne 0 ]; }
# The movable IRQs (see below) whose affinity has CPU 1, "4 8 ..."
on_cpu1() {
	for i in $movable; do
		m=$(cat /proc/irq/$i/smp_affinity 2>/dev/null) || continue
		[ $((0x${m##*,} & 2)) -ne 0 ] && printf '%s ' "$i"
	done
}
start_irqb() { # LOG: irqbalance, its pid in $bp, waited for its socket
	$IRQB --foreground --debug --interval=1 >"$1" 2>&1 &
	bp=$!
	wait_for 10 test -S /run/irqbalance/irqbalance$bp.sock
}
stop() { kill "$@" 2>/dev/null; for p in "$@"; do wait "$p" 2>/dev/null; done; }

# Every movable IRQ to CPU 0 first (what they had is put back at the end),
# so that what lands on CPU 1 was put there by someone.
# Those where that works are the movable ones (not the timer, say).
movable=
for f in /proc/irq/[0-9]*/smp_affinity_list; do
	echo "$f $(cat "$f")" >> $W/irqs.saved
	d=${f%/*}
	echo 0 > "$f" 2>/dev/null && [ "$(cat "$f")" = 0 ] && movable="$movable ${d##*/}"
done
echo "# movable IRQs:$movable"

# 1. irqbalance alone uses CPU 1.
start_irqb $W/irqb0.log
t "irqbalance alone: its socket /run/irqbalance/irqbalance$bp.sock" \
	test -S /run/irqbalance/irqbalance$bp.sock
wait_for 10 has '^Banned CPUs' $W/irqb0.log
t "irqbalance alone does not ban CPU 1 (Banned CPUs: $(banned $W/irqb0.log))" \
	eval '! cpu1_banned $W/irqb0.log'
wait_for 10 eval '[ -n "$(on_cpu1)" ]'
t "irqbalance alone puts IRQs on CPU 1: $(on_cpu1)" eval '[ -n "$(on_cpu1)" ]'
stop $bp

# 2. isold, then irqbalance.
sed -e 's/^rt_cpus *=.*/rt_cpus = 1-3/' \
	-e 's/^steer_workqueue *=.*/steer_workqueue = no/' \
	-e 's/^steer_kthreads *=.*/steer_kthreads = no/' \
	-e 's/^irq_recheck_ms *=.*/irq_recheck_ms = 200/' \
	-e 's|^dir *=.*|dir = /etc/isol/whitelist.d|' \
	/etc/isol/isold.conf > $W/isold.conf
chmod 644 $W/isold.conf
rm -f /run/isol/isold.sock /run/isol/irq-changes
isold -c $W/isold.conf > $W/isold.log 2>&1 &
ip=$!
wait_for 20 test -S /run/isol/isold.sock
t "isold runs with RT CPUs 1-3" has 'RT CPUs 1-3' $W/isold.log
start_irqb $W/irqb1.log
wait_for 20 has "irqbalance: pid $bp bans CPUs 1-3.*verified" $W/isold.log
t "isold told irqbalance (pid $bp) to ban 1-3 and verified it" \
	has "irqbalance: pid $bp bans CPUs 1-3.*verified" $W/isold.log
# A rescan re-places every IRQ: with CPU 1 banned none may go there.
kill -HUP $bp
sleep 3
t "irqbalance's own record bans CPU 1 (Banned CPUs: $(banned $W/irqb1.log))" \
	cpu1_banned $W/irqb1.log
# its tree after the last ban: no "CPU number 1", no mask with bit 1
last=$(awk '/^Banned CPUs/ { s = "" } { s = s $0 "\n" } END { printf "%s", s }' $W/irqb1.log)
t "irqbalance's tree after the ban has no CPU 1" \
	eval '! printf "%s" "$last" | grep -q "CPU number 1 "'
masks=$(printf '%s' "$last" | sed -n 's/.*cpu mask is \([0-9a-f,]*\).*/\1/p' | sort -u | tr '\n' ' ')
bad=
for m in $masks; do [ $((0x${m##*,} & 2)) -ne 0 ] && bad="$bad $m"; done
t "irqbalance's masks after the ban avoid CPU 1 (${masks:-none}${bad:+; bad:$bad})" \
	test -z "$bad"
t "no IRQ on CPU 1 with isold and irqbalance running ($(on_cpu1))" \
	test -z "$(on_cpu1)"
isolctl doctor > $W/doctor1.txt 2>&1
t "isolctl doctor: irqbalance pid $bp bans the RT CPUs" \
	has "irqbalance +ok +irqbalance \(pid $bp\) bans CPUs 1-3: every RT CPU" $W/doctor1.txt

# 3. A manual write onto CPU 1 is put back and reported.
irq=
for i in $movable; do
	f=/proc/irq/$i/smp_affinity_list
	if echo 1 > "$f" 2>/dev/null && [ "$(cat "$f")" = 1 ]; then
		irq=$i
		break
	fi
done
t "an IRQ's affinity written onto CPU 1 by hand (IRQ ${irq:-none})" test -n "$irq"
if [ -n "$irq" ]; then
	# irqbalance (which bans CPU 1 now) may put it back first, at its
	# rescan, when isold's recheck comes late (one host thread for the
	# guest): then isold saw nothing to report; write it again (3 tries).
	for try in 1 2 3; do
		wait_for 5 eval '[ "$(cat /proc/irq/$irq/smp_affinity_list)" = 0 ]'
		wait_for 5 has "IRQ $irq was on CPUs 1 " $W/isold.log
		has "IRQ $irq was on CPUs 1 " $W/isold.log && break
		echo "# try $try: IRQ $irq was put back before isold saw it"
		[ $try -lt 3 ] && echo 1 > /proc/irq/$irq/smp_affinity_list
	done
	t "IRQ $irq put back on CPU 0 ($(cat /proc/irq/$irq/smp_affinity_list))" \
		test "$(cat /proc/irq/$irq/smp_affinity_list)" = 0
	t "isold logs what changed, where and who" \
		has "IRQ $irq was on CPUs 1 .*put back on 0; changed by not irqbalance \(pid $bp bans 1-3\)" \
		$W/isold.log
	t "/run/isol/irq-changes has it" has "IRQ $irq was on CPUs 1 " /run/isol/irq-changes
	isolctl doctor > $W/doctor2.txt 2>&1
	t "isolctl doctor reports it" has "irq-changes +warning .*IRQ $irq was on CPUs 1 " \
		$W/doctor2.txt
fi

# 4. irqbalance restarted: it places IRQs at once, before it is told (it
# put some on CPU 1 in 1.), which isold puts back and blames on it; then
# it is told too.
stop $bp
start_irqb $W/irqb2.log
wait_for 20 has "changed by irqbalance pid $bp, most likely" $W/isold.log
t "the restarted irqbalance's first placement onto CPU 1 is put back and blamed on it" \
	has "IRQ [0-9]+ was on CPUs [0-9,-]+ .*changed by irqbalance pid $bp, most likely" $W/isold.log
wait_for 20 has "irqbalance: pid $bp bans CPUs 1-3.*verified" $W/isold.log
t "a restarted irqbalance (pid $bp) is told and verified" \
	has "irqbalance: pid $bp bans CPUs 1-3.*verified" $W/isold.log
t "isold is still running" kill -0 $ip

stop $bp $ip
echo "# what isold said about irqbalance and IRQ changes:"
grep -E 'irqbalance:|steer: IRQ' $W/isold.log | sed 's/^/#   /'
echo "# isolctl doctor:"
grep -E '^(irqbalance|irq-changes) ' $W/doctor2.txt | sed 's/^/#   /'
if [ $fail -ne 0 ]; then
	echo "# isold log:"; sed 's/^/#   /' $W/isold.log
	echo "# doctor:"; sed 's/^/#   /' $W/doctor1.txt $W/doctor2.txt 2>/dev/null
	echo "# irqbalance (last 30 lines):"; tail -n 30 $W/irqb1.log | sed 's/^/#   /'
fi
while read -r f v; do echo "$v" > "$f" 2>/dev/null; done < $W/irqs.saved
echo "1..$n"
exit $fail
