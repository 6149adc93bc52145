#!/bin/bash
# bench/icount/figures.sh [--table|--detail] RESULTS [PATCHED_RUN [UNPATCHED_RUN]]
#
# The instruction-count figures from bench/run.sh's raw results ("run key
# value" lines; the runs default to ic-base and ic-vanilla):
#   --table   markdown rows for make bench's table (the default)
#   --detail  a plain-text breakdown per measurement: per-vCPU work, spin
#             and idle per operation, events per operation, and the
#             functions that cost most (when the plugin ran with top=N)
# Definitions (bench/README.md, "Instruction counts"):
#   work   user + kernel instructions, idle loop and PAUSE blocks excluded
#   P1     work per call on the loop's vCPU, patched ÷ unpatched
#   P2     work per call on RT vCPU 2, opted in ÷ not
#   P3     work added per displaced getuid round trip, all vCPUs:
#          (mode − plain getuid) ÷ calls; kernel (patched) vs the
#          sched_setaffinity ping-pong and libisol's emulation (unpatched)
#   P4     kernel work on RT vCPU 2 per pass of the neighbour's work,
#          displaced ÷ not displaced (patched)
set -uo pipefail
mode=table
case ${1:-} in
--table) shift ;;
--detail) mode=detail; shift ;;
esac
res=${1:?usage: figures.sh [--table|--detail] RESULTS [PATCHED_RUN [UNPATCHED_RUN]]}
pr=${2:-ic-base} ur=${3:-ic-vanilla}
[[ -r $res ]] || { echo "figures.sh: no $res" >&2; exit 1; }

awk -v mode="$mode" -v PR="$pr" -v UR="$ur" '
{ v[$1 " " $2] = $3; if ($2 ~ /\.fn\./) fn[$1 " " $2] = $4 }
$2 ~ /\.ic\.cpu[0-9]+\./ {
	split($2, p, ".ic.cpu"); c = p[2]; sub(/\..*/, "", c)
	if (c + 1 > ncpu[$1]) ncpu[$1] = c + 1
	lab[$1 " " p[1]] = 1
}
function has(r, l) { return (r " " l ".calls") in v }
function calls(r, l) { return v[r " " l ".calls"] + 0 }
# class count per op on cpu c (c < 0: all vCPUs); cls "work" = user + kernel
function cnt(r, l, c, cls,    s, i, lo, hi) {
	lo = c < 0 ? 0 : c; hi = c < 0 ? ncpu[r] - 1 : c
	s = 0
	for (i = lo; i <= hi; i++) {
		if (cls == "work")
			s += v[r " " l ".ic.cpu" i ".user"] + v[r " " l ".ic.cpu" i ".kernel"]
		else if (cls == "spin")
			s += v[r " " l ".ic.cpu" i ".spin_user"] + v[r " " l ".ic.cpu" i ".spin_kernel"]
		else
			s += v[r " " l ".ic.cpu" i "." cls]
	}
	return calls(r, l) ? s / calls(r, l) : 0
}
function ev(r, l, name) { return v[r " " l ".ev." name] + 0 }
function f0(x) { return x > -0.5 && x < 0.5 ? "0" : sprintf("%.0f", x) }
function f1(x) { return sprintf("%.1f", x) }
function row(a, b, c, d, e) { printf "| %s | %s | %s | %s | %s |\n", a, b, c, d, e }
function verdict(x, op, t,    d) {
	if (x == "n/a") return "n/a"
	if (op == "<=" ? x <= t : x >= t) return "met"
	d = (x / t - 1) * 100
	return sprintf(d < 1 && d > -1 ? "missed (%s%.2f%%)" : "missed (%s%.0f%%)", op == "<=" ? "+" : "", d)
}
function ratio(a, b, fmt) { return b > 0 ? sprintf(fmt, a / b) : "n/a" }
# the events of a round trip: mode minus plain, per op
function evs(r, l, base,    s, n, names, i, d) {
	n = split("ctxsw task_ctxsw RES CAL TLB IWI LOC stopper idle", names, " ")
	s = ""
	for (i = 1; i <= n; i++) {
		d = ev(r, l, names[i]) - (base == "" ? 0 : ev(r, base, names[i]))
		if (d > 0.005 || d < -0.005)
			s = s sprintf("%s%s %.2f", s == "" ? "" : ", ", names[i], d)
	}
	return s == "" ? "none" : s
}
# work added per op over the plain loop: all vCPUs, and per group
function added(r, l, base, c) { return cnt(r, l, c, "work") - cnt(r, base, c, "work") }
function split3(r, l, base,    rt, hk, ot) {
	rt = added(r, l, base, 2)
	hk = added(r, l, base, 0) + added(r, l, base, 1)
	ot = added(r, l, base, -1) - rt - hk
	return sprintf("RT vCPU 2 %s + HK vCPUs 0-1 %s + vCPU 3 %s", f0(rt), f0(hk), f0(ot))
}

