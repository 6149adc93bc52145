#!/bin/sh
# test-cli.sh - host CLI tests of isolctl and isol-certify against the
# fixture trees in fixtures/ (fake /sys and /proc), plus a running isold
# when it is built.  Run from the repository root with B=build/<variant>.
here=$(dirname "$0")
. "$here/check.sh"
B=${B:-build/host}
I="$B/bin/isolctl"
C="$B/bin/isol-certify"
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
check "status: whitelist size" "$I $good status" 0 "Whitelist x86_64: +10 syscalls"
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
check "run --dry-run picks an RT CPU" "$I $good run --dry-run -- true" 0 "cpu +[23]$"
check "run --mode off --force pins (chrt/taskset part)" "$I run --force --cpu 1 --mode off -- $B/tests/tools/probe-getcpu" 0 "^cpu 1$"
check "run passes the command's own options" "$I run --force --cpu 0 --mode off -- sh -c 'echo \$1' sh -x" 0 "^-x$"
check "run: missing command exits 127" "$I run --force --cpu 0 --mode off -- /nonexistent/cmd" 127 "cannot execute"
if [ ! -d /sys/kernel/rt_isolation ]; then
	check "run on a stock kernel explains prctl failure" "$I run --force --cpu 0 -- true" 1 "CONFIG_RT_ISOLATION=y, or use --mode off"
	check "audit on a stock kernel says what is missing" "$I audit -- true" 1 "audit mode needs a kernel"
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
check "status --json has RT CPUs" "$I $good status --json" 0 '"data": "2-3"'

check_done
