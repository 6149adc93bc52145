#!/bin/bash
# bench/run.sh - `make bench`: what displacement costs and what it buys.
#
#   bench/run.sh [--quick] [--no-build] [--runs LIST] [--lat-seconds S]
#
# Builds the kernels it needs (base = patched PREEMPT, vanilla = unpatched
# PREEMPT, none = patched PREEMPT_NONE, rt = unpatched PREEMPT_RT), the
# guest probe (bench/probe/rtbench.c) and its own initramfs, boots each
# kernel under QEMU (tests/vm/run) with a bench-* test set, and prints one
# table of ratios; every ratio divides two figures of this same run.
# Writes bench/RESULTS.md (newest run first, older runs kept below) and
# bench/plots/p{4,5}-latency.png (TCG) and p{4,5}-latency-icount.png.
#
# Path-length figures (P1, P2, P3, scaling) run with -icount shift=3
# (deterministic guest time); P3 and scaling, which involve several vCPUs
# (round-robin under icount), are measured in plain TCG mode too.  Latency
# figures (P4, P5) run in plain TCG mode: real timing, noisy (qemu-lab.md);
# and under icount too, where the RT vCPU waits for busy HK vCPUs' slices.
#
#   --quick          counts x0.1, 5 s latency runs (a smoke test, ~5 min)
#   --no-build       use the kernels and probe as they are
#   --runs LIST      only these runs (comma list of the names below)
#   --lat-seconds S  duration of each latency run (default 20)
#   --report-only    only redo the table, the run's RESULTS.md entry (it
#                    replaces the old one) and the plots from the raw data
#                    of the last run (build/bench/)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
O=build
out=$O/bench
scale=1 lat_s=20 build=1 only= report_only=0
# make bench runs this without arguments; anything else is said as given.
cmdline="make bench"
(($#)) && cmdline="bench/run.sh $*"
while (($#)); do
	case $1 in
	--quick) scale=0.1 lat_s=5; shift ;;
	--no-build) build=0; shift ;;
	--runs) only=$2; shift 2 ;;
	--lat-seconds) lat_s=$2; shift 2 ;;
	--report-only) report_only=1; shift ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/run.sh: unknown argument $1" >&2; exit 64 ;;
	esac
done
ICOUNT=3
t_start=$SECONDS
# The tree as it was before this run wrote RESULTS.md and the plots.
rev=$(git describe --always --dirty 2>/dev/null || echo '?')
mkdir -p "$out" bench/plots
log() { printf 'bench: %s\n' "$*"; }

# ---------------------------------------------------------------- build
# Every flavour, patched or not, is built by kbuild.sh (it unpacks the
# unpatched tree for vanilla/rt and lets the preemption-model fragments
# override base.config's CONFIG_PREEMPT).
kbuild() {
	nice -n 10 kernel-patch/kbuild.sh "$1"
}
# ----------------------------------------------------------------- runs
# name kernel set mode(icount|tcg) rt-cpus smp
RUNS=(
	"p1-base base bench-p1 icount 2-3 4"
	"p1-vanilla vanilla bench-p1 icount 2-3 4"
	"path-icount base bench-path icount 2-3 4"
	"path-tcg base bench-path tcg 2-3 4"
	"ic-base base bench-ic icplug 2-3 4"
	"ic-vanilla vanilla bench-ic icplug 2-3 4"
	"scale-icount base bench-scale icount 1-3 4"
	"scale-tcg base bench-scale tcg 1-3 4"
	"lat-none none bench-lat tcg 2-3 4"
	"lat-rt rt bench-lat tcg 2-3 4"
	"lat-none-icount none bench-lat icount 2-3 4"
	"lat-rt-icount rt bench-lat icount 2-3 4"
)
declare -A kok runinfo
if ((report_only)); then
	# shellcheck source=/dev/null
	. "$out/state.sh" || { log "no previous run in $out"; exit 1; }
	: "${run_date:=$(date -u '+%Y-%m-%d %H:%M UTC')}"
	build=0
fi
if ((report_only)); then
	:
elif ((build)); then
	log "building the probe"
	make -s --no-print-directory bench-probe || { log "FAIL: the probe does not build"; exit 1; }
	for fl in base vanilla none rt; do
		log "kernel $fl"
		t0=$SECONDS
		# The patched tree must exist before the none flavour is configured.
		if kbuild "$fl"; then kok[$fl]=1; else log "kernel $fl FAILED to build"; fi
		log "kernel $fl: $((SECONDS - t0)) s"
	done
else
	for fl in base vanilla none rt; do
		[[ -r $O/kernel-$fl/arch/x86/boot/bzImage ]] && kok[$fl]=1
	done
fi
((report_only)) || t_built=$SECONDS

if ((!report_only)); then
files=(--file "$O/host/bench/rtbench:/usr/bin/rtbench")
for f in bench/guest/*.sh; do files+=(--file "$f:/rtisol/bench/${f##*/}"); done
tests/lib/mkinitramfs.sh --out "$O/initramfs-bench.cpio" "${files[@]}" > /dev/null ||
	{ log "FAIL: initramfs"; exit 1; }