function table(    k, a, b, r, i, l, c, pk, pe, pq, rq, re, on, off) {
	# P1
	split("getppid.cpu0 getpid.cpu0 getppid.cpu2", k, " ")
	for (i = 1; i <= 3; i++) {
		l = "ic.p1." k[i]; c = substr(k[i], length(k[i])) + 0
		if (!has(PR, l) || !has(UR, l)) continue
		a = cnt(PR, l, c, "work"); b = cnt(UR, l, c, "work")
		r = ratio(a, b, "%.4f")
		row("P1 " k[i] " (instr)", "not opted in: patched ÷ unpatched instructions/call on vCPU " c " (" f1(a) " ÷ " f1(b) ")",
		    r, i == 1 ? "≤ 1.01" : "(≤ 1.01)", verdict(r, "<=", 1.01))
	}
	# P2
	if (has(PR, "ic.p2.optin") && has(PR, "ic.p2.plain")) {
		a = cnt(PR, "ic.p2.optin", 2, "work"); b = cnt(PR, "ic.p2.plain", 2, "work")
		r = ratio(a, b, "%.4f")
		row("P2 (instr)", "whitelisted getppid on RT vCPU 2: opted in ÷ not, instructions/call (" f1(a) " ÷ " f1(b) ")",
		    r, "≤ 1.05", verdict(r, "<=", 1.05))
	}
	# P3
	pk = has(PR, "ic.p3.kernel") ? added(PR, "ic.p3.kernel", "ic.p3.plain", -1) : "n/a"
	pq = has(UR, "ic.p3.pingpong") ? added(UR, "ic.p3.pingpong", "ic.p3.plain", -1) : "n/a"
	pe = has(UR, "ic.p3.emul") ? added(UR, "ic.p3.emul", "ic.p3.plain", -1) : "n/a"
	if (pk != "n/a") {
		row("P3 kernel (instr)", "instructions added per displaced getuid, all vCPUs (" split3(PR, "ic.p3.kernel", "ic.p3.plain") \
		    "); spin " f0(cnt(PR, "ic.p3.kernel", -1, "spin") - cnt(PR, "ic.p3.plain", -1, "spin")) \
		    "; events: " evs(PR, "ic.p3.kernel", "ic.p3.plain"), f0(pk), "", "")
	}
	if (pq != "n/a")
		row("P3 ping-pong (instr)", "same, sched_setaffinity ping-pong on the unpatched kernel (" split3(UR, "ic.p3.pingpong", "ic.p3.plain") \
		    "); spin " f0(cnt(UR, "ic.p3.pingpong", -1, "spin") - cnt(UR, "ic.p3.plain", -1, "spin")) \
		    "; events: " evs(UR, "ic.p3.pingpong", "ic.p3.plain"), f0(pq), "", "")
	if (pe != "n/a")
		row("P3 emulation (instr)", "same, libisol Syscall User Dispatch emulation on the unpatched kernel (" split3(UR, "ic.p3.emul", "ic.p3.plain") \
		    "); spin " f0(cnt(UR, "ic.p3.emul", -1, "spin") - cnt(UR, "ic.p3.plain", -1, "spin")) \
		    "; events: " evs(UR, "ic.p3.emul", "ic.p3.plain"), f0(pe), "", "")
	if (pk != "n/a" && pq != "n/a") {
		rq = ratio(pq, pk, "%.2f")
		row("P3 vs ping-pong (instr)", "ping-pong ÷ kernel, instructions added per round trip (" f0(pq) " ÷ " f0(pk) ")", rq, "≥ 3", verdict(rq, ">=", 3))
	}
	if (pk != "n/a" && pe != "n/a") {
		re = ratio(pe, pk, "%.2f")
		row("P3 vs emulation (instr)", "emulation ÷ kernel, instructions added per round trip (" f0(pe) " ÷ " f0(pk) ")", re, "≥ 3", verdict(re, ">=", 3))
	}
	# P4
	if (has(PR, "ic.p4.on") && has(PR, "ic.p4.off")) {
		on = cnt(PR, "ic.p4.on", 2, "kernel"); off = cnt(PR, "ic.p4.off", 2, "kernel")
		r = ratio(on, off, "%.3f")
		row("P4 (instr)", "kernel instructions on RT vCPU 2 per pass of the neighbour'"'"'s work, displaced ÷ not (" f0(on) " ÷ " f0(off) \
		    "; spin on vCPU 2 " f0(cnt(PR, "ic.p4.on", 2, "spin_kernel")) " ÷ " f0(cnt(PR, "ic.p4.off", 2, "spin_kernel")) ")", r, "≤ 0.05", verdict(r, "<=", 0.05))
		a = cnt(PR, "ic.p4.on", -1, "work"); b = cnt(PR, "ic.p4.off", -1, "work")
		row("P4 total (instr)", "all vCPUs, work per pass, displaced ÷ not (" f0(a) " ÷ " f0(b) "); events per pass displaced: " \
		    evs(PR, "ic.p4.on", "") "; not: " evs(PR, "ic.p4.off", ""), ratio(a, b, "%.2f"), "(cost)", "")
	}
}

function detail_one(r, l,    c, x, i, j, t, tot, nf, pre, fi, fl) {
	if (!has(r, l)) return
	printf "%s on %s: %d operations; per operation:\n", l, r, calls(r, l)
	printf "  %-8s %10s %10s %10s %10s %10s\n", "vCPU", "user", "kernel", "spin", "idle(excl)", "work"
	for (c = 0; c < ncpu[r]; c++)
		printf "  %-8s %10.1f %10.1f %10.1f %10.1f %10.1f\n", c, cnt(r, l, c, "user"),
			cnt(r, l, c, "kernel"), cnt(r, l, c, "spin"), cnt(r, l, c, "idle"), cnt(r, l, c, "work")
	printf "  %-8s %10.1f %10.1f %10.1f %10.1f %10.1f\n", "all", cnt(r, l, -1, "user"),
		cnt(r, l, -1, "kernel"), cnt(r, l, -1, "spin"), cnt(r, l, -1, "idle"), cnt(r, l, -1, "work")
	printf "  events: %s\n", evs(r, l, "")
	# the functions of each vCPU that did work, most instructions first
	for (c = 0; c < ncpu[r]; c++) {
		tot = cnt(r, l, c, "kernel") + cnt(r, l, c, "spin") + cnt(r, l, c, "idle")
		if (tot < 1) continue
		nf = 0
		pre = r " " l ".fn.cpu" c "."
		for (x in fn) {
			if (index(x, pre) != 1) continue
			nf++
			fi[nf] = v[x] / calls(r, l)
			fl[nf] = sprintf("    %10.1f %7.2f  %s", fi[nf], fn[x] / calls(r, l), substr(x, length(pre) + 1))
		}
		if (!nf) continue
		for (i = 1; i <= nf; i++) for (j = i + 1; j <= nf; j++)
			if (fi[j] > fi[i]) { t = fi[i]; fi[i] = fi[j]; fi[j] = t; t = fl[i]; fl[i] = fl[j]; fl[j] = t }
		printf "  vCPU %d kernel functions (instructions, calls per operation):\n", c
		for (i = 1; i <= nf && fi[i] >= 0.5; i++) print fl[i]
	}
	print ""
}

END {
	if (mode == "table") { table(); exit }
	table()
	print ""
	for (x in lab) { split(x, q, " "); labs[q[1]] = labs[q[1]] " " q[2] }
	for (r in labs) {
		nlab = split(labs[r], L, " ")
		for (a = 1; a <= nlab; a++) for (b = a + 1; b <= nlab; b++) if (L[b] < L[a]) { t = L[a]; L[a] = L[b]; L[b] = t }
		for (a = 1; a <= nlab; a++) detail_one(r, L[a])
	}
}' "$res"
