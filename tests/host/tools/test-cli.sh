#!/bin/sh
# test-cli.sh - host CLI tests of isolctl and isol-certify against the
# fixture trees in fixtures/ (fake /sys and /proc), plus a running isold
# when it is built.  Run from the repository root with B=build/<variant>;
# ISOLCTL, ISOL_CERTIFY and ISOLD name installed programs instead of the
# build's (make check-deb).
here=$(dirname "$0")
. "$here/check.sh"
B=${B:-build/host}
I=${ISOLCTL:-$B/bin/isolctl}
C=${ISOL_CERTIFY:-$B/bin/isol-certify}
F="$here/fixtures"
good="--root $F/good"
bad="--root $F/bad"
nort="--root $F/nort"

# --- manners: help, version, bad usage
check "isolctl --help to stdout, exit 0" "$I --help 2>/dev/null" 0 "^Usage:"
check "isolctl --version" "$I --version" 0 "isolctl from rtisol"
check "isolctl without command fails" "$I" 1 "Try 'isolctl --help'"
check "unknown command fails with try --help" "$I frobnicate" 1 "Try 'isolctl --help'"
check "no prefix matching of commands" "$I stat" 1 "unknown command 'stat'"
check "bad option fails with try --help" "$I --bogus" 1 "Try 'isolctl --help'"
for cmd in status whitelist tasks stats run audit doctor; do
	check "isolctl $cmd --help to stdout, exit 0" "$I $cmd --help 2>/dev/null" 0 "^Usage:"
	check "isolctl $cmd bad option says try --help" "$I $cmd --bogus" 1 "Try 'isolctl $cmd --help'"
done
check "isol-certify --help to stdout, exit 0" "$C --help 2>/dev/null" 0 "^Usage:"
check "isol-certify without syscall fails" "$C" 1 "Try 'isol-certify --help'"
check "isol-certify bad option" "$C getpid --bogus" 1 "Try 'isol-certify --help'"
check "isol-certify unknown syscall says what to do" "$C nosuchcall" 1 "unknown syscall.*--list"
check "isol-certify unknown profile" "$C futex --args nosuch" 1 "no argument profile"
check "isol-certify bad --samples" "$C getpid --samples x" 1 "Try 'isol-certify --help'"

# --- status
check "status on good fixture: RT CPUs" "$I $good status" 0 "RT CPUs: +2-3"
check "status: housekeeping CPUs" "$I $good status" 0 "Housekeeping CPUs: +0-1"
check "status: whitelist size" "$I $good status" 0 "Whitelist x86_64: +8 syscalls, 2 argument rule\\(s\\)"
check "status: opted-in tasks" "$I $good status" 0 "Opted-in tasks: +2"
check "status: totals" "$I $good status" 0 "Displacements: +1234"
check "status: nohz_full gap shown" "$I $bad status" 0 "nohz_full: +2 \(RT CPUs 3 not covered\)"
check "status on stock kernel fixture" "$I $nort status" 0 "not supported by this kernel"
check "status rejects arguments" "$I $good status extra" 1 "unexpected argument"

# --- tasks / stats
check "tasks lists opted-in threads" "$I $good tasks" 0 "100 +100 rtapp +2 displace +1234 +56.8 ms"
check "tasks shows audit thread" "$I $good tasks" 0 "100 +101 rtapp-worker +3 audit +5"
check "tasks hides mode off" "! $I $good tasks | grep -q bash"
check "tasks --all shows mode off" "$I $good tasks --all" 0 "bash"
check "tasks --pid filters" "$I $good tasks --pid 999 | grep -c rtapp" 1 "^0$"
check "stats most frequent first" "$I $good stats -r | head -2 | tail -1" 0 "^write x86_64 1 1000$"
check "stats resolves names per ABI" "$I $good stats" 0 "write +ia32 +4 +7"
check "stats --totals" "$I $good stats --totals" 0 "audit_hits +5"
check "stats on stock kernel says what to do" "$I $nort stats" 1 "CONFIG_RT_ISOLATION"

