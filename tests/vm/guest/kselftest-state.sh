#!/bin/sh
# kselftest-state.sh save|check|killed|daemon - the kernel's rt_isolation
# kselftests leave the whitelists as they found them, and leave them to a
# daemon that owns them (issue 11; Documentation/admin-guide/rt-isolation.rst,
# "Testing").  TAP.
#   save    set non-empty whitelists (both ABIs) before the kselftests run
#   check   after them: the whitelists are those of "save"; then put back
#           the ones "save" found, for the tests that follow
#   killed  a test killed by SIGKILL (its fixture teardown restores), and a
#           test killed with the harness process that would tear it down,
#           as at a harness timeout (the program's exit handler restores)
#   daemon  with isold running (it holds /run/isol/isold.lock), every
#           kselftest skips saying so, isold's whitelist is untouched (isold
#           rechecks it every second and logs a change) and isold still
#           answers
SYS=/sys/kernel/rt_isolation
ST=/rtisol/selftests/rt_isolation
SAVED=/tmp/kselftest-state
WL64=0-2,15,39,60,228-231
WL32=1,3-4,20,162
n=0 fail=0
ok() { # ok DESC CONDITION-RESULT(0/1)
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then echo "ok $n - $1"
	else echo "not ok $n - $1"; fail=1; fi
}
wl() { # both whitelists, one "file: set" line each
	for f in "$SYS"/syscalls_*; do echo "${f##*/}: $(cat "$f")"; done
}
set_wl() {
	echo "$WL64" > "$SYS/syscalls_x86_64" &&
		{ [ ! -e "$SYS/syscalls_ia32" ] || echo "$WL32" > "$SYS/syscalls_ia32"; }
}
children() { # the pids whose parent is $1
	awk -v p="$1" '{ sub(/^.*\) /, ""); if ($2 == p) {
		split(FILENAME, a, "/"); print a[3] } }' /proc/[0-9]*/stat 2>/dev/null
}

if [ ! -e "$SYS/syscalls_x86_64" ]; then
	echo "1..0 # SKIP kernel without RT isolation"
	exit 0
fi
if [ ! -x "$ST/rtiso_test" ]; then
	echo "1..0 # SKIP no rt_isolation kselftests in $ST"
	exit 0
fi

case $1 in
save)
	wl > "$SAVED.orig"
	set_wl; ok "whitelists set before the kselftests" $?
	wl > "$SAVED.before"
	sed 's/^/# /' "$SAVED.before"
	;;
check)
	[ -f "$SAVED.before" ]; ok "the save step ran" $?
	wl > "$SAVED.after"
	sed 's/^/# after: /' "$SAVED.after"
	cmp -s "$SAVED.before" "$SAVED.after"
	ok "the kselftests left the whitelists as they found them" $?
	# what the tests before "save" had
	while read -r f set; do
		echo "${set:-}" > "$SYS/${f%:}"
	done < "$SAVED.orig"
	wl | cmp -s - "$SAVED.orig"; ok "boot whitelists put back" $?
	;;
killed)
	wl > "$SAVED.orig"
	for how in test harness; do
		set_wl
		wl > "$SAVED.before"
		RTISO_STRESS_SECONDS=120 "$ST/rtiso_stress" > "$SAVED.out" 2>&1 &
		main=$!
		i=0
		while wl | cmp -s - "$SAVED.before" && [ $i -lt 100 ]; do
			sleep 0.1; i=$((i + 1))
		done
		! wl | cmp -s - "$SAVED.before"
		ok "rtiso_stress changed the whitelist ($how)" $?
		# the harness forks a process per test, which forks the test
		wrapper=$(children $main)
		tst=$(children "$wrapper")
		echo "# harness $main, fixture $wrapper, test $tst"
		if [ -n "$wrapper" ] && [ -n "$tst" ]; then
			if [ $how = test ]; then
				kill -KILL "$tst"
			else
				# as the harness does at a timeout: both, at once
				kill -STOP "$wrapper" "$tst"
				kill -KILL "$wrapper" "$tst"
			fi
		fi
		wait $main
		grep -E '^(not )?ok ' "$SAVED.out" | sed 's/^/#   /'
		wl > "$SAVED.after"
		sed 's/^/# after: /' "$SAVED.after"
		cmp -s "$SAVED.before" "$SAVED.after"
		ok "whitelists restored after the $how process was killed" $?
	done
	while read -r f set; do
		echo "${set:-}" > "$SYS/${f%:}"
	done < "$SAVED.orig"
	;;
daemon)
	if ! command -v isold > /dev/null; then
		echo "1..0 # SKIP no isold in this guest"
		exit 0
	fi
	wl > "$SAVED.orig"
	isold > "$SAVED.isold.log" 2>&1 &
	ipid=$!
	i=0
	while [ ! -S /run/isol/isold.sock ] && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ -S /run/isol/isold.sock ]; ok "isold is up (pid $ipid)" $?
	wl > "$SAVED.before"
	sed 's/^/# isold: /' "$SAVED.before"
	for t in "$ST"/*; do
		[ -x "$t" ] || continue
		RTISO_STRESS_SECONDS=2 timeout 300 "$t" > "$SAVED.out" 2>&1
		rc=$?
		total=$(grep -cE '^(not )?ok [0-9]+' "$SAVED.out")
		skipped=$(grep -cE "^ok [0-9]+ .*# SKIP a daemon \(pid $ipid\) holds /run/isol/isold.lock: it owns the whitelist" "$SAVED.out")
		[ "$total" -gt 0 ] && [ "$total" -eq "$skipped" ] &&
			{ [ $rc -eq 0 ] || [ $rc -eq 4 ]; }
		r=$?
		[ $r -eq 0 ] || sed 's/^/#   /' "$SAVED.out" | tail -n 20
		ok "${t##*/}: its $total tests skip, isold owns the whitelist (rc $rc)" $r
	done
	wl | cmp -s - "$SAVED.before"
	ok "isold's whitelists are those it wrote" $?
	# isold checks them every second and rewrites them when changed
	changed=$(grep -c "whitelist changed behind isold's back" "$SAVED.isold.log")
	[ "$changed" -eq 0 ]
	ok "isold never found its whitelists changed ($changed times)" $?
	kill -0 $ipid && isolctl claims > /dev/null 2>&1
	ok "isold still runs and answers" $?
	kill $ipid
	wait $ipid
	ok "isold exits cleanly on SIGTERM" $?
	while read -r f set; do
		echo "${set:-}" > "$SYS/${f%:}"
	done < "$SAVED.orig"
	;;
*)
	echo "usage: $0 save|check|killed|daemon" >&2
	exit 2
	;;
esac
echo "1..$n"
[ $fail -eq 0 ]
