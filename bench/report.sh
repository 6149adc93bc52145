#!/bin/bash
# bench/report.sh RESULTS HIST PLOTDIR - the table of bench/run.sh (markdown
# on stdout) and the P4/P5 histogram plots (gnuplot PNG in PLOTDIR).
# RESULTS: "run key value" lines; HIST: "run label bin_us count" lines.
set -uo pipefail
res=$1 hist=$2 plots=$3

v() { awk -v r="$1" -v k="$2" '$1 == r && $2 == k { x = $3 } END { if (x != "") print x }' "$res"; }
# calc EXPR with $a $b ...: prints "n/a" when an operand is missing
calc() {
	local fmt=$1 expr=$2; shift 2
	local a
	for a in "$@"; do [[ $a =~ ^-?[0-9.]+$ ]] || { echo "n/a"; return; }; done
	awk -v f="$fmt" -v a="${1:-0}" -v b="${2:-0}" -v c="${3:-0}" \
		"BEGIN { printf f \"\\n\", $expr }" 2>/dev/null || echo "n/a"
}
# verdict VALUE OP TARGET
verdict() {
	[[ $1 == n/a ]] && { echo "n/a"; return; }
	awk -v x="$1" -v t="$3" -v op="$2" 'BEGIN {
		ok = (op == "<=") ? (x + 0 <= t + 0) : (x + 0 >= t + 0)
		if (ok) print "met"; else printf "missed (%s%.0f%%)\n", op == "<=" ? "+" : "", (x / t - 1) * 100 }'
}
row() { printf '| %s | %s | %s | %s | %s |\n' "$@"; }

echo "| figure | ratio (what is divided) | value | target | verdict |"
echo "|---|---|---:|---|---|"

# Instruction counts (the icount plugin; runs ic-base, ic-vanilla): first,
# they are the figures that hold in an emulator.
"$(dirname "$0")/icount/figures.sh" --table "$res"

# Guest time under icount (path lengths in ns) and latency (µs).

# P1
for k in getppid.cpu0 getpid.cpu0 getppid.cpu2; do
	a=$(v p1-base p1.$k) b=$(v p1-vanilla p1.$k)
	r=$(calc '%.4f' 'a/b' "$a" "$b")
	t='≤ 1.01'; [[ $k != getppid.cpu0 ]] && t='(≤ 1.01)'
	row "P1 ${k%.*} CPU ${k##*cpu} (ns)" "not opted in: patched ÷ unpatched ns/call ($a ÷ $b ns, icount)" \
		"$r" "$t" "$(verdict "$r" '<=' 1.01)"
done

# P2
a=$(v path-icount p2.optin) b=$(v path-icount p2.plain)
r=$(calc '%.4f' 'a/b' "$a" "$b")
row "P2 (ns)" "whitelisted getppid on RT CPU: opted in ÷ not ($a ÷ $b ns, icount)" "$r" "≤ 1.05" "$(verdict "$r" '<=' 1.05)"
s=$(v path-icount p2.slowpath)
row "P2 (slow path)" "for comparison: the generic entry slow path (SUD on, ALLOW) ÷ not opted in ($s ÷ $b ns)" \
	"$(calc '%.4f' 'a/b' "$s" "$b")" "(info)" ""
row "P2 (vs slow path)" "opted in (inline verdict) ÷ SUD slow path ($a ÷ $s ns)" "$(calc '%.4f' 'a/b' "$a" "$s")" "(info)" ""
a=$(v path-icount p2.emul)
row "P2 (emulation)" "same, libisol emulation ÷ not opted in ($a ÷ $b ns; a SIGSYS trip per call)" \
	"$(calc '%.1f' 'a/b' "$a" "$b")" "(info)" ""

