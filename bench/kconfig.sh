#!/bin/bash
# bench/kconfig.sh FLAVOR - configure build/kernel-FLAVOR for the bench
# flavours whose fragment overrides a base.config choice (none, rt).
#
# kernel-patch/kbuild.sh checks that *every* line of *every* fragment
# survived olddefconfig, including base.config's CONFIG_PREEMPT=y, which a
# preemption-model fragment must replace (the model is a Kconfig choice
# group: exactly one member is y).  So for these flavours this script does
# kbuild.sh's configure step itself - the same tinyconfig + merge_config +
# olddefconfig - with a check that lets the later fragment override the
# earlier one (a base.config line is checked only when the flavour
# fragment does not name its symbol; every flavour-fragment line must
# survive, with no exception), and records the same config hash, so that
# the following `kbuild.sh FLAVOR` finds the configuration current and
# only builds.  The source tree must already be unpacked (kbuild.sh base
# or vanilla ran first).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
O=${O:-build}
kp=$top/kernel-patch
flavor=${1:?usage: bench/kconfig.sh none|rt}
case $flavor in
none) src=$O/linux; frag=$kp/config/preempt-none.config; patched=1 ;;
rt) src=$O/linux-vanilla; frag=$kp/config/preempt-rt.config; patched=0 ;;
*) echo "bench/kconfig.sh: flavour must be none or rt" >&2; exit 2 ;;
esac
frags=("$kp/config/base.config" "$frag")
out=$O/kernel-$flavor
log() { printf 'bench-kconfig[%s]: %s\n' "$flavor" "$*"; }

[[ -f $src/.rtisol/unpacked ]] ||
	{ echo "bench/kconfig.sh: $src not unpacked (build the base/vanilla kernel first)" >&2; exit 1; }
# kbuild.sh applies the series before it hashes; do the same.
((patched)) && "$kp/apply-series.sh" "$src" "$kp" > /dev/null

hash=$({ cat "${frags[@]}"; cat "$src/.rtisol/applied/order" 2>/dev/null || true; } |
	sha1sum | cut -c1-40)
if [[ -f $out/.config && $(cat "$out/.rtisol-config" 2>/dev/null) == "$hash" ]]; then
	exit 0
fi
log "configuring: tinyconfig + ${frags[*]##*/}"
mkdir -p "$out"
rm -f "$out/.rtisol-config"
make -s -C "$src" O="$(realpath "$out")" tinyconfig > /dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "${frags[@]}" > "$out/merge.log"
make -s -C "$src" O="$(realpath "$out")" olddefconfig > /dev/null

sym_of() {
	case $1 in
	CONFIG_*=*) echo "${1%%=*}" ;;
	"# CONFIG_"*" is not set") local s=${1#\# }; echo "${s%% *}" ;;
	esac
}
defined() { grep -rqs --include='Kconfig*' -E "^[[:space:]]*(menu)?config ${1#CONFIG_}\$" "$src"; }
bad=0
check() { # fragment strict
	local line sym
	while read -r line; do
		sym=$(sym_of "$line")
		[[ -n $sym ]] || continue
		if [[ $2 == 0 ]] && grep -qE "^(# )?$sym[= ]" "$frag"; then
			continue # overridden by the flavour fragment
		fi
		grep -qxF "$line" "$out/.config" && continue
		[[ $line == *"is not set" ]] && ! grep -q "^$sym=" "$out/.config" && continue
		[[ $2 == 0 ]] && ! defined "$sym" && continue
		echo "bench/kconfig.sh: ${1##*/}: '$line' did not survive olddefconfig" \
			"(got: $(grep -E "^(# )?$sym[= ]" "$out/.config" || echo unset))" >&2
		bad=1
	done < "$1"
}
check "$kp/config/base.config" 0
check "$frag" 1
((bad == 0)) || { rm -f "$out/.config"; exit 1; }
echo "$hash" > "$out/.rtisol-config"
log "configured $(grep -E '^CONFIG_PREEMPT(_NONE|_RT|_VOLUNTARY)?=y' "$out/.config" | tr '\n' ' ')"
