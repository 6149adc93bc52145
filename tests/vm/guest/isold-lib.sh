# Sourced by the guest scripts that drive isold and watch displacements.

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
	env "$@" isold >"$log" 2>&1 &
	ip=$!
	w=0
	while ! grep -q 'ready:' "$log" && kill -0 $ip 2>/dev/null &&
		[ $w -lt 6000 ]; do
		sleep 0.1
		w=$((w + 1))
	done
	grep -q 'ready:' "$log" && return 0
	kill -0 $ip 2>/dev/null && { echo "# isold not ready:"; kill -9 $ip; }
	wait $ip
	echo "# isold exited ($?) before it was ready:"
	tail -5 "$log" | sed 's/^/#   | /'
	return 1
}

# The kernel's displacement counters, one "syscall/abi count" line each.
snap() { isolctl stats -r -n | awk '{print $1 "/" $2, $4}' | sort; }

# What grew between two snap files, one "syscall/abi +N" line each.
delta() {
	awk 'NR == FNR { was[$1] = $2; next }
		{ d = $2 - was[$1]; if (d > 0) printf "  %-24s +%d\n", $1, d; n += d }
		END { if (!n) print "  (none)" }' "$1" "$2"
}