# --- doctor
check "doctor: good fixture passes" "$I $good doctor --strict" 0 "whitelist +ok"
check "doctor: good fixture has no warnings" "$I $good doctor" 0 "0 warnings, 0 errors"
check "doctor: mis-set fixture fails --strict" "$I $bad doctor --strict" 2
check "doctor flags nohz_full gap" "$I $bad doctor" 0 "nohz_full +warning +nohz_full= misses RT CPUs 3 +boot with nohz_full=2-3"
check "doctor flags SMT sibling" "$I $bad doctor" 0 "smt +warning +RT CPU 2 shares a core with housekeeping CPU\(s\) 1"
check "doctor flags IRQ on RT CPU" "$I $bad doctor" 0 "irq-affinity +warning +1 IRQs may fire on RT CPUs \(24\)"
check "doctor flags workqueue mask" "$I $bad doctor" 0 "workqueue +warning"
check "doctor flags unbound kthread" "$I $bad doctor" 0 "kthreads +warning .*kcompactd0"
check "doctor flags governor" "$I $bad doctor" 0 "cpu2=powersave"
check "doctor flags RT throttling" "$I $bad doctor" 0 "rt-throttling +warning"
check "doctor flags clocksource" "$I $bad doctor" 0 "clocksource +warning +clocksource hpet"
check "doctor flags empty whitelist" "$I $bad doctor" 0 "whitelist +warning"
check "doctor --problems hides ok lines" "! $I $bad doctor --problems | grep -q ' ok '"
check "doctor: no RT CPUs is an error with the fix" "$I $nort doctor" 2 "rt-cpus +error +no RT CPUs configured +reserve RT CPUs at boot, e.g. isolcpus=rtiso"

# --- run (host: no RT CPUs, stock kernel)
check "run: no RT CPUs says what to do" "$I $nort run -- true" 1 "no RT CPUs.*isolcpus=rtiso"
check "run: non-RT CPU refused without --force" "$I $good run --cpu 1 -- true" 1 "not an RT CPU.*--force"
check "run: needs a command" "$I run --cpu 1" 1 "no command given"
check "run: bad mode" "$I run --mode sometimes -- true" 1 "unknown mode"
check "run: --notify with strict mode" "$I $good run --mode strict --notify -- true" 1 "needs mode displace or audit"
check "run --dry-run picks an RT CPU" "$I $good run --dry-run -- true" 0 "cpu +[23]$"
check "run --mode off --force pins (chrt/taskset part)" "$I run --force --cpu 1 --mode off -- $B/tests/tools/probe-getcpu" 0 "^cpu 1$"
check "run passes the command's own options" "$I run --force --cpu 0 --mode off -- sh -c 'echo \$1' sh -x" 0 "^-x$"
check "run: missing command exits 127" "$I run --force --cpu 0 --mode off -- /nonexistent/cmd" 127 "cannot execute"
if [ ! -d /sys/kernel/rt_isolation ]; then
	check "run on a stock kernel explains prctl failure" "$I run --force --cpu 0 -- true" 1 "CONFIG_RT_ISOLATION=y, or use --mode off"
	check "audit on a stock kernel says what is missing" "$I audit -- true" 1 "audit mode needs a kernel"
fi

