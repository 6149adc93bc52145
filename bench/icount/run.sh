#!/bin/bash
# bench/icount/run.sh - the instruction-count figures of one kernel, in one
# command (make bench runs it for ic-base and ic-vanilla).
#
#   bench/icount/run.sh [--kernel FLAVOUR|BZIMAGE] [--figures LIST] [--top N]
#                       [--scale F] [--name RUN] [--vs RUN] [--quiet]
#                       [--no-build]
#
# Boots the kernel under -icount shift=3,sleep=off with the icount plugin
# (bench/icount/icount.c), runs the bench-ic set (bench/guest/ic.sh) for
# the figures of LIST (p1,p2,p3,p4; default all), pairs the plugin's
# regions with the probe's labels and prints the figures with a breakdown
# per vCPU, the events per operation and the top N kernel functions of
# each measurement (bench/icount/figures.sh --detail).
#
#   --kernel    a flavour of kernel-patch/kbuild.sh (default base: the
#               patched kernel as `make kernel` builds it) or a bzImage
#               inside a kernel build directory (its System.map and
#               .config are read from there)
#   --figures   p1,p2,p3,p4 (P3 alone: --figures p3)
#   --top N     functions per vCPU and measurement in the profile (25)
#   --scale F   multiplies every loop count (default 1)
#   --name RUN  the run's name in the results (default ic-FLAVOUR)
#   --vs RUN    the unpatched run to compare with (default ic-vanilla, from
#               the last make bench, build/bench/ic-vanilla.res; run
#               `bench/icount/run.sh --kernel vanilla` to refresh it)
#   --quiet     no breakdown: only write the results
#   --no-build  use the probe, the plugin and build/initramfs-bench.cpio
#               as they are (bench/run.sh has just built them)
#
# Writes build/bench/RUN.{log,ic,res}: console log, plugin output, and the
# joined "RUN key value" lines.  Exit 0, or 1 when the run or the pairing
# of regions and labels failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
O=build
dir=$O/bench
kernel=base figures=p1,p2,p3,p4 topn=25 scale=1 name='' vs=ic-vanilla quiet=0 build=1
while (($#)); do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--figures) figures=$2; shift 2 ;;
	--top) topn=$2; shift 2 ;;
	--scale) scale=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--vs) vs=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--no-build) build=0; shift ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/icount/run.sh: unknown argument $1 (try --help)" >&2; exit 64 ;;
	esac
done
if [[ -f $kernel ]]; then
	bz=$kernel
	kdir=$(cd "$(dirname "$kernel")/../../.." && pwd)
	: "${name:=ic-$(basename "$kdir" | sed 's/^kernel-//')}"
else
	kdir=$O/kernel-$kernel
	bz=$kdir/arch/x86/boot/bzImage
	: "${name:=ic-$kernel}"
fi
for f in "$bz" "$kdir/System.map" "$kdir/.config"; do
	[[ -r $f ]] || { echo "bench/icount/run.sh: $f missing (kernel-patch/kbuild.sh $kernel)" >&2; exit 1; }
done
mkdir -p "$dir"

if ((build)); then
	make -s --no-print-directory bench-probe ||
		{ echo "bench/icount/run.sh: the probe or the plugin does not build" >&2; exit 1; }
	files=(--file "$O/host/bench/rtbench:/usr/bin/rtbench")
	for f in bench/guest/*.sh; do files+=(--file "$f:/rtisol/bench/${f##*/}"); done
	tests/lib/mkinitramfs.sh --out "$O/initramfs-bench.cpio" "${files[@]}" > /dev/null ||
		{ echo "bench/icount/run.sh: initramfs failed" >&2; exit 1; }
fi

args=(--kernel "$bz" --initrd "$O/initramfs-bench.cpio" --smp 4 --timeout 1500
	--icount 3 --log "$dir/$name.log" --quiet
	--plugin "$O/icount/libicount.so,out=$dir/$name.ic,sysmap=$kdir/System.map,top=$topn"
	--append "rtbench.scale=$scale rtbench.ic=$figures norandmaps nokaslr")
if grep -q '^CONFIG_RT_ISOLATION=y' "$kdir/.config"; then
	args+=(--rt 2-3)
else
	# an unpatched kernel: the same isolation without the rtiso flag
	args+=(--rt none --append "isolcpus=domain,managed_irq,2-3 nohz_full=2-3 rcu_nocbs=2-3")
fi
rm -f "$dir/$name.ic"
t0=$SECONDS
tests/vm/run "${args[@]}" bench-ic | sed 's/^/icount:   /'
rc=${PIPESTATUS[0]}
grep -aE 'rtbench: ' "$dir/$name.log" | sed 's/^/icount:   ! /' | head -5
# BENCH lines of the probe (events, ns) and the plugin's regions, per run.
{
	sed -nE 's/^ *BENCH ([^ ]+) ([^ ]+).*/\1 \2/p' "$dir/$name.log" | tr -d '\r'
	bench/icount/join.sh "$dir/$name.ic" "$dir/$name.log"
} | sed "s/^/$name /" > "$dir/$name.res"
jrc=${PIPESTATUS[0]}
echo "icount: $name: kernel ${kdir#"$top"/}, figures $figures, $((SECONDS - t0)) s, exit $rc"
((quiet)) && exit $((rc != 0 || jrc != 0))

cat "$dir/$name.res" > "$dir/$name.cmp"
[[ $vs != "$name" && -r $dir/$vs.res ]] && cat "$dir/$vs.res" >> "$dir/$name.cmp"
echo
bench/icount/figures.sh --detail "$dir/$name.cmp" "$name" "$vs"
exit $((rc != 0 || jrc != 0))
