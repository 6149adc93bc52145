# progress.sh - progress of long steps, for check.sh, demo.sh and kbuild.sh
# (bash; source it).
#
#   progress_init             pick the mode once; nested scripts inherit it
#   progress_run LABEL LOG CMD...
#       runs CMD with its output in LOG and shows LABEL, the elapsed time
#       and, when PROGRESS_STATUS names a function, what that prints (e.g.
#       "412/1267 objects"); then "LABEL: done in 1:23".  On failure it
#       prints the last PROGRESS_TAIL (25) lines of LOG and where LOG is,
#       and returns CMD's status.
#   progress_note TEXT        a plain line on the progress output
#
# Modes (RTISOL_PROGRESS):
#   tty    one line rewritten in place on the terminal
#   plain  a line at the start, every RTISOL_PROGRESS_EVERY seconds (30)
#          and at the end: for CI logs and pipes
# Default: plain when CI=true or stderr is not a terminal, else tty.  The
# progress output is file descriptor RTISOL_PROGRESS_FD (stderr of the
# outermost script), so a nested script whose output goes to a log still
# shows its progress on the terminal.

progress_init() {
	if [[ -n ${RTISOL_PROGRESS_FD:-} ]] &&
		{ true >&"$RTISOL_PROGRESS_FD"; } 2> /dev/null; then
		:	# inherited from an outer script
	else
		exec {RTISOL_PROGRESS_FD}>&2
		RTISOL_PROGRESS=
	fi
	if [[ -z ${RTISOL_PROGRESS:-} ]]; then
		if [[ ${CI:-} == true || ! -t 2 ]]; then
			RTISOL_PROGRESS=plain
		else
			RTISOL_PROGRESS=tty
		fi
	fi
	export RTISOL_PROGRESS RTISOL_PROGRESS_FD
}

progress_time() { # SECONDS -> m:ss
	printf '%d:%02d' $(($1 / 60)) $(($1 % 60))
}

progress_note() {
	printf '%s\n' "$*" >&"$RTISOL_PROGRESS_FD"
}

# The ticker: a subshell that redraws the line until its parent shell ends
# or it is killed.
progress_ticker() { # LABEL T0 PARENT
	local label=$1 t0=$2 parent=$3 every=${RTISOL_PROGRESS_EVERY:-30}
	local el st line cols n last=0
	set +e	# a subshell: never stop drawing on an error of the caller's set -e
	cols=$(stty size <&"$RTISOL_PROGRESS_FD" 2> /dev/null | cut -d' ' -f2)
	[[ $cols =~ ^[0-9]+$ ]] && ((cols > 20)) || cols=80
	while kill -0 "$parent" 2> /dev/null; do
		el=$((SECONDS - t0))
		if [[ $RTISOL_PROGRESS == tty ]] || ((el - last >= every)); then
			st=
			[[ -n ${PROGRESS_STATUS:-} ]] && st=$($PROGRESS_STATUS 2> /dev/null)
			line="  $(progress_time "$el")${st:+  $st}"
			if [[ $RTISOL_PROGRESS == tty ]]; then
				# Narrow terminal: shorten the label, not the figure.
				n=$((cols - 1 - ${#line}))
				((n > 0)) || n=0
				printf '\r\033[K%s%s' "${label:0:n}" "$line" \
					>&"$RTISOL_PROGRESS_FD"
			else
				line=$label$line
				printf '%s\n' "$line" >&"$RTISOL_PROGRESS_FD"
				last=$el
			fi
		fi
		sleep 1
	done
}

progress_run() { # LABEL LOG CMD...
	local label=$1 log=$2 t0=$SECONDS tpid rc
	shift 2
	mkdir -p "$(dirname "$log")"
	if [[ $RTISOL_PROGRESS == plain ]]; then
		progress_note "$label: started (log: $log)"
	fi
	progress_ticker "$label" "$t0" "$BASHPID" &
	tpid=$!
	rc=0
	"$@" > "$log" 2>&1 || rc=$?
	kill "$tpid" 2> /dev/null || true
	wait "$tpid" 2> /dev/null || true
	if [[ $RTISOL_PROGRESS == tty ]]; then
		printf '\r\033[K' >&"$RTISOL_PROGRESS_FD"
	fi
	if ((rc == 0)); then
		progress_note "$label: done in $(progress_time $((SECONDS - t0)))"
		return 0
	fi
	{
		echo "$label: FAILED after $(progress_time $((SECONDS - t0))) (exit $rc); the last lines of its log:"
		tail -n "${PROGRESS_TAIL:-25}" "$log" | sed 's/^/  | /'
		echo "$label: whole log: $log"
	} >&"$RTISOL_PROGRESS_FD"
	return "$rc"
}