# --- whitelist (fixture: kernel files + records in etc/isol/whitelist.d;
# rules_x86_64 "1 fd0=pipe", "202 arg1=128"; issue 13)
check "whitelist show: kernel set" "$I $good whitelist show" 0 "^getcpu +x86_64 +309 +- +yes"
check "whitelist show: a rule with its record's evidence" "$I $good whitelist show" 0 "^futex +x86_64 +202 +arg1=128 +yes +certified +1705 +3236 +6.12.117-rtisol +2026-11-21"
check "whitelist show: a kernel rule without a record" "$I $good whitelist show" 0 "^write +x86_64 +1 +fd0=pipe +yes +- .* kernel$"
check "whitelist show: provisional record" "$I $good whitelist show" 0 "^clock_nanosleep +x86_64 +230 +- +yes +provisional"
check "whitelist show --abi ia32" "$I $good whitelist show --abi ia32" 0 "^clock_nanosleep +ia32 +267 +- +no +provisional"
check_json "whitelist show --json has ARGS" "$I $good whitelist show --json"
check "whitelist show --json carries the rule" "$I $good whitelist show --json" 0 '"args": *"arg1=128"'
check "whitelist check by name" "$I $good whitelist check getcpu" 0 "getcpu \(x86_64 309\): whitelisted; no record"
check "whitelist check by number" "$I $good whitelist check 309" 0 "309 \(x86_64 309\): whitelisted"
check "whitelist check: not whitelisted exits 2" "$I $good whitelist check openat" 2 "not whitelisted: it displaces"
check "whitelist check: a syscall with rules only is not whitelisted as a whole" "$I $good whitelist check write" 2 "not whitelisted as a whole: in place only by rule '1 fd0=pipe'"
check "whitelist check --args within a rule: in place" "$I $good whitelist check write --args fd0=pipe" 0 "write \(x86_64 1\) with fd0=pipe: in place by rule '1 fd0=pipe'; no record"
check "whitelist check --args narrower than a rule: in place" "$I $good whitelist check write --args 'arg2=1 fd0=pipe'" 0 "with fd0=pipe arg2=1: in place by rule '1 fd0=pipe'"
check "whitelist check --args wider than every rule: exits 2" "$I $good whitelist check write --args fd0=pipe,unix" 2 "displaces \(no rule admits every such call\)"
check "whitelist check --args names the record" "$I $good whitelist check futex --args arg1=128" 0 "in place by rule '202 arg1=128'; record .*00-fixture.conf:[0-9]+, certified"
check "whitelist check --args on a kernel without rules" "$I $good whitelist check --abi ia32 write --args fd0=pipe" 2 "this kernel has no argument rules"
check "whitelist check --args: a bad predicate" "$I $good whitelist check write --args fd0=pip" 1 "unknown class \"pip\""
check "whitelist --args takes one syscall" "$I $good whitelist check write read --args fd0=pipe" 1 "--args is the rule of one SYSCALL"
check "whitelist check: unknown syscall" "$I $good whitelist check nosuch" 1 "unknown x86_64 syscall 'nosuch'"
check "whitelist check --file accepts a record file" "$I whitelist check --file $F/good/etc/isol/whitelist.d/00-fixture.conf" 0 "ok, 2 record"
tmp=$(mktemp -d)
printf '[syscall write]\nargs = fd0=pipe,unix\nstatus = certified\nprofile = write:pipe\ncertified_by = x\nkernel = 6.12\nconfig_sha256 = %s\nload = none\nsamples = 1\np99_99_ns = 1\nmax_ns = 1\ndate = 2026-12-01\n' \
	0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef >"$tmp/wide.conf"
check "whitelist check --file refuses a rule wider than its evidence" "$I whitelist check --file $tmp/wide.conf" 2 "admits calls profile write:pipe did not measure"
rm -rf "$tmp"
check "whitelist: unknown action" "$I $good whitelist frob" 1 "unknown action"
check "whitelist add needs a syscall" "$I $good whitelist add" 1 "needs at least one syscall"
tmp=$(mktemp -d)
cp -r "$F/good/." "$tmp/"
check "whitelist add writes the kernel file without isold" "$I --root $tmp whitelist add getppid && cat $tmp/sys/kernel/rt_isolation/syscalls_x86_64" 0 "^0,15,24,39,96,110,228,230,309$"
check "whitelist remove writes the kernel file" "$I --root $tmp whitelist remove getppid read" 0 "is now: 15,24,39,96,228,230,309$"
check "whitelist add --args writes the kernel's rules without isold" "$I --root $tmp whitelist add write --args fd0=unix,eventfd && cat $tmp/sys/kernel/rt_isolation/rules_x86_64" 0 "^1 fd0=eventfd,unix$"
check "the rules file stays canonical" "cat $tmp/sys/kernel/rt_isolation/rules_x86_64 | tr '\n' '|'" 0 "^1 fd0=eventfd,unix\|1 fd0=pipe\|202 arg1=128\|$"
check "whitelist add --args of an existing rule" "$I --root $tmp whitelist add write --args fd0=pipe" 0 "already in the kernel's rules"
check "whitelist remove --args removes exactly that rule" "$I --root $tmp whitelist remove write --args 'fd0=unix,eventfd' && cat $tmp/sys/kernel/rt_isolation/rules_x86_64 | tr '\n' '|'" 0 "^1 fd0=pipe\|202 arg1=128\|$"
check "whitelist add --args on a kernel without rules: refused" "$I --root $tmp whitelist add --abi ia32 write --args fd0=pipe" 1 "this kernel has no argument rules"
check "... and never widened to a bit" "cat $tmp/sys/kernel/rt_isolation/syscalls_ia32 | wc -w" 0 "^ *0$"

