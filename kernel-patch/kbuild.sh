#!/bin/bash
# kbuild.sh [--each-patch|--deb] FLAVOR - build a guest kernel.
#
# Unpacks the pinned Debian source (once), applies kernel-patch/series
# incrementally (apply-series.sh), merges the flavour's config fragments onto
# tinyconfig when they changed, checks that every fragment line survived,
# and builds bzImage through ccache in build/kernel-FLAVOR.
#
# Flavours:
#   base     patched, base.config                    (make check, demo)
#   debug    patched, base + debug.config            (make check-debug)
#   none     patched, base + preempt-none.config     (bench P4/P5)
#   vanilla  unpatched, base.config                  (bench P1)
#   rt       unpatched, base + preempt-rt.config     (bench P5)
#   distro   patched, Debian's amd64 config (linux-config-6.12) + distro.config
#            instead of tinyconfig + base.config   (make check-distro-config)
#
# --each-patch applies the series one patch at a time and builds after each
# (every patch must build on its own); SERIES_FROM=N starts at the N-th
# (the ones before it applied at once, unbuilt).  --deb builds the kernel's Debian
# packages (bindeb-pkg: bzImage and all modules) into build/deb-kernel/.
#
# Long steps show their progress (tests/lib/progress.sh): the build counts
# the objects built against those of the last complete build of the
# flavour (or an estimate, marked ~, before the first one).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cd "$top"
O=${O:-build}
TARBALL=${KERNEL_SRC_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
PKGDIR=${KERNEL_SRC_PKG:-linux-source-6.12}
JOBS=${JOBS:-$(nproc)}

each=0 deb=0
case ${1:-} in
--each-patch) each=1; shift ;;
--deb) deb=1; shift ;;
esac
flavor=${1:-base}
frags=("$here/config/base.config")
# The config the fragments are merged onto: tinyconfig, or a config file.
baseconf=tinyconfig
case $flavor in
base) src=$O/linux ;;
debug) src=$O/linux; frags+=("$here/config/debug.config") ;;
none) src=$O/linux; frags+=("$here/config/preempt-none.config") ;;
vanilla) src=$O/linux-vanilla ;;
rt) src=$O/linux-vanilla; frags+=("$here/config/preempt-rt.config") ;;
distro)
	src=$O/linux
	baseconf=${DISTRO_CONFIG:-/usr/src/linux-config-6.12/config.amd64_none_amd64.xz}
	frags=("$here/config/distro.config")
	[[ -r $baseconf ]] || { echo "kbuild: $baseconf missing: install linux-config-6.12 (make check-distro-config does)" >&2; exit 1; }
	;;
*) echo "kbuild: unknown flavour '$flavor' (base debug none vanilla rt distro)" >&2; exit 2 ;;
esac
out=$O/kernel-$flavor
patched=1
[[ $src == "$O/linux-vanilla" ]] && patched=0

log() { printf 'kbuild[%s]: %s\n' "$flavor" "$*"; }

. "$top/tests/lib/progress.sh"
progress_init

unpack() {
	[[ -f $src/.rtisol/unpacked ]] && return
	[[ -r $TARBALL ]] || { echo "kbuild: $TARBALL missing: run make deps" >&2; exit 1; }
	log "unpacking $TARBALL into $src"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	progress_run "kbuild[$flavor]: unpacking ${TARBALL##*/}" "$O/unpack.log" \
		tar -xJf "$TARBALL" -C "$src.tmp"
	mv "$src.tmp/$PKGDIR" "$src"
	rmdir "$src.tmp"
	mkdir -p "$src/.rtisol"
	touch "$src/.rtisol/unpacked"
}

configure() {
	local hash
	# The unpatched tree has no applied-series record.
	hash=$({ echo "$baseconf"; [[ $baseconf == tinyconfig ]] || cat "$baseconf"
		cat "${frags[@]}"; cat "$src/.rtisol/applied/order" 2>/dev/null ||
		true; } | sha1sum | cut -c1-40)
	if [[ -f $out/.config && $(cat "$out/.rtisol-config" 2>/dev/null) == "$hash" ]]; then
		return
	fi
	log "configuring: ${baseconf##*/} + ${frags[*]##*/}"
	mkdir -p "$out"
	if [[ $baseconf == tinyconfig ]]; then
		make -s -C "$src" O="$(realpath "$out")" tinyconfig > /dev/null
	else
		xzcat -f "$baseconf" > "$out/.config"
	fi
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"${frags[@]}" > "$out/merge.log"
	make -s -C "$src" O="$(realpath "$out")" olddefconfig > /dev/null
	check_fragments
	echo "$hash" > "$out/.rtisol-config"
}

