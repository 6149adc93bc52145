# Sourced by the guest scripts that drive isold and watch displacements.

# TAP for the scripts that set n=0 fail=0: t DESC COMMAND... is test n+1,
# the command's exit status decides (a failure sets fail=1 and returns 1);
# skip WHY; has REGEX FILE.  (Sourcing sets no variable: integration.sh
# keeps its own fail, empty until a test fails.)
t() {
	desc=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $desc"
	else echo "not ok $n - $desc"; fail=1; return 1; fi
}
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }
has() { grep -Eq -- "$1" "$2"; }

# Wait (5 s at most) until isold listens on its socket.
wait_isold() {
	i=0
	while [ ! -S /run/isol/isold.sock ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# start_isold LOG [VAR=VALUE]: isold started (a dead one's socket removed
# first) and waited for until it says it is ready, or 1 if it exited
# before, or if it is still not ready after 10 minutes of polling (a
# liveness guard, not a timing assertion: TCG on a loaded host is slow, and
# the runner's per-test timeout usually ends it first); $ip is its pid.
start_isold() {
	log=$1
	shift
	rm -f /run/isol/isold.sock
	# Emptied here, not by the child's redirection: until the child runs,
	# the loop below would find the "ready:" of the last isold in LOG.
	: >"$log"
	env "$@" isold >>"$log" 2>&1 &
	ip=$!
	w=0
	while ! grep -q 'ready:' "$log" && kill -0 $ip 2>/dev/null &&
		[ $w -lt 6000 ]; do
		sleep 0.1
		w=$((w + 1))
	done
	grep -q 'ready:' "$log" && return 0
	if kill -0 $ip 2>/dev/null; then
		# Where it waits: its state, wait channel and kernel stack.
		echo "# isold not ready after $((w / 10)) s of polling:" \
			"state $(cut -d' ' -f3 /proc/$ip/stat 2>/dev/null)," \
			"wchan $(cat /proc/$ip/wchan 2>/dev/null)"
		sed 's/^/#   stack: /' /proc/$ip/stack 2>/dev/null
		kill -9 $ip
	fi
	wait $ip
	echo "# isold exited ($?) before it was ready:"
	tail -5 "$log" | sed 's/^/#   | /'
	return 1
}

# killed_at PID STEP: isold (PID), run with ISOLD_DEBUG_CRASH=STEP, was
# killed there (exit 137).  An isold that is still alive after 10 minutes
# of polling did not reach STEP (the request failed or took another path):
# said, its log's last lines shown, killed, and 1 returned, instead of a
# test that waits forever.
killed_at() {
	w=0
	while [ $w -lt 6000 ]; do
		st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
		[ -z "$st" ] || [ "$st" = Z ] && break
		sleep 0.1
		w=$((w + 1))
	done
	if [ -n "$st" ] && [ "$st" != Z ]; then
		echo "# isold did not reach $2 (still running):"
		tail -5 "$log" | sed 's/^/#   | /'
		kill -9 "$1"
		wait "$1"
		return 1
	fi
	wait "$1"
	rc=$?
	[ $rc -eq 137 ] && return 0
	echo "# isold exited $rc instead of being killed at $2:"
	tail -5 "$log" | sed 's/^/#   | /'
	return 1
}

# CPU lists: expand LIST prints one CPU a line; meets LIST1 LIST2: do
# they share a CPU; misses: they do not.
expand() { echo "$1" | tr ',' '\n' | while IFS=- read -r a b; do
	[ -n "$a" ] && seq "$a" "${b:-$a}"; done; }
meets() {
	for c in $(expand "$1"); do
		expand "$2" | grep -qx "$c" && return 0
	done
	return 1
}
misses() { ! meets "$1" "$2"; }

# The kernel's displacement counters, one "syscall/abi count" line each.
snap() { isolctl stats -r -n | awk '{print $1 "/" $2, $4}' | sort; }

# What grew between two snap files, one "syscall/abi +N" line each.
delta() {
	awk 'NR == FNR { was[$1] = $2; next }
		{ d = $2 - was[$1]; if (d > 0) printf "  %-24s +%d\n", $1, d; n += d }
		END { if (!n) print "  (none)" }' "$1" "$2"
}