# with a running isold: changes go through its records and a reload
ISOLD=${ISOLD:-$B/isold}
if [ -x "$ISOLD" ]; then
	rm -rf "$tmp"; tmp=$(mktemp -d)
	cp -r "$F/good/." "$tmp/"
	mkdir -p "$tmp/run/isol"
	"$ISOLD" --sysfs "$tmp/sys" --procfs "$tmp/proc" --confdir "$tmp/etc/isol" \
		--rundir "$tmp/run/isol" --pin-best-effort >"$tmp/isold.log" 2>&1 &
	isold_pid=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do [ -S "$tmp/run/isol/isold.sock" ] && break; sleep 0.2; done
	# wait_wl REGEX: wait (3 s at most) until the kernel file matches
	cat >"$tmp/wait_wl" <<-EOF
	#!/bin/sh
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
		grep -Eq "\$1" "$tmp/sys/kernel/rt_isolation/syscalls_x86_64" && exit 0
		sleep 0.2
	done
	cat "$tmp/sys/kernel/rt_isolation/syscalls_x86_64"
	exit 1
	EOF
	chmod +x "$tmp/wait_wl"
	wait_wl="$tmp/wait_wl"
	check "status sees the running isold" "$I --root $tmp status" 0 "Daemon \(isold\): +running"
	check "claims: none yet" "$I --root $tmp claims" 0 "^0 claim\(s\); RT CPUs 2-3, free 2-3$"
	# a real client holds one claim while its stdin stays open
	mkfifo "$tmp/hold"
	ISOL_RUNDIR="$tmp/run/isol" "$B/tests/daemon/isold-client" claim 1 hold <"$tmp/hold" >"$tmp/claim.out" 2>&1 &
	holder=$!
	exec 9>"$tmp/hold"
	for i in 1 2 3 4 5 6 7 8 9 10; do grep -q '^claimed' "$tmp/claim.out" && break; sleep 0.2; done
	check "claims lists the live claim with its holder" "$I --root $tmp claims" 0 " root +thread +[23] +0$"
	check "claims --json" "$I --root $tmp claims --json | python3 -m json.tool" 0 '"scope": "thread"'
	exec 9>&-
	wait "$holder"
	check "claims: released when the holder let go" "$I --root $tmp claims -n" 0 "^0 claim\(s\)"
	claimed="grep -c 'claim [0-9]*: CPUs [23] (node 0) to pid' $tmp/isold.log"
	check "run --claim takes its CPU from isold" "b=\$($claimed); $I --root $tmp run --dry-run -- true >/dev/null && echo \$((\$($claimed) - b)) new claim" 0 "^1 new claim$"
	check "run's claim is released when the program ends" "sleep 0.3; $I --root $tmp claims -n" 0 "^0 claim\(s\)"
	check "isold applied the fixture records: the numbers" "cat $tmp/sys/kernel/rt_isolation/syscalls_x86_64" 0 "^230$"
	check "isold applied the fixture records: the rules" "cat $tmp/sys/kernel/rt_isolation/rules_x86_64" 0 "^202 arg1=128$"
	check "whitelist add goes through isold" "$I --root $tmp whitelist add getppid" 0 "isold \(pid [0-9]+\) reloaded"
	check "isold reloaded: getppid whitelisted" "$wait_wl '^110,230$'"
	check "the record isolctl wrote is valid" "$I whitelist check --file $tmp/etc/isol/whitelist.d/90-isolctl.conf" 0 "ok, 1 record"
	check "whitelist remove goes through isold" "$I --root $tmp whitelist remove getppid" 0 "isold \(pid [0-9]+\) reloaded"
	check "isold reloaded: getppid gone" "$wait_wl '^230$'"
	check "whitelist add --args goes through isold" "$I --root $tmp whitelist add write --args 'fd0=unix,pipe'" 0 "isold \(pid [0-9]+\) reloaded"
	check "isold wrote the rule to the kernel" "cat $tmp/sys/kernel/rt_isolation/rules_x86_64 | tr '\n' '|'" 0 "^1 fd0=pipe,unix\|202 arg1=128\|$"
	check "the record carries the args" "cat $tmp/etc/isol/whitelist.d/90-isolctl.conf" 0 "^args = fd0=pipe,unix$"
	check "whitelist show: the new rule, in force" "$I --root $tmp whitelist show" 0 "^write +x86_64 +1 +fd0=pipe,unix +yes +provisional .*90-isolctl.conf"
	check "whitelist remove --args goes through isold" "$I --root $tmp whitelist remove write --args 'fd0=pipe,unix'" 0 "isold \(pid [0-9]+\) reloaded"
	check "isold removed the rule" "sleep 0.2; cat $tmp/sys/kernel/rt_isolation/rules_x86_64" 0 "^202 arg1=128$"
	check "remove of another file's record says what to do" "$I --root $tmp whitelist remove futex --args arg1=128" 1 "00-fixture.conf:2; set 'status = revoked' there"
	# isol-certify writes a record isold accepts
	check "isol-certify writes a certified record" "$C getpid --load none -n 2000 --bound 1s --out $tmp/etc/isol/whitelist.d/50-getpid.conf" 0 "CERTIFIED"
	check "isold --check accepts the certify record" "$ISOLD --check --sysfs $tmp/sys --procfs $tmp/proc --confdir $tmp/etc/isol --rundir $tmp/run/isol --pin-best-effort" 0 "3 record\(s\): 2 certified"
	check "isold reload applies the certified record" "kill -HUP $isold_pid && $wait_wl '^39,230$'"
	check "whitelist show has the certify evidence" "$I --root $tmp whitelist show" 0 "^getpid +x86_64 +39 +- +yes +certified +[0-9]+ +[0-9]+ "
	# issue 13: isol-certify write --args pipe -> the rule 1 fd0=pipe
	check "isol-certify write --args pipe writes the rule it measured" "$C write --args pipe --load none -n 2000 --bound 1s --out $tmp/etc/isol/whitelist.d/51-write.conf && cat $tmp/etc/isol/whitelist.d/51-write.conf" 0 "^args = fd0=pipe$"
	check "the record names its profile" "cat $tmp/etc/isol/whitelist.d/51-write.conf" 0 "^profile = write:pipe$"
	check "isold loads it as the rule 1 fd0=pipe, not the syscall" "kill -HUP $isold_pid && sleep 0.5 && cat $tmp/sys/kernel/rt_isolation/rules_x86_64 $tmp/sys/kernel/rt_isolation/syscalls_x86_64 | tr '\n' '|'" 0 "^1 fd0=pipe\|202 arg1=128\|39,230"
	check "isold says what each record became" "cat $tmp/isold.log" 0 "record write \(x86_64\) .*51-write.conf:[0-9]+: rule \"1 fd0=pipe\""
	kill "$isold_pid"; wait "$isold_pid" 2>/dev/null
