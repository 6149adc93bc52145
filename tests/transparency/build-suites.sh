#!/bin/bash
# build-suites.sh --ksrc TREE --out DIR [--list FILE]...
#
# Builds the upstream kselftests that the transparency suites run (the
# relative commands of tests/transparency/*.list but local/, the project's
# own programs that GUEST_INSTALL brings) from the patched kernel
# tree TREE: static, 64-bit, and 32-bit where the list names a "-32" suite.
# The binaries a list names are staged in DIR/stage/<suite>/<program>, which
# mkinitramfs.sh copies to /rtisol/transparency/ in the guest.  The uapi
# headers come from TREE (`make headers`), not from the host.
#
# Suite directories of the lists and where they come from:
#   x86                  selftests/x86 (its Makefile builds _32 and _64)
#   NAME, NAME-32        selftests/<dir> below, 64-bit and -m32
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ksrc= out=
lists=()
while (($#)); do
	case $1 in
	--ksrc) ksrc=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--list) lists+=("$2"); shift 2 ;;
	*) echo "build-suites: unknown argument $1" >&2; exit 2 ;;
	esac
done
[[ -n $ksrc && -n $out ]] || { echo "build-suites: --ksrc and --out are required" >&2; exit 2; }
((${#lists[@]})) || lists=("$top"/tests/transparency/*.list)
ksrc=$(realpath "$ksrc")
mkdir -p "$out"
out=$(realpath "$out")
st=$ksrc/tools/testing/selftests
JOBS=${JOBS:-$(nproc)}

# Guest suite directory -> selftests directory.
declare -A srcdir=(
	[x86]=x86 [seccomp]=seccomp [sud]=syscall_user_dispatch
	[ptrace]=ptrace [sigaltstack]=sigaltstack [timers]=timers
	[futex]=futex/functional [rseq]=rseq [breakpoints]=breakpoints
	[prctl]=prctl [clone3]=clone3 [vDSO]=vDSO
)

# The uapi headers of the patched tree, rebuilt when the series changes.
hdr=$out/khdr
stamp=$(cat "$ksrc/.rtisol/applied/order" 2>/dev/null | sha1sum | cut -c1-40)
if [[ $(cat "$hdr/.stamp" 2>/dev/null) != "$stamp" ]]; then
	mkdir -p "$hdr"
	make -s -C "$ksrc" O="$hdr" ARCH=x86_64 headers > "$out/headers.log" 2>&1 ||
		{ cat "$out/headers.log" >&2; exit 1; }
	echo "$stamp" > "$hdr/.stamp"
fi
khdr="-isystem $hdr/usr/include"

# Every relative program of the lists: SUITE/PROGRAM.
mapfile -t progs < <(sed -e 's/#.*//' "${lists[@]}" |
	awk 'NF >= 4 && $4 !~ /^\// && $4 !~ /^local\// { print $4 }' | sort -u)

declare -A want=()
for p in "${progs[@]}"; do
	s=${p%%/*}
	[[ -n ${srcdir[${s%-32}]:-} ]] || { echo "build-suites: unknown suite in $p" >&2; exit 1; }
	want[$s]+=" ${p#*/}"
done

# One program outside its Makefile (rseq needs rseq.c linked in, prctl
# builds into its source directory).
cc_one() { # suite bits prog
	local dir=$st/${srcdir[$1]} o=$out/build/$1-$2/$3 m=-m$2 src=$3.c extra=()
	mkdir -p "${o%/*}"
	case $1 in
	rseq) extra=("$dir/rseq.c" -I"$dir" -I"$ksrc/tools/include" -lpthread -ldl) ;;
	esac
	[[ $o -nt $dir/$src ]] && return 0
	gcc "$m" -static -O2 -g -Wall $khdr -o "$o" "$dir/$src" "${extra[@]}"
}

rm -rf "$out/stage"
for s in "${!want[@]}"; do
	base=${s%-32} bits=64
	[[ $s == *-32 ]] && bits=32
	dir=$st/${srcdir[$base]}
	bdir=$out/build/$base-$bits
	mkdir -p "$bdir" "$out/stage/$s"
	case $base in
	rseq | prctl)
		for p in ${want[$s]}; do cc_one "$base" "$bits" "$p"; done ;;
	*)
		cc="gcc -static"
		[[ $base != x86 && $bits == 32 ]] && cc="gcc -m32 -static"
		targets=()
		for p in ${want[$s]}; do targets+=("$bdir/$p"); done
		# The x86 suite's Makefile: CC is also its probe for -m32.
		make -s -C "$dir" OUTPUT="$bdir" CC="$cc" KHDR_INCLUDES="$khdr" \
			-j"$JOBS" "${targets[@]}" > "$bdir.log" 2>&1 ||
			{ grep -v 'statically linked' "$bdir.log" >&2
			  echo "build-suites: $s failed to build" >&2; exit 1; }
		;;
	esac
	for p in ${want[$s]}; do
		cp "$bdir/$p" "$out/stage/$s/$p"
		strip "$out/stage/$s/$p"
	done
done
echo "build-suites: ${#progs[@]} programs in $out/stage"