res=$out/results.txt
: > "$res"
: > "$out/hist.txt"
for r in "${RUNS[@]}"; do
	read -r name fl set mode rt smp <<< "$r"
	if [[ -n $only && ",$only," != *",$name,"* ]]; then continue; fi
	if [[ -z ${kok[$fl]:-} ]]; then
		runinfo[$name]="not run: kernel $fl did not build"
		log "$name: skipped (no $fl kernel)"
		continue
	fi
	if [[ $mode == icplug ]]; then
		# instruction counts: the icount plugin, one boot per kernel
		log "$name: kernel $fl, set $set, icount + plugin"
		t0=$SECONDS
		bench/icount/run.sh --no-build --quiet --kernel "$fl" --name "$name" \
			--scale "$scale" | sed 's/^/bench:   /'
		rc=${PIPESTATUS[0]}
		runinfo[$name]="kernel $fl, icount + plugin, $((SECONDS - t0)) s, exit $rc"
		cat "$out/$name.res" >> "$res" 2> /dev/null
		continue
	fi
	args=(--kernel "$O/kernel-$fl/arch/x86/boot/bzImage" --initrd "$O/initramfs-bench.cpio"
		--smp "$smp" --timeout 1500 --log "$out/$name.log" --quiet
		--append "rtbench.scale=$scale rtbench.lat_s=$lat_s")
	[[ $mode == icount ]] && args+=(--icount $ICOUNT)
	if [[ $fl == vanilla || $fl == rt ]]; then
		# no rtiso flag in an unpatched kernel: the same isolation without it
		args+=(--rt none --append "isolcpus=domain,managed_irq,$rt nohz_full=$rt rcu_nocbs=$rt")
	else
		args+=(--rt "$rt")
	fi
	log "$name: kernel $fl, set $set, ${mode}, RT CPUs $rt"
	t0=$SECONDS
	tests/vm/run "${args[@]}" "$set" | sed 's/^/bench:   /'
	rc=${PIPESTATUS[0]}
	runinfo[$name]="kernel $fl, $mode, $((SECONDS - t0)) s, exit $rc"
	# BENCH lines are indented by the guest runner; keep run-prefixed.
	sed -nE 's/^ *BENCH ([^ ]+) ([^ ]+).*/\1 \2/p' "$out/$name.log" |
		tr -d '\r' | sed "s/^/$name /" >> "$res"
	sed -nE 's/^ *HIST ([^ ]+) ([0-9]+) ([0-9]+).*/\1 \2 \3/p' "$out/$name.log" |
		tr -d '\r' | sed "s/^/$name /" >> "$out/hist.txt"
	grep -aE 'rtbench: |RTISOL-TEST-END .* FAIL' "$out/$name.log" | sed 's/^/bench:   ! /' | head -5
done
t_end=$SECONDS
run_date=$(date -u '+%Y-%m-%d %H:%M UTC')
{
	declare -p runinfo
	echo "t_start=$t_start t_built=$t_built t_end=$t_end"
	printf 'cmdline=%q\n' "$cmdline"
	printf 'run_date=%q\n' "$run_date"
	printf 'rev=%q\n' "$rev"
} > "$out/state.sh"
fi
res=$out/results.txt

# ---------------------------------------------------------------- table
exec 3> "$out/table.md"
bench/report.sh "$res" "$out/hist.txt" bench/plots >&3
exec 3>&-

{
	echo "## Run of $run_date"
	echo
	echo "Command: \`$cmdline\` in \`$rev\`;"
	echo "$((t_built - t_start)) s building, $((t_end - t_built)) s measuring."
	echo "Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1),"
	echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(qemu-system-x86_64 --version | head -1);"
	echo "guests: 4 vCPUs (HK 0-1, RT 2-3; scaling: HK 0, RT 1-3), 1 GiB,"
	echo "-icount shift=$ICOUNT,sleep=off for path lengths, multi-threaded TCG for latency;"
	echo "instruction counts: the icount plugin (bench/icount/) under -icount shift=$ICOUNT,sleep=off."
	echo
	cat "$out/table.md"
	echo
	echo "Kernels (Linux 6.12.117, tinyconfig + kernel-patch/config/base.config + ...):"
	echo
	for fl in base vanilla none rt; do
		c=$O/kernel-$fl/.config
		[[ -r $c ]] || continue
		printf -- '- `%s`: %s, RT_ISOLATION=%s, HZ=%s\n' "$fl" \
			"$(grep -oE '^CONFIG_PREEMPT(_NONE|_VOLUNTARY|_RT)?=y' "$c" | head -1 | cut -d= -f1 | sed 's/CONFIG_//')" \
			"$(sed -n 's/^CONFIG_RT_ISOLATION=//p' "$c" | grep . || echo n)" \
			"$(sed -n 's/^CONFIG_HZ=//p' "$c")"
	done
	echo
	echo "Runs:"
	echo
	for r in "${RUNS[@]}"; do
		read -r name _ <<< "$r"
		[[ -n ${runinfo[$name]:-} ]] && echo "- $name: ${runinfo[$name]}"
	done
} > "$out/run.md"

# RESULTS.md: header, then this run, then the runs before it.
marker='<!-- runs below, newest first: bench/run.sh inserts each new run here -->'
{
	cat bench/results-header.md
	echo
	echo "$marker"
	echo
	cat "$out/run.md"
	if [[ -f bench/RESULTS.md ]] && grep -qF "$marker" bench/RESULTS.md; then
		echo
		# --report-only redoes the entry of its run: drop the old one.
		awk -v m="$marker" -v h="## Run of $run_date" '
			$0 == h { skip = 1; next }
			skip && /^## Run of / { skip = 0 }
			seen && !skip; $0 == m { seen = 1 }' bench/RESULTS.md |
			sed '1{/^$/d}'
	fi
} > "$out/RESULTS.md.new"
mv "$out/RESULTS.md.new" bench/RESULTS.md

echo
cat "$out/run.md"
echo
log "written bench/RESULTS.md, bench/plots/*.png; raw data in $out/"