else
	skip "whitelist changes through isold" "isold not built"
fi
rm -rf "$tmp"

# --- isol-certify on the host: in place on CPU 1, no displaced comparison
if [ "$(nproc)" -ge 2 ]; then
	tmp=$(mktemp -d)
	check "certify getpid in place on CPU 1" "$C getpid --load none -n 5000 --bound 1s" 0 "CPU: +1 "
	check "certify reports the percentiles" "$C getpid --load none -n 5000 --bound 1s" 0 "min [0-9]+ +avg [0-9]+ +p50 [0-9]+ +p99 [0-9]+ +p99.9 [0-9]+ +p99.99 [0-9]+ +max [0-9]+"
	[ -d /sys/kernel/rt_isolation ] ||
		check "certify says the displaced comparison is unavailable" "$C getpid --load none -n 1000 --bound 1s" 0 "Displaced: +unavailable: this kernel has no RT isolation"
	check "certify refuses a call over a tight bound" "$C getpid --load none -n 5000 --bound 1ns" 2 "NOT CERTIFIED: max exceeds the bound"
	check "certify refuses a call that sleeps" "$C read --args pipe-wait --load none -n 200 --bound 1s" 2 "NOT CERTIFIED: the call slept"
	check "certify: nanosleep:1ms sleeps by design and passes" "$C nanosleep --load none -n 50 --bound 1s" 0 "CERTIFIED: woke up in time"
	check "certify without --bound does not certify" "$C getpid --load none -n 1000" 2 "no --bound given"
	check "certify refused record is written revoked" "$C getpid --load none -n 1000 --bound 1ns --out $tmp/r.conf; cat $tmp/r.conf" 0 "^status = revoked$"
	check "certify record has the evidence" "$C futex --args wait-private --load none -n 2000 --bound 1s --out - | grep -E '^(kernel|samples|p99_99_ns|max_ns|date|load) = ' | wc -l" 0 "^ *6$"
	# a host-shaped tree without /proc/config.gz (/sys and /proc go together)
	mkdir -p "$tmp/h/sys/devices/system/cpu" "$tmp/h/proc"
	echo 0-1 >"$tmp/h/sys/devices/system/cpu/online"
	check "certify refuses without a kernel config to hash" "$C getpid --load none -n 1000 --bound 1s --root $tmp/h" 2 "no kernel config to hash"
	check "certify --config hashes the given file" "$C getpid --load none -n 1000 --bound 1s --root $tmp/h --config $F/good/etc/isol/isold.conf" 0 "Config: +sha256:[0-9a-f]{64} \\($F/good/etc/isol/isold.conf\\)"
	check_json "certify --json" "$C getpid --load none -n 1000 --bound 1s --json"
	if command -v stress-ng >/dev/null; then
		check "certify under load (cpu,contender) names it" "$C futex --args wake-private --load cpu,contender -n 5000 --bound 1s" 0 "Load: +cpu,contender\(futex\) on CPUs 0"
	else
		skip "certify under load" "stress-ng not installed"
	fi
	if command -v gnuplot >/dev/null; then
		check "certify --plot writes a PNG" "$C getpid --load none -n 2000 --bound 1s --plot $tmp/h.png >/dev/null && od -An -c -N4 $tmp/h.png" 0 "P +N +G"
	else
		skip "certify --plot" "gnuplot not installed"
	fi
	check "certify --list names the profiles" "$C --list" 0 "^clock_nanosleep:abs-monotonic"
	check "certify --list: every profile has its rule" "$C --list | awk 'NR > 1 && \$3 == \"?\"' | wc -l" 0 "^ *0$"
	check "certify --list: write:pipe measured fd0=pipe" "$C --list" 0 "^write:pipe +[0-9]+ +fd0=pipe "
	for prof in write:eventfd read:eventfd read:timerfd sendto:unix-dgram futex:wait-wake-private; do
		check "certify the $prof profile" "$C ${prof%%:*} --args ${prof#*:} --load none -n 500 --bound 1s --out -" 0 "^profile = $prof$"
	done
	check "certify prints the rule it grants" "$C write --args pipe --load none -n 500 --bound 1s" 0 "Rule: +1 fd0=pipe \(the record grants only these calls\)"
	check "a profile without predicate grants the whole syscall" "$C getpid --load none -n 500 --bound 1s --out -" 0 "^status = certified$"
	rm -rf "$tmp"
