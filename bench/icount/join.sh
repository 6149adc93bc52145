#!/bin/bash
# bench/icount/join.sh PLUGIN_OUT CONSOLE_LOG - pair the icount plugin's
# regions with the guest's labels and keep one region per label.
#
# The plugin numbers its regions in the order they end; the guest prints
# "ICOUNT <label> <calls>" after ending each (bench/icount/mark.h), then
# "ICEV <label> <event> <per call>" lines (bench/probe/events.h).  The k-th
# ICOUNT line of the console names the k-th region.  A label measured
# several times (rtbench --ic --reps R) keeps its median region, by the
# work (user + kernel instructions) of all vCPUs: the first region after
# a pause can still carry some of the machine's settling.  Prints, per
# label, "key value" lines:
#   LABEL.calls N                        operations in the region
#   LABEL.regions R                      regions measured
#   LABEL.ic_spread S                    (max - min) / median of their work
#   LABEL.ic.cpuC.CLASS COUNT            (CLASS: user kernel spin_user
#                                         spin_kernel idle; whole region)
#   LABEL.fn.cpuC.SYMBOL INSNS CALLS     (with the plugin's top=N)
#   LABEL.ev.EVENT PER_CALL              (events of that region)
# Exit 1 (after printing what pairs) when the numbers of regions and
# labels differ, or the plugin wrote a warning.
set -uo pipefail
usage="usage: join.sh PLUGIN_OUT CONSOLE_LOG"
out=${1:?$usage} log=${2:?$usage}
[[ -r $out ]] || { echo "icount: no plugin output $out" >&2; exit 1; }
[[ -r $log ]] || { echo "icount: no console log $log" >&2; exit 1; }

tr -d '\r' < "$log" | awk -v out="$out" '
	$1 == "ICOUNT" && NF == 3 {
		n++; label[n] = $2; calls[n] = $3; last[$2] = n
		nreg[$2]++; reg[$2, nreg[$2]] = n
		if (!($2 in seen)) { seen[$2] = 1; order[++nl] = $2 }
	}
	$1 == "ICEV" && NF == 4 && ($2 in last) {
		k = last[$2]; nev[k]++; ev[k, nev[k]] = $3 " " $4
	}
	END {
		while ((getline line < out) > 0) {
			split(line, f, " ")
			if (f[1] != "ic")
				continue
			if (f[2] == "warn") {
				print "icount: plugin: " substr(line, 9) > "/dev/stderr"
				bad = 1
				continue
			}
			if (f[2] != "region")
				continue
			k = f[3] + 0
			if (k > regions)
				regions = k
			cpu = f[5]
			if (f[6] == "fn") {
				nfn[k]++; fn[k, nfn[k]] = "fn.cpu" cpu "." f[7] " " f[9] " " f[11]
				continue
			}
			for (i = 6; i < length(f); i += 2) {
				ncl[k]++; cl[k, ncl[k]] = "ic.cpu" cpu "." f[i] " " f[i + 1]
				if (f[i] == "user" || f[i] == "kernel")
					work[k] += f[i + 1]
			}
		}
		if (regions != n) {
			printf "icount: %d regions in %s but %d ICOUNT labels on the console\n",
				regions, out, n > "/dev/stderr"
			bad = 1
		}
		for (j = 1; j <= nl; j++) {
			l = order[j]; r = nreg[l]
			# the regions of this label, sorted by work
			for (a = 1; a <= r; a++) s[a] = reg[l, a]
			for (a = 1; a <= r; a++)
				for (b = a + 1; b <= r; b++)
					if (work[s[b]] < work[s[a]]) { t = s[a]; s[a] = s[b]; s[b] = t }
			k = s[int((r + 1) / 2)]
			print l ".calls " calls[k]
			print l ".regions " r
			printf "%s.ic_spread %.5f\n", l, work[k] ? (work[s[r]] - work[s[1]]) / work[k] : 0
			for (i = 1; i <= ncl[k]; i++) print l "." cl[k, i]
			for (i = 1; i <= nfn[k]; i++) print l "." fn[k, i]
			for (i = 1; i <= nev[k]; i++) print l ".ev." ev[k, i]
		}
		exit bad
	}'
