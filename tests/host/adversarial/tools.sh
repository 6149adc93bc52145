#!/bin/sh
# tools.sh - the adversarial cases of the tools and of the options every
# program shares (issue 12 items 5, 10, 11, 12):
#  - isolctl whitelist add waits for isold's reload and fails with the
#    daemon's reason, leaving the record file as it was (10);
#  - --root/--sysfs/--procfs/--confdir/--rundir: one parser, every error
#    fatal, no fallback to the real /sys or /proc, no 255-character cap,
#    a partial /sys-/proc redirection refused (11);
#  - umask 077 does not lock unprivileged clients out (12);
#  - isol-certify --out writes through the same safe writer as isold (5);
#  - root's tools and isold on a tree another user controls neither write
#    through that user's symlinks nor hang on its FIFOs.
# Unprivileged steps run as nobody (setpriv).  Run from the repository
# root with B=build/<variant>.
here=$(dirname "$0")
. "$here/../tools/check.sh"
B=${B:-build/host}
I="$B/bin/isolctl"
C="$B/bin/isol-certify"
ISOLD="$B/isold"
F=tests/host/tools/fixtures
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
tmp=$(mktemp -d /tmp/adv-tools.XXXXXX)
chmod 755 "$tmp"
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# start_isold ROOT: isold on the fixture ROOT, wait for its socket
start_isold() {
	"$ISOLD" --sysfs "$1/sys" --procfs "$1/proc" --confdir "$1/etc/isol" \
		--rundir "$1/run/isol" --pin-best-effort >"$1/isold.log" 2>&1 &
	isold_pid=$!
	pids="$pids $isold_pid"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -S "$1/run/isol/isold.sock" ] && return 0
		sleep 0.2
	done
	return 1
}

# --- 10: whitelist add and the reload's outcome
r=$tmp/wl
mkdir -p "$r" && cp -r "$F/good/." "$r/" && mkdir -p "$r/run/isol"
start_isold "$r"
printf '[syscall nosuchcall]\nstatus = provisional\n' >"$r/etc/isol/whitelist.d/50-broken.conf"
check "whitelist add with a broken record elsewhere fails with isold's reason" \
	"$I --root $r whitelist add getppid" 1 "50-broken.conf:1: .*unknown syscall"
check "and leaves no record file behind" "test ! -e $r/etc/isol/whitelist.d/90-isolctl.conf"
rm "$r/etc/isol/whitelist.d/50-broken.conf"
check "whitelist add succeeds once the reload does" "$I --root $r whitelist add getppid" 0 "isold \(pid [0-9]+\) reloaded"
check "the kernel file has it when isolctl returns" "cat $r/sys/kernel/rt_isolation/syscalls_x86_64" 0 "^110,230$"
printf '[syscall nosuchcall]\nstatus = provisional\n' >"$r/etc/isol/whitelist.d/50-broken.conf"
cp "$r/etc/isol/whitelist.d/90-isolctl.conf" "$tmp/before.conf"
check "whitelist remove with a broken record fails too" "$I --root $r whitelist remove getppid" 1 "unknown syscall"
check "and restores the record file" "cmp $tmp/before.conf $r/etc/isol/whitelist.d/90-isolctl.conf"
rm "$r/etc/isol/whitelist.d/50-broken.conf"
kill "$isold_pid"; wait "$isold_pid" 2>/dev/null

# --- 11: the shared root-prefix options
long=$tmp/$(printf 'd%.0s' $(seq 1 100))/$(printf 'e%.0s' $(seq 1 100))/$(printf 'f%.0s' $(seq 1 100))
mkdir -p "$long"
cp -r "$F/good/." "$long/"
# a host-shaped tree: CPUs 0-1 online, CPU 1 the RT CPU
h=$long/host
mkdir -p "$h/sys/devices/system/cpu" "$h/proc"
echo 0-1 >"$h/sys/devices/system/cpu/online"
echo 1 >"$h/sys/devices/system/cpu/rt_isolated"
check "a ${#long}-character --root works for isolctl" "$I --root $long status" 0 "RT CPUs: +2-3"
check "isolctl --root '' is refused" "$I --root '' status" 1 "--root: empty"
check "isolctl --sysfs without --procfs is refused" "$I --sysfs $F/good/sys status" 1 "--sysfs.*--procfs"
check "isolctl --sysfs to a missing directory is refused" "$I --sysfs /nonexistent/sys --procfs /nonexistent/proc status" 1 "/nonexistent/sys"
check "isold --sysfs without --procfs is refused" "$ISOLD --check --sysfs $F/good/sys --confdir $F/good/etc/isol" 2 "--sysfs.*--procfs"
check "isold --root '' is refused" "$ISOLD --check --root ''" 2 "--root: empty"
check "isold --root DIR redirects all four" "$ISOLD --check --root $long" 0 "RT CPUs 2-3"
if [ "$(nproc)" -ge 2 ]; then
	check "isol-certify with a ${#h}-character --sysfs uses it, not the real /sys" \
		"$C getpid --load none -n 200 --sysfs $h/sys --procfs $h/proc" 2 "CPU: +1 \(RT CPU,"
	check "isol-certify --sysfs alone is refused" "$C getpid --load none -n 200 --sysfs $h/sys" 1 "--sysfs.*--procfs"
	check "isol-certify --root '' is refused" "$C getpid --load none -n 200 --root ''" 1 "--root: empty"
	check "isol-certify --sysfs to a missing directory is refused" \
		"$C getpid --load none -n 200 --sysfs /nonexistent --procfs /nonexistent" 1 "/nonexistent"
