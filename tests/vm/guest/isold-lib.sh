# Sourced by the guest scripts that drive isold and watch displacements.

# Wait (5 s at most) until isold listens on its socket.
wait_isold() {
	i=0
	while [ ! -S /run/isol/isold.sock ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# The kernel's displacement counters, one "syscall/abi count" line each.
snap() { isolctl stats -r -n | awk '{print $1 "/" $2, $4}' | sort; }

# What grew between two snap files, one "syscall/abi +N" line each.
delta() {
	awk 'NR == FNR { was[$1] = $2; next }
		{ d = $2 - was[$1]; if (d > 0) printf "  %-24s +%d\n", $1, d; n += d }
		END { if (!n) print "  (none)" }' "$1" "$2"
}