# Every fragment line must survive olddefconfig, unless the tree does not
# define the symbol at all (e.g. CONFIG_RT_ISOLATION in the vanilla tree),
# or a later fragment names the same symbol: the later one wins, as in
# merge_config.sh (a preemption-model fragment unsets CONFIG_PREEMPT).
check_fragments() {
	local f line sym bad=0 i j later
	for ((i = 0; i < ${#frags[@]}; i++)); do
		f=${frags[i]}
		while read -r line; do
			case $line in
			CONFIG_*=*) sym=${line%%=*} ;;
			"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
			*) continue ;;
			esac
			later=0
			for ((j = i + 1; j < ${#frags[@]}; j++)); do
				grep -qE "^(# )?$sym[= ]" "${frags[j]}" && later=1
			done
			((later)) && continue
			grep -qxF "$line" "$out/.config" && continue
			[[ $line == *"is not set" ]] && ! grep -q "^$sym=" "$out/.config" && continue
			if ! grep -rqs --include='Kconfig*' -E "^[[:space:]]*(menu)?config ${sym#CONFIG_}\$" "$src"; then
				[[ $patched == 1 ]] && log "note: $sym is not defined by this tree"
				continue
			fi
			echo "kbuild: ${f##*/}: '$line' did not survive olddefconfig" \
				"(got: $(grep -E "^(# )?$sym[= ]" "$out/.config" || echo unset))" >&2
			bad=1
		done < "$f"
	done
	((bad == 0)) || { rm -f "$out/.config"; exit 1; }
}

# Objects of a complete build (all *.o under build/kernel-FLAVOR), measured
# on 6.12.117 + the series; the last complete build's count is kept in
# build/kernel-FLAVOR/.rtisol-objects.
declare -A objects_estimate=([base]=1267 [debug]=1267 [none]=1267
	[vanilla]=1267 [rt]=1267 [distro]=2757)

count_objects() { find "$out" -name '*.o' "$@" 2> /dev/null | wc -l; }

# PROGRESS_STATUS of the build: objects built of those expected, or, when
# the tree was built completely before, how many were rebuilt.
build_status() {
	local n
	if ((deb)); then
		echo "$(count_objects -newer "$out/.rtisol-build-start") objects built (bzImage and modules)"
	elif ((fresh)); then
		n=$(count_objects)
		((n < expected)) || n=$((expected - 1))
		echo "$n/$expected_mark$expected objects ($((100 * n / expected))%)"
	else
		echo "$(count_objects -newer "$out/.rtisol-build-start") objects rebuilt"
	fi
}

build() {
	local t0=$SECONDS target=bzImage fresh=0 expected expected_mark=
	((deb)) && target=bindeb-pkg
	# Never built completely (or a build that stopped half-way): count up
	# to the estimate; else count what this build rebuilds.
	if [[ ! -s $out/.rtisol-objects ]]; then
		fresh=1
		expected=${objects_estimate[$flavor]}
		expected_mark='~'
	fi
	touch "$out/.rtisol-build-start"
	log "building $target (make -j$JOBS, ccache)"
	if ! PROGRESS_STATUS=build_status progress_run \
		"kbuild[$flavor]: building $target" "$out/build.log" \
		make -C "$src" O="$(realpath "$out")" -j"$JOBS" CC="ccache gcc" \
		KBUILD_BUILD_TIMESTAMP="rtisol" KBUILD_BUILD_USER=rtisol \
		KBUILD_BUILD_HOST=rtisol "$target"; then
		echo "kbuild: the first errors:" >&2
		grep -E 'error|Error' "$out/build.log" | head -20 >&2
		echo "kbuild: build failed, full log: $out/build.log" >&2
		return 1
	fi
	grep -E 'warning:' "$out/build.log" | head -20 || true
	((deb)) || count_objects > "$out/.rtisol-objects"
	if ((deb)); then
		mkdir -p "$O/deb-kernel"
		mv "$O"/linux-*.deb "$O"/linux-upstream_*.changes \
			"$O"/linux-upstream_*.buildinfo "$O/deb-kernel/" 2> /dev/null || true
		log "built in $((SECONDS - t0)) s: $(ls "$O"/deb-kernel/*.deb | tr '\n' ' ')"
	else
		log "built $out/arch/x86/boot/bzImage in $((SECONDS - t0)) s"
	fi
}

# The distro config compiles twice as many objects (2757): its own cache, so
# that it does not evict the small kernels' objects.
if [[ $flavor == distro ]]; then
	export CCACHE_DIR=${CCACHE_DIR_DISTRO:-$HOME/.cache/ccache-distro}
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE_DISTRO:-4G}
else
	export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-2G}
fi
export CCACHE_BASEDIR=$top
export CCACHE_DEPEND=1

unpack
if ((patched == 0)); then
	:
elif ((each)); then
	mapfile -t all < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/series")
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for ((n = ${SERIES_FROM:-1}; n <= ${#all[@]}; n++)); do
		printf '%s\n' "${all[@]:0:n}" > "$tmp/series"
		for p in "${all[@]:0:n}"; do ln -sf "$here/$p" "$tmp/$p"; done
		kernel-patch/apply-series.sh "$src" "$tmp"
		configure
		build || { echo "kbuild: series breaks the build at ${all[n-1]}" >&2; exit 1; }
	done
	exit 0
else
	kernel-patch/apply-series.sh "$src" "$here"
fi
configure
build