# P3
for m in icount tcg; do
	run=path-$m
	p=$(v $run p3.plain) k=$(v $run p3.kernel) e=$(v $run p3.emul) q=$(v $run p3.pingpong)
	ko=$(calc '%.0f' 'a-b' "$k" "$p") eo=$(calc '%.0f' 'a-b' "$e" "$p") qo=$(calc '%.0f' 'a-b' "$q" "$p")
	re=$(calc '%.2f' 'a/b' "$eo" "$ko") rq=$(calc '%.2f' 'a/b' "$qo" "$ko")
	row "P3 round trip (ns, $m)" "kernel displacement: ns added to getuid ($k − $p ns)" "$ko ns" "" ""
	row "P3 vs emulation (ns, $m)" "libisol emulation ÷ kernel, added ns ($eo ÷ $ko)" "$re" "≥ 3" "$(verdict "$re" '>=' 3)"
	row "P3 vs ping-pong (ns, $m)" "sched_setaffinity ping-pong ÷ kernel, added ns ($qo ÷ $ko)" "$rq" "≥ 3" "$(verdict "$rq" '>=' 3)"
done
d=$(v path-icount p3.split.displace_ns) h=$(v path-icount p3.split.hk_ns)
rr=$(v path-icount p3.split.return_ns) t=$(v path-icount p3.split.total_ns)
row "P3 split (icount, traced)" "displace ÷ round trip; on HK ÷ round trip; return ÷ round trip ($d + $h + $rr = $t ns)" \
	"$(calc '%.2f' 'a/c' "$d" "$h" "$t") / $(calc '%.2f' 'b/c' "$d" "$h" "$t") / $(calc '%.2f' 'a/c' "$rr" "$h" "$t")" "" ""

# P4 (PREEMPT_NONE) and P5 (vs PREEMPT_RT): TCG first, then icount
for m in tcg icount; do
	sfx=; [[ $m == icount ]] && sfx=-icount
	N=lat-none$sfx R=lat-rt$sfx
	for q in max p999; do
		i=$(v $N lat.idle.${q}_us) o=$(v $N lat.off.${q}_us) n=$(v $N lat.on.${q}_us)
		r1=$(calc '%.2f' 'a/b' "$n" "$i") r2=$(calc '%.2f' 'a/b' "$o" "$i")
		qn=$q; [[ $q == p999 ]] && qn=p99.9
		row "P4 latency $qn ON ($m)" "PREEMPT_NONE, neighbour displaced ÷ idle ($n ÷ $i µs)" "$r1" "≤ 1.2" "$(verdict "$r1" '<=' 1.2)"
		row "P4 latency $qn OFF ($m)" "PREEMPT_NONE, neighbour not displaced ÷ idle ($o ÷ $i µs)" "$r2" "≥ 10" "$(verdict "$r2" '>=' 10)"
		h=$(v $N lat.hkhog.${q}_us)
		row "P4 latency $qn control ($m)" "PREEMPT_NONE, only a busy loop on HK CPU 0 ÷ idle ($h ÷ $i µs)" "$(calc '%.2f' 'a/b' "$h" "$i")" "(≈ 1 on hardware)" ""
	done
	n=$(v $N lat.on.p50_us) i=$(v $N lat.idle.p50_us)
	row "P4 latency p50 ON ($m)" "PREEMPT_NONE, neighbour displaced ÷ idle ($n ÷ $i µs)" "$(calc '%.2f' 'a/b' "$n" "$i")" "" ""
	for q in max p999; do
		n=$(v $N lat.on.${q}_us) t=$(v $R lat.off.${q}_us)
		r=$(calc '%.2f' 'a/b' "$n" "$t")
		qn=$q; [[ $q == p999 ]] && qn=p99.9
		row "P5 latency $qn ($m)" "PREEMPT_NONE + displacement ÷ PREEMPT_RT, with neighbour ($n ÷ $t µs)" "$r" "≤ 1.0" "$(verdict "$r" '<=' 1.0)"
	done
	n=$(v $N lat.on.nb_loops_per_s) o=$(v $N lat.off.nb_loops_per_s) t=$(v $R lat.off.nb_loops_per_s)
	row "P5 neighbour ($m)" "loops/s: NONE + displaced ÷ PREEMPT_RT ($n ÷ $t)" "$(calc '%.2f' 'a/b' "$n" "$t")" "(cost)" ""
	row "P5 neighbour ($m)" "loops/s: NONE + displaced ÷ NONE not displaced ($n ÷ $o)" "$(calc '%.2f' 'a/b' "$n" "$o")" "(cost)" ""
	i=$(v $R lat.idle.max_us) t=$(v $R lat.off.max_us)
	row "P5 reference ($m)" "PREEMPT_RT: with neighbour ÷ idle, max ($t ÷ $i µs)" "$(calc '%.2f' 'a/b' "$t" "$i")" "" ""