else
	skip "isol-certify runs" "needs 2 CPUs"
fi

# --- JSON on every subcommand
check_json "status --json" "$I $good status --json"
check_json "tasks --json" "$I $good tasks --json"
check_json "tasks --json (empty)" "$I $nort tasks --json"
check_json "stats --json" "$I $good stats --json"
check_json "stats --totals --json" "$I $good stats --totals --json"
check_json "doctor --json (good)" "$I $good doctor --json"
check_json "doctor --json (bad)" "$I $bad doctor --json; true"
check_json "run --dry-run --json" "$I $good run --json --dry-run -- true"
check_json "whitelist show --json" "$I $good whitelist show --json"
check_json "whitelist show --json (no kernel support)" "$I $nort whitelist show --json"
check "status --json has RT CPUs" "$I $good status --json" 0 '"data": "2-3"'

# --- man pages and bash completion
for m in tools/man/*.8; do
	if command -v man >/dev/null; then
		check "man page $m renders without warnings" "man --warnings -l $m 2>&1 >/dev/null | grep . && exit 1; exit 0"
	else
		skip "man page $m renders" "man not installed"
	fi
done
for c in tools/completion/*; do
	check "bash completion $c parses" "bash -n $c"
done
if [ -f /usr/share/bash-completion/bash_completion ]; then
	check "completion offers isolctl commands" "bash -c '. /usr/share/bash-completion/bash_completion; . tools/completion/isolctl; COMP_WORDS=(isolctl st); COMP_CWORD=1; COMP_LINE=\"isolctl st\"; COMP_POINT=10; _isolctl; echo \${COMPREPLY[*]}'" 0 "^stats status$|^status stats$"
	check "completion offers certify profiles" "PATH=$B/bin:\$PATH bash -c '. /usr/share/bash-completion/bash_completion; . tools/completion/isol-certify; COMP_WORDS=(isol-certify futex --args \"\"); COMP_CWORD=3; COMP_LINE=\"isol-certify futex --args \"; COMP_POINT=25; _isol_certify; echo \${COMPREPLY[*]}'" 0 "futex:wait-private futex:wake-private"
else
	skip "completion offers isolctl commands" "bash-completion not installed"
	skip "completion offers certify profiles" "bash-completion not installed"
fi

check_done