else
	skip "isol-certify option checks" "needs 2 CPUs"
fi

# --- 12: umask 077
u=$tmp/umask
mkdir -p "$u" && cp -r "$F/good/." "$u/" && rm -rf "$u/run"
mkdir -p "$u/run"
old_umask=$(umask)
umask 077
start_isold "$u"
umask "$old_umask"
check "under umask 077 the run dir is created 0755" "stat -c %a $u/run/isol" 0 "^755$"
check "and the socket is 0666" "stat -c %a $u/run/isol/isold.sock" 0 "^666$"
check "an unprivileged user reaches isold" "$NOBODY $I --root $u status" 0 "Daemon \(isold\): +running"
check "isolctl status shows isold's whitelist state (STATUS)" "$NOBODY $I --root $u status" 0 "isold whitelist: +in force"
check "under umask 077 whitelist add writes its record 0644" \
	"(umask 077; $I --root $u whitelist add getppid) && stat -c %a $u/etc/isol/whitelist.d/90-isolctl.conf" 0 "^644$"
kill "$isold_pid"; wait "$isold_pid" 2>/dev/null

# --- 5: isol-certify --out shares the safe writer
if [ "$(nproc)" -ge 2 ]; then
	mkdir -p "$tmp/userdir" && chown 65534:65534 "$tmp/userdir"
	check "isol-certify --out into a directory another user owns is refused" \
		"$C getpid --load none -n 200 --out $tmp/userdir/r.conf" 1 "userdir.*(not safe|Operation not permitted)"
	echo precious >"$tmp/victim"
	ln -s "$tmp/victim" "$tmp/r.conf"
	check "isol-certify --out over a symlink replaces the link, not its target" \
		"$C getpid --load none -n 200 --out $tmp/r.conf >/dev/null; test -f $tmp/r.conf -a ! -L $tmp/r.conf && cat $tmp/victim" 0 "^precious$"
	check "isol-certify --out mode is 0644 under umask 077" \
		"(umask 077; $C getpid --load none -n 200 --out $tmp/m.conf >/dev/null); stat -c %a $tmp/m.conf" 0 "^644$"
fi
# --- root on a tree another user controls (careless --root/--sysfs)
# The user's symlinks must not make root write the file they point at,
# and a FIFO there must not hang root's tools.
t=$tmp/usertree
mkdir -p "$t" && cp -r "$F/good/." "$t/" && chown -R 65534:65534 "$t"
# (root's files that happen to parse: a number, a CPU list)
echo 39 >"$tmp/victim1"
echo 0-1 >"$tmp/victim2"
echo 0-1 >"$tmp/victim3"
$NOBODY sh -c "ln -sf $tmp/victim1 $t/sys/kernel/rt_isolation/syscalls_x86_64"
check "root's isolctl whitelist add --kernel on a user's tree does not write through the user's symlink" \
	"$I --root $t whitelist add --kernel getppid; cat $tmp/victim1; echo" 0 "^39$"
$NOBODY sh -c "ln -sf $tmp/victim2 $t/sys/kernel/rt_isolation/syscalls_x86_64 &&
	ln -sf $tmp/victim3 $t/proc/irq/24/smp_affinity_list"
r=$tmp/rootside
mkdir -p "$r/run" && cp -r "$F/good/etc" "$r/"
"$ISOLD" --sysfs "$t/sys" --procfs "$t/proc" --confdir "$r/etc/isol" \
	--rundir "$r/run/isol" --pin-best-effort >"$r/isold.log" 2>&1 &
isold_pid=$!
pids="$pids $isold_pid"
# until it is ready (it has written what it writes at start) or gone
for i in $(seq 1 50); do
	[ -S "$r/run/isol/isold.sock" ] && break
	kill -0 "$isold_pid" 2>/dev/null || break
	sleep 0.2
done
kill "$isold_pid" 2>/dev/null; wait "$isold_pid" 2>/dev/null
check "isold with --sysfs/--procfs in a user's tree does not write through its symlinks" \
	"cat $tmp/victim2 $tmp/victim3 | grep -cx 0-1" 0 "^2$"
$NOBODY sh -c "rm -f $t/sys/devices/system/cpu/online && mkfifo $t/sys/devices/system/cpu/online"
check "root's isolctl status with a FIFO in a user's tree does not hang" \
	"timeout 20 $I --root $t status; test \$? -ne 124" 0

check_done