done

# Scaling
for m in icount tcg; do
	for pol in other fifo; do
		one=$(v scale-$m scale.$pol.1.mean)
		for k in 2 3 3hog; do
			x=$(v scale-$m scale.$pol.$k.mean)
			what="${k%hog} RT CPUs"; [[ $k == 3hog ]] && what="3 RT CPUs + HK hog"
			row "Scaling $pol ($m)" "ns/displaced call, $what ÷ 1 RT CPU ($x ÷ $one)" "$(calc '%.2f' 'a/b' "$x" "$one")" "" ""
		done
	done
	o=$(v scale-$m scale.other.3hog.mean) f=$(v scale-$m scale.fifo.3hog.mean)
	row "Scaling hog ($m)" "3 RT CPUs + HK hog: SCHED_OTHER ÷ SCHED_FIFO ($o ÷ $f ns)" "$(calc '%.2f' 'a/b' "$o" "$f")" "" ""
done

# ----------------------------------------------------------------- plots
command -v gnuplot > /dev/null || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
series() { # run label -> file
	awk -v r="$1" -v l="$2" '$1 == r && $2 == l { print $3, $4 }' "$hist" > "$tmp/$1.$2"
	[[ -s $tmp/$1.$2 ]] && echo "$tmp/$1.$2"
}
plot() { # out title (file label)...
	local out=$1 title=$2 cmd="" f; shift 2
	while (($#)); do
		f=$1; shift
		[[ -n $f ]] && cmd+="${cmd:+, }'$f' using (\$1+5):2 with steps lw 2 title '$1'"
		shift
	done
	[[ -n $cmd ]] || return 0
	gnuplot <<-EOF
	set terminal pngcairo size 900,520 noenhanced
	set output '$out'
	set title '$title'
	set xlabel 'wakeup latency (us, 10 us bins)'
	set ylabel 'wakeups'
	set logscale xy
	set grid
	set key top right
	plot $cmd
	EOF
}
plot "$plots/p4-latency.png" "P4: SCHED_FIFO probe on RT CPU 2, PREEMPT_NONE (QEMU TCG)" \
	"$(series lat-none lat.idle)" "idle" \
	"$(series lat-none lat.off)" "neighbour, displacement OFF" \
	"$(series lat-none lat.on)" "neighbour, displacement ON"
plot "$plots/p4-latency-icount.png" "P4 under -icount (round-robin vCPUs): PREEMPT_NONE" \
	"$(series lat-none-icount lat.idle)" "idle" \
	"$(series lat-none-icount lat.hkhog)" "control: busy loop on HK CPU 0 only" \
	"$(series lat-none-icount lat.off)" "neighbour, displacement OFF" \
	"$(series lat-none-icount lat.on)" "neighbour, displacement ON"
plot "$plots/p5-latency.png" "P5: PREEMPT_NONE + displacement vs PREEMPT_RT (QEMU TCG)" \
	"$(series lat-none lat.on)" "PREEMPT_NONE, neighbour displaced" \
	"$(series lat-rt lat.off)" "PREEMPT_RT, neighbour (no displacement)" \
	"$(series lat-rt lat.idle)" "PREEMPT_RT, idle"
plot "$plots/p5-latency-icount.png" "P5 under -icount (round-robin vCPUs): PREEMPT_NONE + displacement vs PREEMPT_RT" \
	"$(series lat-none-icount lat.on)" "PREEMPT_NONE, neighbour displaced" \
	"$(series lat-rt-icount lat.off)" "PREEMPT_RT, neighbour (no displacement)" \
	"$(series lat-rt-icount lat.idle)" "PREEMPT_RT, idle"
exit 0
